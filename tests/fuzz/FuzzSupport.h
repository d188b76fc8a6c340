#pragma once
// What the fuzz targets share. The rule every target enforces: outside data that a parser cannot
// use is refused with a SynoodError (a message naming the file); a crash, a sanitizer report, an
// abort, any other exception, a hang or a huge allocation is a finding.
#include "core/Error.h"

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace synood::fuzz {

// A folder of this process's own under $TMPDIR (or /tmp), removed at exit.
const std::string& scratchDir();
// The input written to scratchDir()/name: most parsers read paths, as they do for users.
std::string inputFile(const uint8_t* data, size_t size, const std::string& name);
inline std::string text(const uint8_t* data, size_t size) { return {reinterpret_cast<const char*>(data), size}; }

// True when `parse` returned, false when it refused the input with a SynoodError; anything else
// escapes to libFuzzer (or to the replay, which names the input).
template <class Parse>
bool parsed(Parse&& parse) {
    try {
        parse();
        return true;
    } catch (const SynoodError&) {
        return false;
    }
}

// An accepted input broke a property the target checks: reported and aborted, so libFuzzer keeps it.
[[noreturn]] void finding(const std::string& what);

// A CLIP BPE merges file of the right length (a '#version' line and 48,894 merges) built from
// letter pairs: what the tokenizer targets use where the real vocabulary is absent.
std::string syntheticBpeVocabulary();

}  // namespace synood::fuzz
