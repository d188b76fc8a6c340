// SynOOD stage 2 on features: the adapter's form and size, stage A and stage B learning what they
// are given, each stage touching only its own parameters, and the adapter file's round trip.
#include "core/Error.h"
#include "core/Threads.h"
#include "models/VisionLanguageModel.h"
#include "train/CheckpointValidator.h"
#include "train/FineTune.h"

#include <ATen/ATen.h>
#include <torch/serialize.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace synood;

namespace {
// An adapter file as versions before the tensor file wrote it: a torch archive.
void saveLegacyAdapter(const TunedModel& m, const std::string& path) {
    torch::serialize::OutputArchive archive;
    for (const auto& p : m.adapter->named_parameters()) archive.write("adapter." + p.key(), p.value().detach());
    archive.write("negatives", m.negatives.detach());
    const std::string text = m.meta.dump();
    archive.write("meta_json", at::tensor(std::vector<uint8_t>(text.begin(), text.end()), at::kByte));
    archive.save_to(path);
}

// Features around class centres: 3 InD classes and 4 negative labels in 16 dimensions, with
// "synthesized" samples sitting between an InD centre and their negative's centre.
struct Toy {
    at::Tensor ind, neg, features, labels;
};
Toy makeToy() {
    at::manual_seed(3);
    Toy t;
    t.ind = normalizeFeatures(at::randn({3, 16}));
    t.neg = normalizeFeatures(at::randn({4, 16}));
    std::vector<at::Tensor> f;
    std::vector<int64_t> y;
    for (int i = 0; i < 240; ++i) {
        if (i % 2 == 0) {
            const int c = i % 3;
            f.push_back(t.ind[c] + 0.3 * at::randn({16}));
            y.push_back(c);
        } else {
            const int j = i % 4;
            f.push_back(0.5 * t.ind[i % 3] + 0.6 * t.neg[j] + 0.3 * at::randn({16}));
            y.push_back(3 + j);
        }
    }
    t.features = normalizeFeatures(at::stack(f));
    t.labels = at::tensor(y, at::kLong);
    return t;
}
// Both stages trained on the toy for `epochs` epochs each, marked as trained with `pack`.
TunedModel trainedFor(const std::string& pack, const Toy& t, int epochs) {
    FineTuneOptions o;
    o.a.epochs = o.b.epochs = epochs;
    TunedModel m = fineTune({t.features, t.labels}, t.ind, t.neg, o);
    m.meta["pack"] = pack;
    return m;
}

}  // namespace

class TestFineTune : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { configureThreads(0); }

    void adapterHasMethodsFormAndSize() {
        ResidualAdapter a(512, false);
        QCOMPARE(a->parameterCount(), int64_t(512 * 512 + 512 + 2 * 512));  // W, bias, LayerNorm: ≈264k
        const at::Tensor f = normalizeFeatures(at::randn({4, 512}));
        at::NoGradGuard noGrad;
        const at::Tensor out = a->forward(f);
        QVERIFY(at::allclose(out.norm(2, 1), at::ones({4}), 1e-5, 1e-5));
        const at::Tensor expected = normalizeFeatures(f + at::relu(a->norm(a->projection(f))));
        QVERIFY(at::allclose(out, expected, 1e-6, 1e-6));
        // Gated (the default): one more parameter, and the identity before training.
        ResidualAdapter gated(512);
        QCOMPARE(gated->parameterCount(), a->parameterCount() + 1);
        QVERIFY(at::allclose(gated->forward(f), f, 1e-6, 1e-6));
        gated->gate.fill_(0.5);
        QVERIFY(at::allclose(gated->forward(f), normalizeFeatures(f + 0.5 * at::relu(gated->norm(gated->projection(f)))), 1e-6, 1e-6));
    }

    void stagesLearnAndTouchOnlyTheirParameters() {
        const Toy t = makeToy();
        FineTuneOptions o;
        o.a.epochs = 20;
        o.b.epochs = 20;
        o.a.batchSize = o.b.batchSize = 32;
        o.logitScale = 10;
        StageReport a, b;
        const TunedModel both = fineTune({t.features, t.labels}, t.ind, t.neg, o, {}, &a, &b);
        QVERIFY(both.adapter);
        // Accuracy over the whole training set, classes [InD, occurring labels 1 and 3].
        const auto accuracy = [&](const at::Tensor& f, const at::Tensor& neg) {
            at::NoGradGuard noGrad;
            const at::Tensor text = at::cat({t.ind, neg.index_select(0, at::tensor({1, 3}, at::kLong))});
            const at::Tensor y =
                at::where(t.labels == 4, at::full_like(t.labels, 3), at::where(t.labels == 6, at::full_like(t.labels, 4), t.labels));
            return at::matmul(f, text.t()).argmax(1).eq(y).to(at::kDouble).mean().item<double>();
        };
        const double before = accuracy(t.features, t.neg), afterA = accuracy(both.adapt(t.features), t.neg);
        // Stage B trains on the raw (unadapted) features of the synthesized samples, over labels 1 and 3.
        const auto rowsAccuracy = [&](const at::Tensor& neg) {
            at::NoGradGuard noGrad;
            const at::Tensor synth = t.labels >= 3;
            const at::Tensor rows = neg.index_select(0, at::tensor({1, 3}, at::kLong));
            const at::Tensor y = (t.labels.masked_select(synth) == 6).to(at::kLong);
            return at::matmul(t.features.index({synth}), rows.t()).argmax(1).eq(y).to(at::kDouble).mean().item<double>();
        };
        const double beforeB = rowsAccuracy(t.neg), afterB = rowsAccuracy(both.negatives);
        qInfo("training-set accuracy: stage A %.3f -> %.3f, stage B %.3f -> %.3f", before, afterA, beforeB, afterB);
        QVERIFY2(afterA > before + 0.05, qPrintable(QString::number(afterA)));
        QVERIFY2(afterB > beforeB + 0.05 || afterB > 0.95, qPrintable(QString::number(afterB)));
        QVERIFY(!at::allclose(both.negatives, t.neg));  // stage B moved the negatives
        QVERIFY(at::allclose(both.negatives.norm(2, 1), at::ones({4}), 1e-5, 1e-5));
        // The official class set: only the pseudo labels that occur (1 and 3 here) are trained.
        QCOMPARE(both.meta["classes_trained"].get<int64_t>(), int64_t(3 + 2));
        for (int j : {0, 2}) QVERIFY(at::allclose(both.negatives[j], t.neg[j]));
        for (int j : {1, 3}) QVERIFY(!at::allclose(both.negatives[j], t.neg[j]));
        // Stage A alone leaves the negatives as they were; stage B alone has no adapter.
        FineTuneOptions onlyA = o, onlyB = o;
        onlyA.stageB = false;
        onlyB.stageA = false;
        const TunedModel ta = fineTune({t.features, t.labels}, t.ind, t.neg, onlyA);
        QVERIFY(at::allclose(ta.negatives, t.neg));
        // Stage AB's stage A is stage A alone.
        TunedModel stageAOfBoth;
        fineTune({t.features, t.labels}, t.ind, t.neg, o, {}, nullptr, nullptr, &stageAOfBoth);
        {
            at::NoGradGuard noGrad;
            QVERIFY(at::equal(stageAOfBoth.adapt(t.features), ta.adapt(t.features)));
        }
        QVERIFY(at::equal(stageAOfBoth.negatives, ta.negatives));
        QCOMPARE(stageAOfBoth.parameterCount(), ta.parameterCount());
        const TunedModel tb = fineTune({t.features, t.labels}, t.ind, t.neg, onlyB);
        QVERIFY(!tb.adapter);
        QVERIFY(at::allclose(tb.adapt(t.features), t.features));
        QCOMPARE(tb.parameterCount(), int64_t(2 * 16));  // the two occurring rows
        // Every negative a class (the earlier behaviour): all four rows trained.
        FineTuneOptions allRows = onlyB;
        allRows.classSet = ClassSet::All;
        QCOMPARE(fineTune({t.features, t.labels}, t.ind, t.neg, allRows).parameterCount(), int64_t(4 * 16));
        // No synthesized samples: stage B cannot run.
        const at::Tensor indOnly = t.labels < 3;
        QVERIFY_THROWS_EXCEPTION(SynoodError, fineTune({t.features.index({indOnly}), t.labels.index({indOnly})}, t.ind, t.neg, onlyB));
    }

    void stepBudgetAndCheckpointSelection() {
        const Toy t = makeToy();
        FineTuneOptions o;
        o.stageB = false;
        o.a.batchSize = 32;  // 8 steps per epoch
        o.a.steps = 37;      // cut mid-epoch
        o.checkpointEvery = 10;
        // The model's own logit scale when none is set.
        StageReport rep;
        TunedModel last = fineTune({t.features, t.labels, 7.5}, t.ind, t.neg, o, {}, &rep);
        QCOMPARE(rep.steps, 37);
        QCOMPARE(last.meta["logit_scale"].get<double>(), 7.5);
        QVERIFY(rep.checkpoints.empty());  // no validation: the last state, no checkpoints
        // Validation that gets worse with every checkpoint: the start (the gated identity) is kept.
        int calls = 0;
        o.validate = [&](const TunedModel&) { return Validation{1.0 - 0.01 * calls++, 0.5, 1.0}; };
        TunedModel first = fineTune({t.features, t.labels, 7.5}, t.ind, t.neg, o, {}, &rep);
        std::vector<int64_t> steps;
        for (const auto& c : rep.checkpoints) steps.push_back(c.step);
        QCOMPARE(steps, (std::vector<int64_t>{0, 10, 20, 30, 37}));
        QCOMPARE(rep.chosenStep, int64_t(0));
        at::NoGradGuard noGrad;
        QVERIFY(at::allclose(first.adapt(t.features), t.features, 1e-6, 1e-6));
        // Better with every checkpoint: the last one, equal to training without validation.
        calls = 0;
        o.validate = [&](const TunedModel&) { return Validation{0.5 + 0.01 * calls++, 0.5, 1.0}; };
        TunedModel best = fineTune({t.features, t.labels, 7.5}, t.ind, t.neg, o, {}, &rep);
        QCOMPARE(rep.chosenStep, int64_t(37));
        QVERIFY(at::allclose(best.adapt(t.features), last.adapt(t.features), 1e-6, 1e-6));
        // The middle one is best but breaks the accuracy floor: the best admissible one wins.
        calls = 0;
        o.minAccuracy = 0.9;
        o.validate = [&](const TunedModel&) {
            const int k = calls++;
            return Validation{k == 2 ? 0.99 : 0.5 + 0.01 * k, 0.5, k == 2 ? 0.5 : 1.0};
        };
        fineTune({t.features, t.labels, 7.5}, t.ind, t.neg, o, {}, &rep);
        QCOMPARE(rep.chosenStep, int64_t(37));
        // A tie in AUROC goes to the lower FPR95.
        QVERIFY(betterValidation({0.9, 0.2, 1}, {0.9, 0.3, 1}));
        QVERIFY(!betterValidation({0.9, 0.3, 1}, {0.9, 0.2, 1}));
    }

    void checkpointValidatorEqualsValidatingEachAlone() {
        // Held-out data drawn like the toy's: InD around the class centres, OOD between them and the negatives.
        const Toy t = makeToy();
        at::manual_seed(9);
        const at::Tensor indLabels = at::arange(300, at::kLong) % 3;
        const at::Tensor ind = t.ind.index_select(0, indLabels) + 0.35 * at::randn({300, 16});
        const at::Tensor ood = 0.5 * t.ind.index_select(0, at::arange(90, at::kLong) % 3) +
                               0.6 * t.neg.index_select(0, at::arange(90, at::kLong) % 4) + 0.35 * at::randn({90, 16});
        const ValidationSet held{ind, indLabels, ood};
        ScoreOptions so;
        so.negLabelTau = 0.1;
        so.negLabelGroups = 2;
        FineTuneOptions o;
        o.a.batchSize = o.b.batchSize = 32;
        o.a.steps = 40;
        o.b.steps = 60;
        o.checkpointEvery = 10;
        o.logitScale = 10;
        const auto checkpointsOf = [&](const std::function<Validation(const TunedModel&)>& validate, StageReport& a, StageReport& b) {
            FineTuneOptions v = o;
            v.validate = validate;
            return fineTune({t.features, t.labels}, t.ind, t.neg, v, {}, &a, &b);
        };
        StageReport aKept, bKept, aAlone, bAlone;
        const CheckpointValidator kept(held, t.ind, so);
        const TunedModel viaKept = checkpointsOf(kept, aKept, bKept);
        const TunedModel viaAlone = checkpointsOf([&](const TunedModel& m) { return validateOn(m, held, t.ind, so); }, aAlone, bAlone);
        for (const auto& [k, alone] : {std::pair<const StageReport*, const StageReport*>{&aKept, &aAlone}, {&bKept, &bAlone}}) {
            QCOMPARE(k->checkpoints.size(), alone->checkpoints.size());
            for (size_t i = 0; i < k->checkpoints.size(); ++i) {
                const Validation& x = k->checkpoints[i].validation;
                const Validation& y = alone->checkpoints[i].validation;
                QVERIFY2(std::abs(x.auroc - y.auroc) < 1e-6 && std::abs(x.fpr95 - y.fpr95) < 1e-6 && x.accuracy == y.accuracy,
                         qPrintable(QString("checkpoint %1: %2 / %3 against %4 / %5")
                                        .arg(k->checkpoints[i].step)
                                        .arg(x.auroc)
                                        .arg(x.fpr95)
                                        .arg(y.auroc)
                                        .arg(y.fpr95)));
            }
            QCOMPARE(k->chosenStep, alone->chosenStep);
        }
        // Stage B moved its rows, so the kept validator scored changed negatives; asked again about a
        // model after others, it still gives that model's figures.
        QCOMPARE(bKept.checkpoints.size(), size_t(7));
        QVERIFY(!at::equal(viaKept.negatives, t.neg));
        const Validation again = kept(viaAlone), fresh = validateOn(viaAlone, held, t.ind, so);
        QVERIFY(std::abs(again.auroc - fresh.auroc) < 1e-6 && again.accuracy == fresh.accuracy);
    }

    void adapterOnRawFeatures() {
        // The official adapter acts on the raw feature: scaling the input changes its output unless
        // it was trained on unit features (then adapt() normalises first).
        const Toy t = makeToy();
        FineTuneOptions o;
        o.stageB = false;
        o.a.epochs = 5;
        o.a.batchSize = 32;
        o.logitScale = 10;
        const at::Tensor raw = 4.0 * t.features;
        const TunedModel onRaw = fineTune({raw, t.labels}, t.ind, t.neg, o);
        QCOMPARE(onRaw.meta["adapter_input"].get<std::string>(), std::string("raw"));
        at::NoGradGuard noGrad;
        QVERIFY(!at::allclose(onRaw.adapt(raw), onRaw.adapt(t.features), 1e-4, 1e-4));
        o.a.rawInput = false;
        const TunedModel onUnit = fineTune({raw, t.labels}, t.ind, t.neg, o);
        QVERIFY(at::allclose(onUnit.adapt(raw), onUnit.adapt(t.features), 1e-5, 1e-5));
    }

    void adapterFileRoundTrips() {
        const Toy t = makeToy();
        const TunedModel m = trainedFor("pack-A", t, 2);
        QTemporaryDir tmp;
        const std::string path = (tmp.path() + "/x.adapter").toStdString();
        m.save(path);
        const TunedModel back = TunedModel::load(path, "pack-A");
        at::NoGradGuard noGrad;
        QVERIFY(at::allclose(back.adapt(t.features), m.adapt(t.features)));
        QVERIFY(at::equal(back.negatives, m.negatives));
        QCOMPARE(back.parameterCount(), m.parameterCount());
        QVERIFY_THROWS_EXCEPTION(SynoodError, TunedModel::load(path, "pack-B"));  // another pack
        QFile junk(tmp.path() + "/junk.adapter");
        QVERIFY(junk.open(QIODevice::WriteOnly));
        junk.write("not a torch archive");
        junk.close();
        QVERIFY_THROWS_EXCEPTION(SynoodError, TunedModel::load((tmp.path() + "/junk.adapter").toStdString(), "pack-A"));
    }

    void legacyAdapterIsRefusedThenUpgraded() {
        const Toy t = makeToy();
        const TunedModel m = trainedFor("pack-A", t, 1);
        QTemporaryDir tmp;
        const std::string legacy = (tmp.path() + "/old.adapter").toStdString();
        const std::string upgraded = (tmp.path() + "/new.adapter").toStdString();
        saveLegacyAdapter(m, legacy);
        try {
            TunedModel::load(legacy, "pack-A");
            QFAIL("a LibTorch archive was read");
        } catch (const SynoodError& e) {
            QVERIFY2(e.hint().find("--upgrade") != std::string::npos, e.hint().c_str());
        }
        upgradeLegacyAdapter(legacy, upgraded);
        const TunedModel back = TunedModel::load(upgraded, "pack-A");
        at::NoGradGuard noGrad;
        QVERIFY(at::equal(back.adapt(t.features), m.adapt(t.features)));
        QVERIFY(at::equal(back.negatives, m.negatives));
        QCOMPARE(back.meta, m.meta);
        QVERIFY_THROWS_EXCEPTION(SynoodError, upgradeLegacyAdapter(upgraded, legacy));  // not a LibTorch archive
    }
};

QTEST_GUILESS_MAIN(TestFineTune)
#include "test_finetune.moc"
