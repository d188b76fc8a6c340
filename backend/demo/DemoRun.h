#pragma once
// `synood demo run`: a demo world's benchmark. Zero-shot methods (MCM, Energy, MaxLogit,
// NegLabel) and SynOOD (DemoSynood.h: synood, synood_unguided and the guided stage ablations) on
// InD test images against the world's OOD sets (near-OOD, glyphs and textures; the scenes:
// near-OOD, backgrounds alone, glyphs on backgrounds), over several seeds (seeds vary the
// negative-label grouping, synthesis and fine-tuning, not the data split), as report.json and
// report.md. Everything SynOOD chooses is chosen on validation data; the test sets are scored once,
// after the choice. The report holds the protocol, every checkpoint's validation figures, and the
// paired differences per seed with 95 % t-intervals.
#include "core/Job.h"
#include "demo/DemoSynood.h"

#include <nlohmann/json.hpp>

#include <string>

namespace synood::demo {

// --pack, else $SYNOOD_DEMO_PACK (the scenes: $SYNOOD_SCENES_PACK), else resources/demo-pack
// (resources/scenes-pack) found from the executable's location (build tree or installed
// share/synood), else ./resources/demo-pack (./resources/scenes-pack).
std::string defaultDemoPackDir(ToyWorld world = ToyWorld::Fashion);

struct DemoRunOptions {
    ToyWorld world = ToyWorld::Fashion;  // its datasets (demo/DemoWorld.h) and default pack
    int seeds = 3;
    std::string packDir;              // empty: defaultDemoPackDir()
    std::string cacheDir;             // image features, SynOOD's workspace; empty: a temporary folder
    bool synood = true;               // also SynOOD and its ablations (synthesis + fine-tuning per seed)
    DemoSynoodOptions synoodOptions;  // proportions, synthesis and fine-tuning (packDir, workDir, negLabelsFile set here)
    double negLabelTau = 0;           // NegLabel's temperature for every method; 0: 1 / the model's logit scale
};

// {"methods": {METHOD: {SET: {"auroc", "fpr95", "auroc_std", "fpr95_std"}}}, "seeds": N, ...};
// rates are fractions; mean and sample standard deviation over the seeds.
nlohmann::ordered_json runDemoBenchmark(const DemoRunOptions& options, const JobContext& ctx = {});
std::string demoReportMarkdown(const nlohmann::ordered_json& report);

}  // namespace synood::demo
