#include "models/ClipPreprocess.h"

#include "core/Error.h"
#include "data/ImageIO.h"
#include "data/PilResize.h"

#include <ATen/ATen.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace synood {

at::Tensor preprocessImage(const VisionLanguageModel& model, const cv::Mat& image) {
    const ModelPack& pack = model.pack();
    const int size = pack.imageSize;
    const int w = image.cols, h = image.rows;
    if (w <= 0 || h <= 0) throw SynoodError("empty image", "preprocess", "check the image file");
    // torchvision Resize(size): the shorter side becomes `size`, the longer int(size * long / short).
    const int shortSide = std::min(w, h), longSide = std::max(w, h);
    const int newLong = static_cast<int>(static_cast<double>(size) * longSide / shortSide);
    const int nw = w <= h ? size : newLong;
    const int nh = w <= h ? newLong : size;
    // 8-bit images: Pillow's bicubic exactly, as CLIP's Python preprocessing. 16-bit images (which
    // CLIP's pipeline would reduce to 8 bits first): OpenCV, area averaging when shrinking.
    cv::Mat resized;
    if (image.depth() == CV_8U) {
        resized = resizeBicubicLikePil(image, nw, nh);
    } else {
        cv::resize(image, resized, cv::Size(nw, nh), 0, 0, shortSide > size ? cv::INTER_AREA : cv::INTER_CUBIC);
    }
    // CenterCrop offsets, rounded half to even as Python's round().
    const int top = static_cast<int>(std::nearbyint((resized.rows - size) / 2.0));
    const int left = static_cast<int>(std::nearbyint((resized.cols - size) / 2.0));
    const cv::Mat cropped = resized(cv::Rect(left, top, size, size));
    at::Tensor t = imageToTensor(cropped, ChannelMode::RGB);
    const at::Tensor mean = at::tensor({pack.mean[0], pack.mean[1], pack.mean[2]}).view({3, 1, 1});
    const at::Tensor stdv = at::tensor({pack.std[0], pack.std[1], pack.std[2]}).view({3, 1, 1});
    return (t - mean) / stdv;
}

}  // namespace synood
