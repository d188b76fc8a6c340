// The demo world's toy CLIP: its tokenizer, weights round trip, captions from WordNet, and the
// trained pack shipped in resources/demo-pack meeting the zero-shot bars (85 % over the six InD
// prompts on InD test images, 75 % over all ten on all test images).
#include "core/Error.h"
#include "core/Threads.h"
#include "demo/ToyClipTrainer.h"
#include "models/DemoClip.h"
#include "models/ModuleWeights.h"
#include "models/DemoWordTokenizer.h"

#include <ATen/ATen.h>

#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>

using namespace synood;

class TestDemoClip : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tuneAllocatorForTensors();  // as the programs do at start-up
        configureThreads(0);
    }

    void tokenizerTakesAnyWord() {
        DemoWordTokenizer tok;
        QCOMPARE(DemoWordTokenizer::words("A photo of a T-shirt!"), (std::vector<std::string>{"a", "photo", "of", "a", "t", "shirt"}));
        const auto a = tok.tokenizeRow("sneaker"), b = tok.tokenizeRow("SNEAKER"), c = tok.tokenizeRow("sneakers");
        QCOMPARE(a.size(), size_t(192));
        QCOMPARE(a, b);
        QVERIFY(a != c);
        std::set<int64_t> ga(a.begin() + 1, a.begin() + 12), gc(c.begin() + 1, c.begin() + 12);
        std::vector<int64_t> shared;
        std::set_intersection(ga.begin(), ga.end(), gc.begin(), gc.end(), std::back_inserter(shared));
        QVERIFY(shared.size() >= 5);  // an unseen plural shares most character grams
        for (int64_t id : tok.tokenizeRow("zyzzyva quixotically")) QVERIFY(id >= 0 && id <= DemoWordTokenizer::kBuckets);
        std::string many;
        for (int i = 0; i < 40; ++i) many += "word" + std::to_string(i) + " ";
        QCOMPARE(tok.tokenizeRow(many).size(), size_t(192));  // truncated to 16 words
        QCOMPARE(tok.tokenizeRow("")[0], int64_t(0));
    }

    void captionsComeFromTemplatesAndWordNet() {
        const auto sneaker = demo::captionsFor(7);
        QVERIFY(std::find(sneaker.begin(), sneaker.end(), "a photo of a gym shoe.") != sneaker.end());  // synonym
        QVERIFY(std::find(sneaker.begin(), sneaker.end(), "a photo of a footwear.") != sneaker.end());  // hypernym
        const auto tshirt = demo::captionsFor(0);
        QVERIFY(std::find(tshirt.begin(), tshirt.end(), "a photo of a t-shirt.") != tshirt.end());
        // WordNet's hypernym of T-shirt is "shirt", another class: not a T-shirt caption.
        QVERIFY(std::find(tshirt.begin(), tshirt.end(), "a photo of a shirt.") == tshirt.end());
    }

    void weightsRoundTripInHalfPrecision() {
        QTemporaryDir tmp;
        DemoClipNet a(16, 8), b(16, 8);
        a->eval();
        b->eval();
        const std::string path = tmp.filePath("w.pt").toStdString();
        saveModuleHalf(*a, path);
        loadModuleHalf(*b, path);
        at::NoGradGuard g;
        const at::Tensor x = at::randn({2, 3, 28, 28});
        QVERIFY(at::allclose(a->encodeImage(x), b->encodeImage(x), 1e-2, 1e-2));
        DemoClipNet wrongShape(32, 8);
        QVERIFY_THROWS_EXCEPTION(SynoodError, loadModuleHalf(*wrongShape, path));
    }

    void shippedPackMeetsTheBars() {
        auto model = loadVisionLanguageModel(SYNOOD_TEST_REPO_DIR "/resources/demo-pack");  // sha256 checked
        const auto acc = demo::zeroShotAccuracy(*model);
        qInfo("zero-shot accuracy: %.2f%% (six InD prompts), %.2f%% (all ten)", 100 * acc.ind6, 100 * acc.all10);
        QVERIFY(acc.ind6 >= 0.85);
        QVERIFY(acc.all10 >= 0.75);
        // Gradients reach the pixels (guided synthesis needs them).
        at::Tensor pixels = at::zeros({1, 3, 28, 28}).requires_grad_(true);
        normalizeFeatures(model->encodeImages(pixels)).sum().backward();
        QVERIFY(pixels.grad().abs().sum().item<double>() > 0);
        QVERIFY_THROWS_EXCEPTION(SynoodError,
                                 loadVisionLanguageModel(ModelPack::load(SYNOOD_TEST_REPO_DIR "/resources/demo-pack"), "cuda"));
    }

    // The scenes world's toy CLIP (captions naming object and background) tells garments on
    // backgrounds apart and names the background.
    void scenesPackMeetsTheBars() {
        auto model = loadVisionLanguageModel(SYNOOD_TEST_REPO_DIR "/resources/scenes-pack");
        QCOMPARE(model->pack().imageSize, 48);
        const auto acc = demo::zeroShotAccuracy(*model);
        qInfo("scenes: zero-shot accuracy %.2f%% (six InD prompts), %.2f%% (all ten), background %.2f%% (eight kinds)", 100 * acc.ind6,
              100 * acc.all10, 100 * acc.context);
        QVERIFY(acc.ind6 >= 0.70);     // measured 77.57 %
        QVERIFY(acc.all10 >= 0.45);    // 55.16 %
        QVERIFY(acc.context >= 0.95);  // 99.69 %
    }
};

QTEST_APPLESS_MAIN(TestDemoClip)
#include "test_demo_clip.moc"
