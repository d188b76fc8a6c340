#include "ood/Metrics.h"

#include "core/Error.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace synood {

namespace {

// sklearn's _binary_clf_curve: cumulative true/false positives at each distinct score, descending.
struct ClfCurve {
    std::vector<double> thresholds, tps, fps;
};

ClfCurve binaryClfCurve(const std::vector<double>& positives, const std::vector<double>& negatives) {
    std::vector<std::pair<double, bool>> all;
    all.reserve(positives.size() + negatives.size());
    for (double s : positives) all.emplace_back(s, true);
    for (double s : negatives) all.emplace_back(s, false);
    std::sort(all.begin(), all.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    ClfCurve c;
    double tp = 0, fp = 0;
    for (size_t i = 0; i < all.size(); ++i) {
        if (all[i].second)
            tp += 1;
        else
            fp += 1;
        if (i + 1 == all.size() || all[i + 1].first != all[i].first) {  // last of a run of ties
            c.thresholds.push_back(all[i].first);
            c.tps.push_back(tp);
            c.fps.push_back(fp);
        }
    }
    return c;
}

void requireNonEmpty(const std::vector<double>& v, const char* what) {
    if (v.empty()) throw SynoodError(std::string("no ") + what + " scores", "metrics", "give at least one score of each set");
}

}  // namespace

std::vector<RocPoint> rocCurve(const std::vector<double>& ind, const std::vector<double>& ood) {
    requireNonEmpty(ind, "InD");
    requireNonEmpty(ood, "OOD");
    const ClfCurve c = binaryClfCurve(ind, ood);
    // drop_intermediate: keep the ends and every point where the curve bends.
    std::vector<size_t> keep;
    const size_t n = c.tps.size();
    for (size_t i = 0; i < n; ++i) {
        if (i == 0 || i + 1 == n) {
            keep.push_back(i);
            continue;
        }
        const double d2fps = c.fps[i + 1] - 2 * c.fps[i] + c.fps[i - 1];
        const double d2tps = c.tps[i + 1] - 2 * c.tps[i] + c.tps[i - 1];
        if (d2fps != 0 || d2tps != 0) keep.push_back(i);
    }
    const double P = c.tps.back(), N = c.fps.back();
    std::vector<RocPoint> out;
    out.reserve(keep.size() + 1);
    out.push_back({std::numeric_limits<double>::infinity(), 0.0, 0.0});
    for (size_t i : keep) out.push_back({c.thresholds[i], c.fps[i] / N, c.tps[i] / P});
    return out;
}

double auroc(const std::vector<double>& ind, const std::vector<double>& ood) {
    const auto roc = rocCurve(ind, ood);
    double area = 0;
    for (size_t i = 1; i < roc.size(); ++i) {
        area += (roc[i].fpr - roc[i - 1].fpr) * (roc[i].tpr + roc[i - 1].tpr) / 2;
    }
    return area;
}

RocPoint rocPointAtTpr(const std::vector<double>& ind, const std::vector<double>& ood, double tpr) {
    const auto roc = rocCurve(ind, ood);
    for (const auto& p : roc) {
        if (p.tpr >= tpr) return p;
    }
    return roc.back();  // unreachable: the last point has tpr 1
}

double fprAtTpr(const std::vector<double>& ind, const std::vector<double>& ood, double tpr) { return rocPointAtTpr(ind, ood, tpr).fpr; }

double averagePrecision(const std::vector<double>& positives, const std::vector<double>& negatives) {
    requireNonEmpty(positives, "positive");
    const ClfCurve c = binaryClfCurve(positives, negatives);
    const double P = c.tps.back();
    double ap = 0, previousTp = 0;
    for (size_t i = 0; i < c.tps.size(); ++i) {
        if (c.tps[i] == previousTp) continue;  // recall unchanged: no contribution
        ap += (c.tps[i] - previousTp) / P * (c.tps[i] / (c.tps[i] + c.fps[i]));
        previousTp = c.tps[i];
        if (c.tps[i] == P) break;  // full recall reached
    }
    return ap;
}

OodMetrics computeOodMetrics(const std::vector<double>& ind, const std::vector<double>& ood, const std::string& where) {
    for (const auto* v : {&ind, &ood}) {
        for (size_t i = 0; i < v->size(); ++i) {
            if (!std::isfinite((*v)[i])) {
                throw SynoodError(std::string(v == &ind ? "InD" : "OOD") + " score #" + std::to_string(i + 1) + " is not a finite number",
                                  where, "remove NaN/inf scores");
            }
        }
    }
    requireNonEmpty(ind, "InD");
    requireNonEmpty(ood, "OOD");
    OodMetrics m;
    m.auroc = auroc(ind, ood);
    m.fpr95 = fprAtTpr(ind, ood, 0.95);
    m.auprIn = averagePrecision(ind, ood);
    std::vector<double> negInd(ind.size()), negOod(ood.size());
    std::transform(ind.begin(), ind.end(), negInd.begin(), [](double s) { return -s; });
    std::transform(ood.begin(), ood.end(), negOod.begin(), [](double s) { return -s; });
    m.auprOut = averagePrecision(negOod, negInd);
    m.nInd = ind.size();
    m.nOod = ood.size();
    return m;
}

}  // namespace synood
