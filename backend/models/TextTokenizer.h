#pragma once
// What a vision-language model's text side needs: texts to fixed-length token id rows.
#include <cstdint>
#include <string>
#include <vector>

namespace synood {

class TextTokenizer {
public:
    virtual ~TextTokenizer() = default;
    // One row of contextLength() ids per text (start/end tokens and padding included).
    virtual std::vector<int64_t> tokenizeRow(const std::string& text) const = 0;
    virtual int contextLength() const = 0;
};

}  // namespace synood
