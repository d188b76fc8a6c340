#include "demo/FarOod.h"

#include "core/Error.h"
#include "demo/FashionMnist.h"
#include "demo/PortableRandom.h"
#include "demo/Scenes.h"

#include <opencv2/imgproc.hpp>

#include <cmath>

namespace synood::demo {

namespace {

cv::Mat toEightBit(const cv::Mat& f) {
    cv::Mat out;
    f.convertTo(out, CV_8U, 255.0);
    return out;
}

cv::Mat noiseTexture(std::mt19937_64& rng) {
    // Band-limited noise: random values on a coarse grid, smoothly enlarged.
    const int cells = uniformInt(rng, 3, 14);
    cv::Mat coarse(cells, cells, CV_32F);
    for (int y = 0; y < cells; ++y)
        for (int x = 0; x < cells; ++x) coarse.at<float>(y, x) = static_cast<float>(uniformReal(rng, 0, 1));
    cv::Mat img;
    cv::resize(coarse, img, cv::Size(28, 28), 0, 0, cv::INTER_CUBIC);
    return toEightBit(cv::min(cv::max(img, 0.0), 1.0));
}

cv::Mat stripesTexture(std::mt19937_64& rng) {
    const double angle = uniformReal(rng, 0, M_PI), period = uniformReal(rng, 2.5, 10), phase = uniformReal(rng, 0, 2 * M_PI);
    const double lo = uniformReal(rng, 0, 0.4), hi = uniformReal(rng, 0.6, 1.0);
    cv::Mat img(28, 28, CV_32F);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) {
            const double t = (x * std::cos(angle) + y * std::sin(angle)) * 2 * M_PI / period + phase;
            img.at<float>(y, x) = static_cast<float>(lo + (hi - lo) * (0.5 + 0.5 * std::sin(t)));
        }
    return toEightBit(img);
}

cv::Mat checkersTexture(std::mt19937_64& rng) {
    const int cell = uniformInt(rng, 2, 7), ox = uniformInt(rng, 0, cell), oy = uniformInt(rng, 0, cell);
    const double a = uniformReal(rng, 0, 0.35), b = uniformReal(rng, 0.65, 1.0);
    cv::Mat img(28, 28, CV_32F);
    for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x) img.at<float>(y, x) = static_cast<float>((((x + ox) / cell + (y + oy) / cell) % 2) ? a : b);
    cv::Mat rotated;
    const cv::Mat r = cv::getRotationMatrix2D(cv::Point2f(13.5f, 13.5f), uniformReal(rng, 0, 90), 1.0);
    cv::warpAffine(img, rotated, r, img.size(), cv::INTER_LINEAR, cv::BORDER_REFLECT);
    return toEightBit(rotated);
}

cv::Mat blobsTexture(std::mt19937_64& rng) {
    cv::Mat img(28, 28, CV_32F, cv::Scalar(uniformReal(rng, 0, 0.3)));
    const int n = uniformInt(rng, 2, 9);
    for (int i = 0; i < n; ++i) {
        const double cx = uniformReal(rng, 0, 28), cy = uniformReal(rng, 0, 28), s = uniformReal(rng, 1.5, 6),
                     v = uniformReal(rng, 0.3, 1.0);
        for (int y = 0; y < 28; ++y)
            for (int x = 0; x < 28; ++x) {
                const double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (2 * s * s);
                img.at<float>(y, x) += static_cast<float>(v * std::exp(-d2));
            }
    }
    return toEightBit(cv::min(img, 1.0));
}

class GeneratedDataset : public ImageDataset {
public:
    GeneratedDataset(FarOodKind kind, int count, uint64_t seed) : m_kind(kind), m_count(count), m_seed(seed) {}
    size_t size() const override { return static_cast<size_t>(m_count); }
    cv::Mat load(size_t i) const override {
        // One generator per image: image i is the same whatever was generated before it.
        std::mt19937_64 rng(m_seed * 1000003ULL + static_cast<uint64_t>(i) * 2 + (m_kind == FarOodKind::Glyphs ? 0 : 1));
        return m_kind == FarOodKind::Glyphs ? makeGlyph(rng) : makeTexture(rng);
    }
    std::string name(size_t i) const override {
        return std::string(m_kind == FarOodKind::Glyphs ? "demo:glyphs#" : "demo:textures#") + std::to_string(i);
    }
    int label(size_t) const override { return -1; }
    std::string fingerprint() const override {
        return std::string("generated-v1|") + (m_kind == FarOodKind::Glyphs ? "glyphs" : "textures") + "|" + std::to_string(m_count) + "|" +
               std::to_string(m_seed);
    }

private:
    FarOodKind m_kind;
    int m_count;
    uint64_t m_seed;
};

}  // namespace

cv::Mat makeGlyph(std::mt19937_64& rng) {
    static const std::string alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    static const int fonts[] = {cv::FONT_HERSHEY_SIMPLEX, cv::FONT_HERSHEY_PLAIN,   cv::FONT_HERSHEY_DUPLEX,
                                cv::FONT_HERSHEY_COMPLEX, cv::FONT_HERSHEY_TRIPLEX, cv::FONT_HERSHEY_SCRIPT_SIMPLEX};
    const std::string text(1, alphabet[static_cast<size_t>(uniformInt(rng, 0, static_cast<int>(alphabet.size()) - 1))]);
    const int font = fonts[uniformInt(rng, 0, 5)];
    const int thickness = uniformInt(rng, 1, 4);
    const double scale = uniformReal(rng, 1.0, 2.2) * (font == cv::FONT_HERSHEY_PLAIN ? 2.0 : 1.0);
    // Drawn at twice the size, rotated, then reduced: smooth strokes like the scanned clothes.
    cv::Mat canvas(56, 56, CV_8U, cv::Scalar(0));
    int base = 0;
    const cv::Size size = cv::getTextSize(text, font, scale, thickness, &base);
    const int x = (56 - size.width) / 2 + uniformInt(rng, -8, 8);
    const int y = (56 + size.height) / 2 + uniformInt(rng, -8, 8);
    cv::putText(canvas, text, cv::Point(x, y), font, scale, cv::Scalar(uniformInt(rng, 170, 255)), thickness, cv::LINE_AA);
    const cv::Mat r = cv::getRotationMatrix2D(cv::Point2f(27.5f, 27.5f), uniformReal(rng, -45, 45), 1.0);
    cv::Mat rotated, out;
    cv::warpAffine(canvas, rotated, r, canvas.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(0));
    cv::resize(rotated, out, cv::Size(28, 28), 0, 0, cv::INTER_AREA);
    return out;
}

cv::Mat makeTexture(std::mt19937_64& rng) {
    switch (uniformInt(rng, 0, 3)) {
    case 0: return noiseTexture(rng);
    case 1: return stripesTexture(rng);
    case 2: return checkersTexture(rng);
    default: return blobsTexture(rng);
    }
}

std::unique_ptr<ImageDataset> farOodDataset(FarOodKind kind, int count, uint64_t seed) {
    if (count <= 0) throw SynoodError("the number of far-OOD images must be positive", "far-OOD", "e.g. 2000");
    return std::make_unique<GeneratedDataset>(kind, count, seed);
}

std::unique_ptr<ImageDataset> demoDataset(const std::string& name) {
    const std::string dir = fashionMnistDir();
    const std::vector<int> ind(kInDClasses.begin(), kInDClasses.end());
    const std::vector<int> held(kHeldOutClasses.begin(), kHeldOutClasses.end());
    if (name == "ind") return idxDataset(dir + "/t10k-images-idx3-ubyte.gz", ind);
    if (name == "near") return idxDataset(dir + "/t10k-images-idx3-ubyte.gz", held);
    if (name == "ind-train") return idxDataset(dir + "/train-images-idx3-ubyte.gz", ind);
    if (name == "glyphs") return farOodDataset(FarOodKind::Glyphs);
    if (name == "textures") return farOodDataset(FarOodKind::Textures);
    if (const auto scenes = sceneSetNamed(name)) return scenesDataset(*scenes);
    throw SynoodError("unknown demo dataset '" + name + "'", "demo:" + name,
                      "use ind, near, glyphs, textures, ind-train, or the scenes world's scenes-ind, scenes-near, scenes-ind-train, "
                      "scenes-empty, scenes-objects");
}

void registerDemoDatasets() { registerDatasetScheme("demo", demoDataset); }

}  // namespace synood::demo
