// The panels' own widgets: the mask painter's brush, eraser, box, fill and undo on the seed's pixels,
// and the trajectory plot's coalescing (a burst of steps gives one replot, not one per step).
#include "MaskPainter.h"
#include "QCustomPlotInclude.h"
#include "TrajectoryPlot.h"

#include <QtTest>

using namespace synood::widgets;

class TestPanelWidgets : public QObject {
    Q_OBJECT
    static void drag(QWidget* w, QPoint from, QPoint to) {
        QTest::mousePress(w, Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, QPointF(to), w->mapToGlobal(QPointF(to)), Qt::NoButton, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(w, &move);
        QTest::mouseRelease(w, Qt::LeftButton, {}, to);
    }

private Q_SLOTS:
    void maskPainterPaintsErasesBoxesAndUndoes() {
        MaskPainter p;
        p.resize(200, 200);  // a 20×20 seed drawn at 10 pixels per seed pixel
        QImage seed(20, 20, QImage::Format_RGB32);
        seed.fill(Qt::gray);
        p.setSeed(seed);
        QCOMPARE(p.mask().size(), QSize(20, 20));
        QCOMPARE(p.paintedFraction(), 1.0);
        p.fill(false);
        QCOMPARE(p.paintedFraction(), 0.0);
        // Box from seed pixel (2,2) to (11,11): a 10×10 square is painted.
        p.setTool(MaskPainter::Tool::Box);
        drag(&p, QPoint(25, 25), QPoint(115, 115));
        QCOMPARE(p.paintedFraction(), 100.0 / 400.0);
        QVERIFY(qGray(p.mask().pixel(5, 5)) == 255 && qGray(p.mask().pixel(15, 15)) == 0);
        // The eraser takes a stroke out of it; the brush paints elsewhere.
        p.setTool(MaskPainter::Tool::Eraser);
        p.setBrushRadius(1);
        drag(&p, QPoint(25, 65), QPoint(115, 65));
        QCOMPARE(qGray(p.mask().pixel(6, 6)), 0);
        QVERIFY(p.paintedFraction() < 100.0 / 400.0);
        p.setTool(MaskPainter::Tool::Brush);
        drag(&p, QPoint(175, 175), QPoint(185, 185));
        QCOMPARE(qGray(p.mask().pixel(18, 18)), 255);
        QCOMPARE(p.undoDepth(), 4);
        QVERIFY(p.undo());
        QCOMPARE(qGray(p.mask().pixel(18, 18)), 0);
        QVERIFY(p.undo());
        QCOMPARE(p.paintedFraction(), 100.0 / 400.0);
        QVERIFY(p.undo() && p.undo());
        QCOMPARE(p.paintedFraction(), 1.0);
        QVERIFY(!p.undo());
    }

    void trajectoryReplotsAreCoalesced() {
        TrajectoryPlot t;
        t.show();
        QVERIFY(QTest::qWaitForWindowExposed(&t));
        const int before = t.replotCount();
        for (int k = 0; k < 3; ++k) {
            for (int j = 0; j < 50; ++j) t.addStep(k, j, 50, k + j * 0.01);
            t.addIterationScore(k, 50, k + 0.5);
        }
        QCOMPARE(t.replotCount(), before);  // nothing yet: the burst waits for the timer
        QTest::qWait(TrajectoryPlot::kMinReplotIntervalMs * 3);
        QCOMPARE(t.replotCount(), before + 1);  // 153 updates, one replot
        QCOMPARE(t.plot()->graph(0)->dataCount(), 3);
        QCOMPARE(t.plot()->graph(1)->dataCount(), 50);
        QCOMPARE(t.plot()->graph(3)->dataCount(), 50);
        QCOMPARE(t.plot()->graph(3)->data()->begin()->key, 100.0);  // iteration 3 starts after 2 × 50 steps
    }
};

QTEST_MAIN(TestPanelWidgets)
#include "test_panel_widgets.moc"
