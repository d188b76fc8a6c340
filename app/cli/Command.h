#pragma once
// One subcommand of the synood CLI. Every command that exists is listed by `synood --help`.
#include <functional>
#include <string>
#include <vector>

namespace synood::cli {

struct Command {
    std::string name;     // e.g. "workspace"
    std::string summary;  // one line for synood --help
    std::string usage;    // full text for synood NAME --help
    std::function<int(const std::vector<std::string>&)> run;
};

using Action = std::function<int(const std::vector<std::string>&)>;

// For commands with actions ("synood workspace info ..."): runs the action named by argv[0] with
// the remaining arguments; a clear error naming the available actions otherwise.
int runAction(const std::vector<std::string>& argv, const std::string& command, const std::vector<std::pair<std::string, Action>>& actions);

// Defined in one file per command group.
std::vector<Command> workspaceCommands();
std::vector<Command> benchCommands();
std::vector<Command> textCommands();
std::vector<Command> metricsCommands();
std::vector<Command> oodCommands();
std::vector<Command> demoCommands();
std::vector<Command> synthCommands();
std::vector<Command> finetuneCommands();
int benchSynth(const std::vector<std::string>& argv);     // synood bench synth
int benchEncode(const std::vector<std::string>& argv);    // synood bench encode
int benchText(const std::vector<std::string>& argv);      // synood bench text
int benchGemm(const std::vector<std::string>& argv);      // synood bench gemm
int benchValidate(const std::vector<std::string>& argv);  // synood bench validate

}  // namespace synood::cli
