// workspace.json as Workspace::load reads it (schema version, fields, ids, image paths inside the
// workspace), and the property saving depends on: an accepted workspace, saved and read back, saves
// to the same text.
#include "tests/fuzz/FuzzSupport.h"

#include "data/Workspace.h"

#include <optional>

using namespace synood;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::optional<Workspace> workspace;
    if (!fuzz::parsed([&] { workspace.emplace(Workspace::fromJsonText(fuzz::text(data, size), "fuzz input")); })) return 0;
    const std::string saved = workspace->toJsonText();
    if (Workspace::fromJsonText(saved, "saved").toJsonText() != saved) fuzz::finding("a saved workspace reads back differently");
    return 0;
}
