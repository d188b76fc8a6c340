#pragma once
// A workspace is a folder holding workspace.json and the images it refers to (relative paths).
// Saves are atomic and keep the previous version as workspace.json.bak. A workspace.json that is
// corrupt, has a newer schema_version, or changed on disk since it was loaded is never overwritten.
#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace synood {

enum class Origin { InD, Ood, Synthesized };
enum class Status { Pending, Accepted, Rejected };

const char* toString(Origin o);
const char* toString(Status s);
// Throw SynoodError (naming `where`) for unknown names.
Origin originFromString(const std::string& s, const std::string& where);
Status statusFromString(const std::string& s, const std::string& where);

struct Sample {
    std::string id;
    std::string image;  // path relative to the workspace folder
    Origin origin = Origin::InD;
    std::string className;  // may be empty (unlabelled OOD, synthesized)
    std::vector<std::string> tags;
    Status status = Status::Pending;
    std::map<std::string, double> scores;  // score name -> value (higher = more InD)
    nlohmann::json provenance = nlohmann::json::object();
};

class Workspace {
public:
    static constexpr int kSchemaVersion = 1;
    static constexpr const char* kFileName = "workspace.json";

    // Reads dir/workspace.json. Throws SynoodError when it is missing, corrupt, or newer.
    static Workspace load(const std::string& dir);
    // A new, empty workspace in dir (created if needed). Refuses when dir already holds one.
    static Workspace create(const std::string& dir, const std::string& name);
    static bool exists(const std::string& dir);

    // Atomic save to dir/workspace.json, keeping the previous version as workspace.json.bak.
    // Throws when the file on disk is not the one this object loaded or last saved.
    void save();

    const std::string& dir() const { return m_dir; }
    std::string filePath() const;
    std::string absoluteImagePath(const Sample& s) const;

    std::string name;
    const std::vector<Sample>& samples() const { return m_samples; }
    Sample& sample(size_t row) { return m_samples.at(row); }
    const Sample& sample(size_t row) const { return m_samples.at(row); }
    size_t size() const { return m_samples.size(); }

    // Appends a sample; an empty id is replaced by a fresh unique one. Throws on a duplicate id.
    Sample& add(Sample s);
    // Row of a sample id, or -1.
    long long indexOf(const std::string& id) const;

    // Serialisation, exposed for tests and benchmarks.
    std::string toJsonText() const;
    static Workspace fromJsonText(const std::string& text, const std::string& where);

private:
    struct Fingerprint {
        unsigned long long inode = 0, size = 0;
        long long mtimeNs = 0;
        bool present = false;
        bool operator==(const Fingerprint& o) const {
            return present == o.present && inode == o.inode && size == o.size && mtimeNs == o.mtimeNs;
        }
    };
    static Fingerprint fingerprintOf(const std::string& path);

    std::string m_dir;
    std::vector<Sample> m_samples;
    std::unordered_map<std::string, size_t> m_index;
    Fingerprint m_onDisk;  // what this object last read or wrote
    unsigned long long m_nextId = 1;
};

}  // namespace synood
