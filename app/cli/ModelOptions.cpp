#include "cli/ModelOptions.h"

#include <string>

namespace synood::cli {

std::set<std::string> modelOptionNames() { return {"pack", "clip", "bpe", "device", "precision"}; }

std::string modelOptionsHelp() {
    return std::string(
               "  model:  --pack DIR               a model pack (folder with pack.json)\n"
               "          --clip FILE.pt --bpe FILE   an OpenAI CLIP TorchScript checkpoint as it is, with its\n"
               "                                   bpe_simple_vocab_16e6.txt.gz (ViT-B/16 preprocessing: 224 px)\n"
               "          --device cpu|cuda[:N]    default cpu\n"
               "          --precision ") +
           kPrecisionChoices + "  of inference on CPU, default " + precisionName(ops::ModelSource().precision) +
           ": bf16 where the CPU has\n"
           "                                   AVX512-BF16 or AMX (this one " +
           (cpuHasBf16() ? "has" : "has not") +
           "), else fp32; guided synthesis and\n"
           "                                   training stay fp32; on CUDA the model keeps its own precision\n";
}

ops::ModelSource modelSourceOf(const Args& args) {
    ops::ModelSource source;
    source.packDir = args.value("pack");
    source.clipCheckpoint = args.value("clip");
    source.bpeVocabulary = args.value("bpe");
    source.device = args.value("device", source.device);
    source.precision = precisionOf(args, source.precision);
    return source;
}

Precision precisionOf(const Args& args, Precision fallback) {
    return args.has("precision") ? precisionFromText(args.value("precision")) : fallback;
}

std::unique_ptr<VisionLanguageModel> loadModel(const Args& args) {
    const ops::ModelSource source = modelSourceOf(args);
    return loadVisionLanguageModel(source.pack(), source.device, source.precision);
}

}  // namespace synood::cli
