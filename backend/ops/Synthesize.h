#pragma once
// Synthesis as the CLI (`synood synth`) and the studio (its synthesis panel) ask for it: one
// request, the demo world's strict protocol decided here, the models from the shared cache.
#include "core/Job.h"
#include "ops/ModelCache.h"
#include "synth/SynthesisRun.h"

namespace synood::ops {

struct SynthesisRequest {
    SynthRunOptions run;
    // The demo world's strict protocol: with the demo pack, the held-out classes' names and
    // synonyms never reach a prompt or a negative label (`synood synth --no-exclusions` turns it off).
    bool strictProtocol = true;
};

// A request with every default: METHOD.md's synthesis options, overridden by what the pack
// declares ("synthesis_defaults"). The CLI's help, its options and the studio's fields start here.
SynthesisRequest synthesisRequest(const std::string& packDir);

// The words the strict protocol keeps out for this pack (the demo's held-out names; none for others).
std::vector<std::string> strictExclusions(const ModelPack& pack);

SynthRunResult synthesize(SynthesisRequest request, ModelCache& models, const JobContext& ctx = {});

}  // namespace synood::ops
