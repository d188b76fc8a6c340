#pragma once
// The demo worlds: Fashion-MNIST as it is, or its garments in scenes (Scenes.h).
#include <string>

namespace synood::demo {

enum class ToyWorld { Fashion, Scenes };

// "fashion" or "scenes" (the CLI's --world); throws SynoodError for anything else.
ToyWorld toyWorldNamed(const std::string& name);

}  // namespace synood::demo
