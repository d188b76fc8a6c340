// synood demo export: the demo world's datasets as image files.
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "train/FineTune.h"
#include "train/WorkspaceFineTune.h"
#include "data/ImageDataset.h"
#include "data/ImageIO.h"
#include "core/AtomicFile.h"
#include "demo/DemoRun.h"
#include "demo/FarOod.h"
#include "demo/Scenes.h"
#include "demo/ToyClipTrainer.h"
#include "demo/ToyDiffusionTrainer.h"
#include "models/VisionLanguageModel.h"

#include <cmath>
#include <cstdio>
#include <filesystem>

namespace synood::cli {

namespace {

int demoExport(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "limit"}, {}, "demo export");
    if (args.positionals().size() != 1 || !args.has("out")) {
        throw SynoodError("expected one dataset and --out DIR", "synood demo export", "e.g. synood demo export glyphs --out glyphs/");
    }
    const std::string name = args.positionals()[0];
    const auto data = demo::demoDataset(name);
    const std::filesystem::path out = args.value("out");
    std::error_code ec;
    if (std::filesystem::exists(out / name, ec) && !std::filesystem::is_empty(out / name, ec)) {
        throw SynoodError("the output folder is not empty", (out / name).string(), "choose another --out");
    }
    std::filesystem::create_directories(out / name);
    const size_t n = std::min(data->size(), static_cast<size_t>(args.intValue("limit", static_cast<int>(data->size()), {0, 1e9})));
    const auto* scenes = dynamic_cast<const demo::SceneDataset*>(data.get());  // each image with its scene file
    const ProgressCallback progress = terminalProgress();
    for (size_t i = 0; i < n; ++i) {
        char file[32];
        std::snprintf(file, sizeof file, "%05zu.png", i);
        const std::string path = (out / name / file).string();
        writeImage(path, data->load(i), /*durable=*/false);
        if (scenes) demo::writeSceneFile(path, scenes->info(i));
        progress({"export " + name, static_cast<long long>(i + 1), static_cast<long long>(n), ""});
    }
    std::printf("wrote %zu images to %s\n", n, (out / name).c_str());
    return 0;
}

demo::ToyDiffusionOptions diffusionOptions(const Args& args, demo::ToyWorld world) {
    demo::ToyDiffusionOptions d = demo::toyDiffusionDefaults(world);
    d.steps = args.intValue("diffusion-steps", d.steps, {1, 10000000});
    d.width = args.intValue("diffusion-width", d.width, {8, 256});
    if (d.width % 8 != 0) throw SynoodError("--diffusion-width must be a multiple of 8", "demo build", "its GroupNorms have 8 groups");
    d.classAloneShare = args.doubleValue("diffusion-class-alone", d.classAloneShare, {0, 1});
    if (d.classAloneShare > 0 && world != demo::ToyWorld::Scenes) {
        throw SynoodError("--diffusion-class-alone needs --world scenes", "demo build",
                          "the first world's captions are the class alone already");
    }
    d.seed = static_cast<uint64_t>(args.intValue("seed", 0, kSeedRange));
    return d;
}

void printContextAccuracy(const demo::ZeroShotAccuracy& a) {  // the scenes world's only
    if (a.context >= 0) std::printf("toy CLIP: the background named right (eight kinds) in %.2f%% of the test scenes\n", 100 * a.context);
}

void printPerClass(const std::array<double, 10>& perClass) {
    std::printf("; per class:");
    for (double a : perClass) std::printf(" %.0f", 100 * a);
    std::printf("\n");
}

void printGenerationAccuracy(const demo::GenerationAccuracy& g) {
    const bool scenes = g.intoBackgrounds >= 0;
    const demo::GenerationOptions& o = g.options;
    std::printf(
        "toy diffusion: %.1f%% of %d images generated from pure noise (\"a photo of a {class}%s.\", whole image masked, %d DDIM "
        "steps, CFG %.1f%s) classified as their class by the toy CLIP (ten-way) in %.0f s",
        100 * g.accuracy, o.perClass * 10, scenes ? " on {context}" : "", o.steps, o.cfgScale,
        o.againstContext ? " against \"a photo of {context}.\"" : "", g.seconds);
    printPerClass(g.perClass);
    if (scenes) {
        std::printf(
            "toy diffusion: %.1f%% of %d garments painted into a central 28x28 box of empty backgrounds (\"a photo of a {class} "
            "on {context}.\") classified as their class",
            100 * g.intoBackgrounds, o.perClass * 10);
        printPerClass(g.perClassIntoBackgrounds);
        std::printf(
            "toy diffusion: %.1f%% of %d images generated from pure noise from \"a photo of a {class}.\" alone classified as their class\n",
            100 * g.classAlone, o.perClass * 10);
    }
    if (g.context >= 0) {
        std::printf(
            "toy diffusion: of %d InD test scenes repainted from \"A photo only remain {context}.\" (whole image, "
            "strength 0.6), %.1f%% show their context without their garment (toy CLIP: \"a photo of {context}.\" over "
            "\"a photo of a {class} on {context}.\"); before repainting %.1f%%\n",
            o.perClass * demo::kBackgroundKindCount, 100 * g.context, 100 * g.contextBefore);
    }
}

int demoBuild(const std::vector<std::string>& argv) {
    Args args(argv, {"out", "epochs", "seed", "batch", "diffusion-steps", "diffusion-width", "diffusion-class-alone", "world"}, {},
              "demo build");
    demo::ToyClipOptions o;
    o.world = demo::toyWorldNamed(args.value("world", "fashion"));
    o.epochs = args.intValue("epochs", o.epochs, {1, 10000});
    o.seed = static_cast<uint64_t>(args.intValue("seed", 0, kSeedRange));
    o.batchSize = args.intValue("batch", o.batchSize, kBatchRange);
    const demo::ToyDiffusionOptions d = diffusionOptions(args, o.world);
    const std::string out = args.value("out", o.world == demo::ToyWorld::Scenes ? "scenes-pack" : "demo-pack");
    JobContext ctx;
    ctx.progress = terminalProgress();
    const auto r = demo::trainToyClip(out, o, ctx);
    std::printf(
        "toy CLIP: %s; zero-shot accuracy on the test images: %.2f%% over the six InD prompts, %.2f%% over all ten\n",
        r.epochsRun
            ? ("trained " + std::to_string(r.epochsRun) + " epoch(s) in " + std::to_string(static_cast<int>(r.trainSeconds)) + " s").c_str()
            : "already trained with these options (kept)",
        100 * r.accuracy.ind6, 100 * r.accuracy.all10);
    printContextAccuracy(r.accuracy);
    const auto dr = demo::trainToyDiffusion(out, d, ctx);
    std::printf("toy diffusion: trained %d step(s) in %.0f s, final loss %.4f\n", dr.stepsRun, dr.trainSeconds, dr.finalLoss);
    printGenerationAccuracy(demo::generationAccuracy(out, {}, ctx));
    std::printf("wrote %s/pack.json\n", out.c_str());
    return 0;
}

int demoQuality(const std::vector<std::string>& argv) {
    Args args(argv, {"pack", "per-class", "steps", "cfg", "seed", "grid"}, {"against-context"}, "demo quality");
    const std::string pack = args.value("pack", demo::defaultDemoPackDir());
    JobContext ctx;
    ctx.progress = terminalProgress();
    auto clip = loadVisionLanguageModel(pack);
    const auto a = demo::zeroShotAccuracy(*clip);
    std::printf("toy CLIP: zero-shot accuracy on the test images: %.2f%% over the six InD prompts, %.2f%% over all ten\n", 100 * a.ind6,
                100 * a.all10);
    printContextAccuracy(a);
    if (!clip->pack().json.contains("diffusion")) {
        std::printf("no diffusion model in %s: nothing generated to measure\n", pack.c_str());
        return 0;
    }
    demo::GenerationOptions o;
    o.perClass = args.intValue("per-class", o.perClass, {1, 100000});
    o.steps = args.intValue("steps", o.steps, {1, 1000});
    o.cfgScale = args.doubleValue("cfg", o.cfgScale, {0, 100});
    o.seed = static_cast<uint64_t>(args.intValue("seed", static_cast<int>(o.seed), kSeedRange));
    o.againstContext = args.has("against-context");
    o.gridPng = args.value("grid");
    printGenerationAccuracy(demo::generationAccuracy(pack, o, ctx));
    return 0;
}

// A choice between two words for a boolean option.
bool choice(const Args& args, const std::string& name, bool fallback, const std::string& whenTrue, const std::string& whenFalse) {
    const std::string v = args.value(name, fallback ? whenTrue : whenFalse);
    if (v != whenTrue && v != whenFalse)
        throw SynoodError("--" + name + " must be " + whenTrue + " or " + whenFalse, "synood demo run", "");
    return v == whenTrue;
}

// The offline prompt sources a world's benchmark can use (the scenes: also their context).
void checkDemoPromptSource(const std::string& source, demo::ToyWorld world, const std::string& option) {
    const bool scenes = world == demo::ToyWorld::Scenes;
    if (source == "wordnet" || source == "hybrid" || (scenes && source == "context")) return;
    throw SynoodError("--" + option + " must be wordnet" + std::string(scenes ? ", hybrid or context" : " or hybrid") + " on the " +
                          demo::toString(world) + " world",
                      "synood demo run", scenes ? "e.g. --" + option + " wordnet" : "e.g. --" + option + " hybrid");
}

demo::DemoRunOptions demoRunOptions(const Args& args) {
    demo::DemoRunOptions o;
    o.world = demo::toyWorldNamed(args.value("world", "fashion"));
    const bool scenes = o.world == demo::ToyWorld::Scenes;
    const bool full = args.has("full");
    o.seeds = args.intValue("seeds", full ? 5 : o.seeds, {1, 100});
    o.synood = !args.has("zero-shot-only");
    o.packDir = args.value("pack");
    demo::DemoSynoodOptions& d = o.synoodOptions;
    d.seedsPerClass = args.intValue("seeds-per-class", d.seedsPerClass, {1, 150});
    d.perSeed = args.intValue("per-seed", full ? 2 : d.perSeed, {1, 50});
    d.validationSeedsPerClass = args.intValue("validation-seeds-per-class", d.validationSeedsPerClass, {1, 50});
    // The scenes world's default is the paper's context prompt, against WordNet relatives.
    d.promptSource = args.value("prompt-source", scenes ? "context" : d.promptSource);
    checkDemoPromptSource(d.promptSource, o.world, "prompt-source");
    const std::string compared = args.value("compare-prompt-source", scenes ? "wordnet" : "none");
    if (compared != "none") {
        checkDemoPromptSource(compared, o.world, "compare-prompt-source");
        if (compared == d.promptSource) {
            throw SynoodError("--compare-prompt-source must differ from --prompt-source", "synood demo run",
                              "e.g. --compare-prompt-source none");
        }
        d.comparedSource = compared;
    }
    d.cfg = args.doubleValue("cfg", d.cfg, {0, 50});  // 0: the pack's
    d.pairing = pairingFromString(args.value("pairing", toString(d.pairing)));
    FineTuneOptions& f = d.fineTune;
    f.a.steps = args.intValue("stage-a-steps", static_cast<int>(f.a.steps), {1, 1000000});
    f.b.steps = args.intValue("stage-b-steps", static_cast<int>(f.b.steps), {1, 1000000});
    f.checkpointEvery = args.intValue("checkpoint-every", f.checkpointEvery, {1, 1000000});
    f.a.batchSize = f.b.batchSize = args.intValue("batch", f.a.batchSize, kBatchRange);
    f.logitScale = args.doubleValue("logit-scale", f.logitScale, {0, 1000});   // 0: the model's own
    o.negLabelTau = args.doubleValue("neglabel-tau", o.negLabelTau, {0, 10});  // 0: 1 / the model's logit scale
    f.classSet = classSetFromString(args.value("class-set", toString(f.classSet)));
    f.perEpochCosine = choice(args, "cosine", f.perEpochCosine, "epoch", "step");
    f.a.rawInput = choice(args, "adapter-input", f.a.rawInput, "raw", "unit");
    f.b.adaptedInput = choice(args, "stage-b-input", f.b.adaptedInput, "adapted", "raw");
    f.b.rawRows = choice(args, "stage-b-rows", f.b.rawRows, "raw", "unit");
    return o;
}

int demoRun(const std::vector<std::string>& argv) {
    Args args(argv, {"seeds",         "out",
                     "pack",          "seeds-per-class",
                     "per-seed",      "validation-seeds-per-class",
                     "prompt-source", "cfg",
                     "pairing",       "stage-a-steps",
                     "stage-b-steps", "checkpoint-every",
                     "batch",         "logit-scale",
                     "neglabel-tau",  "class-set",
                     "cosine",        "adapter-input",
                     "stage-b-input", "stage-b-rows",
                     "world",         "compare-prompt-source"},
              {"zero-shot-only", "full"}, "demo run");
    demo::DemoRunOptions o = demoRunOptions(args);
    const std::filesystem::path out = args.value("out", "demo-report");
    o.cacheDir = (out / "cache").string();
    JobContext ctx;
    ctx.progress = terminalProgress();
    const auto report = demo::runDemoBenchmark(o, ctx);
    const std::string markdown = demo::demoReportMarkdown(report);
    std::filesystem::create_directories(out);
    writeFileAtomically((out / "report.json").string(), report.dump(2) + "\n");
    writeFileAtomically((out / "report.md").string(), markdown);
    std::printf("%s\nwhere the time went (s):", markdown.c_str());
    for (const auto& [stage, seconds] : report.at("seconds").items()) std::printf(" %s %.1f;", stage.c_str(), seconds.get<double>());
    std::printf("\nwrote %s and %s\n", (out / "report.json").c_str(), (out / "report.md").c_str());
    return 0;
}

// The README's demo table is this output, never typed: between the markers of --readme FILE.
int demoTable(const std::vector<std::string>& argv) {
    Args args(argv, {"readme", "marker"}, {}, "demo table");
    if (args.positionals().size() != 1)
        throw SynoodError("expected one report.json", "synood demo table", "e.g. synood demo table demo-report/report.json");
    const std::string path = args.positionals()[0];
    nlohmann::ordered_json report;
    try {
        report = nlohmann::ordered_json::parse(readWholeFile(path));
    } catch (const nlohmann::json::exception& e) {
        throw SynoodError(std::string("not a demo report: ") + e.what(), path, "give the report.json that synood demo run wrote");
    }
    std::string table;
    try {
        table = demo::demoReportMarkdown(report);
    } catch (const nlohmann::json::exception& e) {
        throw SynoodError(std::string("not a demo report: ") + e.what(), path, "give the report.json that synood demo run wrote");
    }
    if (!args.has("readme")) {
        std::printf("%s", table.c_str());
        return 0;
    }
    const std::string readme = args.value("readme");
    const std::string text = readWholeFile(readme);
    const std::string marker = args.value("marker", "demo-table");
    const std::string begin = "<!-- " + marker + " begin -->\n", end = "<!-- " + marker + " end -->";
    const size_t a = text.find(begin), b = text.find(end);
    if (a == std::string::npos || b == std::string::npos || b < a) {
        throw SynoodError("no " + marker + " markers", readme,
                          "add the lines <!-- " + marker + " begin --> and <!-- " + marker + " end -->");
    }
    writeFileAtomically(readme, text.substr(0, a + begin.size()) + table + text.substr(b));
    std::printf("wrote the table of %s into %s\n", path.c_str(), readme.c_str());
    return 0;
}

int demoMain(const std::vector<std::string>& argv) {
    return runAction(argv, "demo",
                     {{"export", demoExport}, {"build", demoBuild}, {"quality", demoQuality}, {"run", demoRun}, {"table", demoTable}});
}

}  // namespace

std::vector<Command> demoCommands() {
    return {{"demo", "the demo world's datasets (Fashion-MNIST split, generated far-OOD sets)",
             "usage:\n"
             "  synood demo export NAME --out DIR [--limit N]\n"
             "      write a demo dataset as PNG files into DIR/NAME: ind (test images of the InD classes),\n"
             "      near (test images of Coat, Shirt, Sneaker, Ankle boot), glyphs, textures (2,000 each,\n"
             "      generated from a fixed seed), ind-train. The same names work as demo:NAME wherever a\n"
             "      dataset SPEC is taken (synood score, synood eval). The scenes world (garments on\n"
             "      backgrounds, 48x48 colour): scenes-ind, scenes-near, scenes-ind-train, scenes-empty\n"
             "      (backgrounds alone), scenes-objects (glyphs on backgrounds); each image is written with\n"
             "      its scene file NAME.scene.json (object, background, placement, context), which\n"
             "      synood synth --prompt-source context answers from.\n"
             "  synood demo build [--out DIR] [--epochs 3] [--seed 0] [--batch 256] [--diffusion-steps N] [--diffusion-width N]\n"
             "                    [--diffusion-class-alone SHARE] [--world fashion|scenes]\n"
             "      train the toy CLIP on Fashion-MNIST (all ten classes, captions from templates and\n"
             "      WordNet), then the toy inpainting diffusion model conditioned on its text features,\n"
             "      and write the model pack to DIR (default ./demo-pack). A killed run resumes from its\n"
             "      checkpoints; a toy CLIP already trained with the same options is kept. Diffusion: 9000\n"
             "      steps of batch 64 (32x32 gray), --diffusion-width 32 (the UNet's channels at full size, a\n"
             "      multiple of 8). --world scenes trains the scenes world's models (default DIR\n"
             "      ./scenes-pack): the toy CLIP's captions name the background (\"a photo of a sandal on a\n"
             "      sandy beach.\"), and the diffusion model (48x48 colour, v-prediction, 22000 steps of batch\n"
             "      32, width 24) also learns backgrounds alone from their context (\"A photo only remain a\n"
             "      sandy beach.\"); --diffusion-class-alone SHARE (0 to 1, default 0) captions that share of\n"
             "      its garment images by their class alone (\"a photo of a sandal.\").\n"
             "  synood demo quality [--pack DIR] [--per-class 50] [--steps 25] [--cfg 3] [--seed 0] [--grid FILE.png]\n"
             "                      [--against-context]\n"
             "      measure the pack: the toy CLIP's zero-shot accuracy, and the share of images generated\n"
             "      from pure noise (whole image masked; \"a photo of a {class}.\", the scenes: \"a photo of a\n"
             "      {class} on {context}.\") that the toy CLIP classifies as their class; --grid writes ten\n"
             "      of each class as a picture (a row per class). A scenes pack: also garments painted into\n"
             "      a central box of empty backgrounds, classified the same way, images generated from noise\n"
             "      from \"a photo of a {class}.\" alone, and the share of InD scenes\n"
             "      repainted from \"A photo only remain {context}.\" (strength 0.6, as synthesis runs) that\n"
             "      show their context without their garment. --against-context (scenes): garments are\n"
             "      guided away from their context alone (\"a photo of {context}.\" as the negative prompt)\n"
             "      rather than from the empty prompt.\n"
             "  synood demo run [--world fashion|scenes] [--seeds 3] [--full] [--out DIR] [--pack DIR] [--zero-shot-only] [options]\n"
             "      the demo benchmark: MCM, Energy, MaxLogit and NegLabel (negatives mined from WordNet\n"
             "      with the toy text encoder), neglabel_strict (the same without the labels that name a\n"
             "      held-out class: the set SynOOD tunes under the strict protocol), then SynOOD per seed at\n"
             "      the official proportions: guided and unguided synthesis from the 50 most informative InD\n"
             "      seeds per class (strict protocol), pseudo labels, stage A + B fine-tuning with checkpoints,\n"
             "      each checkpoint and variant chosen on validation data only (held-out InD training images\n"
             "      against samples synthesized from the next seeds, never trained on); then the test sets,\n"
             "      once. Rows: synood and synood_unguided (the variant AB, A or B that validates best) and\n"
             "      the guided ablations synood_stage_ab, synood_stage_a, synood_stage_b. InD test images\n"
             "      against near, glyphs and textures; mean and standard deviation over the seeds, and paired\n"
             "      differences per seed with 95 % t-intervals. Writes DIR/report.json and DIR/report.md\n"
             "      (default DIR ./demo-report; features and SynOOD's workspace are kept in DIR/cache).\n"
             "      --world scenes: the scenes pack (resources/scenes-pack) on InD scenes against near-OOD\n"
             "      scenes, backgrounds alone and glyphs on backgrounds; prompts from the seeds' context\n"
             "      (\"A photo only remain a lawn.\"), and the row synood_wordnet: the same from WordNet\n"
             "      relatives' prompts (the paired row \"context - wordnet prompts\").\n"
             "      --full                        5 seeds and 2 samples per seed image\n"
             "      --seeds-per-class 50          InD seeds per class for training (official 50)\n"
             "      --per-seed 1                  synthesized samples per seed image (official 1)\n"
             "      --validation-seeds-per-class 10   the next seeds per class, for validation only\n"
             "      --prompt-source wordnet       wordnet | hybrid (the scenes: | context, the default there)\n"
             "      --compare-prompt-source none  another source's guided samples as synood_SOURCE (the\n"
             "                                    scenes: wordnet by default) | none\n"
             "      --cfg 0                       classifier-free guidance; 0: the pack's default\n"
             "      --pairing seeds               InD side of stage A: seeds (1:1, official) | workspace\n"
             "      --stage-a-steps 2300 --stage-b-steps 5900 --checkpoint-every 100 --batch 128\n"
             "      --logit-scale 0               fine-tuning's logit scale; 0: the model's own (official)\n"
             "      --neglabel-tau 0              NegLabel's temperature; 0: 1 / the model's logit scale\n"
             "                                    (the meaning of CLIP's 0.01)\n"
             "      --class-set occurring         occurring (InD + pseudo labels that occur, official) | all\n"
             "      --cosine epoch                the schedule steps per epoch (official) | step\n"
             "      --adapter-input raw           the adapter on the raw feature (official) | unit\n"
             "      --stage-b-input raw           stage B on raw image features (official) | adapted\n"
             "      --stage-b-rows raw            stage B's rows start as raw text outputs (official) | unit\n"
             "  synood demo table REPORT.json [--readme FILE [--marker demo-table]]\n"
             "      print the report's tables as Markdown, or write them into FILE between the lines\n"
             "      <!-- MARKER begin --> and <!-- MARKER end --> (how the README's tables are made).\n",
             demoMain}};
}

}  // namespace synood::cli
