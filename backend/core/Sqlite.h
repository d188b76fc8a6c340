#pragma once
// A small RAII layer over SQLite's C API: a connection, prepared statements and a write
// transaction. Every failure throws SynoodError naming the database file and SQLite's message.
#include <cstdint>
#include <string>

struct sqlite3;
struct sqlite3_stmt;

namespace synood {

class SqliteStatement;

class SqliteDatabase {
public:
    enum class Mode { ReadWrite, Create };

    SqliteDatabase(const std::string& path, Mode mode);
    ~SqliteDatabase();
    SqliteDatabase(SqliteDatabase&& o) noexcept;
    SqliteDatabase& operator=(SqliteDatabase&&) = delete;
    SqliteDatabase(const SqliteDatabase&) = delete;

    const std::string& path() const { return m_path; }
    void exec(const std::string& sql);
    SqliteStatement prepare(const std::string& sql);
    int64_t pragma(const std::string& name);  // PRAGMA name, its first column as an integer
    int64_t lastInsertRowid() const;
    // How long a statement waits for another connection's write lock before failing.
    void setBusyTimeout(int ms);
    // Throws the error of SQLite result code `rc` (when it is not OK), saying what was being done.
    void check(int rc, const std::string& doing) const;

private:
    friend class SqliteStatement;
    sqlite3* m_db = nullptr;
    std::string m_path;
};

class SqliteStatement {
public:
    SqliteStatement(SqliteDatabase& db, const std::string& sql);
    ~SqliteStatement();
    SqliteStatement(SqliteStatement&& o) noexcept;
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    // Parameters are numbered from 1, as in SQL's ?1.
    SqliteStatement& bind(int index, int64_t value);
    SqliteStatement& bind(int index, double value);  // NaN is stored as NULL
    SqliteStatement& bind(int index, const std::string& value);
    // true while a row is available; false when done. Throws on errors (a full disk, a lock).
    bool step();
    // step() of a statement that returns no rows, then reset for the next use.
    void run();
    void reset();

    bool isNull(int column) const;
    int64_t integer(int column) const;
    double real(int column) const;  // NULL reads as NaN
    std::string text(int column) const;

private:
    SqliteDatabase* m_db;
    sqlite3_stmt* m_stmt = nullptr;
};

// A write transaction is BEGIN IMMEDIATE (the write lock is taken at once, so two writers never
// deadlock); a read transaction sees one state of the file throughout. Rolled back unless committed.
class SqliteTransaction {
public:
    enum class Kind { Write, Read };
    explicit SqliteTransaction(SqliteDatabase& db, Kind kind = Kind::Write);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;
    void commit();

private:
    SqliteDatabase& m_db;
    bool m_open = true;
};

}  // namespace synood
