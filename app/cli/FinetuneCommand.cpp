// synood finetune: SynOOD stage 2 (adapter and negative features) on a workspace's samples.
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "demo/DemoRun.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "train/FeatureCache.h"
#include "train/FineTune.h"

#include <ATen/ATen.h>

#include <cstdio>
#include <filesystem>
#include <map>

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
    const NegativeLabelSet negatives = NegativeLabelSet::load(negFile, model->pack());
    const Workspace ws = Workspace::load(wsDir);

    // InD samples with their class; synthesized ones: the accepted when any are, else near-boundary.
    std::vector<std::string> classes;
    std::map<std::string, int64_t> classIndex;
    bool anyAccepted = false;
    for (const Sample& s : ws.samples()) {
        if (s.origin == Origin::InD && !s.className.empty() && !classIndex.count(s.className)) {
            classIndex[s.className] = static_cast<int64_t>(classes.size());
            classes.push_back(s.className);
        }
        anyAccepted = anyAccepted || (s.origin == Origin::Synthesized && s.status == Status::Accepted);
    }
    std::vector<std::string> paths;
    std::vector<int64_t> labels;
    int synthesized = 0;
    for (const Sample& s : ws.samples()) {
        if (s.origin == Origin::InD && classIndex.count(s.className)) {
            paths.push_back(ws.absoluteImagePath(s));
            labels.push_back(classIndex[s.className]);
        } else if (s.origin == Origin::Synthesized && s.provenance.contains("pseudo_label_index")) {
            const bool use = anyAccepted ? s.status == Status::Accepted
                                         : s.provenance.value("near_boundary", false) && s.status != Status::Rejected;
            if (!use) continue;
            // Pseudo labels index into the negative labels synthesis used: refuse another file.
            const auto index = s.provenance["pseudo_label_index"].get<size_t>();
            if (index >= negatives.labels.size() || negatives.labels[index].word != s.provenance.value("pseudo_label", "")) {
                throw SynoodError("sample " + s.id + "'s pseudo label does not match " + negFile, ws.filePath(),
                                  "use the negative labels the samples were synthesized with (W/neglabels.json)");
            }
            paths.push_back(ws.absoluteImagePath(s));
            labels.push_back(static_cast<int64_t>(classes.size()) + s.provenance["pseudo_label_index"].get<int64_t>());
            ++synthesized;
        }
    }
    if (classes.empty() || synthesized == 0) {
        throw SynoodError("fine-tuning needs InD samples with classes and synthesized samples", ws.filePath(),
                          "run synood synth first (or accept samples in the studio)");
    }
    std::printf("training on %zu InD and %d synthesized sample(s) (%s); %zu negative labels\n", paths.size() - synthesized,
                synthesized, anyAccepted ? "accepted" : "near-boundary", negatives.labels.size());
    at::Tensor features, indText;
    {
        at::NoGradGuard noGrad;
        fs::create_directories(fs::path(wsDir) / "cache");
        features = normalizeFeatures(encodeDataset(*model, *imageFilesDataset(paths),
                                                   (fs::path(wsDir) / "cache" / "finetune.features").string(), {}, ctx));
        indText = encodeClassPrompts(*model, classes, negatives.options.indTemplate);
    }
    FineTuneOptions o;
    o.stageA = stage.find('A') != std::string::npos;
    o.stageB = stage.find('B') != std::string::npos;
    o.a.epochs = args.intValue("epochs-a", o.a.epochs);
    o.b.epochs = args.intValue("epochs-b", o.b.epochs);
    o.a.batchSize = o.b.batchSize = args.intValue("batch", 128);
    o.seed = static_cast<uint64_t>(args.intValue("seed", 0));
    StageReport a, b;
    TunedModel tuned = fineTune({features, at::tensor(labels, at::kLong)}, indText, negatives.features, o, ctx, &a, &b);
    tuned.meta["pack"] = model->pack().fingerprint();
    tuned.meta["classes"] = classes;
    tuned.meta["neglabels"] = fs::absolute(negFile).string();
    const std::string out = args.value("out", (fs::path(wsDir) / "synood.adapter").string());
    tuned.save(out);
    if (o.stageA) std::printf("stage A: %d steps in %.2f s, loss %.4f, accuracy %.3f\n", a.steps, a.seconds, a.loss, a.accuracy);
    if (o.stageB) std::printf("stage B: %d steps in %.2f s, loss %.4f, accuracy %.3f\n", b.steps, b.seconds, b.loss, b.accuracy);
    std::printf("trained parameters: %lld (adapter %lld); wrote %s\n", static_cast<long long>(tuned.parameterCount()),
                static_cast<long long>(tuned.adapter ? tuned.adapter->parameterCount() : 0), out.c_str());
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
