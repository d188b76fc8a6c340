#include "train/WorkspaceFineTune.h"

#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/Provenance.h"
#include "data/Workspace.h"
#include "data/WorkspaceLayout.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"
#include "train/CheckpointValidator.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <filesystem>
#include <algorithm>
#include <map>
#include <set>

namespace fs = std::filesystem;

namespace synood {

const char* toString(Pairing pairing) { return pairing == Pairing::Seeds ? "seeds" : "workspace"; }

Pairing pairingFromString(const std::string& name) {
    if (name == "seeds") return Pairing::Seeds;
    if (name == "workspace") return Pairing::Workspace;
    throw SynoodError("unknown pairing '" + name + "'", "--pairing", "use seeds or workspace");
}

TrainingSet trainingSetOf(const Workspace& ws, const std::vector<std::string>& classes, const std::vector<const Sample*>& synthesized,
                          Pairing pairing) {
    std::map<std::string, int64_t> classIndex;
    for (size_t c = 0; c < classes.size(); ++c) classIndex[classes[c]] = static_cast<int64_t>(c);
    TrainingSet set;
    const auto addInD = [&](const Sample& s) {
        const auto it = classIndex.find(s.className);
        if (s.origin != Origin::InD || it == classIndex.end()) return;
        set.paths.push_back(ws.absoluteImagePath(s));
        set.labels.push_back(it->second);
        ++set.indSamples;
    };
    if (pairing == Pairing::Workspace) {
        for (const Sample& s : ws.samples()) addInD(s);
    }
    for (const Sample* s : synthesized) {
        const Provenance p = provenanceFromJson(s->provenance);
        if (pairing == Pairing::Seeds) {
            const long long row = ws.indexOf(p.seedId);
            if (row >= 0) addInD(ws.sample(static_cast<size_t>(row)));
        }
        if (!p.pseudoLabelIndex) throw SynoodError("sample " + s->id + " has no pseudo label", ws.filePath(), "synthesize it again");
        set.paths.push_back(ws.absoluteImagePath(*s));
        set.labels.push_back(static_cast<int64_t>(classes.size()) + *p.pseudoLabelIndex);
        ++set.synthesizedSamples;
    }
    return set;
}

FineTuneData encodeTrainingSet(VisionLanguageModel& model, const TrainingSet& set, const std::string& cachePath, const JobContext& ctx) {
    at::NoGradGuard noGrad;
    if (!cachePath.empty()) fs::create_directories(fs::path(cachePath).parent_path());
    return {encodeDataset(model, *imageFilesDataset(set.paths), cachePath, {}, ctx), at::tensor(set.labels, at::kLong), model.logitScale()};
}

at::Tensor negativeRowsForTuning(VisionLanguageModel& model, const NegativeLabelSet& negatives, const FineTuneData& data, int64_t classes,
                                 const FineTuneOptions& o) {
    if (!o.stageB || !o.b.rawRows) return negatives.features;
    at::Tensor rows = o.classSet == ClassSet::All
                          ? at::arange(negatives.features.size(0), at::kLong)
                          : std::get<0>(at::_unique(data.labels.masked_select(data.labels >= classes) - classes, true));
    std::vector<std::string> prompts;
    for (int64_t i = 0; i < rows.size(0); ++i) prompts.push_back(negatives.labels.at(static_cast<size_t>(rows[i].item<int64_t>())).prompt);
    at::NoGradGuard noGrad;
    const at::Tensor raw = model.encodeTexts(prompts).to(negatives.features.device(), negatives.features.scalar_type());
    return negatives.features.index_copy(0, rows, raw);
}

namespace {

// Moves the synthesized samples of every heldOutEvery-th seed (by id) out of `synthesized` into the
// validation OOD set; validation InD: labelled InD samples that seed nothing.
std::pair<TrainingSet, TrainingSet> validationSplit(const Workspace& ws, const std::vector<std::string>& classes,
                                                    std::vector<const Sample*>& synthesized, const WorkspaceValidation& v) {
    std::set<std::string> seeds;
    for (const Sample* s : synthesized) seeds.insert(provenanceFromJson(s->provenance).seedId);
    std::set<std::string> heldOut;
    size_t k = 0;
    for (const std::string& id : seeds) {
        if (v.heldOutEvery > 0 && ++k % static_cast<size_t>(v.heldOutEvery) == 0) heldOut.insert(id);
    }
    std::vector<const Sample*> keep, ood;
    for (const Sample* s : synthesized) (heldOut.count(provenanceFromJson(s->provenance).seedId) ? ood : keep).push_back(s);
    TrainingSet indSet;
    for (const Sample& s : ws.samples()) {
        const auto c = std::find(classes.begin(), classes.end(), s.className);
        if (s.origin != Origin::InD || c == classes.end() || seeds.count(s.id) || indSet.indSamples >= v.maxInD) continue;
        indSet.paths.push_back(ws.absoluteImagePath(s));
        indSet.labels.push_back(c - classes.begin());
        ++indSet.indSamples;
    }
    TrainingSet oodSet;
    for (const Sample* s : ood) oodSet.paths.push_back(ws.absoluteImagePath(*s));
    oodSet.labels.assign(oodSet.paths.size(), 0);
    if (keep.empty() || ood.empty() || indSet.paths.empty()) return {};  // nothing to hold out: train on all
    synthesized = keep;
    return {indSet, oodSet};
}

}  // namespace

WorkspaceFineTuneResult fineTuneWorkspace(VisionLanguageModel& model, const std::string& wsDir, const std::string& negFile,
                                          const FineTuneOptions& options, const std::string& outPath, const JobContext& ctx,
                                          Pairing pairing, const WorkspaceValidation& validation) {
    const NegativeLabelSet negatives = NegativeLabelSet::load(negFile, model.pack());
    const Workspace ws = Workspace::load(wsDir);
    WorkspaceFineTuneResult r;
    for (const Sample& s : ws.samples()) {
        if (s.origin == Origin::InD && !s.className.empty() &&
            std::find(r.classes.begin(), r.classes.end(), s.className) == r.classes.end()) {
            r.classes.push_back(s.className);
        }
        r.usedAccepted = r.usedAccepted || (s.origin == Origin::Synthesized && s.status == Status::Accepted);
    }
    std::vector<const Sample*> synthesized;
    for (const Sample& s : ws.samples()) {
        if (s.origin != Origin::Synthesized) continue;
        const Provenance p = provenanceFromJson(s.provenance);
        if (!p.pseudoLabelIndex) continue;
        const bool use = r.usedAccepted ? s.status == Status::Accepted : p.nearBoundary && s.status != Status::Rejected;
        if (!use) continue;
        const auto index = static_cast<size_t>(*p.pseudoLabelIndex);
        if (*p.pseudoLabelIndex < 0 || index >= negatives.labels.size() || negatives.labels[index].word != p.pseudoLabel) {
            throw SynoodError("sample " + s.id + "'s pseudo label does not match " + negFile, ws.filePath(),
                              "use the negative labels the samples were synthesized with (W/neglabels.json)");
        }
        synthesized.push_back(&s);
    }
    const auto [validationInD, validationOod] = validationSplit(ws, r.classes, synthesized, validation);
    const TrainingSet set = trainingSetOf(ws, r.classes, synthesized, pairing);
    r.indSamples = set.indSamples;
    r.synthesizedSamples = set.synthesizedSamples;
    if (r.classes.empty() || r.synthesizedSamples == 0) {
        throw SynoodError("fine-tuning needs InD samples with classes and synthesized samples", ws.filePath(),
                          "synthesize first (synood synth, or the studio's synthesis panel) or accept samples");
    }
    const WorkspaceLayout layout(wsDir);
    const FineTuneData data = encodeTrainingSet(model, set, layout.cacheFile("finetune"), ctx);
    at::Tensor indText, negRows;
    {
        at::NoGradGuard noGrad;
        indText = encodeClassPrompts(model, r.classes, negatives.options.indTemplate);
        negRows = negativeRowsForTuning(model, negatives, data, indText.size(0), options);
    }
    FineTuneOptions o = options;
    ValidationSet held;
    ScoreOptions so;
    so.logitScale = model.logitScale();
    if (!validationOod.paths.empty()) {
        const FineTuneData ind = encodeTrainingSet(model, validationInD, layout.cacheFile("finetune-validation-ind"), ctx);
        held = {ind.features, ind.labels,
                encodeTrainingSet(model, validationOod, layout.cacheFile("finetune-validation-ood"), ctx).features};
        r.validationInD = validationInD.indSamples;
        r.validationOod = static_cast<int>(validationOod.paths.size());
        o.checkpointEvery = validation.checkpointEvery;
        o.minAccuracy = validateOn(TunedModel{nullptr, negatives.features, {}}, held, indText, so).accuracy - kAccuracyTolerance;
        o.validate = CheckpointValidator(held, indText, so);
    }
    r.tuned = fineTune(data, indText, negRows, o, ctx, &r.a, &r.b);
    r.tuned.meta["pack"] = model.pack().fingerprint();
    r.tuned.meta["classes"] = r.classes;
    r.tuned.meta["neglabels"] = fs::absolute(negFile).string();
    r.tuned.meta["pairing"] = toString(pairing);
    r.tuned.meta["validation"] = {{"ind", r.validationInD}, {"ood", r.validationOod}, {"held_out_every", validation.heldOutEvery}};
    r.tuned.save(outPath);
    r.adapterPath = outPath;
    return r;
}

}  // namespace synood
