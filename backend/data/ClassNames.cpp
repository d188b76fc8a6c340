#include "data/ClassNames.h"

#include "core/AtomicFile.h"
#include "core/Error.h"

#include <sstream>

namespace synood {

std::vector<std::string> readClassNames(const std::string& path) {
    std::istringstream in(readWholeFile(path));
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        names.push_back(line.substr(first));
    }
    if (names.empty()) throw SynoodError("no class names in the file", path, "write one InD class name per line");
    return names;
}

}  // namespace synood
