#include "synth/GuidedSynthesis.h"

#include "core/Error.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

namespace synood {

GuidanceLoss guidanceLossFromString(const std::string& name) {
    if (name == "squared") return GuidanceLoss::Squared;
    if (name == "hinge") return GuidanceLoss::Hinge;
    throw SynoodError("unknown guidance loss '" + name + "'", "--loss", "use squared or hinge");
}

const char* toString(GuidanceLoss loss) { return loss == GuidanceLoss::Squared ? "squared" : "hinge"; }

SynthesisOutput synthesizeGuided(InpaintingDiffusion& diffusion, ImageScorer& scorer, const SynthesisInput& input,
                                 const SynthesisOptions& o, const SynthesisCallback& onStep, const JobContext& ctx) {
    const GuidanceOptions& g = o.guidance;
    if (g.iterations < 1) throw SynoodError("at least one iteration is needed", "--iterations", "e.g. --iterations 3");
    if (!std::isfinite(g.learningRate) || !std::isfinite(g.target)) {
        throw SynoodError("the learning rate and the target must be finite numbers", "--lr/--target", "e.g. --lr 10");
    }
    const int64_t n = input.images.size(0);
    InpaintInput in;
    {
        at::NoGradGuard noGrad;
        in = makeInpaintInput(diffusion, input.images, input.masks, input.noise, input.condition);
    }
    at::Tensor eps = input.noise.clone();
    SynthesisOutput out;
    out.trajectories.resize(static_cast<size_t>(n));
    out.stopReasons.assign(static_cast<size_t>(n), std::string());
    std::vector<bool> active(static_cast<size_t>(n), true);
    at::Tensor finalImages, finalFeatures;
    // Unguided (lr = 0): every iteration would repeat the first, so one pass without gradients.
    const bool guided = g.learningRate != 0.0;
    const int iterations = guided ? g.iterations : 1;
    for (int k = 0; k < iterations; ++k) {
        ctx.checkCancelled();
        in.noise = eps;
        for (auto& t : out.trajectories) t.stepScores.emplace_back();
        SamplingStepCallback stepCallback;
        if (o.recordSteps || onStep) {
            stepCallback = [&](const SamplingStep& s) {
                SynthesisProgress p{k, iterations, s, {}};
                if (o.recordSteps) {
                    p.stepScores = toDoubles(scorer.score(diffusion.decodeLatents(s.predictedX0)));
                    for (int64_t i = 0; i < n; ++i)
                        out.trajectories[static_cast<size_t>(i)].stepScores.back().push_back(p.stepScores[static_cast<size_t>(i)]);
                }
                if (onStep) onStep(p);
            };
        }
        const at::Tensor z0 = ddimInpaint(diffusion, in, o.sampling, stepCallback, ctx).detach().requires_grad_(guided);
        at::Tensor images, features, scores;
        {
            at::AutoGradMode enable(guided);
            images = diffusion.decodeLatents(z0);
            features = scorer.features(images);
            scores = scorer.scoreOfFeatures(features);
            if (guided) {
                const at::Tensor diff = g.loss == GuidanceLoss::Squared ? (scores - g.target) : (scores - g.target).clamp_min(0);
                diff.pow(2).sum().backward();
            }
        }
        const at::Tensor grad = guided ? z0.grad() : at::zeros_like(z0);
        const std::vector<double> s = toDoubles(scores.detach());
        const std::vector<double> gradNorms = toDoubles(grad.flatten(1).norm(2, 1));
        // Keep each sample's latest finite result; a non-finite score or gradient stops that sample.
        at::Tensor keep = at::zeros({n}, at::kBool);
        at::Tensor step = at::zeros({n}, at::kFloat);
        for (int64_t i = 0; i < n; ++i) {
            const size_t u = static_cast<size_t>(i);
            if (!active[u]) continue;
            if (!std::isfinite(s[u])) {
                out.stopReasons[u] = "non-finite score in iteration " + std::to_string(k + 1);
                active[u] = false;
                continue;
            }
            keep[i] = true;
            out.trajectories[u].iterationScores.push_back(s[u]);
            if (guided) out.trajectories[u].gradientNorms.push_back(gradNorms[u]);
            if (!std::isfinite(gradNorms[u])) {
                out.stopReasons[u] = "non-finite gradient in iteration " + std::to_string(k + 1);
                active[u] = false;
                continue;
            }
            step[i] = 1.0f;
        }
        // keep and step are built on the CPU; each is used where its partner lives (features are on
        // the vision model's device, images and latents where the diffusion model returns them).
        step = step.to(grad.device(), grad.scalar_type());
        const at::Tensor keepImages = keep.to(images.device()).view({-1, 1, 1, 1});
        const at::Tensor keepFeatures = keep.to(features.device()).view({-1, 1});
        finalImages = finalImages.defined() ? at::where(keepImages, images.detach(), finalImages) : images.detach();
        finalFeatures = finalFeatures.defined() ? at::where(keepFeatures, features.detach(), finalFeatures) : features.detach();
        if (guided) eps = eps - g.learningRate * step.view({-1, 1, 1, 1}) * at::nan_to_num(grad, 0.0, 0.0, 0.0);
    }
    out.images = finalImages;
    out.features = finalFeatures;
    for (const auto& t : out.trajectories) out.scores.push_back(t.iterationScores.empty() ? NAN : t.iterationScores.back());
    return out;
}

}  // namespace synood
