// The embeddings view: a lasso (and a rectangle) drawn with synthesized mouse events selects exactly the points inside
// it (and emits them), selections set from elsewhere are shown without emitting, the lasso does
// nothing when off, and the boundary map with its contour is drawn.
#include "EmbeddingView.h"
#include "QCustomPlotInclude.h"

#include <QSignalSpy>
#include <QtTest>

using namespace synood::widgets;

class TestEmbeddingView : public QObject {
    Q_OBJECT
    EmbeddingPoints points() {
        EmbeddingPoints p;
        // A 5×5 grid of points at integer coordinates 0..4; group by parity of x.
        for (int i = 0; i < 25; ++i) {
            p.x.push_back(i % 5);
            p.y.push_back(i / 5);
            p.group.push_back((i % 5) % 2);
        }
        p.groupNames = {"ind", "synthesized"};
        return p;
    }
    QPoint pixel(EmbeddingView& v, double x, double y) {
        return QPoint(qRound(v.plot()->xAxis->coordToPixel(x)), qRound(v.plot()->yAxis->coordToPixel(y)));
    }
    void drawLasso(EmbeddingView& v, const QVector<QPointF>& corners) {
        QTest::mousePress(v.plot(), Qt::LeftButton, {}, pixel(v, corners[0].x(), corners[0].y()));
        for (const QPointF& c : corners) {
            QMouseEvent move(QEvent::MouseMove, pixel(v, c.x(), c.y()), v.plot()->mapToGlobal(pixel(v, c.x(), c.y())), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(v.plot(), &move);
        }
        QTest::mouseRelease(v.plot(), Qt::LeftButton, {}, pixel(v, corners[0].x(), corners[0].y()));
    }

    // Shown at 500×500 with the grid's points, both axes over -1..5.
    bool showGrid(EmbeddingView& v) {
        v.resize(500, 500);
        v.show();
        if (!QTest::qWaitForWindowExposed(&v)) return false;
        v.setPoints(points());
        v.plot()->xAxis->setRange(-1, 5);
        v.plot()->yAxis->setRange(-1, 5);
        v.plot()->replot();
        return true;
    }

private Q_SLOTS:
    void lassoSelectsThePointsInside() {
        EmbeddingView v;
        QVERIFY(showGrid(v));
        QCOMPARE(v.pointCount(), 25);
        QSignalSpy spy(&v, &EmbeddingView::selectionChanged);
        // Lasso off: dragging pans, selects nothing.
        drawLasso(v, {{0.5, 0.5}, {2.5, 0.5}, {2.5, 2.5}, {0.5, 2.5}});
        QCOMPARE(spy.count(), 0);
        QVERIFY(v.selectedRows().isEmpty());
        v.plot()->xAxis->setRange(-1, 5);
        v.plot()->yAxis->setRange(-1, 5);
        v.plot()->replot();
        v.setSelectionTool(SelectionTool::Lasso);
        // A square around (1,1), (2,1), (1,2), (2,2): rows 6, 7, 11, 12.
        drawLasso(v, {{0.5, 0.5}, {2.5, 0.5}, {2.5, 2.5}, {0.5, 2.5}});
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).value<QVector<int>>(), (QVector<int>{6, 7, 11, 12}));
        QCOMPARE(v.selectedRows(), (QVector<int>{6, 7, 11, 12}));
        // A triangle: (0,0), (4,0), (0,4) contains the points with x + y < 4 strictly inside.
        const QVector<int> inside = v.rowsInside(QPolygonF({{-0.1, -0.1}, {4.2, -0.1}, {-0.1, 4.2}}));
        for (int r : inside) QVERIFY((r % 5) + (r / 5) <= 4);
        QCOMPARE(inside.size(), 15);
        // From elsewhere (the gallery): shown, not emitted.
        v.setSelectedRows({0, 24});
        QCOMPARE(v.selectedRows(), (QVector<int>{0, 24}));
        QCOMPARE(spy.count(), 1);
    }

    void rectangleSelectsTheBoxFromPressToRelease() {
        EmbeddingView v;
        QVERIFY(showGrid(v));
        v.setSelectionTool(SelectionTool::Rectangle);
        QSignalSpy spy(&v, &EmbeddingView::selectionChanged);
        // Press at (0.5, 2.5), wander, release at (3.5, 3.5): the box x in [0.5, 3.5], y in [2.5, 3.5]
        // holds (1..3, 3): rows 16, 17, 18. The wandering points do not matter, only the last one.
        QTest::mousePress(v.plot(), Qt::LeftButton, {}, pixel(v, 0.5, 2.5));
        for (const QPointF& c : QVector<QPointF>{{4.5, 0.2}, {0.1, 4.6}, {3.5, 3.5}}) {
            QMouseEvent move(QEvent::MouseMove, pixel(v, c.x(), c.y()), v.plot()->mapToGlobal(pixel(v, c.x(), c.y())), Qt::NoButton,
                             Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(v.plot(), &move);
        }
        QTest::mouseRelease(v.plot(), Qt::LeftButton, {}, pixel(v, 3.5, 3.5));
        QCOMPARE(spy.count(), 1);
        QCOMPARE(v.selectedRows(), (QVector<int>{16, 17, 18}));
        // Back to panning: a drag selects nothing new.
        v.setSelectionTool(SelectionTool::None);
        drawLasso(v, {{-0.5, -0.5}, {4.5, -0.5}, {4.5, 4.5}});
        QCOMPARE(spy.count(), 1);
    }

    void boundaryMapAndContourAreDrawn() {
        EmbeddingView v;
        v.setPoints(points());
        EmbeddingMap m;
        m.xMin = -1, m.xMax = 5, m.yMin = -1, m.yMax = 5, m.nx = 6, m.ny = 6, m.threshold = 2.0;
        for (int j = 0; j < 6; ++j)
            for (int i = 0; i < 6; ++i) m.values.push_back(i);  // the score grows with x: one vertical boundary
        v.setBoundaryMap(m);
        QCPColorMap* map = nullptr;
        for (int i = 0; i < v.plot()->plottableCount(); ++i) map = map ? map : qobject_cast<QCPColorMap*>(v.plot()->plottable(i));
        QVERIFY(map);
        QCOMPARE(map->data()->keySize(), 6);
        QCPGraph* contour = nullptr;
        for (int i = 0; i < v.plot()->graphCount(); ++i) {
            if (v.plot()->graph(i)->name() == "boundary") contour = v.plot()->graph(i);
        }
        QVERIFY(contour);
        QCOMPARE(contour->dataCount(), 6);  // one crossing (between cells 2 and 3) per row
        m.nx = 0;
        v.setBoundaryMap(m);  // cleared
        for (int i = 0; i < v.plot()->plottableCount(); ++i) QVERIFY(!qobject_cast<QCPColorMap*>(v.plot()->plottable(i)));
    }
};

QTEST_MAIN(TestEmbeddingView)
#include "test_embedding_view.moc"
