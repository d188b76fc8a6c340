#include "tests/fuzz/FuzzSupport.h"

#include "core/AtomicFile.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace synood::fuzz {

namespace fs = std::filesystem;

namespace {

void removeScratch() {
    std::error_code ec;
    fs::remove_all(scratchDir(), ec);
}

}  // namespace

const std::string& scratchDir() {
    static const std::string dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/synood-fuzz-XXXXXX";
        if (!::mkdtemp(pattern.data())) {
            std::perror("mkdtemp");
            std::abort();
        }
        return pattern;
    }();
    static const bool registered = std::atexit(removeScratch) == 0;
    (void)registered;
    return dir;
}

std::string inputFile(const uint8_t* data, size_t size, const std::string& name) {
    const std::string path = scratchDir() + "/" + name;
    AtomicWriteOptions fast;
    fast.durable = false;  // thousands of inputs a second; nothing here needs to survive a crash
    writeFileAtomically(path, text(data, size), fast);
    return path;
}

void finding(const std::string& what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
    std::abort();
}

std::string syntheticBpeVocabulary() {
    std::string out = "#version: 0.2 (synthetic, for fuzzing)\n";
    const std::string letters = "abcdefghijklmnopqrstuvwxyz";
    size_t merges = 0;
    // Pairs of growing pieces: "a b", "a b</w>", ..., then longer left pieces, until the count is reached.
    for (size_t length = 1; merges < 48894; ++length) {
        for (size_t i = 0; i < letters.size() && merges < 48894; ++i) {
            for (size_t j = 0; j < letters.size() && merges < 48894; ++j) {
                const std::string left = std::string(length, letters[i]);
                out += left + " " + letters[j] + "\n";
                ++merges;
                if (merges < 48894) {
                    out += left + " " + letters[j] + "</w>\n";
                    ++merges;
                }
            }
        }
    }
    return out;
}

}  // namespace synood::fuzz
