#pragma once
// Reader for IDX files (the MNIST / Fashion-MNIST format), plain or gzip-compressed.
#include <cstdint>
#include <string>
#include <vector>

namespace synood {

struct IdxArray {
    std::vector<int> dims;      // e.g. {60000, 28, 28}
    std::vector<uint8_t> data;  // row-major, unsigned bytes (type code 0x08)

    long long count() const { return dims.empty() ? 0 : dims[0]; }
    long long itemSize() const;  // product of dims[1..]
};

// Throws SynoodError naming the file for a missing file, a bad magic number, an unsupported
// element type, or data shorter than the header announces.
IdxArray readIdx(const std::string& path);

}  // namespace synood
