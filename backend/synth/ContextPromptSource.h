#pragma once
// Contextual prompts without a multimodal LLM, for generated worlds that know what each image shows
// (the demo's scenes world): the answer to the MLLM's question ("the contextual elements except the
// main subject") is read from the image's scene file, IMAGE.scene.json, field "context" (e.g. "a
// sandy beach"), and the prompt is the MLLM's, "A photo only remain {context}.". Images without a
// scene file, unreadable ones and contexts that name an excluded concept fall back to an offline
// source, the reason recorded in the choice's detail.
#include "synth/PromptSources.h"

#include <nlohmann/json_fwd.hpp>

namespace synood {

// Where an image's scene file lies: beside it, its extension replaced by ".scene.json".
std::string sceneFilePath(const std::string& imagePath);
// The image's scene file as JSON; none when there is none. Throws SynoodError naming the file when it
// is not a JSON object.
std::optional<nlohmann::json> readSceneFile(const std::string& imagePath);
// The scene file's "context"; none when there is no scene file. Throws SynoodError naming the file
// when it is not JSON or has no context.
std::optional<std::string> sceneContextOf(const std::string& imagePath);

class ContextPromptSource : public PromptSource {
public:
    ContextPromptSource(std::unique_ptr<PromptSource> fallback, std::vector<std::string> excluded);
    std::string name() const override { return "context"; }
    PromptChoice promptFor(const PromptSeed& seed, std::mt19937_64& rng) const override;

private:
    std::unique_ptr<PromptSource> m_fallback;
    std::vector<std::string> m_excluded;
};

}  // namespace synood
