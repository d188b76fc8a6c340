#pragma once
// One interface for CLIP-like models: encode images, encode token ids, a logit scale.
// Encoders are frozen (no parameter gradients) but differentiable with respect to their inputs,
// which guided synthesis needs. Features come back unnormalised, in float32; use normalizeFeatures().
// Inference (no gradients asked) runs in the model's precision (models/Precision.h); anything
// differentiated runs in float32.
#include "core/Job.h"
#include "models/ModelPack.h"
#include "models/Precision.h"
#include "models/TextTokenizer.h"

#include <ATen/core/Tensor.h>

#include <memory>
#include <string>
#include <vector>

namespace synood {

class VisionLanguageModel {
public:
    explicit VisionLanguageModel(ModelPack pack) : m_pack(std::move(pack)) {}
    virtual ~VisionLanguageModel() = default;

    const ModelPack& pack() const { return m_pack; }
    int embedDim() const { return m_pack.embedDim; }

    // pixels: [N, 3, S, S] float, already preprocessed (models/ClipPreprocess.h).
    at::Tensor encodeImages(const at::Tensor& pixels);
    // ids: [N, L] int64 rows from tokenizer().
    at::Tensor encodeTokens(const at::Tensor& ids);
    virtual double logitScale() const = 0;
    virtual const TextTokenizer& tokenizer() const = 0;

    // Texts -> features [N, D], tokenized and encoded in batches, with progress and cancellation.
    at::Tensor encodeTexts(const std::vector<std::string>& texts, int batchSize = 64, const JobContext& ctx = {});

    // A resolved precision (resolvePrecision); float32 until set.
    void setPrecision(Precision precision);
    Precision precision() const { return m_precision; }
    // What cached image features depend on: the pack, and the precision unless float32 (so float32
    // caches keep the pack's fingerprint and stay valid).
    std::string featuresFingerprint() const;

protected:
    // The towers themselves, run in whatever precision the caller's scope sets.
    virtual at::Tensor imageFeatures(const at::Tensor& pixels) = 0;
    virtual at::Tensor textFeatures(const at::Tensor& ids) = 0;

private:
    Precision inferencePrecision() const;

    ModelPack m_pack;
    Precision m_precision = Precision::Float32;
};

at::Tensor normalizeFeatures(const at::Tensor& features);

// Loads the pack at `path` (folder or pack.json) on `device` ("cpu", "cuda", "cuda:N"), computing
// in `precision` once resolved for that device and pack (float32 unless asked).
std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const std::string& path, const std::string& device = "cpu",
                                                             Precision precision = Precision::Float32);
std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const ModelPack& pack, const std::string& device = "cpu",
                                                             Precision precision = Precision::Float32);

}  // namespace synood
