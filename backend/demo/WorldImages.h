#pragma once
// A demo world's images of one split as tensors, for the toy models' trainers: Fashion-MNIST's as
// they are, or the scenes of all ten classes rendered (demo/Scenes.h).
#include "core/Job.h"
#include "demo/DemoWorld.h"
#include "demo/FashionMnist.h"

#include <ATen/Tensor.h>

namespace synood::demo {

struct WorldImages {
    at::Tensor pixels;       // [N, C, S, S] uint8: Fashion-MNIST [N, 1, 28, 28], scenes RGB [N, 3, 48, 48]
    at::Tensor labels;       // [N] long
    at::Tensor backgrounds;  // [N] long, into kBackgroundKinds; undefined for Fashion-MNIST
};

WorldImages loadWorld(ToyWorld world, Split split, const JobContext& ctx = {});

// `count` scenes without an object (background kinds uniform, image i from (seed, i)), as WorldImages
// with labels -1: what the scenes' diffusion model learns to paint for a context alone.
WorldImages renderEmptyScenes(int64_t count, uint64_t seed, const JobContext& ctx = {});

}  // namespace synood::demo
