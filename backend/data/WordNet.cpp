#include "data/WordNet.h"

#include "core/AtomicFile.h"
#include "core/Error.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <sstream>
#include <unordered_set>

namespace synood {

const char* toString(WordClass c) { return c == WordClass::Noun ? "noun" : "adjective"; }

std::string defaultWordNetDir() {
    if (const char* env = std::getenv("SYNOOD_WORDNET_DIR"); env && *env) return env;
    return "/usr/share/wordnet";
}

namespace {
std::string lowerAscii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}
}  // namespace

std::vector<WordNetWord> readWordNetWords(WordClass cls, const std::string& dir) {
    const std::string path = dir + (cls == WordClass::Noun ? "/data.noun" : "/data.adj");
    std::string text;
    try {
        text = readWholeFile(path);
    } catch (const SynoodError&) {
        throw SynoodError("WordNet is not installed", path, "install Debian's wordnet-base package (scripts/install-deps.sh)");
    }
    std::vector<WordNetWord> out;
    std::unordered_set<std::string> seen;
    std::istringstream in(text);
    std::string line;
    int lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (line.empty() || line[0] == ' ') continue;  // licence header
        std::istringstream fields(line);
        std::string offset, lexFile, ssType, count, word;
        if (!(fields >> offset >> lexFile >> ssType >> count >> word)) {
            throw SynoodError("malformed WordNet line " + std::to_string(lineNo), path, "reinstall wordnet-base");
        }
        if (const auto paren = word.find('('); paren != std::string::npos) word.erase(paren);  // "able(a)"
        std::replace(word.begin(), word.end(), '_', ' ');
        if (word.empty() || !seen.insert(lowerAscii(word)).second) continue;
        out.push_back({word, cls});
    }
    if (out.empty()) throw SynoodError("no words found", path, "reinstall wordnet-base");
    return out;
}

std::vector<WordNetWord> readNegativeLabelCandidates(const std::string& dir) {
    std::vector<WordNetWord> all = readWordNetWords(WordClass::Noun, dir);
    std::unordered_set<std::string> nouns;
    for (const auto& w : all) nouns.insert(lowerAscii(w.word));
    for (auto& w : readWordNetWords(WordClass::Adjective, dir)) {
        if (!nouns.count(lowerAscii(w.word))) all.push_back(std::move(w));
    }
    return all;
}

}  // namespace synood
