// SynOOD stage 2 on features: the adapter's form and size, stage A and stage B learning what they
// are given, each stage touching only its own parameters, and the adapter file's round trip.
#include "core/Error.h"
#include "core/Threads.h"
#include "models/VisionLanguageModel.h"
#include "train/FineTune.h"

#include <ATen/ATen.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace synood;

namespace {
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
        QVERIFY2(a.accuracy > 0.8, qPrintable(QString::number(a.accuracy)));
        QVERIFY2(b.accuracy > 0.8, qPrintable(QString::number(b.accuracy)));
        QVERIFY(!at::allclose(both.negatives, t.neg));  // stage B moved the negatives
        QVERIFY(at::allclose(both.negatives.norm(2, 1), at::ones({4}), 1e-5, 1e-5));
        // Stage A alone leaves the negatives as they were; stage B alone has no adapter.
        FineTuneOptions onlyA = o, onlyB = o;
        onlyA.stageB = false;
        onlyB.stageA = false;
        const TunedModel ta = fineTune({t.features, t.labels}, t.ind, t.neg, onlyA);
        QVERIFY(at::equal(ta.negatives, t.neg));
        const TunedModel tb = fineTune({t.features, t.labels}, t.ind, t.neg, onlyB);
        QVERIFY(!tb.adapter);
        QVERIFY(at::equal(tb.adapt(t.features), t.features));
        QCOMPARE(tb.parameterCount(), int64_t(4 * 16));
        // No synthesized samples: stage B cannot run.
        const at::Tensor indOnly = t.labels < 3;
        QVERIFY_THROWS_EXCEPTION(SynoodError, fineTune({t.features.index({indOnly}), t.labels.index({indOnly})}, t.ind, t.neg, onlyB));
    }

    void adapterFileRoundTrips() {
        const Toy t = makeToy();
        FineTuneOptions o;
        o.a.epochs = o.b.epochs = 2;
        TunedModel m = fineTune({t.features, t.labels}, t.ind, t.neg, o);
        m.meta["pack"] = "pack-A";
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
};

QTEST_GUILESS_MAIN(TestFineTune)
#include "test_finetune.moc"
