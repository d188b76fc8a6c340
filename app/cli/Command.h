#pragma once
// One subcommand of the synood CLI. Every command that exists is listed by `synood --help`.
#include <functional>
#include <string>
#include <vector>

namespace synood::cli {

struct Command {
    std::string name;      // e.g. "workspace"
    std::string summary;   // one line for synood --help
    std::string usage;     // full text for synood NAME --help
    std::function<int(const std::vector<std::string>&)> run;
};

// Defined in one file per command group.
std::vector<Command> workspaceCommands();
std::vector<Command> benchCommands();
std::vector<Command> textCommands();
std::vector<Command> metricsCommands();
std::vector<Command> oodCommands();
std::vector<Command> demoCommands();

}  // namespace synood::cli
