// synood finetune: SynOOD stage 2 (adapter and negative features) on a workspace's samples.
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "demo/DemoRun.h"
#include "models/VisionLanguageModel.h"
#include "train/WorkspaceFineTune.h"

#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;

namespace synood::cli {

namespace {

int finetuneMain(const std::vector<std::string>& argv) {
    Args args(argv, {"workspace", "pack", "device", "stage", "out", "neglabels", "epochs-a", "epochs-b", "batch", "seed"}, {},
              "finetune");
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
    const std::string out = args.value("out", (fs::path(wsDir) / "synood.adapter").string());
    const WorkspaceFineTuneResult r = fineTuneWorkspace(*model, wsDir, negFile, o, out, ctx);
    std::printf("trained on %d InD and %d synthesized sample(s) (%s)\n", r.indSamples, r.synthesizedSamples,
                r.usedAccepted ? "accepted" : "near-boundary");
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
             "      Stage A: the residual adapter f' = normalize(f + ReLU(LayerNorm(W f))) with cross-entropy over\n"
             "      the InD prompts and the negative labels (InD samples: their class; synthesized samples:\n"
             "      their pseudo negative label), Adam 1e-3, cosine. Stage B: the negative-label text features\n"
             "      as parameters, cross-entropy over the negatives on the synthesized samples, SGD 2e-2.\n"
             "      Uses the accepted synthesized samples when any are accepted, else the near-boundary ones;\n"
             "      features are encoded once (cached in W/cache). Writes FILE (default W/synood.adapter), for\n"
             "      synood eval --adapter FILE --neglabels W/neglabels.json.\n",
             finetuneMain}};
}

}  // namespace synood::cli
