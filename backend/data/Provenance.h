#pragma once
// How a synthesized sample was made — its seed, prompt, mask, noise, parameters, trajectory and
// verdict — as one struct with its JSON form (Sample::provenance) converted in one place. Samples
// of other origins carry none: every field stays empty. Keys a newer version adds are kept in the
// JSON by whoever edits samples, since the workspace stores the object as it is.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace synood {

// The synthesis parameters of a run (the same for all of its samples; part of their ids).
struct SynthesisParameters {
    int steps = 0;
    double strength = 0, cfg = 0, eta = 0;  // cfg: the classifier-free guidance scale
    int iterations = 0;                     // K, the score-gradient guidance iterations
    double lr = 0, target = 0;              // lr 0: plain SDEdit (unguided)
    std::string loss, score, promptSource, promptText, mask;
};

struct Provenance {
    std::string seedId, seedImage, seedClass;  // the InD seed image it was painted from
    std::string prompt, promptSource, promptDetail;
    std::string mask, maskImage;  // mask kind or file; the mask's image beside the sample's
    uint64_t noiseSeed = 0;
    std::optional<uint64_t> runSeed;  // the run's RNG seed
    int repeat = 0;
    int seedRank = -1;  // the seed's rank in its class (-1: chosen by hand)
    std::optional<SynthesisParameters> parameters;
    std::vector<double> iterationScores;          // trajectory: after each iteration
    std::vector<std::vector<double>> stepScores;  // [iteration][step]
    std::vector<double> gradientNorms;            // per iteration
    std::optional<double> finalScore;             // none when the run stopped (NaN)
    std::vector<double> band;                     // [low, high], or empty
    bool nearBoundary = false;
    std::string pseudoLabel;
    std::optional<int64_t> pseudoLabelIndex;  // into the workspace's negative labels
    std::string looksLike;                    // its most likely InD class (ood/LooksInD.h)
    std::optional<double> looksInDFrom;       // the probability from which it is tagged looks-ind
    std::string stopReason;                   // empty: finished
    double seconds = 0;
    std::string pack;  // the models' fingerprint
};

nlohmann::json toJson(const SynthesisParameters& p);
nlohmann::json toJson(const Provenance& p);
// Reads what is there; a key of the wrong type throws SynoodError naming it.
Provenance provenanceFromJson(const nlohmann::json& j);

}  // namespace synood
