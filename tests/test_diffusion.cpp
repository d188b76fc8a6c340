// Diffusion: the noise schedule and DDIM against their closed forms, the sampler's CFG and SDEdit
// strength on a model whose answer is known, masks, and the demo pack's toy inpainting model
// (weights load, and whole-image generations are recognised by the toy CLIP).
#include "core/Error.h"
#include "core/Threads.h"
#include "demo/DemoRun.h"
#include "demo/ToyDiffusionTrainer.h"
#include "models/DemoDiffusion.h"
#include "models/DemoUnet.h"
#include "models/ModelPack.h"
#include "models/ModuleWeights.h"
#include "synth/DdimSampler.h"
#include "synth/Masks.h"

#include <ATen/ATen.h>

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>

using namespace synood;

namespace {

// A "model" that knows the clean image x0: it answers the exact noise of z_t for it (ε-prediction),
// or a different x0 for the unconditional branch, so that CFG's mixing is visible.
class OracleDiffusion : public InpaintingDiffusion {
public:
    OracleDiffusion(at::Tensor condTarget, at::Tensor uncondTarget)
        : m_cond(std::move(condTarget)), m_uncond(std::move(uncondTarget)), m_schedule(NoiseSchedule::linear()) {}
    const NoiseSchedule& schedule() const override { return m_schedule; }
    int imageSize() const override { return 8; }
    int imageChannels() const override { return 1; }
    int latentScale() const override { return 1; }
    at::Tensor encodePrompts(const std::vector<std::string>& p) override { return at::ones({static_cast<int64_t>(p.size()), 1}); }
    at::Tensor unconditional(int64_t n) override { return at::zeros({n, 1}); }
    at::Tensor encodeImages(const at::Tensor& x) override { return x; }
    at::Tensor decodeLatents(const at::Tensor& z) override { return z; }
    at::Tensor predict(const at::Tensor& zt, const at::Tensor&, const at::Tensor&, int t, const at::Tensor& c) override {
        ++calls;
        const double a = m_schedule.alphaBar(t);
        const int64_t repeats = c.size(0) / m_cond.size(0);  // CFG stacks [unconditional, conditional]
        const at::Tensor target =
            at::where(c.view({-1, 1, 1, 1}) > 0, m_cond.repeat({repeats, 1, 1, 1}), m_uncond.repeat({repeats, 1, 1, 1}));
        return (zt - std::sqrt(a) * target) / std::sqrt(1 - a);
    }
    int calls = 0;

private:
    at::Tensor m_cond, m_uncond;
    NoiseSchedule m_schedule;
};

}  // namespace

class TestDiffusion : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tuneAllocatorForTensors();
        configureThreads(0);
    }

    void linearScheduleMatchesClosedForm() {
        const NoiseSchedule s = NoiseSchedule::linear(1000, 1e-4, 0.02);
        QCOMPARE(s.trainSteps(), 1000);
        QVERIFY(std::abs(s.alphaBar(0) - (1 - 1e-4)) < 1e-12);
        double product = 1;
        for (int i = 0; i < 1000; ++i) product *= 1 - (1e-4 + (0.02 - 1e-4) * i / 999.0);
        QVERIFY(std::abs(s.alphaBar(999) - product) < 1e-12);
        QVERIFY(s.alphaBar(999) > 3e-5 && s.alphaBar(999) < 5e-5);  // the familiar DDPM value, ~4.0e-5
        // Stable Diffusion's scheduler: scaled_linear, steps_offset 1.
        const NoiseSchedule sd = NoiseSchedule::fromJson(
            {{"beta_schedule", "scaled_linear"}, {"beta_start", 0.00085}, {"beta_end", 0.012}, {"steps_offset", 1}});
        const double b0 = 0.00085;
        QVERIFY(std::abs(sd.alphaBar(0) - (1 - b0)) < 1e-12);
        QCOMPARE(sd.ddimTimesteps(20).front(), 951);
        QCOMPARE(sd.ddimTimesteps(20).back(), 1);
        QVERIFY_THROWS_EXCEPTION(SynoodError, NoiseSchedule::fromJson({{"beta_schedule", "cosine"}}));
        QVERIFY_THROWS_EXCEPTION(SynoodError, NoiseSchedule::fromJson({{"prediction", "sample"}}));
    }

    void sdeditStrengthKeepsTheLastSteps() {
        const NoiseSchedule s = NoiseSchedule::linear();
        const auto all = s.ddimTimesteps(20);
        QCOMPARE(static_cast<int>(all.size()), 20);
        QCOMPARE(all.front(), 950);
        const auto part = s.sdeditTimesteps(20, 0.6);  // the official default: 12 of 20 steps
        QCOMPARE(static_cast<int>(part.size()), 12);
        QCOMPARE(part.front(), 550);
        QCOMPARE(part.back(), 0);
        QCOMPARE(static_cast<int>(s.sdeditTimesteps(20, 1.0).size()), 20);
        QCOMPARE(static_cast<int>(s.sdeditTimesteps(20, 0.01).size()), 1);
        QVERIFY_THROWS_EXCEPTION(SynoodError, s.sdeditTimesteps(20, 0.0));
        QVERIFY_THROWS_EXCEPTION(SynoodError, s.ddimTimesteps(0));
    }

    // What a model is trained to output converts back to the noise and the image, for both kinds.
    void trainingTargetConvertsBack() {
        at::manual_seed(1);
        const at::Tensor x0 = at::randn({2, 1, 4, 4}), eps = at::randn({2, 1, 4, 4});
        const int t = 400;
        for (const Prediction p : {Prediction::Epsilon, Prediction::VPrediction}) {
            const NoiseSchedule s = NoiseSchedule::linear().withPrediction(p);
            QCOMPARE(NoiseSchedule::fromJson(s.toJson()).prediction(), p);
            const double a = s.alphaBar(t);
            const at::Tensor target = s.trainingTarget(x0, eps, at::full({2, 1, 1, 1}, a));
            if (p == Prediction::VPrediction) {
                QVERIFY(at::allclose(target, std::sqrt(a) * eps - std::sqrt(1 - a) * x0, 1e-5, 1e-6));  // diffusers' v
            }
            at::Tensor e2, x2;
            s.epsilonAndX0(target, s.addNoise(x0, eps, t), t, e2, x2);
            QVERIFY(at::allclose(e2, eps, 1e-4, 1e-5));
            QVERIFY(at::allclose(x2, x0, 1e-4, 1e-5));
        }
        QCOMPARE(NoiseSchedule::fromJson({{"prediction", "v_prediction"}}).prediction(), Prediction::VPrediction);
    }

    // Min-SNR-5: ε counts a noisy step (SNR 1) fully and a clean one (SNR 20) at 5/20; v divides by SNR + 1.
    void minSnrWeightFollowsThePrediction() {
        const at::Tensor alphaBar = at::tensor({0.5, 20.0 / 21.0}, at::kDouble);  // SNR 1 and 20
        const at::Tensor eps = NoiseSchedule::linear().minSnrWeight(alphaBar, 5);
        const at::Tensor v = NoiseSchedule::linear().withPrediction(Prediction::VPrediction).minSnrWeight(alphaBar, 5);
        QVERIFY(at::allclose(eps, at::tensor({1.0, 0.25}, at::kDouble)));
        QVERIFY(at::allclose(v, at::tensor({0.5, 5.0 / 21.0}, at::kDouble)));
    }

    void ddimRecoversTheImageTheModelKnows() {
        at::manual_seed(2);
        const at::Tensor target = at::rand({3, 1, 8, 8}) * 2 - 1;
        OracleDiffusion model(target, at::zeros_like(target));
        InpaintInput in = makeInpaintInput(model, at::zeros_like(target), wholeMask(8).expand({3, 1, 8, 8}), at::randn({3, 1, 8, 8}),
                                           model.encodePrompts({"a", "b", "c"}));
        SamplingOptions o;
        o.steps = 10;
        o.cfgScale = 1.0;
        std::vector<int> seen;
        const at::Tensor out = ddimInpaint(model, in, o, [&](const SamplingStep& s) {
            seen.push_back(s.timestep);
            QVERIFY(at::allclose(s.predictedX0, target, 1e-3, 1e-4));  // exact noise -> exact x0 at every step
        });
        QCOMPARE(static_cast<int>(seen.size()), 10);
        QCOMPARE(model.calls, 10);  // guidance 1: one model call per step
        // The last step keeps sqrt(1 − ᾱ_0) ≈ 0.01 of the noise estimate, as diffusers' DDIM does.
        QVERIFY(at::allclose(out, std::sqrt(model.schedule().alphaBar(0)) * target, 0.0, 0.05));
        // CFG: output = u + g (c − u); with the oracle the final image is u + g (c − u) as well.
        model.calls = 0;
        o.cfgScale = 3.0;
        const at::Tensor guided = ddimInpaint(model, in, o);
        QCOMPARE(model.calls, 10);  // one batched call (unconditional and conditional together)
        QVERIFY(at::allclose(guided, std::sqrt(model.schedule().alphaBar(0)) * (3.0 * target), 0.0, 0.1));
        // η > 0 is random but seeded.
        o.cfgScale = 1.0;
        o.eta = 1.0;
        o.etaSeed = 5;
        QVERIFY(at::equal(ddimInpaint(model, in, o), ddimInpaint(model, in, o)));
    }

    void sdeditStartsFromTheNoisedSeed() {
        // A model that always predicts zero noise returns x̂0 = z_t / sqrt(ᾱ): the first step's x̂0
        // tells what the sampler started from.
        const at::Tensor seed = at::full({1, 1, 8, 8}, 0.5);
        OracleDiffusion model(seed, seed);
        InpaintInput in = makeInpaintInput(model, seed, wholeMask(8), at::zeros({1, 1, 8, 8}), model.encodePrompts({"a"}));
        SamplingOptions o;
        o.steps = 20;
        o.strength = 0.6;
        o.cfgScale = 1.0;
        int first = -1;
        ddimInpaint(model, in, o, [&](const SamplingStep& s) {
            if (first < 0) first = s.timestep;
        });
        QCOMPARE(first, 550);
    }

    void masksHaveTheirShapes() {
        QCOMPARE(wholeMask(32).sum().item<double>(), 1024.0);
        QCOMPARE(boxMask(32, 4, 8, 10, 6).sum().item<double>(), 60.0);
        QCOMPARE(boxMask(32, 30, 30, 10, 10).sum().item<double>(), 4.0);  // clipped
        QCOMPARE(halfMask(32, 0).narrow(3, 0, 16).sum().item<double>(), 512.0);
        QCOMPARE(halfMask(32, 3).narrow(2, 16, 16).sum().item<double>(), 512.0);
        std::mt19937_64 a(7), b(7);
        const at::Tensor s1 = randomStrokeMask(32, a), s2 = randomStrokeMask(32, b);
        QVERIFY(at::equal(s1, s2));
        QVERIFY(s1.sum().item<double>() > 0 && s1.sum().item<double>() < 1024);
        QVERIFY(at::all((s1 == 0) | (s1 == 1)).item<bool>());
        QTemporaryDir tmp;
        cv::Mat painted = cv::Mat::zeros(64, 64, CV_8U);
        painted(cv::Rect(0, 0, 32, 64)).setTo(255);
        const std::string path = (tmp.path() + "/mask.png").toStdString();
        cv::imwrite(path, painted);
        const at::Tensor fromFile = maskFromImageFile(path);
        QCOMPARE(fromFile.sum().item<double>(), 2048.0);
        // A mask of the model's size is used as it is; one of the seed's size is mapped as the seed is
        // (here the demo's padding 28 -> 32: the border stays unpainted); other sizes are refused.
        const auto pad = [](const at::Tensor& m) { return padToDemoDiffusion(m, 2); };
        QVERIFY(at::equal(fitMaskToModel(fromFile, 64, 64, 64, pad), fromFile));
        const at::Tensor seedSized = at::ones({1, 1, 28, 28});
        QCOMPARE(fitMaskToModel(seedSized, 28, 28, 32, pad).sum().item<double>(), 784.0);
        QVERIFY_THROWS_EXCEPTION(SynoodError, fitMaskToModel(fromFile, 28, 28, 32, pad));
        QVERIFY_THROWS_EXCEPTION(SynoodError, parseMaskKind("circle"));
    }

    void demoUnetShapesAndWeights() {
        DemoUnetNet a, b;
        a->eval();
        b->eval();
        const at::Tensor x = at::randn({2, 3, 32, 32});
        const at::Tensor t = at::tensor({10, 900}, at::kLong);
        const at::Tensor c = at::randn({2, 64});
        at::NoGradGuard noGrad;
        const at::Tensor y = a->forward(x, t, c);
        QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2, 1, 32, 32}));
        QTemporaryDir tmp;
        const std::string path = (tmp.path() + "/unet.pt").toStdString();
        saveModuleHalf(*a, path);
        loadModuleHalf(*b, path);
        QVERIFY(at::allclose(b->forward(x, t, c), y, 1e-2, 1e-2));  // half-precision storage
        // The condition matters (classifier-free guidance needs it to).
        QVERIFY(!at::allclose(a->forward(x, t, at::zeros({2, 64})), y));
        // The scenes' size: 48×48 colour in, [x_t, mask, masked image] = 7 channels, 3 out.
        DemoUnetOptions scenes;
        scenes.imageSize = 48;
        scenes.channels = 3;
        DemoUnetNet colour(scenes);
        colour->eval();
        QCOMPARE(colour->forward(at::randn({2, 7, 48, 48}), t, c).sizes().vec(), (std::vector<int64_t>{2, 3, 48, 48}));
    }

    void demoImagesPadAndCropExactly() {
        const at::Tensor img = at::rand({2, 1, 28, 28});
        const at::Tensor padded = padToDemoDiffusion(img, 2);
        QCOMPARE(padded.size(2), int64_t(32));
        QCOMPARE(padded[0][0][0][0].item<float>(), -1.0f);
        QVERIFY(at::allclose(cropFromDemoDiffusion(padded, 2), img, 1e-6, 1e-6));
        const at::Tensor colour = at::rand({1, 3, 48, 48});  // the scenes: no border
        QCOMPARE(padToDemoDiffusion(colour, 0).sizes().vec(), colour.sizes().vec());
        QVERIFY(at::allclose(cropFromDemoDiffusion(padToDemoDiffusion(colour, 0), 0), colour, 1e-6, 1e-6));
    }

    // A toy diffusion trained for v writes v into its pack, and the pack loads as a v model.
    void toyDiffusionPackRecordsItsPrediction() {
        QTemporaryDir dir;
        for (const char* f : {"pack.json", "toy_clip.pt", "toy_unet.pt"}) {
            std::filesystem::copy_file(std::string(SYNOOD_TEST_REPO_DIR "/resources/demo-pack/") + f, dir.filePath(f).toStdString());
        }
        demo::ToyDiffusionOptions o;  // the first world, tiny: two steps
        o.steps = 2;
        o.batchSize = 4;
        o.width = 8;
        o.prediction = Prediction::VPrediction;
        QCOMPARE(demo::trainToyDiffusion(dir.path().toStdString(), o).stepsRun, 2);
        const ModelPack pack = ModelPack::load(dir.path().toStdString());
        QCOMPARE(pack.json.at("diffusion").at("schedule").at("prediction").get<std::string>(), std::string("v_prediction"));
        QCOMPARE(pack.json.at("diffusion").at("training").at("prediction").get<std::string>(), std::string("v_prediction"));
        QCOMPARE(loadInpaintingDiffusion(pack)->schedule().prediction(), Prediction::VPrediction);
    }

    void demoPackGeneratesRecognisableClasses() {
        const std::string pack = SYNOOD_TEST_REPO_DIR "/resources/demo-pack";
        // A small version of the bar that `synood demo quality` measures at 50 per class, 25 steps.
        const auto g = demo::generationAccuracy(pack, {10, 15, 3.0, 1});
        qInfo("10 per class, 15 steps, CFG 3: %.1f%% recognised", 100 * g.accuracy);
        // Chance is 10 %; the full bar (50 per class, 25 steps) is in README.md and the issue note.
        QVERIFY2(g.accuracy >= 0.7, "the committed demo diffusion model no longer generates its classes");
        int classesHit = 0;
        for (double a : g.perClass) classesHit += a >= 0.3;
        QVERIFY(classesHit >= 9);
    }

    // The scenes pack's diffusion model does what SynOOD's context prompts ask: InD scenes repainted
    // (strength 0.6) from "A photo only remain {context}." lose their garment. Measured at these
    // settings: 68.8 % against 2.5 % before repainting. It paints its garments, weakly when the prompt
    // names their context: 22 % recognised from pure noise and 21 % into a box of a background (chance
    // 10 %; the ε-prediction pack before it: 10 % and 9 %, and 53.8 % repainted; README); from their
    // class alone, as the first world is measured, 41 %.
    void scenesPackRepaintsContextAndPaintsGarments() {
        const std::string pack = SYNOOD_TEST_REPO_DIR "/resources/scenes-pack";
        const auto g = demo::generationAccuracy(pack, {10, 15, 3.0, 0});
        qInfo("context without the garment: %.1f%% repainted, %.1f%% before", 100 * g.context, 100 * g.contextBefore);
        qInfo("recognised: %.1f%% from noise, %.1f%% into a box, %.1f%% from the class alone", 100 * g.accuracy, 100 * g.intoBackgrounds,
              100 * g.classAlone);
        QVERIFY(g.contextBefore <= 0.15);
        QVERIFY2(g.context >= 0.55, "the scenes diffusion model no longer removes the garment for a context prompt");
        QVERIFY2(g.accuracy >= 0.16 && g.intoBackgrounds >= 0.15, "the scenes diffusion model no longer paints its garments");
        QVERIFY2(g.classAlone >= 0.35, "the scenes diffusion model no longer paints a garment named alone");
    }

    // Its garments' class is a small part of the condition beside their context: guided away from the
    // context alone rather than the empty prompt, more generations from noise show their class.
    // Measured at these settings: 31 % against 22 %.
    void scenesGarmentsGuidedAgainstTheirContext() {
        demo::GenerationOptions o{10, 15, 3.0, 0};
        o.againstContext = true;
        const auto g = demo::generationAccuracy(SYNOOD_TEST_REPO_DIR "/resources/scenes-pack", o);
        qInfo("recognised against the context: %.1f%% from noise, %.1f%% into a box", 100 * g.accuracy, 100 * g.intoBackgrounds);
        QVERIFY2(g.accuracy >= 0.27, "guidance against the context no longer brings out the garments' class");
        // The first world's images have no context to guide against: refused, not ignored.
        o.perClass = 1;
        QVERIFY_THROWS_EXCEPTION(SynoodError, demo::generationAccuracy(SYNOOD_TEST_REPO_DIR "/resources/demo-pack", o));
    }
};

QTEST_GUILESS_MAIN(TestDiffusion)
#include "test_diffusion.moc"
