#include "models/VisionLanguageModel.h"

#include "core/Error.h"
#include "core/Sha256.h"
#include "models/DemoClip.h"
#include "models/TorchScriptClip.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>

namespace synood {

at::Tensor normalizeFeatures(const at::Tensor& features) { return features / features.norm(2, -1, true).clamp_min(1e-12); }

at::Tensor VisionLanguageModel::encodeImages(const at::Tensor& pixels) {
    const PrecisionScope scope(inferencePrecision());
    return imageFeatures(pixels).to(at::kFloat);
}

at::Tensor VisionLanguageModel::encodeTokens(const at::Tensor& ids) {
    const PrecisionScope scope(inferencePrecision());
    return textFeatures(ids).to(at::kFloat);
}

void VisionLanguageModel::setPrecision(Precision precision) {
    if (precision == Precision::Auto)
        throw SynoodError("setPrecision needs a resolved precision", pack().dir, "call resolvePrecision first");
    m_precision = precision;
}

std::string VisionLanguageModel::featuresFingerprint() const {
    const std::string packPrint = pack().fingerprint();
    return m_precision == Precision::Float32 ? packPrint : sha256OfBytes(packPrint + "|" + precisionName(m_precision));
}

// Gradients asked for (guided synthesis): float32, whatever the model's precision.
Precision VisionLanguageModel::inferencePrecision() const { return at::GradMode::is_enabled() ? Precision::Float32 : m_precision; }

at::Tensor VisionLanguageModel::encodeTexts(const std::vector<std::string>& texts, int batchSize, const JobContext& ctx) {
    const TextTokenizer& tok = tokenizer();
    const int L = tok.contextLength();
    std::vector<at::Tensor> parts;
    for (size_t start = 0; start < texts.size(); start += static_cast<size_t>(batchSize)) {
        ctx.checkCancelled();
        const size_t n = std::min(texts.size() - start, static_cast<size_t>(batchSize));
        at::Tensor ids = at::zeros({static_cast<int64_t>(n), L}, at::kLong);
        auto acc = ids.accessor<int64_t, 2>();
        for (size_t i = 0; i < n; ++i) {
            const auto row = tok.tokenizeRow(texts[start + i]);
            for (int k = 0; k < L; ++k) acc[static_cast<int64_t>(i)][k] = row[static_cast<size_t>(k)];
        }
        parts.push_back(encodeTokens(ids).to(at::kCPU, at::kFloat));
        ctx.report("encode text", static_cast<long long>(start + n), static_cast<long long>(texts.size()));
    }
    if (parts.empty()) return at::zeros({0, embedDim()});
    return at::cat(parts, 0);
}

namespace {

std::unique_ptr<VisionLanguageModel> constructModel(const ModelPack& pack, const std::string& device) {
    if (pack.kind == "clip-torchscript") return std::make_unique<TorchScriptClip>(pack, device);
    if (pack.kind == "demo-native") return std::make_unique<DemoClip>(pack, device);
    throw SynoodError("pack kind '" + pack.kind + "' is not a vision-language model this build can load", pack.dir + "/pack.json",
                      "use a clip-torchscript pack");
}

}  // namespace

std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const ModelPack& pack, const std::string& device, Precision precision) {
    const Precision resolved = resolvePrecision(precision, device, pack);  // before the load: a refusal costs nothing
    auto model = constructModel(pack, device);
    model->setPrecision(resolved);
    return model;
}

std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const std::string& path, const std::string& device, Precision precision) {
    return loadVisionLanguageModel(ModelPack::load(path), device, precision);
}

}  // namespace synood
