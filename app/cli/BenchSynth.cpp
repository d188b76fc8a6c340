// synood bench synth: sampling and guided-synthesis throughput on a diffusion pack, guided against
// unguided in the same run.
#include "cli/Args.h"
#include "cli/Command.h"

#include "core/Error.h"
#include "demo/DemoRun.h"
#include "demo/ToyClipTrainer.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "synth/GuidedSynthesis.h"
#include "synth/Masks.h"

#include <ATen/ATen.h>

#include <chrono>
#include <cstdio>

namespace synood::cli {

int benchSynth(const std::vector<std::string>& argv) {
    using Clock = std::chrono::steady_clock;
    Args args(argv, {"pack", "steps", "batches"}, {}, "bench synth");
    const ModelPack pack = ModelPack::load(args.value("pack", demo::defaultDemoPackDir()));
    auto clip = loadVisionLanguageModel(pack);
    auto diffusion = loadInpaintingDiffusion(pack);
    const int steps = args.intValue("steps", 20, {1, 1000});
    const at::Tensor indText = [&] {
        at::NoGradGuard noGrad;
        return encodeClassPrompts(*clip, demo::indPromptNames(), kDefaultIndTemplate);
    }();
    ScoreOptions so;
    so.logitScale = clip->logitScale();
    ImageScorer scorer(*clip, *diffusion, indText, at::Tensor(), ScoreKind::Energy, so);
    const int s = diffusion->imageSize();
    std::printf("%s · %d DDIM steps · CFG 8 · energy score over %zu InD prompts\n", pack.name.c_str(), steps,
                demo::indPromptNames().size());
    std::printf(
        "| batch | ms per denoising step (CFG) | sampling images/s | synthesis samples/s: unguided (K=1, lr 0) | "
        "guided (K=3) | guided, no step scores | guidance cost |\n|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int batch : {1, 32}) {
        at::manual_seed(0);
        const at::Tensor images = at::rand({batch, diffusion->imageChannels(), s, s}) * 2 - 1;
        const at::Tensor masks = wholeMask(s).expand({batch, 1, s, s});
        const at::Tensor noise = at::randn(diffusion->encodeImages(images).sizes());
        const at::Tensor cond = diffusion->encodePrompts(std::vector<std::string>(static_cast<size_t>(batch), "a photo of a clog."));
        SamplingOptions sampling{steps, 1.0, 8.0, 0.0, 0};
        const InpaintInput in = makeInpaintInput(*diffusion, images, masks, noise, cond);
        ddimInpaint(*diffusion, in, {2, 1.0, 8.0, 0.0, 0});  // warm-up
        const int repeats = batch == 1 ? 10 : 2;
        auto t0 = Clock::now();
        for (int r = 0; r < repeats; ++r) ddimInpaint(*diffusion, in, sampling);
        const double sampleSeconds = std::chrono::duration<double>(Clock::now() - t0).count() / repeats;
        auto synthRate = [&](int iterations, double lr, bool recordSteps) {
            SynthesisOptions o;
            o.sampling = {steps, 0.6, 8.0, 0.0, 0};
            o.guidance.iterations = iterations;
            o.guidance.learningRate = lr;
            o.guidance.target = 0;
            o.recordSteps = recordSteps;
            const auto t = Clock::now();
            for (int r = 0; r < repeats; ++r) synthesizeGuided(*diffusion, scorer, {images, masks, cond, noise}, o);
            return batch * repeats / std::chrono::duration<double>(Clock::now() - t).count();
        };
        const double unguided = synthRate(1, 0.0, false);
        const double guided = synthRate(3, 1.0, true);
        const double guidedBare = synthRate(3, 1.0, false);
        std::printf("| %d | %.2f | %.1f | %.2f | %.2f | %.2f | %.2fx |\n", batch, 1000 * sampleSeconds / steps, batch / sampleSeconds,
                    unguided, guided, guidedBare, unguided / guided);
    }
    std::printf("synthesis runs strength 0.6 (%d of %d steps); the guidance cost is unguided over guided time per sample.\n",
                static_cast<int>(steps * 0.6), steps);
    return 0;
}

}  // namespace synood::cli
