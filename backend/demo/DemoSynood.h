#pragma once
// SynOOD on the demo world, for `synood demo run`, one run seed at a time, at the official
// proportions (METHOD.md): guided and unguided synthesis from the 50 most informative InD seeds per
// class (k samples per seed, strict protocol), pseudo labels, and stage A + B fine-tuning on cached
// features with the seed of each synthesized image on the InD side (1:1). Checkpoints and variants
// are chosen on validation data only: held-out InD training images against samples synthesized from
// seeds never used for training (the next 10 per class, guided and unguided). Variants:
// synood_stage_ab, synood_stage_a, synood_stage_b (guided), the same from unguided samples, and
// synood / synood_unguided: whichever of the three validates best; and, for the diagnosis only,
// diagnostic_stage_a_unselected (stage A trained to its whole budget without a choice). With a
// compared prompt source (the scenes world's ablation: WordNet relatives against context prompts),
// also synood_SOURCE: guided samples from that source, in a workspace of its own with the same seeds,
// chosen the same way. The validation OOD set holds every held-out sample of every kind.
#include "core/Job.h"
#include "demo/DemoWorld.h"
#include "train/FineTune.h"
#include "train/WorkspaceFineTune.h"

#include <map>
#include <string>

namespace synood {
class VisionLanguageModel;
struct NegativeLabelSet;
}  // namespace synood

namespace synood::demo {

// The official fine-tuning with the demo's step budgets (METHOD.md: ≈2,346 steps for stage A and
// ≥5,860 for stage B), a checkpoint every 100 steps.
FineTuneOptions demoFineTuneDefaults();

struct DemoSynoodOptions {
    ToyWorld world = ToyWorld::Fashion;  // the seeds' workspace: Fashion-MNIST images, or scenes with their scene files
    std::string packDir;
    std::string workDir;               // the seeds' workspace, synthesized images and feature caches
    std::string negLabelsFile;         // the benchmark's negative labels (pseudo labels index into them)
    int seedsPerClass = 50;            // InD seeds per class used for training (official 50)
    int perSeed = 1;                   // synthesized samples per seed (official 1)
    int validationSeedsPerClass = 10;  // the next seeds per class, synthesized once each, for validation only
    int workspacePerClass = 200;
    int batchSize = 32;
    std::string promptSource = "wordnet";  // wordnet | hybrid | context (the demo's offline sources)
    std::string comparedSource;            // another source's guided samples as synood_SOURCE; empty: none
    double cfg = 0;                        // classifier-free guidance; 0: the pack's synthesis default
    Pairing pairing = Pairing::Seeds;
    FineTuneOptions fineTune = demoFineTuneDefaults();
    double negLabelTau = 0;  // the NegLabel temperature of validation; 0: 1 / the model's logit scale
};

// Validation InD: held-out InD training images (raw features) and their class indices.
struct ValidationInD {
    at::Tensor features, labels;
    double zeroShotAccuracy = 0;
};

struct DemoSynoodRun {
    std::map<std::string, TunedModel> variants;
    std::map<std::string, double> seconds;                 // "synthesis guided", "synthesis unguided", "fine-tuning", ...
    std::map<std::string, int> synthesized, nearBoundary;  // training samples per kind (synood, synood_unguided, …)
    int validationOod = 0;
    nlohmann::ordered_json selection;  // per variant: every checkpoint's validation, the chosen steps
};

// indText: the benchmark's InD prompt features, in kInDClasses order.
DemoSynoodRun runDemoSynood(VisionLanguageModel& model, const NegativeLabelSet& negatives, const at::Tensor& indText,
                            const ValidationInD& validation, const DemoSynoodOptions& options, int seed, const JobContext& ctx = {});

}  // namespace synood::demo
