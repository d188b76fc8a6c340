#pragma once
// Contextual prompts from a multimodal LLM (METHOD.md stage 1, step 1) through an OpenAI-compatible
// chat-completions endpoint: the seed image goes as a data URL, the model is asked for the picture's
// contextual elements except its main subject, and the prompt becomes "A photo only remain
// {answer[:73]}.". Timeouts, HTTP errors, malformed or empty answers and answers that name an
// excluded (held-out) concept fall back to an offline source; the fallback and its reason are
// recorded in the choice's detail. Answers (and failures) are cached per image: a seed's repeats ask once.
#include "synth/PromptSources.h"

#include <map>
#include <mutex>

namespace synood {

struct MllmOptions {
    std::string baseUrl;                            // e.g. http://127.0.0.1:8000/v1 (".../chat/completions" is added)
    std::string model;                              // the endpoint's model name
    std::string apiKeyVariable = "OPENAI_API_KEY";  // environment variable holding the key (may be unset)
    double timeoutSeconds = 60;
};

// The question sent with the image.
extern const char* const kMllmQuestion;

class MllmPromptSource : public PromptSource {
public:
    MllmPromptSource(MllmOptions options, std::unique_ptr<PromptSource> fallback, std::vector<std::string> excluded);
    std::string name() const override { return "mllm"; }
    PromptChoice promptFor(const PromptSeed& seed, std::mt19937_64& rng) const override;

    // The model's answer for one image; throws SynoodError (the reason) when there is no usable one.
    std::string ask(const std::string& imagePath) const;

private:
    MllmOptions m_options;
    std::unique_ptr<PromptSource> m_fallback;
    std::vector<std::string> m_excluded;
    mutable std::mutex m_mutex;
    struct Answer {
        std::string text, failure;  // one of them is empty
    };
    mutable std::map<std::string, Answer> m_answers;  // image path -> the model's answer or why there is none
};

// The answer in a chat-completions response body: its first line, trimmed of whitespace, quotes and
// a final period. Throws SynoodError naming `where` when the body is not a chat completion or the
// answer is empty.
std::string chatCompletionAnswer(const std::string& body, const std::string& where);

// "A photo only remain {answer[:73]}." with the answer trimmed of whitespace and a final period; [:73] counts characters, as
// Python does, so a cut never splits a UTF-8 sequence.
std::string contextualPrompt(const std::string& answer);

}  // namespace synood
