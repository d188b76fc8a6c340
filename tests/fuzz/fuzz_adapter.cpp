// Adapter files (`synood finetune --out`): a tensor file (core/TensorFile.h) with meta data,
// negatives and the adapter's weights. An accepted file must be usable: its model adapts features
// of its width. The LibTorch archives of earlier versions are refused before LibTorch reads them.
#include "tests/fuzz/FuzzSupport.h"

#include "train/FineTune.h"

#include <ATen/ATen.h>

#include <optional>

using namespace synood;

// The pack fingerprint the seeds were written with (tests/fuzz/make_seeds.cpp).
constexpr const char* kSeedPack = "fuzz-pack";

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::inputFile(data, size, "fuzz.adapter");
    std::optional<TunedModel> model;
    if (!fuzz::parsed([&] { model.emplace(TunedModel::load(path, kSeedPack)); })) return 0;
    const at::Tensor unit = model->adapt(at::ones({2, model->negatives.size(1)}));
    if (unit.size(0) != 2 || unit.size(1) != model->negatives.size(1)) fuzz::finding("adapted features of the wrong shape");
    return 0;
}
