#pragma once
// SynOOD on the demo world, for `synood demo run`: for one seed, guided and unguided synthesis from
// the InD training seeds (strict protocol), pseudo labels, then stage A + B fine-tuning on cached
// features. Variants: synood (guided, A+B), synood_unguided (lr = 0, A+B), synood_stage_a,
// synood_stage_b (guided, one stage), synood_ungated (guided, A+B, the adapter without its gate).
#include "core/Job.h"
#include "train/FineTune.h"

#include <map>
#include <string>

namespace synood {
class VisionLanguageModel;
struct NegativeLabelSet;
}

namespace synood::demo {

struct DemoSynoodOptions {
    std::string packDir;
    std::string workDir;       // the seeds' workspace, synthesized images and feature caches
    std::string negLabelsFile; // the benchmark's negative labels (pseudo labels index into them)
    int seedsPerClass = 50;    // InD seeds per class used for synthesis
    int workspacePerClass = 200;
    int batchSize = 32;
};

struct DemoSynoodRun {
    std::map<std::string, TunedModel> variants;
    std::map<std::string, double> seconds;  // "synthesis guided", "synthesis unguided", "fine-tuning", ...
    int synthesizedGuided = 0, synthesizedUnguided = 0, nearBoundaryGuided = 0, nearBoundaryUnguided = 0;
};

// indText: the benchmark's InD prompt features, in kInDClasses order.
DemoSynoodRun runDemoSynood(VisionLanguageModel& model, const NegativeLabelSet& negatives, const at::Tensor& indText,
                            const DemoSynoodOptions& options, int seed, const JobContext& ctx = {});

}  // namespace synood::demo
