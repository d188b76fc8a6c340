#include "demo/DemoSynood.h"

#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "demo/DemoWorkspace.h"
#include "demo/FashionMnist.h"
#include "demo/ToyClipTrainer.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "synth/SynthesisRun.h"
#include "train/FeatureCache.h"

#include <ATen/ATen.h>

#include <chrono>
#include <filesystem>

namespace fs = std::filesystem;

namespace synood::demo {

namespace {

using Clock = std::chrono::steady_clock;

double since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

// Features [N, D] of workspace samples, cached under `cache`.
at::Tensor sampleFeatures(VisionLanguageModel& model, const Workspace& ws, const std::vector<const Sample*>& samples,
                          const std::string& cache, const JobContext& ctx) {
    std::vector<std::string> paths;
    for (const Sample* s : samples) paths.push_back(ws.absoluteImagePath(*s));
    return normalizeFeatures(encodeDataset(model, *imageFilesDataset(paths), cache, {}, ctx));
}

}  // namespace

DemoSynoodRun runDemoSynood(VisionLanguageModel& model, const NegativeLabelSet& negatives, const at::Tensor& indText,
                            const DemoSynoodOptions& o, int seed, const JobContext& ctx) {
    DemoSynoodRun run;
    const std::string wsDir = (fs::path(o.workDir) / "workspace").string();
    if (!Workspace::exists(wsDir)) createDemoWorkspace(wsDir, o.workspacePerClass, ctx);
    SynthRunOptions so;
    so.packDir = o.packDir;
    so.workspaceDir = wsDir;
    so.perClass = o.seedsPerClass;
    so.seed = static_cast<uint64_t>(seed);
    so.excludedWords = heldOutWords();
    so.negLabelsFile = o.negLabelsFile;
    so.batchSize = o.batchSize;
    so.synthesis.guidance.learningRate = 1.0;  // the demo pack's synthesis default
    for (const bool guided : {true, false}) {
        const auto t0 = Clock::now();
        SynthRunOptions v = so;
        if (!guided) v.synthesis.guidance.learningRate = 0.0;
        const SynthRunResult r = runSynthesis(v, ctx);
        (guided ? run.synthesizedGuided : run.synthesizedUnguided) = r.written + r.skipped;
        run.seconds[guided ? "synthesis guided" : "synthesis unguided"] = since(t0);
    }
    const Workspace ws = Workspace::load(wsDir);
    // InD seeds labelled by class (kInDClasses order, as indText).
    std::vector<const Sample*> indSamples;
    std::vector<int64_t> indLabels;
    for (const Sample& s : ws.samples()) {
        if (s.origin != Origin::InD) continue;
        for (size_t c = 0; c < kInDClasses.size(); ++c) {
            if (s.className == kClassNames[static_cast<size_t>(kInDClasses[c])]) {
                indSamples.push_back(&s);
                indLabels.push_back(static_cast<int64_t>(c));
            }
        }
    }
    const fs::path cacheDir = fs::path(o.workDir) / "features";
    fs::create_directories(cacheDir);
    const auto tf = Clock::now();
    const at::Tensor indFeatures = sampleFeatures(model, ws, indSamples, (cacheDir / "ind-seeds.features").string(), ctx);
    const int64_t classes = indText.size(0);
    auto dataFor = [&](bool guided, bool& any, int& nearCount) {
        std::vector<const Sample*> synth;
        std::vector<int64_t> labels = indLabels;
        for (const Sample& s : ws.samples()) {
            if (s.origin != Origin::Synthesized || s.provenance.value("run_seed", -1) != seed) continue;
            const bool isGuided = s.provenance["parameters"].value("lr", 0.0) > 0.0;
            if (isGuided != guided || !s.provenance.value("stop_reason", std::string()).empty()) continue;
            synth.push_back(&s);
            labels.push_back(classes + s.provenance.at("pseudo_label_index").get<int64_t>());
            nearCount += s.provenance.value("near_boundary", false);
        }
        any = !synth.empty();
        const std::string cache = (cacheDir / ("synth-seed" + std::to_string(seed) + (guided ? "-guided" : "-unguided") + ".features")).string();
        const at::Tensor f = at::cat({indFeatures, sampleFeatures(model, ws, synth, cache, ctx)});
        return FineTuneData{f, at::tensor(labels, at::kLong)};
    };
    bool anyGuided = false, anyUnguided = false;
    const FineTuneData guidedData = dataFor(true, anyGuided, run.nearBoundaryGuided);
    const FineTuneData unguidedData = dataFor(false, anyUnguided, run.nearBoundaryUnguided);
    if (!anyGuided || !anyUnguided) throw SynoodError("synthesis produced no usable samples", wsDir, "see the samples' stop_reason");
    run.seconds["encode"] = since(tf);
    const auto tt = Clock::now();
    FineTuneOptions fo;
    fo.seed = static_cast<uint64_t>(seed);
    run.variants["synood"] = fineTune(guidedData, indText, negatives.features, fo, ctx);
    run.variants["synood_unguided"] = fineTune(unguidedData, indText, negatives.features, fo, ctx);
    FineTuneOptions onlyA = fo, onlyB = fo;
    onlyA.stageB = false;
    onlyB.stageA = false;
    run.variants["synood_stage_a"] = fineTune(guidedData, indText, negatives.features, onlyA, ctx);
    run.variants["synood_stage_b"] = fineTune(guidedData, indText, negatives.features, onlyB, ctx);
    FineTuneOptions ungated = fo;  // METHOD.md's adapter formula without the zero-started gate
    ungated.a.gated = false;
    run.variants["synood_ungated"] = fineTune(guidedData, indText, negatives.features, ungated, ctx);
    run.seconds["fine-tuning"] = since(tt);
    return run;
}

}  // namespace synood::demo
