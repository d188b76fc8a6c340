// The demo world's datasets: the Fashion-MNIST InD/near split and the generated far-OOD sets.
#include "core/Error.h"
#include "data/ImageDataset.h"
#include "demo/FarOod.h"
#include "demo/FashionMnist.h"

#include <opencv2/core.hpp>

#include <QtTest>

using namespace synood;

class TestDemoData : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { demo::registerDemoDatasets(); }

    // Without the demo's registration, demo: is an unknown scheme (data/ knows no demo world).
    void unknownSchemesAreRefused() {
        try {
            openImageDataset("nosuchworld:ind");
            QFAIL("an unknown scheme opened");
        } catch (const SynoodError& e) {
            QVERIFY2(std::string(e.what()).find("unknown dataset scheme 'nosuchworld:'") != std::string::npos, e.what());
        }
    }

    void splitFollowsTheProtocol() {
        const auto ind = openImageDataset("demo:ind");
        const auto near = openImageDataset("demo:near");
        QCOMPARE(ind->size(), size_t(6000));   // 1,000 test images of each of the 6 InD classes
        QCOMPARE(near->size(), size_t(4000));  // Coat, Shirt, Sneaker, Ankle boot
        for (size_t i = 0; i < ind->size(); i += 97) QVERIFY(demo::isInD(ind->label(i)));
        for (size_t i = 0; i < near->size(); i += 97) QVERIFY(!demo::isInD(near->label(i)));
        QCOMPARE(openImageDataset("demo:ind-train")->size(), size_t(36000));
        QCOMPARE(std::string(demo::kClassNames[9]), std::string("Ankle boot"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, openImageDataset("demo:nothing"));
    }

    void farOodSetsAreDeterministic() {
        for (const char* name : {"demo:glyphs", "demo:textures"}) {
            const auto a = openImageDataset(name);
            const auto b = openImageDataset(name);
            QCOMPARE(a->size(), size_t(2000));
            QCOMPARE(a->fingerprint(), b->fingerprint());
            for (size_t i : {size_t(0), size_t(1), size_t(777), size_t(1999)}) {
                const cv::Mat x = a->load(i), y = b->load(i);
                QCOMPARE(x.size(), cv::Size(28, 28));
                QCOMPARE(x.type(), CV_8UC1);
                QCOMPARE(cv::norm(x, y, cv::NORM_L1), 0.0);
                QCOMPARE(cv::norm(x, a->load(i), cv::NORM_L1), 0.0);  // independent of load order
            }
            QVERIFY(cv::norm(a->load(0), a->load(1), cv::NORM_L1) > 0);
        }
        const auto other = demo::farOodDataset(demo::FarOodKind::Glyphs, 10, 7);
        QVERIFY(cv::norm(other->load(0), openImageDataset("demo:glyphs")->load(0), cv::NORM_L1) > 0);
        QVERIFY(other->fingerprint() != openImageDataset("demo:glyphs")->fingerprint());
    }

    void imagesLookLikeTheirKind() {
        const auto glyphs = openImageDataset("demo:glyphs");
        const auto textures = openImageDataset("demo:textures");
        int inkless = 0, flat = 0;
        double glyphMean = 0;
        for (size_t i = 0; i < 200; ++i) {
            const cv::Mat g = glyphs->load(i);
            double lo, hi;
            cv::minMaxLoc(g, &lo, &hi);
            if (hi < 100) ++inkless;
            glyphMean += cv::mean(g)[0] / 200;
            cv::Scalar mean, stddev;
            cv::meanStdDev(textures->load(i), mean, stddev);
            if (stddev[0] < 8) ++flat;
        }
        QVERIFY2(inkless <= 4, qPrintable(QString::number(inkless)));  // a glyph may leave the frame, rarely
        QVERIFY(glyphMean < 60);                                       // dark background, bright strokes
        QVERIFY2(flat <= 4, qPrintable(QString::number(flat)));        // textures have structure
    }
};

QTEST_APPLESS_MAIN(TestDemoData)
#include "test_demo_data.moc"
