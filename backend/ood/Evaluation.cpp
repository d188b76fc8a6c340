#include "ood/Evaluation.h"

#include <algorithm>

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
        return nlohmann::ordered_json{{"auroc", m.auroc},      {"fpr95", m.fpr95}, {"aupr_in", m.auprIn},
                                      {"aupr_out", m.auprOut}, {"n_ind", m.nInd},  {"n_ood", m.nOod}};
    };
    nlohmann::ordered_json j{{"method", e.method}};
    if (!e.score.empty()) j["score"] = e.score;
    j["sets"] = nlohmann::ordered_json::object();
    for (const auto& s : e.sets) j["sets"][s.name] = row(s.metrics);
    j["average"] = row(e.average);
    return j;
}

}  // namespace synood
