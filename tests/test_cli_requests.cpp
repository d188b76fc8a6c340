// The CLI's arguments as the operations' requests: every option lands in its field, the defaults are
// the requests' own (the studio starts from the same), and bad values are refused with a message.
#include "cli/Args.h"
#include "cli/Requests.h"
#include "core/Error.h"

#include <QtTest>

using namespace synood;
using namespace synood::cli;

namespace {
const std::string kPack = SYNOOD_TEST_REPO_DIR "/resources/demo-pack";

Args argsOf(const std::vector<std::string>& argv, const std::set<std::string>& options, const std::set<std::string>& flags = {}) {
    return Args(argv, options, flags, "test");
}
}  // namespace

class TestCliRequests : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void synthDefaultsAreTheRequestsOwn() {
        const ops::SynthesisRequest r = synthesisRequestOf(argsOf({"--pack", kPack, "--workspace", "W"}, synthOptionNames()));
        const ops::SynthesisRequest d = ops::synthesisRequest(kPack);
        QCOMPARE(r.run.perClass, d.run.perClass);
        QCOMPARE(r.run.perSeed, d.run.perSeed);
        QCOMPARE(r.run.batchSize, d.run.batchSize);
        QCOMPARE(r.run.synthesis.sampling.steps, d.run.synthesis.sampling.steps);
        QCOMPARE(r.run.synthesis.sampling.cfgScale, d.run.synthesis.sampling.cfgScale);
        QCOMPARE(r.run.synthesis.guidance.learningRate, d.run.synthesis.guidance.learningRate);
        QVERIFY(std::holds_alternative<MaskKind>(r.run.mask));
        QVERIFY(r.strictProtocol);
        QVERIFY(r.run.autoTarget);
        // The demo pack declares its own learning rate (pixel space), which the request takes.
        QCOMPARE(d.run.synthesis.guidance.learningRate, ModelPack::load(kPack, false).json["synthesis_defaults"].value("lr", -1.0));
    }

    void synthOptionsLandInTheirFields() {
        const ops::SynthesisRequest r = synthesisRequestOf(argsOf({"--pack",
                                                                   kPack,
                                                                   "--workspace",
                                                                   "W",
                                                                   "--diffusion",
                                                                   "D",
                                                                   "--device",
                                                                   "cuda:1",
                                                                   "--per-class",
                                                                   "5",
                                                                   "--first-rank",
                                                                   "50",
                                                                   "--per-seed",
                                                                   "3",
                                                                   "--shard",
                                                                   "2/4",
                                                                   "--seed",
                                                                   "7",
                                                                   "--prompt",
                                                                   "a lawn",
                                                                   "--mask",
                                                                   "box",
                                                                   "--steps",
                                                                   "11",
                                                                   "--strength",
                                                                   "0.7",
                                                                   "--cfg",
                                                                   "2.5",
                                                                   "--eta",
                                                                   "0.5",
                                                                   "--iterations",
                                                                   "4",
                                                                   "--lr",
                                                                   "0",
                                                                   "--target",
                                                                   "-3",
                                                                   "--loss",
                                                                   "hinge",
                                                                   "--score",
                                                                   "msp",
                                                                   "--band",
                                                                   "0.02,0.2",
                                                                   "--batch",
                                                                   "9",
                                                                   "--neglabels",
                                                                   "N.json",
                                                                   "--limit",
                                                                   "12",
                                                                   "--no-exclusions",
                                                                   "--mllm-url",
                                                                   "http://127.0.0.1:1/v1",
                                                                   "--mllm-model",
                                                                   "m",
                                                                   "--mllm-key-env",
                                                                   "K",
                                                                   "--mllm-timeout",
                                                                   "5"},
                                                                  synthOptionNames(), {"no-exclusions"}));
        const SynthRunOptions& o = r.run;
        QCOMPARE(o.packDir, kPack);
        QCOMPARE(o.diffusionPackDir, std::string("D"));
        QCOMPARE(o.device, std::string("cuda:1"));
        QCOMPARE(o.workspaceDir, std::string("W"));
        QCOMPARE(o.perClass, 5);
        QCOMPARE(o.firstRank, 50);
        QCOMPARE(o.perSeed, 3);
        QCOMPARE(o.shardIndex, 2);
        QCOMPARE(o.shardCount, 4);
        QCOMPARE(o.runSeed, uint64_t(7));
        QCOMPARE(o.promptSource, std::string("text"));  // a prompt without a source is free text
        QCOMPARE(o.promptText, std::string("a lawn"));
        QVERIFY(std::get<MaskKind>(o.mask) == MaskKind::Box);
        QCOMPARE(o.synthesis.sampling.steps, 11);
        QCOMPARE(o.synthesis.sampling.strength, 0.7);
        QCOMPARE(o.synthesis.sampling.cfgScale, 2.5);
        QCOMPARE(o.synthesis.sampling.eta, 0.5);
        QCOMPARE(o.synthesis.guidance.iterations, 4);
        QCOMPARE(o.synthesis.guidance.learningRate, 0.0);
        QVERIFY(!o.autoTarget);
        QCOMPARE(o.synthesis.guidance.target, -3.0);
        QVERIFY(o.synthesis.guidance.loss == GuidanceLoss::Hinge);
        QVERIFY(o.score == ScoreKind::MSP);
        QCOMPARE(o.bandLow, 0.02);
        QCOMPARE(o.bandHigh, 0.2);
        QCOMPARE(o.batchSize, 9);
        QCOMPARE(o.negLabelsFile, std::string("N.json"));
        QCOMPARE(o.limit, 12);
        QVERIFY(!r.strictProtocol);
        QCOMPARE(o.mllm.baseUrl, std::string("http://127.0.0.1:1/v1"));
        QCOMPARE(o.mllm.model, std::string("m"));
        QCOMPARE(o.mllm.apiKeyVariable, std::string("K"));
        QCOMPARE(o.mllm.timeoutSeconds, 5.0);
        // A mask that is no kind's name is a file, by its name alone.
        const auto file = synthesisRequestOf(argsOf({"--pack", kPack, "--mask", "m/a.png"}, synthOptionNames())).run.mask;
        QCOMPARE(std::get<MaskFile>(file).path, std::string("m/a.png"));
    }

    // Every numeric option: a finite number (a whole one where asked) inside its range, else a
    // message that names the option, the range and the value given.
    void numericOptionsAreCheckedAtTheEdge() {
        const auto intOf = [](const std::string& v) { return argsOf({"--n", v}, {"n"}).intValue("n", 7, {1, 100}); };
        const auto doubleOf = [](const std::string& v) { return argsOf({"--x", v}, {"x"}).doubleValue("x", 0.5, {0, 1}); };
        QCOMPARE(intOf("1"), 1);
        QCOMPARE(intOf("100"), 100);
        QCOMPARE(argsOf({}, {"n"}).intValue("n", 7, {1, 100}), 7);
        QCOMPARE(doubleOf("0"), 0.0);
        QCOMPARE(doubleOf("1e-3"), 1e-3);
        for (const char* bad : {"0", "101", "-5", "3x", "", "2.5", "99999999999", "nan"}) {
            QVERIFY_THROWS_EXCEPTION(SynoodError, intOf(bad));
        }
        for (const char* bad : {"nan", "inf", "-inf", "1e400", "1.5", "-0.1", "0.5s", ""}) {
            QVERIFY_THROWS_EXCEPTION(SynoodError, doubleOf(bad));
        }
        try {
            intOf("0");
            QFAIL("--n 0 was accepted");
        } catch (const SynoodError& e) {
            const std::string m = e.what();
            QVERIFY2(m.find("--n") != std::string::npos && m.find("1 to 100") != std::string::npos && m.find("'0'") != std::string::npos,
                     m.c_str());
        }
        // The commands' own: seeds, batches and threads are checked the same everywhere.
        for (const std::vector<std::string>& bad :
             std::vector<std::vector<std::string>>{{"--seed", "-1"}, {"--batch", "0"}, {"--epochs-b", "1e9"}, {"--logit-scale", "inf"}}) {
            std::vector<std::string> argv{"--workspace", "W"};
            argv.insert(argv.end(), bad.begin(), bad.end());
            QVERIFY_THROWS_EXCEPTION(SynoodError, trainingRequestOf(argsOf(argv, finetuneOptionNames())));
        }
        for (const std::vector<std::string>& bad :
             std::vector<std::vector<std::string>>{{"--batch", "0"}, {"--decode-threads", "0"}, {"--groups", "0"}, {"--groups", "ten"}}) {
            std::vector<std::string> argv{"--ind", "I", "--ood", "o=O"};
            argv.insert(argv.end(), bad.begin(), bad.end());
            QVERIFY_THROWS_EXCEPTION(SynoodError, evaluationRequestOf(argsOf(argv, evalOptionNames())));
        }
    }

    void synthRefusesMalformedValues() {
        for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{{"--shard", "2"},
                                                                                         {"--shard", "a/b"},
                                                                                         {"--shard", "1/2x"},
                                                                                         {"--shard", "-1/4"},
                                                                                         {"--band", "0.1"},
                                                                                         {"--band", "0.1,nan"},
                                                                                         {"--seed", "-5"},
                                                                                         {"--steps", "twenty"},
                                                                                         {"--cfg", "inf"},
                                                                                         {"--loss", "cubic"},
                                                                                         {"--score", "nothing"}}) {
            std::vector<std::string> argv{"--pack", kPack};
            argv.insert(argv.end(), bad.begin(), bad.end());
            QVERIFY_THROWS_EXCEPTION(SynoodError, synthesisRequestOf(argsOf(argv, synthOptionNames())));
        }
    }

    // Values that mean nothing are refused before any model loads; every default passes.
    void synthRefusesValuesThatMeanNothing() {
        const std::vector<std::string> base{"--pack", kPack, "--workspace", "W"};
        checkSynthRunOptions(synthesisRequestOf(argsOf(base, synthOptionNames())).run);
        for (const std::vector<std::string>& bad : std::vector<std::vector<std::string>>{{"--steps", "0"},
                                                                                         {"--strength", "0"},
                                                                                         {"--strength", "1.5"},
                                                                                         {"--cfg", "-1"},
                                                                                         {"--eta", "2"},
                                                                                         {"--iterations", "0"},
                                                                                         {"--lr", "-1"},
                                                                                         {"--lr", "nan"},
                                                                                         {"--target", "inf"},
                                                                                         {"--band", "0.2,0.1"},
                                                                                         {"--band", "0.5,1.5"},
                                                                                         {"--limit", "-3"},
                                                                                         {"--mllm-timeout", "0"},
                                                                                         {"--per-seed", "0"},
                                                                                         {"--shard", "4/4"},
                                                                                         {"--mask", "/no/such/mask.png"}}) {
            std::vector<std::string> argv = base;
            argv.insert(argv.end(), bad.begin(), bad.end());
            // Refused where the options are read (not a finite number) or by the run's own check (out of range).
            QVERIFY_THROWS_EXCEPTION(SynoodError, checkSynthRunOptions(synthesisRequestOf(argsOf(argv, synthOptionNames())).run));
        }
    }

    void finetuneOptionsLandInTheirFields() {
        const ops::TrainingRequest d = trainingRequestOf(argsOf({"--workspace", "W"}, finetuneOptionNames()));
        const ops::TrainingRequest defaults;
        QCOMPARE(d.options.a.epochs, defaults.options.a.epochs);
        QCOMPARE(d.options.b.epochs, defaults.options.b.epochs);
        QCOMPARE(d.options.a.batchSize, defaults.options.a.batchSize);
        QVERIFY(d.options.stageA && d.options.stageB);
        QVERIFY(d.negLabelsFile.empty() && d.adapterPath.empty());  // the workspace's own files
        const ops::TrainingRequest r = trainingRequestOf(
            argsOf({"--workspace", "W",         "--pack",      "P",   "--device",      "cuda", "--stage", "B",  "--out",  "A.adapter",
                    "--neglabels", "N.json",    "--epochs-a",  "2",   "--epochs-b",    "9",    "--batch", "32", "--seed", "4",
                    "--pairing",   "workspace", "--class-set", "all", "--logit-scale", "100"},
                   finetuneOptionNames()));
        QCOMPARE(r.workspaceDir, std::string("W"));
        QCOMPARE(r.model.packDir, std::string("P"));
        QCOMPARE(r.model.device, std::string("cuda"));
        QVERIFY(!r.options.stageA && r.options.stageB);
        QCOMPARE(r.adapterPath, std::string("A.adapter"));
        QCOMPARE(r.negLabelsFile, std::string("N.json"));
        QCOMPARE(r.options.a.epochs, 2);
        QCOMPARE(r.options.b.epochs, 9);
        QCOMPARE(r.options.a.batchSize, 32);
        QCOMPARE(r.options.b.batchSize, 32);
        QCOMPARE(r.options.seed, uint64_t(4));
        QVERIFY(r.pairing == Pairing::Workspace);
        QVERIFY(r.options.classSet == ClassSet::All);
        QCOMPARE(r.options.logitScale, 100.0);
        for (const std::vector<std::string>& bad :
             std::vector<std::vector<std::string>>{{"--stage", "C"}, {"--epochs-a", "0"}, {"--logit-scale", "-1"}, {"--pairing", "none"}}) {
            std::vector<std::string> argv{"--workspace", "W"};
            argv.insert(argv.end(), bad.begin(), bad.end());
            QVERIFY_THROWS_EXCEPTION(SynoodError, trainingRequestOf(argsOf(argv, finetuneOptionNames())));
        }
        QVERIFY_THROWS_EXCEPTION(SynoodError, trainingRequestOf(argsOf({}, finetuneOptionNames())));
    }

    void evalOptionsLandInTheirFields() {
        const ops::EvaluationRequest r = evaluationRequestOf(argsOf({"--pack",
                                                                     "P",
                                                                     "--device",
                                                                     "cuda",
                                                                     "--ind",
                                                                     "demo:ind",
                                                                     "--ood",
                                                                     "near=demo:near",
                                                                     "--ood",
                                                                     "dtd=/data/dtd",
                                                                     "--score",
                                                                     "energy,neglabel",
                                                                     "--classes",
                                                                     "C.txt",
                                                                     "--template",
                                                                     "a photo of a {}",
                                                                     "--neglabels",
                                                                     "N.json",
                                                                     "--adapter",
                                                                     "A",
                                                                     "--groups",
                                                                     "10",
                                                                     "--cache-dir",
                                                                     "cache",
                                                                     "--batch",
                                                                     "8",
                                                                     "--decode-threads",
                                                                     "3",
                                                                     "--out",
                                                                     "O"},
                                                                    evalOptionNames()));
        QCOMPARE(r.model.packDir, std::string("P"));
        QCOMPARE(r.model.device, std::string("cuda"));
        QCOMPARE(r.indSpec, std::string("demo:ind"));
        QCOMPARE(r.oodSets.size(), size_t(2));
        QCOMPARE(r.oodSets[1].first, std::string("dtd"));
        QCOMPARE(r.oodSets[1].second, std::string("/data/dtd"));
        QCOMPARE(r.scores.size(), size_t(2));
        QVERIFY(r.scores[0] == ScoreKind::Energy && r.scores[1] == ScoreKind::NegLabel);
        QCOMPARE(r.classesFile, std::string("C.txt"));
        QCOMPARE(r.promptTemplate, std::string("a photo of a {}"));
        QCOMPARE(r.negLabelsFile, std::string("N.json"));
        QCOMPARE(r.adapterPath, std::string("A"));
        QCOMPARE(r.negLabelGroups, 10);
        QCOMPARE(r.cacheDir, std::string("cache"));
        QCOMPARE(r.encode.batchSize, 8);
        QCOMPARE(r.encode.decodeThreads, 3);
        const ops::EvaluationRequest d = evaluationRequestOf(argsOf({"--ind", "I", "--ood", "o=O"}, evalOptionNames()));
        QVERIFY(d.scores.empty());  // every score the model and the labels allow
        QCOMPARE(d.negLabelGroups, ops::EvaluationRequest{}.negLabelGroups);
        QVERIFY_THROWS_EXCEPTION(SynoodError, evaluationRequestOf(argsOf({"--ind", "I", "--ood", "O"}, evalOptionNames())));
        QVERIFY_THROWS_EXCEPTION(SynoodError, evaluationRequestOf(argsOf({"--ind", "I"}, evalOptionNames())));
    }
};

QTEST_GUILESS_MAIN(TestCliRequests)
#include "test_cli_requests.moc"
