// Workspace: round trip, backups, refusal of corrupt/newer/changed files, and a save killed
// mid-write leaving the previous workspace.json intact.
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/Workspace.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <sys/wait.h>
#include <unistd.h>

using namespace synood;

namespace {

Sample makeSample(int i) {
    Sample s;
    s.image = "images/" + std::to_string(i) + ".png";
    s.origin = i % 3 == 0 ? Origin::InD : i % 3 == 1 ? Origin::Ood : Origin::Synthesized;
    s.className = i % 2 ? "T-shirt/top" : "Bag \"quoted\" \\ ünïcödé\n";
    s.tags = {"near-boundary", "tag " + std::to_string(i)};
    s.status = i % 3 == 0 ? Status::Accepted : i % 3 == 1 ? Status::Rejected : Status::Pending;
    s.scores = {{"energy", -4.25 + i}, {"mcm", 0.125}};
    s.provenance = {{"prompt", "A photo only remain a table"},
                    {"params", {{"steps", 20}, {"strength", 0.6}, {"list", {1, 2, 3}}}},
                    {"seed_id", nullptr}};
    return s;
}

void writeRaw(const std::string& path, const std::string& text) {
    FILE* f = std::fopen(path.c_str(), "wb");
    QVERIFY(f);
    std::fwrite(text.data(), 1, text.size(), f);
    std::fclose(f);
}

}  // namespace

class TestWorkspace : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void roundTripKeepsEveryField() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Workspace ws = Workspace::create(dir, "round trip");
        for (int i = 0; i < 50; ++i) ws.add(makeSample(i));
        ws.sample(7).scores["nan"] = std::nan("");
        ws.save();

        const Workspace back = Workspace::load(dir);
        QCOMPARE(back.name, std::string("round trip"));
        QCOMPARE(back.size(), size_t(50));
        for (size_t i = 0; i < 50; ++i) {
            const Sample& a = ws.sample(i);
            const Sample& b = back.sample(i);
            QCOMPARE(b.id, a.id);
            QCOMPARE(b.image, a.image);
            QCOMPARE(b.origin, a.origin);
            QCOMPARE(b.className, a.className);
            QCOMPARE(b.tags, a.tags);
            QCOMPARE(b.status, a.status);
            QCOMPARE(b.provenance, a.provenance);
            QCOMPARE(b.scores.size(), a.scores.size());
            for (const auto& [k, v] : a.scores) {
                if (std::isnan(v))
                    QVERIFY(std::isnan(b.scores.at(k)));
                else
                    QCOMPARE(b.scores.at(k), v);
            }
        }
        QCOMPARE(back.indexOf(ws.sample(3).id), 3LL);
        QCOMPARE(back.indexOf("no such id"), -1LL);
    }

    void invalidUtf8IsStoredReadably() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        Workspace ws = Workspace::create(dir, "bad \xff\xfe bytes");
        Sample s = makeSample(1);
        s.className = "half \xc3";
        ws.add(s);
        ws.save();
        const Workspace back = Workspace::load(dir);
        QCOMPARE(back.size(), size_t(1));
        QVERIFY(back.sample(0).className.rfind("half ", 0) == 0);
    }

    void saveKeepsPreviousVersionAsBackup() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        Workspace ws = Workspace::create(dir, "v1");
        ws.add(makeSample(0));
        ws.save();
        ws.name = "v2";
        ws.add(makeSample(1));
        ws.save();
        const std::string bak = readWholeFile(dir + "/workspace.json.bak");
        const Workspace previous = Workspace::fromJsonText(bak, "bak");
        QCOMPARE(previous.name, std::string("v1"));
        QCOMPARE(previous.size(), size_t(1));
        QCOMPARE(Workspace::load(dir).name, std::string("v2"));
    }

    void corruptFileIsRefusedAndLeftUntouched_data() {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("truncated") << R"({"schema_version":1,"name":"x","samples":[{"id":"a")"
                                   << "corrupt";
        QTest::newRow("not json") << "hello world"
                                  << "corrupt";
        QTest::newRow("empty") << ""
                               << "corrupt";
        QTest::newRow("no version") << R"({"name":"x","samples":[]})"
                                    << "schema_version";
        QTest::newRow("no samples") << R"({"schema_version":1,"name":"x"})"
                                    << "samples";
        QTest::newRow("missing id") << R"({"schema_version":1,"samples":[{"image":"a.png","origin":"ind","status":"pending"}]})"
                                    << "'id'";
        QTest::newRow("wrong type") << R"({"schema_version":1,"samples":[{"id":5,"image":"a.png","origin":"ind","status":"pending"}]})"
                                    << "wrong type";
        QTest::newRow("bad origin") << R"({"schema_version":1,"samples":[{"id":"a","image":"a.png","origin":"mars","status":"pending"}]})"
                                    << "origin";
        QTest::newRow("escaping path")
            << R"({"schema_version":1,"samples":[{"id":"a","image":"../etc/passwd","origin":"ind","status":"pending"}]})"
            << "inside the workspace";
        QTest::newRow("duplicate id")
            << R"({"schema_version":1,"samples":[{"id":"a","image":"a.png","origin":"ind","status":"pending"},{"id":"a","image":"b.png","origin":"ind","status":"pending"}]})"
            << "duplicate";
        QTest::newRow("newer schema") << R"({"schema_version":99,"samples":"a future layout"})"
                                      << "newer";
    }
    void corruptFileIsRefusedAndLeftUntouched() {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        const std::string path = dir + "/workspace.json";
        writeRaw(path, text.toStdString());
        try {
            Workspace::load(dir);
            QFAIL("a bad workspace.json was accepted");
        } catch (const SynoodError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
            QVERIFY2(QString::fromUtf8(e.what()).contains("workspace.json"), "the message names the file");
        }
        QCOMPARE(QString::fromStdString(readWholeFile(path)), text);
        // Creating a new workspace over it is refused as well.
        QVERIFY_THROWS_EXCEPTION(SynoodError, Workspace::create(dir, "new"));
        QCOMPARE(QString::fromStdString(readWholeFile(path)), text);
    }

    void missingWorkspaceIsAClearError() {
        QTemporaryDir tmp;
        try {
            Workspace::load(tmp.path().toStdString());
            QFAIL("loaded a folder without workspace.json");
        } catch (const SynoodError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains("missing"));
        }
    }

    void saveRefusesWhenFileChangedOnDisk() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        Workspace ws = Workspace::create(dir, "mine");
        ws.add(makeSample(0));
        ws.save();
        Workspace other = Workspace::load(dir);
        other.name = "theirs";
        other.save();
        ws.add(makeSample(1));
        QVERIFY_THROWS_EXCEPTION(SynoodError, ws.save());
        QCOMPARE(Workspace::load(dir).name, std::string("theirs"));
    }

    void killedSaveLeavesPreviousFileIntact() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        Workspace ws = Workspace::create(dir, "before");
        for (int i = 0; i < 10; ++i) ws.add(makeSample(i));
        ws.save();
        const std::string before = readWholeFile(dir + "/workspace.json");

        // The big version is built before forking, so the children spend their time saving:
        // the kills land while it is being serialised, written, flushed or renamed.
        Workspace big = Workspace::load(dir);
        big.name = "after";
        for (int i = 0; i < 200000; ++i) big.add(makeSample(i));
        for (int delayMs : {1, 10, 40, 80, 150, 250, 400}) {
            const pid_t pid = ::fork();
            QVERIFY(pid >= 0);
            if (pid == 0) {
                try {
                    for (;;) big.save();  // keep saving until killed
                } catch (...) {
                    ::_exit(3);  // an earlier child completed a save: the file is no longer ours
                }
            }
            ::usleep(static_cast<useconds_t>(delayMs) * 1000);
            ::kill(pid, SIGKILL);
            int status = 0;
            ::waitpid(pid, &status, 0);
            QVERIFY(WIFSIGNALED(status) || (WIFEXITED(status) && WEXITSTATUS(status) == 3));
            // Whatever the moment, workspace.json is complete: the old one or a whole new one.
            const Workspace after = Workspace::load(dir);
            QVERIFY(after.name == "before" || after.name == "after");
            if (after.name == "before")
                QCOMPARE(readWholeFile(dir + "/workspace.json"), before);
            else
                QCOMPARE(after.size(), size_t(200010));
        }
    }
};

QTEST_APPLESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
