// Workspace: the database round trip, changes written at once, conversion of an earlier version's
// workspace.json, refusal of corrupt, foreign and newer files, other writers' samples seen, and the
// file surviving writers killed mid-transaction, a full disk, and two writers at once.
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Sqlite.h"
#include "data/Workspace.h"
#include "data/WorkspaceJson.h"
#include "data/WorkspaceStore.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <csignal>
#include <filesystem>
#include <random>
#include <set>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

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

void compareSamples(const Sample& b, const Sample& a) {
    QCOMPARE(b.id, a.id);
    QCOMPARE(b.image, a.image);
    QVERIFY(b.origin == a.origin);
    QCOMPARE(b.className, a.className);
    QCOMPARE(b.tags, a.tags);
    QVERIFY(b.status == a.status);
    QCOMPARE(b.provenance, a.provenance);
    QCOMPARE(b.scores.size(), a.scores.size());
    for (const auto& [k, v] : a.scores) {
        if (std::isnan(v))
            QVERIFY(std::isnan(b.scores.at(k)));
        else
            QCOMPARE(b.scores.at(k), v);
    }
}

std::vector<Sample> batchOf(int n, int first) {
    std::vector<Sample> out;
    for (int i = 0; i < n; ++i) {
        Sample s = makeSample(first + i);
        s.id.clear();  // fresh ids from the file
        out.push_back(std::move(s));
    }
    return out;
}

// A forked child that is killed and reaped if the test returns early or throws, so a failed test
// never leaves a writer running (it would hold ctest's output pipe open).
class Child {
public:
    explicit Child(pid_t pid) : m_pid(pid) {}
    Child(Child&& o) noexcept : m_pid(std::exchange(o.m_pid, -1)) {}
    Child(const Child&) = delete;
    ~Child() {
        if (m_pid <= 0) return;
        ::kill(m_pid, SIGKILL);
        ::waitpid(m_pid, nullptr, 0);
    }
    pid_t pid() const { return m_pid; }
    // Waits for the child: its exit code, or minus the signal that ended it.
    int exitStatus() {
        int status = 0;
        ::waitpid(std::exchange(m_pid, -1), &status, 0);
        return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
    }

private:
    pid_t m_pid;
};

// Runs `body` in a child process (its own database connections).
template <class F>
Child spawn(F body) {
    const pid_t pid = ::fork();
    if (pid == 0) {
        int code = 0;
        try {
            code = body();
        } catch (...) {
            code = 99;
        }
        ::_exit(code);
    }
    return Child(pid);
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
        std::vector<Sample> samples;
        for (int i = 0; i < 50; ++i) samples.push_back(makeSample(i));
        samples[7].scores["nan"] = std::nan("");
        Workspace ws = Workspace::create(dir, "round trip", samples);
        QCOMPARE(ws.size(), size_t(50));
        QCOMPARE(ws.sample(0).id, std::string("s1"));  // fresh ids

        const Workspace back = Workspace::load(dir);
        QCOMPARE(back.name(), std::string("round trip"));
        QCOMPARE(back.size(), size_t(50));
        for (size_t i = 0; i < 50; ++i) compareSamples(back.sample(i), ws.sample(i));
        for (size_t i = 0; i < 50; ++i) QCOMPARE(back.sample(i).provenance, samples[i].provenance);
        QCOMPARE(back.indexOf(ws.sample(3).id), 3LL);
        QCOMPARE(back.indexOf("no such id"), -1LL);

        // On demand: the prompt stays (the gallery searches it), the rest is read per sample.
        const Workspace light = Workspace::load(dir, Workspace::Provenances::OnDemand);
        QCOMPARE(light.sample(4).provenance, nlohmann::json({{"prompt", "A photo only remain a table"}}));
        QCOMPARE(light.provenance(4), samples[4].provenance);
        QCOMPARE(light.toJsonText(), back.toJsonText());
    }

    void invalidUtf8IsStoredReadably() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Sample s = makeSample(1);
        s.className = "half \xc3";
        Workspace::create(dir, "bad \xff\xfe bytes", {s});
        const Workspace back = Workspace::load(dir);
        QCOMPARE(back.size(), size_t(1));
        QVERIFY(back.sample(0).className.rfind("half ", 0) == 0);
        // and its JSON export reads back
        QCOMPARE(readWorkspaceJson(back.toJsonText(), "export").samples.size(), size_t(1));
    }

    void changesAreWrittenAtOnce() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Workspace ws = Workspace::create(dir, "v1", batchOf(10, 0));
        ws.setStatuses({2, 5, 9}, {Status::Rejected, Status::Accepted, Status::Rejected});
        ws.setTags({5}, {{"hard", "leaked"}});
        ws.setScores("energy", std::vector<double>(10, -1.5));
        ws.rename("v2");
        const Workspace other = Workspace::load(dir);  // no save: every change is in the file
        QCOMPARE(other.name(), std::string("v2"));
        QVERIFY(other.sample(2).status == Status::Rejected);
        QVERIFY(other.sample(5).status == Status::Accepted);
        QVERIFY(other.sample(9).status == Status::Rejected);
        QCOMPARE(other.sample(5).tags, (std::vector<std::string>{"hard", "leaked"}));
        QCOMPARE(other.sample(7).scores.at("energy"), -1.5);
        QCOMPARE(other.sample(7).scores.at("mcm"), 0.125);
    }

    void refusedChangeChangesNothing() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Workspace ws = Workspace::create(dir, "ws", batchOf(3, 0));
        std::vector<Sample> batch = batchOf(4, 3);
        batch[2].id = ws.sample(1).id;  // a duplicate in the middle of the batch
        QVERIFY_THROWS_EXCEPTION(SynoodError, ws.add(batch));
        QCOMPARE(ws.size(), size_t(3));
        QCOMPARE(Workspace::load(dir).size(), size_t(3));  // the first two of the batch were rolled back
        QVERIFY_THROWS_EXCEPTION(SynoodError, Workspace::create(dir, "again"));
    }

    void earlierJsonWorkspaceIsConvertedOnce() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        std::vector<Sample> samples;
        for (int i = 0; i < 20; ++i) {
            samples.push_back(makeSample(i));
            samples.back().id = "old" + std::to_string(i);
        }
        const std::string json = writeWorkspaceJson("from json", samples);
        writeRaw(dir + "/workspace.json", json);
        QVERIFY(Workspace::exists(dir));
        Workspace ws = Workspace::load(dir);
        QCOMPARE(ws.name(), std::string("from json"));
        QCOMPARE(ws.size(), size_t(20));
        for (size_t i = 0; i < 20; ++i) compareSamples(ws.sample(i), samples[i]);
        QCOMPARE(readWholeFile(dir + "/workspace.json"), json);  // kept as it was
        QCOMPARE(ws.toJsonText(), json);                         // and exported the same
        ws.setStatuses({0}, {Status::Rejected});
        writeRaw(dir + "/workspace.json", writeWorkspaceJson("changed later", {}));
        const Workspace again = Workspace::load(dir);  // the database now, not the JSON
        QCOMPARE(again.name(), std::string("from json"));
        QVERIFY(again.sample(0).status == Status::Rejected);
        // import-json makes a new workspace from a file
        const Workspace imported = Workspace::importJson(dir + "/copy", dir + "/workspace.json");
        QCOMPARE(imported.name(), std::string("changed later"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, Workspace::importJson(dir + "/copy", dir + "/workspace.json"));
    }

    void corruptJsonIsRefusedAndLeftUntouched_data() {
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
    void corruptJsonIsRefusedAndLeftUntouched() {
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
        QVERIFY(!std::filesystem::exists(dir + "/workspace.sqlite"));
        QVERIFY(!std::filesystem::exists(dir + "/workspace.sqlite.building"));
        // Creating a new workspace over it is refused as well.
        QVERIFY_THROWS_EXCEPTION(SynoodError, Workspace::create(dir, "new"));
        QCOMPARE(QString::fromStdString(readWholeFile(path)), text);
    }

    void foreignAndNewerDatabasesAreRefused_data() {
        QTest::addColumn<QString>("sql");
        QTest::addColumn<QString>("expected");
        QTest::newRow("another program's") << "CREATE TABLE t(x); PRAGMA application_id=42;"
                                           << "another program";
        QTest::newRow("newer") << "CREATE TABLE t(x); PRAGMA application_id=1398361679; PRAGMA user_version=99;"
                               << "newer";
        QTest::newRow("no schema") << "CREATE TABLE t(x); PRAGMA application_id=1398361679;"
                                   << "no schema";
    }
    void foreignAndNewerDatabasesAreRefused() {
        QFETCH(QString, sql);
        QFETCH(QString, expected);
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString(), path = dir + "/workspace.sqlite";
        SqliteDatabase(path, SqliteDatabase::Mode::Create).exec(sql.toStdString());
        const std::string before = readWholeFile(path);
        try {
            Workspace::load(dir);
            QFAIL("a foreign database was opened");
        } catch (const SynoodError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(expected), e.what());
        }
        QCOMPARE(readWholeFile(path), before);  // never written
        QVERIFY(!std::filesystem::exists(path + "-wal"));
    }

    void fileThatIsNotADatabaseIsRefused() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString();
        writeRaw(dir + "/workspace.sqlite", std::string(4096, 'x'));
        try {
            Workspace::load(dir);
            QFAIL("a text file was opened as a workspace");
        } catch (const SynoodError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains("not a workspace database"), e.what());
        }
        QCOMPARE(readWholeFile(dir + "/workspace.sqlite"), std::string(4096, 'x'));
    }

    void missingWorkspaceIsAClearError() {
        QTemporaryDir tmp;
        try {
            Workspace::load(tmp.path().toStdString());
            QFAIL("loaded a folder without a workspace");
        } catch (const SynoodError& e) {
            QVERIFY(QString::fromUtf8(e.what()).contains("missing"));
        }
    }

    void otherWritersSamplesAreSeen() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Workspace mine = Workspace::create(dir, "ws", batchOf(5, 0));
        Workspace theirs = Workspace::load(dir);
        QVERIFY(!mine.changedElsewhere());
        theirs.add(batchOf(7, 5));
        QVERIFY(mine.changedElsewhere());
        QCOMPARE(mine.refresh(), size_t(7));
        QVERIFY(!mine.changedElsewhere());
        QCOMPARE(mine.size(), size_t(12));
        QCOMPARE(mine.sample(11).id, theirs.sample(11).id);
        // Adding reads back what the other writer added meanwhile, in the file's order.
        theirs.add(batchOf(2, 12));
        mine.add(batchOf(1, 14));
        QCOMPARE(mine.size(), size_t(15));
        QCOMPARE(mine.sample(12).id, theirs.sample(12).id);
        QCOMPARE(mine.refresh(), size_t(0));
    }

    void rowsMatchingFiltersAndSorts() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        std::vector<Sample> samples = batchOf(30, 0);
        for (size_t i = 0; i < samples.size(); ++i) samples[i].scores = {{"energy", -static_cast<double>((i * 7) % 30)}};
        samples[4].scores.clear();
        const Workspace ws = Workspace::create(dir, "ws", samples);
        SampleQuery q;
        q.origin = Origin::Ood;  // i % 3 == 1, which makeSample also makes Rejected
        q.sortByScore = "energy";
        const std::vector<size_t> rows = ws.rowsMatching(q);
        QCOMPARE(rows.size(), size_t(10));
        for (size_t k = 0; k + 1 < rows.size(); ++k) {
            if (k + 2 == rows.size()) break;
            QVERIFY(ws.sample(rows[k]).scores.at("energy") <= ws.sample(rows[k + 1]).scores.at("energy"));
        }
        QCOMPARE(rows.back(), size_t(4));  // without the score: last
        for (size_t r : rows) QVERIFY(ws.sample(r).origin == Origin::Ood);
        q = {};
        q.status = Status::Accepted;
        q.tag = "tag 9";
        QCOMPARE(ws.rowsMatching(q), std::vector<size_t>({9}));
        q = {};
        q.className = "T-shirt/top";
        QCOMPARE(ws.rowsMatching(q).size(), size_t(15));
    }

    // kill -9 at random moments of a writer that adds batches of 100 samples and flips the status of
    // a whole batch, each one transaction: the file always opens, holds whole batches only, and every
    // batch has one status throughout.
    void killedWriterLosesAtMostItsTransaction() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Workspace::create(dir, "ws");
        std::mt19937 rng(5);
        std::uniform_int_distribution<int> delayUs(0, 30000);
        size_t last = 0;
        for (int round = 0; round < 25; ++round) {
            Child writer = spawn([&] {
                Workspace ws = Workspace::load(dir);
                for (int i = 0;; ++i) {
                    std::vector<Sample> batch = batchOf(100, i * 100);
                    for (Sample& s : batch) s.status = Status::Pending;
                    ws.add(batch);
                    const size_t first = ws.size() - 100;
                    std::vector<size_t> rows;
                    for (size_t r = first; r < ws.size(); ++r) rows.push_back(r);
                    ws.setStatuses(rows, std::vector<Status>(rows.size(), i % 2 ? Status::Accepted : Status::Rejected));
                }
                return 0;
            });
            QVERIFY(writer.pid() > 0);
            {  // once the writer has committed a batch (however loaded the machine), a random moment later
                SqliteDatabase db(dir + "/workspace.sqlite", SqliteDatabase::Mode::ReadWrite);
                db.setBusyTimeout(WorkspaceStore::kBusyTimeoutMs);  // the writer may hold the lock (opening, recovering)
                const auto count = [&] {
                    SqliteStatement q = db.prepare("SELECT count(*) FROM samples");
                    return q.step() ? static_cast<size_t>(q.integer(0)) : 0;
                };
                QElapsedTimer waited;
                waited.start();
                while (count() == last && waited.elapsed() < 30000) ::usleep(500);
            }
            ::usleep(static_cast<useconds_t>(delayUs(rng)));
            ::kill(writer.pid(), SIGKILL);
            QCOMPARE(writer.exitStatus(), -SIGKILL);
            const Workspace after = Workspace::load(dir);
            QCOMPARE(after.size() % 100, size_t(0));
            QVERIFY(after.size() > last);  // what was committed stays
            last = after.size();
            for (size_t b = 0; b < after.size(); b += 100) {
                for (size_t r = b; r < b + 100; ++r) QVERIFY(after.sample(r).status == after.sample(b).status);
            }
        }
    }

    // A full disk (RLIMIT_FSIZE: writes past it fail with EFBIG as they fail with ENOSPC): the change
    // fails with a message, this object and the file keep what they had, and the file opens.
    void fullDiskFailsTheChangeAndKeepsTheData() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Workspace::create(dir, "ws", batchOf(200, 0));
        Child writer = spawn([&] {
            Workspace ws = Workspace::load(dir);
            std::signal(SIGXFSZ, SIG_IGN);
            rlimit small{};
            getrlimit(RLIMIT_FSIZE, &small);
            small.rlim_cur = std::filesystem::file_size(dir + "/workspace.sqlite") + 16384;
            setrlimit(RLIMIT_FSIZE, &small);
            size_t added = 0;
            try {
                for (int i = 0; i < 1000; ++i) {
                    ws.add(batchOf(50, 200 + i * 50));
                    added += 50;
                }
                return 10;  // never full
            } catch (const SynoodError& e) {
                if (std::string(e.what()).find("could not write") == std::string::npos) return 11;
            }
            if (ws.size() != 200 + added) return 12;
            ws.setStatuses({0}, {Status::Rejected});  // small changes still fit where the file has room
            return added > 0 && added % 50 == 0 ? 0 : 13;
        });
        QCOMPARE(writer.exitStatus(), 0);
        const Workspace after = Workspace::load(dir);
        QVERIFY(after.size() > 200);
        QCOMPARE(after.size() % 50, size_t(0));
        QVERIFY(after.sample(0).status == Status::Rejected);
    }

    void twoWritersLoseNothingAndShareNoId() {
        QTemporaryDir tmp;
        const std::string dir = tmp.path().toStdString() + "/ws";
        Workspace::create(dir, "ws");
        std::vector<Child> writers;
        for (int w = 0; w < 2; ++w) {
            writers.push_back(spawn([&] {
                Workspace ws = Workspace::load(dir);
                for (int i = 0; i < 40; ++i) ws.add(batchOf(25, i * 25));  // empty ids: fresh from the file
                return 0;
            }));
        }
        for (Child& writer : writers) QCOMPARE(writer.exitStatus(), 0);
        const Workspace after = Workspace::load(dir);
        QCOMPARE(after.size(), size_t(2000));
        std::set<std::string> ids;
        for (const Sample& s : after.samples()) ids.insert(s.id);
        QCOMPARE(ids.size(), size_t(2000));
    }
};

QTEST_APPLESS_MAIN(TestWorkspace)
#include "test_workspace.moc"
