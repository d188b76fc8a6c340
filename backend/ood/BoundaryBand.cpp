#include "ood/BoundaryBand.h"

#include "core/Error.h"

#include <algorithm>
#include <cmath>

namespace synood {

double quantileOf(std::vector<double> v, double q) {
    if (v.empty()) throw SynoodError("no scores to take a quantile of", "boundary band", "the workspace needs InD samples");
    if (!(q >= 0.0 && q <= 1.0)) throw SynoodError("a quantile must lie in [0, 1]", "boundary band", "e.g. 0.05");
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const size_t i = static_cast<size_t>(std::floor(pos));
    const double f = pos - static_cast<double>(i);
    return i + 1 < v.size() ? v[i] + f * (v[i + 1] - v[i]) : v[i];
}

BoundaryBand bandFromQuantiles(const std::vector<double>& indScores, double qLow, double qHigh) {
    if (qLow > qHigh) throw SynoodError("the band's lower quantile is above its upper one", "--band", "e.g. --band 0.01,0.10");
    return {quantileOf(indScores, qLow), quantileOf(indScores, qHigh)};
}

}  // namespace synood
