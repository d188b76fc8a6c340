#include "core/Job.h"

#include "core/Error.h"

namespace synood {

void JobContext::checkCancelled() const {
    if (token && token->isCancelled()) throw Cancelled();
}

void JobContext::report(const std::string& stage, long long done, long long total,
                        const std::string& message) const {
    if (progress) progress(Progress{stage, done, total, message});
}

}  // namespace synood
