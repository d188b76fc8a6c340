#include "core/Threads.h"

#include <ATen/Parallel.h>
#include <torch/version.h>
#include <opencv2/core.hpp>

#include <thread>

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

std::string computeDescription() {
    return std::string("LibTorch ") + TORCH_VERSION + " · CPU · " + std::to_string(at::get_num_threads()) +
           " threads";
}

}  // namespace synood
