#include "cli/Command.h"

#include "core/Error.h"

namespace synood::cli {

int runAction(const std::vector<std::string>& argv, const std::string& command,
              const std::vector<std::pair<std::string, Action>>& actions) {
    std::string names;
    for (const auto& a : actions) names += (names.empty() ? "" : ", ") + a.first;
    if (argv.empty()) throw SynoodError("missing action", "synood " + command, "available: " + names);
    const std::vector<std::string> rest(argv.begin() + 1, argv.end());
    for (const auto& [name, run] : actions) {
        if (name == argv[0]) return run(rest);
    }
    throw SynoodError("unknown action '" + argv[0] + "'", "synood " + command, "available: " + names);
}

}  // namespace synood::cli
