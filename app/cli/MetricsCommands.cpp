// synood metrics: AUROC, FPR95, AUPR-In, AUPR-Out from two score files.
#include "cli/Args.h"
#include "cli/Command.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "ood/Metrics.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <iostream>
#include <sstream>

namespace synood::cli {

namespace {

// One score per line; blank lines are skipped. Anything else is an error naming file and line.
std::vector<double> readScores(const std::string& path) {
    const std::string text = readWholeFile(path);
    std::vector<double> scores;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        const auto last = line.find_last_not_of(" \t\r");
        const std::string field = line.substr(first, last - first + 1);
        const std::string where = path + ":" + std::to_string(lineNo);
        double v = 0;
        size_t used = 0;
        try {
            v = std::stod(field, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != field.size()) {
            throw SynoodError("not a number: '" + field.substr(0, 40) + "'", where, "write one score per line");
        }
        if (!std::isfinite(v)) throw SynoodError("the score is NaN or infinite", where, "remove it or fix the scorer");
        scores.push_back(v);
    }
    if (scores.empty()) throw SynoodError("the score file is empty", path, "write one score per line");
    return scores;
}

int metricsMain(const std::vector<std::string>& argv) {
    Args args(argv, {"ind", "ood"}, {}, "metrics");
    if (!args.has("ind") || !args.has("ood")) {
        throw SynoodError("--ind FILE and --ood FILE are required", "synood metrics", "see synood metrics --help");
    }
    const OodMetrics m = computeOodMetrics(readScores(args.value("ind")), readScores(args.value("ood")));
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
