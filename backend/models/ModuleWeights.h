#pragma once
// Weights of a native (C++-defined) module stored as float16 tensors in a torch archive — half the
// size of float32, precise enough for inference — and loaded back into the module's float32 tensors.
#include <torch/nn/module.h>

#include <string>

namespace synood {

void saveModuleHalf(const torch::nn::Module& module, const std::string& path);
// Throws SynoodError when the file is not an archive, lacks a tensor or has another shape.
void loadModuleHalf(torch::nn::Module& module, const std::string& path);

}  // namespace synood
