#include "train/ResidualAdapter.h"

#include "models/VisionLanguageModel.h"

namespace synood {

ResidualAdapterImpl::ResidualAdapterImpl(int dim, bool gated) {
    projection = register_module("projection", torch::nn::Linear(dim, dim));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
    if (gated) gate = register_parameter("gate", at::zeros({1}));
}

at::Tensor ResidualAdapterImpl::forward(const at::Tensor& f) {
    const at::Tensor branch = at::relu(norm(projection(f)));
    return normalizeFeatures(gate.defined() ? f + gate * branch : f + branch);
}

int64_t ResidualAdapterImpl::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

}  // namespace synood
