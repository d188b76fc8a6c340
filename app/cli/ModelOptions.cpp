#include "cli/ModelOptions.h"

namespace synood::cli {

std::set<std::string> modelOptionNames() { return {"pack", "clip", "bpe", "device"}; }

const char* const kModelOptionsHelp =
    "  model:  --pack DIR               a model pack (folder with pack.json)\n"
    "          --clip FILE.pt --bpe FILE   an OpenAI CLIP TorchScript checkpoint as it is, with its\n"
    "                                   bpe_simple_vocab_16e6.txt.gz (ViT-B/16 preprocessing: 224 px)\n"
    "          --device cpu|cuda[:N]    default cpu\n";

ops::ModelSource modelSourceOf(const Args& args) {
    ops::ModelSource source;
    source.packDir = args.value("pack");
    source.clipCheckpoint = args.value("clip");
    source.bpeVocabulary = args.value("bpe");
    source.device = args.value("device", source.device);
    return source;
}

std::unique_ptr<VisionLanguageModel> loadModel(const Args& args) {
    const ops::ModelSource source = modelSourceOf(args);
    return loadVisionLanguageModel(source.pack(), source.device);
}

}  // namespace synood::cli
