#pragma once
// Fine-tuning (SynOOD stage 2) of a workspace as `synood finetune` and the studio's training panel
// ask for it: one request, its files from the workspace layout, the model from the shared cache.
#include "core/Job.h"
#include "ops/ModelCache.h"
#include "train/WorkspaceFineTune.h"

namespace synood::ops {

struct TrainingRequest {
    ModelSource model;
    std::string workspaceDir;
    std::string negLabelsFile;  // empty: the workspace's (W/neglabels.json)
    std::string adapterPath;    // empty: the workspace's (W/synood.adapter)
    FineTuneOptions options;
    Pairing pairing = Pairing::Seeds;
    WorkspaceValidation validation;
};

WorkspaceFineTuneResult train(const TrainingRequest& request, ModelCache& models, const JobContext& ctx = {});

}  // namespace synood::ops
