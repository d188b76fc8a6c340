// A chat-completions endpoint's answer (the MLLM prompt source), and the prompt made from it, which
// is stored in the workspace's provenance (JSON) and tokenized: it must stay valid UTF-8.
#include "tests/fuzz/FuzzSupport.h"

#include "synth/MllmPromptSource.h"

#include <nlohmann/json.hpp>

using namespace synood;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    std::string answer;
    if (!fuzz::parsed([&] { answer = chatCompletionAnswer(fuzz::text(data, size), "fuzz input"); })) return 0;
    if (answer.empty()) fuzz::finding("an empty answer was accepted");
    const std::string prompt = contextualPrompt(answer);
    try {
        (void)nlohmann::json(prompt).dump();
    } catch (const nlohmann::json::exception& e) {
        fuzz::finding(std::string("the prompt cannot be stored: ") + e.what());
    }
    return 0;
}
