#pragma once
// Turns backend progress reports into a one-line progress bar on stderr (rate-limited).
#include "core/Job.h"

namespace synood::cli {

ProgressCallback terminalProgress();

}  // namespace synood::cli
