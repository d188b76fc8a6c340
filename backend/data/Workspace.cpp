#include "data/Workspace.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/WorkspaceJson.h"
#include "data/WorkspaceStore.h"

#include <algorithm>
#include <filesystem>

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

bool isSafeRelativePath(const std::string& p) {
    if (p.empty() || p[0] == '/') return false;
    for (const auto& part : fs::path(p)) {
        if (part == "..") return false;
    }
    return true;
}

namespace {

void removeDatabase(const fs::path& path) {
    std::error_code ec;
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(path.string() + suffix, ec);
}

// The file is built beside its final name and renamed when whole: a killed create or conversion
// leaves no workspace that half opens.
void createStoreFile(const std::string& dir, const std::string& name, Journal journal, const std::vector<Sample>& samples) {
    const fs::path final = fs::path(dir) / Workspace::kFileName;
    const fs::path building = final.string() + ".building";
    removeDatabase(building);
    try {
        WorkspaceStore store = WorkspaceStore::create(building.string(), name, journal);
        store.insert(samples);
    } catch (...) {  // closed by now: the WAL is checkpointed into the file and removed
        removeDatabase(building);
        throw;
    }
    std::error_code ec;
    fs::rename(building, final, ec);
    if (ec) throw SynoodError("could not create the workspace (" + ec.message() + ")", final.string(), "check the folder's permissions");
}

}  // namespace

Workspace::Workspace(std::string dir, std::unique_ptr<WorkspaceStore> store, Provenances provenances)
    : m_dir(std::move(dir)), m_store(std::move(store)), m_provenances(provenances) {
    m_name = m_store->name();
    m_dataVersion = m_store->dataVersion();
    append(readNew());
}

Workspace::Workspace(Workspace&&) noexcept = default;
Workspace& Workspace::operator=(Workspace&&) noexcept = default;
Workspace::~Workspace() = default;

std::string Workspace::filePath() const { return (fs::path(m_dir) / kFileName).string(); }

std::string Workspace::absoluteImagePath(const Sample& s) const { return (fs::path(m_dir) / s.image).string(); }

bool Workspace::exists(const std::string& dir) {
    std::error_code ec;
    return fs::exists(fs::path(dir) / kFileName, ec) || fs::exists(fs::path(dir) / kJsonFileName, ec);
}

void Workspace::migrateJson(const std::string& dir) {
    const std::string json = (fs::path(dir) / kJsonFileName).string();
    const WorkspaceDocument doc = readWorkspaceJson(readWholeFile(json), json);
    createStoreFile(dir, doc.name, Journal::Wal, doc.samples);
}

Workspace Workspace::load(const std::string& dir, Provenances provenances) {
    std::error_code ec;
    const fs::path path = fs::path(dir) / kFileName;
    if (!fs::exists(path, ec)) {
        if (!fs::exists(fs::path(dir) / kJsonFileName, ec)) {
            throw SynoodError("no workspace here (workspace.sqlite is missing)", dir,
                              "open a folder made by SynOOD Studio, or create a new workspace");
        }
        migrateJson(dir);
    }
    return Workspace(dir, std::make_unique<WorkspaceStore>(WorkspaceStore::open(path.string())), provenances);
}

Workspace Workspace::create(const std::string& dir, const std::string& name, const std::vector<Sample>& samples, Journal journal) {
    if (exists(dir)) throw SynoodError("a workspace already exists here", dir, "open it, or choose another folder");
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw SynoodError("could not create the folder (" + ec.message() + ")", dir, "check permissions");
    createStoreFile(dir, name, journal, samples);
    return load(dir);
}

Workspace Workspace::importJson(const std::string& dir, const std::string& jsonFile) {
    if (exists(dir)) throw SynoodError("a workspace already exists here", dir, "import into a new folder");
    const WorkspaceDocument doc = readWorkspaceJson(readWholeFile(jsonFile), jsonFile);
    return create(dir, doc.name, doc.samples);
}

void Workspace::rename(const std::string& name) {
    m_store->setName(name);
    m_name = name;
}

long long Workspace::indexOf(const std::string& id) const {
    const auto it = m_index.find(id);
    return it == m_index.end() ? -1 : static_cast<long long>(it->second);
}

nlohmann::json Workspace::provenance(size_t row) const {
    if (m_provenances == Provenances::Loaded) return m_samples.at(row).provenance;
    return m_store->provenance(m_rowids.at(row));
}

std::vector<size_t> Workspace::rowsMatching(const SampleQuery& query) const {
    std::vector<size_t> rows;
    for (const int64_t rowid : m_store->select(query)) {
        const auto it = std::lower_bound(m_rowids.begin(), m_rowids.end(), rowid);
        if (it != m_rowids.end() && *it == rowid) rows.push_back(static_cast<size_t>(it - m_rowids.begin()));  // not yet read: skipped
    }
    return rows;
}

void Workspace::add(Sample s) { add(std::vector<Sample>{std::move(s)}); }

void Workspace::add(const std::vector<Sample>& samples) {
    insert(samples);
    append(readNew());
}

void Workspace::insert(const std::vector<Sample>& samples) { m_store->insert(samples); }

std::vector<int64_t> Workspace::rowidsOf(const std::vector<size_t>& rows) const {
    std::vector<int64_t> out;
    out.reserve(rows.size());
    for (const size_t r : rows) out.push_back(m_rowids.at(r));
    return out;
}

void Workspace::setStatuses(const std::vector<size_t>& rows, const std::vector<Status>& statuses) {
    if (rows.size() != statuses.size()) throw SynoodError("one status per row", "Workspace::setStatuses", "report a bug");
    m_store->setStatuses(rowidsOf(rows), statuses);
    for (size_t i = 0; i < rows.size(); ++i) m_samples[rows[i]].status = statuses[i];
}

void Workspace::setTags(const std::vector<size_t>& rows, const std::vector<std::vector<std::string>>& tags) {
    if (rows.size() != tags.size()) throw SynoodError("one tag list per row", "Workspace::setTags", "report a bug");
    m_store->setTags(rowidsOf(rows), tags);
    for (size_t i = 0; i < rows.size(); ++i) m_samples[rows[i]].tags = tags[i];
}

void Workspace::setScores(const std::string& name, const std::vector<double>& valuePerRow) {
    if (valuePerRow.size() != m_samples.size()) throw SynoodError("one score per sample", "Workspace::setScores", "report a bug");
    m_store->setScores(name, m_rowids, valuePerRow);
    for (size_t i = 0; i < valuePerRow.size(); ++i) m_samples[i].scores[name] = valuePerRow[i];
}

bool Workspace::changedElsewhere() { return m_store->dataVersion() != m_dataVersion; }

Workspace::NewSamples Workspace::readNew() {
    NewSamples fresh;
    m_dataVersion = m_store->dataVersion();
    m_store->readAfter(m_rowids.empty() ? 0 : m_rowids.back(), m_provenances == Provenances::Loaded, fresh.rowids, fresh.samples);
    return fresh;
}

void Workspace::append(NewSamples fresh) {
    if (m_samples.empty()) {  // the first read: taken whole
        m_samples = std::move(fresh.samples);
        m_rowids = std::move(fresh.rowids);
        m_index.reserve(m_samples.capacity());  // no rehash of every id while samples land
        for (size_t i = 0; i < m_samples.size(); ++i) m_index[m_samples[i].id] = i;
        return;
    }
    // No reserve(size + n): exact reserves would move every sample on each append (100 ms at 1M);
    // the first read left room (WorkspaceStore::readAfter).
    for (size_t i = 0; i < fresh.samples.size(); ++i) {
        if (!m_rowids.empty() && fresh.rowids[i] <= m_rowids.back()) continue;  // read twice
        m_index[fresh.samples[i].id] = m_samples.size();
        m_rowids.push_back(fresh.rowids[i]);
        m_samples.push_back(std::move(fresh.samples[i]));
    }
}

size_t Workspace::refresh() {
    const size_t before = m_samples.size();
    append(readNew());
    return m_samples.size() - before;
}

std::string Workspace::toJsonText() const {
    if (m_provenances == Provenances::Loaded) return writeWorkspaceJson(m_name, m_samples);
    std::vector<Sample> full = m_samples;
    for (size_t i = 0; i < full.size(); ++i) full[i].provenance = provenance(i);
    return writeWorkspaceJson(m_name, full);
}

}  // namespace synood
