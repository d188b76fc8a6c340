// synood: the command-line program. Backend only, no Qt.
#include "cli/Command.h"

#include "core/Error.h"
#include "core/Numbers.h"
#include "core/Threads.h"
#include "demo/FarOod.h"

#include <cstdio>
#include <cstdlib>
#include <iostream>

using synood::cli::Command;

namespace {

std::vector<Command> allCommands() {
    std::vector<Command> all;
    for (auto group :
         {synood::cli::workspaceCommands(), synood::cli::textCommands(), synood::cli::metricsCommands(), synood::cli::oodCommands(),
          synood::cli::demoCommands(), synood::cli::synthCommands(), synood::cli::finetuneCommands(), synood::cli::benchCommands()}) {
        for (auto& c : group) all.push_back(std::move(c));
    }
    return all;
}

void printHelp(const std::vector<Command>& commands) {
    std::cout << "synood " << SYNOOD_VERSION
              << " — SynOOD: near-boundary OOD synthesis and OOD detection\n\n"
                 "usage: synood [--threads N] COMMAND [ARGS...]\n"
                 "       synood COMMAND --help\n\n"
                 "commands:\n";
    for (const auto& c : commands) {
        std::printf("  %-12s %s\n", c.name.c_str(), c.summary.c_str());
    }
    std::cout << "\noptions:\n"
                 "  --threads N  compute threads (default: all cores)\n"
                 "  --help       this text\n"
                 "  --version    print the version\n";
}

}  // namespace

int main(int argc, char** argv) {
    synood::tuneAllocatorForTensors();
    synood::demo::registerDemoDatasets();
    std::vector<std::string> args(argv + 1, argv + argc);
    const auto commands = allCommands();
    int threads = 0;
    while (!args.empty() && args[0].rfind("--", 0) == 0) {
        if (args[0] == "--help" || args[0] == "-h") {
            printHelp(commands);
            return 0;
        }
        if (args[0] == "--version") {
            std::cout << "synood " << SYNOOD_VERSION << "\n";
            return 0;
        }
        if (args[0] == "--threads" && args.size() > 1) {
            const std::optional<long long> n = synood::parseInteger(args[1]);
            if (!n || *n < 0 || *n > 1024) {
                std::cerr << "synood: --threads must be a whole number from 0 (all cores) to 1024, got '" << args[1] << "'\n";
                return 2;
            }
            threads = static_cast<int>(*n);
            args.erase(args.begin(), args.begin() + 2);
            continue;
        }
        std::cerr << "synood: unknown option " << args[0] << " (see synood --help)\n";
        return 2;
    }
    if (args.empty()) {
        printHelp(commands);
        return 2;
    }
    for (const auto& c : commands) {
        if (c.name != args[0]) continue;
        const std::vector<std::string> rest(args.begin() + 1, args.end());
        for (const auto& a : rest) {
            if (a == "--help" || a == "-h") {
                std::cout << c.usage;
                return 0;
            }
        }
        try {
            synood::configureThreads(threads);
            return c.run(rest);
        } catch (const synood::SynoodError& e) {
            std::cerr << "synood: error: " << e.what() << "\n";
            return 1;
        } catch (const synood::Cancelled&) {
            std::cerr << "synood: cancelled\n";
            return 130;
        } catch (const std::exception& e) {
            std::cerr << "synood: unexpected error: " << e.what() << "\n";
            return 1;
        }
    }
    std::cerr << "synood: unknown command '" << args[0] << "' (see synood --help)\n";
    return 2;
}
