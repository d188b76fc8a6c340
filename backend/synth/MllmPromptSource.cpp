#include "synth/MllmPromptSource.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/HttpClient.h"

#include <nlohmann/json.hpp>

#include <cstdlib>

namespace synood {

const char* const kMllmQuestion =
    "Describe the contextual elements of this picture (background, setting, surroundings, other objects) "
    "except its main subject, as a short noun phrase of at most 12 words. Answer with the phrase only.";

namespace {

std::string trimmed(std::string s) {
    const auto first = s.find_first_not_of(" \t\r\n\"'");
    if (first == std::string::npos) return {};
    s = s.substr(first, s.find_last_not_of(" \t\r\n\"'") - first + 1);
    while (!s.empty() && (s.back() == '.' || s.back() == ' ')) s.pop_back();
    return s;
}

std::string dataUrl(const std::string& imagePath) {
    const std::string bytes = readWholeFile(imagePath);
    const bool jpeg = bytes.size() > 2 && uint8_t(bytes[0]) == 0xFF && uint8_t(bytes[1]) == 0xD8;
    return std::string("data:image/") + (jpeg ? "jpeg" : "png") + ";base64," + base64Encode(bytes);
}

// The first `count` characters (code points) of valid UTF-8, as Python's answer[:73] takes them.
std::string firstCharacters(const std::string& utf8, size_t count) {
    size_t end = 0;
    for (size_t chars = 0; end < utf8.size(); ++end) {
        const bool starts = (static_cast<unsigned char>(utf8[end]) & 0xC0) != 0x80;
        if (starts && chars++ == count) break;
    }
    return utf8.substr(0, end);
}

}  // namespace

std::string chatCompletionAnswer(const std::string& body, const std::string& where) {
    std::string answer;
    try {
        answer = nlohmann::json::parse(body).at("choices").at(0).at("message").at("content").get<std::string>();
    } catch (const nlohmann::json::exception&) {
        throw SynoodError("the endpoint's answer is not a chat completion", where,
                          "it must return {\"choices\": [{\"message\": {\"content\": \"...\"}}]}");
    }
    answer = trimmed(answer.substr(0, answer.find('\n')));
    if (answer.empty()) throw SynoodError("the model's answer is empty", where, "try another model or a text prompt");
    return answer;
}

std::string contextualPrompt(const std::string& answer) { return "A photo only remain " + firstCharacters(trimmed(answer), 73) + "."; }

MllmPromptSource::MllmPromptSource(MllmOptions options, std::unique_ptr<PromptSource> fallback, std::vector<std::string> excluded)
    : m_options(std::move(options)), m_fallback(std::move(fallback)), m_excluded(std::move(excluded)) {
    if (m_options.baseUrl.empty() || m_options.model.empty()) {
        throw SynoodError("the mllm prompt source needs an endpoint and a model name", "--mllm-url / --mllm-model",
                          "e.g. --mllm-url http://127.0.0.1:8000/v1 --mllm-model llava-v1.6");
    }
}

std::string MllmPromptSource::ask(const std::string& imagePath) const {
    const nlohmann::json request = {
        {"model", m_options.model},
        {"temperature", 0},
        {"max_tokens", 64},
        {"messages",
         {{{"role", "user"},
           {"content",
            {{{"type", "text"}, {"text", kMllmQuestion}}, {{"type", "image_url"}, {"image_url", {{"url", dataUrl(imagePath)}}}}}}}}}};
    std::vector<std::string> headers;
    if (const char* key = std::getenv(m_options.apiKeyVariable.c_str()); key && *key) {
        headers.push_back(std::string("Authorization: Bearer ") + key);
    }
    std::string url = m_options.baseUrl;
    while (!url.empty() && url.back() == '/') url.pop_back();
    url += "/chat/completions";
    const HttpResponse r = postJson(url, request.dump(), headers, m_options.timeoutSeconds);
    if (r.status != 200) {
        throw SynoodError("the endpoint answered HTTP " + std::to_string(r.status), url,
                          "check the model name, the API key ($" + m_options.apiKeyVariable + ") and the server's log");
    }
    const std::string answer = chatCompletionAnswer(r.body, url);
    if (mentionsAny(answer, m_excluded)) {
        throw SynoodError("the model's answer names an excluded (held-out) concept: " + answer, url, "the strict protocol forbids it");
    }
    return answer;
}

PromptChoice MllmPromptSource::promptFor(const PromptSeed& seed, std::mt19937_64& rng) const {
    Answer a;
    bool cached = false;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        if (auto it = m_answers.find(seed.imagePath); it != m_answers.end()) {
            a = it->second;
            cached = true;
        }
    }
    if (!cached) {
        try {
            a.text = ask(seed.imagePath);
        } catch (const SynoodError& e) {
            a.failure = e.what();
        }
        std::lock_guard<std::mutex> lock(m_mutex);
        m_answers[seed.imagePath] = a;
    }
    if (a.failure.empty()) return {contextualPrompt(a.text), name(), a.text, std::nullopt};
    PromptChoice choice = m_fallback->promptFor(seed, rng);
    choice.detail = choice.detail + " (mllm fallback: " + a.failure + ")";
    return choice;
}

}  // namespace synood
