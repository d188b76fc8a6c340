#pragma once
// The near-boundary band: a synthesized sample is "near-boundary" when its final score lies in
// [low, high]. By default both ends are quantiles of the InD training scores (linear interpolation,
// as numpy's default), e.g. 1 % and 10 %: just below the InD bulk, where FPR95's threshold sits.
#include <string>
#include <vector>

namespace synood {

double quantileOf(std::vector<double> values, double q);

struct BoundaryBand {
    double low = 0, high = 0;
    bool contains(double score) const { return score >= low && score <= high; }
};

BoundaryBand bandFromQuantiles(const std::vector<double>& indScores, double qLow, double qHigh);

}  // namespace synood
