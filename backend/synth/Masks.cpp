#include "synth/Masks.h"

#include "core/Error.h"
#include "data/ImageIO.h"

#include <ATen/ATen.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace synood {

namespace {
at::Tensor fromMat(const cv::Mat& m) {  // CV_8U 0/255 -> [1,1,S,S] float 0/1
    cv::Mat f;
    m.convertTo(f, CV_32F, 1.0 / 255.0);
    return at::from_blob(f.data, {1, 1, f.rows, f.cols}, at::kFloat).clone();
}
int uniformInt(std::mt19937_64& rng, int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); }
}  // namespace

at::Tensor wholeMask(int size) { return at::ones({1, 1, size, size}); }

at::Tensor boxMask(int size, int x, int y, int w, int h) {
    at::Tensor m = at::zeros({1, 1, size, size});
    const int x0 = std::clamp(x, 0, size), y0 = std::clamp(y, 0, size);
    const int x1 = std::clamp(x + w, 0, size), y1 = std::clamp(y + h, 0, size);
    if (x1 > x0 && y1 > y0) m.narrow(2, y0, y1 - y0).narrow(3, x0, x1 - x0).fill_(1.0);
    return m;
}

at::Tensor halfMask(int size, int side) {
    const int h = size / 2;
    switch (side) {
    case 0: return boxMask(size, 0, 0, h, size);
    case 1: return boxMask(size, h, 0, size - h, size);
    case 2: return boxMask(size, 0, 0, size, h);
    default: return boxMask(size, 0, h, size, size - h);
    }
}

at::Tensor randomStrokeMask(int size, std::mt19937_64& rng) {
    cv::Mat m = cv::Mat::zeros(size, size, CV_8U);
    const int strokes = uniformInt(rng, 1, 4);
    for (int s = 0; s < strokes; ++s) {
        cv::Point p(uniformInt(rng, 0, size - 1), uniformInt(rng, 0, size - 1));
        const int thickness = std::max(1, uniformInt(rng, size / 16, size / 5));
        const int segments = uniformInt(rng, 1, 4);
        for (int k = 0; k < segments; ++k) {
            const cv::Point q(std::clamp(p.x + uniformInt(rng, -size / 2, size / 2), 0, size - 1),
                              std::clamp(p.y + uniformInt(rng, -size / 2, size / 2), 0, size - 1));
            cv::line(m, p, q, cv::Scalar(255), thickness, cv::LINE_8);
            p = q;
        }
    }
    return fromMat(m);
}

at::Tensor randomMaskOfKind(MaskKind kind, int size, std::mt19937_64& rng) {
    switch (kind) {
    case MaskKind::Whole: return wholeMask(size);
    case MaskKind::Box: {
        const int w = uniformInt(rng, size / 4, size * 3 / 4), h = uniformInt(rng, size / 4, size * 3 / 4);
        return boxMask(size, uniformInt(rng, 0, size - w), uniformInt(rng, 0, size - h), w, h);
    }
    case MaskKind::Half: return halfMask(size, uniformInt(rng, 0, 3));
    default: return randomStrokeMask(size, rng);
    }
}

at::Tensor randomTrainingMask(int size, std::mt19937_64& rng) {
    const int r = uniformInt(rng, 0, 99);
    const MaskKind kind = r < 30 ? MaskKind::Whole : r < 55 ? MaskKind::Box : r < 75 ? MaskKind::Half : MaskKind::Strokes;
    return randomMaskOfKind(kind, size, rng);
}

at::Tensor maskFromImageFile(const std::string& path) {
    cv::Mat image = readImage(path);
    if (image.channels() > 1) cv::cvtColor(image, image, image.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
    if (image.depth() != CV_8U) image.convertTo(image, CV_8U, 255.0 / 65535.0);
    cv::threshold(image, image, 127, 255, cv::THRESH_BINARY);
    return fromMat(image);
}

at::Tensor fitMaskToModel(const at::Tensor& mask, int64_t seedH, int64_t seedW, int modelSize,
                          const std::function<at::Tensor(const at::Tensor&)>& toModel) {
    const int64_t h = mask.size(2), w = mask.size(3);
    if (h == modelSize && w == modelSize) return mask;
    if (h == seedH && w == seedW) return (toModel(mask) > 0).to(at::kFloat);  // model space is [-1, 1]
    throw SynoodError("the mask is " + std::to_string(w) + "×" + std::to_string(h) + " but the seed is " + std::to_string(seedW) + "×" +
                          std::to_string(seedH) + " and the model works at " + std::to_string(modelSize) + "×" + std::to_string(modelSize),
                      "--mask", "paint the mask at the seed's size (or the model's)");
}

MaskKind parseMaskKind(const std::string& name) {
    if (name == "whole") return MaskKind::Whole;
    if (name == "box") return MaskKind::Box;
    if (name == "half") return MaskKind::Half;
    if (name == "strokes") return MaskKind::Strokes;
    throw SynoodError("unknown mask '" + name + "'", "--mask", "use whole, box, half, strokes or a mask image file");
}

const char* toString(MaskKind kind) {
    switch (kind) {
    case MaskKind::Whole: return "whole";
    case MaskKind::Box: return "box";
    case MaskKind::Half: return "half";
    case MaskKind::Strokes: return "strokes";
    }
    return "whole";
}

MaskChoice maskChoiceFromText(const std::string& text) {
    for (MaskKind k : {MaskKind::Whole, MaskKind::Box, MaskKind::Half, MaskKind::Strokes}) {
        if (text == toString(k)) return k;
    }
    return MaskFile{text};
}

std::string toString(const MaskChoice& mask) {
    if (const auto* kind = std::get_if<MaskKind>(&mask)) return toString(*kind);
    return std::get<MaskFile>(mask).path;
}

}  // namespace synood
