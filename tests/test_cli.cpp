// The synood CLI: --help lists only working commands, --version, errors exit non-zero.
#include "LocalHttpServer.h"
#include "core/AtomicFile.h"
#include "core/HttpClient.h"
#include "data/ImageIO.h"
#include "data/Workspace.h"
#include "demo/DemoWorkspace.h"

#include <QFile>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <set>

namespace {
struct Result {
    int code;
    QString out, err;
};
Result run(const QStringList& args) {
    QProcess p;
    p.start(QStringLiteral(SYNOOD_CLI_PATH), args);
    // demo run trains SynOOD: a minute here, more on a slower machine; SYNOOD_TEST_TIME_SCALE stretches
    // the limit for slow builds (the sanitizer build: README, Tests).
    p.waitForFinished(300000 * std::max(1, qEnvironmentVariableIntValue("SYNOOD_TEST_TIME_SCALE")));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
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
        QVERIFY(r.err.contains("workspace.sqlite is missing"));
        QCOMPARE(run({"bench", "workspace", "--samples", "many"}).code, 1);
    }

    // demo run's options are mapped and checked before anything runs: each bad value is refused with
    // what is allowed.
    void demoRunOptionsAreChecked() {
        const QList<QPair<QStringList, QString>> cases{
            {{"--stage-a-steps", "0"}, "--stage-a-steps must be a whole number from 1 to 1000000, got '0'"},
            {{"--per-seed", "51"}, "--per-seed must be a whole number from 1 to 50, got '51'"},
            {{"--class-set", "some"}, "use occurring or all"},
            {{"--pairing", "pairs"}, "use seeds or workspace"},
            {{"--cosine", "sideways"}, "--cosine must be epoch or step"},
            {{"--adapter-input", "cooked"}, "--adapter-input must be raw or unit"},
            {{"--logit-scale", "-1"}, "--logit-scale must be a finite number from 0 to 1000"},
            {{"--neglabel-tau", "nan"}, "--neglabel-tau must be a finite number from 0 to 10"},
            {{"--prompt-source", "mllm"}, "--prompt-source must be wordnet or hybrid"},
            {{"--cfg", "inf"}, "--cfg must be a finite number from 0 to 50"},
            {{"--world", "moon"}, "unknown world 'moon'"},
            {{"--world", "scenes", "--prompt-source", "mllm"}, "--prompt-source must be wordnet, hybrid or context on the scenes world"},
            {{"--compare-prompt-source", "context"}, "--compare-prompt-source must be wordnet or hybrid on the fashion world"},
            {{"--world", "scenes", "--compare-prompt-source", "context"}, "--compare-prompt-source must differ from --prompt-source"}};
        for (const auto& [args, message] : cases) {
            const Result r = run(QStringList{"demo", "run", "--out", "/nonexistent/never-written"} + args);
            QVERIFY2(r.code == 1 && r.err.contains(message), qPrintable(args.join(' ') + ": " + r.err));
        }
        const Result table = run({"demo", "table", "/nonexistent/report.json"});
        QCOMPARE(table.code, 1);
        for (const char* width : {"12", "4"}) {  // refused before anything is trained or written
            const Result build = run({"demo", "build", "--out", "/nonexistent/never-written", "--diffusion-width", width});
            QVERIFY2(build.code == 1 && build.err.contains("--diffusion-width must be"), qPrintable(build.err));
        }
        const Result alone = run({"demo", "build", "--out", "/nonexistent/never-written", "--diffusion-class-alone", "0.3"});
        QVERIFY2(alone.code == 1 && alone.err.contains("needs --world scenes"), qPrintable(alone.err));
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

    void tokenizePrintsOneJsonArrayPerText() {
        const QString bpe = QStringLiteral(SYNOOD_TEST_SHARED_DIR "/data/clip/bpe_simple_vocab_16e6.txt.gz");
        if (!QFile::exists(bpe)) QSKIP("../shared is absent: no CLIP vocabulary");
        const Result r = run({"tokenize", "--bpe", bpe, "a photo of a dog.", "the nice goldfish"});
        QCOMPARE(r.code, 0);
        QCOMPARE(r.out, QString("[320, 1125, 539, 320, 1929, 269]\n[518, 1805, 40293]\n"));
        QCOMPARE(run({"tokenize", "--bpe", "/nonexistent.gz", "x"}).code, 1);
        QCOMPARE(run({"tokenize", "x"}).code, 1);
    }

    // The program's own options are checked like the commands': a message and exit code 2.
    void globalThreadsOptionIsChecked() {
        for (const char* bad : {"abc", "-1", "5000"}) {
            const Result r = run({"--threads", bad, "metrics"});
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QStringLiteral("--threads must be a whole number from 0")), qPrintable(r.err));
        }
    }

    void metricsContract() {
        QTemporaryDir tmp;
        auto write = [&](const QString& name, const QByteArray& text) {
            QFile f(tmp.filePath(name));
            f.open(QIODevice::WriteOnly);
            f.write(text);
            return tmp.filePath(name);
        };
        const QString ind = write("ind.txt", "3\n4\n5\n\n");
        const QString ood = write("ood.txt", "0\n4\n1.5e0\n");
        const Result r = run({"metrics", "--ind", ind, "--ood", ood});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        QCOMPARE(o.keys(), (QStringList{"aupr_in", "aupr_out", "auroc", "fpr95", "n_ind", "n_ood"}));
        QVERIFY(std::abs(o["auroc"].toDouble() - 7.5 / 9.0) < 1e-12);  // of 9 pairs: 7 wins, 1 tie
        QCOMPARE(o["n_ind"].toInt(), 3);
        QCOMPARE(o["n_ood"].toInt(), 3);
        for (const auto& [content, expected] :
             std::vector<std::pair<QByteArray, QString>>{{"", "empty"}, {"1\nabc\n", "bad.txt:2"}, {"1\nnan\n", "bad.txt:2"}}) {
            const Result bad = run({"metrics", "--ind", write("bad.txt", content), "--ood", ood});
            QCOMPARE(bad.code, 1);
            QVERIFY2(bad.err.contains(expected), qPrintable(bad.err));
        }
    }

    void neglabelsScoreAndEvalOnFashionMnist() {
        const QString bpe = QStringLiteral(SYNOOD_TEST_SHARED_DIR "/data/clip/bpe_simple_vocab_16e6.txt.gz");
        if (!QFile::exists(bpe)) QSKIP("../shared is absent: no CLIP vocabulary for the text encoder");
        QTemporaryDir tmp;
        QDir().mkpath(tmp.filePath("pack"));
        QFile pack(tmp.filePath("pack/pack.json"));
        QVERIFY(pack.open(QIODevice::WriteOnly));
        pack.write(
            QJsonDocument(QJsonObject{{"name", "tiny"},
                                      {"kind", "clip-torchscript"},
                                      {"image_size", 32},
                                      {"embed_dim", 24},
                                      {"mean", QJsonArray{0.5, 0.5, 0.5}},
                                      {"std", QJsonArray{0.25, 0.25, 0.25}},
                                      {"tokenizer", "clip-bpe"},
                                      {"files", QJsonArray{QJsonObject{{"role", "model"},
                                                                       {"path", SYNOOD_TEST_SOURCE_DIR "/fixtures/tiny_clip/tiny_clip.pt"}},
                                                           QJsonObject{{"role", "bpe"}, {"path", bpe}}}}})
                .toJson());
        pack.close();
        QFile classes(tmp.filePath("classes.txt"));
        QVERIFY(classes.open(QIODevice::WriteOnly));
        classes.write("# InD\nT-shirt\nTrouser\nBag\n");
        classes.close();
        const QString images = "/usr/share/datasets/fashion-mnist/t10k-images-idx3-ubyte.gz";
        const QStringList model{"--pack", tmp.filePath("pack"), "--classes", tmp.filePath("classes.txt")};

        const Result mined = run(QStringList{"neglabels"} + model + QStringList{"--limit", "400", "--out", tmp.filePath("neg.json")});
        QVERIFY2(mined.code == 0, qPrintable(mined.err));
        const QJsonObject neg = QJsonDocument::fromJson([&] {
                                    QFile f(tmp.filePath("neg.json"));
                                    f.open(QIODevice::ReadOnly);
                                    return f.readAll();
                                }())
                                    .object();
        QVERIFY(neg["labels"].toArray().size() >= 55 && neg["labels"].toArray().size() <= 60);  // 15% of ~340 nouns + ~60 adjectives
        QVERIFY(QFile::exists(tmp.filePath("neg.features")));

        const Result scored = run(QStringList{"score"} + model +
                                  QStringList{"--images", images + "@8", "--score", "energy,neglabel", "--neglabels",
                                              tmp.filePath("neg.json"), "--out", tmp.filePath("s.csv")});
        QVERIFY2(scored.code == 0, qPrintable(scored.err));
        QFile csv(tmp.filePath("s.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().trimmed().split('\n');
        QCOMPARE(lines.size(), 1001);
        QCOMPARE(lines[0], QByteArray("image,label,energy,neglabel"));
        QVERIFY(lines[1].contains(",8,"));

        const Result evaluated =
            run(QStringList{"eval"} + model +
                QStringList{"--ind", images + "@0,1,8", "--ood", "near=" + images + "@4", "--ood", "far=" + images + "@7", "--score",
                            "mcm,energy", "--out", tmp.filePath("eval"), "--cache-dir", tmp.filePath("cache")});
        QVERIFY2(evaluated.code == 0, qPrintable(evaluated.err));
        QVERIFY(evaluated.out.contains("FPR95:"));
        QFile report(tmp.filePath("eval/eval.json"));
        QVERIFY(report.open(QIODevice::ReadOnly));
        const QJsonObject r = QJsonDocument::fromJson(report.readAll()).object();
        const QJsonArray methods = r["methods"].toArray();
        QCOMPARE(methods.size(), 2);  // mcm and energy, zero-shot (no adapter)
        QCOMPARE(methods[0].toObject()["score"].toString(), QString("mcm"));
        const QJsonObject energy = methods[1].toObject();
        QCOMPARE(energy["score"].toString(), QString("energy"));
        QCOMPARE(energy["method"].toString(), QString("zero-shot"));
        QCOMPARE(energy["sets"].toObject().keys(), (QStringList{"far", "near"}));
        const double near = energy["sets"].toObject()["near"].toObject()["auroc"].toDouble();
        const double far = energy["sets"].toObject()["far"].toObject()["auroc"].toDouble();
        QVERIFY(std::abs(energy["average"].toObject()["auroc"].toDouble() - (near + far) / 2) < 1e-12);
        QCOMPARE(energy["sets"].toObject()["near"].toObject()["n_ind"].toInt(), 3000);
        QCOMPARE(QDir(tmp.filePath("cache")).entryList({"*.features"}, QDir::Files).size(), 3);  // beside them their .lock files

        QCOMPARE(
            run(QStringList{"eval"} + model + QStringList{"--ind", images, "--ood", "no-equals-sign", "--out", tmp.filePath("x")}).code, 1);
        const Result noNeg = run(QStringList{"score"} + model +
                                 QStringList{"--images", images + "@8", "--score", "neglabel", "--out", tmp.filePath("y.csv")});
        QCOMPARE(noNeg.code, 1);
        QVERIFY(noNeg.err.contains("--neglabels"));
    }

    void demoRunReportContract() {
        QTemporaryDir tmp;
        // The shipped demo pack; SynOOD from 2 seeds per class and short step budgets keep it quick.
        const Result r = run({"demo", "run", "--seeds", "2", "--seeds-per-class", "2", "--validation-seeds-per-class", "1",
                              "--stage-a-steps", "120", "--stage-b-steps", "150", "--checkpoint-every", "50", "--out", tmp.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(tmp.filePath("report.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonObject methods = report["methods"].toObject();
        QCOMPARE(methods.keys(), (QStringList{"energy", "maxlogit", "mcm", "neglabel", "neglabel_strict", "synood", "synood_stage_a",
                                              "synood_stage_ab", "synood_stage_b", "synood_unguided"}));
        // Validation InD accuracy per tuned variant and zero-shot, in [0, 1].
        const QJsonObject val = report["validation_ind_accuracy"].toObject();
        QCOMPARE(val.keys().size(), 7);  // zero_shot, five tuned rows, the unselected diagnostic
        // The protocol as run: the step budgets given, the official choices by default.
        const QJsonObject protocol = report["protocol"].toObject();
        QCOMPARE(protocol["stage_a_steps"].toInt(), 120);
        QCOMPARE(protocol["stage_b_steps"].toInt(), 150);
        QCOMPARE(protocol["synthesized_per_seed"].toInt(), 2 * 6);  // 2 seeds per class x 1 sample each
        QCOMPARE(protocol["class_set"].toString(), QString("occurring"));
        QCOMPARE(protocol["pairing"].toString(), QString("seeds"));
        QVERIFY(std::abs(protocol["neglabel_tau"].toDouble() * protocol["logit_scale"].toDouble() - 1) < 1e-9);
        // Selection: every checkpoint of each variant validated (0, 50, 100, 120 for stage A), one chosen.
        const QJsonObject sel = report["selection"].toObject()["seed 0"].toObject();
        const QJsonObject ab = sel["variants"].toObject()["synood_stage_ab"].toObject();
        QCOMPARE(ab["stage_a"].toObject()["checkpoints"].toArray().size(), 4);
        QCOMPARE(ab["stage_b"].toObject()["checkpoints"].toArray().size(), 4);  // 0, 50, 100, 150
        const QString chosen = sel["chosen"].toObject()["synood"].toString();
        QVERIFY(QStringList({"synood_stage_ab", "synood_stage_a", "synood_stage_b"}).contains(chosen));
        // synood is the chosen variant: identical test figures.
        QCOMPARE(methods["synood"].toObject()["near"].toObject()["auroc"].toDouble(),
                 methods[chosen].toObject()["near"].toObject()["auroc"].toDouble());
        // Paired differences: per seed, and the mean is their mean.
        const QJsonObject near = report["paired"].toObject()["synood - neglabel"].toObject()["near"].toObject()["auroc"].toObject();
        const QJsonArray perSeed = near["seeds"].toArray();
        QCOMPARE(perSeed.size(), 2);
        QVERIFY(std::abs(near["mean"].toDouble() - (perSeed[0].toDouble() + perSeed[1].toDouble()) / 2) < 1e-12);
        // Two seeds: sd = |d0 - d1| / sqrt(2), half-width t(0.975, 1) * sd / sqrt(2) = 12.7062 * |d0 - d1| / 2.
        const double half = 12.7062 * std::abs(perSeed[0].toDouble() - perSeed[1].toDouble()) / 2;
        QVERIFY(std::abs(near["ci95_high"].toDouble() - (near["mean"].toDouble() + half)) < 1e-9);
        QVERIFY(std::abs(near["ci95_low"].toDouble() - (near["mean"].toDouble() - half)) < 1e-9);
        QVERIFY(report["paired"].toObject().contains("guided - unguided"));
        QVERIFY(val["zero_shot"].toObject()["accuracy"].toDouble() > 0.8);
        // The strict protocol: the set SynOOD tunes has no held-out name; it is the blind set minus those.
        const QJsonArray removed = report["negative_labels_removed_by_strict_protocol"].toArray();
        QVERIFY(!removed.isEmpty());
        QCOMPARE(report["negative_labels_strict"].toInt() + removed.size(), report["negative_labels"].toInt());
        for (const QString& m : methods.keys()) {
            const QJsonObject sets = methods[m].toObject();
            QCOMPARE(sets.keys(), (QStringList{"average", "glyphs", "near", "textures"}));
            double sum = 0;
            for (const QString& s : sets.keys()) {
                const QJsonObject v = sets[s].toObject();
                QCOMPARE(v.keys(), (QStringList{"auroc", "auroc_std", "fpr95", "fpr95_std"}));
                for (const QString& k : v.keys()) QVERIFY(v[k].toDouble() >= 0 && v[k].toDouble() <= 1);
                if (s != "average") sum += v["auroc"].toDouble();
            }
            QVERIFY(std::abs(sets["average"].toObject()["auroc"].toDouble() - sum / 3) < 1e-9);
        }
        // Only NegLabel depends on the seed (its grouping); the others are deterministic.
        QCOMPARE(methods["energy"].toObject()["near"].toObject()["auroc_std"].toDouble(), 0.0);
        QVERIFY(methods["neglabel"].toObject()["near"].toObject()["fpr95_std"].toDouble() > 0);
        // The toy CLIP separates the held-out clothes from the InD ones.
        QVERIFY(methods["energy"].toObject()["near"].toObject()["auroc"].toDouble() > 0.9);
        QVERIFY(QFile::exists(tmp.filePath("report.md")));
    }

    // The scenes world: its own sets, context prompts by default, and the WordNet-prompt ablation.
    void demoRunScenesWorld() {
        QTemporaryDir tmp;
        const Result r = run({"demo", "run", "--world", "scenes", "--seeds", "2", "--seeds-per-class", "2", "--validation-seeds-per-class",
                              "1", "--stage-a-steps", "60", "--stage-b-steps", "60", "--checkpoint-every", "30", "--out", tmp.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QFile f(tmp.filePath("report.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QJsonObject report = QJsonDocument::fromJson(f.readAll()).object();
        QCOMPARE(report["world"].toString(), QString("scenes"));
        QCOMPARE(report["sets"].toObject()["backgrounds"].toString(), QString("demo:scenes-empty"));
        const QJsonObject methods = report["methods"].toObject();
        QVERIFY(methods.contains("synood_wordnet"));
        QCOMPARE(methods["synood_wordnet"].toObject().keys(), (QStringList{"average", "backgrounds", "near", "objects"}));
        QCOMPARE(report["protocol"].toObject()["prompt_source"].toString(), QString("context"));
        QVERIFY(report["paired"].toObject().contains("context - wordnet prompts"));
        const QJsonObject synthesized = report["synthesized"].toObject()["seed 1"].toObject();
        QCOMPARE(synthesized["synood"].toInt(), 2 * 6);
        QCOMPARE(synthesized["synood_wordnet"].toInt(), 2 * 6);
        QCOMPARE(synthesized["validation_ood"].toInt(), 3 * 6);  // one held-out seed per class, three kinds
        // The two sources painted from the same seeds in workspaces of their own.
        QVERIFY(QFile::exists(tmp.filePath("cache/synood/workspace/workspace.sqlite")));
        QVERIFY(QFile::exists(tmp.filePath("cache/synood/workspace-wordnet/workspace.sqlite")));
        QFile md(tmp.filePath("report.md"));
        QVERIFY(md.open(QIODevice::ReadOnly));
        QVERIFY(md.readAll().contains("| method | near AUROC | near FPR95 | backgrounds AUROC |"));
    }

    // Real-model setup: an ImageFolder tree imported where it lies, then synth verify.
    // The MLLM endpoint on the scenes world: synth sends it each scene seed as it is on disk, asks
    // SynOOD's question, and paints from the answer in the paper's template.
    void synthAsksTheMllmAboutScenes() {
        QTemporaryDir tmp;
        const std::string ws = tmp.filePath("ws").toStdString();
        synood::demo::createScenesWorkspace(ws, 1);
        std::set<std::string> seedUrls;
        {
            const synood::Workspace seeds = synood::Workspace::load(ws);
            for (size_t i = 0; i < seeds.size(); ++i) {
                seedUrls.insert("data:image/png;base64," +
                                synood::base64Encode(synood::readWholeFile(seeds.absoluteImagePath(seeds.sample(i)))));
            }
        }
        LocalHttpServer server([] { return Reply{200, completion("a sandy beach"), 0}; });
        const Result r = run({"synth", "--workspace", QString::fromStdString(ws), "--pack",
                              QStringLiteral(SYNOOD_TEST_REPO_DIR) + "/resources/scenes-pack", "--prompt-source", "mllm", "--mllm-url",
                              QString::fromStdString(server.url()), "--mllm-model", "llava-test", "--per-class", "1", "--limit", "2",
                              "--steps", "4", "--iterations", "1"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto requests = server.requests();
        QCOMPARE(requests.size(), size_t(2));
        for (const std::string& request : requests) {
            const nlohmann::json body = nlohmann::json::parse(request.substr(request.find("\r\n\r\n") + 4));
            QVERIFY(seedUrls.count(body.at("messages").at(0).at("content").at(1).at("image_url").at("url").get<std::string>()) == 1);
        }
        const synood::Workspace after = synood::Workspace::load(ws);
        int synthesized = 0;
        for (size_t i = 0; i < after.size(); ++i) {
            if (after.sample(i).origin != synood::Origin::Synthesized) continue;
            ++synthesized;
            const nlohmann::json provenance = after.provenance(i);
            QCOMPARE(provenance.at("prompt").get<std::string>(), std::string("A photo only remain a sandy beach."));
            QCOMPARE(provenance.at("prompt_source").get<std::string>(), std::string("mllm"));
        }
        QCOMPARE(synthesized, 2);
    }

    void workspaceImportAndSynthVerify() {
        QTemporaryDir tmp;
        const QString images = tmp.filePath("train");
        for (const QString cls : {"n02", "n01"}) {
            QDir().mkpath(images + "/" + cls);
            for (int i = 0; i < 3; ++i) {
                const cv::Mat img(8, 8, CV_8UC3, cv::Scalar(40 * i, 80, 120));
                synood::writeImage(QString("%1/%2/img%3.png").arg(images, cls).arg(i).toStdString(), img);
            }
        }
        QFile names(tmp.filePath("names.txt"));
        QVERIFY(names.open(QIODevice::WriteOnly));
        names.write("tench\ngoldfish\n");  // sorted folder order: n01, n02
        names.close();
        const QString ws = tmp.filePath("ws");
        Result r = run({"workspace", "import", ws, "--images", images, "--classes", names.fileName(), "--per-class", "2"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("added 4 image(s)"));
        r = run({"workspace", "import", ws, "--images", images, "--classes", names.fileName(), "--per-class", "2"});
        QVERIFY(r.out.contains("added 0 image(s)"));  // nothing twice
        r = run({"workspace", "info", ws});
        const QJsonObject byClass = QJsonDocument::fromJson(r.out.toUtf8()).object()["by_class"].toObject();
        QCOMPARE(byClass["tench"].toInt(), 2);
        QCOMPARE(byClass["goldfish"].toInt(), 2);
        QFile one(tmp.filePath("one.txt"));
        QVERIFY(one.open(QIODevice::WriteOnly));
        one.write("tench\n");
        one.close();
        r = run({"workspace", "import", ws, "--images", images, "--classes", one.fileName()});
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("2 class folders"), qPrintable(r.err));

        r = run({"synth", "verify", "--workspace", ws});
        QVERIFY2(r.code == 0 && r.out.contains("ok"), qPrintable(r.out + r.err));
        QVERIFY(QFile::remove(ws + "/images/import/n01/img0.png"));
        r = run({"synth", "verify", "--workspace", ws});
        QCOMPARE(r.code, 1);
        QVERIFY(r.out.contains("missing image: import:n01/img0.png"));
    }

    // tools/export_sd_inpaint.py cannot run against real weights here; its argument handling can.
    void exportScriptArgumentHandling() {
        const QString python = "/usr/bin/python3";
        if (!QFile::exists(python)) QSKIP("no /usr/bin/python3");
        const QString script = SYNOOD_TEST_REPO_DIR "/tools/export_sd_inpaint.py";
        auto runPy = [&](const QStringList& args) {
            QProcess p;
            p.start(python, QStringList{script} + args);
            p.waitForFinished(60000);
            return Result{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
        };
        Result r = runPy({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("--verify") && r.out.contains("SdInpaintDiffusion.h"));
        QCOMPARE(runPy({}).code, 2);  // --out is required
        QTemporaryDir tmp;
        QFile f(tmp.filePath("existing"));
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.close();
        r = runPy({"--out", tmp.path()});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains("--overwrite"));
        QCOMPARE(runPy({"--out", tmp.filePath("new"), "--device", "tpu"}).code, 2);
        QProcess probe;
        probe.start(python, {"-c", "import diffusers"});
        probe.waitForFinished(60000);
        if (probe.exitCode() == 0) QSKIP("diffusers is installed: the missing-package path cannot be shown");
        r = runPy({"--out", tmp.filePath("new")});
        QCOMPARE(r.code, 3);
        QVERIFY(r.err.contains("is not installed"));
        QVERIFY(!QFile::exists(tmp.filePath("new")));  // nothing half-written
    }

    void benchWorkspacePrintsFigures() {
        const Result r = run({"bench", "workspace", "--samples", "2000", "--repeat", "1"});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.trimmed().split('\n');
        const QJsonObject figures = QJsonDocument::fromJson(lines.last().toUtf8()).object();  // the last line is JSON
        QCOMPARE(figures["samples"].toInt(), 2000);
        for (const char* key : {"open_s", "change_one_ms", "change_1000_ms", "add_10000_s", "filter_ms", "json_save_s", "json_load_s"}) {
            QVERIFY2(figures[key].toDouble() > 0, key);
        }
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
