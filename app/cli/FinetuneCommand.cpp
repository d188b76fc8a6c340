// synood finetune: SynOOD stage 2 (adapter and negative features) on a workspace's samples.
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "demo/DemoRun.h"
#include "models/VisionLanguageModel.h"
#include "train/WorkspaceFineTune.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace synood::cli {

namespace {

int finetuneMain(const std::vector<std::string>& argv) {
    Args args(argv, {"workspace", "pack", "device", "stage", "out", "neglabels", "epochs-a", "epochs-b", "batch", "seed", "pairing",
                     "class-set", "logit-scale"},
              {}, "finetune");
    if (!args.has("workspace")) throw SynoodError("--workspace is required", "synood finetune", "e.g. synood finetune --workspace ws/");
    const std::string wsDir = args.value("workspace");
    const std::string stage = args.value("stage", "AB");
    if (stage != "A" && stage != "B" && stage != "AB") throw SynoodError("--stage must be A, B or AB", "--stage " + stage, "e.g. --stage AB");
    JobContext ctx;
    ctx.progress = terminalProgress();
    auto model = loadVisionLanguageModel(args.value("pack", demo::defaultDemoPackDir()), args.value("device", "cpu"));
    const std::string negFile = args.value("neglabels", (fs::path(wsDir) / "neglabels.json").string());
    FineTuneOptions o;
    o.stageA = stage.find('A') != std::string::npos;
    o.stageB = stage.find('B') != std::string::npos;
    o.a.epochs = args.intValue("epochs-a", o.a.epochs);
    o.b.epochs = args.intValue("epochs-b", o.b.epochs);
    o.a.batchSize = o.b.batchSize = args.intValue("batch", 128);
    o.seed = static_cast<uint64_t>(args.intValue("seed", 0));
    if (o.a.epochs < 1 || o.b.epochs < 1 || o.a.batchSize < 1) {
        throw SynoodError("--epochs-a, --epochs-b and --batch must be at least 1", "synood finetune", "e.g. --epochs-a 3 --batch 128");
    }
    o.classSet = classSetFromString(args.value("class-set", toString(o.classSet)));
    o.logitScale = args.doubleValue("logit-scale", o.logitScale);
    if (!std::isfinite(o.logitScale) || o.logitScale < 0 || o.logitScale > 1000) {
        throw SynoodError("--logit-scale must be between 0 (the model's own) and 1000", "synood finetune", "e.g. --logit-scale 100");
    }
    const Pairing pairing = pairingFromString(args.value("pairing", toString(Pairing::Seeds)));
    const std::string out = args.value("out", (fs::path(wsDir) / "synood.adapter").string());
    const WorkspaceFineTuneResult r = fineTuneWorkspace(*model, wsDir, negFile, o, out, ctx, pairing);
    std::printf("trained on %d InD and %d synthesized sample(s) (%s)\n", r.indSamples, r.synthesizedSamples,
                r.usedAccepted ? "accepted" : "near-boundary");
    if (r.synthesizedSamples < kFewSynthesizedSamples) {
        std::fprintf(stderr, "warning: only %d synthesized sample(s): too few for the result to mean much (synthesize at least %d)\n",
                     r.synthesizedSamples, kFewSynthesizedSamples);
    }
    if (o.stageA) std::printf("stage A: %d steps in %.2f s, loss %.4f, accuracy %.3f\n", r.a.steps, r.a.seconds, r.a.loss, r.a.accuracy);
    if (o.stageB) std::printf("stage B: %d steps in %.2f s, loss %.4f, accuracy %.3f\n", r.b.steps, r.b.seconds, r.b.loss, r.b.accuracy);
    std::printf("trained parameters: %lld (adapter %lld); wrote %s\n", static_cast<long long>(r.tuned.parameterCount()),
                static_cast<long long>(r.tuned.adapter ? r.tuned.adapter->parameterCount() : 0), out.c_str());
    return 0;
}

}  // namespace

std::vector<Command> finetuneCommands() {
    return {{"finetune", "SynOOD stage 2: train the image adapter and the negative features on a workspace",
             "usage:\n"
             "  synood finetune --workspace W [--pack DIR] [--device cpu|cuda[:N]] [--stage A|B|AB] [--out FILE]\n"
             "                  [--neglabels FILE] [--epochs-a 3] [--epochs-b 5] [--batch 128] [--seed 0]\n"
             "                  [--pairing seeds|workspace] [--class-set occurring|all] [--logit-scale 0]\n"
             "      Stage A: the residual adapter f' = normalize(f + ReLU(LayerNorm(W f))) on the raw feature, with\n"
             "      cross-entropy over the InD prompts and the pseudo labels that occur (--class-set all: every\n"
             "      negative label); InD side: the seed of each synthesized sample (--pairing workspace: every\n"
             "      InD sample); Adam 1e-3, cosine per epoch. Stage B: the occurring pseudo labels' text rows\n"
             "      (raw text-encoder outputs) as parameters, cross-entropy over them on the synthesized samples'\n"
             "      raw features, SGD 2e-2. Logits: the model's own logit scale times cos (--logit-scale S: S).\n"
             "      Uses the accepted synthesized samples when any are accepted, else the near-boundary ones;\n"
             "      features are encoded once (cached in W/cache). Writes FILE (default W/synood.adapter), for\n"
             "      synood eval --adapter FILE --neglabels W/neglabels.json.\n",
             finetuneMain}};
}

}  // namespace synood::cli
