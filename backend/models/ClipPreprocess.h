#pragma once
// CLIP's image preprocessing for a model's pack: shortest side resized to the pack's size (Pillow's
// bicubic for 8-bit images), centre crop, RGB, the pack's mean and std. Kept apart from the model
// interface so that code running models on tensors needs no OpenCV.
#include "models/VisionLanguageModel.h"

#include <ATen/core/Tensor.h>
#include <opencv2/core/mat.hpp>

namespace synood {

// [3, S, S] float, ready for model.encodeImages (after stacking).
at::Tensor preprocessImage(const VisionLanguageModel& model, const cv::Mat& image);

}  // namespace synood
