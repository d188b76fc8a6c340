// Guided synthesis (SynOOD stage 1) on the committed demo pack: lr = 0 is plain SDEdit, guidance
// moves the score towards its target, a non-finite score stops a sample with a reason, prompt
// sources obey the strict protocol, and `runSynthesis` writes provenance, resumes without
// duplicates, is byte-identical for a seed and merges shards without collisions.
#include "core/Error.h"
#include "core/Threads.h"
#include "data/ImageIO.h"
#include "data/Provenance.h"
#include "data/Workspace.h"
#include "demo/DemoWorkspace.h"
#include "demo/ToyClipTrainer.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "ood/BoundaryBand.h"
#include "ood/LooksInD.h"
#include "synth/GuidedSynthesis.h"
#include "synth/Masks.h"
#include "synth/PromptSources.h"
#include "synth/SynthesisRun.h"

#include <ATen/ATen.h>
#include <opencv2/core.hpp>

#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <set>

using namespace synood;

namespace {
const std::string kPack = SYNOOD_TEST_REPO_DIR "/resources/demo-pack";

QByteArray fileHash(const std::string& path) {
    QFile f(QString::fromStdString(path));
    if (!f.open(QIODevice::ReadOnly)) return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}
}  // namespace

class TestSynthesis : public QObject {
    Q_OBJECT
    std::unique_ptr<VisionLanguageModel> m_clip;
    std::unique_ptr<InpaintingDiffusion> m_diffusion;
    std::unique_ptr<ImageScorer> m_scorer;
    at::Tensor m_seeds;  // 8 InD training images in diffusion space

private Q_SLOTS:
    void initTestCase() {
        tuneAllocatorForTensors();
        configureThreads(0);
        const ModelPack pack = ModelPack::load(kPack);
        m_clip = loadVisionLanguageModel(pack);
        m_diffusion = loadInpaintingDiffusion(pack);
        at::NoGradGuard noGrad;
        const at::Tensor ind = encodeClassPrompts(*m_clip, demo::indPromptNames(), "the nice {}");
        ScoreOptions so;
        so.logitScale = m_clip->logitScale();
        m_scorer = std::make_unique<ImageScorer>(*m_clip, *m_diffusion, ind, at::Tensor(), ScoreKind::Energy, so);
        at::manual_seed(0);
        // Simple shapes as seeds: a bright block on black, in diffusion space.
        m_seeds = at::full({8, 1, 32, 32}, -1.0);
        for (int i = 0; i < 8; ++i) m_seeds[i].narrow(1, 6 + i % 3, 16).narrow(2, 8, 12 + i % 4).fill_(0.6);
    }

    // A run on the test's models (those of kPack).
    SynthRunResult run(const SynthRunOptions& o) { return runSynthesis(o, *m_clip, *m_diffusion, {}); }

    // A demo workspace with 2 seeds per class and a quick strict-protocol run over one seed per class.
    static SynthRunOptions smallRun(const std::string& ws, int batch, int steps, int iterations) {
        demo::createDemoWorkspace(ws, 2);
        SynthRunOptions o;
        o.packDir = kPack;
        o.workspaceDir = ws;
        o.perClass = 1;
        o.batchSize = batch;
        o.synthesis.sampling.steps = steps;
        o.synthesis.guidance.iterations = iterations;
        o.excludedWords = demo::heldOutWords();
        return o;
    }

    SynthesisInput input(int n, uint64_t seed) {
        at::manual_seed(seed);
        return {m_seeds.narrow(0, 0, n), wholeMask(32).expand({n, 1, 32, 32}),
                m_diffusion->encodePrompts(std::vector<std::string>(static_cast<size_t>(n), "a photo of a clog.")),
                at::randn({n, 1, 32, 32})};
    }

    void zeroLearningRateIsPlainSdedit() {
        SynthesisOptions o;
        o.sampling.steps = 10;
        o.guidance.learningRate = 0;
        o.guidance.iterations = 2;
        const SynthesisInput in = input(3, 1);
        const SynthesisOutput guided = synthesizeGuided(*m_diffusion, *m_scorer, in, o);
        const InpaintInput plain = makeInpaintInput(*m_diffusion, in.images, in.masks, in.noise, in.condition);
        const at::Tensor sdedit = m_diffusion->decodeLatents(ddimInpaint(*m_diffusion, plain, o.sampling));
        QVERIFY(at::equal(guided.images, sdedit));
        // Unguided runs once without gradients, whatever K says: the same images as K = 1.
        QCOMPARE(guided.trajectories[0].iterationScores.size(), size_t(1));
        QVERIFY(guided.trajectories[0].gradientNorms.empty());
        QCOMPARE(guided.trajectories[0].stepScores.size(), size_t(1));
        QCOMPARE(guided.trajectories[0].stepScores[0].size(), size_t(6));  // 10 steps at strength 0.6
        o.guidance.iterations = 1;
        const SynthesisOutput once = synthesizeGuided(*m_diffusion, *m_scorer, in, o);
        QVERIFY(at::equal(once.images, guided.images));
        QCOMPARE(once.scores, guided.scores);
    }

    void guidanceMovesTheScoreTowardsTheTarget() {
        SynthesisOptions o;
        o.sampling.steps = 10;
        o.guidance.iterations = 3;
        const SynthesisInput in = input(8, 2);
        o.guidance.learningRate = 0;
        const SynthesisOutput plain = synthesizeGuided(*m_diffusion, *m_scorer, in, o);
        // A target well below every unguided score: guidance must lower the scores.
        const double target = *std::min_element(plain.scores.begin(), plain.scores.end()) - 2.0;
        o.guidance.target = target;
        o.guidance.learningRate = 0.05;
        const SynthesisOutput guided = synthesizeGuided(*m_diffusion, *m_scorer, in, o);
        double plainDistance = 0, guidedDistance = 0;
        for (size_t i = 0; i < 8; ++i) {
            plainDistance += std::abs(plain.scores[i] - target);
            guidedDistance += std::abs(guided.scores[i] - target);
            QVERIFY(guided.stopReasons[i].empty());
            QCOMPARE(guided.trajectories[i].gradientNorms.size(), size_t(3));
        }
        qInfo("mean |score - target|: unguided %.3f, guided %.3f", plainDistance / 8, guidedDistance / 8);
        QVERIFY(guidedDistance < plainDistance);
        // Batch independence: a sample's result does not depend on its batch.
        const SynthesisInput one{in.images.narrow(0, 3, 1), in.masks.narrow(0, 3, 1), in.condition.narrow(0, 3, 1),
                                 in.noise.narrow(0, 3, 1)};
        const SynthesisOutput single = synthesizeGuided(*m_diffusion, *m_scorer, one, o);
        QVERIFY(std::abs(single.scores[0] - guided.scores[3]) < 1e-3);
    }

    void nonFiniteGradientStopsTheSampleWithAReason() {
        SynthesisOptions o;
        o.sampling.steps = 5;
        o.guidance.iterations = 3;
        o.guidance.target = -1e30;  // a loss of ~1e60 overflows float32: an infinite gradient
        o.guidance.learningRate = 1;
        const SynthesisOutput out = synthesizeGuided(*m_diffusion, *m_scorer, input(2, 3), o);
        for (size_t i = 0; i < 2; ++i) {
            QVERIFY2(!out.stopReasons[i].empty(), "a sample with a non-finite gradient must stop");
            QVERIFY(QString::fromStdString(out.stopReasons[i]).contains("non-finite"));
            QVERIFY(at::isfinite(out.images[static_cast<int64_t>(i)]).all().item<bool>());  // its last finite image is kept
        }
    }

    void promptSourcesObeyTheStrictProtocol() {
        const auto classes = demo::indPromptNames();
        const auto heldOut = demo::heldOutWords();
        QVERIFY(mentionsAny("a photo of a polo shirt.", heldOut));
        QVERIFY(!mentionsAny("a photo of a clog.", heldOut));
        const auto wordnet = makePromptSource("wordnet", classes, heldOut);
        std::mt19937_64 rng(1);
        std::set<std::string> details;
        for (const auto& c : classes) {
            for (int i = 0; i < 30; ++i) {
                const PromptChoice p = wordnet->promptFor({c, ""}, rng);
                QVERIFY2(!mentionsAny(p.prompt, heldOut), p.prompt.c_str());
                QVERIFY2(!mentionsAny(p.detail, classes), p.prompt.c_str());
                details.insert(p.detail);
            }
        }
        QVERIFY(details.size() > 20);
        const auto hybrid = makePromptSource("hybrid", classes, heldOut);
        const PromptChoice h = hybrid->promptFor({"sandal", ""}, rng);
        QVERIFY(h.detail != "sandal" && std::find(classes.begin(), classes.end(), h.detail) != classes.end());
        QVERIFY(h.mask.has_value());
        QCOMPARE(makePromptSource("text", classes, heldOut, "a striped {class}")->promptFor({"bag", ""}, rng).prompt,
                 std::string("a striped bag"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, makePromptSource("text", classes, heldOut, "a white sneaker"));
        QVERIFY_THROWS_EXCEPTION(SynoodError, makePromptSource("mllm-typo", classes, heldOut));
    }

    void bandComesFromQuantiles() {
        std::vector<double> v;
        for (int i = 0; i <= 100; ++i) v.push_back(i);
        QCOMPARE(quantileOf(v, 0.05), 5.0);
        const BoundaryBand b = bandFromQuantiles(v, 0.01, 0.10);
        QCOMPARE(b.low, 1.0);
        QCOMPARE(b.high, 10.0);
        QVERIFY(b.contains(5) && !b.contains(11));
        QVERIFY_THROWS_EXCEPTION(SynoodError, bandFromQuantiles(v, 0.2, 0.1));
    }

    void runWritesResumesAndMergesShards() {
        QTemporaryDir tmp;
        const std::string ws = (tmp.path() + "/ws").toStdString();
        SynthRunOptions o = smallRun(ws, 4, 6, 2);
        o.synthesis.guidance.learningRate = 0.05;
        o.limit = 4;  // stop early, as a killed run would
        SynthRunResult r = run(o);
        QCOMPARE(r.planned, 6);
        QCOMPARE(r.written, 4);
        o.limit = 0;
        r = run(o);  // resumes: only the two missing ones
        QCOMPARE(r.written, 2);
        QCOMPARE(r.skipped, 4);
        const Workspace w = Workspace::load(ws);
        std::vector<const Sample*> synthesized;
        for (const auto& s : w.samples()) {
            if (s.origin == Origin::Synthesized) synthesized.push_back(&s);
        }
        QCOMPARE(synthesized.size(), size_t(6));
        const Sample& s = *synthesized.front();
        for (const char* key : {"seed_id", "prompt", "prompt_source", "mask", "noise_seed", "parameters", "trajectory", "final_score",
                                "band", "near_boundary", "pseudo_label", "looks_like", "looks_ind_from", "seconds"}) {
            QVERIFY2(s.provenance.contains(key), key);
        }
        QCOMPARE(s.provenance["trajectory"]["iterations"].size(), size_t(2));
        // The provenance struct reads back all the run wrote, and writes the same JSON.
        const Provenance p = provenanceFromJson(s.provenance);
        QCOMPARE(p.iterationScores.size(), size_t(2));
        QVERIFY(p.parameters && p.pseudoLabelIndex && p.runSeed == o.runSeed);
        QCOMPARE(toJson(p), s.provenance);
        // Strict protocol: the negative labels synthesis used (and keeps for fine-tuning) name no
        // held-out concept, and every pseudo label points into them.
        const NegativeLabelSet used = NegativeLabelSet::load(ws + "/neglabels.json", ModelPack::load(kPack));
        QVERIFY(used.excludedWords == demo::heldOutWords());
        for (const auto& l : used.labels) QVERIFY2(!mentionsAny(l.word, demo::heldOutWords()), l.word.c_str());
        QCOMPARE(used.labels.size(), size_t(used.features.size(0)));
        for (const Sample* x : synthesized) {
            const auto index = x->provenance["pseudo_label_index"].get<size_t>();
            QCOMPARE(used.labels.at(index).word, x->provenance["pseudo_label"].get<std::string>());
        }
        // How InD each still looks: a probability, one of the seeds' classes, and the tag exactly from
        // the InD seeds' median on (the same seeds in both runs).
        std::set<std::string> seedClasses;
        for (const auto& x : w.samples()) {
            if (x.origin == Origin::InD) seedClasses.insert(x.className);
        }
        QVERIFY(r.looksInDFrom > 0 && r.looksInDFrom < 1);
        for (const Sample* x : synthesized) {
            const double looks = x->scores.at(kLooksInDScore);
            QVERIFY(looks >= 0 && looks <= 1);
            QVERIFY(seedClasses.count(x->provenance["looks_like"].get<std::string>()));
            QCOMPARE(x->provenance["looks_ind_from"].get<double>(), r.looksInDFrom);
            const bool tagged = std::find(x->tags.begin(), x->tags.end(), kLooksInDTag) != x->tags.end();
            QCOMPARE(tagged, looks >= r.looksInDFrom);
        }
        QVERIFY(!mentionsAny(s.provenance["prompt"].get<std::string>(), demo::heldOutWords()));
        QVERIFY(s.scores.count("energy"));
        QVERIFY(s.tags.front() == "near-boundary" || s.tags.front() == "outside-band");
        QVERIFY(std::filesystem::exists(w.absoluteImagePath(s)));
        // The mask it used, beside the image, in the image's geometry, 0 or 255.
        const cv::Mat image = readImage(w.absoluteImagePath(s));
        const cv::Mat mask = readImage(
            (std::filesystem::path(w.absoluteImagePath(s)).parent_path() / s.provenance["mask_image"].get<std::string>()).string());
        QCOMPARE(mask.rows, image.rows);
        QCOMPARE(mask.cols, image.cols);
        QCOMPARE(cv::countNonZero((mask > 0) & (mask < 255)), 0);

        // Same seed elsewhere, as two shards: the same ids and byte-identical images after merging.
        const std::string ws2 = (tmp.path() + "/ws2").toStdString();
        demo::createDemoWorkspace(ws2, 2);
        o.workspaceDir = ws2;
        o.negLabelsFile = ws + "/neglabels.json";
        o.shardCount = 2;
        for (int shard = 0; shard < 2; ++shard) {
            o.shardIndex = shard;
            QCOMPARE(run(o).written, 3);
        }
        QCOMPARE(mergeSynthesisShards(ws2), size_t(6));
        QCOMPARE(mergeSynthesisShards(ws2), size_t(0));  // merging again adds nothing
        const Workspace w2 = Workspace::load(ws2);
        for (const Sample* a : synthesized) {
            const long long row = w2.indexOf(a->id);
            QVERIFY2(row >= 0, a->id.c_str());
            const QByteArray h1 = fileHash(w.absoluteImagePath(*a)),
                             h2 = fileHash(w2.absoluteImagePath(w2.sample(static_cast<size_t>(row))));
            QVERIFY(!h1.isEmpty());
            QCOMPARE(h1, h2);
        }
        // Bad input: an unknown mask and an impossible shard.
        o.shardCount = 1;
        o.shardIndex = 0;
        o.mask = maskChoiceFromText("circle");  // not a kind: a file, and there is none
        QVERIFY_THROWS_EXCEPTION(SynoodError, run(o));
        o.mask = MaskKind::Whole;
        o.shardIndex = 3;
        o.shardCount = 2;
        QVERIFY_THROWS_EXCEPTION(SynoodError, run(o));
    }

    // A full disk while writing, simulated with RLIMIT_FSIZE (writes past the limit fail with EFBIG as
    // they fail with ENOSPC on a full disk): the run stops with a clear error, the workspace holds whole
    // batches only (every listed image exists, no temporary files), and a rerun completes it. The limit
    // is the database's size: its write-ahead log, which grows from nothing, reaches it within a batch
    // or two.
    void fullDiskLeavesAWholeWorkspace() {
        QTemporaryDir tmp;
        const std::string ws = (tmp.path() + "/ws").toStdString();
        SynthRunOptions o = smallRun(ws, 2, 4, 1);
        o.limit = 2;
        QCOMPARE(run(o).written, 2);
        const auto before = std::filesystem::file_size(ws + "/workspace.sqlite");
        o.limit = 0;
        rlimit old{};
        getrlimit(RLIMIT_FSIZE, &old);
        rlimit small = old;
        small.rlim_cur = before + 64;
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        setrlimit(RLIMIT_FSIZE, &small);
        QString error;
        try {
            run(o);
        } catch (const SynoodError& e) {
            error = e.what();
        }
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QVERIFY2(error.contains("could not write"), qPrintable(error));
        const Workspace w = Workspace::load(ws);
        int synthesized = 0;
        for (const auto& s : w.samples()) {
            QVERIFY(std::filesystem::exists(w.absoluteImagePath(s)));
            synthesized += s.origin == Origin::Synthesized;
        }
        QVERIFY2(synthesized >= 2 && synthesized < 6 && synthesized % 2 == 0, qPrintable(QString::number(synthesized)));
        for (const auto& e : std::filesystem::directory_iterator(ws)) {
            QVERIFY2(e.path().filename().string().find(".tmp.") == std::string::npos, e.path().c_str());
        }
        const SynthRunResult r = run(o);
        QCOMPARE(r.skipped, synthesized);
        QCOMPARE(r.written, 6 - synthesized);
    }
};

QTEST_GUILESS_MAIN(TestSynthesis)
#include "test_synthesis.moc"
