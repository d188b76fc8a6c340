// Failures at the FPR95 threshold (ood/Failures) on hand-made scores and 2-D features whose
// answers are known: which images fail, in which order, what crossed the threshold against
// zero-shot, the nearest training samples and the coverage share.
#include "core/Error.h"
#include "ood/Failures.h"
#include "ood/Metrics.h"

#include <ATen/ATen.h>

#include <QtTest>

#include <cmath>

using namespace synood;

namespace {

at::Tensor unitRows(const std::vector<double>& degrees) {
    std::vector<float> xy;
    for (double d : degrees) {
        xy.push_back(static_cast<float>(std::cos(d * M_PI / 180)));
        xy.push_back(static_cast<float>(std::sin(d * M_PI / 180)));
    }
    return at::tensor(xy, at::kFloat).reshape({static_cast<int64_t>(degrees.size()), 2});
}

std::vector<std::string> names(const std::string& prefix, size_t n) {
    std::vector<std::string> out;
    for (size_t i = 0; i < n; ++i) out.push_back(prefix + std::to_string(i));
    return out;
}

// InD scores 1..20, zero-shot the same; every InD image at 90 degrees.
ScoredImages indSet() {
    ScoredImages ind;
    ind.name = "ind";
    for (int i = 1; i <= 20; ++i) ind.scores.push_back(i);
    ind.zeroShot = ind.scores;
    ind.images = names("ind#", 20);
    ind.features = unitRows(std::vector<double>(20, 90.0));
    return ind;
}

// Six OOD images. Both thresholds are 2 (19 of 20 InD at or above it; the 1.5 between 1 and 2 keeps
// that ROC point). The method accepts 0, 1, 2; zero-shot accepts 0, 2, 3: image 3 fixed, 1 broken.
ScoredImages oodSet() {
    ScoredImages ood;
    ood.name = "near";
    ood.scores = {25, 15, 3, 1.5, 0.5, -1};
    ood.zeroShot = {25, 0, 3, 5, 0.2, 1.5};
    ood.images = names("near#", 6);
    ood.features = unitRows({0, 90, 30, 180, 200, 220});
    return ood;
}

// Synthesized s1 at 0 degrees and s2 at 180, InD i1 at 90.
TrainingPool pool() {
    TrainingPool p;
    p.ids = {"s1", "i1", "s2"};
    p.images = {"s1.png", "i1.png", "s2.png"};
    p.synthesized = {true, false, true};
    p.features = unitRows({0, 90, 180});
    return p;
}

}  // namespace

class TestFailures : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void listsTheFailuresAtTheFpr95Threshold() {
        const ScoredImages ind = indSet(), ood = oodSet();
        QCOMPARE(rocPointAtTpr(ind.scores, ood.scores).threshold, 2.0);
        const FailureReport r = findFailures("energy", "fine-tuned", true, ind, {ood}, pool(), 2, 1);
        QCOMPARE(r.sets.size(), size_t(1));
        const SetFailures& f = r.sets[0];
        QCOMPARE(f.threshold, 2.0);
        QCOMPARE(f.thresholdZeroShot, 2.0);
        QCOMPARE(f.falsePositiveCount, size_t(3));
        // The count is the FPR95 the metrics report, over the set.
        QCOMPARE(double(f.falsePositiveCount) / double(f.nOod), fprAtTpr(ind.scores, ood.scores));
        QCOMPARE(f.falsePositives.size(), size_t(2));  // the limit
        QCOMPARE(f.falsePositives[0].index, size_t(0));
        QCOMPARE(f.falsePositives[1].index, size_t(1));
        QCOMPARE(f.falsePositives[1].image, std::string("near#1"));
        QCOMPARE(f.falsePositives[1].score, 15.0);
        QCOMPARE(f.falsePositives[1].scoreZeroShot, 0.0);
        QCOMPARE(f.falseNegativeCount, size_t(1));
        QCOMPARE(f.falseNegatives[0].index, size_t(0));  // InD score 1
        QCOMPARE(f.oodFixed, size_t(1));
        QCOMPARE(f.oodBroken, size_t(1));
        QCOMPARE(f.fixed[0].index, size_t(3));
        QCOMPARE(f.broken[0].index, size_t(1));
        QCOMPARE(f.indFixed + f.indBroken, size_t(0));
    }

    void nearestTrainingSamplesAndCoverage() {
        const FailureReport r = findFailures("energy", "fine-tuned", true, indSet(), {oodSet()}, pool(), 10, 1);
        const SetFailures& f = r.sets[0];
        // One of each origin, nearest first: image 0 lies on s1, image 1 on i1.
        QCOMPARE(f.falsePositives[0].nearest.size(), size_t(2));
        QCOMPARE(f.falsePositives[0].nearest[0].id, std::string("s1"));
        QCOMPARE(f.falsePositives[0].nearest[0].image, std::string("s1.png"));
        QVERIFY(f.falsePositives[0].nearest[0].distance < 1e-3);
        QCOMPARE(f.falsePositives[1].nearest[0].id, std::string("i1"));
        QVERIFY(!f.falsePositives[1].nearest[0].synthesized);
        // Image 2 (30 degrees) is nearest s1: 2 of the 3 false positives are nearest a synthesized sample.
        QCOMPARE(f.falsePositives[2].nearest[0].id, std::string("s1"));
        QVERIFY(std::abs(f.coverage.synthesizedNearestShare - 2.0 / 3.0) < 1e-12);
        QCOMPARE(f.coverage.falsePositivesToSynthesized.n, size_t(3));
        const double at30 = std::sqrt(2 - 2 * std::cos(M_PI / 6));
        QVERIFY(std::abs(f.coverage.falsePositivesToSynthesized.median - at30) < 1e-5);
        QCOMPARE(f.coverage.oodToSynthesized.n, size_t(6));
    }

    void withoutAPoolTheListsStayAndNothingIsNearest() {
        const FailureReport r = findFailures("energy", "zero-shot", false, indSet(), {oodSet()}, {}, 10);
        QVERIFY(!r.hasPool);
        QCOMPARE(r.sets[0].falsePositives.size(), size_t(3));
        QVERIFY(r.sets[0].falsePositives[0].nearest.empty());
        const auto j = r.toJson();
        QVERIFY(!j["sets"]["near"].contains("coverage"));
        QVERIFY(!j["sets"]["near"].contains("fixed"));
    }

    void jsonAndCsvCarryEveryList() {
        const FailureReport r = findFailures("neglabel", "fine-tuned", true, indSet(), {oodSet()}, pool(), 10, 2);
        const auto j = r.toJson();
        QCOMPARE(j["score"].get<std::string>(), std::string("neglabel"));
        const auto& near = j["sets"]["near"];
        QCOMPARE(near["threshold"].get<double>(), 2.0);
        QCOMPARE(near["false_positives"].size(), size_t(3));
        QCOMPARE(near["false_positives"][0]["image"].get<std::string>(), std::string("near#0"));
        QCOMPARE(near["false_positives"][0]["nearest"].size(), size_t(3));  // two synthesized, and the one InD sample there is
        QCOMPARE(near["false_negatives"].size(), size_t(1));
        QCOMPARE(near["changed"]["ood_fixed"].get<int>(), 1);
        QCOMPARE(near["coverage"]["false_positives_to_synthesized"]["n"].get<int>(), 3);
        const QStringList lines = QString::fromStdString(r.toCsv()).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(lines.size(), 1 + 3 + 1 + 1 + 1);  // header, 3 false positives, 1 false negative, 1 fixed, 1 broken
        QVERIFY(lines[1].startsWith("near,false_positive,1,near#0,0,25,25,s1,"));
    }

    void mismatchedSetsAreRefused() {
        ScoredImages ood = oodSet();
        ood.zeroShot.pop_back();
        QVERIFY_THROWS_EXCEPTION(SynoodError, findFailures("energy", "zero-shot", false, indSet(), {ood}, {}, 10));
    }
};

QTEST_GUILESS_MAIN(TestFailures)
#include "test_failures.moc"
