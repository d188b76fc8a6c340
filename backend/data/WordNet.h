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

// Relatives of a noun's first (most frequent) sense: its synonyms and the words of its hypernyms up
// to `levels` levels up (e.g. sneaker -> gym shoe, tennis shoe; shoe; footwear). Underscores become
// spaces. Empty when the noun is not in WordNet.
// Also the first word of each co-hyponym (another child of the same parent, e.g. sandal -> clog,
// moccasin) and of each cousin (a child of a parent's sibling).
struct NounRelatives {
    std::vector<std::string> synonyms;
    std::vector<std::string> hypernyms;
    std::vector<std::string> coHyponyms;
    std::vector<std::string> cousins;
};
NounRelatives nounRelatives(const std::string& lemma, int levels = 2, const std::string& dir = defaultWordNetDir());

}  // namespace synood
