#pragma once
// Debian's LibTorch starts with one intra-op thread; the program sets the count once at start-up.

namespace synood {

// Number of cores of this machine (at least 1).
int hardwareThreads();

// Sets LibTorch's and OpenCV's thread counts. n <= 0 means all cores. Returns the count set.
int configureThreads(int n);

}  // namespace synood
