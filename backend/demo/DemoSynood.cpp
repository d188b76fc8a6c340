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
    bool guided;
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

DemoSynoodRun runDemoSynood(VisionLanguageModel& model, const NegativeLabelSet& negatives, const at::Tensor& indText,
                            const ValidationInD& validation, const DemoSynoodOptions& o, int seed, const JobContext& ctx) {
    DemoSynoodRun run;
    const std::string wsDir = (fs::path(o.workDir) / "workspace").string();
    if (!Workspace::exists(wsDir)) createDemoWorkspace(wsDir, o.workspacePerClass, ctx);
    SynthRunOptions so;
    so.packDir = o.packDir;
    so.workspaceDir = wsDir;
    so.runSeed = static_cast<uint64_t>(seed);
    so.excludedWords = heldOutWords();
    so.negLabelsFile = o.negLabelsFile;
    so.batchSize = o.batchSize;
    so.promptSource = o.promptSource;
    so.synthesis = synthesisDefaults(model.pack());
    if (o.cfg > 0) so.synthesis.sampling.cfgScale = o.cfg;
    const auto diffusion = loadInpaintingDiffusion(model.pack());
    const int endTrain = o.seedsPerClass, endValidation = o.seedsPerClass + o.validationSeedsPerClass;
    for (const Synthesis& s :
         {Synthesis{true, 0, o.seedsPerClass, o.perSeed}, Synthesis{false, 0, o.seedsPerClass, o.perSeed},
          Synthesis{true, endTrain, o.validationSeedsPerClass, 1}, Synthesis{false, endTrain, o.validationSeedsPerClass, 1}}) {
        const auto t0 = Clock::now();
        SynthRunOptions v = so;
        if (!s.guided) v.synthesis.guidance.learningRate = 0.0;
        v.firstRank = s.firstRank;
        v.perClass = s.perClass;
        v.perSeed = s.perSeed;
        runSynthesis(v, model, *diffusion, ctx);
        run.seconds[std::string("synthesis ") + (s.guided ? "guided" : "unguided") + (s.firstRank ? " (validation)" : "")] += since(t0);
    }
    const Workspace ws = Workspace::load(wsDir);
    const fs::path cacheDir = fs::path(o.workDir) / "features";
    const std::string tag = "seed" + std::to_string(seed);
    const auto te = Clock::now();
    fs::create_directories(cacheDir);
    // Training sets (guided, unguided) and the validation OOD set (held-out seeds, both kinds).
    std::map<bool, FineTuneData> data;
    for (const bool guided : {true, false}) {
        const auto samples = synthesizedOf(ws, seed, guided, 0, endTrain);
        if (samples.empty()) throw SynoodError("synthesis produced no usable samples", wsDir, "see the samples' stop_reason");
        for (const Sample* s : samples)
            (guided ? run.nearBoundaryGuided : run.nearBoundaryUnguided) += provenanceFromJson(s->provenance).nearBoundary;
        (guided ? run.synthesizedGuided : run.synthesizedUnguided) = static_cast<int>(samples.size());
        const TrainingSet set = trainingSetOf(ws, indClassNames(), samples, o.pairing);
        data[guided] = encodeTrainingSet(model, set, (cacheDir / (tag + (guided ? "-guided" : "-unguided") + ".features")).string(), ctx);
    }
    std::vector<const Sample*> heldOut = synthesizedOf(ws, seed, true, endTrain, endValidation);
    for (const Sample* h : synthesizedOf(ws, seed, false, endTrain, endValidation)) heldOut.push_back(h);
    if (heldOut.empty()) throw SynoodError("no validation samples were synthesized", wsDir, "raise the validation seeds per class");
    run.validationOod = static_cast<int>(heldOut.size());
    TrainingSet heldOutSet;
    for (const Sample* h : heldOut) heldOutSet.paths.push_back(ws.absoluteImagePath(*h));
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
    fo.validate = [&](const TunedModel& m) { return validateOn(m, held, indText, scoreOptions); };
    const auto tt = Clock::now();
    for (const bool guided : {true, false}) {
        const std::string prefix = guided ? "synood" : "synood_unguided";
        at::Tensor rows;
        {
            at::NoGradGuard noGrad;
            rows = negativeRowsForTuning(model, negatives, data[guided], indText.size(0), fo);
        }
        std::string best;
        Validation bestValidation;
        for (const char* stages : {"ab", "a", "b"}) {
            FineTuneOptions v = fo;
            v.stageA = std::string(stages).find('a') != std::string::npos;
            v.stageB = std::string(stages).find('b') != std::string::npos;
            StageReport ra, rb;
            TunedModel tuned = fineTune(data[guided], indText, rows, v, ctx, &ra, &rb);
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
    run.variants["diagnostic_stage_a_unselected"] = fineTune(data[true], indText, negatives.features, unselected, ctx);
    // Only the guided ablations are reported by name; the unguided ones served the selection.
    for (const char* stages : {"ab", "a", "b"}) run.variants.erase(std::string("synood_unguided_stage_") + stages);
    run.seconds["fine-tuning"] = since(tt);
    return run;
}

}  // namespace synood::demo
