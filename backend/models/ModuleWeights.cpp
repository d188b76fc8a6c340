#include "models/ModuleWeights.h"

#include "core/Error.h"

#include <ATen/ATen.h>
#include <torch/serialize.h>

namespace synood {

void saveModuleHalf(const torch::nn::Module& module, const std::string& path) {
    torch::serialize::OutputArchive archive;
    for (const auto& p : module.named_parameters()) archive.write(p.key(), p.value().detach().to(at::kHalf));
    for (const auto& b : module.named_buffers()) {
        archive.write(b.key(), b.value().scalar_type() == at::kFloat ? b.value().to(at::kHalf) : b.value(), true);
    }
    archive.save_to(path);
}

void loadModuleHalf(torch::nn::Module& module, const std::string& path) {
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path);
    } catch (const std::exception&) {  // LibTorch's readers throw c10::Error and standard exceptions alike
        throw SynoodError("not a demo model weights file", path, "rebuild the demo pack with synood demo build");
    }
    at::NoGradGuard noGrad;
    auto restore = [&](const std::string& name, at::Tensor target, bool buffer) {
        at::Tensor stored;
        if (!archive.try_read(name, stored, buffer)) {
            throw SynoodError("the weights file lacks '" + name + "'", path, "rebuild the demo pack with synood demo build");
        }
        if (stored.sizes() != target.sizes()) {
            throw SynoodError("the weights of '" + name + "' have another shape", path, "rebuild the demo pack");
        }
        target.copy_(stored.to(target.scalar_type()));
    };
    for (auto& p : module.named_parameters()) restore(p.key(), p.value(), false);
    for (auto& b : module.named_buffers()) restore(b.key(), b.value(), true);
}

}  // namespace synood
