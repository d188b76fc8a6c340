#pragma once
// Bicubic resizing exactly as Pillow's Image.resize(size, BICUBIC) computes it for 8-bit images
// (separable, antialiased when shrinking, a = -0.5, 22-bit fixed-point weights, horizontal pass
// first), so that CLIP's preprocessing gives the same pixels as the Python reference.
#include <opencv2/core/mat.hpp>

namespace synood {

// src: CV_8U with 1 to 4 channels. Throws SynoodError for other types.
cv::Mat resizeBicubicLikePil(const cv::Mat& src, int width, int height);

}  // namespace synood
