#include "data/Workspace.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/WorkspaceJson.h"

#include <filesystem>
#include <sys/stat.h>

namespace fs = std::filesystem;

namespace synood {

const char* toString(Origin o) {
    switch (o) {
    case Origin::InD: return "ind";
    case Origin::Ood: return "ood";
    case Origin::Synthesized: return "synthesized";
    }
    return "ind";
}

const char* toString(Status s) {
    switch (s) {
    case Status::Pending: return "pending";
    case Status::Accepted: return "accepted";
    case Status::Rejected: return "rejected";
    }
    return "pending";
}

Origin originFromString(const std::string& s, const std::string& where) {
    if (s == "ind") return Origin::InD;
    if (s == "ood") return Origin::Ood;
    if (s == "synthesized") return Origin::Synthesized;
    throw SynoodError("unknown origin '" + s + "'", where, "use ind, ood or synthesized");
}

Status statusFromString(const std::string& s, const std::string& where) {
    if (s == "pending") return Status::Pending;
    if (s == "accepted") return Status::Accepted;
    if (s == "rejected") return Status::Rejected;
    throw SynoodError("unknown status '" + s + "'", where, "use pending, accepted or rejected");
}

std::string Workspace::filePath() const { return (fs::path(m_dir) / kFileName).string(); }

std::string Workspace::absoluteImagePath(const Sample& s) const { return (fs::path(m_dir) / s.image).string(); }

bool Workspace::exists(const std::string& dir) {
    std::error_code ec;
    return fs::exists(fs::path(dir) / kFileName, ec);
}

Workspace::Fingerprint Workspace::fingerprintOf(const std::string& path) {
    Fingerprint f;
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return f;
    f.present = true;
    f.inode = st.st_ino;
    f.size = static_cast<unsigned long long>(st.st_size);
    f.mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
    return f;
}

std::string Workspace::toJsonText() const { return writeWorkspaceJson(name, m_samples); }

Workspace Workspace::fromJsonText(const std::string& text, const std::string& where) {
    WorkspaceDocument doc = readWorkspaceJson(text, where);
    Workspace ws;
    ws.name = std::move(doc.name);
    ws.m_samples.reserve(doc.samples.size());
    ws.m_index.reserve(doc.samples.size());
    try {
        for (auto& s : doc.samples) ws.add(std::move(s));
    } catch (const SynoodError& e) {  // duplicate ids
        throw SynoodError(e.failure(), where, "restore workspace.json.bak or fix the file by hand");
    }
    return ws;
}

Workspace Workspace::load(const std::string& dir) {
    const std::string path = (fs::path(dir) / kFileName).string();
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw SynoodError("no workspace here (workspace.json is missing)", dir,
                          "open a folder made by SynOOD Studio, or create a new workspace");
    }
    const Fingerprint before = fingerprintOf(path);
    Workspace ws = fromJsonText(readWholeFile(path), path);
    ws.m_dir = dir;
    ws.m_onDisk = before;
    return ws;
}

Workspace Workspace::create(const std::string& dir, const std::string& name) {
    if (exists(dir)) {
        throw SynoodError("a workspace already exists here", dir, "open it, or choose another folder");
    }
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw SynoodError("could not create the folder (" + ec.message() + ")", dir, "check permissions");
    Workspace ws;
    ws.m_dir = dir;
    ws.name = name;
    return ws;
}

void Workspace::save() {
    if (m_dir.empty()) throw SynoodError("the workspace has no folder", "Workspace::save", "create or load it first");
    const std::string path = filePath();
    if (!(fingerprintOf(path) == m_onDisk)) {
        throw SynoodError("workspace.json changed on disk since it was loaded", path,
                          "nothing was overwritten; reload the workspace to see the other changes");
    }
    AtomicWriteOptions opts;
    opts.keepBackup = true;
    writeFileAtomically(path, toJsonText(), opts);
    m_onDisk = fingerprintOf(path);
}

Sample& Workspace::add(Sample s) {
    if (s.id.empty()) {
        do {
            s.id = "s" + std::to_string(m_nextId++);
        } while (m_index.count(s.id));
    }
    if (m_index.count(s.id)) {
        throw SynoodError("duplicate sample id '" + s.id + "'", m_dir, "sample ids must be unique");
    }
    m_index.emplace(s.id, m_samples.size());
    m_samples.push_back(std::move(s));
    return m_samples.back();
}

long long Workspace::indexOf(const std::string& id) const {
    const auto it = m_index.find(id);
    return it == m_index.end() ? -1 : static_cast<long long>(it->second);
}

}  // namespace synood
