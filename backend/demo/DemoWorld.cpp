#include "demo/DemoWorld.h"

#include "core/Error.h"

namespace synood::demo {

ToyWorld toyWorldNamed(const std::string& name) {
    if (name == "fashion") return ToyWorld::Fashion;
    if (name == "scenes") return ToyWorld::Scenes;
    throw SynoodError("unknown world '" + name + "'", "--world", "fashion or scenes");
}

std::string toString(ToyWorld world) { return world == ToyWorld::Scenes ? "scenes" : "fashion"; }

const WorldSets& worldSets(ToyWorld world) {
    static const WorldSets fashion{"ind", "ind-train", {{"near", "near"}, {"glyphs", "glyphs"}, {"textures", "textures"}}};
    static const WorldSets scenes{
        "scenes-ind", "scenes-ind-train", {{"near", "scenes-near"}, {"backgrounds", "scenes-empty"}, {"objects", "scenes-objects"}}};
    return world == ToyWorld::Scenes ? scenes : fashion;
}

}  // namespace synood::demo
