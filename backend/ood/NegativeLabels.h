#pragma once
// Negative labels (NegLabel's NegMining, ICLR 2024), as ../shared/METHOD.md describes: WordNet
// nouns and adjectives as candidates; prompts "the nice {}" (nouns) and "This is a {} photo"
// (adjectives); for each candidate the 0.95 quantile of its cosine similarity to all InD label
// features; the lowest 15 % of nouns and of adjectives are kept.
#include "core/Job.h"
#include "data/WordNet.h"

#include <ATen/core/Tensor.h>

#include <functional>
#include <string>
#include <vector>

namespace synood {

class VisionLanguageModel;
struct ModelPack;

// The InD prompt (NegLabel's): mining's default, and every scorer's when nothing else is given.
constexpr const char* kDefaultIndTemplate = "the nice {}";

struct NegMiningOptions {
    double quantile = 0.95;
    double keepFraction = 0.15;
    std::string nounTemplate = "the nice {}";
    std::string adjectiveTemplate = "This is a {} photo";
    std::string indTemplate = kDefaultIndTemplate;
    int batchSize = 64;  // keeps each activation under glibc's 32 MB mmap ceiling (see BENCHMARKS.md)
};

struct NegativeLabel {
    std::string word;
    WordClass cls = WordClass::Noun;
    std::string prompt;
    double quantile = 0;  // the chosen quantile of its similarity to the InD labels
};

struct NegativeLabelSet {
    std::vector<std::string> indClasses;
    NegMiningOptions options;
    std::vector<NegativeLabel> labels;  // nouns then adjectives, each ascending by quantile
    at::Tensor features;                // [M, D] L2-normalised text features of the prompts
    std::string packFingerprint;
    size_t candidates = 0;
    std::vector<std::string> excludedWords;  // words whose labels were removed (the demo's strict protocol)

    // The labels `keep` accepts, with their feature rows, in the same order.
    NegativeLabelSet filtered(const std::function<bool(const NegativeLabel&)>& keep) const;

    // FILE.json (words, prompts, quantiles, options) and FILE.features (feature matrix).
    void save(const std::string& jsonPath) const;
    // Refuses files mined with another pack (the features would be meaningless).
    static NegativeLabelSet load(const std::string& jsonPath, const ModelPack& pack);
};

// "{}" replaced by the word.
std::string fillTemplate(const std::string& tmpl, const std::string& word);
// Normalised text features of the InD prompts.
at::Tensor encodeClassPrompts(VisionLanguageModel& model, const std::vector<std::string>& classes, const std::string& tmpl,
                              const JobContext& ctx = {});

NegativeLabelSet mineNegativeLabels(VisionLanguageModel& model, const std::vector<std::string>& indClasses,
                                    const std::vector<WordNetWord>& candidates, const NegMiningOptions& options = {},
                                    const JobContext& ctx = {});

}  // namespace synood
