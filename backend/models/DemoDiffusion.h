#pragma once
// A demo pack's inpainting diffusion: DemoUnet in pixel space (Fashion-MNIST: 32×32 grayscale, its
// 28×28 padded with black; the scenes: 48×48 colour, no padding), prompts encoded by the same pack's
// toy-CLIP text tower.
#include "models/DemoUnet.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"

namespace synood {

class DemoDiffusion : public InpaintingDiffusion {
public:
    DemoDiffusion(const ModelPack& pack, const std::string& device);

    const NoiseSchedule& schedule() const override { return m_schedule; }
    int imageSize() const override { return m_net->options.imageSize; }
    int imageChannels() const override { return m_net->options.channels; }
    int latentScale() const override { return 1; }
    at::Tensor encodePrompts(const std::vector<std::string>& prompts) override;
    at::Tensor unconditional(int64_t n) override;
    at::Tensor encodeImages(const at::Tensor& images) override { return images; }
    at::Tensor decodeLatents(const at::Tensor& latents) override { return latents; }
    at::Tensor imagesFromPixels(const at::Tensor& pixels01) override;
    at::Tensor pixelsFromImages(const at::Tensor& images) override;
    at::Tensor predict(const at::Tensor& zt, const at::Tensor& mask, const at::Tensor& maskedLatents, int t,
                       const at::Tensor& condition) override;

private:
    NoiseSchedule m_schedule;
    int m_padding = 0;  // black border around the world's images
    DemoUnetNet m_net{nullptr};
    std::unique_ptr<VisionLanguageModel> m_textEncoder;
};

// A world's images in [0, 1] mapped to [-1, 1] and padded with black by `padding` pixels per side
// (Fashion-MNIST's 28×28 by 2, to 32×32), and cropped back.
at::Tensor padToDemoDiffusion(const at::Tensor& pixels01, int padding);
at::Tensor cropFromDemoDiffusion(const at::Tensor& images, int padding);

// pack.json "diffusion" section of a demo pack, for the trainer that writes it.
nlohmann::json demoDiffusionJson(const DemoUnetOptions& options, int padding, const NoiseSchedule& schedule);

}  // namespace synood
