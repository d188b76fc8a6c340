// The studio's main window: opening workspaces, refusing bad ones, autosave, the worker thread,
// and `synood-studio --screenshot`.
#include "MainWindow.h"
#include "NamedSets.h"
#include "SettingsDialog.h"
#include "SynthesisPanel.h"

#include "EmbeddingView.h"
#include "GalleryFilter.h"
#include "GalleryModel.h"
#include "InspectorPanel.h"
#include "TrajectoryPlot.h"
#include "ScoreHistogram.h"
#include "QCustomPlotInclude.h"
#include "core/AtomicFile.h"
#include "core/Threads.h"
#include "data/Workspace.h"

#include <nlohmann/json.hpp>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QDir>
#include <QMenuBar>
#include <QTranslator>
#include <QSettings>
#include <QStatusBar>
#include <QStandardPaths>
#include <QItemSelection>
#include <QListView>
#include <QSignalSpy>
#include <QUndoStack>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace synood;

namespace {
QString makeWorkspace(const QTemporaryDir& tmp, const QString& sub, int n) {
    const QString dir = tmp.filePath(sub);
    QDir().mkpath(dir);
    std::vector<Sample> samples;
    for (int i = 0; i < n; ++i) {
        cv::Mat img(28, 28, CV_8UC1);
        cv::randu(img, 0, 255);
        cv::circle(img, {14, 14}, 4 + i % 8, cv::Scalar(255), -1);
        const std::string rel = "img" + std::to_string(i) + ".png";
        cv::imwrite((dir + "/" + QString::fromStdString(rel)).toStdString(), img);
        Sample s;
        s.image = rel;
        s.className = "Dress";
        samples.push_back(s);
    }
    Workspace::create(dir.toStdString(), sub.toStdString(), samples);
    return dir;
}
}  // namespace

class TestStudioWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SynOOD-test"));  // never the user's settings
        QCoreApplication::setApplicationName(QStringLiteral("test_studio_window"));
    }

    // Settings: a pack that does not load is refused with its reason and the previous one stays; a
    // device this build lacks is refused; a good pack is kept in the settings.
    void badModelPackIsRefusedAndPreviousKept() {
        studio::MainWindow window(1);
        const QString before = window.modelPack();
        QSignalSpy applied(&window, &studio::MainWindow::modelApplied);
        QTemporaryDir tmp;
        window.applyModel(tmp.path(), "cpu");  // a folder without pack.json
        QTRY_COMPARE(applied.count(), 1);
        QCOMPARE(applied.at(0).at(0).toBool(), false);
        QVERIFY2(window.lastModelError().contains("pack.json"), qPrintable(window.lastModelError()));
        QCOMPARE(window.modelPack(), before);
        if (availableDevices().size() == 1) {
            window.applyModel(before, "cuda:0");
            QTRY_COMPARE(applied.count(), 2);
            QCOMPARE(applied.at(1).at(0).toBool(), false);
            QVERIFY2(window.lastModelError().contains("cuda", Qt::CaseInsensitive), qPrintable(window.lastModelError()));
        }
        const int n = applied.count();
        window.applyModel(before, "cpu");
        QTRY_COMPARE(applied.count(), n + 1);
        QCOMPARE(applied.last().at(0).toBool(), true);
        QCOMPARE(QSettings().value("model/pack").toString(), before);
    }

    // --world scenes: the scenes pack and test sets for this session; the settings keep their pack.
    void scenesWorldIsForThisSessionOnly() {
        studio::MainWindow window(1);
        const QString saved = QSettings().value("model/pack", window.modelPack()).toString();
        window.useDemoWorld(demo::ToyWorld::Scenes);
        QVERIFY2(window.modelPack().endsWith("scenes-pack"), qPrintable(window.modelPack()));
        QStringList texts;
        for (QLineEdit* e : window.findChildren<QLineEdit*>()) texts << e->text();
        const QString sets = "near=demo:scenes-near, backgrounds=demo:scenes-empty, objects=demo:scenes-objects";
        QCOMPARE(texts.count(sets), 2);  // the map's test sets and the evaluate panel's
        QVERIFY(texts.contains("demo:scenes-ind"));
        auto* source = window.synthesisPanel()->findChild<QComboBox*>(QStringLiteral("promptSource"));
        QVERIFY(source);
        QCOMPARE(source->currentData().toString(), QStringLiteral("context"));
        QCOMPARE(QSettings().value("model/pack", window.modelPack()).toString(), saved);
        window.useDemoWorld(demo::ToyWorld::Fashion);
        QVERIFY(window.modelPack().endsWith("demo-pack"));
        texts.clear();
        for (QLineEdit* e : window.findChildren<QLineEdit*>()) texts << e->text();
        QCOMPARE(texts.count(studio::demoOodSets()), 2);
    }

    void settingsKeepThePrecision() {
        QTemporaryDir tmp;
        QSettings stored(tmp.filePath("settings.ini"), QSettings::IniFormat);
        studio::StudioSettings s = studio::StudioSettings::load(stored, QStringLiteral("pack"));
        QCOMPARE(s.precision, ops::ModelSource().precision);  // the default written once, in ops
        s.precision = Precision::BFloat16;
        s.save(stored);
        QCOMPARE(studio::StudioSettings::load(stored, QStringLiteral("pack")).modelSource().precision, Precision::BFloat16);
        stored.setValue(QStringLiteral("compute/precision"), QStringLiteral("fp64"));  // unknown to this version
        QCOMPARE(studio::StudioSettings::load(stored, QStringLiteral("pack")).precision, ops::ModelSource().precision);
        studio::SettingsDialog dialog(s, {QStringLiteral("cpu")});
        auto* box = dialog.findChild<QComboBox*>(QStringLiteral("precision"));
        QVERIFY(box);
        QCOMPARE(box->currentData().toString(), QStringLiteral("bf16"));
        box->setCurrentIndex(box->findData(QStringLiteral("fp32")));
        QCOMPARE(dialog.settings().precision, Precision::Float32);
    }

    void opensWorkspaceAndStartsWorker() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 12);
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        QCOMPARE(window.galleryModel()->rowCount(), 12);
        window.show();
        QTRY_VERIFY(window.workerReady());
    }

    void badWorkspaceIsRefusedAndPreviousKept() {
        QTemporaryDir tmp;
        const QString good = makeWorkspace(tmp, "good", 3);
        const QString bad = tmp.filePath("bad");
        QDir().mkpath(bad);
        writeFileAtomically((bad + "/workspace.json").toStdString(), "{\"schema_version\": 1, \"samp");
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(good), QString());
        const QString error = window.openWorkspace(bad);
        QVERIFY(error.contains("corrupt"));
        QCOMPARE(window.galleryModel()->rowCount(), 3);
        QCOMPARE(QString::fromStdString(readWholeFile((bad + "/workspace.json").toStdString())), QString("{\"schema_version\": 1, \"samp"));
    }

    void curationIsWrittenAtOnce() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 4);
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        window.galleryModel()->setStatus(1, Status::Rejected);
        QVERIFY(Workspace::load(dir.toStdString()).sample(1).status == Status::Rejected);  // no timer, no save
    }

    // A `synood synth` run (here: another connection) adds samples while the window has the workspace
    // open: they appear within the watch's second, without a reload.
    void anotherWritersSamplesAppear() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 4);
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        Workspace other = Workspace::load(dir.toStdString());
        Sample s;
        s.image = "img0.png";
        s.origin = Origin::Synthesized;
        s.tags = {"near-boundary", "looks-ind"};
        other.add(std::vector<Sample>{s, s, s});
        QTRY_COMPARE_WITH_TIMEOUT(window.galleryModel()->rowCount(), 7, 5000);
        // The tags they bring become choices of the filter bar, in order.
        QComboBox* tags = nullptr;
        for (QComboBox* c : window.findChildren<QComboBox*>()) {
            if (c->toolTip() == QLatin1String("Tag")) tags = c;
        }
        QVERIFY(tags);
        QCOMPARE(tags->count(), 3);
        QCOMPARE(tags->itemData(1).toString(), QStringLiteral("looks-ind"));
        QCOMPARE(tags->itemData(2).toString(), QStringLiteral("near-boundary"));
    }

    // Keyboard curation through the real window: A accepts and moves on, R rejects, Ctrl+Z undoes one
    // step (a multi-selection change is one step), Ctrl+Shift+Z redoes; the view is never reset and
    // every change is autosaved.
    void keyboardCurationIsUndoable() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 6);
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QListView* view = window.galleryView();
        auto* model = window.galleryModel();
        const auto status = [&](int row) { return QString(toString(model->workspace()->sample(static_cast<size_t>(row)).status)); };
        QSignalSpy resets(model, &QAbstractItemModel::modelReset);
        view->setFocus();
        view->setCurrentIndex(view->model()->index(0, 0));
        QTest::keyClick(view, Qt::Key_A);
        QCOMPARE(status(0), QString("accepted"));
        QCOMPARE(view->currentIndex().row(), 1);
        QTest::keyClick(view, Qt::Key_R);
        QCOMPARE(status(1), QString("rejected"));
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);
        QCOMPARE(status(1), QString("pending"));
        QCOMPARE(status(0), QString("accepted"));
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(status(1), QString("rejected"));

        view->selectionModel()->select(QItemSelection(view->model()->index(2, 0), view->model()->index(4, 0)),
                                       QItemSelectionModel::ClearAndSelect);
        QTest::keyClick(view, Qt::Key_A);
        for (int row : {2, 3, 4}) QCOMPARE(status(row), QString("accepted"));
        QTest::keyClick(view, Qt::Key_Z, Qt::ControlModifier);  // one step for the three
        for (int row : {2, 3, 4}) QCOMPARE(status(row), QString("pending"));
        QCOMPARE(status(1), QString("rejected"));

        window.toggleSelectionTag("odd");
        for (int row : {2, 3, 4}) QVERIFY(model->data(model->index(row), widgets::GalleryModel::TagsRole).toStringList().contains("odd"));
        window.toggleSelectionTag("odd");  // all carry it: removed
        QVERIFY(model->data(model->index(3), widgets::GalleryModel::TagsRole).toStringList().isEmpty());
        window.undoStack()->undo();
        QVERIFY(model->data(model->index(3), widgets::GalleryModel::TagsRole).toStringList().contains("odd"));
        QCOMPARE(resets.count(), 0);
        QTRY_VERIFY(Workspace::load(dir.toStdString()).sample(1).status == Status::Rejected);
        QTRY_VERIFY(Workspace::load(dir.toStdString()).sample(3).tags == std::vector<std::string>{"odd"});
    }

    // The curated set: accepted samples as an ImageFolder tree with manifests; a second export to the
    // same folder is refused and leaves it as it was; nothing half-written stays behind.
    void exportWritesTheCuratedSet() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 5);
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        QVERIFY(window.exportCurated(tmp.filePath("none")).contains("no accepted samples"));
        QVERIFY(!QFile::exists(tmp.filePath("none")));
        window.galleryModel()->setStatus(1, Status::Accepted);
        window.galleryModel()->setStatus(3, Status::Accepted);
        const QString out = tmp.filePath("curated");
        QCOMPARE(window.exportCurated(out), QString());
        const QStringList images = QDir(out + "/dress").entryList(QDir::Files);
        QCOMPARE(images.size(), 2);
        QFile json(out + "/manifest.json");
        QVERIFY(json.open(QIODevice::ReadOnly));
        const auto manifest = nlohmann::json::parse(json.readAll().toStdString());
        QCOMPARE(manifest["samples"].size(), size_t(2));
        const Workspace ws = Workspace::load(dir.toStdString());
        QCOMPARE(manifest["samples"][0]["id"].get<std::string>(), ws.sample(1).id);
        QCOMPARE(QString::fromStdString(
                     readWholeFile((out + "/" + QString::fromStdString(manifest["samples"][0]["file"].get<std::string>())).toStdString())),
                 QString::fromStdString(readWholeFile(ws.absoluteImagePath(ws.sample(1)))));
        QFile csv(out + "/manifest.csv");
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(csv.readAll().count('\n'), 3);
        QVERIFY(window.exportCurated(out).contains("already exists"));
        QCOMPARE(QDir(out + "/dress").entryList(QDir::Files).size(), 2);
        QVERIFY(!window.exportCurated("/proc/synood-export").isEmpty());  // not writable: a message
        for (const QString& name : QDir(tmp.path()).entryList()) QVERIFY2(!name.contains(".partial-"), qPrintable(name));
    }

    // Embeddings computed on the worker with the demo pack; the lasso's selection reaches the gallery
    // and the gallery's selection reaches the view.
    void embeddingsAreComputedAndLinkedToTheGallery() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 12);
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        window.show();
        QTRY_VERIFY(window.workerReady());
        window.computeEmbeddings();
        QTRY_COMPARE_WITH_TIMEOUT(window.embeddingView()->pointCount(), 12, 120000);
        QVERIFY(QFile::exists(dir + "/cache/embedding.features"));
        // Lasso result (rows inside a polygon around everything) -> the gallery selects them all.
        const QVector<int> all = window.embeddingView()->rowsInside(QPolygonF({{-1e6, -1e6}, {1e6, -1e6}, {1e6, 1e6}, {-1e6, 1e6}}));
        QCOMPARE(all.size(), 12);
        Q_EMIT window.embeddingView()->selectionChanged({2, 5});
        QCOMPARE(window.galleryView()->selectionModel()->selectedIndexes().size(), 2);
        // Gallery -> view.
        window.galleryView()->selectionModel()->select(window.galleryView()->model()->index(7, 0), QItemSelectionModel::ClearAndSelect);
        QCOMPARE(window.embeddingView()->selectedRows(), QVector<int>{7});
        // Colour by status: the accepted sample gets its own group; by score: eight bins, every point in one.
        window.galleryModel()->setStatus(4, Status::Accepted);
        window.colourEmbeddingsBy("status");
        QCOMPARE(window.embeddingView()->points().groupNames.size(), 3);
        QCOMPARE(window.embeddingView()->points().group[4], 1);
        QCOMPARE(window.embeddingView()->points().group.count(1), 1);
        window.colourEmbeddingsBy("score");
        QCOMPARE(window.embeddingView()->points().groupNames.size(), 8);
        for (int g : window.embeddingView()->points().group) QVERIFY(g >= 0 && g < 8);
        QCOMPARE(window.embeddingView()->selectedRows(), QVector<int>{7});  // the selection stays
        window.colourEmbeddingsBy("class");
        QCOMPARE(window.embeddingView()->points().groupNames, QStringList{"Dress"});
        // The scores reach the samples and the score view; its band filters the gallery.
        int counted = 0;
        for (const auto& g : window.scoreView()->counts())
            for (int c : g) counted += c;
        QCOMPARE(counted, 12);
        QVERIFY(window.scoreView()->bandHigh() >= window.scoreView()->bandLow());
        std::vector<double> scores;
        for (const auto& s : window.galleryModel()->workspace()->samples()) scores.push_back(s.scores.at("energy"));
        std::sort(scores.begin(), scores.end());
        Q_EMIT window.scoreView()->bandChanged(scores[3], scores[8]);
        QCOMPARE(window.galleryView()->model()->rowCount(), 6);
        Q_EMIT window.scoreView()->bandCleared();
        QCOMPARE(window.galleryView()->model()->rowCount(), 12);
        QVERIFY(Workspace::load(dir.toStdString()).sample(0).scores.count("energy") == 1);  // written with them
        // UMAP instead of PCA: the same points, no boundary map.
        const double pcaX = window.embeddingView()->points().x[0];
        window.setProjection("umap");
        QTRY_VERIFY_WITH_TIMEOUT(window.embeddingView()->points().x[0] != pcaX, 60000);
        QCOMPARE(window.embeddingView()->pointCount(), 12);
        QCOMPARE(window.embeddingView()->plot()->xAxis->label(), QString("UMAP 1"));
    }

    // Test sets in the map: a set whose images are copies of five samples lands exactly on them (the
    // same PCA plane) with their scores; a click on one of its points shows it in the inspector; with
    // a new plane (UMAP) the sets are placed again; Clear removes them; a bad spec is refused.
    void testSetsArePlacedInTheMap() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 16);
        QDir().mkpath(tmp.filePath("set/Dress"));
        for (int i = 0; i < 5; ++i) {
            QVERIFY(QFile::copy(dir + QStringLiteral("/img%1.png").arg(i), tmp.filePath(QStringLiteral("set/Dress/%1.png").arg(i))));
        }
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        window.show();
        QTRY_VERIFY(window.workerReady());
        window.computeEmbeddings();
        QTRY_COMPARE_WITH_TIMEOUT(window.embeddingView()->pointCount(), 16, 120000);
        QLineEdit* edit = nullptr;
        for (QLineEdit* e : window.findChildren<QLineEdit*>()) {
            if (e->toolTip().startsWith(QLatin1String("Test sets"))) edit = e;
        }
        QPushButton *add = nullptr, *clear = nullptr;
        for (QPushButton* b : window.findChildren<QPushButton*>()) {
            if (b->text() == QLatin1String("Add to map")) add = b;
            if (b->text() == QLatin1String("Clear") && b->toolTip().contains(QLatin1String("test sets"))) clear = b;
        }
        QVERIFY(edit && add && clear);
        edit->setText(QStringLiteral("copies"));  // not name=spec
        add->click();
        QVERIFY(window.embeddingView()->testSets().isEmpty());
        QSignalSpy shown(&window, &studio::MainWindow::testSetsShown);
        edit->setText(QStringLiteral("copies=") + tmp.filePath("set"));
        add->click();
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, 60000);
        const auto& sets = window.embeddingView()->testSets();
        QCOMPARE(sets.size(), 1);
        QCOMPARE(sets[0].name, QStringLiteral("copies"));
        QCOMPARE(sets[0].x.size(), 5);
        const widgets::EmbeddingPoints& points = window.embeddingView()->points();
        for (int i = 0; i < 5; ++i) {
            const int row = sets[0].index[i];  // the folder's files in order: 0.png … 4.png are samples 0 … 4
            QVERIFY(std::abs(sets[0].x[i] - points.x[row]) < 1e-4 && std::abs(sets[0].y[i] - points.y[row]) < 1e-4);
            QVERIFY(std::abs(sets[0].score[i] - points.score[row]) < 1e-3);
        }
        // A click on the third point shows it in the inspector.
        QCustomPlot* plot = window.embeddingView()->plot();
        const QPoint at(qRound(plot->xAxis->coordToPixel(sets[0].x[2])), qRound(plot->yAxis->coordToPixel(sets[0].y[2])));
        QSignalSpy chosen(window.embeddingView(), &widgets::EmbeddingView::testPointChosen);
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(chosen.count(), 1);
        QVERIFY(window.embeddingView()->testPointAt(at).first == 0);
        const QString summary = window.inspector()->summaryText();
        QVERIFY2(summary.contains("<b>copies</b>") && summary.contains("energy score") && summary.contains("the boundary"),
                 qPrintable(summary));
        QVERIFY(window.inspector()->trajectory()->isHidden());
        QVERIFY(!window.inspector()->provenanceShown());  // an image from outside the workspace has none
        // A rectangle around all of them selects them: counted, and the likeliest InD (highest score) shown.
        QSignalSpy selected(window.embeddingView(), &widgets::EmbeddingView::testPointsSelected);
        window.embeddingView()->setSelectionTool(widgets::SelectionTool::Rectangle);
        const QRect area = plot->axisRect()->rect();
        QTest::mousePress(plot, Qt::LeftButton, {}, area.topLeft() + QPoint(1, 1));
        QTest::mouseMove(plot, area.center());
        QTest::mouseRelease(plot, Qt::LeftButton, {}, area.bottomRight() - QPoint(1, 1));
        QCOMPARE(selected.count(), 1);
        QCOMPARE(selected[0][0].value<QVector<widgets::TestPointRef>>().size(), 5);
        QCOMPARE(window.embeddingView()->chosenTestPointCount(), 5);
        const QString message = window.statusBar()->currentMessage();
        QVERIFY2(message.contains("5 test image(s) selected (copies 5)"), qPrintable(message));
        const int likeliest = static_cast<int>(std::max_element(sets[0].score.begin(), sets[0].score.end()) - sets[0].score.begin());
        QVERIFY2(window.inspector()->summaryText().contains(QStringLiteral("image %1 (").arg(sets[0].index[likeliest])),
                 qPrintable(window.inspector()->summaryText()));
        window.embeddingView()->setSelectionTool(widgets::SelectionTool::None);
        // A new plane places them again.
        window.setProjection("umap");
        QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 2, 60000);
        QCOMPARE(window.embeddingView()->testSets().size(), 1);
        clear->click();
        QVERIFY(window.embeddingView()->testSets().isEmpty());
    }

    // The inspector follows the gallery's current sample: a synthesized one shows its seed, its
    // prompt and pseudo label, and its trajectory (one curve per iteration plus the iteration scores).
    void inspectorShowsASynthesizedSample() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 2);
        {
            Workspace ws = Workspace::load(dir.toStdString());
            Sample s;
            s.image = "img1.png";
            s.origin = Origin::Synthesized;
            s.provenance = {{"seed_image", ws.absoluteImagePath(ws.sample(0))},
                            {"prompt", "a photo of a clog."},
                            {"prompt_source", "wordnet"},
                            {"prompt_detail", "clog"},
                            {"mask", "whole"},
                            {"trajectory", {{"iterations", {1.0, 2.0}}, {"steps", {{0.5, 0.6, 0.7}, {0.8, 0.9, 1.0}}}}},
                            {"band", {0.5, 1.5}},
                            {"near_boundary", true},
                            {"pseudo_label", "wooden shoe"},
                            {"looks_like", "Sandal"},
                            {"parameters", {{"target", 1.2}}},
                            {"mask_image", "img1.mask.png"}};
            QImage mask(8, 8, QImage::Format_Grayscale8);  // left half painted
            mask.fill(0);
            for (int y = 0; y < 8; ++y)
                for (int x = 0; x < 4; ++x) mask.setPixel(x, y, qRgb(255, 255, 255));
            QVERIFY(mask.save(QFileInfo(QString::fromStdString(ws.absoluteImagePath(s))).dir().filePath("img1.mask.png")));
            s.scores["looks_ind"] = 0.0612;
            ws.add(s);
        }
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        window.galleryView()->setCurrentIndex(window.galleryView()->model()->index(2, 0));
        const QString summary = window.inspector()->summaryText();
        QVERIFY2(summary.contains("a photo of a clog.") && summary.contains("wooden shoe") && summary.contains("near the boundary"),
                 qPrintable(summary));
        QVERIFY2(summary.contains("looks like “Sandal” (zero-shot probability 0.061)") && !summary.contains("looks_ind score"),
                 qPrintable(summary));
        QVERIFY(window.inspector()->seedShown());
        QVERIFY(window.inspector()->maskShown());
        QCustomPlot* plot = window.inspector()->trajectory()->plot();
        QCOMPARE(plot->graphCount(), 3);
        QCOMPARE(plot->graph(0)->dataCount(), 2);  // the score after each iteration
        QCOMPARE(plot->graph(1)->dataCount(), 3);  // iteration 1's steps
        QCOMPARE(plot->itemCount(), 3);            // band low, band high, target
        QVERIFY(!window.inspector()->trajectory()->isHidden());
        QVERIFY(window.inspector()->provenanceShown());
        window.galleryView()->setCurrentIndex(window.galleryView()->model()->index(0, 0));
        QVERIFY(!window.inspector()->seedShown());
        QVERIFY(window.inspector()->trajectory()->isHidden());  // an InD seed has none to plot
        QCOMPARE(window.inspector()->trajectory()->plot()->graph(0)->dataCount(), 0);
        QCOMPARE(window.inspector()->trajectory()->plot()->graphCount(), 1);
        // Filtered to synthesized samples, the view shows one row, and curating it changes that sample.
        window.galleryFilter()->setOrigin("synthesized");
        QCOMPARE(window.galleryView()->model()->rowCount(), 1);
        window.galleryView()->setCurrentIndex(window.galleryView()->model()->index(0, 0));
        window.setSelectionStatus(Status::Accepted);
        QVERIFY(window.galleryModel()->workspace()->sample(2).status == Status::Accepted);
        QVERIFY(window.galleryModel()->workspace()->sample(0).status == Status::Pending);
        window.galleryFilter()->setOrigin({});
        window.galleryFilter()->setText("CLOG");  // the prompt, case-insensitive
        QCOMPARE(window.galleryView()->model()->rowCount(), 1);
    }

    // The Simplified Chinese translation: complete, compiled by the build, and used by the window.
    void chineseTranslationCoversTheWindow() {
        QFile ts(SYNOOD_TEST_REPO_DIR "/translations/synood_zh_CN.ts");
        QVERIFY(ts.open(QIODevice::ReadOnly));
        const QByteArray text = ts.readAll();
        QVERIFY(text.count("<message") > 100);
        QCOMPARE(text.count("type=\"unfinished\""), 0);
        QTranslator translator;
        QVERIFY(translator.load(QStringLiteral(SYNOOD_STUDIO_QM_DIR "/synood_zh_CN.qm")));
        QCoreApplication::installTranslator(&translator);
        {
            studio::MainWindow window(1);
            QStringList menus;
            for (QAction* a : window.menuBar()->actions()) menus << a->text();
            QVERIFY2(menus.contains(QString::fromUtf8("文件(&F)")) && menus.contains(QString::fromUtf8("整理(&C)")),
                     qPrintable(menus.join(", ")));
        }
        QCoreApplication::removeTranslator(&translator);
    }

    void screenshotWritesANonBlankPicture() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 30);
        const QString png = tmp.filePath("shot.png");
        QProcess p;
        p.start(QStringLiteral(SYNOOD_STUDIO_PATH), {"--workspace", dir, "--screenshot", png, "--threads", "1"});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 640 && image.height() >= 400);
        // Non-blank: many distinct colours (thumbnails of random images, text, status strips).
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 50, qPrintable(QString::number(colours.size())));
    }

    void screenshotOfACorruptWorkspaceFailsClearly() {
        QTemporaryDir tmp;
        writeFileAtomically(tmp.filePath("workspace.json").toStdString(), "{\"schema_version\": 7}");
        QProcess p;
        p.start(QStringLiteral(SYNOOD_STUDIO_PATH), {"--workspace", tmp.path(), "--screenshot", tmp.filePath("x.png")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("newer"));
        QVERIFY(!QFile::exists(tmp.filePath("x.png")));
    }
};

QTEST_MAIN(TestStudioWindow)
#include "test_studio_window.moc"
