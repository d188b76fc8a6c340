#pragma once
#include <string>

// Debian's LibTorch starts with one intra-op thread; the program sets the count once at start-up.

namespace synood {

// Number of cores of this machine (at least 1).
int hardwareThreads();

// Sets LibTorch's and OpenCV's thread counts. n <= 0 means all cores. Returns the count set.
int configureThreads(int n);

// One line for status bars and logs, e.g. "LibTorch 1.13.1 · CPU · 2 threads".
std::string computeDescription();

}  // namespace synood
