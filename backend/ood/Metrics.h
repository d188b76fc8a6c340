#pragma once
// OOD detection metrics, exactly as ../shared/METHOD.md defines them and as scikit-learn computes
// them (roc_curve with drop_intermediate, roc_auc_score, average_precision_score).
// Convention: InD is the positive class and a higher score means more in-distribution.
// FPR95: the fraction of OOD scores at or above the threshold, at the first threshold (going down
// from the highest score, over the points of sklearn's roc_curve) where the fraction of InD scores
// at or above it reaches 0.95.
#include <string>
#include <vector>

namespace synood {

struct RocPoint {
    double threshold;  // +inf for the first point
    double fpr;
    double tpr;
};

struct OodMetrics {
    double auroc = 0;
    double fpr95 = 0;
    double auprIn = 0;   // average precision, InD positive
    double auprOut = 0;  // average precision, OOD positive on negated scores
    size_t nInd = 0, nOod = 0;
};

// The ROC curve as sklearn.metrics.roc_curve(drop_intermediate=True) returns it.
std::vector<RocPoint> rocCurve(const std::vector<double>& ind, const std::vector<double>& ood);
double auroc(const std::vector<double>& ind, const std::vector<double>& ood);
double fprAtTpr(const std::vector<double>& ind, const std::vector<double>& ood, double tpr = 0.95);
// The point FPR95 is read at: its threshold is the score at or above which an image is accepted as InD.
RocPoint rocPointAtTpr(const std::vector<double>& ind, const std::vector<double>& ood, double tpr = 0.95);
// sklearn.metrics.average_precision_score with `positives` as the positive class.
double averagePrecision(const std::vector<double>& positives, const std::vector<double>& negatives);

// Throws SynoodError when a set is empty or holds NaN/inf (naming `where`).
OodMetrics computeOodMetrics(const std::vector<double>& ind, const std::vector<double>& ood, const std::string& where = "scores");

}  // namespace synood
