#pragma once
// Image files to and from tensors, through OpenCV. Files may be gray, RGB or RGBA, 8- or 16-bit.
// Tensors are float32, CHW, values in [0, 1], channels in RGB(A) order (OpenCV's BGR is undone here).
#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

#include <string>

namespace synood {

enum class ChannelMode { Keep, Gray, RGB };

// Decodes an image file as it is stored (channels, depth). Throws SynoodError naming the file
// when it is missing, empty, truncated or not an image.
cv::Mat readImage(const std::string& path);
cv::Mat decodeImage(const std::string& bytes, const std::string& where);

// Encodes by the file's extension (.png, .jpg, ...) and writes atomically.
void writeImage(const std::string& path, const cv::Mat& image, bool durable = true);

// cv::Mat (8U or 16U; 1, 3 or 4 channels, BGR(A)) -> float CHW tensor in [0,1].
at::Tensor imageToTensor(const cv::Mat& image, ChannelMode mode = ChannelMode::Keep);

// float CHW (or HW) tensor in [0,1] -> cv::Mat (CV_8U or CV_16U, BGR(A)); values are clamped.
cv::Mat tensorToImage(const at::Tensor& chw, int depth = CV_8U);

at::Tensor readImageTensor(const std::string& path, ChannelMode mode = ChannelMode::Keep);

}  // namespace synood
