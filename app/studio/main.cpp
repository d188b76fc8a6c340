// synood-studio: the desktop studio.
#include "EmbeddingView.h"
#include "MainWindow.h"

#include "GalleryModel.h"
#include "MaskPainter.h"
#include "QCustomPlotInclude.h"
#include "SynthesisPanel.h"
#include "TrainPanel.h"
#include "JobWorker.h"
#include "ThumbnailLoader.h"
#include "core/Error.h"
#include "core/Numbers.h"
#include "core/Threads.h"
#include "demo/DemoWorkspace.h"
#include "demo/FarOod.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QSettings>
#include <QTranslator>
#include <QDir>
#include <QElapsedTimer>
#include <QImage>
#include <QMessageBox>
#include <QProgressBar>
#include <QSaveFile>
#include <QTimer>

#include <climits>
#include <cstdio>
#include <functional>
#include <optional>

namespace {

// A whole number in [low, high] from an option's text, into `out`; false (out unchanged) otherwise.
bool wholeNumber(const QString& text, long long low, long long high, int& out) {
    const std::optional<long long> v = synood::parseInteger(text.toStdString());
    if (!v || *v < low || *v > high) return false;
    out = static_cast<int>(*v);
    return true;
}

// Ensures the world's demo workspace exists (its InD training images); returns its folder.
QString ensureDemoWorkspace(synood::demo::ToyWorld world) {
    const std::string dir = synood::demo::defaultDemoWorkspaceDir(world);
    if (!synood::Workspace::exists(dir)) {
        std::fprintf(stderr, "synood-studio: creating the demo workspace in %s\n", dir.c_str());
        if (world == synood::demo::ToyWorld::Scenes) {
            synood::demo::createScenesWorkspace(dir, 200);
        } else {
            synood::demo::createDemoWorkspace(dir, 200);
        }
    }
    return QString::fromStdString(dir);
}

// Renders the window once its thumbnails are decoded and `ready` holds (or after `limitMs`) and writes a PNG.
void scheduleScreenshot(synood::studio::MainWindow* window, const QString& path, std::function<bool()> ready, int limitMs) {
    auto* timer = new QTimer(window);
    auto* clock = new QElapsedTimer;
    clock->start();
    auto idlePolls = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, window, [=] {
        const bool idle = window->galleryModel()->thumbnailLoader()->isIdle();
        *idlePolls = idle ? *idlePolls + 1 : 0;
        const bool settled = window->workerReady() && *idlePolls >= 3 && ready();
        if (!settled && clock->elapsed() < limitMs) return;
        timer->stop();
        delete clock;
        const QImage image = window->grab().toImage();
        QSaveFile out(path);
        const bool ok = out.open(QIODevice::WriteOnly) && image.save(&out, "PNG") && out.commit();
        if (!ok)
            std::fprintf(stderr, "synood-studio: could not write %s\n", qPrintable(path));
        else
            std::fprintf(stderr, "synood-studio: wrote %s (%dx%d)\n", qPrintable(path), image.width(), image.height());
        QApplication::exit(ok ? 0 : 1);
    });
    timer->start(50);
}

// --panel: shows the panel and starts its job on the open workspace with the demo's settings; returns
// when a screenshot of it would show it mid-run (or done, for train and evaluate).
std::function<bool()> startPanel(synood::studio::MainWindow& window, const QString& panel) {
    using namespace synood;
    window.showPanel(panel);
    const Workspace* ws = window.galleryModel()->workspace();
    QStringList seeds;
    for (size_t i = 0; ws && i < ws->size() && seeds.size() < 48; ++i) {
        if (ws->sample(i).origin == Origin::InD) seeds << QString::fromStdString(ws->sample(i).id);
    }
    studio::SynthesisPanel* synthesis = window.synthesisPanel();
    if (panel == QLatin1String("synthesis") && !seeds.isEmpty()) {
        const long long row = ws->indexOf(seeds.front().toStdString());
        synthesis->useSeed(seeds.front(), QString::fromStdString(ws->absoluteImagePath(ws->sample(static_cast<size_t>(row)))));
        // The upper half repainted (a box), the lower half kept.
        synthesis->maskPainter()->fill(false);
        synthesis->maskPainter()->paintBox(
            QRect(QPoint(0, 0), QSize(synthesis->maskPainter()->mask().width(), synthesis->maskPainter()->mask().height() / 2)));
        synthesis->maskPainter()->setTool(widgets::MaskPainter::Tool::Box);
        synthesis->setSteps(30);
        synthesis->setIterations(3);
        synthesis->run();
        auto* jobs = window.jobs();
        return [synthesis, jobs] { return synthesis->liveFrames() >= 40 || !jobs->busy(); };  // in the third iteration
    }
    if (panel == QLatin1String("batch")) {
        synthesis->setSteps(20);
        synthesis->queueBatch(seeds);
        auto* jobs = window.jobs();
        return [synthesis, jobs] { return synthesis->batchProgress()->value() >= 12 || !jobs->busy(); };
    }
    studio::TrainPanel* train = window.trainPanel();
    if (panel == QLatin1String("train")) {
        train->train();
        auto* jobs = window.jobs();
        return [jobs] { return !jobs->busy(); };  // done: the whole validation curve and the kept checkpoints
    }
    if (panel == QLatin1String("evaluate")) {
        train->evaluate();
        auto* jobs = window.jobs();
        return [jobs] { return !jobs->busy(); };
    }
    std::fprintf(stderr, "synood-studio: --panel takes synthesis, batch, train or evaluate\n");
    return [] { return true; };
}

int runStudio(int argc, char** argv) {
    synood::tuneAllocatorForTensors();
    synood::demo::registerDemoDatasets();
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("synood-studio"));
    QApplication::setOrganizationName(QStringLiteral("SynOOD"));
    QApplication::setApplicationVersion(QStringLiteral(SYNOOD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QApplication::translate("main",
                                "SynOOD Studio: synthesize near-boundary OOD samples, curate them, fine-tune CLIP and "
                                "evaluate OOD detection. Without --workspace it opens the demo workspace (Fashion-MNIST, "
                                "or with --world scenes the scenes world's)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption workspaceOpt(QStringLiteral("workspace"), QApplication::translate("main", "Open the workspace in <dir>."),
                                          QStringLiteral("dir"));
    const QCommandLineOption screenshotOpt(QStringLiteral("screenshot"),
                                           QApplication::translate("main", "Render the main window to the PNG <file> and exit."),
                                           QStringLiteral("file"));
    const QCommandLineOption threadsOpt(QStringLiteral("threads"),
                                        QApplication::translate("main", "Compute threads (default: the settings', else all cores)."),
                                        QStringLiteral("n"), QStringLiteral("0"));
    const QCommandLineOption embeddingsOpt(
        QStringLiteral("embeddings"),
        QApplication::translate("main",
                                "Compute the embeddings view on start (PCA and the boundary map); the demo workspace always "
                                "does, except for --screenshot."));
    parser.addOption(workspaceOpt);
    parser.addOption(screenshotOpt);
    parser.addOption(threadsOpt);
    const QCommandLineOption languageOpt(
        QStringLiteral("language"),
        QApplication::translate("main", "Interface language: auto, en or zh_CN (default: the settings, else the system locale)."),
        QStringLiteral("lang"));
    parser.addOption(languageOpt);
    const QCommandLineOption inspectOpt(QStringLiteral("inspect"), QApplication::translate("main", "Show sample <row> in the inspector."),
                                        QStringLiteral("row"));
    parser.addOption(embeddingsOpt);
    parser.addOption(inspectOpt);
    const QCommandLineOption panelOpt(
        QStringLiteral("panel"),
        QApplication::translate("main",
                                "Show a panel and start its job on the workspace: synthesis (one seed, live), batch "
                                "(48 seeds), train (stage A and B) or evaluate (zero-shot against the adapter); with "
                                "--screenshot the picture is taken mid-run (evaluate: when done)."),
        QStringLiteral("name"));
    parser.addOption(panelOpt);
    const QCommandLineOption worldOpt(
        QStringLiteral("world"),
        QApplication::translate("main",
                                "The demo world for this session: fashion (Fashion-MNIST) or scenes (garments on backgrounds, "
                                "context prompts); its pack, test sets and, without --workspace, its demo workspace. The "
                                "settings keep their pack."),
        QStringLiteral("name"));
    parser.addOption(worldOpt);
    parser.process(app);

    // The interface language: --language, else the settings' ("auto" follows the system locale).
    const QString language = parser.isSet(languageOpt)
                                 ? parser.value(languageOpt)
                                 : QSettings().value(QStringLiteral("ui/language"), QStringLiteral("auto")).toString();
    QTranslator translator;
    const QLocale locale = language == QLatin1String("auto") ? QLocale::system() : QLocale(language);
    if (language != QLatin1String("en") &&
        translator.load(locale, QStringLiteral("synood"), QStringLiteral("_"), QStringLiteral(":/i18n"))) {
        QApplication::installTranslator(&translator);
    }

    // --threads wins over the settings' thread count.
    int threads = QSettings().value(QStringLiteral("compute/threads"), 0).toInt();
    if (parser.isSet(threadsOpt) && !wholeNumber(parser.value(threadsOpt), 0, 1024, threads)) {
        std::fprintf(stderr, "synood-studio: --threads must be a whole number from 0 (all cores) to 1024, got '%s'\n",
                     qPrintable(parser.value(threadsOpt)));
        return 2;
    }
    int inspectRow = -1;
    if (parser.isSet(inspectOpt) && !wholeNumber(parser.value(inspectOpt), 0, INT_MAX, inspectRow)) {
        std::fprintf(stderr, "synood-studio: --inspect must be a sample row (0 or more), got '%s'\n", qPrintable(parser.value(inspectOpt)));
        return 2;
    }
    std::optional<synood::demo::ToyWorld> world;
    if (parser.isSet(worldOpt)) {
        try {
            world = synood::demo::toyWorldNamed(parser.value(worldOpt).toStdString());
        } catch (const synood::SynoodError& e) {
            std::fprintf(stderr, "synood-studio: %s\n", e.what());
            return 2;
        }
    }
    const bool screenshot = parser.isSet(screenshotOpt);
    QString dir = parser.value(workspaceOpt);
    if (dir.isEmpty()) {
        try {
            dir = ensureDemoWorkspace(world.value_or(synood::demo::ToyWorld::Fashion));
        } catch (const synood::SynoodError& e) {
            std::fprintf(stderr, "synood-studio: %s\n", e.what());
            if (!screenshot) QMessageBox::warning(nullptr, QApplication::translate("main", "Demo workspace"), QString::fromUtf8(e.what()));
            dir.clear();
        }
    }

    synood::studio::MainWindow window(threads);
    if (world) window.useDemoWorld(*world);
    if (!dir.isEmpty()) {
        const QString error = window.openWorkspace(dir);
        if (!error.isEmpty()) {
            std::fprintf(stderr, "synood-studio: %s\n", qPrintable(error));
            if (screenshot) return 1;
            QMessageBox::critical(&window, QApplication::translate("main", "Could not open the workspace"), error);
        }
    }
    if (!screenshot) window.restoreLayout();  // a screenshot shows the first-start layout, as the README does
    window.show();
    if (inspectRow >= 0) window.inspectRow(inspectRow);
    const bool embeddings = parser.isSet(embeddingsOpt);
    // The demo opens with its map: computed in the background while the window is in use.
    const bool demoWorkspace = !parser.isSet(workspaceOpt) && !dir.isEmpty();
    if (embeddings || (demoWorkspace && !screenshot)) {
        if (window.workerReady()) {
            window.computeEmbeddings();
        } else {
            QObject::connect(
                &window, &synood::studio::MainWindow::workerReadyChanged, &window, [&window] { window.computeEmbeddings(); },
                Qt::SingleShotConnection);
        }
    }
    std::function<bool()> ready = [&window, embeddings] { return !embeddings || window.embeddingView()->pointCount() > 0; };
    int limitMs = embeddings ? 180000 : 10000;
    if (parser.isSet(panelOpt)) {
        window.resize(1600, 960);  // room for the panel beside the gallery and the embeddings
        ready = startPanel(window, parser.value(panelOpt));
        limitMs = 300000;
    }
    if (screenshot) scheduleScreenshot(&window, parser.value(screenshotOpt), ready, limitMs);
    return app.exec();
}

}  // namespace

// An error nothing else caught ends the program with its message, never with an abort.
int main(int argc, char** argv) {
    try {
        return runStudio(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "synood-studio: error: %s\n", e.what());
        return 1;
    }
}
