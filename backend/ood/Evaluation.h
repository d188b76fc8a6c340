#pragma once
// OOD evaluation of one method on an InD set against several OOD sets: the scores, the metrics per
// set and their average, and the ROC curves; and the studio's comparison of zero-shot against a
// fine-tuned adapter on the same data.
#include "core/Job.h"
#include "ood/Metrics.h"
#include "ood/Scores.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace synood {

class VisionLanguageModel;

// FPR95 in words, for reports and tables.
const char* fpr95Definition();

struct SetEvaluation {
    std::string name;
    std::vector<double> scores;
    OodMetrics metrics;
    std::vector<RocPoint> roc;
};

struct MethodEvaluation {
    std::string method;
    std::vector<double> indScores;
    std::vector<SetEvaluation> sets;
    OodMetrics average;  // the mean of each rate over the sets
};

MethodEvaluation evaluateScores(const std::string& method, std::vector<double> indScores,
                                const std::vector<std::pair<std::string, std::vector<double>>>& oodScores);

// {"method", "sets": {NAME: {auroc, fpr95, aupr_in, aupr_out, n_ind, n_ood}}, "average": {...}}.
nlohmann::ordered_json metricsJson(const MethodEvaluation& evaluation);

struct ComparisonOptions {
    std::string indSpec = "demo:ind";  // dataset specs (openImageDataset): DIR, FILE.gz[@labels], demo:NAME
    std::vector<std::pair<std::string, std::string>> oodSpecs{
        {"near", "demo:near"}, {"glyphs", "demo:glyphs"}, {"textures", "demo:textures"}};
    std::string negLabelsFile;  // the negative labels (zero-shot) the adapter was trained with
    std::string adapterPath;    // empty: zero-shot only
    ScoreKind score = ScoreKind::NegLabel;
    std::string cacheDir;       // image features kept there (empty: not cached)
};

// "zero-shot" and, with an adapter, "fine-tuned" (adapted features, tuned negatives), on the same
// features; the InD classes are the negative labels' own.
std::vector<MethodEvaluation> compareZeroShotAndTuned(VisionLanguageModel& model, const ComparisonOptions& options,
                                                      const JobContext& ctx = {});

}  // namespace synood
