// OOD metrics against scikit-learn's values (tests/fixtures/metric_cases.json, made by
// tests/fixtures/make_metric_cases.py with Debian's python3-sklearn), and a brute-force AUROC.
#include "core/Error.h"
#include "core/Statistics.h"
#include "ood/Metrics.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <cmath>
#include <limits>

using namespace synood;

namespace {
std::vector<double> toVector(const QJsonArray& a) {
    std::vector<double> v;
    for (const auto& x : a) v.push_back(x.toDouble());
    return v;
}
// Mann-Whitney: P(ind > ood) + 0.5 P(ind == ood), over all pairs.
double pairwiseAuroc(const std::vector<double>& ind, const std::vector<double>& ood) {
    double wins = 0;
    for (double a : ind)
        for (double b : ood) wins += a > b ? 1.0 : a == b ? 0.5 : 0.0;
    return wins / (static_cast<double>(ind.size()) * static_cast<double>(ood.size()));
}
}  // namespace

class TestMetrics : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void pairedIntervalIsStudentT() {
        // Differences 1, 2, 3: mean 2, sample sd 1, t(0.975, 2) = 4.3027 -> 2 ± 4.3027/sqrt(3).
        const PairedInterval p = pairedInterval({1, 2, 3});
        QCOMPARE(p.mean, 2.0);
        QVERIFY(std::abs(p.low - (2 - 4.3027 / std::sqrt(3.0))) < 1e-4);
        QVERIFY(std::abs(p.high - (2 + 4.3027 / std::sqrt(3.0))) < 1e-4);
        QVERIFY(std::isnan(pairedInterval({0.5}).low));  // one seed: no interval
        QCOMPARE(meanStd({0.5}).std, 0.0);
        // Large df tends to the normal quantile; the table and the expansion meet at df 30/31.
        QVERIFY(std::abs(studentT975(1000) - 1.9623) < 1e-3);
        QVERIFY(std::abs(studentT975(31) - 2.0395) < 2e-3);
    }

    void matchesScikitLearn_data() {
        QTest::addColumn<QJsonObject>("c");
        QFile f(QStringLiteral(SYNOOD_TEST_SOURCE_DIR "/fixtures/metric_cases.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        for (const auto& c : QJsonDocument::fromJson(f.readAll()).array()) {
            QTest::newRow(qPrintable(c.toObject()["name"].toString())) << c.toObject();
        }
    }
    void matchesScikitLearn() {
        QFETCH(QJsonObject, c);
        const auto ind = toVector(c["ind"].toArray());
        const auto ood = toVector(c["ood"].toArray());
        const OodMetrics m = computeOodMetrics(ind, ood);
        const double eps = 1e-12;
        QVERIFY(std::abs(m.auroc - c["auroc"].toDouble()) < eps);
        QVERIFY2(std::abs(m.fpr95 - c["fpr95"].toDouble()) < eps, qPrintable(QString::number(m.fpr95)));
        QVERIFY(std::abs(m.auprIn - c["aupr_in"].toDouble()) < eps);
        QVERIFY(std::abs(m.auprOut - c["aupr_out"].toDouble()) < eps);
        QCOMPARE(m.nInd, ind.size());
        QCOMPARE(m.nOod, ood.size());
        const auto roc = rocCurve(ind, ood);
        const auto fpr = toVector(c["roc_fpr"].toArray());
        const auto tpr = toVector(c["roc_tpr"].toArray());
        QCOMPARE(roc.size(), fpr.size());
        for (size_t i = 0; i < roc.size(); ++i) {
            QVERIFY(std::abs(roc[i].fpr - fpr[i]) < eps);
            QVERIFY(std::abs(roc[i].tpr - tpr[i]) < eps);
        }
        QVERIFY(std::abs(m.auroc - pairwiseAuroc(ind, ood)) < 1e-9);
    }

    void badInputIsAnError() {
        QVERIFY_THROWS_EXCEPTION(SynoodError, computeOodMetrics({}, {1.0}));
        QVERIFY_THROWS_EXCEPTION(SynoodError, computeOodMetrics({1.0}, {}));
        QVERIFY_THROWS_EXCEPTION(SynoodError, computeOodMetrics({1.0, std::nan("")}, {0.0}));
        QVERIFY_THROWS_EXCEPTION(SynoodError, computeOodMetrics({1.0}, {std::numeric_limits<double>::infinity()}));
    }
};

QTEST_APPLESS_MAIN(TestMetrics)
#include "test_metrics.moc"
