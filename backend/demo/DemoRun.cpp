#include "demo/DemoRun.h"

#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/WordNet.h"
#include "demo/DemoSynood.h"
#include "demo/FashionMnist.h"
#include "demo/ToyClipTrainer.h"
#include "models/VisionLanguageModel.h"
#include "ood/Metrics.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"
#include "synth/PromptSources.h"
#include "synth/SynthesisRun.h"
#include "train/FeatureCache.h"

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

std::string defaultDemoPackDir() {
    if (const char* env = std::getenv("SYNOOD_DEMO_PACK"); env && *env) return env;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        for (fs::path dir = exe.parent_path(); !dir.empty() && dir != dir.parent_path(); dir = dir.parent_path()) {
            for (const fs::path& candidate : {dir / "resources" / "demo-pack", dir / "share" / "synood" / "demo-pack"}) {
                if (fs::exists(candidate / "pack.json", ec)) return candidate.string();
            }
        }
    }
    return "resources/demo-pack";
}

namespace {

const std::vector<std::string> kSets{"near", "glyphs", "textures"};
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

std::pair<at::Tensor, at::Tensor> indValidation(VisionLanguageModel& model, const std::string& cacheDir, const JobContext& ctx) {
    auto base = openImageDataset("demo:ind-train");
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
    return {normalizeFeatures(encodeDataset(model, data, cache, {}, ctx)), at::tensor(labels, at::kLong)};
}

std::pair<double, double> meanStd(const std::vector<double>& v) {
    double mean = 0;
    for (double x : v) mean += x / static_cast<double>(v.size());
    double var = 0;
    for (double x : v) var += (x - mean) * (x - mean);
    return {mean, v.size() > 1 ? std::sqrt(var / static_cast<double>(v.size() - 1)) : 0.0};
}

}  // namespace

nlohmann::ordered_json runDemoBenchmark(const DemoRunOptions& o, const JobContext& ctx) {
    if (o.seeds <= 0) throw SynoodError("--seeds must be positive", "synood demo run", "e.g. --seeds 3");
    const std::string packDir = o.packDir.empty() ? defaultDemoPackDir() : o.packDir;
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
    const std::string workDir = o.cacheDir.empty() ? (fs::temp_directory_path() / ("synood-demo-" + std::to_string(getpid()))).string()
                                                   : o.cacheDir;
    fs::create_directories(workDir);
    const std::string negativesFile = (fs::path(workDir) / "neglabels.json").string();
    strict.save(negativesFile);
    std::map<std::string, double> timing;

    auto features = [&](const std::string& name) {
        const auto data = openImageDataset("demo:" + name);
        std::string cache;
        if (!o.cacheDir.empty()) {
            fs::create_directories(o.cacheDir);
            cache = (fs::path(o.cacheDir) / (name + ".features")).string();
        }
        return normalizeFeatures(encodeDataset(*model, *data, cache, {}, ctx));
    };
    const at::Tensor ind = features("ind");
    // Validation (InD only, never an OOD set): InD training images outside the SynOOD workspace.
    const auto [indVal, indValLabels] = indValidation(*model, o.cacheDir, ctx);
    std::map<std::string, std::vector<double>> valAccuracy;
    auto recordAccuracy = [&](const std::string& method, const at::Tensor& adapted) {
        valAccuracy[method].push_back(at::matmul(adapted, indText.t()).argmax(1).eq(indValLabels).to(at::kDouble).mean().item<double>());
    };
    std::vector<at::Tensor> ood;
    for (const auto& s : kSets) ood.push_back(features(s));

    // values[method][set][metric] over seeds; set "average" is the mean over the three sets.
    std::map<std::string, std::map<std::string, std::map<std::string, std::vector<double>>>> values;
    auto so_ = [&](int seed) {
        ScoreOptions so;
        so.logitScale = model->logitScale();
        so.groupSeed = static_cast<uint64_t>(seed);
        return so;
    };
    nlohmann::ordered_json report;
    // Records one method's metrics on every OOD set and their average, for one seed.
    auto record = [&](const std::string& method, const std::function<std::vector<double>(const at::Tensor&)>& score) {
        const auto indScores = score(ind);
        double aurocSum = 0, fprSum = 0;
        for (size_t i = 0; i < kSets.size(); ++i) {
            const OodMetrics m = computeOodMetrics(indScores, score(ood[i]), kSets[i]);
            values[method][kSets[i]]["auroc"].push_back(m.auroc);
            values[method][kSets[i]]["fpr95"].push_back(m.fpr95);
            aurocSum += m.auroc;
            fprSum += m.fpr95;
        }
        values[method]["average"]["auroc"].push_back(aurocSum / static_cast<double>(kSets.size()));
        values[method]["average"]["fpr95"].push_back(fprSum / static_cast<double>(kSets.size()));
    };
    for (int seed = 0; seed < o.seeds; ++seed) {
        ctx.checkCancelled();
        const ScoreOptions so = so_(seed);
        for (ScoreKind k : kMethods) {
            record(toString(k), [&](const at::Tensor& f) { return toDoubles(computeScore(k, f, indText, negatives.features, so)); });
        }
        recordAccuracy("zero_shot", indVal);
        record("neglabel_strict", [&](const at::Tensor& f) {
            return toDoubles(computeScore(ScoreKind::NegLabel, f, indText, strict.features, so));
        });
        if (o.synood) {
            DemoSynoodOptions dso;
            dso.packDir = packDir;
            dso.workDir = (fs::path(workDir) / "synood").string();
            dso.negLabelsFile = negativesFile;
            dso.seedsPerClass = o.seedsPerClass;
            const DemoSynoodRun run = runDemoSynood(*model, strict, indText, dso, seed, ctx);
            for (const auto& [stage, seconds] : run.seconds) timing[stage] += seconds;
            const auto t0 = std::chrono::steady_clock::now();
            for (const auto& [method, tuned] : run.variants) {
                record(method, [&](const at::Tensor& f) {
                    return toDoubles(computeScore(ScoreKind::NegLabel, tuned.adapt(f), indText, tuned.negatives, so_(seed)));
                });
                report["adapter_parameters"][method] = tuned.parameterCount();
                recordAccuracy(method, tuned.adapt(indVal));
            }
            timing["evaluation"] += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
            report["synthesized"]["seed " + std::to_string(seed)] = {
                {"guided", run.synthesizedGuided}, {"unguided", run.synthesizedUnguided},
                {"near_boundary_guided", run.nearBoundaryGuided}, {"near_boundary_unguided", run.nearBoundaryUnguided}};
        }
        ctx.report("demo benchmark", seed + 1, o.seeds);
    }
    report["methods"] = nlohmann::ordered_json::object();
    std::vector<std::string> methods;
    for (ScoreKind k : kMethods) methods.push_back(toString(k));
    methods.push_back("neglabel_strict");
    if (o.synood) {
        for (const char* m : {"synood", "synood_unguided", "synood_stage_a", "synood_stage_b", "synood_ungated"}) {
            methods.push_back(m);
        }
    }
    for (const std::string& method : methods) {
        nlohmann::ordered_json perSet;
        for (const std::string set : {"near", "glyphs", "textures", "average"}) {
            const auto [auroc, aurocStd] = meanStd(values[method][set]["auroc"]);
            const auto [fpr, fprStd] = meanStd(values[method][set]["fpr95"]);
            perSet[set] = {{"auroc", auroc}, {"fpr95", fpr}, {"auroc_std", aurocStd}, {"fpr95_std", fprStd}};
        }
        report["methods"][method] = perSet;
    }
    nlohmann::ordered_json validation = nlohmann::ordered_json::object();
    for (const auto& [method, v] : valAccuracy) {
        const auto [mean, sd] = meanStd(v);
        validation[method] = {{"accuracy", mean}, {"accuracy_std", sd}};
    }
    report["validation_ind_accuracy"] = validation;
    report["validation"] = "six-way accuracy over the InD prompts on " + std::to_string(indVal.size(0)) +
                           " InD training images outside the SynOOD workspace (no OOD data)";
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
    report["n_ood"] = {{"near", ood[0].size(0)}, {"glyphs", ood[1].size(0)}, {"textures", ood[2].size(0)}};
    if (o.synood) report["seconds"] = timing;
    report["std"] = "sample standard deviation over the seeds (0 for a single seed)";
    report["fpr95_definition"] =
        "fraction of OOD scores at or above the first threshold (highest score down) at which 95% of InD scores "
        "are at or above it; InD positive, higher score = more in-distribution";
    return report;
}

std::string demoReportMarkdown(const nlohmann::ordered_json& report) {
    std::ostringstream md;
    md << "| method | near AUROC | near FPR95 | glyphs AUROC | glyphs FPR95 | textures AUROC | textures FPR95 | "
          "average AUROC | average FPR95 |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
    char cell[64];
    for (const auto& [method, sets] : report.at("methods").items()) {
        md << "| " << method;
        for (const std::string set : {"near", "glyphs", "textures", "average"}) {
            const auto& m = sets.at(set);
            for (const std::string metric : {"auroc", "fpr95"}) {
                std::snprintf(cell, sizeof cell, " | %.2f ± %.2f", 100 * m.at(metric).get<double>(),
                              100 * m.at(metric + "_std").get<double>());
                md << cell;
            }
        }
        md << " |\n";
    }
    md << "\nPercent, mean ± sample standard deviation over " << report.at("seeds").get<int>()
       << " seed(s). FPR95: " << report.at("fpr95_definition").get<std::string>() << ".\n";
    return md.str();
}

}  // namespace synood::demo
