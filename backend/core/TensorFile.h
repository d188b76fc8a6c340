#pragma once
// Named tensors and a JSON object in one file, in a format of our own (docs/tensor-file.md): read
// without LibTorch's unpickler, whose reader is not safe on files from elsewhere. Every length is
// checked against what the file holds before anything is allocated.
#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace synood {

struct TensorFile {
    nlohmann::json meta = nlohmann::json::object();
    std::vector<std::pair<std::string, at::Tensor>> tensors;  // in file order; names unique

    // The tensor of that name; undefined when there is none.
    at::Tensor find(const std::string& name) const;
};

// What a reader is told when the file is refused: the file, and what to do about it.
struct TensorFileSource {
    std::string path;
    std::string remedy;
};

// Float32 and float16 tensors (copied as they are, contiguous), up to 8 dimensions.
std::string tensorFileBytes(const TensorFile& file);
TensorFile parseTensorFile(const std::string& bytes, const TensorFileSource& source);

// True when the bytes begin with the format's magic.
bool isTensorFile(const std::string& bytes);

}  // namespace synood
