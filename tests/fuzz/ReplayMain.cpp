// The main of a fuzz target in builds without libFuzzer: runs the target once on every file of the
// folders (or files) given, as `fuzz_X -runs=0 DIR` does, so that every corpus input — seeds and
// inputs that once found a bug — stays a test (ctest -L fuzz).
#include "tests/fuzz/FuzzSupport.h"

#include <algorithm>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<fs::path> inputsOf(const std::vector<std::string>& args) {
    std::vector<fs::path> files;
    for (const auto& a : args) {
        if (fs::is_directory(a)) {
            for (const auto& e : fs::directory_iterator(a)) {
                if (e.is_regular_file() && e.path().filename().string()[0] != '.') files.push_back(e.path());
            }
        } else {
            files.emplace_back(a);
        }
    }
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace

int main(int argc, char** argv) {
    const std::vector<fs::path> files = inputsOf({argv + 1, argv + argc});
    if (files.empty()) {
        std::cerr << "usage: " << argv[0] << " CORPUS_DIR|FILE...  (no inputs found)\n";
        return 2;
    }
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        const std::vector<char> bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
        try {
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            std::cerr << f.string() << ": escaped the parser: " << e.what() << "\n";
            return 1;
        }
    }
    std::cout << files.size() << " inputs replayed\n";
    return 0;
}
