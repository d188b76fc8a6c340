#include "demo/DemoWorkspace.h"

#include "core/Error.h"
#include "data/ImageIO.h"
#include "data/ImageFolder.h"
#include "data/Workspace.h"
#include "demo/FashionMnist.h"
#include "demo/Scenes.h"

#include <opencv2/core.hpp>

#include <array>
#include <cctype>
#include <cstdlib>
#include <filesystem>

namespace fs = std::filesystem;

namespace synood::demo {

std::string defaultDemoWorkspaceDir(ToyWorld world) {
    const bool scenes = world == ToyWorld::Scenes;
    if (const char* env = std::getenv(scenes ? "SYNOOD_SCENES_WORKSPACE" : "SYNOOD_DEMO_WORKSPACE"); env && *env) return env;
    fs::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = fs::path(home) / ".local/share";
    else
        base = fs::temp_directory_path();
    return (base / "synood" / (scenes ? "scenes-workspace" : "demo-workspace")).string();
}

size_t createDemoWorkspace(const std::string& dir, int perClass, const JobContext& ctx) {
    const FashionMnist data = loadFashionMnist(Split::Train);
    const long long total = static_cast<long long>(perClass) * static_cast<long long>(kInDClasses.size());
    std::array<int, kNumClasses> taken{};
    std::vector<Sample> samples;
    const long long side = data.images.dims[1];
    for (long long i = 0; i < data.images.count() && static_cast<long long>(samples.size()) < total; ++i) {
        const int label = data.labels.data[static_cast<size_t>(i)];
        if (!isInD(label) || taken[label] >= perClass) continue;
        ctx.checkCancelled();
        ++taken[label];
        const std::string rel = "images/ind/" + classFolderName(kClassNames[label]) + "/train_" + std::to_string(i) + ".png";
        fs::create_directories((fs::path(dir) / rel).parent_path());
        const cv::Mat img(static_cast<int>(side), static_cast<int>(side), CV_8U,
                          const_cast<uint8_t*>(&data.images.data[static_cast<size_t>(i * side * side)]));
        // The images are regenerable from the package: no fsync per file; the workspace file is durable.
        writeImage((fs::path(dir) / rel).string(), img, /*durable=*/false);
        Sample s;
        s.image = rel;
        s.origin = Origin::InD;
        s.className = kClassNames[label];
        s.provenance = {{"source", "fashion-mnist"}, {"split", "train"}, {"index", i}};
        samples.push_back(std::move(s));
        ctx.report("demo workspace", static_cast<long long>(samples.size()), total);
    }
    // Created last, whole: a cancelled or killed build leaves no workspace, so the next one starts over.
    return Workspace::create(dir, "Fashion-MNIST demo (InD training images)", samples).size();
}

size_t createScenesWorkspace(const std::string& dir, int perClass, const JobContext& ctx) {
    if (Workspace::exists(dir)) throw SynoodError("a workspace exists there already", dir, "choose another folder");
    const auto scenes = scenesDataset(SceneSet::IndTrain);
    const long long total = static_cast<long long>(perClass) * static_cast<long long>(kInDClasses.size());
    std::array<int, kNumClasses> taken{};
    std::vector<Sample> samples;
    for (size_t i = 0; i < scenes->size() && static_cast<long long>(samples.size()) < total; ++i) {
        const int label = scenes->label(i);
        if (label < 0 || taken[static_cast<size_t>(label)] >= perClass) continue;
        ctx.checkCancelled();
        ++taken[static_cast<size_t>(label)];
        const SceneInfo info = scenes->info(i);
        const std::string rel =
            "images/ind/" + classFolderName(kClassNames[static_cast<size_t>(label)]) + "/scene_" + std::to_string(i) + ".png";
        const fs::path path = fs::path(dir) / rel;
        fs::create_directories(path.parent_path());
        writeImage(path.string(), scenes->load(i), /*durable=*/false);  // regenerable, as createDemoWorkspace's
        writeSceneFile(path.string(), info);
        Sample s;
        s.image = rel;
        s.origin = Origin::InD;
        s.className = kClassNames[static_cast<size_t>(label)];
        s.provenance = {{"source", "scenes"}, {"split", "train"}, {"index", i}, {"context", sceneContext(info)}};
        samples.push_back(std::move(s));
        ctx.report("scenes workspace", static_cast<long long>(samples.size()), total);
    }
    return Workspace::create(dir, "Scenes demo (InD garments in context)", samples).size();
}

}  // namespace synood::demo
