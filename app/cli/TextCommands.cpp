// synood tokenize: CLIP BPE token ids of texts.
#include "cli/Args.h"
#include "cli/Command.h"

#include "core/Error.h"
#include "models/ClipTokenizer.h"

#include <iostream>

namespace synood::cli {

namespace {

int tokenizeMain(const std::vector<std::string>& argv) {
    Args args(argv, {"bpe"}, {}, "tokenize");
    if (!args.has("bpe")) {
        throw SynoodError("--bpe FILE is required", "synood tokenize", "give CLIP's bpe_simple_vocab_16e6.txt.gz");
    }
    const ClipTokenizer tokenizer = ClipTokenizer::fromBpeFile(args.value("bpe"));
    for (const std::string& text : args.positionals()) {
        const std::vector<int> ids = tokenizer.encode(text);
        std::cout << '[';
        for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? ", " : "") << ids[i];
        std::cout << "]\n";
    }
    return 0;
}

}  // namespace

std::vector<Command> textCommands() {
    return {{"tokenize", "CLIP BPE token ids of texts, one JSON array per text",
             "usage:\n"
             "  synood tokenize --bpe FILE TEXT...\n"
             "      FILE: CLIP's bpe_simple_vocab_16e6.txt(.gz). Prints, for each TEXT, one line with a\n"
             "      JSON array of its token ids, without the start (49406) and end (49407) tokens.\n",
             tokenizeMain}};
}

}  // namespace synood::cli
