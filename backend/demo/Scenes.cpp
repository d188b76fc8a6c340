#include "demo/Scenes.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "demo/FarOod.h"
#include "demo/FashionMnist.h"
#include "demo/PortableRandom.h"
#include "synth/ContextPromptSource.h"

#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>

namespace synood::demo {

const std::array<const char*, kBackgroundKindCount> kBackgroundKinds{"sandy beach", "wooden floor", "lawn", "brick wall",
                                                                     "tiled floor", "carpet",       "snow", "marble table"};

namespace {

enum Kind { Sand, Wood, Lawn, Brick, Tiles, Carpet, Snow, Marble };

// Each class's likeliest background (Fashion-MNIST's order). Held-out classes take an InD class's:
// Coat the Pullover's carpet, Shirt the T-shirt's lawn, Sneaker the Sandal's beach, Ankle boot the
// Trouser's floor. Snow and brick walls belong to no class.
constexpr std::array<int, kNumClasses> kPreferred{Lawn, Wood, Carpet, Tiles, Carpet, Sand, Lawn, Sand, Marble, Wood};

const char* const kArticles[kBackgroundKindCount] = {"a ", "a ", "a ", "a ", "a ", "a ", "", "a "};

using Rgb = cv::Vec3f;  // stored as B, G, R as OpenCV's images are
Rgb rgb(double r, double g, double b) { return Rgb(static_cast<float>(b), static_cast<float>(g), static_cast<float>(r)); }

// Smooth noise in [0, 1]: random values on a cells x cells grid, enlarged.
cv::Mat smoothNoise(std::mt19937_64& rng, int cells) {
    cv::Mat coarse(cells, cells, CV_32F);
    for (int y = 0; y < cells; ++y)
        for (int x = 0; x < cells; ++x) coarse.at<float>(y, x) = static_cast<float>(uniformReal(rng, 0, 1));
    cv::Mat out;
    cv::resize(coarse, out, cv::Size(kSceneSide, kSceneSide), 0, 0, cv::INTER_CUBIC);
    return cv::min(cv::max(out, 0.0), 1.0);
}

// Every pixel from f(x, y) -> colour.
template <typename F>
cv::Mat paint(F&& f) {
    cv::Mat img(kSceneSide, kSceneSide, CV_32FC3);
    for (int y = 0; y < kSceneSide; ++y)
        for (int x = 0; x < kSceneSide; ++x) img.at<Rgb>(y, x) = f(x, y);
    return img;
}

cv::Mat sand(std::mt19937_64& rng) {
    const cv::Mat n = smoothNoise(rng, 10);
    const double phase = uniformReal(rng, 0, 6.3), tone = uniformReal(rng, 0.85, 1.05);
    return paint([&](int x, int y) {
        const double ripple = 0.05 * std::sin(0.9 * y + 3 * n.at<float>(y, x) + phase);
        const double v = tone * (0.88 + 0.14 * n.at<float>(y, x)) + ripple + uniformReal(rng, -0.05, 0.05);
        return rgb(0.86 * v, 0.74 * v, 0.52 * v);
    });
}

cv::Mat wood(std::mt19937_64& rng) {
    const int plank = uniformInt(rng, 7, 12), offset = uniformInt(rng, 0, plank - 1);
    std::array<double, 16> tone{};
    for (double& t : tone) t = uniformReal(rng, 0.38, 0.62);
    const cv::Mat n = smoothNoise(rng, 6);
    const double freq = uniformReal(rng, 0.25, 0.5);
    return paint([&](int x, int y) {
        const int row = (y + offset) / plank;
        if ((y + offset) % plank == 0) return rgb(0.16, 0.1, 0.06);  // the seam
        const double grain = 0.07 * std::sin(freq * x + 7 * n.at<float>(y, x) + row * 1.7);
        const double v = tone[static_cast<size_t>(row) % tone.size()] + grain;
        return rgb(v, 0.66 * v, 0.4 * v);
    });
}

cv::Mat lawn(std::mt19937_64& rng) {
    const cv::Mat n = smoothNoise(rng, 8);
    cv::Mat img = paint([&](int x, int y) {
        const double v = 0.75 + 0.35 * n.at<float>(y, x) + uniformReal(rng, -0.12, 0.12);
        return rgb(0.22 * v, 0.55 * v, 0.16 * v);
    });
    for (int i = 0; i < 60; ++i) {  // blades
        const int x = uniformInt(rng, 0, kSceneSide - 1), y = uniformInt(rng, 0, kSceneSide - 1), h = uniformInt(rng, 2, 5);
        const double v = uniformReal(rng, 0.6, 1.2);
        cv::line(img, cv::Point(x, y), cv::Point(x + uniformInt(rng, -1, 1), y - h), cv::Scalar(0.12 * v, 0.6 * v, 0.25 * v));
    }
    return img;
}

cv::Mat brick(std::mt19937_64& rng) {
    const int h = uniformInt(rng, 5, 8), w = uniformInt(rng, 10, 15), ox = uniformInt(rng, 0, w - 1), oy = uniformInt(rng, 0, h - 1);
    std::array<double, 64> tone{};
    for (double& t : tone) t = uniformReal(rng, 0.5, 0.78);
    return paint([&](int x, int y) {
        const int row = (y + oy) / h, shift = row % 2 ? w / 2 : 0, col = (x + ox + shift) / w;
        if ((y + oy) % h == 0 || (x + ox + shift) % w == 0) return rgb(0.72, 0.7, 0.66);  // mortar
        const double v = tone[static_cast<size_t>(row * 7 + col) % tone.size()] + uniformReal(rng, -0.04, 0.04);
        return rgb(v, 0.42 * v, 0.32 * v);
    });
}

cv::Mat tiles(std::mt19937_64& rng) {
    const int s = uniformInt(rng, 9, 16), ox = uniformInt(rng, 0, s - 1), oy = uniformInt(rng, 0, s - 1);
    const double hue = uniformReal(rng, 0, 1);
    std::array<double, 64> tone{};
    for (double& t : tone) t = uniformReal(rng, 0.78, 0.92);
    return paint([&](int x, int y) {
        if ((x + ox) % s == 0 || (y + oy) % s == 0) return rgb(0.42, 0.42, 0.44);  // grout
        const double v = tone[static_cast<size_t>(((y + oy) / s) * 5 + (x + ox) / s) % tone.size()];
        return rgb(v, v * (0.96 + 0.04 * hue), v * (0.92 + 0.08 * hue));
    });
}

cv::Mat carpet(std::mt19937_64& rng) {
    const double r = uniformReal(rng, 0.3, 0.8), g = uniformReal(rng, 0.1, 0.5), b = uniformReal(rng, 0.2, 0.7);
    const double period = uniformReal(rng, 5, 10);
    return paint([&](int x, int y) {
        const double diamond = std::sin((x + y) * 6.283 / period) * std::sin((x - y) * 6.283 / period) > 0 ? 0.12 : -0.06;
        const double v = 0.8 + diamond + uniformReal(rng, -0.1, 0.1);
        return rgb(r * v, g * v, b * v);
    });
}

cv::Mat snow(std::mt19937_64& rng) {
    const cv::Mat n = smoothNoise(rng, 5);
    return paint([&](int x, int y) {
        const double v = 0.86 + 0.1 * n.at<float>(y, x) + (uniformInt(rng, 0, 60) == 0 ? 0.1 : uniformReal(rng, -0.02, 0.02));
        return rgb(0.93 * v, 0.96 * v, std::min(1.0, 1.04 * v));
    });
}

cv::Mat marble(std::mt19937_64& rng) {
    const cv::Mat n = smoothNoise(rng, 7);
    const double fx = uniformReal(rng, 0.08, 0.2), fy = uniformReal(rng, 0.08, 0.2), base = uniformReal(rng, 0.8, 0.92);
    return paint([&](int x, int y) {
        const double vein = std::abs(std::sin(fx * x + fy * y + 6 * n.at<float>(y, x)));
        const double v = base - (vein < 0.12 ? 0.35 * (1 - vein / 0.12) : 0) + uniformReal(rng, -0.02, 0.02);
        return rgb(v, v, 0.98 * v);
    });
}

cv::Mat toEightBit(const cv::Mat& f) {
    cv::Mat out;
    cv::Mat(cv::min(cv::max(f, 0.0), 1.0)).convertTo(out, CV_8UC3, 255.0);
    return out;
}

// The object's placement and tint, drawn from `rng`.
void place(SceneInfo& info, std::mt19937_64& rng) {
    info.size = uniformInt(rng, 22, 34);
    const int slack = info.size / 6;  // a little may fall off the edge, as in photographs
    info.x = uniformInt(rng, -slack, kSceneSide - info.size + slack);
    info.y = uniformInt(rng, -slack, kSceneSide - info.size + slack);
    for (int& c : info.tint) c = uniformInt(rng, 70, 255);
}

const char* setName(SceneSet set) {
    switch (set) {
    case SceneSet::Ind: return "scenes-ind";
    case SceneSet::Near: return "scenes-near";
    case SceneSet::IndTrain: return "scenes-ind-train";
    case SceneSet::Empty: return "scenes-empty";
    case SceneSet::Objects: return "scenes-objects";
    case SceneSet::Train: return "scenes-train";
    case SceneSet::Test: return "scenes-test";
    }
    return "";
}

class ScenesOf : public SceneDataset {
public:
    ScenesOf(SceneSet set, uint64_t seed, std::unique_ptr<ImageDataset> garments)
        : m_set(set), m_seed(seed), m_garments(std::move(garments)) {}
    size_t size() const override { return m_garments ? m_garments->size() : static_cast<size_t>(kFarOodCount); }
    SceneInfo info(size_t i) const override { return draw(i).first; }
    cv::Mat load(size_t i) const override {
        auto [info, rng] = draw(i);
        const cv::Mat background = renderBackground(info.background, rng);
        if (m_set == SceneSet::Empty) return background;
        const cv::Mat object = m_garments ? m_garments->load(i) : makeGlyph(rng);
        return composeScene(background, object, info);
    }
    std::string name(size_t i) const override { return std::string("demo:") + setName(m_set) + "#" + std::to_string(i); }
    int label(size_t i) const override { return m_garments ? m_garments->label(i) : -1; }
    std::string fingerprint() const override {
        return std::string("scenes-v1|") + setName(m_set) + "|" + std::to_string(m_seed) + "|" +
               (m_garments ? m_garments->fingerprint() : "");
    }

private:
    // Image i's scene and the generator, left where its pixels are drawn from.
    std::pair<SceneInfo, std::mt19937_64> draw(size_t i) const {
        std::mt19937_64 rng(m_seed * 1000003ULL + static_cast<uint64_t>(i) * 8 + static_cast<uint64_t>(m_set));
        SceneInfo info;
        if (m_garments) {
            info.label = m_garments->label(i);
            info.object = info.label >= 0 && info.label < kNumClasses ? kClassNames[static_cast<size_t>(info.label)] : "";
        } else if (m_set == SceneSet::Objects) {
            info.object = "glyph";
        }
        const bool preferred = info.label >= 0 && uniformReal(rng, 0, 1) < kPreferredBackgroundShare;
        info.background = preferred ? kPreferred[static_cast<size_t>(info.label)] : uniformInt(rng, 0, kBackgroundKindCount - 1);
        if (m_set != SceneSet::Empty) place(info, rng);
        return {info, rng};
    }

    SceneSet m_set;
    uint64_t m_seed;
    std::unique_ptr<ImageDataset> m_garments;  // none for the far-OOD sets
};

}  // namespace

nlohmann::json sceneInfoJson(const SceneInfo& info) {
    return {{"object", info.object},
            {"label", info.label},
            {"background", kBackgroundKinds[static_cast<size_t>(info.background)]},
            {"context", sceneContext(info)},
            {"x", info.x},
            {"y", info.y},
            {"size", info.size},
            {"tint", info.tint}};
}

SceneInfo sceneInfoFromJson(const nlohmann::json& j, const std::string& where) {
    SceneInfo info;
    try {
        info.object = j.at("object").get<std::string>();
        info.label = j.value("label", -1);
        const std::string background = j.at("background").get<std::string>();
        const auto it = std::find(kBackgroundKinds.begin(), kBackgroundKinds.end(), background);
        if (it == kBackgroundKinds.end())
            throw SynoodError("unknown background '" + background + "'", where, "a scene file written by synood");
        info.background = static_cast<int>(it - kBackgroundKinds.begin());
        info.x = j.value("x", 0);
        info.y = j.value("y", 0);
        info.size = j.value("size", 0);
        if (j.contains("tint")) info.tint = j.at("tint").get<std::array<int, 3>>();
    } catch (const nlohmann::json::exception& e) {
        throw SynoodError(std::string("not a scene: ") + e.what(), where, "a scene file written by synood");
    }
    return info;
}

std::string backgroundContext(int kind) {
    if (kind < 0 || kind >= kBackgroundKindCount) throw SynoodError("unknown background kind " + std::to_string(kind), "scenes", "0 to 7");
    return std::string(kArticles[kind]) + kBackgroundKinds[static_cast<size_t>(kind)];
}

std::string sceneContext(const SceneInfo& info) { return backgroundContext(info.background); }

cv::Mat renderBackground(int kind, std::mt19937_64& rng) {
    switch (kind) {
    case Sand: return toEightBit(sand(rng));
    case Wood: return toEightBit(wood(rng));
    case Lawn: return toEightBit(lawn(rng));
    case Brick: return toEightBit(brick(rng));
    case Tiles: return toEightBit(tiles(rng));
    case Carpet: return toEightBit(carpet(rng));
    case Snow: return toEightBit(snow(rng));
    case Marble: return toEightBit(marble(rng));
    default: throw SynoodError("unknown background kind " + std::to_string(kind), "scenes", "0 to 7");
    }
}

cv::Mat composeScene(const cv::Mat& background, const cv::Mat& object, const SceneInfo& info) {
    cv::Mat gray, resized;
    if (object.channels() == 1)
        gray = object;
    else
        cv::cvtColor(object, gray, cv::COLOR_BGR2GRAY);
    cv::resize(gray, resized, cv::Size(info.size, info.size), 0, 0, cv::INTER_AREA);
    cv::Mat out = background.clone();
    for (int y = 0; y < info.size; ++y) {
        const int oy = info.y + y;
        if (oy < 0 || oy >= out.rows) continue;
        for (int x = 0; x < info.size; ++x) {
            const int ox = info.x + x;
            if (ox < 0 || ox >= out.cols) continue;
            const double v = resized.at<uint8_t>(y, x) / 255.0;
            const double alpha = std::min(1.0, v * 4);  // the garment's faint edges still cover
            const double shade = 0.35 + 0.65 * v;
            cv::Vec3b& p = out.at<cv::Vec3b>(oy, ox);
            for (int c = 0; c < 3; ++c) {  // BGR pixels, RGB tint
                const double painted = shade * info.tint[static_cast<size_t>(2 - c)];
                p[c] = cv::saturate_cast<uint8_t>((1 - alpha) * p[c] + alpha * painted);
            }
        }
    }
    return out;
}

std::optional<SceneSet> sceneSetNamed(const std::string& name) {
    for (SceneSet s :
         {SceneSet::Ind, SceneSet::Near, SceneSet::IndTrain, SceneSet::Empty, SceneSet::Objects, SceneSet::Train, SceneSet::Test}) {
        if (name == setName(s)) return s;
    }
    return std::nullopt;
}

std::unique_ptr<SceneDataset> scenesDataset(SceneSet set, uint64_t seed) {
    std::unique_ptr<ImageDataset> garments;
    if (set == SceneSet::Ind) garments = demoDataset("ind");
    if (set == SceneSet::Near) garments = demoDataset("near");
    if (set == SceneSet::IndTrain) garments = demoDataset("ind-train");
    if (set == SceneSet::Train) garments = idxDataset(fashionMnistDir() + "/train-images-idx3-ubyte.gz");
    if (set == SceneSet::Test) garments = idxDataset(fashionMnistDir() + "/t10k-images-idx3-ubyte.gz");
    return std::make_unique<ScenesOf>(set, seed, std::move(garments));
}

void writeSceneFile(const std::string& imagePath, const SceneInfo& info) {
    writeFileAtomically(sceneFilePath(imagePath), sceneInfoJson(info).dump() + "\n");
}

std::optional<SceneInfo> readSceneInfo(const std::string& imagePath) {
    const std::optional<nlohmann::json> j = readSceneFile(imagePath);
    if (!j) return std::nullopt;
    return sceneInfoFromJson(*j, sceneFilePath(imagePath));
}

}  // namespace synood::demo
