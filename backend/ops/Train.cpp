#include "ops/Train.h"

#include "data/WorkspaceLayout.h"

namespace synood::ops {

WorkspaceFineTuneResult train(const TrainingRequest& r, ModelCache& models, const JobContext& ctx) {
    const WorkspaceLayout layout(r.workspaceDir);
    return fineTuneWorkspace(models.vision(r.model), r.workspaceDir, r.negLabelsFile.empty() ? layout.negativeLabels() : r.negLabelsFile,
                             r.options, r.adapterPath.empty() ? layout.adapter() : r.adapterPath, ctx, r.pairing, r.validation);
}

}  // namespace synood::ops
