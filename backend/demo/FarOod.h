#pragma once
// The demo world's far-OOD sets, generated deterministically from a seed (28x28 gray, like
// Fashion-MNIST): glyphs (digits and letters in OpenCV's Hershey fonts, random size, thickness,
// rotation, position) and procedural textures (noise, stripes, checkers, blobs).
#include "data/ImageDataset.h"

#include <cstdint>
#include <memory>
#include <opencv2/core/mat.hpp>
#include <random>
#include <string>

namespace synood::demo {

enum class FarOodKind { Glyphs, Textures };

constexpr int kFarOodCount = 2000;
constexpr uint64_t kFarOodSeed = 20251019;

cv::Mat makeGlyph(std::mt19937_64& rng);
cv::Mat makeTexture(std::mt19937_64& rng);

// `count` images; image i depends only on (kind, seed, i), so any prefix is stable.
std::unique_ptr<ImageDataset> farOodDataset(FarOodKind kind, int count = kFarOodCount, uint64_t seed = kFarOodSeed);

// The demo world's datasets by name: "ind" (test images of the InD classes), "near" (test images of
// the held-out classes), "glyphs", "textures", "ind-train" (training images of the InD classes), and
// the scenes world's "scenes-ind", "scenes-near", "scenes-ind-train", "scenes-empty", "scenes-objects".
std::unique_ptr<ImageDataset> demoDataset(const std::string& name);
// Makes openImageDataset("demo:NAME") open demoDataset(NAME). The CLI and the studio call it at start.
void registerDemoDatasets();

}  // namespace synood::demo
