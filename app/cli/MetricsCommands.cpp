// synood metrics: AUROC, FPR95, AUPR-In, AUPR-Out from two score files.
#include "cli/Args.h"
#include "cli/Command.h"

#include "core/Error.h"
#include "ood/Metrics.h"
#include "ood/ScoreFile.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace synood::cli {

namespace {

int metricsMain(const std::vector<std::string>& argv) {
    Args args(argv, {"ind", "ood"}, {}, "metrics");
    if (!args.has("ind") || !args.has("ood")) {
        throw SynoodError("--ind FILE and --ood FILE are required", "synood metrics", "see synood metrics --help");
    }
    const OodMetrics m = computeOodMetrics(readScoreFile(args.value("ind")), readScoreFile(args.value("ood")));
    nlohmann::ordered_json out{{"auroc", m.auroc},      {"fpr95", m.fpr95}, {"aupr_in", m.auprIn},
                               {"aupr_out", m.auprOut}, {"n_ind", m.nInd},  {"n_ood", m.nOod}};
    std::cout << out.dump() << "\n";
    return 0;
}

}  // namespace

std::vector<Command> metricsCommands() {
    return {{"metrics", "AUROC, FPR95, AUPR-In and AUPR-Out of InD vs OOD scores",
             "usage:\n"
             "  synood metrics --ind FILE --ood FILE\n"
             "      Each FILE holds one score per line; higher = more in-distribution. Prints one JSON\n"
             "      object: auroc, fpr95, aupr_in, aupr_out (fractions in [0,1]), n_ind, n_ood.\n"
             "      InD is the positive class. FPR95 is the fraction of OOD scores at or above the\n"
             "      first threshold (from the highest score down, over sklearn's roc_curve points) at\n"
             "      which 95% of InD scores are at or above it. AUPR-Out treats OOD as positive on\n"
             "      negated scores.\n",
             metricsMain}};
}

}  // namespace synood::cli
