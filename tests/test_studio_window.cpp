// The studio's main window: opening workspaces, refusing bad ones, autosave, the worker thread,
// and `synood-studio --screenshot`.
#include "MainWindow.h"

#include "GalleryModel.h"
#include "core/AtomicFile.h"
#include "data/Workspace.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <QListView>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace synood;

namespace {
QString makeWorkspace(const QTemporaryDir& tmp, const QString& sub, int n) {
    const QString dir = tmp.filePath(sub);
    Workspace ws = Workspace::create(dir.toStdString(), sub.toStdString());
    for (int i = 0; i < n; ++i) {
        cv::Mat img(28, 28, CV_8UC1);
        cv::randu(img, 0, 255);
        cv::circle(img, {14, 14}, 4 + i % 8, cv::Scalar(255), -1);
        const std::string rel = "img" + std::to_string(i) + ".png";
        cv::imwrite((dir + "/" + QString::fromStdString(rel)).toStdString(), img);
        Sample s;
        s.image = rel;
        s.className = "Dress";
        ws.add(s);
    }
    ws.save();
    return dir;
}
}  // namespace

class TestStudioWindow : public QObject {
    Q_OBJECT
private Q_SLOTS:
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
        QCOMPARE(QString::fromStdString(readWholeFile((bad + "/workspace.json").toStdString())),
                 QString("{\"schema_version\": 1, \"samp"));
    }

    void curationIsAutosaved() {
        QTemporaryDir tmp;
        const QString dir = makeWorkspace(tmp, "ws", 4);
        studio::MainWindow window(1);
        QCOMPARE(window.openWorkspace(dir), QString());
        window.galleryModel()->setStatus(1, Status::Rejected);
        QTRY_COMPARE(Workspace::load(dir.toStdString()).sample(1).status, Status::Rejected);
        QVERIFY(QFile::exists(dir + "/workspace.json.bak"));
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
        p.start(QStringLiteral(SYNOOD_STUDIO_PATH),
                {"--workspace", tmp.path(), "--screenshot", tmp.filePath("x.png")});
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 1);
        QVERIFY(p.readAllStandardError().contains("newer"));
        QVERIFY(!QFile::exists(tmp.filePath("x.png")));
    }
};

QTEST_MAIN(TestStudioWindow)
#include "test_studio_window.moc"
