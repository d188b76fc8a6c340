#include "train/WorkspaceFineTune.h"

#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "train/FeatureCache.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace synood {

WorkspaceFineTuneResult fineTuneWorkspace(VisionLanguageModel& model, const std::string& wsDir, const std::string& negFile,
                                          const FineTuneOptions& options, const std::string& outPath, const JobContext& ctx) {
    const NegativeLabelSet negatives = NegativeLabelSet::load(negFile, model.pack());
    const Workspace ws = Workspace::load(wsDir);
    WorkspaceFineTuneResult r;

    std::map<std::string, int64_t> classIndex;
    for (const Sample& s : ws.samples()) {
        if (s.origin == Origin::InD && !s.className.empty() && !classIndex.count(s.className)) {
            classIndex[s.className] = static_cast<int64_t>(r.classes.size());
            r.classes.push_back(s.className);
        }
        r.usedAccepted = r.usedAccepted || (s.origin == Origin::Synthesized && s.status == Status::Accepted);
    }
    std::vector<std::string> paths;
    std::vector<int64_t> labels;
    for (const Sample& s : ws.samples()) {
        if (s.origin == Origin::InD && classIndex.count(s.className)) {
            paths.push_back(ws.absoluteImagePath(s));
            labels.push_back(classIndex[s.className]);
            ++r.indSamples;
        } else if (s.origin == Origin::Synthesized && s.provenance.contains("pseudo_label_index")) {
            const bool use = r.usedAccepted ? s.status == Status::Accepted
                                            : s.provenance.value("near_boundary", false) && s.status != Status::Rejected;
            if (!use) continue;
            const auto index = s.provenance["pseudo_label_index"].get<size_t>();
            if (index >= negatives.labels.size() || negatives.labels[index].word != s.provenance.value("pseudo_label", "")) {
                throw SynoodError("sample " + s.id + "'s pseudo label does not match " + negFile, ws.filePath(),
                                  "use the negative labels the samples were synthesized with (W/neglabels.json)");
            }
            paths.push_back(ws.absoluteImagePath(s));
            labels.push_back(static_cast<int64_t>(r.classes.size() + index));
            ++r.synthesizedSamples;
        }
    }
    if (r.classes.empty() || r.synthesizedSamples == 0) {
        throw SynoodError("fine-tuning needs InD samples with classes and synthesized samples", ws.filePath(),
                          "synthesize first (synood synth, or the studio's synthesis panel) or accept samples");
    }
    at::Tensor features, indText;
    {
        at::NoGradGuard noGrad;
        fs::create_directories(fs::path(wsDir) / "cache");
        features = normalizeFeatures(
            encodeDataset(model, *imageFilesDataset(paths), (fs::path(wsDir) / "cache" / "finetune.features").string(), {}, ctx));
        indText = encodeClassPrompts(model, r.classes, negatives.options.indTemplate);
    }
    r.tuned = fineTune({features, at::tensor(labels, at::kLong)}, indText, negatives.features, options, ctx, &r.a, &r.b);
    r.tuned.meta["pack"] = model.pack().fingerprint();
    r.tuned.meta["classes"] = r.classes;
    r.tuned.meta["neglabels"] = fs::absolute(negFile).string();
    r.tuned.save(outPath);
    r.adapterPath = outPath;
    return r;
}

}  // namespace synood
