#include "demo/DemoWorld.h"

#include "core/Error.h"

namespace synood::demo {

ToyWorld toyWorldNamed(const std::string& name) {
    if (name == "fashion") return ToyWorld::Fashion;
    if (name == "scenes") return ToyWorld::Scenes;
    throw SynoodError("unknown world '" + name + "'", "--world", "fashion or scenes");
}

}  // namespace synood::demo
