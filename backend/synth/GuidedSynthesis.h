#pragma once
// SynOOD stage 1: energy-guided iterative noise adjustment (../shared/METHOD.md, "Stage 1"). The
// noise ε is kept and adjusted K times: z_T = add_noise(z_in, ε, t_start); z_0 = denoise(z_T)
// without gradient; x = decode(z_0) with gradient; s = score(x); L = loss(s, target);
// ε ← ε − lr·∂L/∂z_0. The image decoded in the last iteration is the result. With lr = 0 every
// iteration would be the same plain SDEdit run, so it runs once, without gradients (one iteration
// in the trajectory, no gradient norms). Batched: each sample's loss is its own (summed), so a
// sample's result does not depend on the batch it ran in.
#include "core/Job.h"
#include "synth/DdimSampler.h"
#include "synth/ImageScorer.h"

#include <functional>
#include <string>
#include <vector>

namespace synood {

enum class GuidanceLoss { Squared, Hinge };  // (target − s)²; max(0, s − target)² (only pushes down)
GuidanceLoss guidanceLossFromString(const std::string& name);
const char* toString(GuidanceLoss loss);

struct GuidanceOptions {
    int iterations = 3;          // K
    double learningRate = 10.0;  // lr
    double target = -5.0;        // the score value to push towards
    GuidanceLoss loss = GuidanceLoss::Squared;
};

// METHOD.md's synthesis sampling: the sampler's defaults (steps, cfg, η) with SDEdit strength 0.6.
inline SamplingOptions synthesisSampling() {
    SamplingOptions s;
    s.strength = 0.6;
    return s;
}

struct SynthesisOptions {
    SamplingOptions sampling = synthesisSampling();
    GuidanceOptions guidance;
    bool recordSteps = true;  // score the predicted x0 of every denoising step
};

struct SynthesisInput {
    at::Tensor images;     // seeds [N, C, S, S] in [-1, 1]
    at::Tensor masks;      // [N, 1, S, S]
    at::Tensor condition;  // diffusion prompt conditions [N, ...]
    at::Tensor noise;      // ε [N, c, s, s] (seeded by the caller)
};

struct SampleTrajectory {
    std::vector<double> iterationScores;          // score after each iteration
    std::vector<std::vector<double>> stepScores;  // [iteration][step]: score of the predicted x0
    std::vector<double> gradientNorms;            // ‖∂L/∂z_0‖ per iteration
};

struct SynthesisOutput {
    at::Tensor images;           // [N, C, S, S] in [-1, 1]: decoded in the last iteration
    at::Tensor features;         // [N, D] normalised features of the result
    std::vector<double> scores;  // final score per sample
    std::vector<SampleTrajectory> trajectories;
    std::vector<std::string> stopReasons;  // empty when the sample ran every iteration
};

// Live view: called after every denoising step with the batch's predicted x0 (latents) and, when
// recorded, its scores.
struct SynthesisProgress {
    int iteration = 0, iterations = 0;
    SamplingStep step;
    std::vector<double> stepScores;
};
using SynthesisCallback = std::function<void(const SynthesisProgress&)>;

SynthesisOutput synthesizeGuided(InpaintingDiffusion& diffusion, ImageScorer& scorer, const SynthesisInput& input,
                                 const SynthesisOptions& options, const SynthesisCallback& onStep = {}, const JobContext& ctx = {});

}  // namespace synood
