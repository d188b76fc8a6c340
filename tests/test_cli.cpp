// The synood CLI: --help lists only working commands, --version, errors exit non-zero.
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

namespace {
struct Result {
    int code;
    QString out, err;
};
Result run(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(SYNOOD_CLI_PATH), args);
    p.waitForFinished(120000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}
}  // namespace

class TestCli : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void versionPrintsProjectVersion() {
        const Result r = run({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QStringLiteral("synood " SYNOOD_VERSION)));
    }

    void everyListedCommandHasWorkingHelp() {
        const Result r = run({"--help"});
        QCOMPARE(r.code, 0);
        const int start = r.out.indexOf("commands:");
        const int end = r.out.indexOf("options:");
        QVERIFY(start > 0 && end > start);
        const QStringList lines = r.out.mid(start, end - start).split('\n', Qt::SkipEmptyParts).mid(1);
        QVERIFY(lines.size() >= 2);
        for (const QString& line : lines) {
            const QString name = line.trimmed().section(' ', 0, 0);
            const Result h = run({name, "--help"});
            QVERIFY2(h.code == 0 && h.out.contains("usage"), qPrintable(name));
        }
    }

    void unknownCommandsAndOptionsFail() {
        QCOMPARE(run({"no-such-command"}).code, 2);
        QCOMPARE(run({"--no-such-option"}).code, 2);
        const Result r = run({"workspace", "info", "/nonexistent/folder"});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains("workspace.json is missing"));
        QCOMPARE(run({"bench", "workspace", "--samples", "many"}).code, 1);
    }

    void demoWorkspaceAndInfo() {
        QTemporaryDir tmp;
        const QString dir = tmp.filePath("demo");
        const Result made = run({"workspace", "demo", dir, "--per-class", "5"});
        QVERIFY2(made.code == 0, qPrintable(made.err));
        const Result info = run({"workspace", "info", dir});
        QCOMPARE(info.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(info.out.toUtf8()).object();
        QCOMPARE(o["samples"].toInt(), 30);
        QCOMPARE(o["by_class"].toObject().size(), 6);
        QCOMPARE(o["by_origin"].toObject()["ind"].toInt(), 30);
        QVERIFY(!o["by_class"].toObject().contains("Coat"));  // held-out classes stay out
        // A second run refuses to overwrite it.
        QCOMPARE(run({"workspace", "demo", dir, "--per-class", "5"}).code, 1);
    }

    void benchWorkspacePrintsFigures() {
        const Result r = run({"bench", "workspace", "--samples", "2000", "--repeat", "1"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QRegularExpression("save .*: +[0-9.]+ s")));
        QVERIFY(r.out.contains(QRegularExpression("load .*: +[0-9.]+ s")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
