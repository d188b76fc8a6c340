#include "demo/DemoRun.h"

#include "core/Error.h"
#include "core/Statistics.h"
#include "data/ImageDataset.h"
#include "data/WordNet.h"
#include "demo/DemoSynood.h"
#include "demo/FarOod.h"
#include "demo/FashionMnist.h"
#include "demo/ToyClipTrainer.h"
#include "models/VisionLanguageModel.h"
#include "ood/Evaluation.h"
#include "ood/Metrics.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"
#include "synth/PromptSources.h"
#include "synth/SynthesisRun.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synood::demo {

std::string defaultDemoPackDir(ToyWorld world) {
    const bool scenes = world == ToyWorld::Scenes;
    if (const char* env = std::getenv(scenes ? "SYNOOD_SCENES_PACK" : "SYNOOD_DEMO_PACK"); env && *env) return env;
    const std::string name = scenes ? "scenes-pack" : "demo-pack";
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path(); dir = dir.parent_path()) {
            for (const fs::path& candidate : {dir / "resources" / name, dir / "share" / "synood" / name}) {
                if (fs::exists(candidate / "pack.json", ec)) return candidate.string();
            }
        }
    }
    return "resources/" + name;
}

namespace {

const std::vector<ScoreKind> kMethods{ScoreKind::MCM, ScoreKind::Energy, ScoreKind::MaxLogit, ScoreKind::NegLabel};

// InD training images after the first kValidationSkip of each class (the SynOOD workspace takes the
// first ones), kValidationPerClass per class; their features and class indices in kInDClasses order.
constexpr int kValidationSkip = 1000, kValidationPerClass = 500;

class RowsDataset : public ImageDataset {
public:
    RowsDataset(std::unique_ptr<ImageDataset> base, std::vector<size_t> rows) : m_base(std::move(base)), m_rows(std::move(rows)) {}
    size_t size() const override { return m_rows.size(); }
    cv::Mat load(size_t i) const override { return m_base->load(m_rows[i]); }
    std::string name(size_t i) const override { return m_base->name(m_rows[i]); }
    int label(size_t i) const override { return m_base->label(m_rows[i]); }
    std::string fingerprint() const override {
        return m_base->fingerprint() + "/rows" + std::to_string(m_rows.size()) + "@" + std::to_string(m_rows.front());
    }

private:
    std::unique_ptr<ImageDataset> m_base;
    std::vector<size_t> m_rows;
};

std::pair<at::Tensor, at::Tensor> indValidation(VisionLanguageModel& model, const std::string& indTrain, const std::string& cacheDir,
                                                const JobContext& ctx) {
    auto base = demoDataset(indTrain);
    std::map<int, int> seen;
    std::vector<size_t> rows;
    std::vector<int64_t> labels;
    for (size_t i = 0; i < base->size(); ++i) {
        const int label = base->label(i);
        const int k = seen[label]++;
        if (k < kValidationSkip || k >= kValidationSkip + kValidationPerClass) continue;
        rows.push_back(i);
        labels.push_back(std::find(kInDClasses.begin(), kInDClasses.end(), label) - kInDClasses.begin());
    }
    const RowsDataset data(std::move(base), rows);
    const std::string cache = cacheDir.empty() ? std::string() : (fs::path(cacheDir) / "ind-validation.features").string();
    return {encodeDataset(model, data, cache, {}, ctx), at::tensor(labels, at::kLong)};  // raw features
}

struct SetScores {
    std::vector<double> ind;
    std::vector<std::vector<double>> ood;  // per OOD set, in the world's order
};

// The OOD images (dataset indices) that cross the FPR95 threshold between `before` and `after`, each
// method at its own threshold: fixed (accepted as InD before, rejected after) and broken (the reverse),
// most changed first.
nlohmann::ordered_json crossings(const std::vector<double>& indBefore, const std::vector<double>& oodBefore,
                                 const std::vector<double>& indAfter, const std::vector<double>& oodAfter) {
    const double tb = rocPointAtTpr(indBefore, oodBefore).threshold, ta = rocPointAtTpr(indAfter, oodAfter).threshold;
    std::vector<std::pair<double, size_t>> fixed, broken;  // (−|change in margin|, index)
    for (size_t i = 0; i < oodBefore.size(); ++i) {
        const bool before = oodBefore[i] >= tb, after = oodAfter[i] >= ta;
        const double change = std::abs((oodAfter[i] - ta) - (oodBefore[i] - tb));
        if (before && !after) fixed.push_back({-change, i});
        if (!before && after) broken.push_back({-change, i});
    }
    std::sort(fixed.begin(), fixed.end());
    std::sort(broken.begin(), broken.end());
    const auto indices = [](const std::vector<std::pair<double, size_t>>& v) {
        nlohmann::ordered_json a = nlohmann::ordered_json::array();
        for (const auto& [change, i] : v) a.push_back(i);
        return a;
    };
    return {{"threshold_before", tb},  {"threshold_after", ta},          {"fixed", fixed.size()},
            {"broken", broken.size()}, {"fixed_images", indices(fixed)}, {"broken_images", indices(broken)}};
}

// values[method][set][metric] over seeds; set "average" is the mean over the OOD sets.
using SeedValues = std::map<std::string, std::map<std::string, std::map<std::string, std::vector<double>>>>;

// The OOD sets' report names and "average".
std::vector<std::string> reportedSets(const WorldSets& sets) {
    std::vector<std::string> names;
    for (const auto& set : sets.ood) names.push_back(set.first);
    names.push_back("average");
    return names;
}

// For each comparison and set: the per-seed differences, their mean and 95 % t-interval.
nlohmann::ordered_json pairedDifferences(const SeedValues& values, const std::vector<std::string>& sets, const std::string& comparedSource,
                                         const std::string& promptSource) {
    std::vector<std::pair<std::string, std::string>> comparisons{
        {"synood", "neglabel"}, {"synood", "neglabel_strict"}, {"synood", "synood_unguided"}};
    if (!comparedSource.empty()) comparisons.emplace_back("synood", "synood_" + comparedSource);
    nlohmann::ordered_json paired;
    for (const auto& [method, peer] : comparisons) {
        std::string name = method + " - " + peer;
        if (peer == "synood_unguided") name = "guided - unguided";
        if (peer == "synood_" + comparedSource) name = promptSource + " - " + comparedSource + " prompts";
        for (const std::string& set : sets) {
            for (const std::string metric : {"auroc", "fpr95"}) {
                const auto& a = values.at(method).at(set).at(metric);
                const auto& b = values.at(peer).at(set).at(metric);
                std::vector<double> d;
                for (size_t i = 0; i < a.size(); ++i) d.push_back(a[i] - b[i]);
                const PairedInterval pi = pairedInterval(d);
                const auto num = [](double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(); };
                paired[name][set][metric] = {{"mean", pi.mean}, {"ci95_low", num(pi.low)}, {"ci95_high", num(pi.high)}, {"seeds", d}};
            }
        }
    }
    return paired;
}

// Every method's mean and sd over the seeds, per OOD set and averaged.
nlohmann::ordered_json methodSummaries(SeedValues& values, bool synood, const std::vector<std::string>& sets,
                                       const std::string& comparedSource) {
    std::vector<std::string> methods;
    for (ScoreKind k : kMethods) methods.push_back(toString(k));
    methods.push_back("neglabel_strict");
    if (synood) {
        for (const char* m : {"synood", "synood_unguided", "synood_stage_ab", "synood_stage_a", "synood_stage_b"}) methods.push_back(m);
        if (!comparedSource.empty()) methods.push_back("synood_" + comparedSource);
    }
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const std::string& method : methods) {
        nlohmann::ordered_json perSet;
        for (const std::string& set : sets) {
            const MeanStd auroc = meanStd(values[method][set]["auroc"]);
            const MeanStd fpr = meanStd(values[method][set]["fpr95"]);
            perSet[set] = {{"auroc", auroc.mean}, {"fpr95", fpr.mean}, {"auroc_std", auroc.std}, {"fpr95_std", fpr.std}};
        }
        out[method] = perSet;
    }
    return out;
}

// The validation InD accuracy of every method: mean and sd over the seeds.
nlohmann::ordered_json accuracySummaries(const std::map<std::string, std::vector<double>>& accuracy) {
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [method, v] : accuracy) {
        const MeanStd m = meanStd(v);
        out[method] = {{"accuracy", m.mean}, {"accuracy_std", m.std}};
    }
    return out;
}

nlohmann::ordered_json protocolOf(const DemoSynoodOptions& o, double logitScale, double tau, int synthesizedPerSeed) {
    const FineTuneOptions& f = o.fineTune;
    return {{"stage_a_steps", f.a.steps},
            {"stage_b_steps", f.b.steps},
            {"checkpoint_every", f.checkpointEvery},
            {"synthesized_per_seed", synthesizedPerSeed},
            {"seeds_per_class", o.seedsPerClass},
            {"samples_per_seed_image", o.perSeed},
            {"validation_seeds_per_class", o.validationSeedsPerClass},
            {"batch", f.a.batchSize},
            {"logit_scale", f.logitScale > 0 ? f.logitScale : logitScale},
            {"neglabel_tau", tau},
            {"class_set", toString(f.classSet)},
            {"pairing", toString(o.pairing)},
            {"per_epoch_cosine", f.perEpochCosine},
            {"adapter_input", f.a.rawInput ? "raw" : "unit"},
            {"adapter_gated", f.a.gated},
            {"stage_b_input", f.b.adaptedInput ? "adapted" : "raw"},
            {"stage_b_rows", f.b.rawRows ? "raw" : "unit"},
            {"prompt_source", o.promptSource},
            {"compared_prompt_source", o.comparedSource.empty() ? nlohmann::json() : nlohmann::json(o.comparedSource)},
            {"cfg", o.cfg > 0 ? nlohmann::json(o.cfg) : nlohmann::json("pack default")},
            {"selection_rule",
             "checkpoint and variant (stage AB, A, B) with the highest validation NegLabel AUROC (tie: lower FPR95) among those "
             "whose six-way InD validation accuracy is at most 0.5 points below zero-shot; test sets scored once, after the choice"}};
}

}  // namespace

nlohmann::ordered_json runDemoBenchmark(const DemoRunOptions& o, const JobContext& ctx) {
    if (o.seeds <= 0) throw SynoodError("--seeds must be positive", "synood demo run", "e.g. --seeds 3");
    const auto started = std::chrono::steady_clock::now();
    const std::string packDir = o.packDir.empty() ? defaultDemoPackDir(o.world) : o.packDir;
    const WorldSets& sets = worldSets(o.world);
    const std::vector<std::string> setNames = reportedSets(sets);
    auto model = loadVisionLanguageModel(packDir);
    std::vector<std::string> indNames;
    for (int c : kInDClasses) indNames.push_back(promptNames()[static_cast<size_t>(c)]);
    at::NoGradGuard noGrad;
    ctx.report("negative labels", 0, 1);
    const NegativeLabelSet negatives = mineNegativeLabels(*model, indNames, readNegativeLabelCandidates(), {}, ctx);
    // The strict protocol's set: what synthesizes or tunes never sees a held-out name or synonym.
    // Zero-shot NegLabel keeps its blind mining (it knows nothing of the OOD classes); neglabel_strict
    // scores with the strict set, the baseline that SynOOD's fine-tuning starts from.
    const NegativeLabelSet strict = strictNegativeLabels(negatives, heldOutWords());
    const at::Tensor indText = encodeClassPrompts(*model, indNames, negatives.options.indTemplate);
    const std::string workDir =
        o.cacheDir.empty() ? (fs::temp_directory_path() / ("synood-demo-" + std::to_string(getpid()))).string() : o.cacheDir;
    fs::create_directories(workDir);
    const std::string negativesFile = (fs::path(workDir) / "neglabels.json").string();
    strict.save(negativesFile);
    std::map<std::string, double> timing;
    timing["mining"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    // NegLabel's τ = 0.01 is CLIP's own temperature (logit scale 100); the same meaning for this model.
    const double tau = o.negLabelTau > 0 ? o.negLabelTau : 1.0 / model->logitScale();

    const auto t0 = std::chrono::steady_clock::now();
    auto features = [&](const std::string& name) {  // raw: adapters take raw features
        const auto data = demoDataset(name);
        return encodeDataset(*model, *data, (fs::path(workDir) / (name + ".features")).string(), {}, ctx);
    };
    const at::Tensor ind = features(sets.ind);
    // Validation (never a test set): InD training images outside the SynOOD workspace.
    const auto validation = indValidation(*model, sets.indTrain, workDir, ctx);
    const at::Tensor& indVal = validation.first;  // named, not bound: lambdas capture them (C++17)
    const at::Tensor& indValLabels = validation.second;
    const double zeroShotAccuracy =
        at::matmul(normalizeFeatures(indVal), indText.t()).argmax(1).eq(indValLabels).to(at::kDouble).mean().item<double>();
    std::map<std::string, std::vector<double>> valAccuracy;
    auto recordAccuracy = [&](const std::string& method, const at::Tensor& adapted) {
        valAccuracy[method].push_back(at::matmul(adapted, indText.t()).argmax(1).eq(indValLabels).to(at::kDouble).mean().item<double>());
    };
    std::vector<at::Tensor> ood;
    for (const auto& set : sets.ood) ood.push_back(features(set.second));
    timing["encode test and validation sets"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();

    SeedValues values;
    auto so_ = [&](int seed) {
        ScoreOptions so;
        so.logitScale = model->logitScale();
        so.negLabelTau = tau;
        so.groupSeed = static_cast<uint64_t>(seed);
        return so;
    };
    nlohmann::ordered_json report;
    // One method's scores (`score` takes raw features) on the InD test images and every OOD set.
    auto scoresOf = [&](const std::function<std::vector<double>(const at::Tensor&)>& score) {
        SetScores sc{score(ind), {}};
        for (const at::Tensor& f : ood) sc.ood.push_back(score(f));
        return sc;
    };
    // Records one method's metrics on every OOD set and their average, for one seed.
    auto record = [&](const std::string& method, const SetScores& sc) {
        std::vector<std::pair<std::string, std::vector<double>>> ood;
        for (size_t i = 0; i < sets.ood.size(); ++i) ood.emplace_back(sets.ood[i].first, sc.ood[i]);
        const MethodEvaluation e = evaluateScores(method, sc.ind, ood);
        for (const SetEvaluation& set : e.sets) {
            values[method][set.name]["auroc"].push_back(set.metrics.auroc);
            values[method][set.name]["fpr95"].push_back(set.metrics.fpr95);
        }
        values[method]["average"]["auroc"].push_back(e.average.auroc);
        values[method]["average"]["fpr95"].push_back(e.average.fpr95);
    };
    DemoSynoodOptions dso = o.synoodOptions;
    dso.world = o.world;
    dso.packDir = packDir;
    dso.workDir = (fs::path(workDir) / "synood").string();
    dso.negLabelsFile = negativesFile;
    dso.negLabelTau = tau;
    int synthesizedPerSeed = 0;
    for (int seed = 0; seed < o.seeds; ++seed) {
        ctx.checkCancelled();
        const ScoreOptions so = so_(seed);
        const auto te = std::chrono::steady_clock::now();
        for (ScoreKind k : kMethods) {
            record(toString(k), scoresOf([&](const at::Tensor& f) {
                       return toDoubles(computeScore(k, normalizeFeatures(f), indText, negatives.features, so));
                   }));
        }
        recordAccuracy("zero_shot", normalizeFeatures(indVal));
        const SetScores strictScores = scoresOf([&](const at::Tensor& f) {
            return toDoubles(computeScore(ScoreKind::NegLabel, normalizeFeatures(f), indText, strict.features, so));
        });
        record("neglabel_strict", strictScores);
        timing["evaluation"] += std::chrono::duration<double>(std::chrono::steady_clock::now() - te).count();
        if (!o.synood) continue;
        const DemoSynoodRun run = runDemoSynood(*model, strict, indText, {indVal, indValLabels, zeroShotAccuracy}, dso, seed, ctx);
        for (const auto& [stage, seconds] : run.seconds) timing[stage] += seconds;
        // The test sets, scored once per variant after the validation choice.
        const auto tv = std::chrono::steady_clock::now();
        for (const auto& variant : run.variants) {
            const std::string& method = variant.first;
            const TunedModel& tuned = variant.second;
            const SetScores sc = scoresOf([&](const at::Tensor& f) {
                return toDoubles(computeScore(ScoreKind::NegLabel, tuned.adapt(f), indText, tuned.negatives, so));
            });
            record(method, sc);
            // What fine-tuning changed, against its starting point: OOD images across the FPR95 threshold.
            for (size_t i = 0; i < sets.ood.size(); ++i) {
                report["crossings"]["seed " + std::to_string(seed)][method][sets.ood[i].first] =
                    crossings(strictScores.ind, strictScores.ood[i], sc.ind, sc.ood[i]);
            }
            report["adapter_parameters"][method] = tuned.parameterCount();
            recordAccuracy(method, tuned.adapt(indVal));
        }
        timing["evaluation"] += std::chrono::duration<double>(std::chrono::steady_clock::now() - tv).count();
        synthesizedPerSeed = run.synthesized.at("synood");
        nlohmann::ordered_json synthesized = {{"validation_ood", run.validationOod}};
        for (const auto& [kind, count] : run.synthesized) {
            synthesized[kind] = count;
            synthesized[kind + " near the boundary"] = run.nearBoundary.at(kind);
        }
        report["synthesized"]["seed " + std::to_string(seed)] = synthesized;
        report["selection"]["seed " + std::to_string(seed)] = run.selection;
        ctx.report("demo benchmark", seed + 1, o.seeds);
    }
    report["world"] = toString(o.world);
    nlohmann::ordered_json setList = nlohmann::ordered_json::object();
    for (const auto& [name, dataset] : sets.ood) setList[name] = "demo:" + dataset;
    report["sets"] = setList;
    report["methods"] = methodSummaries(values, o.synood, setNames, dso.comparedSource);
    if (o.synood) {
        report["protocol"] = protocolOf(dso, model->logitScale(), tau, synthesizedPerSeed);
        report["paired"] = pairedDifferences(values, setNames, dso.comparedSource, dso.promptSource);
    }
    report["validation_ind_accuracy"] = accuracySummaries(valAccuracy);
    report["validation"] = "InD: six-way accuracy over the InD prompts on " + std::to_string(indVal.size(0)) +
                           " InD training images outside the SynOOD workspace; OOD: samples synthesized from seeds never used "
                           "for training (no test data)";
    report["seeds"] = o.seeds;
    report["pack"] = packDir;
    report["negative_labels"] = negatives.labels.size();
    report["negative_labels_strict"] = strict.labels.size();
    nlohmann::ordered_json removed = nlohmann::ordered_json::array();
    for (const auto& l : negatives.labels) {
        if (mentionsAny(l.word, heldOutWords())) removed.push_back(l.word);
    }
    report["negative_labels_removed_by_strict_protocol"] = removed;
    report["n_ind"] = ind.size(0);
    for (size_t i = 0; i < sets.ood.size(); ++i) report["n_ood"][sets.ood[i].first] = ood[i].size(0);
    timing["total"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    report["seconds"] = timing;
    report["std"] = "sample standard deviation over the seeds (0 for a single seed)";
    report["fpr95_definition"] = fpr95Definition();
    return report;
}

std::string demoReportMarkdown(const nlohmann::ordered_json& report) {
    // Reports written before "sets" are the first world's.
    std::vector<std::string> sets;
    if (report.contains("sets")) {
        for (const auto& [name, dataset] : report.at("sets").items()) sets.push_back(name);
        sets.push_back("average");
    } else {
        sets = reportedSets(worldSets(ToyWorld::Fashion));
    }
    std::string columns, rule = "|---";  // both tables' columns after their first
    for (const std::string& set : sets) {
        columns += " | " + set + " AUROC | " + set + " FPR95";
        rule += "|---:|---:";
    }
    columns += " |\n";
    rule += "|\n";
    std::ostringstream md;
    md << "| method" << columns << rule;
    char cell[64];
    for (const auto& [method, perSet] : report.at("methods").items()) {
        md << "| " << method;
        for (const std::string& set : sets) {
            const auto& m = perSet.at(set);
            for (const std::string metric : {"auroc", "fpr95"}) {
                std::snprintf(cell, sizeof cell, " | %.2f ± %.2f", 100 * m.at(metric).get<double>(),
                              100 * m.at(metric + "_std").get<double>());
                md << cell;
            }
        }
        md << " |\n";
    }
    md << "\nPercent, mean ± sample standard deviation over " << report.at("seeds").get<int>() << " seed(s). "
       << report.at("fpr95_definition").get<std::string>() << ".\n";
    if (!report.contains("paired")) return md.str();
    md << "\nPaired differences per seed (percentage points; mean [95 % t-interval]; AUROC higher is better, FPR95 lower):\n\n"
       << "| comparison" << columns << rule;
    for (const auto& [comparison, perSet] : report.at("paired").items()) {
        md << "| " << comparison;
        for (const std::string& set : sets) {
            for (const std::string metric : {"auroc", "fpr95"}) {
                const auto& d = perSet.at(set).at(metric);
                if (d.at("ci95_low").is_null()) {
                    std::snprintf(cell, sizeof cell, " | %+.2f", 100 * d.at("mean").get<double>());
                } else {
                    std::snprintf(cell, sizeof cell, " | %+.2f [%+.2f, %+.2f]", 100 * d.at("mean").get<double>(),
                                  100 * d.at("ci95_low").get<double>(), 100 * d.at("ci95_high").get<double>());
                }
                md << cell;
            }
        }
        md << " |\n";
    }
    return md.str();
}

}  // namespace synood::demo
