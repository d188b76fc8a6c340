// synood neglabels | score | eval: zero-shot OOD detection with a vision-language model.
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/ModelOptions.h"
#include "cli/Requests.h"
#include "cli/TerminalProgress.h"

#include "core/AtomicFile.h"
#include "core/Csv.h"
#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/WordNet.h"
#include "features/FeatureCache.h"
#include "ood/Evaluation.h"
#include "ood/Metrics.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"
#include "ops/Evaluate.h"
#include "train/FineTune.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>
#include <sstream>

namespace synood::cli {

namespace {

std::set<std::string> withModelOptions(std::set<std::string> own) {
    for (const auto& m : modelOptionNames()) own.insert(m);
    return own;
}

// Everything a scoring command needs once the model is loaded.
struct ScoringSetup {
    std::unique_ptr<VisionLanguageModel> model;
    std::vector<std::string> classes;
    at::Tensor indText;
    std::optional<NegativeLabelSet> negatives;
    std::optional<TunedModel> tuned;  // --adapter: adapted image features, tuned negatives
    ScoreOptions options;
    std::string cacheDir;
    JobContext ctx;
};

ScoringSetup prepare(const Args& args) {
    ScoringSetup s;
    s.ctx.progress = terminalProgress();
    s.model = loadModel(args);
    if (!args.has("classes")) throw SynoodError("--classes FILE is required", "synood", "one InD class name per line");
    s.classes = readClassNames(args.value("classes"));
    std::string tmpl = args.value("template", kDefaultIndTemplate);
    if (args.has("neglabels")) {
        s.negatives = NegativeLabelSet::load(args.value("neglabels"), s.model->pack());
        if (!args.has("template")) tmpl = s.negatives->options.indTemplate;
    }
    s.indText = encodeClassPrompts(*s.model, s.classes, tmpl, s.ctx);
    if (args.has("adapter")) {
        s.tuned = TunedModel::load(args.value("adapter"), s.model->pack().fingerprint());
        if (!s.negatives || s.negatives->features.size(0) != s.tuned->negatives.size(0)) {
            throw SynoodError("the adapter needs the negative labels it was trained with", args.value("adapter"),
                              "give --neglabels with the file used by synood finetune");
        }
    }
    s.options.logitScale = s.model->logitScale();
    s.options.negLabelGroups = args.intValue("groups", 100, {1, 10000});
    s.cacheDir = args.value("cache-dir");
    return s;
}

at::Tensor datasetFeatures(ScoringSetup& s, const ImageDataset& data, const std::string& spec, const Args& args) {
    std::string cache;
    if (!s.cacheDir.empty()) {
        std::filesystem::create_directories(s.cacheDir);
        cache = ops::featureCacheFile(s.cacheDir, spec);
    }
    EncodeOptions opts;
    opts.batchSize = args.intValue("batch", 64, kBatchRange);
    opts.decodeThreads = args.intValue("decode-threads", 2, kThreadRange);
    at::NoGradGuard noGrad;
    const at::Tensor features = encodeDataset(*s.model, data, cache, opts, s.ctx);
    return s.tuned ? s.tuned->adapt(features) : normalizeFeatures(features);
}

std::vector<double> scoresOf(const ScoringSetup& s, ScoreKind kind, const at::Tensor& features) {
    if (kind == ScoreKind::NegLabel && !s.negatives) {
        throw SynoodError("the neglabel score needs --neglabels FILE", "synood", "mine them with synood neglabels");
    }
    at::NoGradGuard noGrad;
    const at::Tensor neg = s.tuned ? s.tuned->negatives : s.negatives ? s.negatives->features : at::Tensor();
    return toDoubles(computeScore(kind, features, s.indText, neg, s.options));
}

}  // namespace

// "msp,energy" → the kinds, in order.
std::vector<ScoreKind> scoreKindsOf(const std::string& list) {
    std::vector<ScoreKind> kinds;
    std::stringstream in(list);
    std::string name;
    while (std::getline(in, name, ',')) kinds.push_back(scoreKindFromString(name));
    return kinds;
}

namespace {

std::vector<ScoreKind> scoreKinds(const Args& args, bool haveNegatives) {
    if (args.has("score")) return scoreKindsOf(args.value("score"));
    std::vector<ScoreKind> kinds{ScoreKind::MSP, ScoreKind::MCM, ScoreKind::Energy, ScoreKind::MaxLogit};
    if (haveNegatives) kinds.push_back(ScoreKind::NegLabel);
    return kinds;
}

int neglabelsMain(const std::vector<std::string>& argv) {
    const Args args(argv, withModelOptions({"classes", "out", "wordnet", "quantile", "keep", "limit", "batch"}), {}, "neglabels");
    if (!args.has("out")) throw SynoodError("--out FILE.json is required", "synood neglabels", "see --help");
    auto model = loadModel(args);
    const auto classes = readClassNames(args.value("classes"));
    auto candidates = readNegativeLabelCandidates(args.value("wordnet", defaultWordNetDir()));
    if (args.has("limit")) {
        const int limit = args.intValue("limit", 0, {0, 1e9});
        if (limit > 0 && static_cast<size_t>(limit) < candidates.size()) {
            // An even sample of nouns and adjectives, for quick trials.
            std::vector<WordNetWord> sample;
            const double step = static_cast<double>(candidates.size()) / limit;
            for (int i = 0; i < limit; ++i) sample.push_back(candidates[static_cast<size_t>(i * step)]);
            candidates.swap(sample);
        }
    }
    NegMiningOptions o;
    o.quantile = args.doubleValue("quantile", o.quantile, {0, 1});
    o.keepFraction = args.doubleValue("keep", o.keepFraction, {1e-6, 1});
    o.batchSize = args.intValue("batch", o.batchSize, kBatchRange);
    JobContext ctx;
    ctx.progress = terminalProgress();
    const auto t0 = std::chrono::steady_clock::now();
    const NegativeLabelSet set = mineNegativeLabels(*model, classes, candidates, o, ctx);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    set.save(args.value("out"));
    std::printf("mined %zu negative labels from %zu candidates in %.1f s (%.0f candidates/s); wrote %s\n", set.labels.size(),
                candidates.size(), seconds, static_cast<double>(candidates.size()) / seconds, args.value("out").c_str());
    return 0;
}

int scoreMain(const std::vector<std::string>& argv) {
    const Args args(argv,
                    withModelOptions({"classes", "images", "score", "neglabels", "template", "out", "cache-dir", "adapter", "batch",
                                      "decode-threads", "groups"}),
                    {}, "score");
    if (!args.has("images") || !args.has("out"))
        throw SynoodError("--images SPEC and --out FILE.csv are required", "synood score", "see --help");
    ScoringSetup s = prepare(args);
    const auto data = openImageDataset(args.value("images"));
    const at::Tensor features = datasetFeatures(s, *data, args.value("images"), args);
    const auto kinds = scoreKinds(args, s.negatives.has_value());
    std::vector<std::vector<double>> columns;
    for (ScoreKind k : kinds) columns.push_back(scoresOf(s, k, features));
    std::ostringstream csv;
    csv << "image,label";
    for (ScoreKind k : kinds) csv << "," << toString(k);
    csv << "\n";
    char buf[32];
    for (size_t i = 0; i < data->size(); ++i) {
        csv << csvField(data->name(i)) << "," << data->label(i);
        for (const auto& col : columns) {
            std::snprintf(buf, sizeof buf, "%.9g", col[i]);
            csv << "," << buf;
        }
        csv << "\n";
    }
    writeFileAtomically(args.value("out"), csv.str());
    std::printf("scored %zu images (%zu score(s)); wrote %s\n", data->size(), kinds.size(), args.value("out").c_str());
    return 0;
}

// failures.json and failures.csv, and a line per OOD set.
void writeFailures(const FailureReport& f, const std::filesystem::path& out) {
    std::printf("\nfailures (%s, %s) at the FPR95 threshold:\n", f.score.c_str(), f.method.c_str());
    for (const SetFailures& s : f.sets) {
        std::printf("  %-16s %zu of %zu OOD accepted, %zu of %zu InD rejected", s.name.c_str(), s.falsePositiveCount, s.nOod,
                    s.falseNegativeCount, s.nInd);
        if (f.comparedToZeroShot) std::printf("; against zero-shot: %zu OOD fixed, %zu broken", s.oodFixed, s.oodBroken);
        if (f.hasPool) std::printf("; nearest synthesized for %.1f %%", 100 * s.coverage.synthesizedNearestShare);
        std::printf("\n");
    }
    writeFileAtomically((out / "failures.json").string(), f.toJson().dump(2) + "\n");
    writeFileAtomically((out / "failures.csv").string(), f.toCsv());
    std::printf("wrote %s and %s\n", (out / "failures.json").c_str(), (out / "failures.csv").c_str());
}

int evalMain(const std::vector<std::string>& argv) {
    const Args args(argv, evalOptionNames(), {}, "eval");
    if (!args.has("out")) throw SynoodError("--out DIR is required", "synood eval", "see --help");
    const ops::EvaluationRequest request = evaluationRequestOf(args);
    JobContext ctx;
    ctx.progress = terminalProgress();
    ops::ModelCache models;
    const ops::EvaluationReport report = ops::evaluate(request, models, ctx);
    std::printf("\n%-10s %-11s %-16s %8s %8s %9s %9s\n", "score", "method", "OOD set", "AUROC%", "FPR95%", "AUPR-In%", "AUPR-Out%");
    const auto row = [](const MethodEvaluation& e, const std::string& set, const OodMetrics& m) {
        std::printf("%-10s %-11s %-16s %8.2f %8.2f %9.2f %9.2f\n", e.score.c_str(), e.method.c_str(), set.c_str(), 100 * m.auroc,
                    100 * m.fpr95, 100 * m.auprIn, 100 * m.auprOut);
    };
    for (const MethodEvaluation& e : report.methods) {
        for (const SetEvaluation& set : e.sets) row(e, set.name, set.metrics);
        row(e, "average", e.average);
    }
    const std::filesystem::path out = args.value("out");
    std::filesystem::create_directories(out);
    writeFileAtomically((out / "eval.json").string(), report.toJson().dump(2) + "\n");
    writeFileAtomically((out / "eval.csv").string(), report.toCsv());
    std::printf("\n%s\nwrote %s and %s\n", fpr95Definition(), (out / "eval.json").c_str(), (out / "eval.csv").c_str());
    if (report.failures) writeFailures(*report.failures, out);
    return 0;
}

}  // namespace

std::set<std::string> evalOptionNames() {
    return withModelOptions({"classes", "ind", "ood", "score", "neglabels", "template", "out", "cache-dir", "batch", "decode-threads",
                             "groups", "adapter", "failures", "failures-score", "workspace"});
}

ops::EvaluationRequest evaluationRequestOf(const Args& args) {
    if (!args.has("ind") || args.values("ood").empty()) {
        throw SynoodError("--ind SPEC and at least one --ood NAME=SPEC are required", "synood eval", "see --help");
    }
    ops::EvaluationRequest r;
    r.model = modelSourceOf(args);
    r.indSpec = args.value("ind");
    for (const auto& v : args.values("ood")) {
        const auto eq = v.find('=');
        if (eq == std::string::npos || eq == 0)
            throw SynoodError("--ood expects NAME=SPEC, got '" + v + "'", "synood eval", "e.g. --ood textures=/data/dtd");
        r.oodSets.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    }
    if (args.has("score")) r.scores = scoreKindsOf(args.value("score"));
    r.classesFile = args.value("classes");
    r.promptTemplate = args.value("template");
    r.negLabelsFile = args.value("neglabels");
    r.adapterPath = args.value("adapter");
    r.negLabelGroups = args.intValue("groups", r.negLabelGroups, {1, 10000});
    r.cacheDir = args.value("cache-dir");
    r.encode.batchSize = args.intValue("batch", r.encode.batchSize, kBatchRange);
    r.encode.decodeThreads = args.intValue("decode-threads", r.encode.decodeThreads, kThreadRange);
    r.failures = static_cast<size_t>(args.intValue("failures", 0, {0, 1000000}));
    if (args.has("failures-score")) r.failureScore = scoreKindFromString(args.value("failures-score"));
    r.trainingWorkspace = args.value("workspace");
    if (r.failures == 0 && (args.has("failures-score") || args.has("workspace"))) {
        throw SynoodError("--failures-score and --workspace describe the failures", "synood eval", "give --failures N too");
    }
    return r;
}

std::vector<Command> oodCommands() {
    const std::string model = modelOptionsHelp();
    const std::string datasets =
        "  datasets (SPEC): DIR (ImageFolder: one subfolder per class) or FILE.gz[@l1,l2,...] (IDX images,\n"
        "          optionally only the listed labels; labels read from the matching labels file), or demo:NAME\n"
        "          (the demo world: ind, near, glyphs, textures, ind-train; the scenes world: scenes-ind,\n"
        "          scenes-near, scenes-ind-train, scenes-empty, scenes-objects)\n";
    const EncodeOptions encode;
    const std::string scoring =
        "  --classes FILE           InD class names, one per line (eval: default the --neglabels' classes)\n"
        "  --template T             InD prompt (default '" +
        std::string(kDefaultIndTemplate) +
        "', or the mined set's)\n"
        "  --neglabels FILE.json    mined negative labels (needed by the neglabel score)\n"
        "  --score a,b              msp, mcm, energy, maxlogit, neglabel (default: all available)\n"
        "  --groups N               NegLabel grouping (default " +
        std::to_string(ScoreOptions{}.negLabelGroups) +
        ")\n"
        "  --adapter FILE           a SynOOD adapter from synood finetune: adapted image features and tuned\n"
        "                           negatives (with the --neglabels it was trained with); eval reports\n"
        "                           zero-shot and fine-tuned side by side\n"
        "  --cache-dir DIR          keep image features there (reused while pack and data are unchanged)\n"

        "  --batch N                images per batch (default " +
        std::to_string(encode.batchSize) + "); --decode-threads N (default " + std::to_string(encode.decodeThreads) + ")\n";
    const std::string failures =
        "  --failures N             also write DIR/failures.json and failures.csv: per OOD set at the\n"
        "                           FPR95 threshold the N highest-scored OOD images accepted and the N\n"
        "                           lowest InD images rejected (under the adapter when given), the images\n"
        "                           that crossed the threshold against zero-shot, and --workspace's coverage\n"
        "  --failures-score S       the failures' score (default neglabel, else energy, else the first)\n"
        "  --workspace W            the training workspace: each failure's nearest synthesized and InD\n"
        "                           samples, and the share of false positives nearest a synthesized one\n";
    return {
        {"neglabels", "mine negative labels from WordNet (NegLabel's NegMining)",
         "usage:\n  synood neglabels MODEL --classes FILE --out FILE.json [--quantile 0.95] [--keep 0.15]\n"
         "                   [--wordnet DIR] [--limit N] [--batch N]\n" +
             model +
             "  Writes FILE.json (words, prompts, quantiles) and FILE.features (their text features).\n"
             "  --limit N mines an even sample of N candidates (quick trials).\n",
         neglabelsMain},
        {"score", "OOD scores of every image of a dataset (CSV)",
         "usage:\n  synood score MODEL --classes FILE --images SPEC --out FILE.csv [options]\n" + model + datasets + scoring, scoreMain},
        {"eval", "AUROC/FPR95 of InD against OOD sets, per set and averaged (JSON, CSV)",
         "usage:\n  synood eval MODEL [--classes FILE] --ind SPEC --ood NAME=SPEC [--ood ...] --out DIR [options]\n" + model + datasets +
             scoring + failures +
             "  Writes DIR/eval.json (per score and method: the metrics per OOD set and their average; the\n"
             "  studio's Evaluate writes the same report) and DIR/eval.csv.\n  " +
             fpr95Definition() + "\n",
         evalMain},
    };
}

}  // namespace synood::cli
