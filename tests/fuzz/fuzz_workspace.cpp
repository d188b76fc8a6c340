// workspace.json as Workspace::load reads it when it converts an earlier version's folder and as
// `synood workspace import-json` reads it (schema version, fields, ids, image paths inside the
// workspace), and the property export depends on: an accepted document, written and read back,
// writes the same text.
#include "tests/fuzz/FuzzSupport.h"

#include "data/WorkspaceJson.h"

#include <optional>

using namespace synood;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::optional<WorkspaceDocument> doc;
    if (!fuzz::parsed([&] { doc.emplace(readWorkspaceJson(fuzz::text(data, size), "fuzz input")); })) return 0;
    const std::string saved = writeWorkspaceJson(doc->name, doc->samples);
    const WorkspaceDocument back = readWorkspaceJson(saved, "saved");
    if (writeWorkspaceJson(back.name, back.samples) != saved) fuzz::finding("a written workspace reads back differently");
    return 0;
}
