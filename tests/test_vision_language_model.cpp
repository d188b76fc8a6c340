// Model packs and the TorchScript CLIP path, on the tiny CLIP-architecture archive made by
// tests/fixtures/make_tiny_clip.py (python3-torch); its expected.json holds PyTorch's outputs.
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Sha256.h"
#include "models/TorchScriptClip.h"
#include "models/ClipPreprocess.h"
#include "models/VisionLanguageModel.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/autograd.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace synood;

namespace {

const std::string kFixtures = SYNOOD_TEST_SOURCE_DIR "/fixtures/tiny_clip";

nlohmann::json packJson(const std::string& model, const std::string& sha, int embedDim = 24, int imageSize = 32) {
    nlohmann::json files = nlohmann::json::array();
    nlohmann::json f = {{"role", "model"}, {"path", model}};
    if (!sha.empty()) f["sha256"] = sha;
    files.push_back(f);
    return {{"name", "tiny"},          {"kind", "clip-torchscript"}, {"image_size", imageSize}, {"embed_dim", embedDim},
            {"mean", {0.5, 0.5, 0.5}}, {"std", {0.25, 0.25, 0.25}},  {"tokenizer", "clip-bpe"}, {"files", files}};
}

std::string writePack(const QTemporaryDir& tmp, const nlohmann::json& j) {
    writeFileAtomically(tmp.filePath("pack.json").toStdString(), j.dump());
    return tmp.path().toStdString();
}

at::Tensor fixedImage(int64_t n, int64_t res) {
    return (at::arange(n * 3 * res * res, at::kFloat).reshape({n, 3, res, res}) * 0.37).sin() * 1.5;
}

at::Tensor fixedText(int64_t n) {
    at::Tensor t = at::zeros({n, 77}, at::kLong);
    for (int64_t i = 0; i < n; ++i) {
        std::vector<int64_t> ids{49406};
        for (int64_t k = 0; k < 3 + i; ++k) ids.push_back(320 + 97 * i + 13 * k);
        ids.push_back(49407);
        for (size_t k = 0; k < ids.size(); ++k) t[i][static_cast<int64_t>(k)] = ids[k];
    }
    return t;
}

at::Tensor fromJson(const nlohmann::json& rows) {
    std::vector<float> flat;
    for (const auto& r : rows)
        for (const auto& v : r) flat.push_back(v.get<float>());
    return at::tensor(flat).view({static_cast<int64_t>(rows.size()), -1});
}

void expectError(const std::function<void()>& f, const QString& expected) {
    try {
        f();
        QFAIL(qPrintable("no error; expected one mentioning: " + expected));
    } catch (const SynoodError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
    }
}

}  // namespace

class TestVisionLanguageModel : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void reproducesPyTorchOutputs() {
        QTemporaryDir tmp;
        const std::string model = kFixtures + "/tiny_clip.pt";
        auto vlm = loadVisionLanguageModel(writePack(tmp, packJson(model, sha256OfFile(model))));
        const auto expected = nlohmann::json::parse(readWholeFile(kFixtures + "/expected.json"));
        at::NoGradGuard noGrad;
        const at::Tensor img = vlm->encodeImages(fixedImage(3, 32));
        const at::Tensor txt = vlm->encodeTokens(fixedText(3));
        QCOMPARE(img.sizes().vec(), (std::vector<int64_t>{3, 24}));
        QVERIFY(at::allclose(img, fromJson(expected["encode_image"]), 1e-4, 1e-5));
        QVERIFY(at::allclose(txt, fromJson(expected["encode_text"]), 1e-4, 1e-5));
        QVERIFY(std::abs(vlm->logitScale() - expected["logit_scale"].get<double>()) < 1e-3);
        // Other batch sizes than the traced one.
        QVERIFY(at::allclose(vlm->encodeImages(fixedImage(1, 32)), img.slice(0, 0, 1), 1e-4, 1e-5));
        QCOMPARE(vlm->encodeTokens(fixedText(5)).size(0), 5LL);
    }

    void halfPrecisionCheckpointsRunOnCpu() {
        // fp16 weights and a cast to float16 in encode_image, as OpenAI's original archives have.
        QTemporaryDir tmp;
        auto vlm = loadVisionLanguageModel(writePack(tmp, packJson(kFixtures + "/tiny_clip_fp16.pt", "")));
        const auto expected = nlohmann::json::parse(readWholeFile(kFixtures + "/expected_fp16.json"));
        at::NoGradGuard noGrad;
        const at::Tensor img = vlm->encodeImages(fixedImage(3, 32));
        QCOMPARE(img.scalar_type(), at::kFloat);
        // The float16 cast was patched away: the input is not rounded to half precision, so the
        // result matches the float32 model (with the half-rounded weights) closely.
        QVERIFY(at::allclose(img, fromJson(expected["encode_image"]), 1e-4, 1e-5));
        QVERIFY(at::allclose(vlm->encodeTokens(fixedText(3)), fromJson(expected["encode_text"]), 1e-4, 1e-5));
        const at::Tensor rounded = fixedImage(3, 32).to(at::kHalf).to(at::kFloat);
        QVERIFY(!at::allclose(vlm->encodeImages(rounded), img, 1e-4, 1e-5));  // the test can tell the two apart
    }

    void gradientsReachThePixels() {
        QTemporaryDir tmp;
        auto vlm = loadVisionLanguageModel(writePack(tmp, packJson(kFixtures + "/tiny_clip.pt", "")));
        at::Tensor pixels = fixedImage(2, 32).requires_grad_(true);
        const at::Tensor f = normalizeFeatures(vlm->encodeImages(pixels));
        f.sum().backward();
        QVERIFY(pixels.grad().defined());
        QVERIFY(pixels.grad().abs().sum().item<double>() > 0);
    }

    void preprocessingFollowsClip() {
        QTemporaryDir tmp;
        auto vlm = loadVisionLanguageModel(writePack(tmp, packJson(kFixtures + "/tiny_clip.pt", "")));
        const cv::Mat gray(20, 40, CV_8UC1, cv::Scalar(153));  // 153/255 = 0.6
        const at::Tensor t = preprocessImage(*vlm, gray);
        QCOMPARE(t.sizes().vec(), (std::vector<int64_t>{3, 32, 32}));
        QVERIFY(at::allclose(t, at::full({3, 32, 32}, (0.6f - 0.5f) / 0.25f), 1e-4, 1e-4));
        cv::Mat halves(64, 128, CV_8UC3, cv::Scalar(0, 0, 0));
        halves(cv::Rect(64, 0, 64, 64)).setTo(cv::Scalar(255, 255, 255));  // right half white
        const at::Tensor h = preprocessImage(*vlm, halves);
        QVERIFY(h[0][16][2].item<float>() < -1.9f);  // left of the centre crop is black
        QVERIFY(h[0][16][29].item<float>() > 1.9f);  // right is white
    }

    void badPacksAreClearErrors() {
        const std::string model = kFixtures + "/tiny_clip.pt";
        {
            QTemporaryDir tmp;
            expectError([&] { ModelPack::load(tmp.path().toStdString()); }, "no pack.json");
        }
        {
            QTemporaryDir tmp;
            const auto p = writePack(tmp, packJson(tmp.filePath("absent.pt").toStdString(), ""));
            expectError([&] { ModelPack::load(p); }, "missing");
        }
        {
            QTemporaryDir tmp;
            const auto p = writePack(tmp, packJson(model, std::string(64, '0')));
            expectError([&] { ModelPack::load(p); }, "wrong sha256");
        }
        {
            QTemporaryDir tmp;
            const auto p = writePack(tmp, packJson(model, "", 512));
            expectError([&] { loadVisionLanguageModel(p); }, "wrong embedding dimension");
        }
        {
            QTemporaryDir tmp;
            const auto p = writePack(tmp, packJson(model, "", 24, 64));
            expectError([&] { loadVisionLanguageModel(p); }, "input resolution");
        }
        {
            QTemporaryDir tmp;
            const auto p = writePack(tmp, packJson(kFixtures + "/no_encode_image.pt", ""));
            expectError([&] { loadVisionLanguageModel(p); }, "no encode_image");
        }
        {
            QTemporaryDir tmp;
            writeFileAtomically(tmp.filePath("garbage.pt").toStdString(), "definitely not a zip archive");
            const auto p = writePack(tmp, packJson(tmp.filePath("garbage.pt").toStdString(), ""));
            expectError([&] { loadVisionLanguageModel(p); }, "not a loadable TorchScript archive");
        }
        {
            QTemporaryDir tmp;
            auto j = packJson(model, "");
            j.erase("embed_dim");
            const auto p = writePack(tmp, j);
            expectError([&] { ModelPack::load(p); }, "embed_dim");
        }
        expectError([] { parseDevice("tpu"); }, "not a device");
    }

    void fingerprintChangesWithThePack() {
        QTemporaryDir a, b;
        const std::string model = kFixtures + "/tiny_clip.pt";
        const auto pa = ModelPack::load(writePack(a, packJson(model, "")));
        const auto pb = ModelPack::load(writePack(b, packJson(model, "", 24, 32)));
        QCOMPARE(pa.fingerprint(), pb.fingerprint());
        auto j = packJson(model, "");
        j["mean"] = {0.4, 0.5, 0.5};
        const auto pc = ModelPack::load(writePack(b, j));
        QVERIFY(pa.fingerprint() != pc.fingerprint());
    }
};

QTEST_APPLESS_MAIN(TestVisionLanguageModel)
#include "test_vision_language_model.moc"
