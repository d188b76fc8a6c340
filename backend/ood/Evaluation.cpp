#include "ood/Evaluation.h"

#include "core/Error.h"
#include "data/ImageDataset.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "train/FeatureCache.h"
#include "train/FineTune.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <filesystem>

namespace fs = std::filesystem;

namespace synood {

const char* fpr95Definition() {
    return "FPR95: fraction of OOD scores at or above the first threshold (highest score down) at which 95% of "
           "InD scores are at or above it; InD is the positive class, higher score = more in-distribution";
}

MethodEvaluation evaluateScores(const std::string& method, std::vector<double> indScores,
                                const std::vector<std::pair<std::string, std::vector<double>>>& oodScores) {
    MethodEvaluation e;
    e.method = method;
    e.indScores = std::move(indScores);
    const double share = 1.0 / static_cast<double>(std::max<size_t>(1, oodScores.size()));
    for (const auto& [name, scores] : oodScores) {
        SetEvaluation s{name, scores, computeOodMetrics(e.indScores, scores, name), rocCurve(e.indScores, scores)};
        e.average.auroc += s.metrics.auroc * share;
        e.average.fpr95 += s.metrics.fpr95 * share;
        e.average.auprIn += s.metrics.auprIn * share;
        e.average.auprOut += s.metrics.auprOut * share;
        e.average.nInd = s.metrics.nInd;
        e.average.nOod += s.metrics.nOod;
        e.sets.push_back(std::move(s));
    }
    return e;
}

nlohmann::ordered_json metricsJson(const MethodEvaluation& e) {
    const auto row = [](const OodMetrics& m) {
        return nlohmann::ordered_json{{"auroc", m.auroc}, {"fpr95", m.fpr95}, {"aupr_in", m.auprIn},
                                      {"aupr_out", m.auprOut}, {"n_ind", m.nInd}, {"n_ood", m.nOod}};
    };
    nlohmann::ordered_json j{{"method", e.method}};
    j["sets"] = nlohmann::ordered_json::object();
    for (const auto& s : e.sets) j["sets"][s.name] = row(s.metrics);
    j["average"] = row(e.average);
    return j;
}

std::vector<MethodEvaluation> compareZeroShotAndTuned(VisionLanguageModel& model, const ComparisonOptions& o, const JobContext& ctx) {
    if (o.oodSpecs.empty()) throw SynoodError("no OOD set to evaluate on", "evaluation", "choose at least one OOD set");
    const NegativeLabelSet negatives = NegativeLabelSet::load(o.negLabelsFile, model.pack());
    at::NoGradGuard noGrad;
    const at::Tensor indText = encodeClassPrompts(model, negatives.indClasses, negatives.options.indTemplate);
    const auto features = [&](const std::string& spec) {
        std::string cache;
        if (!o.cacheDir.empty()) {
            fs::create_directories(o.cacheDir);
            std::string name = spec;
            for (char& c : name) c = std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
            cache = (fs::path(o.cacheDir) / (name + ".features")).string();
        }
        return encodeDataset(model, *openImageDataset(spec), cache, {}, ctx);  // raw: an adapter takes raw features
    };
    const at::Tensor ind = features(o.indSpec);
    std::vector<std::pair<std::string, at::Tensor>> ood;
    for (const auto& [name, spec] : o.oodSpecs) ood.emplace_back(name, features(spec));
    ScoreOptions so;
    so.logitScale = model.logitScale();
    const auto evaluate = [&](const std::string& method, const std::function<at::Tensor(const at::Tensor&)>& adapt,
                              const at::Tensor& negText) {
        std::vector<std::pair<std::string, std::vector<double>>> scores;
        for (const auto& [name, f] : ood) scores.emplace_back(name, toDoubles(computeScore(o.score, adapt(f), indText, negText, so)));
        return evaluateScores(method, toDoubles(computeScore(o.score, adapt(ind), indText, negText, so)), scores);
    };
    std::vector<MethodEvaluation> out;
    out.push_back(evaluate("zero-shot", [](const at::Tensor& f) { return normalizeFeatures(f); }, negatives.features));
    if (!o.adapterPath.empty()) {
        const TunedModel tuned = TunedModel::load(o.adapterPath, model.pack().fingerprint());
        out.push_back(evaluate("fine-tuned", [&](const at::Tensor& f) { return tuned.adapt(f); }, tuned.negatives));
    }
    return out;
}

}  // namespace synood
