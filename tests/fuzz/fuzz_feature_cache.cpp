// Feature-cache files (docs/feature-cache.md): the header, and the rows a valid header announces.
#include "tests/fuzz/FuzzSupport.h"

#include "features/FeatureCache.h"

#include <ATen/ATen.h>

#include <optional>

using namespace synood;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::inputFile(data, size, "input.features");
    std::optional<FeatureCacheHeader> header;
    if (!fuzz::parsed([&] { header = readFeatureCacheHeader(path); }) || !header) return 0;
    at::Tensor rows;
    if (!fuzz::parsed([&] { rows = readFeatureMatrix(path, header->packFingerprint, header->contentFingerprint); })) return 0;
    if (rows.dim() != 2 || rows.size(0) != static_cast<int64_t>(header->count) || rows.size(1) != static_cast<int64_t>(header->dim)) {
        fuzz::finding("the rows read do not match the header");
    }
    return 0;
}
