// The score view: per-group histogram counts, the band's lines dragged with synthesized mouse events
// (bandChanged with the new ends), a double-click opening the band.
#include "QCustomPlotInclude.h"
#include "ScoreHistogram.h"

#include <QSignalSpy>
#include <QtTest>

#include <cmath>

using namespace synood::widgets;

class TestScoreHistogram : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void countsPerGroupAndDraggableBand() {
        ScoreHistogram h;
        h.resize(600, 400);
        h.show();
        QVERIFY(QTest::qWaitForWindowExposed(&h));
        QVector<double> scores;
        QVector<int> group;
        for (int i = 0; i < 100; ++i) {  // InD on 5..10, synthesized on 0..5, one NaN left out
            scores << 5.0 + 0.05 * i << 0.05 * i;
            group << 0 << 2;
        }
        scores << std::nan("");
        group << 1;
        h.setScores(scores, group, {"ind", "ood", "synthesized"}, 10);
        const auto counts = h.counts();
        QCOMPARE(counts.size(), 3);
        int ind = 0, ood = 0, syn = 0;
        for (int b = 0; b < 10; ++b) {
            ind += counts[0][b];
            ood += counts[1][b];
            syn += counts[2][b];
        }
        QCOMPARE(ind, 100);
        QCOMPARE(ood, 0);
        QCOMPARE(syn, 100);
        QCOMPARE(counts[2][0], 20);  // 0.00 .. 0.95 in the first of ten bins of width 0.995
        h.setBand(4.0, 6.0);
        h.plot()->replot();
        QSignalSpy changed(&h, &ScoreHistogram::bandChanged);
        const auto px = [&](double x) { return static_cast<int>(std::lround(h.plot()->xAxis->coordToPixel(x))); };
        const int y = h.plot()->height() / 2;
        QTest::mousePress(h.plot(), Qt::LeftButton, {}, QPoint(px(4.0), y));
        QMouseEvent move(QEvent::MouseMove, QPointF(px(2.0), y), h.plot()->mapToGlobal(QPointF(px(2.0), y)), Qt::NoButton, Qt::LeftButton,
                         Qt::NoModifier);
        QApplication::sendEvent(h.plot(), &move);
        QTest::mouseRelease(h.plot(), Qt::LeftButton, {}, QPoint(px(2.0), y));
        QCOMPARE(changed.count(), 1);
        QVERIFY(std::abs(changed.at(0).at(0).toDouble() - 2.0) < 0.05);
        QCOMPARE(changed.at(0).at(1).toDouble(), 6.0);
        // A press far from both lines moves nothing.
        QTest::mouseClick(h.plot(), Qt::LeftButton, {}, QPoint(px(8.0), y));
        QCOMPARE(changed.count(), 1);
        QSignalSpy cleared(&h, &ScoreHistogram::bandCleared);
        QTest::mouseDClick(h.plot(), Qt::LeftButton, {}, QPoint(px(8.0), y));
        QCOMPARE(cleared.count(), 1);
    }
};

QTEST_MAIN(TestScoreHistogram)
#include "test_score_histogram.moc"
