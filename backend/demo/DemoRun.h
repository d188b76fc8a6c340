#pragma once
// `synood demo run`: the demo world's benchmark. Zero-shot methods (MCM, Energy, MaxLogit,
// NegLabel) on InD test images against near-OOD, glyphs and textures, over several seeds (seeds vary
// the negative-label grouping; later also synthesis and fine-tuning), as report.json and report.md.
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
    std::string cacheDir;  // image features; empty: no cache
};

// {"methods": {METHOD: {SET: {"auroc", "fpr95", "auroc_std", "fpr95_std"}}}, "seeds": N, ...};
// rates are fractions; mean and sample standard deviation over the seeds.
nlohmann::ordered_json runDemoBenchmark(const DemoRunOptions& options, const JobContext& ctx = {});
std::string demoReportMarkdown(const nlohmann::ordered_json& report);

}  // namespace synood::demo
