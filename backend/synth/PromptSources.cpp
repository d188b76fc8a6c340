#include "synth/PromptSources.h"

#include "core/Error.h"
#include "data/WordNet.h"
#include "synth/ContextPromptSource.h"
#include "synth/MllmPromptSource.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace synood {

namespace {

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

// Words of a text: lower-case runs of letters, digits and hyphens.
std::string normalizedWords(const std::string& text) {
    std::string out = " ";
    for (char c : lower(text)) {
        const bool wordChar = std::isalnum(static_cast<unsigned char>(c)) || c == '-';
        out += wordChar ? c : ' ';
    }
    out += ' ';
    std::string squeezed;
    for (char c : out) {
        if (c == ' ' && !squeezed.empty() && squeezed.back() == ' ') continue;
        squeezed += c;
    }
    return squeezed;
}

// WordNet's entry for a class name; names like "T-shirt/top" are tried part by part.
NounRelatives relativesOfClass(const std::string& className) {
    NounRelatives r = nounRelatives(className);
    size_t start = 0;
    while (r.coHyponyms.empty() && r.cousins.empty() && r.hypernyms.empty() && start < className.size()) {
        const size_t slash = std::min(className.find('/', start), className.size());
        r = nounRelatives(className.substr(start, slash - start));
        start = slash + 1;
    }
    return r;
}

class WordNetRelativesSource : public PromptSource {
public:
    WordNetRelativesSource(const std::vector<std::string>& indClasses, const std::vector<std::string>& excluded) {
        std::vector<std::string> forbidden = excluded;
        forbidden.insert(forbidden.end(), indClasses.begin(), indClasses.end());
        for (const auto& c : indClasses) {
            const NounRelatives r = relativesOfClass(c);
            std::set<std::string> seen;
            std::vector<std::string> words;
            auto add = [&](const std::vector<std::string>& list) {
                for (const auto& w : list) {
                    if (mentionsAny(w, forbidden) || !seen.insert(lower(w)).second) continue;
                    words.push_back(w);
                }
            };
            add(r.coHyponyms);
            add(r.cousins);
            if (words.empty()) add(r.hypernyms);
            m_relatives[c] = words;
        }
    }
    std::string name() const override { return "wordnet"; }
    PromptChoice promptFor(const PromptSeed& seed, std::mt19937_64& rng) const override {
        const std::string& className = seed.className;
        const auto it = m_relatives.find(className);
        if (it == m_relatives.end() || it->second.empty()) {
            throw SynoodError("WordNet has no usable relative of '" + className + "'", "prompt source wordnet",
                              "use --prompt-source hybrid or text for this class");
        }
        const std::string& word = it->second[rng() % it->second.size()];
        return {"a photo of a " + word + ".", name(), word, std::nullopt};
    }

private:
    std::map<std::string, std::vector<std::string>> m_relatives;
};

class HybridSource : public PromptSource {
public:
    explicit HybridSource(std::vector<std::string> indClasses) : m_classes(std::move(indClasses)) {
        if (m_classes.size() < 2) throw SynoodError("hybrids need at least two InD classes", "prompt source hybrid", "use wordnet or text");
    }
    std::string name() const override { return "hybrid"; }
    PromptChoice promptFor(const PromptSeed& seed, std::mt19937_64& rng) const override {
        std::string other;
        do {
            other = m_classes[rng() % m_classes.size()];
        } while (other == seed.className);
        return {"a photo of a " + other + ".", name(), other, std::string(rng() % 2 ? "box" : "half")};
    }

private:
    std::vector<std::string> m_classes;
};

class TextSource : public PromptSource {
public:
    TextSource(std::string text, const std::vector<std::string>& excluded) : m_text(std::move(text)) {
        if (m_text.empty()) throw SynoodError("the text prompt source needs a text", "--prompt", "e.g. --prompt \"a striped {class}\"");
        if (mentionsAny(m_text, excluded)) {
            throw SynoodError("the prompt names an excluded (held-out) concept", m_text,
                              "the strict protocol forbids held-out class names and their synonyms");
        }
    }
    std::string name() const override { return "text"; }
    PromptChoice promptFor(const PromptSeed& seed, std::mt19937_64&) const override {
        std::string p = m_text;
        for (size_t pos; (pos = p.find("{class}")) != std::string::npos;) p.replace(pos, 7, seed.className);
        return {p, name(), m_text, std::nullopt};
    }

private:
    std::string m_text;
};

}  // namespace

bool mentionsAny(const std::string& text, const std::vector<std::string>& words) {
    const std::string t = normalizedWords(text);
    for (const auto& w : words) {
        const std::string n = normalizedWords(w);
        if (n.size() > 2 && t.find(n) != std::string::npos) return true;
    }
    return false;
}

std::unique_ptr<PromptSource> wordNetRelativesSource(const std::vector<std::string>& indClasses, const std::vector<std::string>& excluded) {
    return std::make_unique<WordNetRelativesSource>(indClasses, excluded);
}

std::unique_ptr<PromptSource> hybridSource(const std::vector<std::string>& indClasses) {
    return std::make_unique<HybridSource>(indClasses);
}

std::unique_ptr<PromptSource> textSource(const std::string& text, const std::vector<std::string>& excluded) {
    return std::make_unique<TextSource>(text, excluded);
}

std::unique_ptr<PromptSource> makePromptSource(const std::string& name, const std::vector<std::string>& indClasses,
                                               const std::vector<std::string>& excluded, const std::string& text, const MllmOptions* mllm) {
    if (name == "wordnet") return wordNetRelativesSource(indClasses, excluded);
    if (name == "hybrid") return hybridSource(indClasses);
    if (name == "text") return textSource(text, excluded);
    if (name == "mllm") {
        if (!mllm)
            throw SynoodError("the mllm prompt source needs an endpoint", "--prompt-source mllm", "give --mllm-url and --mllm-model");
        return std::make_unique<MllmPromptSource>(*mllm, wordNetRelativesSource(indClasses, excluded), excluded);
    }
    if (name == "context") return std::make_unique<ContextPromptSource>(wordNetRelativesSource(indClasses, excluded), excluded);
    throw SynoodError("unknown prompt source '" + name + "'", "--prompt-source", "use mllm, context, wordnet, hybrid or text");
}

}  // namespace synood
