// Pillow-exact bicubic resizing against Pillow's own output (tests/fixtures/pil_resize_cases.json,
// made by tests/fixtures/make_pil_resize_cases.py with Debian's python3-pil).
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/PilResize.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <QtTest>

using namespace synood;

namespace {
cv::Mat matFrom(const nlohmann::json& j, int channels) {
    const int w = j["width"], h = j["height"];
    cv::Mat m(h, w, CV_8UC(channels));
    const auto& px = j["pixels"];
    for (int i = 0; i < w * h * channels; ++i) m.data[i] = px[static_cast<size_t>(i)].get<uint8_t>();
    return m;
}
int maxDifference(const cv::Mat& a, const cv::Mat& b) {
    double mx = 0;
    cv::minMaxLoc(cv::abs(cv::Mat_<int>(a.reshape(1)) - cv::Mat_<int>(b.reshape(1))), nullptr, &mx);
    return static_cast<int>(mx);
}
}  // namespace

class TestPilResize : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void matchesPillow() {
        const auto cases = nlohmann::json::parse(readWholeFile(SYNOOD_TEST_SOURCE_DIR "/fixtures/pil_resize_cases.json"));
        const cv::Mat rgb = matFrom(cases["input_rgb"], 3);
        for (const auto& c : cases["rgb_cases"]) {
            const cv::Mat expected = matFrom(c, 3);
            const cv::Mat got = resizeBicubicLikePil(rgb, expected.cols, expected.rows);
            QCOMPARE(got.size(), expected.size());
            QVERIFY2(maxDifference(got, expected) == 0,
                     qPrintable(QString("%1x%2 differs by %3").arg(expected.cols).arg(expected.rows).arg(maxDifference(got, expected))));
        }
        cv::Mat gray;
        cv::extractChannel(rgb, gray, 0);
        const cv::Mat expected = matFrom(cases["gray_case"], 1);
        QCOMPARE(maxDifference(resizeBicubicLikePil(gray, expected.cols, expected.rows), expected), 0);
    }

    void refusesOtherDepths() {
        QVERIFY_THROWS_EXCEPTION(SynoodError, resizeBicubicLikePil(cv::Mat(4, 4, CV_16UC1), 2, 2));
        QVERIFY_THROWS_EXCEPTION(SynoodError, resizeBicubicLikePil(cv::Mat(4, 4, CV_8UC1), 0, 2));
    }
};

QTEST_APPLESS_MAIN(TestPilResize)
#include "test_pil_resize.moc"
