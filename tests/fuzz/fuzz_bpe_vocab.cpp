// CLIP BPE merges files (bpe_simple_vocab_16e6.txt, plain or .gz), as ClipTokenizer reads them; an
// accepted vocabulary must then tokenize text within its own ids.
#include "tests/fuzz/FuzzSupport.h"

#include "models/ClipTokenizer.h"

#include <optional>

using namespace synood;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::inputFile(data, size, "bpe.txt");
    std::optional<ClipTokenizer> tokenizer;
    if (!fuzz::parsed([&] { tokenizer.emplace(ClipTokenizer::fromBpeFile(path)); })) return 0;
    for (int id : tokenizer->encode("a photo of a sandal, on the beach's sand")) {
        if (id < 0 || static_cast<size_t>(id) >= tokenizer->vocabularySize()) fuzz::finding("a token id outside the vocabulary");
    }
    return 0;
}
