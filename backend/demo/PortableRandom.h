#pragma once
// Draws whose values are the same with every standard library (std::uniform_*_distribution's are
// implementation-defined): what the generated demo images are made of, so image i is the same
// image on every machine.
#include <cstdint>
#include <random>

namespace synood::demo {

inline double uniformReal(std::mt19937_64& rng, double lo, double hi) {
    return lo + (hi - lo) * static_cast<double>(rng() >> 11) * (1.0 / 9007199254740992.0);
}

inline int uniformInt(std::mt19937_64& rng, int lo, int hi) {  // inclusive
    return lo + static_cast<int>(rng() % static_cast<uint64_t>(hi - lo + 1));
}

}  // namespace synood::demo
