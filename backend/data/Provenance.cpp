#include "data/Provenance.h"

#include "core/Error.h"

namespace synood {

namespace {

template <typename T>
void read(const nlohmann::json& j, const char* key, T& into) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return;
    try {
        into = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw SynoodError(std::string("provenance key '") + key + "' has the wrong type", it->dump(), "repair or remove the sample");
    }
}

template <typename T>
void read(const nlohmann::json& j, const char* key, std::optional<T>& into) {
    if (!j.contains(key) || j[key].is_null()) return;
    T value{};
    read(j, key, value);
    into = value;
}

SynthesisParameters parametersFromJson(const nlohmann::json& j) {
    SynthesisParameters p;
    read(j, "steps", p.steps);
    read(j, "strength", p.strength);
    read(j, "cfg", p.cfg);
    read(j, "eta", p.eta);
    read(j, "iterations", p.iterations);
    read(j, "lr", p.lr);
    read(j, "target", p.target);
    read(j, "loss", p.loss);
    read(j, "score", p.score);
    read(j, "prompt_source", p.promptSource);
    read(j, "prompt_text", p.promptText);
    read(j, "mask", p.mask);
    return p;
}

}  // namespace

nlohmann::json toJson(const SynthesisParameters& p) {
    // Not ordered: the dump (sorted keys) is part of the sample ids, stable across versions.
    return {{"steps", p.steps},
            {"strength", p.strength},
            {"cfg", p.cfg},
            {"eta", p.eta},
            {"iterations", p.iterations},
            {"lr", p.lr},
            {"target", p.target},
            {"loss", p.loss},
            {"score", p.score},
            {"prompt_source", p.promptSource},
            {"prompt_text", p.promptText},
            {"mask", p.mask}};
}

nlohmann::json toJson(const Provenance& p) {
    nlohmann::json j = {{"seed_id", p.seedId},
                        {"seed_image", p.seedImage},
                        {"seed_class", p.seedClass},
                        {"prompt", p.prompt},
                        {"prompt_source", p.promptSource},
                        {"prompt_detail", p.promptDetail},
                        {"mask", p.mask},
                        {"mask_image", p.maskImage},
                        {"noise_seed", p.noiseSeed},
                        {"run_seed", p.runSeed ? nlohmann::json(*p.runSeed) : nlohmann::json()},
                        {"repeat", p.repeat},
                        {"seed_rank", p.seedRank},
                        {"parameters", p.parameters ? toJson(*p.parameters) : nlohmann::json()},
                        {"trajectory", {{"iterations", p.iterationScores}, {"steps", p.stepScores}, {"gradient_norms", p.gradientNorms}}},
                        {"final_score", p.finalScore ? nlohmann::json(*p.finalScore) : nlohmann::json()},
                        {"band", p.band},
                        {"near_boundary", p.nearBoundary},
                        {"pseudo_label", p.pseudoLabel},
                        {"pseudo_label_index", p.pseudoLabelIndex ? nlohmann::json(*p.pseudoLabelIndex) : nlohmann::json()},
                        {"looks_like", p.looksLike},
                        {"looks_ind_from", p.looksInDFrom ? nlohmann::json(*p.looksInDFrom) : nlohmann::json()},
                        {"stop_reason", p.stopReason},
                        {"seconds", p.seconds},
                        {"pack", p.pack}};
    return j;
}

Provenance provenanceFromJson(const nlohmann::json& j) {
    Provenance p;
    if (!j.is_object()) return p;
    read(j, "seed_id", p.seedId);
    read(j, "seed_image", p.seedImage);
    read(j, "seed_class", p.seedClass);
    read(j, "prompt", p.prompt);
    read(j, "prompt_source", p.promptSource);
    read(j, "prompt_detail", p.promptDetail);
    read(j, "mask", p.mask);
    read(j, "mask_image", p.maskImage);
    read(j, "noise_seed", p.noiseSeed);
    read(j, "run_seed", p.runSeed);
    read(j, "repeat", p.repeat);
    read(j, "seed_rank", p.seedRank);
    if (j.contains("parameters") && j["parameters"].is_object()) p.parameters = parametersFromJson(j["parameters"]);
    if (j.contains("trajectory") && j["trajectory"].is_object()) {
        const nlohmann::json& t = j["trajectory"];
        read(t, "iterations", p.iterationScores);
        read(t, "steps", p.stepScores);
        read(t, "gradient_norms", p.gradientNorms);
    }
    read(j, "final_score", p.finalScore);
    read(j, "band", p.band);
    read(j, "near_boundary", p.nearBoundary);
    read(j, "pseudo_label", p.pseudoLabel);
    read(j, "pseudo_label_index", p.pseudoLabelIndex);
    read(j, "looks_like", p.looksLike);
    read(j, "looks_ind_from", p.looksInDFrom);
    read(j, "stop_reason", p.stopReason);
    read(j, "seconds", p.seconds);
    read(j, "pack", p.pack);
    return p;
}

}  // namespace synood
