#pragma once
// Words of WordNet 3.0 (Debian's wordnet-base: /usr/share/wordnet/data.noun, data.adj).
#include <string>
#include <vector>

namespace synood {

enum class WordClass { Noun, Adjective };
const char* toString(WordClass c);

struct WordNetWord {
    std::string word;  // underscores as spaces, adjective markers like "(a)" removed
    WordClass cls;
};

std::string defaultWordNetDir();  // $SYNOOD_WORDNET_DIR or /usr/share/wordnet

// The first lemma of every synset of the part of speech, in file order, de-duplicated
// case-insensitively. Throws SynoodError naming the file when it is missing or malformed.
std::vector<WordNetWord> readWordNetWords(WordClass cls, const std::string& dir = defaultWordNetDir());

// Nouns then adjectives; an adjective already present as a noun is dropped.
std::vector<WordNetWord> readNegativeLabelCandidates(const std::string& dir = defaultWordNetDir());

}  // namespace synood
