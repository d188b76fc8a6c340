#pragma once
// What every long-running backend job takes: a cancellation token polled between steps
// and a progress callback. The GUI worker sets the token directly from the GUI thread.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace synood {

class CancellationToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    void reset() { m_cancelled.store(false, std::memory_order_relaxed); }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
};

struct Progress {
    std::string stage;     // e.g. "decode", "train"
    long long done = 0;
    long long total = 0;   // 0 when unknown
    std::string message;   // free text, e.g. "loss 0.41"
};

using ProgressCallback = std::function<void(const Progress&)>;

struct JobContext {
    std::shared_ptr<CancellationToken> token = std::make_shared<CancellationToken>();
    ProgressCallback progress;  // may be empty

    // Throws Cancelled when the token is set; call between steps.
    void checkCancelled() const;
    void report(const std::string& stage, long long done, long long total,
                const std::string& message = {}) const;
};

}  // namespace synood
