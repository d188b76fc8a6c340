#pragma once
// The demo text encoder's tokenizer: any English text, any word. Each of the first kMaxWords words
// becomes kGramsPerWord ids: a hash of the whole word and hashes of its character 3-grams (of
// "<word>", fastText-style), in [1, kBuckets]; 0 pads. Unseen words share grams with known ones.
#include "models/TextTokenizer.h"

namespace synood {

class DemoWordTokenizer : public TextTokenizer {
public:
    static constexpr int kMaxWords = 16;
    static constexpr int kGramsPerWord = 12;
    static constexpr int kBuckets = 8191;

    std::vector<int64_t> tokenizeRow(const std::string& text) const override;
    int contextLength() const override { return kMaxWords * kGramsPerWord; }

    // Lower-case alphanumeric words of the text (other characters separate words).
    static std::vector<std::string> words(const std::string& text);
};

}  // namespace synood
