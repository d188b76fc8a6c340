// synood finetune: SynOOD stage 2 (adapter and negative features) on a workspace's samples.
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/ModelOptions.h"
#include "cli/Requests.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "demo/DemoRun.h"

#include <cmath>
#include <cstdio>
#include <sstream>

namespace synood::cli {

std::set<std::string> finetuneOptionNames() {
    return {"workspace", "pack",  "device", "precision", "stage",     "out",         "neglabels", "epochs-a",
            "epochs-b",  "batch", "seed",   "pairing",   "class-set", "logit-scale", "upgrade"};
}

ops::TrainingRequest trainingRequestOf(const Args& args) {
    if (!args.has("workspace")) throw SynoodError("--workspace is required", "synood finetune", "e.g. synood finetune --workspace ws/");
    ops::TrainingRequest r;
    r.workspaceDir = args.value("workspace");
    r.model.packDir = args.value("pack", demo::defaultDemoPackDir());
    r.model.device = args.value("device", r.model.device);
    r.model.precision = precisionOf(args, r.model.precision);
    r.negLabelsFile = args.value("neglabels");
    r.adapterPath = args.value("out");
    FineTuneOptions& o = r.options;
    const std::string stage = args.value("stage", "AB");
    if (stage != "A" && stage != "B" && stage != "AB")
        throw SynoodError("--stage must be A, B or AB", "--stage " + stage, "e.g. --stage AB");
    o.stageA = stage.find('A') != std::string::npos;
    o.stageB = stage.find('B') != std::string::npos;
    o.a.epochs = args.intValue("epochs-a", o.a.epochs, {1, 10000});
    o.b.epochs = args.intValue("epochs-b", o.b.epochs, {1, 10000});
    o.a.batchSize = o.b.batchSize = args.intValue("batch", o.a.batchSize, kBatchRange);
    o.seed = static_cast<uint64_t>(args.intValue("seed", static_cast<int>(o.seed), kSeedRange));
    o.classSet = classSetFromString(args.value("class-set", toString(o.classSet)));
    o.logitScale = args.doubleValue("logit-scale", o.logitScale, {0, 1000});
    r.pairing = pairingFromString(args.value("pairing", toString(r.pairing)));
    return r;
}

namespace {

// synood finetune --upgrade OLD --out NEW: an adapter of an earlier version, rewritten.
int upgradeMain(const Args& args) {
    if (!args.has("out"))
        throw SynoodError("--upgrade needs --out", "synood finetune", "e.g. synood finetune --upgrade old.adapter --out new.adapter");
    upgradeLegacyAdapter(args.value("upgrade"), args.value("out"));
    std::printf("wrote %s\n", args.value("out").c_str());
    return 0;
}

int finetuneMain(const std::vector<std::string>& argv) {
    const Args args(argv, finetuneOptionNames(), {}, "finetune");
    if (args.has("upgrade")) return upgradeMain(args);
    const ops::TrainingRequest request = trainingRequestOf(args);
    const FineTuneOptions& o = request.options;
    JobContext ctx;
    ctx.progress = terminalProgress();
    ops::ModelCache models;
    const WorkspaceFineTuneResult r = ops::train(request, models, ctx);
    std::printf("trained on %d InD and %d synthesized sample(s) (%s)\n", r.indSamples, r.synthesizedSamples,
                r.usedAccepted ? "accepted" : "near-boundary");
    if (r.synthesizedSamples < kFewSynthesizedSamples) {
        std::fprintf(stderr, "warning: only %d synthesized sample(s): too few for the result to mean much (synthesize at least %d)\n",
                     r.synthesizedSamples, kFewSynthesizedSamples);
    }
    if (o.stageA) std::printf("stage A: %d steps in %.2f s, loss %.4f, accuracy %.3f\n", r.a.steps, r.a.seconds, r.a.loss, r.a.accuracy);
    if (o.stageB) std::printf("stage B: %d steps in %.2f s, loss %.4f, accuracy %.3f\n", r.b.steps, r.b.seconds, r.b.loss, r.b.accuracy);
    std::printf("trained parameters: %lld (adapter %lld); wrote %s\n", static_cast<long long>(r.tuned.parameterCount()),
                static_cast<long long>(r.tuned.adapter ? r.tuned.adapter->parameterCount() : 0), r.adapterPath.c_str());
    return 0;
}

// The usage lines, with the defaults of ops::TrainingRequest.
std::string finetuneUsage() {
    const ops::TrainingRequest r;
    const FineTuneOptions& o = r.options;
    std::ostringstream logitScale;
    logitScale << o.logitScale;
    return "usage:\n"
           "  synood finetune --workspace W [--pack DIR] [--device cpu|cuda[:N]] [--precision " +
           std::string(kPrecisionChoices) +
           "]\n"
           "                  [--stage A|B|AB] [--out FILE] [--neglabels FILE] [--epochs-a " +
           std::to_string(o.a.epochs) + "] [--epochs-b " + std::to_string(o.b.epochs) + "] [--batch " + std::to_string(o.a.batchSize) +
           "] [--seed " + std::to_string(o.seed) +
           "]\n"
           "                  [--pairing seeds|workspace] [--class-set occurring|all] [--logit-scale " +
           logitScale.str() +
           "]\n"
           "  synood finetune --upgrade OLD --out NEW\n";
}

}  // namespace

std::vector<Command> finetuneCommands() {
    return {{"finetune", "SynOOD stage 2: train the image adapter and the negative features on a workspace",
             finetuneUsage() + "      Stage A: the residual adapter f' = normalize(f + ReLU(LayerNorm(W f))) on the raw feature, with\n"
                               "      cross-entropy over the InD prompts and the pseudo labels that occur (--class-set all: every\n"
                               "      negative label); InD side: the seed of each synthesized sample (--pairing workspace: every\n"
                               "      InD sample); Adam 1e-3, cosine per epoch. Stage B: the occurring pseudo labels' text rows\n"
                               "      (raw text-encoder outputs) as parameters, cross-entropy over them on the synthesized samples'\n"
                               "      raw features, SGD 2e-2. Logits: the model's own logit scale times cos (--logit-scale S: S).\n"
                               "      Uses the accepted synthesized samples when any are accepted, else the near-boundary ones;\n"
                               "      features are encoded once (cached in W/cache; --precision as for every model, see synood eval\n"
                               "      --help; the training itself is float32). Writes FILE (default W/synood.adapter), for\n"
                               "      synood eval --adapter FILE --neglabels W/neglabels.json.\n"
                               "      --upgrade: rewrites an adapter written by an earlier version (a LibTorch archive, which is\n"
                               "      no longer read because LibTorch's reader is not safe on files from elsewhere) in today's\n"
                               "      format (docs/tensor-file.md); only for files you trust.\n",
             finetuneMain}};
}

}  // namespace synood::cli
