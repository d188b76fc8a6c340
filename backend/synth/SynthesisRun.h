#pragma once
// `synood synth`: guided synthesis over a workspace's InD seeds, headless and batch-ready. Seeds are
// the most informative InD images per class (METHOD.md stage 0: encoded bytes per pixel). Every
// result goes into the workspace with its provenance (seed, prompt and source, mask, noise seed,
// parameters, trajectory, final score, band verdict, pseudo negative label, timings). Sample ids are
// derived from (seed sample, repeat, run seed, parameters), so a killed run resumes without
// duplicates and shards (--shard i/N, separate processes, e.g. a job array) never collide: each
// shard writes its own workspace under W/shards/, merged by mergeSynthesisShards().
#include "core/Job.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"
#include "data/Workspace.h"
#include "models/ModelPack.h"
#include "ood/BoundaryBand.h"
#include "synth/GuidedSynthesis.h"
#include "synth/Masks.h"
#include "synth/MllmPromptSource.h"

#include <functional>

#include <string>
#include <vector>

namespace synood {

class InpaintingDiffusion;
class VisionLanguageModel;

// The live view of a run (the studio's synthesis panel): after every denoising step, the first sample
// of the batch — its predicted x0 as pixels and its score.
struct SynthesisLive {
    std::string sampleId;
    int iteration = 0, iterations = 0;  // 0-based iteration of K
    int step = 0, steps = 0;            // 0-based denoising step
    double score = 0;                   // the predicted x0's score (NaN when steps are not recorded)
    at::Tensor pixels;                  // [C, H, W] float in [0, 1], CPU
    at::Tensor features;                // [D] its normalised image features, CPU (its place in feature space)
};
using SynthesisLiveCallback = std::function<void(const SynthesisLive&)>;

struct SynthRunOptions {
    std::string packDir;           // the vision-language model (and the diffusion model, for the demo pack)
    std::string diffusionPackDir;  // a separate diffusion pack (e.g. exported SD inpainting); empty: packDir's
    std::string device = "cpu";    // cpu | cuda[:N]
    std::string workspaceDir;
    int perClass = 8;   // seeds per class
    int firstRank = 0;  // skip this many of each class's most informative seeds (held-out validation seeds)
    int perSeed = 1;    // samples per seed
    int shardIndex = 0, shardCount = 1;
    uint64_t runSeed = 0;                  // the run's RNG seed (noise, prompts, masks); not a seed image
    std::string promptSource = "wordnet";  // mllm | wordnet | hybrid | text
    std::string promptText;                // for "text"
    MllmOptions mllm;                      // for "mllm"
    MaskChoice mask = MaskKind::Whole;
    std::vector<std::string> excludedWords;  // strict protocol (the demo's held-out names)
    SynthesisOptions synthesis;
    bool autoTarget = true;  // target = InD quantile `targetQuantile` instead of synthesis.guidance.target
    double targetQuantile = 0.05;
    double bandLow = 0.01, bandHigh = 0.10;  // InD quantiles
    ScoreKind score = ScoreKind::Energy;
    int batchSize = 16;
    // Negative labels (pseudo labels index into them): this file, else W/neglabels.json, else mined.
    // With excludedWords, labels mentioning them are removed. The set used is kept as W/neglabels.json,
    // which `synood finetune` reads.
    std::string negLabelsFile;
    int limit = 0;  // at most this many new samples (0: all)
    // The studio's choice: these samples as the seed images (in this order) instead of the most
    // informative per class. The samples go into W (a --shard i/N run: into its own shard workspace).
    std::vector<std::string> seedIds;
    SynthesisLiveCallback onLive;  // may be empty
};

struct SynthRunResult {
    int planned = 0, written = 0, skipped = 0, stopped = 0, inBand = 0;
    int looksInD = 0;         // written samples tagged looks-ind
    double looksInDFrom = 0;  // the level of their probability: the InD seeds' median
    double target = 0;
    BoundaryBand band;
    double seconds = 0;
    std::string workspaceDir;  // where the samples went (the shard's workspace for shards)
};

// Throws SynoodError naming the option when a value means nothing (a shard outside i/N, no steps, a
// strength outside (0, 1], a band that is not two quantiles in order, a missing mask file, ...).
void checkSynthRunOptions(const SynthRunOptions& options);

// `vision` must be the model of options.packDir, `diffusion` that of options.diffusionPackDir (or
// of packDir when empty): ops::synthesize takes them from the shared model cache.
SynthRunResult runSynthesis(const SynthRunOptions& options, VisionLanguageModel& vision, InpaintingDiffusion& diffusion,
                            const JobContext& ctx = {});

// METHOD.md's synthesis defaults, overridden by what the pack declares in "synthesis_defaults"
// (steps, strength, cfg, iterations, lr: the demo pack's lr suits its pixel space).
SynthesisOptions synthesisDefaults(const ModelPack& pack);

// The strict protocol's negative labels: every label whose word mentions an excluded word removed
// (whole words, case-insensitive), with excludedWords recorded.
NegativeLabelSet strictNegativeLabels(const NegativeLabelSet& set, const std::vector<std::string>& excluded);

// Adds the samples of every shard workspace W/shards/* that W lacks, in one transaction; returns how many.
size_t mergeSynthesisShards(const std::string& workspaceDir);
// The samples of the shard workspace in shardDir (under W) that `target` lacks, their image paths
// made relative to W. What merging adds; the studio adds them to its open workspace as they land.
std::vector<Sample> unmergedShardSamples(const Workspace& target, const std::string& shardDir);

// What `synood synth verify` finds: every sample's image must exist and decode; shard samples not
// yet merged are counted (after preemption, rerun the shard: it resumes; then merge).
struct SynthVerifyReport {
    size_t samples = 0, synthesized = 0;
    std::vector<std::string> missingImages, unreadableImages;  // sample ids
    std::vector<std::pair<std::string, size_t>> shards;        // shard folder, its samples
    size_t unmerged = 0;                                       // shard samples W lacks
    bool ok() const { return missingImages.empty() && unreadableImages.empty() && unmerged == 0; }
};
SynthVerifyReport verifySynthesis(const std::string& workspaceDir, const JobContext& ctx = {});

}  // namespace synood
