#pragma once
// Summary statistics over seeds: mean and sample standard deviation, and the mean of paired
// differences with its 95 % Student-t interval.
#include <cstddef>
#include <vector>

namespace synood {

struct MeanStd {
    double mean = 0, std = 0;  // std: sample standard deviation (0 for one value)
};
MeanStd meanStd(const std::vector<double>& values);

// The two-sided 97.5 % quantile of Student's t with `df` degrees of freedom (df >= 1).
double studentT975(size_t df);

struct PairedInterval {
    double mean = 0, low = 0, high = 0;  // low/high: NaN with fewer than two differences
};
// differences: per seed, method minus peer.
PairedInterval pairedInterval(const std::vector<double>& differences);

}  // namespace synood
