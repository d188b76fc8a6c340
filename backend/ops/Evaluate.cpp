#include "ops/Evaluate.h"

#include "core/Error.h"
#include "core/Sha256.h"
#include "data/ClassNames.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "data/WorkspaceLayout.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "train/FineTune.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>
#include <filesystem>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace synood::ops {

namespace {

// The score kinds to report: the request's, else every one the model and the labels allow.
std::vector<ScoreKind> kindsToReport(const EvaluationRequest& r) {
    if (!r.scores.empty()) return r.scores;
    std::vector<ScoreKind> kinds{ScoreKind::MSP, ScoreKind::MCM, ScoreKind::Energy, ScoreKind::MaxLogit};
    if (!r.negLabelsFile.empty()) kinds.push_back(ScoreKind::NegLabel);
    return kinds;
}

// How one method turns raw image features into scores.
struct Method {
    std::string name;
    std::function<at::Tensor(const at::Tensor&)> adapt;
    at::Tensor negatives;
};

// The failures' score: the request's, else neglabel, else energy, else the first reported.
ScoreKind failureKindOf(const EvaluationRequest& r, const std::vector<ScoreKind>& kinds) {
    if (r.failureScore) {
        if (std::find(kinds.begin(), kinds.end(), *r.failureScore) == kinds.end()) {
            throw SynoodError(std::string("the failures' score ") + toString(*r.failureScore) + " is not among the scores evaluated",
                              "--failures-score", "add it to --score");
        }
        return *r.failureScore;
    }
    for (ScoreKind k : {ScoreKind::NegLabel, ScoreKind::Energy}) {
        if (std::find(kinds.begin(), kinds.end(), k) != kinds.end()) return k;
    }
    return kinds.front();
}

// The workspace's synthesized samples (not rejected) and InD samples, in the method's feature space.
// Every sample is encoded, in the order the studio's embeddings encode them, so both share one cache.
TrainingPool trainingPoolOf(VisionLanguageModel& model, const std::string& dir, const Method& method, const EvaluationRequest& r,
                            const JobContext& ctx) {
    TrainingPool pool;
    if (dir.empty()) return pool;
    const Workspace ws = Workspace::load(dir, Workspace::Provenances::OnDemand);
    std::vector<std::string> paths;
    std::vector<int64_t> rows;
    for (size_t i = 0; i < ws.size(); ++i) {
        const Sample& s = ws.sample(i);
        paths.push_back(ws.absoluteImagePath(s));
        const bool synthesized = s.origin == Origin::Synthesized && s.status != Status::Rejected;
        if (!synthesized && s.origin != Origin::InD) continue;
        rows.push_back(static_cast<int64_t>(i));
        pool.ids.push_back(s.id);
        pool.images.push_back(paths.back());
        pool.synthesized.push_back(synthesized);
    }
    if (rows.empty())
        throw SynoodError("the workspace holds no InD or synthesized samples", ws.filePath(),
                          "the failures' nearest training samples come from it");
    const WorkspaceLayout layout(dir);
    std::error_code ec;
    fs::create_directories(layout.cacheDir(), ec);
    const at::Tensor raw =
        encodeDataset(model, *imageFilesDataset(paths), ec ? std::string() : layout.cacheFile("embedding"), r.encode, ctx);
    pool.features = method.adapt(raw.index_select(0, at::tensor(rows, at::kLong)));
    return pool;
}

const MethodEvaluation& evaluationOf(const EvaluationReport& report, ScoreKind kind, const std::string& method) {
    for (const MethodEvaluation& e : report.methods) {
        if (e.score == toString(kind) && e.method == method) return e;
    }
    throw SynoodError("no evaluation of " + std::string(toString(kind)) + " by " + method, "failures", "a bug: report it");
}

std::vector<std::string> imageNames(const ImageDataset& data) {
    std::vector<std::string> names(data.size());
    for (size_t i = 0; i < names.size(); ++i) names[i] = data.name(i);
    return names;
}

}  // namespace

std::string featureCacheFile(const std::string& dir, const std::string& spec) {
    return (fs::path(dir) / (sha256OfBytes(spec).substr(0, 16) + ".features")).string();
}

EvaluationReport evaluate(const EvaluationRequest& r, ModelCache& models, const JobContext& ctx) {
    if (r.indSpec.empty()) throw SynoodError("no InD set to evaluate on", "evaluation", "name the InD set (e.g. demo:ind)");
    if (r.oodSets.empty()) throw SynoodError("no OOD set to evaluate on", "evaluation", "choose at least one OOD set");
    VisionLanguageModel& model = models.vision(r.model);
    std::optional<NegativeLabelSet> negatives;
    if (!r.negLabelsFile.empty()) negatives = NegativeLabelSet::load(r.negLabelsFile, model.pack());
    const std::vector<ScoreKind> kinds = kindsToReport(r);
    for (ScoreKind k : kinds) {
        if (k == ScoreKind::NegLabel && !negatives) {
            throw SynoodError("the neglabel score needs negative labels", "--neglabels", "mine them with synood neglabels");
        }
    }
    std::vector<std::string> classes;
    if (!r.classesFile.empty()) {
        classes = readClassNames(r.classesFile);
    } else if (negatives) {
        classes = negatives->indClasses;
    } else {
        throw SynoodError("no InD classes", "evaluation", "give --classes FILE, or --neglabels FILE (its InD classes)");
    }
    const std::string promptTemplate = !r.promptTemplate.empty() ? r.promptTemplate
                                       : negatives               ? negatives->options.indTemplate
                                                                 : kDefaultIndTemplate;
    std::optional<TunedModel> tuned;
    if (!r.adapterPath.empty()) {
        tuned = TunedModel::load(r.adapterPath, model.pack().fingerprint());
        if (!negatives || negatives->features.size(0) != tuned->negatives.size(0)) {
            throw SynoodError("the adapter needs the negative labels it was trained with", r.adapterPath,
                              "give --neglabels with the file used by synood finetune");
        }
    }

    at::NoGradGuard noGrad;
    const at::Tensor indText = encodeClassPrompts(model, classes, promptTemplate, ctx);
    // Raw features, encoded once for every method (an adapter takes raw features).
    const auto features = [&](const std::string& spec, const ImageDataset& data) {
        std::string cache;
        if (!r.cacheDir.empty()) {
            fs::create_directories(r.cacheDir);
            cache = featureCacheFile(r.cacheDir, spec);
        }
        return encodeDataset(model, data, cache, r.encode, ctx);
    };
    const std::unique_ptr<ImageDataset> indData = openImageDataset(r.indSpec);
    const at::Tensor ind = features(r.indSpec, *indData);
    std::vector<std::unique_ptr<ImageDataset>> oodData;
    std::vector<at::Tensor> ood;
    for (const auto& [name, spec] : r.oodSets) {
        oodData.push_back(openImageDataset(spec));
        ood.push_back(features(spec, *oodData.back()));
    }

    std::vector<Method> methods{
        {"zero-shot", [](const at::Tensor& f) { return normalizeFeatures(f); }, negatives ? negatives->features : at::Tensor()}};
    if (tuned) methods.push_back({"fine-tuned", [&](const at::Tensor& f) { return tuned->adapt(f); }, tuned->negatives});
    ScoreOptions so;
    so.logitScale = model.logitScale();
    so.negLabelGroups = r.negLabelGroups;
    EvaluationReport report;
    report.model = model.pack().name;
    report.ind = r.indSpec;
    report.negLabels = r.negLabelsFile;
    report.adapter = r.adapterPath;
    for (ScoreKind k : kinds) {
        for (const Method& m : methods) {
            const auto score = [&](const at::Tensor& f) { return toDoubles(computeScore(k, m.adapt(f), indText, m.negatives, so)); };
            std::vector<std::pair<std::string, std::vector<double>>> oodScores;
            for (size_t i = 0; i < ood.size(); ++i) oodScores.emplace_back(r.oodSets[i].first, score(ood[i]));
            MethodEvaluation e = evaluateScores(m.name, score(ind), oodScores);
            e.score = toString(k);
            report.methods.push_back(std::move(e));
        }
    }
    if (r.failures == 0) return report;
    const ScoreKind kind = failureKindOf(r, kinds);
    const Method& method = methods.back();  // the adapter's when there is one
    const MethodEvaluation& scored = evaluationOf(report, kind, method.name);
    const MethodEvaluation& zeroShot = evaluationOf(report, kind, methods.front().name);
    ctx.report("failures", 0, 1);
    const ScoredImages indImages{"ind", imageNames(*indData), scored.indScores, zeroShot.indScores, method.adapt(ind)};
    std::vector<ScoredImages> oodImages;
    for (size_t i = 0; i < ood.size(); ++i) {
        oodImages.push_back(
            {r.oodSets[i].first, imageNames(*oodData[i]), scored.sets[i].scores, zeroShot.sets[i].scores, method.adapt(ood[i])});
    }
    const TrainingPool pool = trainingPoolOf(model, r.trainingWorkspace, method, r, ctx);
    report.failures = findFailures(toString(kind), method.name, methods.size() > 1, indImages, oodImages, pool, r.failures);
    ctx.report("failures", 1, 1);
    return report;
}

nlohmann::ordered_json EvaluationReport::toJson() const {
    nlohmann::ordered_json j{
        {"fpr95_definition", fpr95Definition()},     {"model", model}, {"ind", ind}, {"neglabels", negLabels}, {"adapter", adapter},
        {"methods", nlohmann::ordered_json::array()}};
    for (const MethodEvaluation& m : methods) j["methods"].push_back(metricsJson(m));
    if (failures) j["failures"] = failures->toJson();
    return j;
}

std::string EvaluationReport::toCsv() const {
    std::ostringstream csv;
    csv << "score,method,ood_set,auroc,fpr95,aupr_in,aupr_out,n_ind,n_ood\n";
    const auto row = [&](const MethodEvaluation& e, const std::string& set, const OodMetrics& m) {
        csv << e.score << "," << e.method << "," << set << "," << m.auroc << "," << m.fpr95 << "," << m.auprIn << "," << m.auprOut << ","
            << m.nInd << "," << m.nOod << "\n";
    };
    for (const MethodEvaluation& e : methods) {
        for (const SetEvaluation& s : e.sets) row(e, s.name, s.metrics);
        row(e, "average", e.average);
    }
    return csv.str();
}

}  // namespace synood::ops
