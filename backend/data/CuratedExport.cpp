#include "data/CuratedExport.h"

#include "data/Provenance.h"

#include "core/AtomicFile.h"
#include "core/Csv.h"
#include "core/Error.h"
#include "data/ImageFolder.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <set>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synood {
namespace {

std::string folderFor(const Sample& s) {
    if (!s.className.empty()) return classFolderName(s.className);
    const std::string pseudo = provenanceFromJson(s.provenance).pseudoLabel;
    if (!pseudo.empty()) return classFolderName(pseudo);
    return toString(s.origin);
}

// Sample ids may hold ':' or '/' ("import:n01/img0.png"): a file name without separators.
std::string fileStem(const std::string& id) {
    std::string out;
    for (char c : id) out += (c == '/' || c == ':' || c == '\\') ? '_' : c;
    return out;
}

}  // namespace

CuratedExportResult exportCuratedSet(const Workspace& ws, const std::string& targetDir, Status status, const JobContext& ctx) {
    const fs::path target = fs::absolute(targetDir).lexically_normal();
    if (fs::exists(target)) {
        throw SynoodError("the export target already exists", target.string(), "choose a new folder (nothing was written)");
    }
    std::vector<const Sample*> chosen;
    for (const Sample& s : ws.samples()) {
        if (s.status == status) chosen.push_back(&s);
    }
    if (chosen.empty()) {
        throw SynoodError(std::string("the workspace has no ") + toString(status) + " samples", ws.filePath(),
                          "accept samples first (the studio's gallery: A)");
    }
    const fs::path partial = target.parent_path() / (target.filename().string() + ".partial-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::create_directories(partial, ec);
    if (ec)
        throw SynoodError("cannot create the export folder (" + ec.message() + ")", partial.string(),
                          "check the parent folder's permissions");
    CuratedExportResult result;
    try {
        nlohmann::ordered_json manifest = nlohmann::ordered_json::array();
        std::ostringstream csv;
        csv << "id,file,origin,class,status,tags,pseudo_label,final_score,near_boundary,seed_id,prompt\n";
        std::set<std::string> folders;
        AtomicWriteOptions bulk;
        bulk.durable = false;  // the folder is renamed into place only after everything is written
        for (size_t i = 0; i < chosen.size(); ++i) {
            if (i % 64 == 0) {
                ctx.checkCancelled();
                ctx.report("export", static_cast<int64_t>(i), static_cast<int64_t>(chosen.size()));
            }
            const Sample& s = *chosen[i];
            const std::string folder = folderFor(s);
            folders.insert(folder);
            const std::string file = folder + "/" + fileStem(s.id) + fs::path(s.image).extension().string();
            fs::create_directories(partial / folder, ec);
            if (ec) throw SynoodError("cannot create a folder (" + ec.message() + ")", (partial / folder).string(), "check free space");
            writeFileAtomically((partial / file).string(), readWholeFile(ws.absoluteImagePath(s)), bulk);
            std::string tags;
            for (const auto& t : s.tags) tags += (tags.empty() ? "" : ";") + t;
            const Provenance p = provenanceFromJson(s.provenance);
            const std::string score = p.finalScore ? nlohmann::json(*p.finalScore).dump() : std::string();
            const std::string near = p.band.empty() ? std::string() : (p.nearBoundary ? "true" : "false");  // synthesized only
            csv << csvField(s.id) << ',' << csvField(file) << ',' << toString(s.origin) << ',' << csvField(s.className) << ','
                << toString(s.status) << ',' << csvField(tags) << ',' << csvField(p.pseudoLabel) << ',' << score << ',' << near << ','
                << csvField(p.seedId) << ',' << csvField(p.prompt) << '\n';
            manifest.push_back({{"id", s.id},
                                {"file", file},
                                {"origin", toString(s.origin)},
                                {"class", s.className},
                                {"status", toString(s.status)},
                                {"tags", s.tags},
                                {"scores", s.scores},
                                {"source_image", ws.absoluteImagePath(s)},
                                {"provenance", s.provenance}});
        }
        const nlohmann::ordered_json doc = {
            {"format", "synood-curated/1"}, {"workspace", ws.dir()}, {"status", toString(status)}, {"samples", manifest}};
        writeFileAtomically((partial / "manifest.json").string(), doc.dump(1) + "\n");
        writeFileAtomically((partial / "manifest.csv").string(), csv.str());
        fs::rename(partial, target, ec);
        if (ec) throw SynoodError("cannot move the export into place (" + ec.message() + ")", target.string(), "check the folder");
        result.images = chosen.size();
        result.classes = folders.size();
    } catch (...) {
        fs::remove_all(partial, ec);  // nothing half-written stays behind
        throw;
    }
    ctx.report("export", static_cast<int64_t>(chosen.size()), static_cast<int64_t>(chosen.size()));
    return result;
}

}  // namespace synood
