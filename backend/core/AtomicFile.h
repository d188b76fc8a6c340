#pragma once
// Every file the program writes goes through here: written to a temporary file in the same
// folder, flushed, fsync'ed, then renamed over the target, so a crash or a kill at any moment
// leaves either the old file or the new one, never a half-written one.
#include <string>

namespace synood {

struct AtomicWriteOptions {
    // When set and the target exists, the previous version is kept as `<target>.bak`
    // (by hard link, so it is never half-written either).
    bool keepBackup = false;
    // fsync the file and its folder before returning. Bulk writes of regenerable files
    // (demo images) may turn it off; the workspace never does.
    bool durable = true;
};

void writeFileAtomically(const std::string& path, const std::string& bytes, const AtomicWriteOptions& options = {});

// Reads a whole file; throws SynoodError naming the file when it cannot be read.
std::string readWholeFile(const std::string& path);

}  // namespace synood
