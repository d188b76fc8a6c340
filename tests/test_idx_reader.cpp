// IDX reader on Debian's real Fashion-MNIST files, and on broken files.
#include "core/Error.h"
#include "data/IdxReader.h"
#include "demo/FashionMnist.h"

#include <QTemporaryDir>
#include <QtTest>

#include <zlib.h>

using namespace synood;

class TestIdxReader : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void readsFashionMnistTrain() {
        const demo::FashionMnist train = demo::loadFashionMnist(demo::Split::Train);
        QCOMPARE(train.images.dims, (std::vector<int>{60000, 28, 28}));
        QCOMPARE(train.labels.dims, (std::vector<int>{60000}));
        // First labels and pixels, read independently with Python's gzip module.
        const std::vector<uint8_t> firstLabels(train.labels.data.begin(), train.labels.data.begin() + 10);
        QCOMPARE(firstLabels, (std::vector<uint8_t>{9, 0, 0, 3, 0, 2, 7, 2, 5, 5}));
        QCOMPARE(int(train.images.data[14 * 28 + 14]), 217);
        QCOMPARE(int(train.images.data[5 * 28 + 15]), 204);
        long long sum = 0;
        for (int i = 0; i < 784; ++i) sum += train.images.data[static_cast<size_t>(i)];
        QCOMPARE(sum, 76247LL);
        QCOMPARE(int(train.images.data[784 + 10 * 28 + 10]), 252);
    }

    void readsFashionMnistTest() {
        const demo::FashionMnist test = demo::loadFashionMnist(demo::Split::Test);
        QCOMPARE(test.images.count(), 10000LL);
        QCOMPARE(test.images.itemSize(), 784LL);
        const std::vector<uint8_t> firstLabels(test.labels.data.begin(), test.labels.data.begin() + 5);
        QCOMPARE(firstLabels, (std::vector<uint8_t>{9, 2, 1, 1, 6}));
        std::array<int, 10> perClass{};
        for (auto l : test.labels.data) ++perClass[l];
        for (int c : perClass) QCOMPARE(c, 1000);
    }

    void truncatedFileIsAClearError() {
        QTemporaryDir tmp;
        const std::string path = tmp.path().toStdString() + "/short.gz";
        gzFile f = gzopen(path.c_str(), "wb");
        const unsigned char header[] = {0, 0, 8, 3, 0, 0, 0, 10, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3};
        gzwrite(f, header, sizeof header);
        gzclose(f);
        try {
            readIdx(path);
            QFAIL("truncated file accepted");
        } catch (const SynoodError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains("ends early"));
            QVERIFY(QString::fromUtf8(e.what()).contains("short.gz"));
        }
    }

    void badMagicAndMissingFileAreClearErrors() {
        QTemporaryDir tmp;
        const std::string path = tmp.path().toStdString() + "/text.idx";
        FILE* f = std::fopen(path.c_str(), "wb");
        std::fputs("this is not an idx file", f);
        std::fclose(f);
        QVERIFY_THROWS_EXCEPTION(SynoodError, readIdx(path));
        QVERIFY_THROWS_EXCEPTION(SynoodError, readIdx(tmp.path().toStdString() + "/absent.gz"));
    }
};

QTEST_APPLESS_MAIN(TestIdxReader)
#include "test_idx_reader.moc"
