#include "data/PilResize.h"

#include "core/Error.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace synood {

namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // Pillow's fixed-point precision for 8-bit images

double bicubic(double x) {
    constexpr double a = -0.5;
    x = std::abs(x);
    if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
    if (x < 2.0) return (((x - 5.0) * x + 8.0) * x - 4.0) * a;
    return 0.0;
}

// Pillow's precompute_coeffs: for each output index, the first input index and fixed-point weights.
struct Coefficients {
    std::vector<int> start, count;
    std::vector<std::vector<int>> weights;
};

Coefficients coefficients(int inSize, int outSize) {
    const double scale = static_cast<double>(inSize) / outSize;
    const double filterScale = std::max(scale, 1.0);
    const double support = 2.0 * filterScale;
    Coefficients c;
    for (int xx = 0; xx < outSize; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double ss = 1.0 / filterScale;
        int xmin = static_cast<int>(center - support + 0.5);
        if (xmin < 0) xmin = 0;
        int xmax = static_cast<int>(center + support + 0.5);
        if (xmax > inSize) xmax = inSize;
        xmax -= xmin;
        std::vector<double> k(static_cast<size_t>(xmax));
        double total = 0;
        for (int x = 0; x < xmax; ++x) {
            k[static_cast<size_t>(x)] = bicubic((x + xmin - center + 0.5) * ss);
            total += k[static_cast<size_t>(x)];
        }
        std::vector<int> fixed(static_cast<size_t>(xmax));
        for (int x = 0; x < xmax; ++x) {
            const double w = total != 0.0 ? k[static_cast<size_t>(x)] / total : 0.0;
            // Pillow rounds half away from zero: (int)(w * (1 << bits) + (w < 0 ? -0.5 : 0.5)).
            fixed[static_cast<size_t>(x)] = static_cast<int>(w * (1 << kPrecisionBits) + (w < 0 ? -0.5 : 0.5));
        }
        c.start.push_back(xmin);
        c.count.push_back(xmax);
        c.weights.push_back(std::move(fixed));
    }
    return c;
}

inline uint8_t clip8(int64_t v) {
    v >>= kPrecisionBits;
    return static_cast<uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
}

// One separable pass along x (horizontal) or y (vertical).
cv::Mat pass(const cv::Mat& in, int outSize, bool horizontal) {
    const int channels = in.channels();
    const int inSize = horizontal ? in.cols : in.rows;
    const Coefficients c = coefficients(inSize, outSize);
    cv::Mat out(horizontal ? in.rows : outSize, horizontal ? outSize : in.cols, in.type());
    for (int y = 0; y < out.rows; ++y) {
        uint8_t* dst = out.ptr<uint8_t>(y);
        for (int x = 0; x < out.cols; ++x) {
            const int o = horizontal ? x : y;
            const auto& w = c.weights[static_cast<size_t>(o)];
            for (int ch = 0; ch < channels; ++ch) {
                int64_t sum = int64_t(1) << (kPrecisionBits - 1);
                for (int k = 0; k < c.count[static_cast<size_t>(o)]; ++k) {
                    const int i = c.start[static_cast<size_t>(o)] + k;
                    const uint8_t v = horizontal ? in.ptr<uint8_t>(y)[i * channels + ch] : in.ptr<uint8_t>(i)[x * channels + ch];
                    sum += static_cast<int64_t>(v) * w[static_cast<size_t>(k)];
                }
                dst[x * channels + ch] = clip8(sum);
            }
        }
    }
    return out;
}

}  // namespace

cv::Mat resizeBicubicLikePil(const cv::Mat& src, int width, int height) {
    if (src.depth() != CV_8U || src.channels() < 1 || src.channels() > 4) {
        throw SynoodError("Pillow-style resizing takes 8-bit images with 1 to 4 channels", "resize", "convert the image to 8 bits");
    }
    if (width <= 0 || height <= 0) throw SynoodError("the target size must be positive", "resize", "report a bug");
    cv::Mat out = src;
    if (width != src.cols) out = pass(out, width, true);  // Pillow: horizontal pass first
    if (height != src.rows) out = pass(out, height, false);
    return out.data == src.data ? src.clone() : out;
}

}  // namespace synood
