// IDX files (Fashion-MNIST's format), plain or gzip-compressed, as readIdx reads them.
#include "tests/fuzz/FuzzSupport.h"

#include "data/IdxReader.h"

using namespace synood;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::inputFile(data, size, "input.idx");
    IdxArray idx;
    if (!fuzz::parsed([&] { idx = readIdx(path); })) return 0;
    long long total = 1;
    for (int d : idx.dims) total *= d;
    if (idx.dims.empty() || static_cast<long long>(idx.data.size()) != total) fuzz::finding("the data does not match the dimensions");
    return 0;
}
