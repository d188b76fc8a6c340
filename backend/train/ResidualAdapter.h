#pragma once
// SynOOD's image-side adapter (METHOD.md, stage 2A): a residual projection on the frozen image
// feature, f' = normalize(f + ReLU(LayerNorm(W f))). For ViT-B/16 (D = 512) about 264k parameters.
// Gated (the default): f' = normalize(f + g · ReLU(LayerNorm(W f))) with one scalar g starting at 0,
// so training starts from the zero-shot features. Ungated, the branch starts as a random vector of
// norm ≈ sqrt(D/2) added to a unit feature: the zero-shot geometry is gone before the first step
// (measured on the demo: README, "SynOOD on the demo world").
#include <torch/nn.h>

namespace synood {

struct ResidualAdapterImpl : torch::nn::Module {
    explicit ResidualAdapterImpl(int dim, bool gated = true);
    at::Tensor forward(const at::Tensor& features);  // [N, D] -> normalised [N, D]
    int64_t parameterCount() const;
    torch::nn::Linear projection{nullptr};
    torch::nn::LayerNorm norm{nullptr};
    at::Tensor gate;  // [1], undefined when ungated
};
TORCH_MODULE(ResidualAdapter);

}  // namespace synood
