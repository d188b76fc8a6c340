#pragma once
// Trains a demo world's toy CLIP (DemoClip) contrastively on the training images of all ten classes
// (real CLIP has seen every concept; InD/OOD is a property of the task), with captions from
// templates and each class's WordNet synonyms and hypernyms, and writes a model pack.
#include "core/Job.h"
#include "demo/DemoWorld.h"

#include <cstdint>
#include <string>
#include <vector>

namespace synood {
class VisionLanguageModel;
}

namespace synood::demo {

struct ToyClipOptions {
    ToyWorld world = ToyWorld::Fashion;  // scenes: captions name the background ("a photo of a sandal on a sandy beach.")
    int epochs = 3;
    int batchSize = 256;
    double learningRate = 2e-3;
    uint64_t seed = 0;
    int embedDim = 64;
    int width = 24;
};

// Prompt names of the ten classes ("t-shirt", ..., "ankle boot"), in label order.
const std::vector<std::string>& promptNames();
// The held-out classes' names, extra names and WordNet synonyms: the words that the strict protocol
// keeps out of everything that synthesizes or tunes.
std::vector<std::string> heldOutWords();
// The InD classes' prompt names, in label order.
std::vector<std::string> indPromptNames();
// Captions from the class's names only (templates × names and synonyms, no hypernyms): what the toy
// diffusion model is conditioned on, so that no caption is shared between classes.
std::vector<std::string> nameCaptionsFor(int label);
// The scenes world's: the class's name captions with its context ("a photo of a sandal on a sandy
// beach."), and a context alone, with the MLLM prompt's template among them ("A photo only remain a
// sandy beach."): what the scenes' diffusion model is conditioned on.
std::vector<std::string> sceneCaptionsFor(int label, int background);
std::vector<std::string> contextCaptionsFor(int background);
// The prompts the demo worlds are measured with: "a photo of a sandal.", the scenes' "a photo of a
// sandal on a sandy beach." and a context alone, "a photo of a sandy beach.".
std::string classPrompt(const std::string& name);
std::string scenePrompt(const std::string& name, const std::string& context);
std::string contextAlonePrompt(const std::string& context);
// Every caption the trainer may draw for a class (templates x names, synonyms, hypernyms).
std::vector<std::string> captionsFor(int label);

struct ZeroShotAccuracy {
    double ind6 = 0;      // InD test images, argmax over the six InD prompts
    double all10 = 0;     // all test images, argmax over the ten prompts
    double context = -1;  // scenes: the background, argmax over "a photo of {context}." of the eight kinds
};
// Prompts "a photo of a {name}." on the test images of the model's world (its pack.json's "world",
// Fashion-MNIST when absent).
ZeroShotAccuracy zeroShotAccuracy(VisionLanguageModel& model);

struct ToyClipResult {
    std::string packDir;
    ZeroShotAccuracy accuracy;
    double trainSeconds = 0;
    int epochsRun = 0;  // this call (fewer when resumed)
};

// Trains (resuming from DIR/checkpoint when its options match) and writes DIR/pack.json and
// DIR/toy_clip.pt (half-precision weights). Progress per step with the loss.
ToyClipResult trainToyClip(const std::string& dir, const ToyClipOptions& options, const JobContext& ctx = {});

}  // namespace synood::demo
