#pragma once
// Where a detector fails, per OOD set, at its FPR95 threshold: the OOD images it accepts as InD
// (false positives) and the InD images it rejects (false negatives), worst first, each with its
// nearest training samples in the feature space the score used; what fine-tuning changed against
// zero-shot (images that crossed the threshold either way); and whether synthesis covers the
// failures (the share of false positives whose nearest training sample is synthesized, and the
// distance distributions). ops/Evaluate fills the inputs from the datasets and the workspace.
#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace synood {

// The samples the detector was trained on, in the score's feature space.
struct TrainingPool {
    std::vector<std::string> ids;
    std::vector<std::string> images;  // their image files
    std::vector<bool> synthesized;    // else an InD sample
    at::Tensor features;              // [P, D] unit rows; undefined when there is no pool
    bool empty() const { return ids.empty(); }
};

// One image set (InD or one OOD set) under the method whose failures are listed and under zero-shot.
struct ScoredImages {
    std::string name;                 // the set's name ("ind", or the OOD set's)
    std::vector<std::string> images;  // path, or "file.gz#index"
    std::vector<double> scores;       // the method's (higher = more InD)
    std::vector<double> zeroShot;     // zero-shot's; equal to scores without an adapter
    at::Tensor features;              // [N, D] unit rows in the method's feature space
};

struct Neighbour {
    std::string id, image;
    bool synthesized = false;
    double distance = 0;  // Euclidean between unit features (orders as cosine)
};

struct FailureImage {
    size_t index = 0;  // in its set
    std::string image;
    double score = 0, scoreZeroShot = 0;
    std::vector<Neighbour> nearest;  // the nearest synthesized samples and InD samples, nearest first
};

struct DistanceSummary {
    size_t n = 0;
    double q10 = 0, median = 0, q90 = 0;
};

struct Coverage {
    double synthesizedNearestShare = 0;  // of the false positives, nearest training sample synthesized
    DistanceSummary falsePositivesToSynthesized, falsePositivesToInD, oodToSynthesized;
};

struct SetFailures {
    std::string name;
    double threshold = 0, thresholdZeroShot = 0;  // accepted as InD at or above
    size_t falsePositiveCount = 0, falseNegativeCount = 0, nInd = 0, nOod = 0;
    std::vector<FailureImage> falsePositives;  // highest score first, at most `limit`
    std::vector<FailureImage> falseNegatives;  // lowest score first, at most `limit`
    // Crossed the threshold between zero-shot and the method: OOD images now rejected that zero-shot
    // accepted (fixed) or the reverse (broken); InD images now accepted (fixed) or now rejected (broken).
    size_t oodFixed = 0, oodBroken = 0, indFixed = 0, indBroken = 0;
    std::vector<FailureImage> fixed, broken;  // OOD images, furthest across first, at most `limit`
    Coverage coverage;                        // zero when there is no training pool
};

struct FailureReport {
    std::string score, method;  // e.g. "neglabel", "fine-tuned"
    bool comparedToZeroShot = false;
    bool hasPool = false;
    std::vector<SetFailures> sets;
    // {"score", "method", "sets": {NAME: {threshold, threshold_zero_shot, counts, false_positives,
    //  false_negatives, fixed, broken, coverage}}}; each image {image, index, score, score_zero_shot, nearest}.
    nlohmann::ordered_json toJson() const;
    // set,kind,rank,image,index,score,score_zero_shot,nearest_id,nearest_distance,nearest_synthesized
    std::string toCsv() const;
};

// ind and each of ood: scored under the method and zero-shot; limit: images listed per list;
// neighbours: nearest samples listed of each origin (synthesized, InD).
FailureReport findFailures(const std::string& score, const std::string& method, bool comparedToZeroShot, const ScoredImages& ind,
                           const std::vector<ScoredImages>& ood, const TrainingPool& pool, size_t limit, int neighbours = 3);

}  // namespace synood
