#include "core/Sqlite.h"

#include "core/Error.h"

#include <sqlite3.h>

#include <cmath>
#include <limits>

namespace synood {

namespace {
std::string hintFor(int rc) {
    switch (rc & 0xff) {
    case SQLITE_FULL: return "free disk space; nothing of this change was written";
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return "another program is writing this workspace; try again";
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT: return "this is not a SynOOD workspace database, or it is damaged";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN: return "check the folder's permissions";
    default: return "nothing of this change was written";
    }
}
}  // namespace

SqliteDatabase::SqliteDatabase(const std::string& path, Mode mode) : m_path(path) {
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (mode == Mode::Create ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(path.c_str(), &m_db, flags, nullptr);
    if (rc != SQLITE_OK) {
        const std::string message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(rc);
        sqlite3_close(m_db);
        m_db = nullptr;
        throw SynoodError("could not open the database (" + message + ")", path, hintFor(rc));
    }
    sqlite3_extended_result_codes(m_db, 1);
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close_v2(m_db); }

SqliteDatabase::SqliteDatabase(SqliteDatabase&& o) noexcept : m_db(o.m_db), m_path(std::move(o.m_path)) { o.m_db = nullptr; }

void SqliteDatabase::check(int rc, const std::string& doing) const {
    if (rc == SQLITE_OK || rc == SQLITE_ROW || rc == SQLITE_DONE) return;
    const int primary = rc & 0xff;
    const std::string message = sqlite3_errstr(rc);
    const std::string what =
        primary == SQLITE_FULL || primary == SQLITE_IOERR ? "could not write the workspace database" : "could not " + doing;
    throw SynoodError(what + " (" + message + ")", m_path, hintFor(rc));
}

void SqliteDatabase::exec(const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error);
    sqlite3_free(error);
    check(rc, "run " + sql.substr(0, sql.find_first_of(" \n")));
}

SqliteStatement SqliteDatabase::prepare(const std::string& sql) { return SqliteStatement(*this, sql); }

int64_t SqliteDatabase::pragma(const std::string& name) {
    SqliteStatement s(*this, "PRAGMA " + name);
    return s.step() ? s.integer(0) : 0;
}

int64_t SqliteDatabase::lastInsertRowid() const { return sqlite3_last_insert_rowid(m_db); }

void SqliteDatabase::setBusyTimeout(int ms) { sqlite3_busy_timeout(m_db, ms); }

SqliteStatement::SqliteStatement(SqliteDatabase& db, const std::string& sql) : m_db(&db) {
    db.check(sqlite3_prepare_v2(db.m_db, sql.c_str(), static_cast<int>(sql.size()), &m_stmt, nullptr), "read the database");
}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(m_stmt); }

SqliteStatement::SqliteStatement(SqliteStatement&& o) noexcept : m_db(o.m_db), m_stmt(o.m_stmt) { o.m_stmt = nullptr; }

SqliteStatement& SqliteStatement::bind(int index, int64_t value) {
    m_db->check(sqlite3_bind_int64(m_stmt, index, value), "bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, double value) {
    m_db->check(std::isnan(value) ? sqlite3_bind_null(m_stmt, index) : sqlite3_bind_double(m_stmt, index, value), "bind a value");
    return *this;
}

SqliteStatement& SqliteStatement::bind(int index, const std::string& value) {
    m_db->check(sqlite3_bind_text(m_stmt, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT), "bind a value");
    return *this;
}

bool SqliteStatement::step() {
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    sqlite3_reset(m_stmt);
    m_db->check(rc, "use the database");
    return false;
}

void SqliteStatement::run() {
    step();
    reset();
}

void SqliteStatement::reset() {
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool SqliteStatement::isNull(int column) const { return sqlite3_column_type(m_stmt, column) == SQLITE_NULL; }

int64_t SqliteStatement::integer(int column) const { return sqlite3_column_int64(m_stmt, column); }

double SqliteStatement::real(int column) const {
    return isNull(column) ? std::numeric_limits<double>::quiet_NaN() : sqlite3_column_double(m_stmt, column);
}

std::string SqliteStatement::text(int column) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column))) : std::string();
}

SqliteTransaction::SqliteTransaction(SqliteDatabase& db, Kind kind) : m_db(db) {
    m_db.exec(kind == Kind::Write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

SqliteTransaction::~SqliteTransaction() {
    if (!m_open) return;
    try {
        m_db.exec("ROLLBACK");
    } catch (...) {  // a failed statement may have rolled it back already
    }
}

void SqliteTransaction::commit() {
    m_db.exec("COMMIT");
    m_open = false;
}

}  // namespace synood
