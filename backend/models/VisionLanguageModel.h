#pragma once
// One interface for CLIP-like models: encode images, encode token ids, a logit scale.
// Encoders are frozen (no parameter gradients) but differentiable with respect to their inputs,
// which guided synthesis needs. Features come back unnormalised; use normalizeFeatures().
#include "core/Job.h"
#include "models/ModelPack.h"
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
    virtual at::Tensor encodeImages(const at::Tensor& pixels) = 0;
    // ids: [N, L] int64 rows from tokenizer().
    virtual at::Tensor encodeTokens(const at::Tensor& ids) = 0;
    virtual double logitScale() const = 0;
    virtual const TextTokenizer& tokenizer() const = 0;

    // Texts -> features [N, D], tokenized and encoded in batches, with progress and cancellation.
    at::Tensor encodeTexts(const std::vector<std::string>& texts, int batchSize = 64, const JobContext& ctx = {});

private:
    ModelPack m_pack;
};

at::Tensor normalizeFeatures(const at::Tensor& features);

// Loads the pack at `path` (folder or pack.json) on `device` ("cpu", "cuda", "cuda:N").
std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const std::string& path, const std::string& device = "cpu");
std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const ModelPack& pack, const std::string& device = "cpu");

}  // namespace synood
