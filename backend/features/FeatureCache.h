#pragma once
// Image features of a dataset, computed once and cached on disk (format: docs/feature-cache.md).
// The header carries the model pack's fingerprint and the dataset's, so a changed pack or dataset
// invalidates the cache instead of being misread. Encoding is batched, decodes images on several
// threads while the model encodes, reports progress, can be cancelled, and resumes where it stopped.
#include "core/Job.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
#include <string>

namespace synood {

class ImageDataset;
class VisionLanguageModel;

struct FeatureCacheHeader {
    uint32_t dim = 0;
    uint64_t count = 0;
    uint64_t done = 0;               // rows written; == count when complete
    std::string packFingerprint;     // 64 hex chars: VisionLanguageModel::featuresFingerprint()
    std::string contentFingerprint;  // 64 hex chars
};

// Header of a cache file; nullopt when the file does not exist. Throws SynoodError when it exists
// but is not a feature cache.
std::optional<FeatureCacheHeader> readFeatureCacheHeader(const std::string& path);

struct EncodeOptions {
    int batchSize = 64;
    int decodeThreads = 2;
};

// [N, D] raw (unnormalised) image features of every image of the dataset, in dataset order.
// With a cachePath: reused when valid, otherwise computed into cachePath + ".partial" (resumed
// from there after a cancel or a crash) and renamed into place when complete.
at::Tensor encodeDataset(VisionLanguageModel& model, const ImageDataset& dataset, const std::string& cachePath,
                         const EncodeOptions& options = {}, const JobContext& ctx = {});

// A standalone feature matrix in the same format (e.g. negative-label text features): written
// atomically, read back only when both fingerprints match (SynoodError otherwise).
void writeFeatureMatrix(const std::string& path, const at::Tensor& features, const std::string& packFingerprint,
                        const std::string& contentFingerprint);
at::Tensor readFeatureMatrix(const std::string& path, const std::string& packFingerprint, const std::string& contentFingerprint);

}  // namespace synood
