// `synood metrics` score files, and the metrics computed from what they hold.
#include "tests/fuzz/FuzzSupport.h"

#include "ood/Metrics.h"
#include "ood/ScoreFile.h"

#include <cmath>

using namespace synood;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::vector<double> scores;
    if (!fuzz::parsed([&] { scores = parseScores(fuzz::text(data, size), "fuzz input"); })) return 0;
    for (double s : scores) {
        if (!std::isfinite(s)) fuzz::finding("a score that is not finite was accepted");
    }
    // The same list as both sides, and split in two: the metrics of any accepted file are numbers.
    const std::vector<double> half(scores.begin(), scores.begin() + static_cast<long>((scores.size() + 1) / 2));
    for (const OodMetrics& m : {computeOodMetrics(scores, scores), computeOodMetrics(half, scores)}) {
        if (!(m.auroc >= 0 && m.auroc <= 1 && m.fpr95 >= 0 && m.fpr95 <= 1)) fuzz::finding("metrics outside [0, 1]");
    }
    return 0;
}
