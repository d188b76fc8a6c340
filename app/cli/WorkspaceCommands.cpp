// synood workspace info|demo|import|export
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/ModelOptions.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "data/CuratedExport.h"
#include "data/Workspace.h"
#include "data/WorkspaceImport.h"
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
    nlohmann::json byOrigin = nlohmann::json::object(), byStatus = nlohmann::json::object(), byClass = nlohmann::json::object();
    for (const auto& s : ws.samples()) {
        byOrigin[toString(s.origin)] = byOrigin.value(toString(s.origin), 0) + 1;
        byStatus[toString(s.status)] = byStatus.value(toString(s.status), 0) + 1;
        if (!s.className.empty()) byClass[s.className] = byClass.value(s.className, 0) + 1;
    }
    nlohmann::json out{{"name", ws.name},       {"samples", ws.size()},  {"schema_version", Workspace::kSchemaVersion},
                       {"by_origin", byOrigin}, {"by_status", byStatus}, {"by_class", byClass}};
    std::cout << out.dump(2) << "\n";
    return 0;
}

int workspaceDemo(const std::vector<std::string>& argv) {
    Args args(argv, {"per-class"}, {}, "workspace demo");
    const std::string dir = args.positionals().empty() ? demo::defaultDemoWorkspaceDir() : args.positionals()[0];
    const int perClass = args.intValue("per-class", 200, {1, 1000000});
    JobContext ctx;
    ctx.progress = terminalProgress();
    const size_t n = demo::createDemoWorkspace(dir, perClass, ctx);
    std::cout << "wrote " << n << " samples to " << dir << "\n";
    return 0;
}

int workspaceImport(const std::vector<std::string>& argv) {
    Args args(argv, {"images", "classes", "per-class", "origin", "name"}, {}, "workspace import");
    if (args.positionals().size() != 1 || !args.has("images")) {
        throw SynoodError("expected a workspace folder and --images", "synood workspace import",
                          "synood workspace import W --images train/ [--classes names.txt] [--per-class 8]");
    }
    const std::string dir = args.positionals()[0];
    ImportOptions o;
    o.imageFolder = args.value("images");
    if (args.has("classes")) o.classNames = readClassNames(args.value("classes"));
    o.perClass = args.intValue("per-class", 0, {0, 1000000});
    if (o.perClass < 0) throw SynoodError("--per-class must not be negative", "synood workspace import", "e.g. --per-class 8");
    o.origin = originFromString(args.value("origin", "ind"), "--origin");
    Workspace ws = Workspace::exists(dir) ? Workspace::load(dir) : Workspace::create(dir, args.value("name", "imported"));
    JobContext ctx;
    ctx.progress = terminalProgress();
    const size_t n = importImageFolder(ws, o, ctx);
    ws.save();
    std::cout << "added " << n << " image(s) to " << dir << " (" << ws.size() << " in all)\n";
    return 0;
}

int workspaceExport(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "status"}, {}, "workspace export");
    if (args.positionals().size() != 1 || !args.has("out")) {
        throw SynoodError("expected a workspace folder and --out", "synood workspace export",
                          "synood workspace export W --out curated/ [--status accepted]");
    }
    const Workspace ws = Workspace::load(args.positionals()[0]);
    JobContext ctx;
    ctx.progress = terminalProgress();
    const CuratedExportResult r =
        exportCuratedSet(ws, args.value("out"), statusFromString(args.value("status", "accepted"), "--status"), ctx);
    std::cout << "exported " << r.images << " image(s) in " << r.classes << " class folder(s) to " << args.value("out")
              << " (manifest.json, manifest.csv)\n";
    return 0;
}

int workspaceMain(const std::vector<std::string>& argv) {
    return runAction(argv, "workspace",
                     {{"info", workspaceInfo}, {"demo", workspaceDemo}, {"import", workspaceImport}, {"export", workspaceExport}});
}

}  // namespace

std::vector<Command> workspaceCommands() {
    return {{"workspace", "inspect, import into, export the curated set of, or create the demo workspace",
             "usage:\n"
             "  synood workspace info DIR             counts of samples by origin, status and class (JSON)\n"
             "  synood workspace demo [DIR] [--per-class N]\n"
             "                                        create the demo workspace from Fashion-MNIST InD\n"
             "                                        training images (default DIR: the studio's demo\n"
             "                                        workspace; N default 200)\n"
             "  synood workspace import DIR --images FOLDER [--classes FILE] [--per-class N] [--origin ind|ood]\n"
             "                                        copy an ImageFolder tree (one subfolder per class,\n"
             "                                        e.g. ImageNet's train/) into DIR/images/import; names\n"
             "                                        from FILE (one per line, sorted-folder order) or the\n"
             "                                        folder names; the first N files per class\n"
             "  synood workspace export DIR --out TARGET [--status accepted]\n"
             "                                        the curated set: the accepted samples as an\n"
             "                                        ImageFolder tree (class, else pseudo label) with\n"
             "                                        manifest.json (provenance) and manifest.csv; TARGET\n"
             "                                        must not exist; complete or absent, never half\n",
             workspaceMain}};
}

}  // namespace synood::cli
