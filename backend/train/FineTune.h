#pragma once
// SynOOD stage 2 on cached features (METHOD.md): stage A trains the residual adapter with
// cross-entropy over [InD prompts, pseudo labels] (InD seeds labelled with their class,
// synthesized samples with their pseudo negative label), text features frozen; stage B makes the
// pseudo labels' text rows parameters and trains them with cross-entropy over those labels on the
// synthesized samples. The encoders stay frozen, so nothing is re-encoded per epoch.
//
// Every departure from the official code (METHOD.md, "Official proportions") is a named option whose
// default is the official behaviour; meta records each option a model was trained with.
#include "core/Job.h"
#include "ood/Scores.h"
#include "train/ResidualAdapter.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <string>
#include <vector>

namespace synood {

// The classes of both stages' cross-entropy: InD + the distinct pseudo labels that occur in the data
// (official), or InD + every negative label.
enum class ClassSet { Occurring, All };
const char* toString(ClassSet set);
ClassSet classSetFromString(const std::string& name);

struct StageAOptions {
    int epochs = 3;
    int64_t steps = 0;  // > 0: a step budget instead of `epochs` (as many epochs as it takes)
    int batchSize = 128;
    double learningRate = 1e-3;  // Adam, cosine to minLearningRate
    double minLearningRate = 1e-5;
    double weightDecay = 1e-5;
    bool gated = true;     // the residual branch behind a scalar gate starting at 0 (ResidualAdapter.h)
    bool rawInput = true;  // the adapter on the raw (unnormalised) feature (official); false: on the unit feature
};

struct StageBOptions {
    int epochs = 5;
    int64_t steps = 0;  // > 0: a step budget instead of `epochs`
    int batchSize = 128;
    double learningRate = 2e-2;  // SGD with momentum, cosine to 0
    double momentum = 0.9;
    double weightDecay = 1e-5;
    bool adaptedInput = false;  // train on adapted features; official: the raw image features (no adapter)
    bool rawRows = true;        // the rows start as the raw text-encoder outputs (official); false: unit rows
};

// One optimisation step, for live curves: the loss and accuracy of this step's batch.
struct TrainingStep {
    std::string stage;  // "stage A" or "stage B"
    int64_t step = 0, total = 0;
    double loss = 0, accuracy = 0;
};

// A checkpoint's figures on validation data (no test OOD data): NegLabel AUROC and FPR95 of
// validation InD against validation OOD, and the six-way InD accuracy.
struct Validation {
    double auroc = 0, fpr95 = 1, accuracy = 0;
    nlohmann::json toJson() const;
};

struct TunedModel;

struct FineTuneOptions {
    bool stageA = true, stageB = true;
    StageAOptions a;
    StageBOptions b;
    double logitScale = 0;  // cross-entropy on logitScale·cos; 0: the model's own (official), e.g. 100 for CLIP
    ClassSet classSet = ClassSet::Occurring;
    bool perEpochCosine = true;  // the cosine schedule steps once per epoch (official); false: per step
    uint64_t seed = 0;
    std::function<void(const TrainingStep&)> onStep;  // may be empty; called on the training thread
    // Checkpoints: with `validate`, every `checkpointEvery` steps (and at step 0) the model is
    // validated; each stage keeps its best admissible checkpoint (betterValidation(), accuracy at
    // least `minAccuracy`), and stage B starts from stage A's choice. Without it, the last state.
    int checkpointEvery = 100;
    std::function<Validation(const TunedModel&)> validate;
    double minAccuracy = 0;
    std::function<void(const std::string& stage, int64_t step, const Validation&)> onCheckpoint;  // may be empty
};

// The selection rule: higher validation AUROC, on a tie lower FPR95.
bool betterValidation(const Validation& a, const Validation& b);

// Validation data: InD images (raw features, class indices into the InD prompts) and OOD images
// (raw features) that nothing trains on.
struct ValidationSet {
    at::Tensor ind, indLabels, ood;
};
// A checkpoint may lose at most this much six-way InD accuracy against zero-shot (half a point).
constexpr double kAccuracyTolerance = 0.005;
// validateOn() and CheckpointValidator (train/CheckpointValidator.h) compute a model's figures.

// Training data on frozen features. features: raw (unnormalised) image features; labels: c < C for an
// InD sample of class c, C + j for a synthesized sample whose pseudo negative label is j.
struct FineTuneData {
    at::Tensor features;             // [N, D]
    at::Tensor labels;               // [N] int64
    double modelLogitScale = 100.0;  // the features' model's own logit scale
};

// The result: an adapter (when stage A ran) and the negative features (tuned when stage B ran).
struct TunedModel {
    ResidualAdapter adapter{nullptr};
    at::Tensor negatives;  // [M, D] normalised
    nlohmann::json meta;   // pack fingerprint, classes, options, parameter counts, timings, selection

    // Raw image features [N, D] -> the unit features the score uses (f' with an adapter, else f/|f|).
    at::Tensor adapt(const at::Tensor& rawFeatures) const;
    int64_t parameterCount() const;
    TunedModel copy() const;  // a snapshot that later training does not change
    // One file (train/TunedModelFile.cpp): the tensors and the meta data in a tensor file
    // (core/TensorFile.h), written atomically.
    void save(const std::string& path) const;
    // Refuses a file that is not an adapter, an adapter trained for another pack, and the LibTorch
    // archives of earlier versions (upgradeLegacyAdapter converts those).
    static TunedModel load(const std::string& path, const std::string& packFingerprint);
};

// Rewrites an adapter of an earlier version (a LibTorch archive) as a tensor file, unchanged in
// content. LibTorch's reader is not safe on hostile files: only for files the user trusts.
void upgradeLegacyAdapter(const std::string& from, const std::string& to);

struct CheckpointRecord {
    int64_t step = 0;
    Validation validation;
};

struct StageReport {
    double seconds = 0, loss = 0, accuracy = 0;
    double validationSeconds = 0;  // of `seconds`, spent validating checkpoints
    int steps = 0;
    std::vector<CheckpointRecord> checkpoints;  // with FineTuneOptions::validate
    int64_t chosenStep = -1;                    // the checkpoint kept (-1: the last state)
};

// negText: the negative labels' text features, raw (rawRows) or unit; rows are normalised wherever a
// cosine is taken. afterStageA, when both stages run: the model stage A chose, as fineTune() with
// stage A alone returns it (stage B does not draw from the random stream before stage A ends).
TunedModel fineTune(const FineTuneData& data, const at::Tensor& indText, const at::Tensor& negText, const FineTuneOptions& options,
                    const JobContext& ctx = {}, StageReport* reportA = nullptr, StageReport* reportB = nullptr,
                    TunedModel* afterStageA = nullptr);

}  // namespace synood
