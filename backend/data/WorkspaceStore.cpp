#include "data/WorkspaceStore.h"

#include "core/Error.h"

#include <algorithm>
#include <fstream>

namespace synood {

namespace {

const char* const kSchema = R"sql(
CREATE TABLE workspace(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE samples(
  row INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  image TEXT NOT NULL,
  origin INTEGER NOT NULL,
  class TEXT NOT NULL,
  status INTEGER NOT NULL,
  prompt TEXT NOT NULL,
  provenance TEXT NOT NULL);
CREATE INDEX samples_by_origin_status ON samples(origin, status);
CREATE INDEX samples_by_class ON samples(class);
CREATE TABLE tags(sample INTEGER NOT NULL, position INTEGER NOT NULL, tag TEXT NOT NULL, PRIMARY KEY(sample, position)) WITHOUT ROWID;
CREATE INDEX tags_by_tag ON tags(tag);
CREATE TABLE scores(sample INTEGER NOT NULL, name TEXT NOT NULL, value REAL, PRIMARY KEY(sample, name)) WITHOUT ROWID;
CREATE INDEX scores_by_value ON scores(name, value);
)sql";

constexpr int64_t kOrigins = 3, kStatuses = 3;

std::string readPrefix(const std::string& path, size_t n) {
    std::ifstream in(path, std::ios::binary);
    std::string out(n, '\0');
    in.read(out.data(), static_cast<std::streamsize>(n));
    out.resize(static_cast<size_t>(in.gcount()));
    return out;
}

std::string promptOf(const nlohmann::json& provenance) {
    const auto it = provenance.find("prompt");
    return it != provenance.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Files written by hand or by another program are read as carefully as workspace.json.
void checkRow(const SqliteDatabase& db, int64_t rowid, const Sample& s, int64_t origin, int64_t status) {
    const std::string where = db.path() + " row " + std::to_string(rowid);
    if (s.id.empty()) throw SynoodError("a sample has an empty id", where, "the database is damaged; export what opens, or restore a copy");
    if (origin < 0 || origin >= kOrigins || status < 0 || status >= kStatuses) {
        throw SynoodError("sample '" + s.id + "' has an unknown origin or status", where,
                          "the database is damaged or from another program");
    }
    if (!isSafeRelativePath(s.image)) {
        throw SynoodError("image path '" + s.image + "' of sample '" + s.id + "' is not a path inside the workspace", where,
                          "image paths are relative to the workspace folder, without '..'");
    }
}

}  // namespace

WorkspaceStore::WorkspaceStore(SqliteDatabase db) : m_db(std::move(db)) { m_db.setBusyTimeout(kBusyTimeoutMs); }

WorkspaceStore WorkspaceStore::create(const std::string& path, const std::string& name, Journal journal) {
    WorkspaceStore store(SqliteDatabase(path, SqliteDatabase::Mode::Create));
    SqliteDatabase& db = store.m_db;
    if (journal == Journal::Wal) db.exec("PRAGMA journal_mode=WAL");  // kept in the file
    SqliteTransaction t(db);
    db.exec(kSchema);
    db.exec("PRAGMA application_id=" + std::to_string(kApplicationId));
    db.exec("PRAGMA user_version=" + std::to_string(kVersion));
    db.prepare("INSERT INTO workspace(key, value) VALUES('name', ?1)").bind(1, name).run();
    t.commit();
    db.exec("PRAGMA synchronous=NORMAL");
    return store;
}

WorkspaceStore WorkspaceStore::open(const std::string& path) {
    if (readPrefix(path, 16) != std::string("SQLite format 3\0", 16)) {
        throw SynoodError("not a workspace database (not an SQLite file)", path,
                          "open a folder made by SynOOD Studio; the file was left unchanged");
    }
    SqliteDatabase db(path, SqliteDatabase::Mode::ReadWrite);
    db.setBusyTimeout(kBusyTimeoutMs);
    const int64_t id = db.pragma("application_id"), version = db.pragma("user_version");
    if (id != kApplicationId) {
        throw SynoodError("not a SynOOD workspace (the file is a database of another program)", path,
                          "open a folder made by SynOOD Studio; the file was left unchanged");
    }
    if (version > kVersion) {
        throw SynoodError("the workspace was written by a newer SynOOD Studio (database version " + std::to_string(version) +
                              "; this build reads up to " + std::to_string(kVersion) + ")",
                          path, "upgrade SynOOD Studio; the file was left unchanged");
    }
    if (version < 1) throw SynoodError("the workspace database has no schema", path, "the file is damaged; restore a copy");
    db.exec("PRAGMA synchronous=NORMAL");
    return WorkspaceStore(std::move(db));
}

std::string WorkspaceStore::name() {
    SqliteStatement s = m_db.prepare("SELECT value FROM workspace WHERE key='name'");
    return s.step() ? s.text(0) : std::string();
}

void WorkspaceStore::setName(const std::string& name) {
    m_db.prepare("INSERT OR REPLACE INTO workspace(key, value) VALUES('name', ?1)").bind(1, name).run();
}

std::string WorkspaceStore::freshId(SqliteStatement& taken, int64_t& next) {
    for (;;) {
        const std::string id = "s" + std::to_string(next++);
        const bool used = taken.bind(1, id).step();
        taken.reset();
        if (!used) return id;
    }
}

void WorkspaceStore::insert(const std::vector<Sample>& samples) {
    if (samples.empty()) return;
    SqliteTransaction t(m_db);
    SqliteStatement count = m_db.prepare("SELECT coalesce(max(row), 0) + 1 FROM samples");
    int64_t next = count.step() ? count.integer(0) : 1;
    SqliteStatement taken = m_db.prepare("SELECT 1 FROM samples WHERE id=?1");
    SqliteStatement sample =
        m_db.prepare("INSERT INTO samples(id, image, origin, class, status, prompt, provenance) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)");
    SqliteStatement tag = m_db.prepare("INSERT INTO tags(sample, position, tag) VALUES(?1, ?2, ?3)");
    SqliteStatement score = m_db.prepare("INSERT OR REPLACE INTO scores(sample, name, value) VALUES(?1, ?2, ?3)");
    for (const Sample& s : samples) {
        std::string id = s.id;
        if (id.empty()) {
            id = freshId(taken, next);
        } else {
            const bool used = taken.bind(1, id).step();
            taken.reset();
            if (used) throw SynoodError("duplicate sample id '" + id + "'", m_db.path(), "sample ids must be unique; nothing was added");
        }
        sample.bind(1, id).bind(2, s.image).bind(3, static_cast<int64_t>(s.origin)).bind(4, s.className);
        sample.bind(5, static_cast<int64_t>(s.status)).bind(6, promptOf(s.provenance));
        sample.bind(7, s.provenance.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)).run();
        const int64_t row = m_db.lastInsertRowid();
        for (size_t i = 0; i < s.tags.size(); ++i) tag.bind(1, row).bind(2, static_cast<int64_t>(i)).bind(3, s.tags[i]).run();
        for (const auto& [name, value] : s.scores) score.bind(1, row).bind(2, name).bind(3, value).run();
    }
    t.commit();
}

void WorkspaceStore::readAfter(int64_t after, bool withProvenance, std::vector<int64_t>& rowids, std::vector<Sample>& samples) {
    const size_t first = samples.size();
    SqliteTransaction t(m_db, SqliteTransaction::Kind::Read);  // the three reads see one state
    if (samples.empty()) {
        // One allocation for a whole workspace, with room for half as many again: samples that land
        // later (a synthesis run, batch by batch) then do not move every sample (100 ms at 1M).
        SqliteStatement count = m_db.prepare("SELECT count(*) FROM samples WHERE row > ?1");
        if (count.bind(1, after).step()) {
            const auto n = static_cast<size_t>(count.integer(0));
            samples.reserve(n + n / 2 + 1024);
            rowids.reserve(n + n / 2 + 1024);
        }
    }
    SqliteStatement q = m_db.prepare(std::string("SELECT row, id, image, origin, class, status, ") +
                                     (withProvenance ? "provenance" : "prompt") + " FROM samples WHERE row > ?1 ORDER BY row");
    q.bind(1, after);
    while (q.step()) {
        Sample s;
        const int64_t row = q.integer(0);
        s.id = q.text(1);
        s.image = q.text(2);
        const int64_t origin = q.integer(3), status = q.integer(5);
        checkRow(m_db, row, s, origin, status);
        s.origin = static_cast<Origin>(origin);
        s.className = q.text(4);
        s.status = static_cast<Status>(status);
        if (withProvenance) {
            s.provenance = nlohmann::json::parse(q.text(6), nullptr, false);
            if (!s.provenance.is_object()) {
                throw SynoodError("sample '" + s.id + "' has damaged provenance", m_db.path(), "the database is damaged; restore a copy");
            }
        } else if (const std::string prompt = q.text(6); !prompt.empty()) {
            s.provenance = {{"prompt", prompt}};
        }
        rowids.push_back(row);
        samples.push_back(std::move(s));
    }
    readTags(after, rowids, first, samples);
    readScores(after, rowids, first, samples);
    t.commit();
}

// Tags and scores come ordered by sample, as the samples do: one merge pass, no lookups.
void WorkspaceStore::readTags(int64_t after, const std::vector<int64_t>& rowids, size_t first, std::vector<Sample>& samples) {
    SqliteStatement q = m_db.prepare("SELECT sample, tag FROM tags WHERE sample > ?1 ORDER BY sample, position");
    q.bind(1, after);
    size_t i = first;
    while (q.step()) {
        const int64_t row = q.integer(0);
        while (i < rowids.size() && rowids[i] < row) ++i;
        if (i == rowids.size()) break;
        if (rowids[i] == row) samples[i].tags.push_back(q.text(1));
    }
}

void WorkspaceStore::readScores(int64_t after, const std::vector<int64_t>& rowids, size_t first, std::vector<Sample>& samples) {
    SqliteStatement q = m_db.prepare("SELECT sample, name, value FROM scores WHERE sample > ?1 ORDER BY sample");
    q.bind(1, after);
    size_t i = first;
    while (q.step()) {
        const int64_t row = q.integer(0);
        while (i < rowids.size() && rowids[i] < row) ++i;
        if (i == rowids.size()) break;
        if (rowids[i] == row) samples[i].scores[q.text(1)] = q.real(2);
    }
}

nlohmann::json WorkspaceStore::provenance(int64_t rowid) {
    SqliteStatement q = m_db.prepare("SELECT provenance FROM samples WHERE row=?1");
    if (!q.bind(1, rowid).step()) return nlohmann::json::object();
    nlohmann::json p = nlohmann::json::parse(q.text(0), nullptr, false);
    return p.is_object() ? p : nlohmann::json::object();
}

std::vector<int64_t> WorkspaceStore::select(const SampleQuery& query) {
    std::string sql = "SELECT s.row FROM samples s";
    if (!query.sortByScore.empty()) sql += " LEFT JOIN scores c ON c.sample = s.row AND c.name = ?5";
    sql +=
        " WHERE (?1 IS NULL OR s.origin = ?1) AND (?2 IS NULL OR s.status = ?2) AND (?3 = '' OR s.class = ?3)"
        " AND (?4 = '' OR EXISTS (SELECT 1 FROM tags t WHERE t.sample = s.row AND t.tag = ?4))";
    sql += query.sortByScore.empty() ? " ORDER BY s.row" : " ORDER BY c.value IS NULL, c.value, s.row";
    SqliteStatement q = m_db.prepare(sql);
    if (query.origin) q.bind(1, static_cast<int64_t>(*query.origin));
    if (query.status) q.bind(2, static_cast<int64_t>(*query.status));
    q.bind(3, query.className).bind(4, query.tag);
    if (!query.sortByScore.empty()) q.bind(5, query.sortByScore);
    std::vector<int64_t> rows;
    while (q.step()) rows.push_back(q.integer(0));
    return rows;
}

void WorkspaceStore::setStatuses(const std::vector<int64_t>& rowids, const std::vector<Status>& statuses) {
    SqliteTransaction t(m_db);
    SqliteStatement q = m_db.prepare("UPDATE samples SET status=?2 WHERE row=?1");
    for (size_t i = 0; i < rowids.size(); ++i) q.bind(1, rowids[i]).bind(2, static_cast<int64_t>(statuses[i])).run();
    t.commit();
}

void WorkspaceStore::setTags(const std::vector<int64_t>& rowids, const std::vector<std::vector<std::string>>& tags) {
    SqliteTransaction t(m_db);
    SqliteStatement clear = m_db.prepare("DELETE FROM tags WHERE sample=?1");
    SqliteStatement add = m_db.prepare("INSERT INTO tags(sample, position, tag) VALUES(?1, ?2, ?3)");
    for (size_t i = 0; i < rowids.size(); ++i) {
        clear.bind(1, rowids[i]).run();
        for (size_t k = 0; k < tags[i].size(); ++k) add.bind(1, rowids[i]).bind(2, static_cast<int64_t>(k)).bind(3, tags[i][k]).run();
    }
    t.commit();
}

void WorkspaceStore::setScores(const std::string& name, const std::vector<int64_t>& rowids, const std::vector<double>& values) {
    SqliteTransaction t(m_db);
    SqliteStatement q = m_db.prepare("INSERT OR REPLACE INTO scores(sample, name, value) VALUES(?1, ?2, ?3)");
    for (size_t i = 0; i < rowids.size(); ++i) q.bind(1, rowids[i]).bind(2, name).bind(3, values[i]).run();
    t.commit();
}

int64_t WorkspaceStore::dataVersion() { return m_db.pragma("data_version"); }

}  // namespace synood
