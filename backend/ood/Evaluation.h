#pragma once
// OOD evaluation of one method on an InD set against several OOD sets: the scores, the metrics per
// set and their average, and the ROC curves (ops/Evaluate runs it on datasets).
#include "ood/Metrics.h"
#include "ood/Scores.h"

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

namespace synood {

// FPR95 in words, for reports and tables.
const char* fpr95Definition();

struct SetEvaluation {
    std::string name;
    std::vector<double> scores;
    OodMetrics metrics;
    std::vector<RocPoint> roc;
};

struct MethodEvaluation {
    std::string method;  // e.g. "zero-shot", "fine-tuned"
    std::string score;   // the score's name (toString(ScoreKind)); may be empty
    std::vector<double> indScores;
    std::vector<SetEvaluation> sets;
    OodMetrics average;  // the mean of each rate over the sets
};

MethodEvaluation evaluateScores(const std::string& method, std::vector<double> indScores,
                                const std::vector<std::pair<std::string, std::vector<double>>>& oodScores);

// {"method", ["score",] "sets": {NAME: {auroc, fpr95, aupr_in, aupr_out, n_ind, n_ood}}, "average": {...}}.
nlohmann::ordered_json metricsJson(const MethodEvaluation& evaluation);

}  // namespace synood
