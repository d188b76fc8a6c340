// ImageFolder: classes from subfolders, sorted, images only.
#include "core/Error.h"
#include "data/ImageFolder.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace synood;

class TestImageFolder : public QObject {
    Q_OBJECT
    static void touch(const QString& path) {
        QDir().mkpath(QFileInfo(path).path());
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
    }
private Q_SLOTS:
    void listsClassesAndImages() {
        QTemporaryDir tmp;
        touch(tmp.filePath("zebra/b.PNG"));
        touch(tmp.filePath("zebra/a.jpg"));
        touch(tmp.filePath("zebra/notes.txt"));
        touch(tmp.filePath("apple/deep/x.jpeg"));
        touch(tmp.filePath("empty/readme.md"));
        touch(tmp.filePath("loose.png"));
        const ImageFolderDataset ds = scanImageFolder(tmp.path().toStdString());
        QCOMPARE(ds.classes, (std::vector<std::string>{"apple", "empty", "zebra"}));
        QCOMPARE(ds.items.size(), size_t(3));
        QCOMPARE(ds.items[0].classIndex, 0);
        QVERIFY(ds.items[0].path.find("x.jpeg") != std::string::npos);
        QCOMPARE(ds.items[1].classIndex, 2);
        QVERIFY(ds.items[1].path.find("a.jpg") != std::string::npos);
        QVERIFY(ds.items[2].path.find("b.PNG") != std::string::npos);
    }
    void refusesFoldersWithoutImages() {
        QTemporaryDir tmp;
        QVERIFY_THROWS_EXCEPTION(SynoodError, scanImageFolder(tmp.path().toStdString()));
        QVERIFY_THROWS_EXCEPTION(SynoodError, scanImageFolder(tmp.filePath("absent").toStdString()));
    }
};

QTEST_APPLESS_MAIN(TestImageFolder)
#include "test_image_folder.moc"
