#include "cli/TerminalProgress.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <unistd.h>

namespace synood::cli {

ProgressCallback terminalProgress() {
    using Clock = std::chrono::steady_clock;
    auto last = std::make_shared<Clock::time_point>(Clock::time_point{});
    const bool tty = ::isatty(STDERR_FILENO) != 0;
    return [last, tty](const Progress& p) {
        const auto now = Clock::now();
        const bool finished = p.total > 0 && p.done >= p.total;
        if (!finished && now - *last < std::chrono::milliseconds(tty ? 100 : 2000)) return;
        *last = now;
        if (p.total > 0) {
            const double frac = static_cast<double>(p.done) / static_cast<double>(p.total);
            const int width = 30, filled = static_cast<int>(frac * width);
            std::fprintf(stderr, "%s%s [%.*s%*s] %lld/%lld %s%s", tty ? "\r" : "", p.stage.c_str(), filled,
                         "##############################", width - filled, "", p.done, p.total, p.message.c_str(),
                         (tty && !finished) ? "" : "\n");
        } else {
            std::fprintf(stderr, "%s%s %lld %s%s", tty ? "\r" : "", p.stage.c_str(), p.done, p.message.c_str(), tty ? "" : "\n");
        }
        std::fflush(stderr);
    };
}

}  // namespace synood::cli
