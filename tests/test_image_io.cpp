// Image I/O: gray/RGB/RGBA, 8/16-bit round trips through tensors; broken files give clear errors.
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/ImageIO.h"

#include <ATen/ATen.h>
#include <opencv2/imgcodecs.hpp>

#include <QTemporaryDir>
#include <QtTest>

using namespace synood;

class TestImageIO : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTrips_data() {
        QTest::addColumn<int>("channels");
        QTest::addColumn<int>("depth");
        for (int c : {1, 3, 4}) {
            for (int d : {CV_8U, CV_16U}) {
                QTest::newRow(qPrintable(QString("%1ch-%2bit").arg(c).arg(d == CV_8U ? 8 : 16))) << c << d;
            }
        }
    }
    void roundTrips() {
        QFETCH(int, channels);
        QFETCH(int, depth);
        QTemporaryDir tmp;
        const at::Tensor original = at::rand({channels, 9, 13}, at::TensorOptions().dtype(at::kFloat));
        const std::string path = tmp.path().toStdString() + "/img.png";
        writeImage(path, tensorToImage(original, depth));
        const cv::Mat decoded = readImage(path);
        QCOMPARE(decoded.channels(), channels);
        QCOMPARE(decoded.depth(), depth);
        const at::Tensor back = imageToTensor(decoded);
        QCOMPARE(back.sizes().vec(), original.sizes().vec());
        const double step = depth == CV_8U ? 1.0 / 255.0 : 1.0 / 65535.0;
        QVERIFY((back - original).abs().max().item<float>() <= step * 0.51 + 1e-6);
    }

    void channelOrderIsRgb() {
        QTemporaryDir tmp;
        const std::string path = tmp.path().toStdString() + "/red.png";
        cv::Mat red(2, 2, CV_8UC3, cv::Scalar(0, 0, 255));  // BGR
        QVERIFY(cv::imwrite(path, red));
        const at::Tensor t = readImageTensor(path, ChannelMode::RGB);
        QCOMPARE(t.size(0), 3LL);
        QCOMPARE(t[0].mean().item<float>(), 1.0f);
        QCOMPARE(t[2].mean().item<float>(), 0.0f);
        const at::Tensor gray = readImageTensor(path, ChannelMode::Gray);
        QCOMPARE(gray.size(0), 1LL);
        QVERIFY(std::abs(gray.mean().item<float>() - 0.299f) < 0.01f);
    }

    void brokenFilesAreClearErrors_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("expected");
        QTest::newRow("empty") << QByteArray() << "empty";
        QTest::newRow("text") << QByteArray("not an image at all") << "not a readable image";
        cv::Mat img(64, 64, CV_8UC3, cv::Scalar(10, 200, 30));
        cv::randu(img, 0, 255);
        std::vector<uchar> png;
        cv::imencode(".png", img, png);
        QTest::newRow("truncated png") << QByteArray(reinterpret_cast<const char*>(png.data()), int(png.size() / 3)) << "image";
        std::vector<uchar> jpg;
        cv::imencode(".jpg", img, jpg);
        QTest::newRow("truncated jpeg header") << QByteArray(reinterpret_cast<const char*>(jpg.data()), 20) << "image";
    }
    void brokenFilesAreClearErrors() {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const std::string path = tmp.path().toStdString() + "/broken.png";
        writeFileAtomically(path, bytes.toStdString());
        try {
            readImage(path);
            QFAIL("a broken image was accepted");
        } catch (const SynoodError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
            QVERIFY(QString::fromUtf8(e.what()).contains("broken.png"));
        }
    }

    void missingFileAndFolderAreClearErrors() {
        QTemporaryDir tmp;
        QVERIFY_THROWS_EXCEPTION(SynoodError, readImage(tmp.path().toStdString() + "/absent.png"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, readImage(tmp.path().toStdString()));
    }

    void badTensorShapeIsAnError() { QVERIFY_THROWS_EXCEPTION(SynoodError, tensorToImage(at::zeros({2, 4, 4}))); }
};

QTEST_APPLESS_MAIN(TestImageIO)
#include "test_image_io.moc"
