#pragma once
// Stable Diffusion inpainting exported to TorchScript (tools/export_sd_inpaint.py writes it; the tiny
// fixture tests/fixtures/make_tiny_sd_inpaint.py has the same signatures). The contract:
//   pack.json "diffusion": {"kind": "sd-inpaint-torchscript", "image_size": 512, "latent_channels": 4,
//     "latent_scale": 8, "vae_scaling_factor": 0.18215, "pad_token_id": 0 (SD 2; SD 1.x pads with 49407),
//     "schedule": {...NoiseSchedule...}}
//   files: "unet"          forward(sample [N, 9, h, w] = [z_t, mask, masked latents], timestep int64 [N],
//                                  encoder_hidden_states [N, 77, D]) -> ε or v [N, 4, h, w]
//          "vae_encoder"   forward(images [N, 3, H, W] in [-1, 1]) -> latent mean, unscaled
//          "vae_decoder"   forward(latents, unscaled) -> images in about [-1, 1]
//          "text_encoder"  forward(input_ids int64 [N, 77]) -> hidden states [N, 77, D]
//          "bpe"           CLIP's BPE merges (the tokenizer; optional for token-id use)
// Tensors cross this class on the CPU in float32; on CUDA the modules run there in the dtype they
// were exported in (export for the device and precision you run on: traces record both).
#include "models/ClipTokenizer.h"
#include "models/InpaintingDiffusion.h"

#include <torch/script.h>

namespace synood {

class SdInpaintDiffusion : public InpaintingDiffusion {
public:
    // precision: "auto" (the archive's dtype on CUDA, float32 on CPU), "float32", "float16" or
    // "bfloat16" (CUDA only; casts the weights).
    SdInpaintDiffusion(const ModelPack& pack, const std::string& device, const std::string& precision = "auto");

    const NoiseSchedule& schedule() const override { return m_schedule; }
    int imageSize() const override { return m_imageSize; }
    int imageChannels() const override { return 3; }
    int latentScale() const override { return m_latentScale; }
    at::Tensor encodePrompts(const std::vector<std::string>& prompts) override;
    at::Tensor unconditional(int64_t n) override;
    at::Tensor encodeImages(const at::Tensor& images) override;
    at::Tensor decodeLatents(const at::Tensor& latents) override;
    at::Tensor predict(const at::Tensor& zt, const at::Tensor& mask, const at::Tensor& maskedLatents, int t,
                       const at::Tensor& condition) override;

    // The text encoder on token ids [N, 77] (what encodePrompts does after tokenizing).
    at::Tensor encodeTokenIds(const at::Tensor& ids);
    at::ScalarType computeType() const { return m_dtype; }

private:
    at::Tensor run(torch::jit::script::Module& module, std::vector<c10::IValue> inputs);
    at::Tensor toDevice(const at::Tensor& t) const;

    NoiseSchedule m_schedule;
    int m_imageSize = 512, m_latentScale = 8, m_latentChannels = 4;
    double m_scaling = 0.18215;
    int64_t m_padId = 0;
    at::Device m_device{at::kCPU};
    at::ScalarType m_dtype = at::kFloat;
    torch::jit::script::Module m_unet, m_vaeEncoder, m_vaeDecoder, m_textEncoder;
    std::unique_ptr<ClipTokenizer> m_tokenizer;
    at::Tensor m_empty;  // hidden states of the empty prompt, for classifier-free guidance
};

}  // namespace synood
