#include "train/ResidualAdapter.h"

#include "models/VisionLanguageModel.h"

namespace synood {

ResidualAdapterImpl::ResidualAdapterImpl(int dim) {
    projection = register_module("projection", torch::nn::Linear(dim, dim));
    norm = register_module("norm", torch::nn::LayerNorm(torch::nn::LayerNormOptions({dim})));
}

at::Tensor ResidualAdapterImpl::forward(const at::Tensor& f) {
    return normalizeFeatures(f + at::relu(norm(projection(f))));
}

int64_t ResidualAdapterImpl::parameterCount() const {
    int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

}  // namespace synood
