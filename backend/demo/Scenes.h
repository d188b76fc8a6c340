#pragma once
// The scenes world's images (the second demo world, beside plain Fashion-MNIST): each garment of
// Debian's Fashion-MNIST composited, tinted, at a random place and size, on a procedurally rendered
// background of a named kind, 48x48 colour. The background goes with the class in part (sandals
// more often on sand, bags on marble tables), as context goes with classes in photographs, and
// every held-out class shares its likeliest background with an InD class (coats on the pullovers'
// carpets), so near-OOD images share InD context. Far-OOD: backgrounds alone, and glyphs (objects
// that are not garments) on them. Image i depends only on (set, seed, i).
#include "data/ImageDataset.h"

#include <nlohmann/json_fwd.hpp>

#include <array>
#include <cstdint>
#include <memory>
#include <opencv2/core/mat.hpp>
#include <optional>
#include <random>
#include <string>

namespace synood::demo {

constexpr int kSceneSide = 48;
constexpr uint64_t kScenesSeed = 20251203;
constexpr double kPreferredBackgroundShare = 0.6;  // else any kind, uniformly
constexpr int kBackgroundKindCount = 8;
extern const std::array<const char*, kBackgroundKindCount> kBackgroundKinds;  // "sandy beach", …

// What an image shows: its object (a class name, "glyph", or none) on its background.
struct SceneInfo {
    int label = -1;                          // Fashion-MNIST class, -1 when the object is not a garment or there is none
    std::string object;                      // "Sandal", "glyph", "" (the background alone)
    int background = 0;                      // into kBackgroundKinds
    int x = 0, y = 0;                        // the object's top-left corner in the image
    int size = 0;                            // its side in pixels
    std::array<int, 3> tint{255, 255, 255};  // RGB
};

nlohmann::json sceneInfoJson(const SceneInfo& info);  // with its "context"
// Throws SynoodError naming `where` when the JSON is not a scene's.
SceneInfo sceneInfoFromJson(const nlohmann::json& j, const std::string& where);
// A background kind as a context answer: "a sandy beach", "snow".
std::string backgroundContext(int kind);
std::string sceneContext(const SceneInfo& info);  // its background's

// The kind's rendering, 48x48 BGR 8-bit.
cv::Mat renderBackground(int kind, std::mt19937_64& rng);
// `object` (gray, black around it, as Fashion-MNIST's) painted on `background` at info's place,
// size and tint; its brightness is the opacity.
cv::Mat composeScene(const cv::Mat& background, const cv::Mat& object, const SceneInfo& info);

// Train and Test: all ten classes (what the scenes world's toy CLIP learns from and is measured on).
enum class SceneSet { Ind, Near, IndTrain, Empty, Objects, Train, Test };
// "scenes-ind", "scenes-near", "scenes-ind-train", "scenes-empty", "scenes-objects", "scenes-train",
// "scenes-test".
std::optional<SceneSet> sceneSetNamed(const std::string& name);

class SceneDataset : public ImageDataset {
public:
    virtual SceneInfo info(size_t i) const = 0;
};

// The garment sets read Fashion-MNIST (throws SynoodError when it is absent); the far-OOD sets
// have kFarOodCount images.
std::unique_ptr<SceneDataset> scenesDataset(SceneSet set, uint64_t seed = kScenesSeed);

// An image's scene, written beside it as its scene file (synth/ContextPromptSource.h: the offline
// context source answers from its "context").
void writeSceneFile(const std::string& imagePath, const SceneInfo& info);
std::optional<SceneInfo> readSceneInfo(const std::string& imagePath);  // none when absent

}  // namespace synood::demo
