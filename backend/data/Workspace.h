#pragma once
// A workspace is a folder holding workspace.sqlite (data/WorkspaceStore) and the images it refers
// to (relative paths). Every change is one transaction, committed before the call returns, and
// changes memory only once committed: a failed change leaves both the file and this object as they
// were. Several programs may write one workspace at once (the studio, `synood synth`); each sees the
// others' new samples through refresh(). A folder with only a workspace.json of an earlier version is
// converted once when it is first opened; the JSON file stays beside it as it was.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace synood {

class WorkspaceStore;

enum class Origin { InD, Ood, Synthesized };
enum class Status { Pending, Accepted, Rejected };
// Write-ahead log for workspaces on local disks; the rollback journal for cluster shards on shared
// file systems, where the WAL's shared memory does not work.
enum class Journal { Wal, Rollback };

const char* toString(Origin o);
const char* toString(Status s);
// Throw SynoodError (naming `where`) for unknown names.
Origin originFromString(const std::string& s, const std::string& where);
Status statusFromString(const std::string& s, const std::string& where);
// A relative path without "..": an image path that stays inside the workspace folder.
bool isSafeRelativePath(const std::string& path);

// Which samples a filter wants, and in which order; empty fields match everything.
struct SampleQuery {
    std::optional<Origin> origin;
    std::optional<Status> status;
    std::string className, tag;
    std::string sortByScore;  // a score name: ascending by it (samples without it last); empty: as added
};

struct Sample {
    std::string id;
    std::string image;  // path relative to the workspace folder
    Origin origin = Origin::InD;
    std::string className;  // may be empty (unlabelled OOD, synthesized)
    std::vector<std::string> tags;
    Status status = Status::Pending;
    std::map<std::string, double> scores;                  // score name -> value (higher = more InD)
    nlohmann::json provenance = nlohmann::json::object();  // see Workspace::Provenances
};

class Workspace {
public:
    static constexpr int kSchemaVersion = 1;  // of workspace.json, the interchange format
    static constexpr const char* kFileName = "workspace.sqlite";
    static constexpr const char* kJsonFileName = "workspace.json";

    // Provenance is most of a synthesized sample's bytes, so the studio reads it per sample: OnDemand
    // keeps only its "prompt" in Sample::provenance (the gallery searches it); provenance(row) reads it all.
    enum class Provenances { Loaded, OnDemand };

    // Opens dir/workspace.sqlite (converting dir/workspace.json first when only that exists). Throws
    // SynoodError when it is missing, not a workspace, damaged, or of a newer version.
    static Workspace load(const std::string& dir, Provenances provenances = Provenances::Loaded);
    // A new workspace in dir (created if needed) holding `samples`; refuses when dir already holds one.
    // The file appears whole or not at all.
    static Workspace create(const std::string& dir, const std::string& name, const std::vector<Sample>& samples = {},
                            Journal journal = Journal::Wal);
    // A new workspace in dir holding the samples of a workspace.json file (refuses as create does).
    static Workspace importJson(const std::string& dir, const std::string& jsonFile);
    static bool exists(const std::string& dir);

    Workspace(Workspace&&) noexcept;
    Workspace& operator=(Workspace&&) noexcept;
    ~Workspace();

    const std::string& dir() const { return m_dir; }
    std::string filePath() const;
    std::string absoluteImagePath(const Sample& s) const;

    const std::string& name() const { return m_name; }
    void rename(const std::string& name);

    const std::vector<Sample>& samples() const { return m_samples; }
    const Sample& sample(size_t row) const { return m_samples.at(row); }
    size_t size() const { return m_samples.size(); }
    // Row of a sample id, or -1.
    long long indexOf(const std::string& id) const;
    // The sample's provenance, read from the file when it was loaded without.
    nlohmann::json provenance(size_t row) const;
    // Rows of the samples the query matches, in its order, answered by the file's indexes.
    std::vector<size_t> rowsMatching(const SampleQuery& query) const;

    // Adds samples in one transaction (empty ids become fresh unique ones; a duplicate id throws and
    // adds nothing), then reads them back with whatever other writers added meanwhile.
    void add(Sample s);
    void add(const std::vector<Sample>& samples);
    // The same transaction without the read back: the samples appear at the next readNew().
    void insert(const std::vector<Sample>& samples);
    // One transaction each, over any number of rows (an undo step is one call).
    void setStatuses(const std::vector<size_t>& rows, const std::vector<Status>& statuses);
    void setTags(const std::vector<size_t>& rows, const std::vector<std::vector<std::string>>& tags);
    void setScores(const std::string& name, const std::vector<double>& valuePerRow);

    // Another program committed a change since this object last read (PRAGMA data_version: no I/O).
    bool changedElsewhere();
    // Samples added to the file (by insert() or other writers) since the last read; append() takes them.
    struct NewSamples {
        std::vector<int64_t> rowids;
        std::vector<Sample> samples;
    };
    NewSamples readNew();
    void append(NewSamples fresh);
    // readNew() + append(); returns how many were added.
    size_t refresh();

    // workspace.json of this workspace (export; provenance read from the file where needed).
    std::string toJsonText() const;

private:
    Workspace(std::string dir, std::unique_ptr<WorkspaceStore> store, Provenances provenances);
    std::vector<int64_t> rowidsOf(const std::vector<size_t>& rows) const;
    static void migrateJson(const std::string& dir);

    std::string m_dir;
    std::unique_ptr<WorkspaceStore> m_store;
    Provenances m_provenances = Provenances::Loaded;
    std::string m_name;
    std::vector<Sample> m_samples;
    std::vector<int64_t> m_rowids;  // the file's row of each sample, ascending
    std::unordered_map<std::string, size_t> m_index;
    int64_t m_dataVersion = 0;
};

}  // namespace synood
