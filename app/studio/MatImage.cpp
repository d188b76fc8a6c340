#include "MatImage.h"

#include <opencv2/imgproc.hpp>

namespace synood::studio {

QImage toQImage(const cv::Mat& m) {
    cv::Mat rgb;
    if (m.channels() == 1) {
        rgb = m;
    } else {
        cv::cvtColor(m, rgb, m.channels() == 4 ? cv::COLOR_BGRA2RGB : cv::COLOR_BGR2RGB);
    }
    const QImage view(rgb.data, rgb.cols, rgb.rows, static_cast<qsizetype>(rgb.step),
                      rgb.channels() == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    return view.copy();
}

}  // namespace synood::studio
