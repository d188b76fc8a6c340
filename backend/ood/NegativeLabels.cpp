#include "ood/NegativeLabels.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Sha256.h"
#include "models/VisionLanguageModel.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <numeric>

namespace synood {

std::string fillTemplate(const std::string& tmpl, const std::string& word) {
    const auto pos = tmpl.find("{}");
    if (pos == std::string::npos) {
        throw SynoodError("the prompt template has no {}", "'" + tmpl + "'", "write e.g. 'a photo of a {}.'");
    }
    return tmpl.substr(0, pos) + word + tmpl.substr(pos + 2);
}

at::Tensor encodeClassPrompts(VisionLanguageModel& model, const std::vector<std::string>& classes, const std::string& tmpl,
                              const JobContext& ctx) {
    std::vector<std::string> prompts;
    for (const auto& c : classes) prompts.push_back(fillTemplate(tmpl, c));
    at::NoGradGuard noGrad;
    return normalizeFeatures(model.encodeTexts(prompts, 64, ctx));
}

NegativeLabelSet mineNegativeLabels(VisionLanguageModel& model, const std::vector<std::string>& indClasses,
                                    const std::vector<WordNetWord>& candidates, const NegMiningOptions& options, const JobContext& ctx) {
    if (indClasses.empty()) throw SynoodError("no InD classes", "neglabels", "give the InD class names");
    if (candidates.empty()) throw SynoodError("no candidate words", "neglabels", "check the WordNet files");
    if (!(options.quantile >= 0 && options.quantile <= 1) || !(options.keepFraction > 0 && options.keepFraction <= 1)) {
        throw SynoodError("quantile must lie in [0,1] and the kept fraction in (0,1]", "neglabels", "e.g. 0.95 and 0.15");
    }
    at::NoGradGuard noGrad;
    const at::Tensor ind = encodeClassPrompts(model, indClasses, options.indTemplate);
    std::vector<std::string> prompts;
    prompts.reserve(candidates.size());
    for (const auto& c : candidates) {
        prompts.push_back(fillTemplate(c.cls == WordClass::Noun ? options.nounTemplate : options.adjectiveTemplate, c.word));
    }
    std::vector<at::Tensor> featureParts, quantileParts;
    const size_t batch = static_cast<size_t>(std::max(1, options.batchSize));
    for (size_t start = 0; start < prompts.size(); start += batch) {
        ctx.checkCancelled();
        const size_t end = std::min(prompts.size(), start + batch);
        const std::vector<std::string> part(prompts.begin() + static_cast<long>(start), prompts.begin() + static_cast<long>(end));
        const at::Tensor f = normalizeFeatures(model.encodeTexts(part, static_cast<int>(batch)));
        quantileParts.push_back(at::quantile(at::matmul(f, ind.t()), options.quantile, 1, false, "linear"));
        featureParts.push_back(f);
        ctx.report("mine negative labels", static_cast<long long>(end), static_cast<long long>(prompts.size()));
    }
    const at::Tensor features = at::cat(featureParts, 0);
    const at::Tensor q = at::cat(quantileParts, 0).to(at::kDouble).contiguous();
    const double* qs = q.data_ptr<double>();

    NegativeLabelSet set;
    set.indClasses = indClasses;
    set.options = options;
    set.packFingerprint = model.pack().fingerprint();
    set.candidates = candidates.size();
    std::vector<int64_t> keptRows;
    for (WordClass cls : {WordClass::Noun, WordClass::Adjective}) {
        std::vector<size_t> rows;
        for (size_t i = 0; i < candidates.size(); ++i) {
            if (candidates[i].cls == cls) rows.push_back(i);
        }
        // Ascending by quantile; ties by file order, so the result is deterministic.
        std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return qs[a] < qs[b]; });
        const size_t keep = static_cast<size_t>(static_cast<double>(rows.size()) * options.keepFraction);
        for (size_t k = 0; k < keep; ++k) {
            const size_t i = rows[k];
            set.labels.push_back({candidates[i].word, cls, prompts[i], qs[i]});
            keptRows.push_back(static_cast<int64_t>(i));
        }
    }
    set.features = keptRows.empty() ? at::zeros({0, features.size(1)}) : features.index_select(0, at::tensor(keptRows, at::kLong));
    return set;
}

namespace {
std::string featuresPathFor(const std::string& jsonPath) {
    const auto dot = jsonPath.rfind(".json");
    return (dot != std::string::npos && dot + 5 == jsonPath.size() ? jsonPath.substr(0, dot) : jsonPath) + ".features";
}
std::string contentFingerprint(const std::vector<NegativeLabel>& labels) {
    std::string material;
    for (const auto& l : labels) material += l.prompt + "\n";
    return sha256OfBytes(material);
}
}  // namespace

void NegativeLabelSet::save(const std::string& jsonPath) const {
    nlohmann::ordered_json j;
    j["format"] = "synood-neglabels/1";
    j["pack_fingerprint"] = packFingerprint;
    j["ind_classes"] = indClasses;
    j["options"] = {{"quantile", options.quantile},
                    {"keep_fraction", options.keepFraction},
                    {"noun_template", options.nounTemplate},
                    {"adjective_template", options.adjectiveTemplate},
                    {"ind_template", options.indTemplate}};
    j["candidates"] = candidates;
    j["excluded_words"] = excludedWords;
    nlohmann::ordered_json arr = nlohmann::ordered_json::array();
    for (const auto& l : labels) {
        arr.push_back({{"word", l.word}, {"class", toString(l.cls)}, {"prompt", l.prompt}, {"quantile", l.quantile}});
    }
    j["labels"] = std::move(arr);
    writeFeatureMatrix(featuresPathFor(jsonPath), features, packFingerprint, contentFingerprint(labels));
    writeFileAtomically(jsonPath, j.dump(1) + "\n");
}

NegativeLabelSet NegativeLabelSet::filtered(const std::function<bool(const NegativeLabel&)>& keep) const {
    NegativeLabelSet out = *this;
    out.labels.clear();
    std::vector<int64_t> rows;
    for (size_t i = 0; i < labels.size(); ++i) {
        if (!keep(labels[i])) continue;
        out.labels.push_back(labels[i]);
        rows.push_back(static_cast<int64_t>(i));
    }
    if (features.defined()) out.features = features.index_select(0, at::tensor(rows, at::kLong));
    return out;
}

NegativeLabelSet NegativeLabelSet::load(const std::string& jsonPath, const ModelPack& pack) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(readWholeFile(jsonPath));
    } catch (const nlohmann::json::exception& e) {
        throw SynoodError(std::string("not a negative-label file (") + e.what() + ")", jsonPath, "mine them again with synood neglabels");
    }
    const auto format = j.is_object() ? j.find("format") : j.end();
    if (format == j.end() || *format != "synood-neglabels/1") {
        throw SynoodError("not a negative-label file (format)", jsonPath, "mine them again with synood neglabels");
    }
    NegativeLabelSet set;
    try {
        set.packFingerprint = j.at("pack_fingerprint").get<std::string>();
        set.indClasses = j.at("ind_classes").get<std::vector<std::string>>();
        set.candidates = j.value("candidates", size_t(0));
        set.excludedWords = j.value("excluded_words", std::vector<std::string>());
        const auto& o = j.at("options");
        set.options.quantile = o.at("quantile").get<double>();
        set.options.keepFraction = o.at("keep_fraction").get<double>();
        set.options.nounTemplate = o.at("noun_template").get<std::string>();
        set.options.adjectiveTemplate = o.at("adjective_template").get<std::string>();
        set.options.indTemplate = o.at("ind_template").get<std::string>();
        for (const auto& l : j.at("labels")) {
            set.labels.push_back({l.at("word").get<std::string>(),
                                  l.at("class").get<std::string>() == "noun" ? WordClass::Noun : WordClass::Adjective,
                                  l.at("prompt").get<std::string>(), l.at("quantile").get<double>()});
        }
    } catch (const nlohmann::json::exception& e) {
        throw SynoodError(std::string("damaged negative-label file (") + e.what() + ")", jsonPath, "mine them again");
    }
    if (set.packFingerprint != pack.fingerprint()) {
        throw SynoodError("the negative labels were mined with another model pack", jsonPath,
                          "mine them again with this pack (synood neglabels)");
    }
    set.features = readFeatureMatrix(featuresPathFor(jsonPath), set.packFingerprint, contentFingerprint(set.labels));
    return set;
}

}  // namespace synood
