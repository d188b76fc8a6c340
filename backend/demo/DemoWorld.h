#pragma once
// The demo worlds: Fashion-MNIST as it is, or its garments in scenes (Scenes.h).
#include <string>
#include <utility>
#include <vector>

namespace synood::demo {

enum class ToyWorld { Fashion, Scenes };

// "fashion" or "scenes" (the CLI's --world); throws SynoodError for anything else.
ToyWorld toyWorldNamed(const std::string& name);
std::string toString(ToyWorld world);

// A world's demo datasets (demo:NAME) for a benchmark: InD test images, InD training images, and the
// OOD test sets as (name in reports, dataset), near-OOD first.
struct WorldSets {
    std::string ind, indTrain;
    std::vector<std::pair<std::string, std::string>> ood;
};
const WorldSets& worldSets(ToyWorld world);

}  // namespace synood::demo
