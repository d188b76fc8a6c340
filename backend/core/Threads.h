#pragma once
#include <string>
#include <vector>

// Debian's LibTorch starts with one intra-op thread; the program sets the count once at start-up.

namespace synood {

// Number of cores of this machine (at least 1).
int hardwareThreads();

// Sets LibTorch's and OpenCV's thread counts. n <= 0 means all cores. Returns the count set.
int configureThreads(int n);

// Keeps freed tensor buffers for reuse instead of returning them to the kernel after every operator:
// glibc's heap keeps those below 32 MB, the caching allocator (core/TensorAllocator.h) the larger
// ones. With glibc's defaults each large activation is a fresh mmap, and the page faults cost more
// than the arithmetic (BENCHMARKS.md). Call once at start-up, before large allocations.
void tuneAllocatorForTensors();

// One line for status bars and logs, e.g. "LibTorch 1.13.1 · CPU · 2 threads".
std::string computeDescription();

// The devices this build can use: "cpu", then "cuda:N" for each GPU when LibTorch has CUDA.
std::vector<std::string> availableDevices();

}  // namespace synood
