#include "demo/DemoSynood.h"

#include "core/Error.h"
#include "data/Provenance.h"
#include "data/Workspace.h"
#include "demo/DemoWorkspace.h"
#include "demo/FashionMnist.h"
#include "demo/ToyClipTrainer.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"
#include "synth/SynthesisRun.h"
#include "train/CheckpointValidator.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>

#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;

namespace synood::demo {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::vector<std::string> indClassNames() {
    std::vector<std::string> names;
    for (int c : kInDClasses) names.push_back(kClassNames[static_cast<size_t>(c)]);
    return names;
}

// This run seed's usable synthesized samples, guided or not, from seeds ranked in [firstRank, endRank).
std::vector<const Sample*> synthesizedOf(const Workspace& ws, int seed, bool guided, int firstRank, int endRank) {
    std::vector<const Sample*> out;
    for (const Sample& s : ws.samples()) {
        if (s.origin != Origin::Synthesized) continue;
        const Provenance p = provenanceFromJson(s.provenance);
        if (p.runSeed != static_cast<uint64_t>(seed) || !p.parameters) continue;
        const bool isGuided = p.parameters->lr != 0.0;
        if (isGuided != guided || p.seedRank < firstRank || p.seedRank >= endRank) continue;
        if (!p.stopReason.empty()) continue;
        out.push_back(&s);
    }
    return out;
}

struct Synthesis {
    int firstRank, perClass, perSeed;
};

}  // namespace

FineTuneOptions demoFineTuneDefaults() {
    FineTuneOptions o;
    o.a.steps = 2300;
    o.b.steps = 5900;
    o.checkpointEvery = 100;
    return o;
}

namespace {

// A set of synthesized samples: the workspace they are in and which ones.
struct SampleKind {
    std::string prefix;  // the variant trained on them: synood, synood_unguided, synood_SOURCE
    std::string wsDir, promptSource;
    bool guided = true;
};

std::vector<SampleKind> sampleKinds(const DemoSynoodOptions& o) {
    const std::string wsDir = (fs::path(o.workDir) / "workspace").string();
    std::vector<SampleKind> kinds{{"synood", wsDir, o.promptSource, true}, {"synood_unguided", wsDir, o.promptSource, false}};
    if (!o.comparedSource.empty()) {
        kinds.push_back(
            {"synood_" + o.comparedSource, (fs::path(o.workDir) / ("workspace-" + o.comparedSource)).string(), o.comparedSource, true});
    }
    return kinds;
}

// Synthesizes one kind's training samples (ranks [0, seedsPerClass)) and validation samples (the
// next validationSeedsPerClass ranks, one each) into its workspace.
void synthesizeKind(const SampleKind& kind, const DemoSynoodOptions& o, int seed, VisionLanguageModel& model,
                    InpaintingDiffusion& diffusion, std::map<std::string, double>& seconds, const JobContext& ctx) {
    if (!Workspace::exists(kind.wsDir)) {
        if (o.world == ToyWorld::Scenes) {
            createScenesWorkspace(kind.wsDir, o.workspacePerClass, ctx);
        } else {
            createDemoWorkspace(kind.wsDir, o.workspacePerClass, ctx);
        }
    }
    SynthRunOptions so;
    so.packDir = o.packDir;
    so.workspaceDir = kind.wsDir;
    so.runSeed = static_cast<uint64_t>(seed);
    so.excludedWords = heldOutWords();
    so.negLabelsFile = o.negLabelsFile;
    so.batchSize = o.batchSize;
    so.promptSource = kind.promptSource;
    so.synthesis = synthesisDefaults(model.pack());
    if (o.cfg > 0) so.synthesis.sampling.cfgScale = o.cfg;
    if (!kind.guided) so.synthesis.guidance.learningRate = 0.0;
    for (const Synthesis& s : {Synthesis{0, o.seedsPerClass, o.perSeed}, Synthesis{o.seedsPerClass, o.validationSeedsPerClass, 1}}) {
        const auto t0 = Clock::now();
        SynthRunOptions v = so;
        v.firstRank = s.firstRank;
        v.perClass = s.perClass;
        v.perSeed = s.perSeed;
        runSynthesis(v, model, diffusion, ctx);
        const std::string source = kind.promptSource == o.promptSource ? "" : " " + kind.promptSource;
        seconds[std::string("synthesis ") + (kind.guided ? "guided" : "unguided") + source + (s.firstRank ? " (validation)" : "")] +=
            since(t0);
    }
}

}  // namespace

DemoSynoodRun runDemoSynood(VisionLanguageModel& model, const NegativeLabelSet& negatives, const at::Tensor& indText,
                            const ValidationInD& validation, const DemoSynoodOptions& o, int seed, const JobContext& ctx) {
    DemoSynoodRun run;
    const auto diffusion = loadInpaintingDiffusion(model.pack());
    const std::vector<SampleKind> kinds = sampleKinds(o);
    for (const SampleKind& kind : kinds) synthesizeKind(kind, o, seed, model, *diffusion, run.seconds, ctx);
    const fs::path cacheDir = fs::path(o.workDir) / "features";
    const std::string tag = "seed" + std::to_string(seed);
    const int endTrain = o.seedsPerClass, endValidation = o.seedsPerClass + o.validationSeedsPerClass;
    const auto te = Clock::now();
    fs::create_directories(cacheDir);
    // Training sets (one per kind) and the validation OOD set (held-out seeds, every kind).
    std::map<std::string, FineTuneData> data;
    TrainingSet heldOutSet;
    for (const SampleKind& kind : kinds) {
        const Workspace ws = Workspace::load(kind.wsDir);
        const auto samples = synthesizedOf(ws, seed, kind.guided, 0, endTrain);
        if (samples.empty()) throw SynoodError("synthesis produced no usable samples", kind.wsDir, "see the samples' stop_reason");
        int nearBoundary = 0;
        for (const Sample* s : samples) nearBoundary += provenanceFromJson(s->provenance).nearBoundary;
        run.synthesized[kind.prefix] = static_cast<int>(samples.size());
        run.nearBoundary[kind.prefix] = nearBoundary;
        const TrainingSet set = trainingSetOf(ws, indClassNames(), samples, o.pairing);
        data[kind.prefix] = encodeTrainingSet(model, set, (cacheDir / (tag + "-" + kind.prefix + ".features")).string(), ctx);
        for (const Sample* h : synthesizedOf(ws, seed, kind.guided, endTrain, endValidation))
            heldOutSet.paths.push_back(ws.absoluteImagePath(*h));
    }
    if (heldOutSet.paths.empty())
        throw SynoodError("no validation samples were synthesized", o.workDir, "raise the validation seeds per class");
    run.validationOod = static_cast<int>(heldOutSet.paths.size());
    heldOutSet.labels.assign(heldOutSet.paths.size(), 0);
    const at::Tensor validationOod =
        encodeTrainingSet(model, heldOutSet, (cacheDir / (tag + "-validation.features")).string(), ctx).features;
    run.seconds["encode"] = since(te);

    // Validation: NegLabel of held-out InD against held-out synthesized samples; six-way InD accuracy.
    ScoreOptions scoreOptions;
    scoreOptions.logitScale = model.logitScale();
    scoreOptions.negLabelTau = o.negLabelTau > 0 ? o.negLabelTau : 1.0 / model.logitScale();
    scoreOptions.groupSeed = static_cast<uint64_t>(seed);
    FineTuneOptions fo = o.fineTune;
    fo.seed = static_cast<uint64_t>(seed);
    const ValidationSet held{validation.features, validation.labels, validationOod};
    fo.minAccuracy = validation.zeroShotAccuracy - kAccuracyTolerance;
    fo.validate = CheckpointValidator(held, indText, scoreOptions);
    const auto tt = Clock::now();
    for (const SampleKind& kind : kinds) {
        const std::string& prefix = kind.prefix;
        at::Tensor rows;
        {
            at::NoGradGuard noGrad;
            rows = negativeRowsForTuning(model, negatives, data[prefix], indText.size(0), fo);
        }
        std::string best;
        Validation bestValidation;
        TunedModel afterA;  // stage AB's stage A, which is stage A alone
        StageReport afterAReport;
        for (const std::string stages : {"ab", "a", "b"}) {
            StageReport ra, rb;
            TunedModel tuned;
            if (stages == "a") {
                tuned = std::move(afterA);
                ra = afterAReport;
                ra.validationSeconds = 0;  // counted with stage AB
            } else {
                FineTuneOptions v = fo;
                v.stageA = stages == "ab";
                v.stageB = true;
                tuned = fineTune(data[prefix], indText, rows, v, ctx, &ra, &rb, v.stageA ? &afterA : nullptr);
                if (v.stageA) afterAReport = ra;
            }
            const Validation final = fo.validate(tuned);
            const std::string name = prefix + "_stage_" + stages;
            nlohmann::ordered_json record = {{"validation", final.toJson()}};
            for (const auto& [stage, rep] : {std::pair<const char*, const StageReport*>{"stage_a", &ra}, {"stage_b", &rb}}) {
                if (rep->checkpoints.empty()) continue;
                nlohmann::ordered_json checkpoints = nlohmann::ordered_json::array();
                for (const CheckpointRecord& c : rep->checkpoints) {
                    checkpoints.push_back({{"step", c.step},
                                           {"auroc", c.validation.auroc},
                                           {"fpr95", c.validation.fpr95},
                                           {"accuracy", c.validation.accuracy}});
                }
                record[stage] = {{"checkpoints", checkpoints}, {"chosen_step", rep->chosenStep}, {"steps", rep->steps}};
            }
            run.selection["variants"][name] = record;
            run.seconds["fine-tuning: validating checkpoints"] += ra.validationSeconds + rb.validationSeconds;
            if (best.empty() || betterValidation(final, bestValidation)) {
                best = name;
                bestValidation = final;
            }
            run.variants[name] = std::move(tuned);
        }
        run.selection["chosen"][prefix] = best;
        run.variants[prefix] = run.variants[best];
    }
    // For the diagnosis only (never a reported method): stage A trained to its whole budget, no
    // checkpoint chosen, to show what training does that validation rejects.
    FineTuneOptions unselected = fo;
    unselected.stageB = false;
    unselected.validate = nullptr;
    run.variants["diagnostic_stage_a_unselected"] = fineTune(data["synood"], indText, negatives.features, unselected, ctx);
    // Only the first kind's stage ablations are reported by name; the others' served the selection.
    for (size_t k = 1; k < kinds.size(); ++k) {
        for (const char* stages : {"ab", "a", "b"}) run.variants.erase(kinds[k].prefix + "_stage_" + stages);
    }
    run.seconds["fine-tuning"] = since(tt);
    return run;
}

}  // namespace synood::demo
