#include "cli/ModelOptions.h"

#include "core/AtomicFile.h"
#include "core/Error.h"

#include <sstream>

namespace synood::cli {

std::set<std::string> modelOptionNames() { return {"pack", "clip", "bpe", "device"}; }

const char* const kModelOptionsHelp =
    "  model:  --pack DIR               a model pack (folder with pack.json)\n"
    "          --clip FILE.pt --bpe FILE   an OpenAI CLIP TorchScript checkpoint as it is, with its\n"
    "                                   bpe_simple_vocab_16e6.txt.gz (ViT-B/16 preprocessing: 224 px)\n"
    "          --device cpu|cuda[:N]    default cpu\n";

std::unique_ptr<VisionLanguageModel> loadModel(const Args& args) {
    const std::string device = args.value("device", "cpu");
    if (args.has("pack")) return loadVisionLanguageModel(args.value("pack"), device);
    if (args.has("clip")) {
        if (!args.has("bpe")) throw SynoodError("--clip needs --bpe FILE", "synood", "give CLIP's bpe_simple_vocab_16e6.txt.gz");
        return loadVisionLanguageModel(ModelPack::forOpenAiCheckpoint(args.value("clip"), args.value("bpe")), device);
    }
    throw SynoodError("no model given", "synood", "give --pack DIR, or --clip FILE.pt --bpe FILE");
}

std::vector<std::string> readClassNames(const std::string& path) {
    std::istringstream in(readWholeFile(path));
    std::vector<std::string> names;
    std::string line;
    while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#') continue;
        names.push_back(line.substr(first));
    }
    if (names.empty()) throw SynoodError("no class names in the file", path, "write one InD class name per line");
    return names;
}

}  // namespace synood::cli
