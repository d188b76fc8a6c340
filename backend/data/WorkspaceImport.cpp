#include "data/WorkspaceImport.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/ImageFolder.h"

#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace synood {

size_t importImageFolder(Workspace& workspace, const ImportOptions& o, const JobContext& ctx) {
    const ImageFolderDataset folder = scanImageFolder(o.imageFolder);
    if (!o.classNames.empty() && o.classNames.size() != folder.classes.size()) {
        throw SynoodError("the class-name file has " + std::to_string(o.classNames.size()) + " names but " + o.imageFolder + " has " +
                              std::to_string(folder.classes.size()) + " class folders",
                          "--classes", "one name per line, in the sorted order of the class folders");
    }
    std::map<int, int> taken;
    std::vector<Sample> fresh;
    for (size_t i = 0; i < folder.items.size(); ++i) {
        if (i % 1024 == 0) {
            ctx.checkCancelled();
            ctx.report("import images", static_cast<int64_t>(i), static_cast<int64_t>(folder.items.size()));
        }
        const ImageFolderItem& item = folder.items[i];
        if (o.perClass > 0 && taken[item.classIndex] >= o.perClass) continue;
        ++taken[item.classIndex];
        const std::string& dirName = folder.classes[static_cast<size_t>(item.classIndex)];
        Sample s;
        s.id = "import:" + dirName + "/" + fs::path(item.path).filename().string();
        if (workspace.indexOf(s.id) >= 0) continue;
        const fs::path rel = fs::path("images") / "import" / dirName / fs::path(item.path).filename();
        const fs::path target = fs::path(workspace.dir()) / rel;
        fs::create_directories(target.parent_path());
        AtomicWriteOptions bulk;
        bulk.durable = false;  // the workspace that lists them is written durably afterwards
        writeFileAtomically(target.string(), readWholeFile(item.path), bulk);
        s.image = rel.generic_string();
        s.origin = o.origin;
        s.className = o.classNames.empty() ? dirName : o.classNames[static_cast<size_t>(item.classIndex)];
        fresh.push_back(std::move(s));
    }
    workspace.add(fresh);  // one transaction: all of them or none
    const size_t added = fresh.size();
    ctx.report("import images", static_cast<int64_t>(folder.items.size()), static_cast<int64_t>(folder.items.size()));
    return added;
}

}  // namespace synood
