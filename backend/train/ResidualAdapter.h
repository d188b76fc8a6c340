#pragma once
// SynOOD's image-side adapter (METHOD.md, stage 2A): a residual projection on the frozen image
// feature, f' = normalize(f + ReLU(LayerNorm(W f))). For ViT-B/16 (D = 512) about 264k parameters.
#include <torch/nn.h>

namespace synood {

struct ResidualAdapterImpl : torch::nn::Module {
    explicit ResidualAdapterImpl(int dim);
    at::Tensor forward(const at::Tensor& features);  // [N, D] -> normalised [N, D]
    int64_t parameterCount() const;
    torch::nn::Linear projection{nullptr};
    torch::nn::LayerNorm norm{nullptr};
};
TORCH_MODULE(ResidualAdapter);

}  // namespace synood
