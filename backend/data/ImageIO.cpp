#include "data/ImageIO.h"

#include "core/AtomicFile.h"
#include "core/Error.h"

#include <ATen/ATen.h>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <vector>

namespace synood {

cv::Mat decodeImage(const std::string& bytes, const std::string& where) {
    if (bytes.empty()) {
        throw SynoodError("the image file is empty", where, "replace it with a valid image file");
    }
    const cv::Mat buffer(1, static_cast<int>(bytes.size()), CV_8U, const_cast<char*>(bytes.data()));
    cv::Mat image;
    try {
        image = cv::imdecode(buffer, cv::IMREAD_UNCHANGED);
    } catch (const cv::Exception& e) {
        throw SynoodError(std::string("the image could not be decoded: ") + e.what(), where,
                          "the file may be truncated or corrupt; replace it");
    }
    if (image.empty()) {
        throw SynoodError("not a readable image (unknown format, truncated or corrupt)", where, "use PNG, JPEG, BMP, TIFF or WebP files");
    }
    const int depth = image.depth();
    if (depth != CV_8U && depth != CV_16U) {
        throw SynoodError("unsupported pixel depth (only 8- and 16-bit images)", where, "convert the image to 8- or 16-bit");
    }
    const int ch = image.channels();
    if (ch != 1 && ch != 3 && ch != 4) {
        throw SynoodError("unsupported number of channels (" + std::to_string(ch) + ")", where, "use gray, RGB or RGBA images");
    }
    return image;
}

cv::Mat readImage(const std::string& path) { return decodeImage(readWholeFile(path), path); }

void writeImage(const std::string& path, const cv::Mat& image, bool durable) {
    const auto dot = path.find_last_of('.');
    if (dot == std::string::npos) {
        throw SynoodError("the image path has no extension", path, "use .png or .jpg");
    }
    std::vector<uchar> encoded;
    bool ok = false;
    try {
        ok = cv::imencode(path.substr(dot), image, encoded);
    } catch (const cv::Exception& e) {
        throw SynoodError(std::string("could not encode the image: ") + e.what(), path, "use .png (any depth) or .jpg (8-bit)");
    }
    if (!ok) throw SynoodError("could not encode the image", path, "use .png or .jpg");
    AtomicWriteOptions opts;
    opts.durable = durable;
    writeFileAtomically(path, std::string(encoded.begin(), encoded.end()), opts);
}

at::Tensor imageToTensor(const cv::Mat& image, ChannelMode mode) {
    cv::Mat converted;
    const int ch = image.channels();
    switch (mode) {
    case ChannelMode::Keep:
        if (ch == 3)
            cv::cvtColor(image, converted, cv::COLOR_BGR2RGB);
        else if (ch == 4)
            cv::cvtColor(image, converted, cv::COLOR_BGRA2RGBA);
        else
            converted = image;
        break;
    case ChannelMode::Gray:
        if (ch == 3)
            cv::cvtColor(image, converted, cv::COLOR_BGR2GRAY);
        else if (ch == 4)
            cv::cvtColor(image, converted, cv::COLOR_BGRA2GRAY);
        else
            converted = image;
        break;
    case ChannelMode::RGB:
        if (ch == 1)
            cv::cvtColor(image, converted, cv::COLOR_GRAY2RGB);
        else if (ch == 4)
            cv::cvtColor(image, converted, cv::COLOR_BGRA2RGB);
        else
            cv::cvtColor(image, converted, cv::COLOR_BGR2RGB);
        break;
    }
    const double scale = converted.depth() == CV_16U ? 1.0 / 65535.0 : 1.0 / 255.0;
    cv::Mat asFloat;
    converted.convertTo(asFloat, CV_32F, scale);
    if (!asFloat.isContinuous()) asFloat = asFloat.clone();
    const int c = asFloat.channels();
    // from_blob does not copy: clone before the Mat goes away.
    at::Tensor hwc = at::from_blob(asFloat.data, {asFloat.rows, asFloat.cols, c}, at::kFloat);
    return hwc.permute({2, 0, 1}).contiguous().clone();
}

cv::Mat tensorToImage(const at::Tensor& input, int depth) {
    at::Tensor chw = input.detach().to(at::kCPU, at::kFloat);
    if (chw.dim() == 2) chw = chw.unsqueeze(0);
    if (chw.dim() != 3 || (chw.size(0) != 1 && chw.size(0) != 3 && chw.size(0) != 4)) {
        throw SynoodError("expected a CHW tensor with 1, 3 or 4 channels", "tensorToImage", "reshape the tensor before converting");
    }
    const double maxValue = depth == CV_16U ? 65535.0 : 255.0;
    at::Tensor hwc = (chw.clamp(0.0, 1.0) * maxValue).round().permute({1, 2, 0}).contiguous();
    const int c = static_cast<int>(hwc.size(2));
    cv::Mat asFloat(static_cast<int>(hwc.size(0)), static_cast<int>(hwc.size(1)), CV_32FC(c), hwc.data_ptr<float>());
    cv::Mat out;
    asFloat.convertTo(out, CV_MAKETYPE(depth, c));
    if (c == 3)
        cv::cvtColor(out, out, cv::COLOR_RGB2BGR);
    else if (c == 4)
        cv::cvtColor(out, out, cv::COLOR_RGBA2BGRA);
    return out;
}

at::Tensor readImageTensor(const std::string& path, ChannelMode mode) { return imageToTensor(readImage(path), mode); }

}  // namespace synood
