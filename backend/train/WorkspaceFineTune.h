#pragma once
// SynOOD stage 2 on a workspace, as `synood finetune`, the studio's training panel and the demo run
// use it: the synthesized samples (the accepted ones when any are accepted, else the near-boundary
// ones not rejected) with their pseudo negative label, and on the InD side the seed of each
// synthesized sample (official pairing, 1:1) or every InD sample; raw features encoded once (cached
// in W/cache), then fineTune(); the result saved as one adapter file.
#include "core/Job.h"
#include "train/FineTune.h"

#include <string>
#include <vector>

namespace synood {

class VisionLanguageModel;
class Workspace;
struct NegativeLabelSet;
struct Sample;

// The InD side of the training set: the seed of each synthesized sample (official: InD : synthesized
// = 1 : 1), or every labelled InD sample of the workspace.
enum class Pairing { Seeds, Workspace };
const char* toString(Pairing pairing);
Pairing pairingFromString(const std::string& name);

// Training samples as image paths with labels (c < C: InD class c; C + j: pseudo label j).
struct TrainingSet {
    std::vector<std::string> paths;
    std::vector<int64_t> labels;
    int indSamples = 0, synthesizedSamples = 0;
};

// classes: the InD class names in label order; synthesized: the samples to train on, each with its
// pseudo_label_index. With Pairing::Seeds a seed appears once per synthesized sample made from it.
TrainingSet trainingSetOf(const Workspace& ws, const std::vector<std::string>& classes, const std::vector<const Sample*>& synthesized,
                          Pairing pairing);

// The set's raw image features (cached at cachePath when not empty) with its labels.
FineTuneData encodeTrainingSet(VisionLanguageModel& model, const TrainingSet& set, const std::string& cachePath,
                               const JobContext& ctx = {});

// The negative rows fineTune() starts from: unit rows, except those stage B will train, which are the
// raw text-encoder outputs of their prompts when options.b.rawRows (official).
at::Tensor negativeRowsForTuning(VisionLanguageModel& model, const NegativeLabelSet& negatives, const FineTuneData& data, int64_t classes,
                                 const FineTuneOptions& options);

// Fewer training samples than this and the result means little (the studio and the CLI warn).
constexpr int kFewSynthesizedSamples = 50;

// Checkpoints chosen without test data (METHOD.md, "Choosing without the test sets"): every
// `heldOutEvery`-th seed (of those the synthesized samples come from, by id) is held out, and its
// synthesized samples become validation OOD instead of training data; validation InD are the
// workspace's labelled InD samples that seed nothing. Without both, no validation (the last state).
struct WorkspaceValidation {
    int heldOutEvery = 10;
    int checkpointEvery = 10;  // steps (the studio's runs are short)
    int maxInD = 3000;         // validation InD samples at most
};

struct WorkspaceFineTuneResult {
    TunedModel tuned;
    StageReport a, b;
    std::vector<std::string> classes;
    int indSamples = 0, synthesizedSamples = 0;
    int validationInD = 0, validationOod = 0;  // 0: no validation ran
    bool usedAccepted = false;                 // trained on the accepted synthesized samples (else the near-boundary ones)
    std::string adapterPath;
};

// negFile: the negative labels the samples were synthesized with (pseudo labels index into them);
// outPath: where the adapter goes. Throws SynoodError when there is nothing to train on or a pseudo
// label does not match negFile.
WorkspaceFineTuneResult fineTuneWorkspace(VisionLanguageModel& model, const std::string& workspaceDir, const std::string& negFile,
                                          const FineTuneOptions& options, const std::string& outPath, const JobContext& ctx = {},
                                          Pairing pairing = Pairing::Seeds, const WorkspaceValidation& validation = {});

}  // namespace synood
