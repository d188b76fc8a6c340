// WordNet candidates from Debian's wordnet-base, and negative-label mining on the tiny CLIP
// (needs CLIP's vocabulary from ../shared; those tests skip without it).
#include "core/AtomicFile.h"
#include "core/Error.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "TinyClipPack.h"

using namespace synood;

namespace {
const QString kBpe = QStringLiteral(SYNOOD_TEST_SHARED_DIR "/data/clip/bpe_simple_vocab_16e6.txt.gz");

// numpy.quantile(..., method="linear") on one row.
double linearQuantile(std::vector<double> v, double q) {
    std::sort(v.begin(), v.end());
    const double pos = q * static_cast<double>(v.size() - 1);
    const size_t lo = static_cast<size_t>(pos);
    const size_t hi = std::min(lo + 1, v.size() - 1);
    return v[lo] + (pos - static_cast<double>(lo)) * (v[hi] - v[lo]);
}
}  // namespace

#define REQUIRE_VOCABULARY() \
    if (!QFile::exists(kBpe)) QSKIP("../shared is absent: no CLIP vocabulary")

class TestNegativeLabels : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void wordNetCandidates() {
        const auto nouns = readWordNetWords(WordClass::Noun);
        const auto adjectives = readWordNetWords(WordClass::Adjective);
        // First lemma of each synset, de-duplicated ignoring case (counted independently with Python).
        QCOMPARE(nouns.size(), size_t(67186));
        QCOMPARE(adjectives.size(), size_t(14006));
        QCOMPARE(nouns.front().word, std::string("entity"));
        QCOMPARE(adjectives.front().word, std::string("able"));  // "able(a)" marker stripped
        const auto all = readNegativeLabelCandidates();
        QCOMPARE(all.size(), size_t(79403));  // adjectives that are also nouns dropped
        bool spaced = false;
        for (const auto& w : nouns) spaced = spaced || w.word.find(' ') != std::string::npos;
        QVERIFY(spaced);  // underscores became spaces
        QVERIFY_THROWS_EXCEPTION(SynoodError, readWordNetWords(WordClass::Noun, "/nonexistent"));
    }

    void miningKeepsTheLeastSimilarQuantiles() {
        REQUIRE_VOCABULARY();
        QTemporaryDir tmp;
        auto model = loadVisionLanguageModel(writeTinyClipPack(tmp.filePath("pack"), 0.5, kBpe));
        const auto nouns = readWordNetWords(WordClass::Noun);
        const auto adjectives = readWordNetWords(WordClass::Adjective);
        std::vector<WordNetWord> candidates(nouns.begin() + 1000, nouns.begin() + 1200);
        candidates.insert(candidates.end(), adjectives.begin(), adjectives.begin() + 100);
        const std::vector<std::string> ind{"dog", "cat", "sports car", "pizza"};
        NegMiningOptions o;
        o.batchSize = 64;
        const NegativeLabelSet set = mineNegativeLabels(*model, ind, candidates, o);
        QCOMPARE(set.labels.size(), size_t(30 + 15));
        QCOMPARE(set.features.sizes().vec(), (std::vector<int64_t>{45, 24}));

        // Independent quantiles: encode every prompt, cosine to the InD prompts, sort, interpolate.
        at::NoGradGuard g;
        const at::Tensor indF = encodeClassPrompts(*model, ind, "the nice {}");
        std::map<std::string, double> quantile;
        for (const auto& c : candidates) {
            const std::string prompt = fillTemplate(c.cls == WordClass::Noun ? "the nice {}" : "This is a {} photo", c.word);
            const at::Tensor f = normalizeFeatures(model->encodeTexts({prompt}));
            const at::Tensor cos = at::matmul(f, indF.t()).to(at::kDouble)[0];
            std::vector<double> v;
            for (int64_t k = 0; k < cos.size(0); ++k) v.push_back(cos[k].item<double>());
            quantile[prompt] = linearQuantile(v, 0.95);
        }
        for (WordClass cls : {WordClass::Noun, WordClass::Adjective}) {
            double maxKept = -2;
            std::set<std::string> kept;
            double previous = -2;
            for (const auto& l : set.labels) {
                if (l.cls != cls) continue;
                QVERIFY(std::abs(l.quantile - quantile.at(l.prompt)) < 1e-5);
                QVERIFY(l.quantile >= previous);  // ascending
                previous = l.quantile;
                maxKept = std::max(maxKept, l.quantile);
                kept.insert(l.prompt);
            }
            for (const auto& [prompt, q] : quantile) {
                const bool isNoun = prompt.rfind("the nice ", 0) == 0;
                if (isNoun != (cls == WordClass::Noun) || kept.count(prompt)) continue;
                QVERIFY(q >= maxKept - 1e-6);  // nothing dropped is less similar than what was kept
            }
        }
        // Deterministic, and the saved set round-trips for the same pack only.
        const NegativeLabelSet again = mineNegativeLabels(*model, ind, candidates, o);
        QCOMPARE(again.labels.front().word, set.labels.front().word);
        QVERIFY(at::equal(again.features, set.features));
        const std::string path = tmp.filePath("neg.json").toStdString();
        set.save(path);
        const NegativeLabelSet loaded = NegativeLabelSet::load(path, model->pack());
        QCOMPARE(loaded.labels.size(), set.labels.size());
        QVERIFY(at::equal(loaded.features, set.features));
        auto other = loadVisionLanguageModel(writeTinyClipPack(tmp.filePath("other"), 0.3, kBpe));
        QVERIFY_THROWS_EXCEPTION(SynoodError, NegativeLabelSet::load(path, other->pack()));

        // The mined set feeds the NegLabel score.
        const at::Tensor img = normalizeFeatures(model->encodeImages(at::randn({3, 3, 32, 32})));
        const at::Tensor s = computeScore(ScoreKind::NegLabel, img, indF, set.features);
        QVERIFY(((s > 0) & (s < 1)).all().item<bool>());
    }
};

QTEST_APPLESS_MAIN(TestNegativeLabels)
#include "test_negative_labels.moc"
