#pragma once
// `synood demo run`: the demo world's benchmark. Zero-shot methods (MCM, Energy, MaxLogit,
// NegLabel) and SynOOD (synood, synood_unguided, synood_stage_a, synood_stage_b) on InD test images
// against near-OOD, glyphs and textures, over several seeds (seeds vary the negative-label grouping,
// synthesis and fine-tuning, not the data split), as report.json and report.md.
#include "core/Job.h"

#include <nlohmann/json.hpp>

#include <string>

namespace synood::demo {

// --pack, else $SYNOOD_DEMO_PACK, else resources/demo-pack found from the executable's location
// (build tree or installed share/synood), else ./resources/demo-pack.
std::string defaultDemoPackDir();

struct DemoRunOptions {
    int seeds = 3;
    std::string packDir;   // empty: defaultDemoPackDir()
    std::string cacheDir;  // image features, SynOOD's workspace; empty: a temporary folder
    bool synood = true;    // also SynOOD and its ablations (synthesis + fine-tuning per seed)
    int seedsPerClass = 50;  // InD seeds per class that SynOOD synthesizes from
};

// {"methods": {METHOD: {SET: {"auroc", "fpr95", "auroc_std", "fpr95_std"}}}, "seeds": N, ...};
// rates are fractions; mean and sample standard deviation over the seeds.
nlohmann::ordered_json runDemoBenchmark(const DemoRunOptions& options, const JobContext& ctx = {});
std::string demoReportMarkdown(const nlohmann::ordered_json& report);

}  // namespace synood::demo
