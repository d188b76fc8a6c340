// Inference in bfloat16 against float32: the rules that choose the precision, the scope that applies
// it, gradients kept in float32, and parity on the tiny CLIP fixture and on the demo pack (features,
// zero-shot accuracy, the demo's OOD metrics). The figures are printed; the README quotes them.
#include "core/Error.h"
#include "core/Threads.h"
#include "data/ImageDataset.h"
#include "demo/FarOod.h"
#include "demo/FashionMnist.h"
#include "demo/ToyClipTrainer.h"
#include "features/FeatureCache.h"
#include "models/Precision.h"
#include "models/VisionLanguageModel.h"
#include "ops/Evaluate.h"

#include "TinyClipPack.h"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <fstream>

using namespace synood;

namespace {

const char* const kDemoPack = SYNOOD_TEST_REPO_DIR "/resources/demo-pack";

double minCosine(const at::Tensor& a, const at::Tensor& b) { return at::cosine_similarity(a, b, 1).min().item<double>(); }

at::Tensor fixedImages(int64_t n, int64_t res) {
    return (at::arange(n * 3 * res * res, at::kFloat).reshape({n, 3, res, res}) * 0.37).sin() * 1.5;
}

ops::EvaluationReport evaluateDemo(ops::ModelCache& models, Precision precision, const std::string& classesFile) {
    ops::EvaluationRequest r;
    r.model.packDir = kDemoPack;
    r.model.precision = precision;
    r.indSpec = "demo:ind";
    r.oodSets = {{"near", "demo:near"}, {"glyphs", "demo:glyphs"}, {"textures", "demo:textures"}};
    r.scores = {ScoreKind::MCM, ScoreKind::Energy};
    r.classesFile = classesFile;
    return ops::evaluate(r, models);
}

}  // namespace

class TestPrecision : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tuneAllocatorForTensors();
        configureThreads(0);
        demo::registerDemoDatasets();
        qInfo("this CPU has bfloat16 arithmetic (AVX512-BF16 or AMX): %s", cpuHasBf16() ? "yes" : "no");
    }

    void namesRoundTripAndOthersAreRefused() {
        for (Precision p : {Precision::Auto, Precision::Float32, Precision::BFloat16}) QCOMPARE(precisionFromText(precisionName(p)), p);
        QVERIFY_THROWS_EXCEPTION(SynoodError, precisionFromText("fp16"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, precisionFromText("BF16"));
    }

    void autoFollowsTheCpuAndThePack() {
        QTemporaryDir tmp;
        ModelPack pack = ModelPack::load(writeTinyClipPack(tmp.filePath("p")));
        QCOMPARE(resolvePrecision(Precision::Auto, "cpu", pack), cpuHasBf16() ? Precision::BFloat16 : Precision::Float32);
        QCOMPARE(resolvePrecision(Precision::Float32, "cpu", pack), Precision::Float32);
        QCOMPARE(resolvePrecision(Precision::BFloat16, "cpu", pack), Precision::BFloat16);  // asked: honoured on any CPU
        QCOMPARE(resolvePrecision(Precision::Auto, "cuda:0", pack), Precision::Float32);    // CUDA keeps the model's own
        QVERIFY_THROWS_EXCEPTION(SynoodError, resolvePrecision(Precision::BFloat16, "cuda", pack));
        pack.json["bf16"] = false;
        QCOMPARE(resolvePrecision(Precision::Auto, "cpu", pack), Precision::Float32);
        QVERIFY_THROWS_EXCEPTION(SynoodError, resolvePrecision(Precision::BFloat16, "cpu", pack));
    }

    void scopesNestAndRestore() {
        QVERIFY(!at::autocast::is_cpu_enabled());
        {
            const PrecisionScope outer(Precision::BFloat16);
            QVERIFY(at::autocast::is_cpu_enabled());
            {
                const PrecisionScope inner(Precision::Float32);
                QVERIFY(!at::autocast::is_cpu_enabled());
                QCOMPARE(at::matmul(at::ones({4, 4}), at::ones({4, 4})).scalar_type(), at::kFloat);
            }
            QVERIFY(at::autocast::is_cpu_enabled());
            QCOMPARE(at::matmul(at::ones({4, 4}), at::ones({4, 4})).scalar_type(), at::kBFloat16);
        }
        QVERIFY(!at::autocast::is_cpu_enabled());
        QVERIFY_THROWS_EXCEPTION(SynoodError, PrecisionScope(Precision::Auto));
    }

    void tinyClipInBf16IsCloseButNotTheSame() {
        QTemporaryDir tmp;
        const std::string dir = writeTinyClipPack(tmp.filePath("p"));
        auto fp32 = loadVisionLanguageModel(dir, "cpu", Precision::Float32);
        auto bf16 = loadVisionLanguageModel(dir, "cpu", Precision::BFloat16);
        QCOMPARE(bf16->precision(), Precision::BFloat16);
        at::NoGradGuard noGrad;
        const at::Tensor images = fixedImages(8, 32);
        const at::Tensor a = fp32->encodeImages(images), b = bf16->encodeImages(images);
        QCOMPARE(b.scalar_type(), at::kFloat);  // features come back in float32 whatever the precision
        at::Tensor ids = at::zeros({3, 77}, at::kLong);
        for (int64_t i = 0; i < 3; ++i) {
            ids[i][0] = 49406;
            ids[i][1] = 320 + 40 * i;
            ids[i][2] = 49407;
        }
        const at::Tensor ta = fp32->encodeTokens(ids), tb = bf16->encodeTokens(ids);
        qInfo("tiny CLIP fixture, bf16 against fp32: min cosine %.6f (images), %.6f (texts)", minCosine(a, b), minCosine(ta, tb));
        QVERIFY(minCosine(a, b) >= 0.99);
        QVERIFY(minCosine(ta, tb) >= 0.99);
        QVERIFY(!at::allclose(a, b, 1e-6, 1e-7));  // bfloat16 was really used
    }

    void gradientsStayFloat32() {
        QTemporaryDir tmp;
        const std::string dir = writeTinyClipPack(tmp.filePath("p"));
        auto fp32 = loadVisionLanguageModel(dir, "cpu", Precision::Float32);
        auto bf16 = loadVisionLanguageModel(dir, "cpu", Precision::BFloat16);
        at::Tensor pixels = fixedImages(2, 32).requires_grad_(true);
        const at::Tensor withGrad = bf16->encodeImages(pixels);
        QVERIFY(at::equal(withGrad, fp32->encodeImages(pixels)));  // differentiated: float32 exactly
        withGrad.sum().backward();
        QVERIFY(pixels.grad().abs().sum().item<double>() > 0);
    }

    void featureCachesKeepPrecisionsApart() {
        QTemporaryDir tmp;
        const std::string dir = writeTinyClipPack(tmp.filePath("p"));
        auto model = loadVisionLanguageModel(dir, "cpu", Precision::Float32);
        const std::string fp32Print = model->featuresFingerprint();
        QCOMPARE(fp32Print, model->pack().fingerprint());  // float32 caches made before stay valid
        model->setPrecision(Precision::BFloat16);
        QVERIFY(model->featuresFingerprint() != fp32Print);
        QVERIFY_THROWS_EXCEPTION(SynoodError, model->setPrecision(Precision::Auto));
    }

    // Features at least 0.999 in cosine on the demo pack's test images; zero-shot accuracy and each
    // set's AUROC within 0.2 points of float32, FPR95 within 0.2 points averaged over the OOD sets
    // and 0.5 on each (a set of 2,000 images moves FPR95 in steps of 0.05 points).
    void demoPackParity() {
        auto fp32 = loadVisionLanguageModel(kDemoPack, "cpu", Precision::Float32);
        auto bf16 = loadVisionLanguageModel(kDemoPack, "cpu", Precision::BFloat16);
        double worst = 1;
        for (const char* spec : {"demo:ind", "demo:near", "demo:glyphs", "demo:textures"}) {
            const auto data = openImageDataset(spec);
            const double c = minCosine(encodeDataset(*fp32, *data, ""), encodeDataset(*bf16, *data, ""));
            qInfo("demo pack, %s (%zu images): min cosine bf16 against fp32 %.6f", spec, data->size(), c);
            worst = std::min(worst, c);
        }
        QVERIFY(worst >= 0.999);

        const auto accuracy32 = demo::zeroShotAccuracy(*fp32), accuracy16 = demo::zeroShotAccuracy(*bf16);
        qInfo("zero-shot accuracy fp32 %.2f%% / %.2f%%, bf16 %.2f%% / %.2f%% (six InD prompts / all ten)", 100 * accuracy32.ind6,
              100 * accuracy32.all10, 100 * accuracy16.ind6, 100 * accuracy16.all10);
        QVERIFY(std::abs(accuracy32.ind6 - accuracy16.ind6) <= 0.002);
        QVERIFY(std::abs(accuracy32.all10 - accuracy16.all10) <= 0.002);

        QTemporaryDir tmp;
        const std::string classes = tmp.filePath("classes.txt").toStdString();
        {
            std::ofstream out(classes);
            for (int c : demo::kInDClasses) out << demo::kClassNames[static_cast<size_t>(c)] << "\n";
        }
        ops::ModelCache models;
        const ops::EvaluationReport a = evaluateDemo(models, Precision::Float32, classes);
        const ops::EvaluationReport b = evaluateDemo(models, Precision::BFloat16, classes);
        QCOMPARE(a.methods.size(), b.methods.size());
        double aurocGap = 0, fprGap = 0;
        for (size_t m = 0; m < a.methods.size(); ++m) {
            for (size_t s = 0; s < a.methods[m].sets.size(); ++s) {
                const OodMetrics& x = a.methods[m].sets[s].metrics;
                const OodMetrics& y = b.methods[m].sets[s].metrics;
                qInfo("%s %s %s: AUROC %.2f / %.2f, FPR95 %.2f / %.2f (fp32 / bf16)", a.methods[m].score.c_str(),
                      a.methods[m].method.c_str(), a.methods[m].sets[s].name.c_str(), 100 * x.auroc, 100 * y.auroc, 100 * x.fpr95,
                      100 * y.fpr95);
                aurocGap = std::max(aurocGap, std::abs(x.auroc - y.auroc));
                fprGap = std::max(fprGap, std::abs(x.fpr95 - y.fpr95));
            }
            const double averageGap = std::abs(a.methods[m].average.fpr95 - b.methods[m].average.fpr95);
            qInfo("%s: average FPR95 %.2f / %.2f", a.methods[m].score.c_str(), 100 * a.methods[m].average.fpr95,
                  100 * b.methods[m].average.fpr95);
            QVERIFY(averageGap <= 0.002);
        }
        qInfo("largest difference per set: AUROC %.2f points, FPR95 %.2f points", 100 * aurocGap, 100 * fprGap);
        QVERIFY(aurocGap <= 0.002);
        QVERIFY(fprGap <= 0.005);
    }
};

QTEST_APPLESS_MAIN(TestPrecision)
#include "test_precision.moc"
