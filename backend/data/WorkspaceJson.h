#pragma once
// workspace.json text <-> samples. A streaming writer and a SAX reader that fill Sample structs
// directly, so 100k samples load and save well under a second (see `synood bench workspace`).
#include "data/Workspace.h"

#include <string>
#include <vector>

namespace synood {

struct WorkspaceDocument {
    int schemaVersion = 0;
    std::string name;
    std::vector<Sample> samples;
};

// One sample per line, compact JSON.
std::string writeWorkspaceJson(const std::string& name, const std::vector<Sample>& samples);

// Throws SynoodError naming `where` for malformed JSON, a missing or mistyped field, an unknown
// origin/status, an unsafe image path, a duplicate id, or a schema_version newer than Workspace::kSchemaVersion.
WorkspaceDocument readWorkspaceJson(const std::string& text, const std::string& where);

}  // namespace synood
