#include "data/WordNet.h"

#include "core/AtomicFile.h"
#include "core/Error.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
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

namespace {

struct Synset {
    std::vector<std::string> words;
    std::vector<std::string> hypernymOffsets;
    std::vector<std::string> hyponymOffsets;
};

// data.noun lines start at the byte offset that names them.
Synset readSynset(std::ifstream& data, const std::string& offset, const std::string& path) {
    data.clear();
    data.seekg(static_cast<std::streamoff>(std::stoull(offset)));
    std::string line;
    if (!std::getline(data, line)) throw SynoodError("bad synset offset " + offset, path, "reinstall wordnet-base");
    std::istringstream in(line);
    std::string off, lex, type, countHex;
    in >> off >> lex >> type >> countHex;
    Synset s;
    const int count = std::stoi(countHex, nullptr, 16);
    for (int i = 0; i < count; ++i) {
        std::string word, lexId;
        in >> word >> lexId;
        if (const auto paren = word.find('('); paren != std::string::npos) word.erase(paren);
        std::replace(word.begin(), word.end(), '_', ' ');
        s.words.push_back(word);
    }
    int pointers = 0;
    in >> pointers;
    for (int i = 0; i < pointers; ++i) {
        std::string symbol, target, pos, sourceTarget;
        in >> symbol >> target >> pos >> sourceTarget;
        if (symbol == "@" && pos == "n") s.hypernymOffsets.push_back(target);
        if (symbol == "~" && pos == "n") s.hyponymOffsets.push_back(target);
    }
    return s;
}

}  // namespace

NounRelatives nounRelatives(const std::string& lemma, int levels, const std::string& dir) {
    std::string key = lowerAscii(lemma);
    std::replace(key.begin(), key.end(), ' ', '_');
    const std::string indexPath = dir + "/index.noun", dataPath = dir + "/data.noun";
    std::ifstream index(indexPath);
    std::ifstream data(dataPath, std::ios::binary);
    if (!index || !data) throw SynoodError("WordNet is not installed", indexPath, "install Debian's wordnet-base package");
    NounRelatives out;
    std::string line;
    while (std::getline(index, line)) {
        if (line.compare(0, key.size() + 1, key + " ") != 0) continue;
        std::istringstream in(line);
        std::vector<std::string> fields;
        std::string f;
        while (in >> f) fields.push_back(f);
        const size_t senses = static_cast<size_t>(std::stoul(fields.at(2)));
        const std::string first = fields.at(fields.size() - senses);  // offsets come last, most frequent first
        const Synset synset = readSynset(data, first, dataPath);
        for (const auto& w : synset.words) {
            if (lowerAscii(w) != lowerAscii(lemma)) out.synonyms.push_back(w);
        }
        // Co-hyponyms: the other children of each parent; cousins: the children of the parents' siblings.
        for (const auto& parentOffset : synset.hypernymOffsets) {
            const Synset parent = readSynset(data, parentOffset, dataPath);
            for (const auto& sibling : parent.hyponymOffsets) {
                if (sibling != first) out.coHyponyms.push_back(readSynset(data, sibling, dataPath).words.at(0));
            }
            for (const auto& grandOffset : parent.hypernymOffsets) {
                const Synset grand = readSynset(data, grandOffset, dataPath);
                for (const auto& uncle : grand.hyponymOffsets) {
                    if (uncle == parentOffset) continue;
                    for (const auto& cousin : readSynset(data, uncle, dataPath).hyponymOffsets) {
                        out.cousins.push_back(readSynset(data, cousin, dataPath).words.at(0));
                    }
                }
            }
        }
        std::vector<std::string> frontier = synset.hypernymOffsets;
        for (int level = 0; level < levels && !frontier.empty(); ++level) {
            std::vector<std::string> next;
            for (const auto& offset : frontier) {
                const Synset h = readSynset(data, offset, dataPath);
                out.hypernyms.insert(out.hypernyms.end(), h.words.begin(), h.words.end());
                next.insert(next.end(), h.hypernymOffsets.begin(), h.hypernymOffsets.end());
            }
            frontier.swap(next);
        }
        break;
    }
    return out;
}

}  // namespace synood
