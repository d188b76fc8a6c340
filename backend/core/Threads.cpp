#include "core/Threads.h"

#include "core/TensorAllocator.h"

#include <ATen/Parallel.h>
#include <torch/cuda.h>
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
    installTensorAllocator();
}

std::string computeDescription() {
    const size_t gpus = availableDevices().size() - 1;
    return std::string("LibTorch ") + TORCH_VERSION + " · CPU · " + std::to_string(at::get_num_threads()) + " threads" +
           (gpus > 0 ? " · " + std::to_string(gpus) + " CUDA device(s)" : std::string());
}

std::vector<std::string> availableDevices() {
    std::vector<std::string> devices{"cpu"};
    if (torch::cuda::is_available()) {
        for (size_t i = 0; i < torch::cuda::device_count(); ++i) devices.push_back("cuda:" + std::to_string(i));
    }
    return devices;
}

}  // namespace synood
