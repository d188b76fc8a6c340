// The scenes world (garments of Fashion-MNIST composited on named backgrounds) and the offline
// context source that answers SynOOD's MLLM question from an image's scene file.
#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/ImageIO.h"
#include "data/Workspace.h"
#include "demo/DemoWorkspace.h"
#include "demo/FarOod.h"
#include "demo/FashionMnist.h"
#include "demo/Scenes.h"
#include "synth/ContextPromptSource.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>

#include <QTemporaryDir>
#include <QtTest>

#include <array>
#include <fstream>
#include <numeric>

using namespace synood;

namespace {

// How often each background kind occurs per class among the first n images of a set.
std::array<std::array<int, demo::kBackgroundKindCount>, demo::kNumClasses> backgroundCounts(const demo::SceneDataset& set, size_t n) {
    std::array<std::array<int, demo::kBackgroundKindCount>, demo::kNumClasses> counts{};
    for (size_t i = 0; i < std::min(n, set.size()); ++i) {
        const demo::SceneInfo info = set.info(i);
        ++counts[static_cast<size_t>(info.label)][static_cast<size_t>(info.background)];
    }
    return counts;
}

int likeliest(const std::array<int, demo::kBackgroundKindCount>& counts) {
    return static_cast<int>(std::max_element(counts.begin(), counts.end()) - counts.begin());
}

int kindNamed(const char* name) {
    return static_cast<int>(
        std::find_if(demo::kBackgroundKinds.begin(), demo::kBackgroundKinds.end(), [&](const char* k) { return std::string(k) == name; }) -
        demo::kBackgroundKinds.begin());
}

}  // namespace

class TestScenes : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { demo::registerDemoDatasets(); }

    void imagesAreDeterministicColourScenes() {
        for (const char* name : {"demo:scenes-ind", "demo:scenes-near", "demo:scenes-empty", "demo:scenes-objects"}) {
            const auto a = openImageDataset(name), b = openImageDataset(name);
            QCOMPARE(a->fingerprint(), b->fingerprint());
            for (size_t i : {size_t(0), size_t(3), size_t(1999)}) {
                const cv::Mat x = a->load(i);
                QCOMPARE(x.size(), cv::Size(demo::kSceneSide, demo::kSceneSide));
                QCOMPARE(x.type(), CV_8UC3);
                QCOMPARE(cv::norm(x, b->load(i), cv::NORM_L1), 0.0);
            }
            QVERIFY(cv::norm(a->load(0), a->load(1), cv::NORM_L1) > 0);
        }
        QCOMPARE(openImageDataset("demo:scenes-ind")->size(), size_t(6000));
        QCOMPARE(openImageDataset("demo:scenes-near")->size(), size_t(4000));
        QCOMPARE(openImageDataset("demo:scenes-empty")->size(), size_t(demo::kFarOodCount));
        QVERIFY(openImageDataset("demo:scenes-ind")->fingerprint() != openImageDataset("demo:scenes-near")->fingerprint());
    }

    // Each image's metadata: the garment's class (the same as the plain world's image), its place
    // inside the image (at most a sixth off an edge), the background alone for scenes-empty.
    void everyImageCarriesItsScene() {
        const auto scenes = demo::scenesDataset(demo::SceneSet::Ind);
        const auto plain = openImageDataset("demo:ind");
        for (size_t i = 0; i < 500; i += 7) {
            const demo::SceneInfo info = scenes->info(i);
            QCOMPARE(info.label, plain->label(i));
            QCOMPARE(info.object, std::string(demo::kClassNames[static_cast<size_t>(info.label)]));
            QVERIFY(info.size >= 22 && info.size <= 34);
            QVERIFY(info.x >= -info.size / 6 && info.x + info.size <= demo::kSceneSide + info.size / 6);
            QVERIFY(info.background >= 0 && info.background < demo::kBackgroundKindCount);
        }
        const demo::SceneInfo empty = demo::scenesDataset(demo::SceneSet::Empty)->info(5);
        QVERIFY(empty.object.empty() && empty.label == -1 && empty.size == 0);
        QCOMPARE(demo::scenesDataset(demo::SceneSet::Objects)->info(5).object, std::string("glyph"));
    }

    // Context goes with the class in part: a class's own background in about 0.6 + 0.4/8 = 65 % of
    // its images (uncorrelated would be 12.5 %, always 100 %), and every held-out class shares its
    // likeliest background with an InD class.
    void contextGoesWithTheClass() {
        const auto train = demo::scenesDataset(demo::SceneSet::IndTrain);
        const auto counts = backgroundCounts(*train, 6000);
        const int sandal = 5, bag = 8, pullover = 2;
        QCOMPARE(likeliest(counts[sandal]), kindNamed("sandy beach"));
        QCOMPARE(likeliest(counts[bag]), kindNamed("marble table"));
        for (int c : demo::kInDClasses) {
            const int total = std::accumulate(counts[static_cast<size_t>(c)].begin(), counts[static_cast<size_t>(c)].end(), 0);
            const double share =
                static_cast<double>(counts[static_cast<size_t>(c)][static_cast<size_t>(likeliest(counts[static_cast<size_t>(c)]))]) / total;
            QVERIFY2(share > 0.55 && share < 0.75, qPrintable(QString("class %1: %2 of %3").arg(c).arg(share).arg(total)));
        }
        const auto near = backgroundCounts(*demo::scenesDataset(demo::SceneSet::Near), 4000);
        const int coat = 4;
        QCOMPARE(likeliest(near[coat]), likeliest(counts[pullover]));  // coats where pullovers are
        for (int c : demo::kHeldOutClasses) {
            bool shared = false;
            for (int d : demo::kInDClasses)
                shared = shared || likeliest(near[static_cast<size_t>(c)]) == likeliest(counts[static_cast<size_t>(d)]);
            QVERIFY2(shared, demo::kClassNames[static_cast<size_t>(c)]);
        }
    }

    // The garment is painted with its brightness as opacity, in its tint: a white square shows the
    // tint, black leaves the background, and the parts outside the image are cut.
    void composingPaintsTheObjectInItsTint() {
        const cv::Mat background(demo::kSceneSide, demo::kSceneSide, CV_8UC3, cv::Scalar(10, 20, 30));
        cv::Mat object(28, 28, CV_8U, cv::Scalar(0));
        object(cv::Rect(7, 7, 14, 14)).setTo(255);
        demo::SceneInfo info;
        info.size = 28;
        info.x = -2;
        info.y = 30;  // half of it below the image
        info.tint = {200, 100, 50};
        const cv::Mat out = demo::composeScene(background, object, info);
        QCOMPARE(out.size(), background.size());
        QCOMPARE(out.at<cv::Vec3b>(40, 12), cv::Vec3b(50, 100, 200));  // BGR of the tint
        QCOMPARE(out.at<cv::Vec3b>(32, 1), cv::Vec3b(10, 20, 30));     // the object's black
        QCOMPARE(out.at<cv::Vec3b>(5, 12), cv::Vec3b(10, 20, 30));     // away from it
    }

    void sceneFilesRoundTripAndAnswerTheContext() {
        QTemporaryDir tmp;
        const std::string image = tmp.filePath("a.png").toStdString();
        demo::SceneInfo info = demo::scenesDataset(demo::SceneSet::Objects)->info(3);
        info.background = kindNamed("snow");
        demo::writeSceneFile(image, info);
        QCOMPARE(sceneFilePath(image), tmp.filePath("a.scene.json").toStdString());
        const std::optional<demo::SceneInfo> back = demo::readSceneInfo(image);
        QVERIFY(back);
        QCOMPARE(back->background, info.background);
        QCOMPARE(back->x, info.x);
        QCOMPARE(back->tint, info.tint);
        QCOMPARE(sceneContextOf(image).value_or(""), std::string("snow"));
        QVERIFY(!sceneContextOf(tmp.filePath("none.png").toStdString()));
        std::ofstream(tmp.filePath("bad.scene.json").toStdString()) << "{\"object\": \"x\"}";
        QVERIFY_THROWS_EXCEPTION(SynoodError, sceneContextOf(tmp.filePath("bad.png").toStdString()));
    }

    // The offline stand-in for the MLLM: the scene file's context in the MLLM's template; no scene
    // file, or a context naming an excluded concept, falls back to WordNet relatives with the reason.
    void contextSourceFollowsThePapersPath() {
        QTemporaryDir tmp;
        const std::vector<std::string> ind{"T-shirt", "Trouser", "Pullover", "Dress", "Sandal", "Bag"};
        const auto source = makePromptSource("context", ind, {"snow"});
        QCOMPARE(source->name(), std::string("context"));
        demo::SceneInfo info;
        info.label = 5;
        info.object = "Sandal";
        info.background = kindNamed("sandy beach");
        const std::string beach = tmp.filePath("beach.png").toStdString(), white = tmp.filePath("white.png").toStdString();
        demo::writeSceneFile(beach, info);
        info.background = kindNamed("snow");
        demo::writeSceneFile(white, info);
        std::mt19937_64 rng(1);
        const PromptChoice choice = source->promptFor({"Sandal", beach}, rng);
        QCOMPARE(choice.prompt, std::string("A photo only remain a sandy beach."));
        QCOMPARE(choice.source, std::string("context"));
        QCOMPARE(choice.detail, std::string("a sandy beach"));
        const PromptChoice excluded = source->promptFor({"Sandal", white}, rng);
        QCOMPARE(excluded.source, std::string("wordnet"));
        QVERIFY2(excluded.detail.find("context fallback: the context 'snow' names an excluded concept") != std::string::npos,
                 excluded.detail.c_str());
        const PromptChoice none = source->promptFor({"Sandal", tmp.filePath("plain.png").toStdString()}, rng);
        QCOMPARE(none.source, std::string("wordnet"));
        QVERIFY2(none.detail.find("context fallback: no scene file") != std::string::npos, none.detail.c_str());
    }

    void scenesWorkspaceHasTheScenes() {
        QTemporaryDir tmp;
        const std::string dir = tmp.filePath("ws").toStdString();
        QCOMPARE(demo::createScenesWorkspace(dir, 2), size_t(12));
        const Workspace ws = Workspace::load(dir);
        QCOMPARE(ws.size(), size_t(12));
        const auto source = makePromptSource("context", {}, {});
        for (size_t i = 0; i < ws.size(); ++i) {
            const std::string image = ws.absoluteImagePath(ws.sample(i));
            QCOMPARE(readImage(image).size(), cv::Size(demo::kSceneSide, demo::kSceneSide));
            const std::optional<demo::SceneInfo> info = demo::readSceneInfo(image);
            QVERIFY(info);
            QCOMPARE(info->object, ws.sample(i).className);
            std::mt19937_64 rng(1);
            QCOMPARE(source->promptFor({ws.sample(i).className, image}, rng).prompt,
                     "A photo only remain " + demo::sceneContext(*info) + ".");
        }
        QVERIFY_THROWS_EXCEPTION(SynoodError, demo::createScenesWorkspace(dir, 2));
    }
};

QTEST_APPLESS_MAIN(TestScenes)
#include "test_scenes.moc"
