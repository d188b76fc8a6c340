// synood workspace info|demo
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "data/Workspace.h"
#include "demo/DemoWorkspace.h"

#include <nlohmann/json.hpp>

#include <iostream>

namespace synood::cli {

namespace {

int workspaceInfo(const std::vector<std::string>& argv) {
    Args args(argv, {}, {}, "workspace info");
    if (args.positionals().size() != 1) {
        throw SynoodError("expected one workspace folder", "synood workspace info", "synood workspace info DIR");
    }
    const Workspace ws = Workspace::load(args.positionals()[0]);
    nlohmann::json byOrigin = nlohmann::json::object(), byStatus = nlohmann::json::object(),
                   byClass = nlohmann::json::object();
    for (const auto& s : ws.samples()) {
        byOrigin[toString(s.origin)] = byOrigin.value(toString(s.origin), 0) + 1;
        byStatus[toString(s.status)] = byStatus.value(toString(s.status), 0) + 1;
        if (!s.className.empty()) byClass[s.className] = byClass.value(s.className, 0) + 1;
    }
    nlohmann::json out{{"name", ws.name},         {"samples", ws.size()},
                       {"schema_version", Workspace::kSchemaVersion},
                       {"by_origin", byOrigin},  {"by_status", byStatus}, {"by_class", byClass}};
    std::cout << out.dump(2) << "\n";
    return 0;
}

int workspaceDemo(const std::vector<std::string>& argv) {
    Args args(argv, {"per-class"}, {}, "workspace demo");
    const std::string dir =
        args.positionals().empty() ? demo::defaultDemoWorkspaceDir() : args.positionals()[0];
    const int perClass = args.intValue("per-class", 200);
    if (perClass <= 0) throw SynoodError("--per-class must be positive", "synood workspace demo", "e.g. --per-class 200");
    JobContext ctx;
    ctx.progress = terminalProgress();
    const size_t n = demo::createDemoWorkspace(dir, perClass, ctx);
    std::cout << "wrote " << n << " samples to " << dir << "\n";
    return 0;
}

int workspaceMain(const std::vector<std::string>& argv) {
    return runAction(argv, "workspace", {{"info", workspaceInfo}, {"demo", workspaceDemo}});
}

}  // namespace

std::vector<Command> workspaceCommands() {
    return {{"workspace", "inspect a workspace or create the Fashion-MNIST demo workspace",
             "usage:\n"
             "  synood workspace info DIR             counts of samples by origin, status and class (JSON)\n"
             "  synood workspace demo [DIR] [--per-class N]\n"
             "                                        create the demo workspace from Fashion-MNIST InD\n"
             "                                        training images (default DIR: the studio's demo\n"
             "                                        workspace; N default 200)\n",
             workspaceMain}};
}

}  // namespace synood::cli
