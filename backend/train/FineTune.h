#pragma once
// SynOOD stage 2 on cached features (METHOD.md): stage A trains the residual adapter with
// cross-entropy over [InD prompts, negative labels] (InD seeds labelled with their class,
// synthesized samples with their pseudo negative label), text features frozen; stage B makes the
// negative-label text features parameters and trains them with cross-entropy over the negatives on
// the synthesized samples. The encoders stay frozen, so nothing is re-encoded per epoch.
#include "core/Job.h"
#include "train/ResidualAdapter.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>

namespace synood {

struct StageAOptions {
    int epochs = 3;
    int batchSize = 128;
    double learningRate = 1e-3;  // Adam, cosine to minLearningRate
    double minLearningRate = 1e-5;
    double weightDecay = 1e-5;
    bool gated = true;  // the residual branch behind a scalar gate starting at 0 (ResidualAdapter.h)
};

struct StageBOptions {
    int epochs = 5;
    int batchSize = 128;
    double learningRate = 2e-2;  // SGD with momentum, cosine to 0
    double momentum = 0.9;
    double weightDecay = 1e-5;
};

// One optimisation step, for live curves: the loss and accuracy of this step's batch.
struct TrainingStep {
    std::string stage;  // "stage A" or "stage B"
    int64_t step = 0, total = 0;
    double loss = 0, accuracy = 0;
};

struct FineTuneOptions {
    bool stageA = true, stageB = true;
    StageAOptions a;
    StageBOptions b;
    double logitScale = 100.0;  // cross-entropy on 100·cos
    uint64_t seed = 0;
    std::function<void(const TrainingStep&)> onStep;  // may be empty; called on the training thread
};

// Training data on frozen, normalised features. labels: c < C for an InD sample of class c;
// C + j for a synthesized sample whose pseudo negative label is j.
struct FineTuneData {
    at::Tensor features;  // [N, D]
    at::Tensor labels;    // [N] int64
};

// The result: an adapter (when stage A ran) and the negative features (tuned when stage B ran).
struct TunedModel {
    ResidualAdapter adapter{nullptr};
    at::Tensor negatives;  // [M, D] normalised
    nlohmann::json meta;   // pack fingerprint, classes, options, parameter counts, timings

    at::Tensor adapt(const at::Tensor& features) const;  // f' (identity without an adapter)
    int64_t parameterCount() const;
    // One file: the tensors and the meta data (as JSON) in a torch archive, written atomically.
    void save(const std::string& path) const;
    // Refuses an adapter trained for another pack.
    static TunedModel load(const std::string& path, const std::string& packFingerprint);
};

struct StageReport {
    double seconds = 0, loss = 0, accuracy = 0;
    int steps = 0;
};

TunedModel fineTune(const FineTuneData& data, const at::Tensor& indText, const at::Tensor& negText,
                    const FineTuneOptions& options, const JobContext& ctx = {}, StageReport* reportA = nullptr,
                    StageReport* reportB = nullptr);

}  // namespace synood
