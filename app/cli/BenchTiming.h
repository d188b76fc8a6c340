#pragma once
// The clock and the summary the bench commands share.
#include <algorithm>
#include <chrono>
#include <vector>

namespace synood::cli {

using BenchClock = std::chrono::steady_clock;

inline double secondsSince(BenchClock::time_point t0) { return std::chrono::duration<double>(BenchClock::now() - t0).count(); }

inline double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

}  // namespace synood::cli
