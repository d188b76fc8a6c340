#pragma once
// One interface for inpainting diffusion models, as Stable Diffusion inpainting is built: a UNet that
// takes [z_t, mask, masked-image latents], the timestep and a text condition; an optional VAE (the
// identity for pixel-space models); a prompt encoder; the noise schedule. Images cross this
// interface as float tensors [N, C, S, S] in [-1, 1] (C = imageChannels()); masks as [N, 1, S, S]
// with 1 where the model paints.
#include "models/ModelPack.h"
#include "models/NoiseSchedule.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace synood {

class InpaintingDiffusion {
public:
    virtual ~InpaintingDiffusion() = default;

    virtual const NoiseSchedule& schedule() const = 0;
    virtual int imageSize() const = 0;      // pixels per side the model works at
    virtual int imageChannels() const = 0;  // 1 (demo, grayscale) or 3
    virtual int latentScale() const = 0;    // pixels per latent (8 for SD's VAE, 1 in pixel space)

    // Prompt conditions [N, ...] and the unconditional one for classifier-free guidance.
    virtual at::Tensor encodePrompts(const std::vector<std::string>& prompts) = 0;
    virtual at::Tensor unconditional(int64_t n) = 0;

    // Images in [-1, 1] to latents (scaled as the UNet expects) and back; differentiable.
    virtual at::Tensor encodeImages(const at::Tensor& images) = 0;
    virtual at::Tensor decodeLatents(const at::Tensor& latents) = 0;

    // Image pixels [N, C, H, W] in [0, 1] (as read from files) to the model's image space and back.
    // Default: resized to imageSize() (bilinear) and mapped to [-1, 1].
    virtual at::Tensor imagesFromPixels(const at::Tensor& pixels01);
    virtual at::Tensor pixelsFromImages(const at::Tensor& images);

    // The UNet's output (ε or v, see schedule().prediction()) for latents z_t at timestep t.
    // mask: [N, 1, s, s] at latent resolution; maskedLatents: encodeImages(image · (1 − mask)).
    virtual at::Tensor predict(const at::Tensor& zt, const at::Tensor& mask, const at::Tensor& maskedLatents, int t,
                               const at::Tensor& condition) = 0;

    // Mask at image resolution [N, 1, S, S] to latent resolution.
    at::Tensor maskToLatent(const at::Tensor& mask) const;
};

// The diffusion part of a pack ("diffusion" in pack.json); throws SynoodError when it has none.
std::unique_ptr<InpaintingDiffusion> loadInpaintingDiffusion(const ModelPack& pack, const std::string& device = "cpu");

}  // namespace synood
