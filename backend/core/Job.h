#pragma once
// What every long-running backend job takes: a cancellation token polled between steps (which also
// pauses the job there while paused) and a progress callback. The GUI sets the token directly from
// the GUI thread.
#include <atomic>
#include <functional>
#include <memory>
#include <string>

namespace synood {

class CancellationToken {
public:
    void cancel() { m_cancelled.store(true, std::memory_order_relaxed); }
    void reset() {
        m_cancelled.store(false, std::memory_order_relaxed);
        m_paused.store(false, std::memory_order_relaxed);
    }
    bool isCancelled() const { return m_cancelled.load(std::memory_order_relaxed); }
    // A paused job waits at its next checkCancelled() until resumed or cancelled.
    void setPaused(bool paused) { m_paused.store(paused, std::memory_order_relaxed); }
    bool isPaused() const { return m_paused.load(std::memory_order_relaxed); }

private:
    std::atomic<bool> m_cancelled{false};
    std::atomic<bool> m_paused{false};
};

struct Progress {
    std::string stage;  // e.g. "decode", "train"
    long long done = 0;
    long long total = 0;  // 0 when unknown
    std::string message;  // free text, e.g. "loss 0.41"
};

using ProgressCallback = std::function<void(const Progress&)>;

struct JobContext {
    std::shared_ptr<CancellationToken> token = std::make_shared<CancellationToken>();
    ProgressCallback progress;  // may be empty

    // Throws Cancelled when the token is set; waits here while it is paused. Call between steps.
    void checkCancelled() const;
    void report(const std::string& stage, long long done, long long total, const std::string& message = {}) const;
};

}  // namespace synood
