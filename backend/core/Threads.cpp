#include "core/Threads.h"

#include <ATen/Parallel.h>
#include <torch/version.h>
#include <opencv2/core.hpp>

#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace synood {

int hardwareThreads() {
    const unsigned n = std::thread::hardware_concurrency();
    return n == 0 ? 1 : static_cast<int>(n);
}

int configureThreads(int n) {
    const int count = n > 0 ? n : hardwareThreads();
    at::set_num_threads(count);
    cv::setNumThreads(count);
    return count;
}

void tuneAllocatorForTensors() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);   // allocations below 32 MB come from the heap
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);  // keep up to 256 MB of free heap for reuse
    mallopt(M_TOP_PAD, 256 * 1024 * 1024);         // grow the heap in large steps
#endif
}

std::string computeDescription() {
    return std::string("LibTorch ") + TORCH_VERSION + " · CPU · " + std::to_string(at::get_num_threads()) +
           " threads";
}

}  // namespace synood
