// Feature cache: same features as direct encoding, reuse, invalidation by pack or dataset
// change, resume after a cancel, and damaged files never misread.
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/ImageDataset.h"
#include "models/ClipPreprocess.h"
#include "models/VisionLanguageModel.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgcodecs.hpp>

#include <QDir>
#include <QTemporaryDir>
#include <QtTest>

#include <atomic>
#include <thread>

#include "TinyClipPack.h"

using namespace synood;

namespace {

void writeImages(const QString& root, int n) {
    for (int i = 0; i < n; ++i) {
        const QString cls = root + (i % 2 ? "/odd" : "/even");
        QDir().mkpath(cls);
        cv::Mat img(20 + i, 30, CV_8UC3);
        cv::randu(img, 0, 255);
        cv::imwrite((cls + QString("/img%1.png").arg(i, 3, 10, QChar('0'))).toStdString(), img);
    }
}

struct Recorder {
    std::vector<Progress> reports;
    JobContext context() {
        JobContext c;
        c.progress = [this](const Progress& p) { reports.push_back(p); };
        return c;
    }
    bool usedCache() const { return !reports.empty() && reports.back().stage == "features (cached)"; }
};

}  // namespace

class TestFeatureCache : public QObject {
    Q_OBJECT
private Q_SLOTS:
    // Shards of one workspace on one machine encode its seeds into one cache at the same time: they
    // take turns, one computes, the other reads the finished cache.
    void twoEncodersOfOneCacheTakeTurns() {
        QTemporaryDir tmp;
        writeImages(tmp.filePath("data"), 24);
        const std::string pack = writeTinyClipPack(tmp.filePath("pack"));
        const std::string cache = tmp.filePath("features.bin").toStdString();
        auto data = openImageDataset(tmp.filePath("data").toStdString());
        Recorder recorders[2];
        at::Tensor results[2];
        std::string errors[2];
        std::atomic<int> ready{0};
        auto encoder = [&](int i) {
            try {
                auto model = loadVisionLanguageModel(pack);  // one model per thread, as one per process
                ++ready;
                while (ready.load() < 2) std::this_thread::yield();
                EncodeOptions opts;
                opts.batchSize = 4;
                results[i] = encodeDataset(*model, *data, cache, opts, recorders[i].context());
            } catch (const std::exception& e) {
                errors[i] = e.what();
            }
        };
        std::thread a(encoder, 0), b(encoder, 1);
        a.join();
        b.join();
        QVERIFY2(errors[0].empty(), errors[0].c_str());
        QVERIFY2(errors[1].empty(), errors[1].c_str());
        QCOMPARE(int(recorders[0].usedCache()) + int(recorders[1].usedCache()), 1);
        QVERIFY(at::equal(results[0], results[1]));
    }

    void matchesDirectEncodingAndIsReused() {
        QTemporaryDir tmp;
        writeImages(tmp.filePath("data"), 11);
        auto model = loadVisionLanguageModel(writeTinyClipPack(tmp.filePath("pack")));
        auto data = openImageDataset(tmp.filePath("data").toStdString());
        QCOMPARE(data->size(), size_t(11));
        EncodeOptions opts;
        opts.batchSize = 4;
        const std::string cache = tmp.filePath("features.bin").toStdString();
        Recorder first;
        const at::Tensor f = encodeDataset(*model, *data, cache, opts, first.context());
        QVERIFY(!first.usedCache());
        QCOMPARE(f.sizes().vec(), (std::vector<int64_t>{11, 24}));
        std::vector<at::Tensor> direct;
        for (size_t i = 0; i < data->size(); ++i) direct.push_back(preprocessImage(*model, data->load(i)));
        at::NoGradGuard g;
        QVERIFY(at::allclose(f, model->encodeImages(at::stack(direct)), 1e-5, 1e-6));

        const auto header = readFeatureCacheHeader(cache);
        QVERIFY(header);
        QCOMPARE(header->count, uint64_t(11));
        QCOMPARE(header->done, uint64_t(11));
        QCOMPARE(header->dim, uint32_t(24));
        QCOMPARE(header->packFingerprint, model->pack().fingerprint());
        QVERIFY(!QFile::exists(QString::fromStdString(cache + ".partial")));

        Recorder second;
        QVERIFY(at::equal(encodeDataset(*model, *data, cache, opts, second.context()), f));
        QVERIFY(second.usedCache());
    }

    void changedDatasetOrPackInvalidates() {
        QTemporaryDir tmp;
        writeImages(tmp.filePath("data"), 6);
        const std::string cache = tmp.filePath("features.bin").toStdString();
        auto model = loadVisionLanguageModel(writeTinyClipPack(tmp.filePath("pack")));
        encodeDataset(*model, *openImageDataset(tmp.filePath("data").toStdString()), cache);

        writeImages(tmp.filePath("data"), 7);  // rewrites the files and adds one
        Recorder r;
        const at::Tensor f = encodeDataset(*model, *openImageDataset(tmp.filePath("data").toStdString()), cache, {}, r.context());
        QVERIFY(!r.usedCache());
        QCOMPARE(f.size(0), 7LL);

        auto other = loadVisionLanguageModel(writeTinyClipPack(tmp.filePath("pack2"), 0.4));
        Recorder r2;
        encodeDataset(*other, *openImageDataset(tmp.filePath("data").toStdString()), cache, {}, r2.context());
        QVERIFY(!r2.usedCache());
        QCOMPARE(readFeatureCacheHeader(cache)->packFingerprint, other->pack().fingerprint());
    }

    void cancelledRunResumes() {
        QTemporaryDir tmp;
        writeImages(tmp.filePath("data"), 10);
        auto model = loadVisionLanguageModel(writeTinyClipPack(tmp.filePath("pack")));
        auto data = openImageDataset(tmp.filePath("data").toStdString());
        const std::string cache = tmp.filePath("features.bin").toStdString();
        EncodeOptions opts;
        opts.batchSize = 3;
        JobContext cancelAfterFirst;
        cancelAfterFirst.progress = [&](const Progress& p) {
            if (p.done >= 3) cancelAfterFirst.token->cancel();
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, encodeDataset(*model, *data, cache, opts, cancelAfterFirst));
        const auto partial = readFeatureCacheHeader(cache + ".partial");
        QVERIFY(partial);
        QCOMPARE(partial->done, uint64_t(3));
        QVERIFY(!QFile::exists(QString::fromStdString(cache)));

        Recorder resumed;
        const at::Tensor f = encodeDataset(*model, *data, cache, opts, resumed.context());
        QCOMPARE(resumed.reports.front().done, 6LL);  // started after the 3 rows already there
        QCOMPARE(resumed.reports.size(), size_t(3));  // batches 3-5, 6-8, 9
        const at::Tensor fresh = encodeDataset(*model, *data, "", opts);
        QVERIFY(at::allclose(f, fresh, 1e-5, 1e-6));
    }

    void damagedCacheIsRecomputedAndBadImagesNamed() {
        QTemporaryDir tmp;
        writeImages(tmp.filePath("data"), 4);
        auto model = loadVisionLanguageModel(writeTinyClipPack(tmp.filePath("pack")));
        const std::string cache = tmp.filePath("features.bin").toStdString();
        writeFileAtomically(cache, std::string(500, 'x'));
        QVERIFY_THROWS_EXCEPTION(SynoodError, readFeatureCacheHeader(cache));
        const at::Tensor f = encodeDataset(*model, *openImageDataset(tmp.filePath("data").toStdString()), cache);
        QCOMPARE(f.size(0), 4LL);
        QCOMPARE(readFeatureCacheHeader(cache)->done, uint64_t(4));

        writeFileAtomically(tmp.filePath("data/even/broken.png").toStdString(), "not a png");
        try {
            encodeDataset(*model, *openImageDataset(tmp.filePath("data").toStdString()), "");
            QFAIL("a broken image was encoded");
        } catch (const SynoodError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains("broken.png"));
        }
    }

    void idxDatasetsSelectLabels() {
        const std::string file = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
        auto bags = openImageDataset(file + "@8");
        QCOMPARE(bags->size(), size_t(1000));
        for (size_t i = 0; i < 20; ++i) QCOMPARE(bags->label(i), 8);
        QCOMPARE(bags->load(0).rows, 28);
        QVERIFY(bags->fingerprint() != openImageDataset(file + "@7")->fingerprint());
        QVERIFY_THROWS_EXCEPTION(SynoodError, openImageDataset(file + "@x"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, openImageDataset("/nonexistent/path"));
    }
};

QTEST_APPLESS_MAIN(TestFeatureCache)
#include "test_feature_cache.moc"
