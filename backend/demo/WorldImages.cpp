#include "demo/WorldImages.h"

#include "demo/PortableRandom.h"
#include "demo/Scenes.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <opencv2/imgproc.hpp>

namespace synood::demo {

namespace {

WorldImages loadFashionImages(Split split) {
    const FashionMnist data = loadFashionMnist(split);
    const int64_t n = data.images.count();
    WorldImages w;
    w.pixels = at::from_blob(const_cast<uint8_t*>(data.images.data.data()), {n, 1, 28, 28}, at::kByte).clone();
    w.labels = at::from_blob(const_cast<uint8_t*>(data.labels.data.data()), {n}, at::kByte).to(at::kLong);
    return w;
}

void copyRgb(const cv::Mat& bgr, at::Tensor into) {
    cv::Mat rgb;
    cv::cvtColor(bgr, rgb, cv::COLOR_BGR2RGB);
    into.copy_(at::from_blob(rgb.data, {kSceneSide, kSceneSide, 3}, at::kByte).permute({2, 0, 1}));
}

WorldImages loadSceneImages(Split split, const JobContext& ctx) {
    const auto scenes = scenesDataset(split == Split::Train ? SceneSet::Train : SceneSet::Test);
    const auto n = static_cast<int64_t>(scenes->size());
    WorldImages w{at::empty({n, 3, kSceneSide, kSceneSide}, at::kByte), at::empty({n}, at::kLong), at::empty({n}, at::kLong)};
    ctx.report("render scenes", 0, n);
    at::parallel_for(0, n, 512, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            copyRgb(scenes->load(static_cast<size_t>(i)), w.pixels[i]);
            const SceneInfo info = scenes->info(static_cast<size_t>(i));
            w.labels[i] = info.label;
            w.backgrounds[i] = info.background;
        }
    });
    ctx.report("render scenes", n, n);
    return w;
}

}  // namespace

WorldImages loadWorld(ToyWorld world, Split split, const JobContext& ctx) {
    return world == ToyWorld::Scenes ? loadSceneImages(split, ctx) : loadFashionImages(split);
}

WorldImages renderEmptyScenes(int64_t count, uint64_t seed, const JobContext& ctx) {
    WorldImages w{at::empty({count, 3, kSceneSide, kSceneSide}, at::kByte), at::full({count}, -1, at::kLong),
                  at::empty({count}, at::kLong)};
    ctx.report("render backgrounds", 0, count);
    at::parallel_for(0, count, 512, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            std::mt19937_64 rng(seed * 1000003ULL + static_cast<uint64_t>(i));
            const int kind = uniformInt(rng, 0, kBackgroundKindCount - 1);
            copyRgb(renderBackground(kind, rng), w.pixels[i]);
            w.backgrounds[i] = kind;
        }
    });
    ctx.report("render backgrounds", count, count);
    return w;
}

}  // namespace synood::demo
