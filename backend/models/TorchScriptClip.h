#pragma once
// CLIP as a TorchScript archive with OpenAI's interface (encode_image, encode_text, logit_scale):
// the official checkpoints (ViT-B-16.pt, ...) load and run as they are.
#include "models/ClipTokenizer.h"
#include "models/VisionLanguageModel.h"

#include <torch/script.h>

namespace synood {

class TorchScriptClip : public VisionLanguageModel {
public:
    // Throws SynoodError when the archive cannot be loaded, lacks encode_image/encode_text, or
    // gives features of another dimension than the pack's embed_dim.
    TorchScriptClip(const ModelPack& pack, const std::string& device);

    double logitScale() const override { return m_logitScale; }
    const TextTokenizer& tokenizer() const override;

protected:
    at::Tensor imageFeatures(const at::Tensor& pixels) override;
    at::Tensor textFeatures(const at::Tensor& ids) override;

private:
    torch::jit::script::Module m_module;
    at::Device m_device;
    at::ScalarType m_dtype = at::kFloat;
    double m_logitScale = 100.0;
    std::unique_ptr<ClipTokenizer> m_tokenizer;  // null when the pack has no bpe file
};

// "cpu", "cuda", "cuda:N" -> device; a clear error when CUDA is asked for and not available.
at::Device parseDevice(const std::string& device);

}  // namespace synood
