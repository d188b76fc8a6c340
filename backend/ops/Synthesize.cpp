#include "ops/Synthesize.h"

#include "demo/ToyClipTrainer.h"
#include "models/VisionLanguageModel.h"

namespace synood::ops {

SynthesisRequest synthesisRequest(const std::string& packDir) {
    SynthesisRequest r;
    r.run.packDir = packDir;
    r.run.synthesis = synthesisDefaults(ModelPack::load(packDir, false));
    return r;
}

std::vector<std::string> strictExclusions(const ModelPack& pack) {
    return pack.kind == "demo-native" ? demo::heldOutWords() : std::vector<std::string>();
}

SynthRunResult synthesize(SynthesisRequest request, ModelCache& models, const JobContext& ctx) {
    SynthRunOptions& o = request.run;
    checkSynthRunOptions(o);  // before any model loads
    // float32: guided synthesis differentiates its scores, and the recorded ones must match them
    VisionLanguageModel& vision = models.vision({o.packDir, {}, {}, o.device, Precision::Float32});
    if (request.strictProtocol) o.excludedWords = strictExclusions(vision.pack());  // the pack the cache loaded
    InpaintingDiffusion& diffusion = models.diffusion(o.diffusionPackDir.empty() ? o.packDir : o.diffusionPackDir, o.device);
    return runSynthesis(o, vision, diffusion, ctx);
}

}  // namespace synood::ops
