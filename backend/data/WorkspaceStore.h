#pragma once
// The workspace's database file (workspace.sqlite): its schema, and every read and write as SQL.
// Each write is one transaction. Samples are addressed by their row number in the file (`rowid`,
// ascending in the order they were added, never reused). Holds no samples itself: Workspace does.
#include "core/Sqlite.h"
#include "data/Workspace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace synood {

class WorkspaceStore {
public:
    static constexpr int kVersion = 1;                     // PRAGMA user_version of the schema below
    static constexpr int32_t kApplicationId = 0x53594e4f;  // PRAGMA application_id: "SYNO"
    static constexpr int kBusyTimeoutMs = 10000;           // waiting for another writer's transaction

    // A new file at path with the schema and the name. Rollback journal for files on shared file
    // systems (cluster shards), where WAL's shared memory does not work.
    static WorkspaceStore create(const std::string& path, const std::string& name, Journal journal);
    // Refuses files that are not SQLite, not a workspace, or of a newer schema, before writing anything.
    static WorkspaceStore open(const std::string& path);

    std::string name();
    void setName(const std::string& name);

    // One transaction. An empty id is replaced by a fresh one ("s" + a number no sample has);
    // a duplicate id throws and writes nothing.
    void insert(const std::vector<Sample>& samples);
    // The samples with rowid > after, in rowid order, appended to rowids and samples; without
    // provenance (but its prompt) when withProvenance is false.
    void readAfter(int64_t after, bool withProvenance, std::vector<int64_t>& rowids, std::vector<Sample>& samples);
    nlohmann::json provenance(int64_t rowid);
    std::vector<int64_t> select(const SampleQuery& query);

    void setStatuses(const std::vector<int64_t>& rowids, const std::vector<Status>& statuses);
    void setTags(const std::vector<int64_t>& rowids, const std::vector<std::vector<std::string>>& tags);
    void setScores(const std::string& name, const std::vector<int64_t>& rowids, const std::vector<double>& values);

    // Changes when another connection commits (PRAGMA data_version): a cheap check for new samples.
    int64_t dataVersion();

private:
    explicit WorkspaceStore(SqliteDatabase db);
    void readTags(int64_t after, const std::vector<int64_t>& rowids, size_t first, std::vector<Sample>& samples);
    void readScores(int64_t after, const std::vector<int64_t>& rowids, size_t first, std::vector<Sample>& samples);
    std::string freshId(SqliteStatement& taken, int64_t& next);

    SqliteDatabase m_db;
};

}  // namespace synood
