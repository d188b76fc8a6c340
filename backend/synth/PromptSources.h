#pragma once
// Where a synthesis prompt comes from. Offline sources: WordNet relatives of the seed's class that
// are not InD labels, cross-class hybrids (another InD class painted into part of the seed), text
// typed by the user. Every source can be given excluded words (the demo's strict protocol: no
// held-out class names or their synonyms), matched as whole words, case-insensitively.
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace synood {

// What a prompt is made for: the seed's class and its image file.
struct PromptSeed {
    std::string className;
    std::string imagePath;
};

struct PromptChoice {
    std::string prompt;
    std::string source;               // "mllm", "wordnet", "hybrid", "text"
    std::string detail;               // e.g. the relative or the painted class
    std::optional<std::string> mask;  // a mask kind the source asks for (hybrids paint a part)
};

class PromptSource {
public:
    virtual ~PromptSource() = default;
    virtual std::string name() const = 0;
    // A prompt for a seed (deterministic for a given rng state and, for the MLLM, a given answer).
    virtual PromptChoice promptFor(const PromptSeed& seed, std::mt19937_64& rng) const = 0;
};

// True when `text` contains one of `words` as a whole word or phrase (case-insensitive).
bool mentionsAny(const std::string& text, const std::vector<std::string>& words);

// "a photo of a {relative}.": co-hyponyms and cousins of the class in WordNet, minus InD labels and
// excluded words. Classes without WordNet relatives fall back to their hypernyms.
std::unique_ptr<PromptSource> wordNetRelativesSource(const std::vector<std::string>& indClasses, const std::vector<std::string>& excluded);
// "a photo of a {other InD class}." painted into a box or half of the seed.
std::unique_ptr<PromptSource> hybridSource(const std::vector<std::string>& indClasses);
// The user's text, as it is ("{class}" is replaced by the seed's class name).
std::unique_ptr<PromptSource> textSource(const std::string& text, const std::vector<std::string>& excluded);

struct MllmOptions;

// By name: "wordnet", "hybrid", "text" (needs `text`), "mllm" (needs `mllm`; falls back to WordNet
// relatives), "context" (the image's scene file, ContextPromptSource.h; falls back to WordNet
// relatives). Throws SynoodError for an unknown name.
std::unique_ptr<PromptSource> makePromptSource(const std::string& name, const std::vector<std::string>& indClasses,
                                               const std::vector<std::string>& excluded, const std::string& text = {},
                                               const MllmOptions* mllm = nullptr);

}  // namespace synood
