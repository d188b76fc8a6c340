#pragma once
// OpenCV images (as ImageDataset decodes them) for Qt.
#include <QImage>

#include <opencv2/core/mat.hpp>

namespace synood::studio {

// An 8-bit gray, BGR or BGRA image → a QImage that owns its pixels.
QImage toQImage(const cv::Mat& m);

}  // namespace synood::studio
