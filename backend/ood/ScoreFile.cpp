#include "ood/ScoreFile.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Numbers.h"

#include <sstream>

namespace synood {

std::vector<double> parseScores(const std::string& text, const std::string& where) {
    std::vector<double> scores;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string::npos) continue;
        const auto last = line.find_last_not_of(" \t\r");
        const std::string field = line.substr(first, last - first + 1);
        const std::string at = where + ":" + std::to_string(lineNo);
        const std::optional<double> v = parseFiniteNumber(field);
        if (!v) throw SynoodError("not a finite number: '" + field.substr(0, 40) + "'", at, "write one score per line");
        scores.push_back(*v);
    }
    if (scores.empty()) throw SynoodError("the score file is empty", where, "write one score per line");
    return scores;
}

std::vector<double> readScoreFile(const std::string& path) { return parseScores(readWholeFile(path), path); }

}  // namespace synood
