#pragma once
// The workspace the studio opens when none is given: Fashion-MNIST InD training images; and the
// scenes world's (the same garments on backgrounds).
#include "core/Job.h"
#include "demo/DemoWorld.h"

#include <string>

namespace synood::demo {

// $SYNOOD_DEMO_WORKSPACE, else $XDG_DATA_HOME/synood/demo-workspace (~/.local/share/...); the
// scenes world's: $SYNOOD_SCENES_WORKSPACE, else .../synood/scenes-workspace.
std::string defaultDemoWorkspaceDir(ToyWorld world = ToyWorld::Fashion);

// Writes the first `perClass` training images of each InD class as PNGs plus the workspace file.
// Refuses when dir already holds a workspace. Returns the number of samples written.
size_t createDemoWorkspace(const std::string& dir, int perClass, const JobContext& ctx = {});
// The scenes world's: the first `perClass` scenes of each InD class's training images, each PNG with
// its scene file (what --prompt-source context reads). Refuses as createDemoWorkspace does.
size_t createScenesWorkspace(const std::string& dir, int perClass, const JobContext& ctx = {});

}  // namespace synood::demo
