#include "cli/OpProfile.h"

#include <ATen/record_function.h>

#include <chrono>
#include <vector>

namespace synood::cli {
namespace {

using Clock = std::chrono::steady_clock;

struct Frame {
    const char* name;
    Clock::time_point start;
    double childSeconds = 0;
};

// Record-function callbacks are plain functions: their state is this thread's.
thread_local std::vector<Frame> t_stack;
thread_local std::map<std::string, double> t_self;

std::unique_ptr<at::ObserverContext> enter(const at::RecordFunction& fn) {
    t_stack.push_back({fn.name(), Clock::now()});
    return nullptr;
}

void leave(const at::RecordFunction&, at::ObserverContext*) {
    if (t_stack.empty()) return;  // entered before the profile began
    const Frame frame = t_stack.back();
    t_stack.pop_back();
    const double total = std::chrono::duration<double>(Clock::now() - frame.start).count();
    t_self[frame.name] += total - frame.childSeconds;
    if (!t_stack.empty()) t_stack.back().childSeconds += total;
}

std::string groupOf(const std::string& op) {
    auto has = [&](const char* part) { return op.find(part) != std::string::npos; };
    if (has("bmm") || has("softmax")) return "attention";
    if (has("addmm") || has("::mm") || has("matmul") || has("linear") || has("convolution")) return "GEMM";
    if (has("layer_norm")) return "layer norm";
    if (has("copy") || has("::to") || has("autocast") || has("contiguous")) return "casts";
    return "elementwise";
}

}  // namespace

OpProfile::OpProfile() {
    t_stack.clear();
    t_self.clear();
    m_handle = at::addThreadLocalCallback(at::RecordFunctionCallback(&enter, &leave).scopes({at::RecordScope::FUNCTION}));
}

OpProfile::~OpProfile() { at::removeCallback(m_handle); }

const std::map<std::string, double>& OpProfile::selfSeconds() const { return t_self; }

std::map<std::string, double> OpProfile::byGroup() const {
    std::map<std::string, double> groups;
    for (const auto& [op, seconds] : t_self) groups[groupOf(op)] += seconds;
    return groups;
}

}  // namespace synood::cli
