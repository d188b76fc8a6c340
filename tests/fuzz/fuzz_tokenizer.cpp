// The CLIP tokenizer's text path (cleanup, pre-tokenizer, BPE) on any bytes: prompts, class names
// and negative-label words come from files and endpoints. With ../shared present it uses OpenAI's
// vocabulary; without, a synthetic one of the same length.
#include "tests/fuzz/FuzzSupport.h"

#include "core/AtomicFile.h"
#include "models/ClipTokenizer.h"

#include <filesystem>

using namespace synood;

namespace {

const ClipTokenizer& tokenizer() {
    static const ClipTokenizer t = [] {
        const std::string real = SYNOOD_FUZZ_SHARED_DIR "/data/clip/bpe_simple_vocab_16e6.txt.gz";
        if (std::filesystem::exists(real)) return ClipTokenizer::fromBpeFile(real);
        const std::string synthetic = fuzz::scratchDir() + "/synthetic-bpe.txt";
        writeFileAtomically(synthetic, fuzz::syntheticBpeVocabulary());
        return ClipTokenizer::fromBpeFile(synthetic);
    }();
    return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const ClipTokenizer& t = tokenizer();
    const std::string input = fuzz::text(data, size);
    const std::vector<int64_t> row = t.tokenize(input);
    if (row.size() != static_cast<size_t>(ClipTokenizer::kContextLength) || row.front() != ClipTokenizer::kStartToken) {
        fuzz::finding("a token row of the wrong length or without its start token");
    }
    bool ended = false;
    for (int64_t id : row) {
        if (id < 0 || static_cast<size_t>(id) >= t.vocabularySize()) fuzz::finding("a token id outside the vocabulary");
        ended = ended || id == ClipTokenizer::kEndToken;
    }
    if (!ended) fuzz::finding("a token row without its end token");
    const std::vector<int> ids = t.encode(input);
    (void)t.decode(ids);
    return 0;
}
