#include "core/Job.h"

#include "core/Error.h"

#include <chrono>
#include <thread>

namespace synood {

void JobContext::checkCancelled() const {
    if (!token) return;
    while (token->isPaused() && !token->isCancelled()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (token->isCancelled()) throw Cancelled();
}

void JobContext::report(const std::string& stage, long long done, long long total, const std::string& message) const {
    if (progress) progress(Progress{stage, done, total, message});
}

}  // namespace synood
