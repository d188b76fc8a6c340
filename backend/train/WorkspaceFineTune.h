#pragma once
// SynOOD stage 2 on a workspace, as `synood finetune` and the studio's training panel run it: InD
// samples with their class, and the synthesized samples (the accepted ones when any are accepted, else
// the near-boundary ones not rejected) with their pseudo negative label; features encoded once
// (cached in W/cache), then fineTune(); the result saved as one adapter file.
#include "core/Job.h"
#include "train/FineTune.h"

#include <string>
#include <vector>

namespace synood {

class VisionLanguageModel;

struct WorkspaceFineTuneResult {
    TunedModel tuned;
    StageReport a, b;
    std::vector<std::string> classes;
    int indSamples = 0, synthesizedSamples = 0;
    bool usedAccepted = false;  // trained on the accepted synthesized samples (else the near-boundary ones)
    std::string adapterPath;
};

// negFile: the negative labels the samples were synthesized with (pseudo labels index into them);
// outPath: where the adapter goes. Throws SynoodError when there is nothing to train on or a pseudo
// label does not match negFile.
WorkspaceFineTuneResult fineTuneWorkspace(VisionLanguageModel& model, const std::string& workspaceDir, const std::string& negFile,
                                          const FineTuneOptions& options, const std::string& outPath, const JobContext& ctx = {});

}  // namespace synood
