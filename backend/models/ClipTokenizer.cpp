#include "models/ClipTokenizer.h"

#include "core/Error.h"
#include "core/GzipFile.h"

#include <unicode/locid.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <climits>
#include <initializer_list>
#include <sstream>

namespace synood {

namespace {

std::string utf8(UChar32 c) {
    std::string out;
    icu::UnicodeString(c).toUTF8String(out);
    return out;
}

// GPT-2's byte-to-unicode table: printable bytes stand for themselves, the others for 256+n.
std::vector<std::pair<int, UChar32>> bytesToUnicode() {
    std::vector<int> bs;
    for (int b = '!'; b <= '~'; ++b) bs.push_back(b);
    for (int b = 0xA1; b <= 0xAC; ++b) bs.push_back(b);
    for (int b = 0xAE; b <= 0xFF; ++b) bs.push_back(b);
    std::vector<std::pair<int, UChar32>> table;
    for (int b : bs) table.emplace_back(b, b);
    int n = 0;
    for (int b = 0; b < 256; ++b) {
        if (std::find(bs.begin(), bs.end(), b) == bs.end()) table.emplace_back(b, 256 + n++);
    }
    return table;  // in vocabulary order
}

bool isLetter(UChar32 c) {
    switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER: return true;
    default: return false;
    }
}

bool isNumber(UChar32 c) {
    switch (u_charType(c)) {
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: return true;
    default: return false;
    }
}

// Python's str.isspace(), which `\s` follows for str patterns.
bool isSpace(UChar32 c) { return u_isUWhiteSpace(c) || (c >= 0x1C && c <= 0x1F); }

// The parts of ftfy.fix_text that change ordinary text.
icu::UnicodeString ftfyLikeFixes(const icu::UnicodeString& in) {
    icu::UnicodeString out;
    for (int32_t i = 0; i < in.length();) {
        const UChar32 c = in.char32At(i);
        i += U16_LENGTH(c);
        switch (c) {
        case 0x2018:
        case 0x2019:
        case 0x201A:
        case 0x201B: out.append(UChar32('\'')); continue;
        case 0x201C:
        case 0x201D:
        case 0x201E:
        case 0x201F: out.append(UChar32('"')); continue;
        case 0xFB00: out.append(icu::UnicodeString("ff")); continue;
        case 0xFB01: out.append(icu::UnicodeString("fi")); continue;
        case 0xFB02: out.append(icu::UnicodeString("fl")); continue;
        case 0xFB03: out.append(icu::UnicodeString("ffi")); continue;
        case 0xFB04: out.append(icu::UnicodeString("ffl")); continue;
        case 0xFB05:
        case 0xFB06: out.append(icu::UnicodeString("st")); continue;
        case 0x3000: out.append(UChar32(' ')); continue;
        default: break;
        }
        if (c >= 0xFF01 && c <= 0xFF5E) {
            out.append(UChar32(c - 0xFEE0));
            continue;
        }  // full width
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f') || (c >= 0x7F && c < 0xA0 && c != 0x85)) {
            continue;  // control characters are removed
        }
        out.append(c);
    }
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) return out;
    icu::UnicodeString normalized = nfc->normalize(out, status);
    return U_FAILURE(status) ? out : normalized;
}

// html.unescape for the entities text actually carries: numeric ones and the common names.
icu::UnicodeString htmlUnescape(const icu::UnicodeString& in) {
    static const std::pair<const char*, UChar32> named[] = {{"amp", '&'},       {"lt", '<'},       {"gt", '>'},       {"quot", '"'},
                                                            {"apos", '\''},     {"nbsp", 0xA0},    {"copy", 0xA9},    {"reg", 0xAE},
                                                            {"hellip", 0x2026}, {"mdash", 0x2014}, {"ndash", 0x2013}, {"lsquo", 0x2018},
                                                            {"rsquo", 0x2019},  {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"eacute", 0xE9}};
    icu::UnicodeString out;
    const int32_t n = in.length();
    for (int32_t i = 0; i < n;) {
        if (in.charAt(i) != '&') {
            out.append(in.charAt(i));
            ++i;
            continue;
        }
        bool replaced = false;
        if (i + 2 < n && in.charAt(i + 1) == '#') {
            int32_t j = i + 2;
            const bool hex = j < n && (in.charAt(j) == 'x' || in.charAt(j) == 'X');
            if (hex) ++j;
            long long value = 0;
            const int32_t digitsStart = j;
            while (j < n && j - digitsStart < 8) {
                const UChar d = in.charAt(j);
                int v = -1;
                if (d >= '0' && d <= '9')
                    v = d - '0';
                else if (hex && d >= 'a' && d <= 'f')
                    v = d - 'a' + 10;
                else if (hex && d >= 'A' && d <= 'F')
                    v = d - 'A' + 10;
                if (v < 0) break;
                value = value * (hex ? 16 : 10) + v;
                ++j;
            }
            if (j > digitsStart) {
                if (j < n && in.charAt(j) == ';') ++j;
                const bool valid = value > 0 && value <= 0x10FFFF && !(value >= 0xD800 && value <= 0xDFFF);
                out.append(valid ? UChar32(value) : UChar32(0xFFFD));
                i = j;
                replaced = true;
            }
        } else {
            for (const auto& [name, ch] : named) {
                const icu::UnicodeString key = icu::UnicodeString::fromUTF8(name);
                if (in.compare(i + 1, key.length(), key) != 0) continue;
                int32_t j = i + 1 + key.length();
                const bool semicolon = j < n && in.charAt(j) == ';';
                const bool legacy =
                    std::string(name) == "amp" || std::string(name) == "lt" || std::string(name) == "gt" || std::string(name) == "quot";
                if (!semicolon && !legacy) continue;
                if (semicolon) ++j;
                out.append(ch);
                i = j;
                replaced = true;
                break;
            }
        }
        if (!replaced) {
            out.append(UChar('&'));
            ++i;
        }
    }
    return out;
}

icu::UnicodeString whitespaceClean(const icu::UnicodeString& in) {
    icu::UnicodeString out;
    bool pendingSpace = false;
    for (int32_t i = 0; i < in.length();) {
        const UChar32 c = in.char32At(i);
        i += U16_LENGTH(c);
        if (isSpace(c)) {
            pendingSpace = out.length() > 0;
            continue;
        }
        if (pendingSpace) out.append(UChar32(' '));
        pendingSpace = false;
        out.append(c);
    }
    return out;
}

icu::UnicodeString cleanUnicode(const std::string& text) {
    icu::UnicodeString s = ftfyLikeFixes(icu::UnicodeString::fromUTF8(text));  // invalid bytes -> U+FFFD
    s = htmlUnescape(htmlUnescape(s));
    s = whitespaceClean(s);
    s.toLower(icu::Locale::getRoot());
    return s;
}

bool startsWithAt(const icu::UnicodeString& s, int32_t i, const char* ascii) {
    const icu::UnicodeString k = icu::UnicodeString::fromUTF8(ascii);
    return s.compare(i, k.length(), k) == 0;
}

// End of the first of `options` that starts at i, or -1 (regex alternation order).
int32_t matchAnyAt(const icu::UnicodeString& s, int32_t i, std::initializer_list<const char*> options) {
    for (const char* o : options) {
        if (startsWithAt(s, i, o)) return i + static_cast<int32_t>(std::char_traits<char>::length(o));
    }
    return -1;
}

// CLIP's pre-tokenizer: the pieces of the cleaned text, as UTF-8.
std::vector<std::string> preTokenize(const icu::UnicodeString& s) {
    std::vector<std::string> pieces;
    const int32_t n = s.length();
    auto emit = [&](int32_t a, int32_t b) {
        std::string piece;
        s.tempSubStringBetween(a, b).toUTF8String(piece);
        pieces.push_back(std::move(piece));
    };
    for (int32_t i = 0; i < n;) {
        const UChar32 c = s.char32At(i);
        const int32_t len = U16_LENGTH(c);
        int32_t end = -1;
        if (c == '<')
            end = matchAnyAt(s, i, {"<|startoftext|>", "<|endoftext|>"});
        else if (c == '\'')
            end = matchAnyAt(s, i, {"'s", "'t", "'re", "'ve", "'m", "'ll", "'d"});
        if (end > 0) {
            emit(i, end);
            i = end;
            continue;
        }
        if (isSpace(c)) {
            i += len;
            continue;
        }
        int32_t j = i + len;
        if (isLetter(c)) {
            while (j < n && isLetter(s.char32At(j))) j += U16_LENGTH(s.char32At(j));
        } else if (!isNumber(c)) {
            while (j < n) {
                const UChar32 d = s.char32At(j);
                if (isSpace(d) || isLetter(d) || isNumber(d)) break;
                j += U16_LENGTH(d);
            }
        }
        emit(i, j);
        i = j;
    }
    return pieces;
}

// Splits UTF-8 into its characters (each a UTF-8 string).
std::vector<std::string> utf8Characters(const std::string& s) {
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const size_t len = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : 4;
        out.push_back(s.substr(i, len));
        i += len;
    }
    return out;
}

}  // namespace

ClipTokenizer::ClipTokenizer(const ClipTokenizer& other)
    : m_byteEncoder(other.m_byteEncoder),
      m_encoder(other.m_encoder),
      m_decoder(other.m_decoder),
      m_ranks(other.m_ranks),
      m_byteDecoder(other.m_byteDecoder) {}
ClipTokenizer::ClipTokenizer(ClipTokenizer&& other) noexcept
    : m_byteEncoder(std::move(other.m_byteEncoder)),
      m_encoder(std::move(other.m_encoder)),
      m_decoder(std::move(other.m_decoder)),
      m_ranks(std::move(other.m_ranks)),
      m_byteDecoder(std::move(other.m_byteDecoder)) {}
ClipTokenizer::~ClipTokenizer() = default;

ClipTokenizer ClipTokenizer::fromBpeFile(const std::string& path) {
    const std::string text = readGzipOrPlainFile(path);
    std::vector<std::string> lines;
    {
        std::istringstream in(text);
        std::string line;
        while (std::getline(in, line)) lines.push_back(line);
    }
    constexpr size_t kMerges = 49152 - 256 - 2;  // lines[1 : 48895] as in simple_tokenizer
    if (lines.size() < kMerges + 1 || lines[0].find("#version") == std::string::npos) {
        throw SynoodError("not a CLIP BPE merges file (expected a '#version' line and " + std::to_string(kMerges) + " merges)", path,
                          "give bpe_simple_vocab_16e6.txt.gz from the CLIP repository");
    }
    ClipTokenizer t;
    t.m_byteEncoder.resize(256);
    const auto table = bytesToUnicode();
    for (const auto& [b, cp] : table) {
        t.m_byteEncoder[static_cast<size_t>(b)] = utf8(cp);
        t.m_byteDecoder[utf8(cp)] = static_cast<unsigned char>(b);
    }
    for (const auto& [b, cp] : table) t.m_decoder.push_back(utf8(cp));
    for (const auto& [b, cp] : table) t.m_decoder.push_back(utf8(cp) + "</w>");
    for (size_t i = 1; i <= kMerges; ++i) {
        const std::string& line = lines[i];
        const auto space = line.find(' ');
        if (space == std::string::npos || space == 0 || space + 1 >= line.size()) {
            throw SynoodError("malformed merge on line " + std::to_string(i + 1), path, "the file is damaged; download it again");
        }
        t.m_ranks.emplace(line, static_cast<int>(i - 1));
        t.m_decoder.push_back(line.substr(0, space) + line.substr(space + 1));
    }
    t.m_decoder.push_back("<|startoftext|>");
    t.m_decoder.push_back("<|endoftext|>");
    for (size_t i = 0; i < t.m_decoder.size(); ++i) t.m_encoder.emplace(t.m_decoder[i], static_cast<int>(i));
    return t;
}

std::vector<std::string> ClipTokenizer::bpe(const std::string& token) const {
    // The special tokens are whole BPE tokens (the reference seeds its cache with them).
    static const std::vector<std::string> start{"<|startoftext|>"}, end{"<|endoftext|>"};
    if (token == start[0]) return start;
    if (token == end[0]) return end;
    {
        std::lock_guard<std::mutex> lock(m_cacheMutex);
        if (const auto it = m_cache.find(token); it != m_cache.end()) return it->second;
    }
    std::vector<std::string> word = utf8Characters(token);
    if (word.empty()) word.push_back("");
    word.back() += "</w>";
    while (word.size() > 1) {
        int bestRank = INT_MAX;
        size_t best = 0;
        for (size_t i = 0; i + 1 < word.size(); ++i) {
            const auto it = m_ranks.find(word[i] + " " + word[i + 1]);
            if (it != m_ranks.end() && it->second < bestRank) {
                bestRank = it->second;
                best = i;
            }
        }
        if (bestRank == INT_MAX) break;
        const std::string first = word[best], second = word[best + 1];
        std::vector<std::string> merged;
        for (size_t i = 0; i < word.size();) {
            if (i + 1 < word.size() && word[i] == first && word[i + 1] == second) {
                merged.push_back(first + second);
                i += 2;
            } else {
                merged.push_back(word[i]);
                ++i;
            }
        }
        word.swap(merged);
    }
    std::lock_guard<std::mutex> lock(m_cacheMutex);
    if (m_cache.size() > 200000) m_cache.clear();  // bounded: mining sends ~100k distinct words
    return m_cache.emplace(token, std::move(word)).first->second;
}

std::string ClipTokenizer::cleanText(const std::string& text) {
    std::string out;
    cleanUnicode(text).toUTF8String(out);
    return out;
}

std::vector<int> ClipTokenizer::encode(const std::string& text) const {
    std::vector<int> ids;
    for (const std::string& piece : preTokenize(cleanUnicode(text))) {
        std::string encoded;
        for (const char ch : piece) encoded += m_byteEncoder[static_cast<unsigned char>(ch)];
        for (const std::string& bpeToken : bpe(encoded)) {
            const auto it = m_encoder.find(bpeToken);
            if (it == m_encoder.end()) {
                throw SynoodError("BPE produced a token outside the vocabulary", "'" + piece + "'",
                                  "the merges file does not match CLIP's vocabulary");
            }
            ids.push_back(it->second);
        }
    }
    return ids;
}

std::vector<int64_t> ClipTokenizer::tokenize(const std::string& text, int contextLength) const {
    if (contextLength < 2) throw SynoodError("context length must be at least 2", "tokenize", "use 77 for CLIP");
    const std::vector<int> ids = encode(text);
    std::vector<int64_t> out(static_cast<size_t>(contextLength), 0);
    out[0] = kStartToken;
    const size_t room = static_cast<size_t>(contextLength) - 2;
    const size_t n = std::min(room, ids.size());
    for (size_t i = 0; i < n; ++i) out[i + 1] = ids[i];
    out[n + 1] = kEndToken;
    return out;
}

std::string ClipTokenizer::decode(const std::vector<int>& ids) const {
    std::string joined;
    for (int id : ids) {
        if (id < 0 || static_cast<size_t>(id) >= m_decoder.size()) continue;
        joined += m_decoder[static_cast<size_t>(id)];
    }
    std::string bytes;
    for (const std::string& ch : utf8Characters(joined)) {
        const auto it = m_byteDecoder.find(ch);
        if (it != m_byteDecoder.end())
            bytes += static_cast<char>(it->second);
        else
            bytes += ch;
    }
    std::string out;
    for (size_t pos = 0;;) {
        const size_t w = bytes.find("</w>", pos);
        if (w == std::string::npos) {
            out += bytes.substr(pos);
            break;
        }
        out += bytes.substr(pos, w - pos) + " ";
        pos = w + 4;
    }
    return out;
}

}  // namespace synood
