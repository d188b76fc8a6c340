#pragma once
// The demo pack's inpainting diffusion: DemoUnet in pixel space (32×32 grayscale; Fashion-MNIST's
// 28×28 padded with black), prompts encoded by the same pack's toy-CLIP text tower.
#include "models/DemoUnet.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"

namespace synood {

class DemoDiffusion : public InpaintingDiffusion {
public:
    DemoDiffusion(const ModelPack& pack, const std::string& device);

    const NoiseSchedule& schedule() const override { return m_schedule; }
    int imageSize() const override { return 32; }
    int imageChannels() const override { return 1; }
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
    DemoUnetNet m_net{nullptr};
    std::unique_ptr<VisionLanguageModel> m_textEncoder;
};

// Fashion-MNIST's 28×28 in [0, 1] padded with black to 32×32 in [-1, 1], and cropped back.
at::Tensor padToDemoDiffusion(const at::Tensor& pixels01);
at::Tensor cropFromDemoDiffusion(const at::Tensor& images);

// pack.json "diffusion" section of the demo pack, for the trainer that writes it.
nlohmann::json demoDiffusionJson(const DemoUnetOptions& options, const NoiseSchedule& schedule);

}  // namespace synood
