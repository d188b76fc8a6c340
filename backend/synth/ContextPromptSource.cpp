#include "synth/ContextPromptSource.h"

#include "core/Error.h"
#include "synth/MllmPromptSource.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace synood {

std::string sceneFilePath(const std::string& imagePath) {
    return std::filesystem::path(imagePath).replace_extension(".scene.json").string();
}

std::optional<nlohmann::json> readSceneFile(const std::string& imagePath) {
    const std::string path = sceneFilePath(imagePath);
    std::ifstream in(path);
    if (!in) return std::nullopt;
    std::stringstream text;
    text << in.rdbuf();
    nlohmann::json j = nlohmann::json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded() || !j.is_object()) throw SynoodError("not a JSON object", path, "a scene file written by synood");
    return j;
}

std::optional<std::string> sceneContextOf(const std::string& imagePath) {
    const std::optional<nlohmann::json> j = readSceneFile(imagePath);
    if (!j) return std::nullopt;
    const auto context = j->find("context");
    if (context == j->end() || !context->is_string() || context->get<std::string>().empty()) {
        throw SynoodError("no \"context\"", sceneFilePath(imagePath), "a scene file written by synood");
    }
    return context->get<std::string>();
}

ContextPromptSource::ContextPromptSource(std::unique_ptr<PromptSource> fallback, std::vector<std::string> excluded)
    : m_fallback(std::move(fallback)), m_excluded(std::move(excluded)) {}

PromptChoice ContextPromptSource::promptFor(const PromptSeed& seed, std::mt19937_64& rng) const {
    std::string failure;
    try {
        const std::optional<std::string> context = sceneContextOf(seed.imagePath);
        if (!context)
            failure = "no scene file " + sceneFilePath(seed.imagePath);
        else if (mentionsAny(*context, m_excluded))
            failure = "the context '" + *context + "' names an excluded concept";
        else
            return {contextualPrompt(*context), name(), *context, std::nullopt};
    } catch (const SynoodError& e) {
        failure = e.what();
    }
    PromptChoice choice = m_fallback->promptFor(seed, rng);
    choice.detail += " (context fallback: " + failure + ")";
    return choice;
}

}  // namespace synood
