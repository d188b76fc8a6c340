#pragma once
// CLIP's byte-level BPE tokenizer (OpenAI simple_tokenizer), in C++.
// Text cleanup as the reference: ftfy-style fixes (NFC, curly quotes, Latin ligatures, full-width
// forms; ftfy's mojibake repair is not reproduced), HTML unescaping twice, whitespace collapsing,
// lower case; then CLIP's pre-tokenizer pattern
//   <|startoftext|> | <|endoftext|> | 's|'t|'re|'ve|'m|'ll|'d | \p{L}+ | \p{N} | [^\s\p{L}\p{N}]+
// and BPE over the byte-to-unicode alphabet. Any byte string is accepted: invalid UTF-8 sequences
// become U+FFFD before tokenization.
#include "models/TextTokenizer.h"

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace synood {

class ClipTokenizer : public TextTokenizer {
public:
    static constexpr int kStartToken = 49406;
    static constexpr int kEndToken = 49407;
    static constexpr int kContextLength = 77;

    // Reads bpe_simple_vocab_16e6.txt(.gz). Throws SynoodError naming the file when it is missing
    // or not a CLIP merges file.
    static ClipTokenizer fromBpeFile(const std::string& path);

    // Token ids of the text, without start and end tokens.
    std::vector<int> encode(const std::string& text) const;
    // [start, ids..., end] padded with 0 to contextLength; too long texts are truncated with the
    // end token kept last (clip.tokenize(truncate=True)).
    std::vector<int64_t> tokenize(const std::string& text, int contextLength = kContextLength) const;
    std::string decode(const std::vector<int>& ids) const;

    std::vector<int64_t> tokenizeRow(const std::string& text) const override { return tokenize(text); }
    int contextLength() const override { return kContextLength; }

    size_t vocabularySize() const { return m_decoder.size(); }

    // The cleanup step alone (exposed for tests): cleaned, lower-cased UTF-8.
    static std::string cleanText(const std::string& text);

    ClipTokenizer(const ClipTokenizer& other);
    ClipTokenizer(ClipTokenizer&&) noexcept;
    ~ClipTokenizer() override;

private:
    ClipTokenizer() = default;
    // By value: the cache may be cleared by another thread.
    std::vector<std::string> bpe(const std::string& token) const;

    std::vector<std::string> m_byteEncoder;          // byte -> UTF-8 of its stand-in character
    std::unordered_map<std::string, int> m_encoder;  // BPE token -> id
    std::vector<std::string> m_decoder;              // id -> BPE token
    std::unordered_map<std::string, int> m_ranks;    // "first second" -> merge rank
    std::unordered_map<std::string, unsigned char> m_byteDecoder;
    mutable std::mutex m_cacheMutex;
    mutable std::unordered_map<std::string, std::vector<std::string>> m_cache;
};

}  // namespace synood
