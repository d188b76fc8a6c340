// The Stable Diffusion inpainting path on a tiny TorchScript fixture with SD's call signatures
// (tests/fixtures/make_tiny_sd_inpaint.py): every module's output as Python computed it, the composed
// UNet call ([z_t, mask, masked latents] scaled by the VAE factor), the tokenizer feeding the text
// encoder, and guided synthesis through the VAE decoder (gradients reach the latents).
#include "TinyClipPack.h"
#include "core/Error.h"
#include "core/Threads.h"
#include "models/SdInpaintDiffusion.h"
#include "synth/DdimSampler.h"
#include "synth/GuidedSynthesis.h"
#include "synth/ImageScorer.h"

#include <ATen/ATen.h>

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace synood;

namespace {

const QString kFixture = SYNOOD_TEST_SOURCE_DIR "/fixtures/tiny_sd_inpaint";
const QString kBpe = SYNOOD_TEST_SHARED_DIR "/data/clip/bpe_simple_vocab_16e6.txt.gz";

nlohmann::json expected() {
    QFile f(kFixture + "/expected.json");
    if (!f.open(QIODevice::ReadOnly)) throw std::runtime_error("no expected.json");
    return nlohmann::json::parse(f.readAll().toStdString());
}

at::Tensor fixed(std::vector<int64_t> shape, double k) {
    int64_t n = 1;
    for (int64_t s : shape) n *= s;
    return at::sin(at::arange(n, at::kFloat).view(shape) * k);
}

at::Tensor promptIds(const nlohmann::json& e) {
    at::Tensor ids = at::zeros({1, 77}, at::kLong);
    const auto v = e.at("prompt_ids").get<std::vector<int64_t>>();
    for (size_t i = 0; i < v.size(); ++i) ids[0][static_cast<int64_t>(i)] = v[i];
    return ids;
}

void flattenInto(const nlohmann::json& j, std::vector<float>& out) {
    if (!j.is_array()) {
        out.push_back(j.get<float>());
        return;
    }
    for (const auto& v : j) flattenInto(v, out);
}

void expectClose(const at::Tensor& got, const nlohmann::json& want, const char* what) {
    std::vector<float> values;
    flattenInto(want, values);
    const at::Tensor w = at::tensor(values);
    const at::Tensor g = got.flatten().narrow(0, 0, w.numel());
    const double err = (g - w).abs().max().item<double>();
    const double scale = w.abs().max().item<double>();
    QVERIFY2(err <= 1e-4 * std::max(1.0, scale), qPrintable(QString("%1: max error %2").arg(what).arg(err)));
}

// The fixture's pack.json, with CLIP's BPE from ../shared added when `withBpe`.
QString packWith(const QTemporaryDir& dir, bool withBpe) {
    nlohmann::json j = nlohmann::json::parse(readWholeFile((kFixture + "/pack.json").toStdString()));
    for (auto& f : j["files"]) f["path"] = (kFixture + "/").toStdString() + f["path"].get<std::string>();
    if (withBpe) j["files"].push_back({{"role", "bpe"}, {"path", kBpe.toStdString()}});
    writeFileAtomically((dir.path() + "/pack.json").toStdString(), j.dump());
    return dir.path();
}

}  // namespace

class TestSdInpaint : public QObject {
    Q_OBJECT
    std::unique_ptr<SdInpaintDiffusion> m_sd;

private Q_SLOTS:
    void initTestCase() {
        tuneAllocatorForTensors();
        configureThreads(0);
        m_sd = std::make_unique<SdInpaintDiffusion>(ModelPack::load(kFixture.toStdString()), "cpu");
    }

    void modulesReproduceTheExport() {
        const nlohmann::json e = expected();
        at::NoGradGuard noGrad;
        QCOMPARE(m_sd->imageSize(), 64);
        QCOMPARE(m_sd->latentScale(), 8);
        QCOMPARE(m_sd->schedule().prediction(), Prediction::Epsilon);
        expectClose(m_sd->encodeTokenIds(promptIds(e))[0].narrow(0, 0, 10), e.at("text_hidden"), "text encoder");
        expectClose(m_sd->unconditional(3)[2].narrow(0, 0, 4), e.at("empty_hidden"), "empty prompt");

        const at::Tensor image = fixed({1, 3, 64, 64}, 0.37);
        at::Tensor mask = at::zeros({1, 1, 64, 64});
        mask.narrow(2, 16, 32).narrow(3, 8, 24).fill_(1);
        const at::Tensor masked = m_sd->encodeImages(image * (1 - mask));
        expectClose(masked, e.at("encoded_masked_scaled"), "VAE encoder (scaled)");
        const at::Tensor zt = fixed({1, 4, 8, 8}, 0.11);
        expectClose(m_sd->decodeLatents(zt), e.at("decoded_zt"), "VAE decoder (latents unscaled by 0.18215)");
        const at::Tensor out = m_sd->predict(zt, m_sd->maskToLatent(mask), masked, 501, m_sd->encodeTokenIds(promptIds(e)));
        QCOMPARE(out.sizes().vec(), (std::vector<int64_t>{1, 4, 8, 8}));
        expectClose(out, e.at("unet_composed"), "UNet on [z_t, mask, masked latents]");
    }

    void promptsAreTokenizedLikeClip() {
        if (!QFile::exists(kBpe)) QSKIP("CLIP's BPE vocabulary (../shared/data) is absent");
        QTemporaryDir dir;
        SdInpaintDiffusion sd(ModelPack::load(packWith(dir, true).toStdString()), "cpu");
        at::NoGradGuard noGrad;
        const at::Tensor fromText = sd.encodePrompts({"a photo of a cat.", ""});
        QVERIFY(at::allclose(fromText[0], sd.encodeTokenIds(promptIds(expected()))[0], 1e-5, 1e-5));
        QVERIFY(at::allclose(fromText[1], sd.unconditional(1)[0], 1e-5, 1e-5));
    }

    void guidedSynthesisRunsThroughTheVae() {
        QTemporaryDir dir;
        const ModelPack clipPack = ModelPack::load(writeTinyClipPack(dir.path() + "/clip"));
        auto clip = loadVisionLanguageModel(clipPack);
        at::manual_seed(0);
        const at::Tensor ind = normalizeFeatures(at::randn({3, 24}));
        ScoreOptions so;
        so.logitScale = clip->logitScale();
        ImageScorer scorer(*clip, *m_sd, ind, at::Tensor(), ScoreKind::Energy, so);
        const int64_t n = 2;
        at::Tensor cond;
        {
            at::NoGradGuard noGrad;
            cond = m_sd->encodeTokenIds(promptIds(expected()).repeat({n, 1}));
        }
        const SynthesisInput in{fixed({n, 3, 64, 64}, 0.05).clamp(-1, 1), at::ones({n, 1, 64, 64}), cond, at::randn({n, 4, 8, 8})};
        SynthesisOptions o;
        o.sampling.steps = 6;
        o.guidance.iterations = 2;
        o.guidance.learningRate = 0;
        const SynthesisOutput plain = synthesizeGuided(*m_sd, scorer, in, o);
        {
            at::NoGradGuard noGrad;
            const InpaintInput sdedit = makeInpaintInput(*m_sd, in.images, in.masks, in.noise, in.condition);
            QVERIFY(at::allclose(plain.images, m_sd->decodeLatents(ddimInpaint(*m_sd, sdedit, o.sampling)), 1e-5, 1e-5));
        }
        QCOMPARE(plain.images.sizes().vec(), (std::vector<int64_t>{n, 3, 64, 64}));
        o.guidance.learningRate = 10;
        o.guidance.target = plain.scores[0] - 5;
        const SynthesisOutput guided = synthesizeGuided(*m_sd, scorer, in, o);
        for (int64_t i = 0; i < n; ++i) {
            QVERIFY(guided.stopReasons[static_cast<size_t>(i)].empty());
            QVERIFY(guided.trajectories[static_cast<size_t>(i)].gradientNorms[0] > 0);  // through decoder and VAE scale
            QVERIFY(std::isfinite(guided.scores[static_cast<size_t>(i)]));
        }
        QVERIFY(!at::allclose(guided.images, plain.images));
    }

    void badPacksAreRefusedClearly() {
        QTemporaryDir dir;
        nlohmann::json j = nlohmann::json::parse(readWholeFile((kFixture + "/pack.json").toStdString()));
        for (auto& f : j["files"]) {
            f["path"] = (kFixture + "/").toStdString() + (f["role"] == "unet" ? "expected.json" : f["path"].get<std::string>());
        }
        writeFileAtomically((dir.path() + "/pack.json").toStdString(), j.dump());
        try {
            SdInpaintDiffusion sd(ModelPack::load(dir.path().toStdString()), "cpu");
            QFAIL("a JSON file as the UNet must be refused");
        } catch (const SynoodError& e) {
            QVERIFY2(QString(e.what()).contains("'unet'"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(SynoodError, SdInpaintDiffusion(ModelPack::load(kFixture.toStdString()), "cpu", "float16"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, loadVisionLanguageModel(ModelPack::load(kFixture.toStdString())));
    }
};

QTEST_GUILESS_MAIN(TestSdInpaint)
#include "test_sd_inpaint.moc"
