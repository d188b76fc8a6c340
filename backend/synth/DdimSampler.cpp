#include "synth/DdimSampler.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <ATen/CPUGeneratorImpl.h>

namespace synood {

InpaintInput makeInpaintInput(InpaintingDiffusion& model, const at::Tensor& images, const at::Tensor& masks, const at::Tensor& noise,
                              const at::Tensor& condition) {
    InpaintInput in;
    in.latents = model.encodeImages(images);
    in.latentMask = model.maskToLatent(masks);
    in.maskedLatents = model.encodeImages(images * (1 - masks));
    in.noise = noise;
    in.condition = condition;
    in.unconditional = model.unconditional(images.size(0));
    return in;
}

at::Tensor ddimInpaint(InpaintingDiffusion& model, const InpaintInput& in, const SamplingOptions& o, const SamplingStepCallback& onStep,
                       const JobContext& ctx) {
    at::NoGradGuard noGrad;
    const NoiseSchedule& schedule = model.schedule();
    const std::vector<int> timesteps = schedule.sdeditTimesteps(o.steps, o.strength);
    const int ratio = schedule.trainSteps() / o.steps;
    at::Tensor z = o.strength >= 1.0 ? in.noise.clone() : schedule.addNoise(in.latents, in.noise, timesteps.front());
    const bool guided = o.cfgScale != 1.0;
    const int64_t n = z.size(0);
    const at::Tensor mask2 = guided ? at::cat({in.latentMask, in.latentMask}) : in.latentMask;
    const at::Tensor masked2 = guided ? at::cat({in.maskedLatents, in.maskedLatents}) : in.maskedLatents;
    const at::Tensor cond2 = guided ? at::cat({in.unconditional, in.condition}) : in.condition;
    at::Generator generator = at::detail::createCPUGenerator(o.etaSeed);
    for (size_t i = 0; i < timesteps.size(); ++i) {
        ctx.checkCancelled();
        const int t = timesteps[i];
        at::Tensor out;
        if (guided) {
            const at::Tensor both = model.predict(at::cat({z, z}), mask2, masked2, t, cond2);
            const at::Tensor uncond = both.narrow(0, 0, n), cond = both.narrow(0, n, n);
            out = uncond + o.cfgScale * (cond - uncond);
        } else {
            out = model.predict(z, mask2, masked2, t, cond2);
        }
        at::Tensor eps, x0;
        schedule.epsilonAndX0(out, z, t, eps, x0);
        const at::Tensor stepNoise = o.eta > 0 ? at::randn(z.sizes(), generator, z.options()) : at::Tensor();
        z = schedule.ddimStep(eps, x0, t, t - ratio, o.eta, stepNoise);
        if (onStep) onStep({static_cast<int>(i), static_cast<int>(timesteps.size()), t, x0});
    }
    return z;
}

}  // namespace synood
