#pragma once
// The demo world's toy CLIP: a small CNN image tower and a hashed-word text tower with a shared
// embedding space, trained contrastively by ToyClipTrainer. Pack kind "demo-native"; weights are
// stored in half precision ("model" file) and computed in float32.
#include "models/DemoWordTokenizer.h"
#include "models/VisionLanguageModel.h"

#include <torch/nn.h>

namespace synood {

struct DemoClipNetImpl : torch::nn::Module {
    explicit DemoClipNetImpl(int embedDim = 64, int width = 32);
    at::Tensor encodeImage(const at::Tensor& pixels);  // [N, 3, 28, 28] normalised
    at::Tensor encodeText(const at::Tensor& ids);      // [N, 192] from DemoWordTokenizer

    torch::nn::Sequential imageTower{nullptr};
    torch::nn::Linear imageHead{nullptr};
    torch::nn::Embedding gramEmbedding{nullptr};
    torch::nn::Sequential textHead{nullptr};
    at::Tensor logitScaleLog;  // parameter: log of the logit scale
};
TORCH_MODULE(DemoClipNet);

class DemoClip : public VisionLanguageModel {
public:
    DemoClip(const ModelPack& pack, const std::string& device);
    double logitScale() const override;
    const TextTokenizer& tokenizer() const override { return m_tokenizer; }

protected:
    at::Tensor imageFeatures(const at::Tensor& pixels) override;
    at::Tensor textFeatures(const at::Tensor& ids) override;

private:
    DemoClipNet m_net{nullptr};
    DemoWordTokenizer m_tokenizer;
};

}  // namespace synood
