// synood workspace info|demo|import|export|export-json|import-json
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/ModelOptions.h"
#include "cli/TerminalProgress.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/CuratedExport.h"
#include "data/Workspace.h"
#include "data/WorkspaceImport.h"
#include "data/WorkspaceStore.h"
#include "demo/DemoWorkspace.h"
#include "demo/DemoWorld.h"

#include <nlohmann/json.hpp>

#include <filesystem>
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
    nlohmann::json out{{"name", ws.name()},     {"samples", ws.size()},  {"database_version", WorkspaceStore::kVersion},
                       {"by_origin", byOrigin}, {"by_status", byStatus}, {"by_class", byClass}};
    std::cout << out.dump(2) << "\n";
    return 0;
}

int workspaceDemo(const std::vector<std::string>& argv) {
    Args args(argv, {"per-class", "world"}, {}, "workspace demo");
    const std::string dir = args.positionals().empty() ? demo::defaultDemoWorkspaceDir() : args.positionals()[0];
    const int perClass = args.intValue("per-class", 200, {1, 1000000});
    const demo::ToyWorld world = demo::toyWorldNamed(args.value("world", "fashion"));
    JobContext ctx;
    ctx.progress = terminalProgress();
    const size_t n =
        world == demo::ToyWorld::Scenes ? demo::createScenesWorkspace(dir, perClass, ctx) : demo::createDemoWorkspace(dir, perClass, ctx);
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

int workspaceExportJson(const std::vector<std::string>& argv) {
    Args args(argv, {"out"}, {}, "workspace export-json");
    if (args.positionals().size() != 1 || !args.has("out")) {
        throw SynoodError("expected a workspace folder and --out", "synood workspace export-json",
                          "synood workspace export-json W --out workspace.json");
    }
    const std::string out = args.value("out");
    std::error_code ec;
    if (std::filesystem::exists(out, ec)) throw SynoodError("the file exists already", out, "give a new file name");
    const Workspace ws = Workspace::load(args.positionals()[0]);
    writeFileAtomically(out, ws.toJsonText());
    std::cout << "wrote " << ws.size() << " samples to " << out << "\n";
    return 0;
}

int workspaceImportJson(const std::vector<std::string>& argv) {
    Args args(argv, {"json"}, {}, "workspace import-json");
    if (args.positionals().size() != 1 || !args.has("json")) {
        throw SynoodError("expected a new workspace folder and --json", "synood workspace import-json",
                          "synood workspace import-json W --json workspace.json");
    }
    const Workspace ws = Workspace::importJson(args.positionals()[0], args.value("json"));
    std::cout << "created " << args.positionals()[0] << " with " << ws.size() << " samples\n";
    return 0;
}

int workspaceMain(const std::vector<std::string>& argv) {
    return runAction(argv, "workspace",
                     {{"info", workspaceInfo},
                      {"demo", workspaceDemo},
                      {"import", workspaceImport},
                      {"export", workspaceExport},
                      {"export-json", workspaceExportJson},
                      {"import-json", workspaceImportJson}});
}

}  // namespace

std::vector<Command> workspaceCommands() {
    return {{"workspace", "inspect, import into, export the curated set of, or create the demo workspace",
             "usage:\n"
             "  synood workspace info DIR             counts of samples by origin, status and class (JSON)\n"
             "  synood workspace demo [DIR] [--per-class N] [--world fashion|scenes]\n"
             "                                        create the demo workspace from Fashion-MNIST InD\n"
             "                                        training images (default DIR: the studio's demo\n"
             "                                        workspace; N default 200); --world scenes: the same\n"
             "                                        garments on backgrounds, with scene files\n"
             "  synood workspace import DIR --images FOLDER [--classes FILE] [--per-class N] [--origin ind|ood]\n"
             "                                        copy an ImageFolder tree (one subfolder per class,\n"
             "                                        e.g. ImageNet's train/) into DIR/images/import; names\n"
             "                                        from FILE (one per line, sorted-folder order) or the\n"
             "                                        folder names; the first N files per class\n"
             "  synood workspace export DIR --out TARGET [--status accepted]\n"
             "                                        the curated set: the accepted samples as an\n"
             "                                        ImageFolder tree (class, else pseudo label) with\n"
             "                                        manifest.json (provenance) and manifest.csv; TARGET\n"
             "                                        must not exist; complete or absent, never half\n"
             "  synood workspace export-json DIR --out FILE\n"
             "                                        every sample with its provenance as workspace.json\n"
             "                                        (the interchange format; FILE must not exist)\n"
             "  synood workspace import-json DIR --json FILE\n"
             "                                        a new workspace in DIR from a workspace.json (the\n"
             "                                        images stay where FILE's paths say, relative to DIR)\n"
             "A workspace is DIR/workspace.sqlite; a folder with only an earlier version's workspace.json is\n"
             "converted when first opened, the JSON file kept as it was.\n",
             workspaceMain}};
}

}  // namespace synood::cli
