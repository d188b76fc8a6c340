// synood-gpu-bench: the C++ backend's throughput at real model sizes (random weights) on a device,
// the same measurements as tools/gpu_bench.py makes through PyTorch, so the two run side by side:
// CLIP image encoding through TorchScriptClip (images/s), and one guided synthesis as METHOD.md gives
// it through GuidedSynthesis over SdInpaintDiffusion (20 DDIM steps at strength 0.6 = 12 steps, CFG 8,
// K = 3 iterations, decoding with gradient, the energy over 1,000 random InD text features, the
// ε update), in seconds per batch. Built with the compute core only (SYNOOD_COMPUTE_ONLY works).
//   python3 tests/fixtures/make_tiny_clip.py --size vit-b-16 --device cuda --half /tmp/clip
//   python3 tests/fixtures/make_tiny_sd_inpaint.py --size sd2 --device cuda --dtype float16 /tmp/sd2
//   synood-gpu-bench --clip /tmp/clip/clip_vit_b16_random.pt --sd /tmp/sd2 [--device cuda] [--batch 1 8]
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Job.h"
#include "core/Numbers.h"
#include "models/InpaintingDiffusion.h"
#include "models/ModelPack.h"
#include "models/VisionLanguageModel.h"
#include "synth/GuidedSynthesis.h"
#include "synth/ImageScorer.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <torch/cuda.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace synood;

namespace {

// Mean seconds of `repeat` calls after `warmup` calls, waiting for queued GPU work.
double timed(const std::function<void()>& f, bool cuda, int warmup, int repeat) {
    for (int i = 0; i < warmup; ++i) f();
    if (cuda) torch::cuda::synchronize();
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < repeat; ++i) f();
    if (cuda) torch::cuda::synchronize();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count() / repeat;
}

// A clip-torchscript pack around an OpenAI-interface archive (ViT-B/16: 224 pixels, 512-d).
std::string clipPack(const std::string& archive) {
    const fs::path dir = fs::temp_directory_path() / "synood-gpu-bench-clip";
    fs::create_directories(dir);
    const nlohmann::json j = {{"name", "ViT-B/16 (random weights)"},
                              {"kind", "clip-torchscript"},
                              {"image_size", 224},
                              {"embed_dim", 512},
                              {"mean", {0.48145466, 0.4578275, 0.40821073}},
                              {"std", {0.26862954, 0.26130258, 0.27577711}},
                              {"tokenizer", "clip-bpe"},
                              {"files", {{{"role", "model"}, {"path", fs::absolute(archive).string()}}}}};
    writeFileAtomically((dir / "pack.json").string(), j.dump(1));
    return dir.string();
}

}  // namespace

int main(int argc, char** argv) {
    std::string clip, sd, device = "cuda";
    std::vector<int> batches;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        const bool more = i + 1 < argc;
        if (a == "--clip" && more)
            clip = argv[++i];
        else if (a == "--sd" && more)
            sd = argv[++i];
        else if (a == "--device" && more)
            device = argv[++i];
        else if (a == "--batch")
            while (i + 1 < argc && argv[i + 1][0] != '-') {
                const std::optional<long long> b = parseInteger(argv[++i]);
                if (!b || *b < 1 || *b > 4096) {
                    std::fprintf(stderr, "synood-gpu-bench: --batch takes sizes from 1 to 4096, got '%s'\n", argv[i]);
                    return 2;
                }
                batches.push_back(static_cast<int>(*b));
            }
        else {
            std::fprintf(a == "--help" ? stdout : stderr,
                         "usage: synood-gpu-bench --clip FILE.pt --sd PACK_DIR [--device cuda[:N]|cpu] [--batch 1 8]\n");
            return a == "--help" ? 0 : 2;
        }
    }
    if (clip.empty() || sd.empty()) {
        std::fprintf(stderr, "usage: synood-gpu-bench --clip FILE.pt --sd PACK_DIR [--device cuda[:N]|cpu] [--batch 1 8]\n");
        return 2;
    }
    if (batches.empty()) batches = {1, 8};
    try {
        const bool cuda = device.rfind("cuda", 0) == 0;
        auto model = loadVisionLanguageModel(clipPack(clip), device);
        auto diffusion = loadInpaintingDiffusion(ModelPack::load(sd), device);
        std::printf("{\n \"program\": \"synood-gpu-bench (C++ backend)\",\n \"device\": \"%s\",\n", device.c_str());
        {
            at::NoGradGuard noGrad;
            for (int n : {1, cuda ? 256 : 4}) {
                const at::Tensor x = at::randn({n, 3, 224, 224}).to(at::Device(device));  // on the device, as the peer's
                const double s = timed([&] { model->encodeImages(x); }, cuda, 2, 5);
                std::printf(" \"clip_images_per_s_batch%d\": %.1f,\n", n, n / s);
            }
        }
        ScoreOptions so;
        so.logitScale = model->logitScale();
        at::manual_seed(0);
        const at::Tensor indText = normalizeFeatures(at::randn({1000, model->embedDim()})).to(at::Device(device));
        ImageScorer scorer(*model, *diffusion, indText, at::Tensor(), ScoreKind::Energy, so);
        SynthesisOptions o;
        o.sampling.steps = 20;
        o.sampling.strength = 0.6;
        o.sampling.cfgScale = 8.0;
        o.guidance.iterations = 3;
        o.guidance.learningRate = 10.0;
        o.guidance.target = -5.0;
        o.recordSteps = false;  // as the PyTorch peer: the score of the result only
        const int size = diffusion->imageSize();
        for (int n : batches) {
            SynthesisInput input;
            input.images = at::rand({n, 3, size, size}) * 2 - 1;
            input.masks = at::ones({n, 1, size, size});
            input.condition = diffusion->unconditional(n);
            {
                at::NoGradGuard noGrad;
                const at::Tensor latents = diffusion->encodeImages(input.images);
                input.noise = at::randn(latents.sizes(), latents.options());
            }
            // No step callback: one would make the loop score (decode) every step's x0.
            const double s = timed([&] { synthesizeGuided(*diffusion, scorer, input, o); }, cuda, 1, 2);
            std::printf(" \"guided_synthesis_s_per_batch%d\": %.3f,\n \"guided_synthesis_samples_per_s_batch%d\": %.3f,\n", n, s, n, n / s);
        }
        std::printf(" \"done\": true\n}\n");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "synood-gpu-bench: %s\n", e.what());
        return 1;
    }
    return 0;
}
