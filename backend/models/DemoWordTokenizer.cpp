#include "models/DemoWordTokenizer.h"

#include <cctype>

namespace synood {

namespace {
int64_t bucket(const std::string& s) {
    uint64_t h = 1469598103934665603ULL;  // FNV-1a
    for (const unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return static_cast<int64_t>(h % DemoWordTokenizer::kBuckets) + 1;
}
}  // namespace

std::vector<std::string> DemoWordTokenizer::words(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (const unsigned char c : text) {
        if (std::isalnum(c) || c >= 0x80) {
            current += static_cast<char>(std::tolower(c));
        } else if (!current.empty()) {
            out.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) out.push_back(std::move(current));
    return out;
}

std::vector<int64_t> DemoWordTokenizer::tokenizeRow(const std::string& text) const {
    std::vector<int64_t> row(static_cast<size_t>(contextLength()), 0);
    const auto ws = words(text);
    for (size_t w = 0; w < ws.size() && w < static_cast<size_t>(kMaxWords); ++w) {
        const std::string marked = "<" + ws[w] + ">";
        size_t k = static_cast<size_t>(w) * kGramsPerWord;
        row[k++] = bucket("w:" + ws[w]);
        for (size_t g = 0; g + 3 <= marked.size() && k < (w + 1) * kGramsPerWord; ++g) {
            row[k++] = bucket("g:" + marked.substr(g, 3));
        }
    }
    return row;
}

}  // namespace synood
