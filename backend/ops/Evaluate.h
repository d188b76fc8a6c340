#pragma once
// OOD evaluation as `synood eval` and the studio's Evaluate ask for it: one request, one report
// (the same JSON from both), the model from the shared cache. Zero-shot always; with an adapter
// also "fine-tuned" (adapted image features, tuned negatives) on the same image features.
#include "core/Job.h"
#include "features/FeatureCache.h"
#include "ood/Evaluation.h"
#include "ood/Failures.h"
#include "ops/ModelCache.h"

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace synood::ops {

struct EvaluationRequest {
    ModelSource model;
    std::string indSpec;                                       // dataset specs (openImageDataset)
    std::vector<std::pair<std::string, std::string>> oodSets;  // name, spec
    std::vector<ScoreKind> scores;                             // empty: msp, mcm, energy, maxlogit, and neglabel with negative labels
    std::string classesFile;                                   // InD class names, one per line; empty: the negative labels' classes
    std::string promptTemplate;                                // empty: the negative labels', else kDefaultIndTemplate
    std::string negLabelsFile;                                 // mined negative labels (the neglabel score needs them)
    std::string adapterPath;                                   // empty: zero-shot only
    int negLabelGroups = ScoreOptions{}.negLabelGroups;
    std::string cacheDir;  // image features kept there (empty: not cached)
    EncodeOptions encode;
    // Failures at the FPR95 threshold (ood/Failures): images listed per list, 0 for none; under
    // `failureScore` (default: neglabel when reported, else energy when reported, else the first
    // score) and the adapter when there is one, else zero-shot; nearest training samples from the
    // workspace in `trainingWorkspace` (its synthesized samples not rejected and its InD samples).
    size_t failures = 0;
    std::optional<ScoreKind> failureScore;
    std::string trainingWorkspace;
};

struct EvaluationReport {
    std::string model, ind, negLabels, adapter;
    std::vector<MethodEvaluation> methods;  // per score: zero-shot, then fine-tuned
    std::optional<FailureReport> failures;
    // {"fpr95_definition", "model", "ind", "neglabels", "adapter", "methods": [metricsJson(m)...]
    //  [, "failures": FailureReport::toJson()]}
    nlohmann::ordered_json toJson() const;
    // score,method,ood_set,auroc,fpr95,aupr_in,aupr_out,n_ind,n_ood (one row per set and the average)
    std::string toCsv() const;
};

EvaluationReport evaluate(const EvaluationRequest& request, ModelCache& models, const JobContext& ctx = {});

// Where the features of a dataset spec are cached under dir.
std::string featureCacheFile(const std::string& dir, const std::string& spec);

}  // namespace synood::ops
