#pragma once
// DDIM sampling of an inpainting diffusion model with classifier-free guidance and SDEdit strength,
// as diffusers' inpainting pipeline runs it: strength 1 starts from pure noise, strength s < 1 noises
// the given latents to the first of the last int(steps·s) timesteps and denoises from there.
#include "core/Job.h"
#include "models/InpaintingDiffusion.h"

#include <cstdint>
#include <functional>

namespace synood {

struct SamplingOptions {
    int steps = 20;
    double strength = 1.0;
    double cfgScale = 8.0;  // classifier-free guidance scale; 1 = conditional only
    double eta = 0.0;       // 0: deterministic DDIM
    uint64_t etaSeed = 0;   // noise of η > 0 steps
};

struct SamplingStep {
    int index = 0;  // 0-based denoising step
    int count = 0;  // steps in this run
    int timestep = 0;
    at::Tensor predictedX0;  // latents
};
using SamplingStepCallback = std::function<void(const SamplingStep&)>;

struct InpaintInput {
    at::Tensor latents;        // z_in [N, c, s, s]: the seed's latents (ignored at strength 1)
    at::Tensor noise;          // ε [N, c, s, s]
    at::Tensor latentMask;     // [N, 1, s, s]
    at::Tensor maskedLatents;  // [N, c, s, s]
    at::Tensor condition;      // [N, ...]
    at::Tensor unconditional;  // [N, ...] (unused when guidance == 1)
};

// Runs without gradients; returns the final latents.
at::Tensor ddimInpaint(InpaintingDiffusion& model, const InpaintInput& input, const SamplingOptions& options,
                       const SamplingStepCallback& onStep = {}, const JobContext& ctx = {});

// Images [N, C, S, S] in [-1, 1] and masks [N, 1, S, S] to the sampler's input for `prompts`.
InpaintInput makeInpaintInput(InpaintingDiffusion& model, const at::Tensor& images, const at::Tensor& masks, const at::Tensor& noise,
                              const at::Tensor& condition);

}  // namespace synood
