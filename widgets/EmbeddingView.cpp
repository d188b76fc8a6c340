#include "EmbeddingView.h"

#include "QCustomPlotInclude.h"

#include <QElapsedTimer>

#include <algorithm>
#include <functional>
#include <QVBoxLayout>

namespace synood::widgets {
namespace {

// The indices of the points (x[i], y[i]) inside the polygon (its bounding box tried first: cheap).
QVector<int> indicesInside(const QPolygonF& polygon, const QVector<double>& x, const QVector<double>& y) {
    QVector<int> inside;
    const QRectF box = polygon.boundingRect();
    for (int i = 0; i < x.size(); ++i) {
        const QPointF p(x[i], y[i]);
        if (box.contains(p) && polygon.containsPoint(p, Qt::OddEvenFill)) inside.push_back(i);
    }
    return inside;
}

// Distinguishable colours for up to ten groups (Tableau 10), then cycled.
QColor groupColour(int i) {
    static const QColor palette[] = {QColor(31, 119, 180),  QColor(214, 39, 40), QColor(44, 160, 44),   QColor(255, 127, 14),
                                     QColor(148, 103, 189), QColor(140, 86, 75), QColor(227, 119, 194), QColor(127, 127, 127),
                                     QColor(188, 189, 34),  QColor(23, 190, 207)};
    return palette[i % 10];
}

}  // namespace

EmbeddingView::EmbeddingView(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->setInteractions(QCP::iRangeDrag | QCP::iRangeZoom);
    m_plot->setNoAntialiasingOnDrag(true);               // smooth panning with many points
    m_plot->setNotAntialiasedElements(QCP::aeScatters);  // 100k antialiased discs cost ~10× more
    m_plot->xAxis->setLabel(tr("PC 1"));
    m_plot->yAxis->setLabel(tr("PC 2"));
    m_plot->legend->setVisible(false);  // shown with the first points
    m_plot->legend->setFont(QFont(font().family(), 8));
    m_hint = new QCPItemText(m_plot);
    m_hint->position->setType(QCPItemPosition::ptAxisRectRatio);
    m_hint->position->setCoords(0.5, 0.5);
    m_hint->setText(tr("View → Compute embeddings (Ctrl+E)"));
    m_hint->setColor(Qt::gray);
    connect(m_plot, &QCustomPlot::mousePress, this, &EmbeddingView::onPress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &EmbeddingView::onMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &EmbeddingView::onRelease);
}

void EmbeddingView::setPoints(const EmbeddingPoints& points) {
    if (m_path) m_path->data()->clear();  // drawn in the previous plane
    setTestSets({});
    m_points = points;
    if (m_hint) {
        m_plot->removeItem(m_hint);
        m_hint = nullptr;
    }
    m_plot->legend->setVisible(true);
    m_selected.assign(static_cast<size_t>(points.x.size()), false);
    rebuildGroupGraphs();
    m_plot->rescaleAxes();
    m_plot->replot();
}

void EmbeddingView::setGroups(const QVector<int>& group, const QStringList& names, const QVector<QColor>& colours) {
    if (group.size() != m_points.x.size()) return;
    m_points.group = group;
    m_points.groupNames = names;
    m_points.groupColours = colours;
    rebuildGroupGraphs();
    showSelection();
}

void EmbeddingView::rebuildGroupGraphs() {
    for (QCPGraph* g : m_groups) m_plot->removeGraph(g);
    m_groups.clear();
    if (m_selectedGraph) m_plot->removeGraph(m_selectedGraph);
    const EmbeddingPoints& points = m_points;
    for (int gi = 0; gi < points.groupNames.size(); ++gi) {
        QVector<double> x, y;
        for (int i = 0; i < points.x.size(); ++i) {
            if (points.group[i] == gi) {
                x.push_back(points.x[i]);
                y.push_back(points.y[i]);
            }
        }
        const QColor colour = gi < points.groupColours.size() ? points.groupColours[gi] : groupColour(gi);
        QCPGraph* g = m_plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssSquare, colour, colour, 3));
        g->setAdaptiveSampling(true);
        g->setName(QStringLiteral("%1 (%2)").arg(points.groupNames[gi]).arg(x.size()));
        g->setData(x, y);  // sorted by x inside (QCPGraph keeps its keys sorted)
        if (x.isEmpty()) g->removeFromLegend();
        m_groups.push_back(g);
    }
    m_selectedGraph = m_plot->addGraph();
    m_selectedGraph->setLineStyle(QCPGraph::lsNone);
    m_selectedGraph->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(Qt::black, 1.5), Qt::NoBrush, 8));
    m_selectedGraph->setName(tr("selected"));
}

void EmbeddingView::setBoundaryMap(const EmbeddingMap& map) {
    if (m_map) {
        m_plot->removePlottable(m_map);
        m_map = nullptr;
    }
    if (m_contour) {
        m_plot->removeGraph(m_contour);
        m_contour = nullptr;
    }
    if (map.nx > 0 && map.ny > 0 && map.values.size() == map.nx * map.ny) {
        m_map = new QCPColorMap(m_plot->xAxis, m_plot->yAxis);
        m_map->data()->setSize(map.nx, map.ny);
        const double dx = (map.xMax - map.xMin) / map.nx, dy = (map.yMax - map.yMin) / map.ny;
        m_map->data()->setRange(QCPRange(map.xMin + dx / 2, map.xMax - dx / 2), QCPRange(map.yMin + dy / 2, map.yMax - dy / 2));
        double lo = map.values[0], hi = map.values[0];
        for (double v : map.values) {
            lo = std::min(lo, v);
            hi = std::max(hi, v);
        }
        for (int j = 0; j < map.ny; ++j)
            for (int i = 0; i < map.nx; ++i) m_map->data()->setCell(i, j, map.values[j * map.nx + i]);
        // Diverging around the threshold: OOD side red, InD side blue, the boundary white.
        const double span = std::max(map.threshold - lo, hi - map.threshold) + 1e-9;
        QCPColorGradient gradient;
        gradient.setColorStopAt(0.0, QColor(214, 96, 77, 150));
        gradient.setColorStopAt(0.5, QColor(247, 247, 247, 60));
        gradient.setColorStopAt(1.0, QColor(67, 147, 195, 150));
        m_map->setGradient(gradient);
        m_map->setDataRange(QCPRange(map.threshold - span, map.threshold + span));
        m_map->setInterpolate(true);
        m_map->setLayer("background");
        m_map->setName(tr("score (boundary at %1)").arg(map.threshold, 0, 'f', 2));
        // The contour at the threshold: cell edges where the score crosses it.
        QVector<double> cx, cy;
        for (int j = 0; j < map.ny; ++j) {
            for (int i = 0; i < map.nx; ++i) {
                const double v = map.values[j * map.nx + i] - map.threshold;
                const double x = map.xMin + (i + 0.5) * dx, y = map.yMin + (j + 0.5) * dy;
                if (i + 1 < map.nx && (v > 0) != (map.values[j * map.nx + i + 1] - map.threshold > 0)) {
                    cx.push_back(x + dx / 2);
                    cy.push_back(y);
                }
                if (j + 1 < map.ny && (v > 0) != (map.values[(j + 1) * map.nx + i] - map.threshold > 0)) {
                    cx.push_back(x);
                    cy.push_back(y + dy / 2);
                }
            }
        }
        m_contour = m_plot->addGraph();
        m_contour->setLineStyle(QCPGraph::lsNone);
        m_contour->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDot, QPen(Qt::black, 2), Qt::NoBrush, 2));
        m_contour->setName(tr("boundary"));
        m_contour->setData(cx, cy);
        m_plot->xAxis->setRange(map.xMin, map.xMax);
        m_plot->yAxis->setRange(map.yMin, map.yMax);
    }
    m_plot->replot();
}

void EmbeddingView::setAxisLabels(const QString& x, const QString& y) {
    m_plot->xAxis->setLabel(x);
    m_plot->yAxis->setLabel(y);
}

QVector<int> EmbeddingView::rowsInside(const QPolygonF& polygon) const { return indicesInside(polygon, m_points.x, m_points.y); }

void EmbeddingView::setSelectedRows(const QVector<int>& rows) {
    m_selected.assign(static_cast<size_t>(m_points.x.size()), false);
    for (int r : rows) {
        if (r >= 0 && r < m_points.x.size()) m_selected[static_cast<size_t>(r)] = true;
    }
    showSelection();
}

QVector<int> EmbeddingView::selectedRows() const {
    QVector<int> rows;
    for (size_t i = 0; i < m_selected.size(); ++i) {
        if (m_selected[i]) rows.push_back(static_cast<int>(i));
    }
    return rows;
}

void EmbeddingView::showSelection() {
    if (!m_selectedGraph) return;
    QVector<double> x, y;
    for (size_t i = 0; i < m_selected.size(); ++i) {
        if (m_selected[i]) {
            x.push_back(m_points.x[static_cast<int>(i)]);
            y.push_back(m_points.y[static_cast<int>(i)]);
        }
    }
    m_selectedGraph->setData(x, y);
    m_plot->replot();
}

void EmbeddingView::setSelectionTool(SelectionTool tool) {
    m_tool = tool;
    const bool selecting = tool != SelectionTool::None;
    m_plot->setInteraction(QCP::iRangeDrag, !selecting);
    setCursor(selecting ? Qt::CrossCursor : Qt::ArrowCursor);
}

void EmbeddingView::setTestSets(const QVector<TestSetPoints>& sets) {
    for (QCPGraph* g : m_testGraphs) m_plot->removeGraph(g);
    m_testGraphs.clear();
    if (m_chosenTestGraph) m_plot->removeGraph(m_chosenTestGraph);
    m_chosenTestGraph = nullptr;
    m_testSets = sets;
    for (int si = 0; si < sets.size(); ++si) {
        const QColor colour = groupColour(3 + si);  // after InD, OOD and synthesized
        QCPGraph* g = m_plot->addGraph();
        g->setLineStyle(QCPGraph::lsNone);
        g->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCross, QPen(colour, 1.2), Qt::NoBrush, 5));
        g->setName(QStringLiteral("%1 (%2)").arg(sets[si].name).arg(sets[si].x.size()));
        g->setData(sets[si].x, sets[si].y);
        m_testGraphs.push_back(g);
    }
    if (!sets.isEmpty()) {
        m_chosenTestGraph = m_plot->addGraph();
        m_chosenTestGraph->setLineStyle(QCPGraph::lsNone);
        m_chosenTestGraph->removeFromLegend();
    }
    m_plot->replot();
}

TestPointRef EmbeddingView::testPointAt(const QPoint& pixel) const {
    TestPointRef best(-1, -1);
    double bestDistance = 8.0 * 8.0;
    for (int si = 0; si < m_testSets.size(); ++si) {
        const TestSetPoints& set = m_testSets[si];
        for (int i = 0; i < set.x.size(); ++i) {
            const double dx = m_plot->xAxis->coordToPixel(set.x[i]) - pixel.x(), dy = m_plot->yAxis->coordToPixel(set.y[i]) - pixel.y();
            if (dx * dx + dy * dy <= bestDistance) {
                bestDistance = dx * dx + dy * dy;
                best = {si, i};
            }
        }
    }
    return best;
}

QVector<TestPointRef> EmbeddingView::testPointsInside(const QPolygonF& polygon) const {
    QVector<TestPointRef> inside;
    for (int si = 0; si < m_testSets.size(); ++si) {
        for (int i : indicesInside(polygon, m_testSets[si].x, m_testSets[si].y)) inside.push_back({si, i});
    }
    return inside;
}

void EmbeddingView::chooseTestPoints(const QVector<TestPointRef>& points) {
    if (!m_chosenTestGraph) return;
    QVector<double> x, y;
    for (const auto& [set, point] : points) {
        if (set < 0 || set >= m_testSets.size() || point < 0 || point >= m_testSets[set].x.size()) continue;
        x.push_back(m_testSets[set].x[point]);
        y.push_back(m_testSets[set].y[point]);
    }
    m_chosenTestGraph->setData(x, y);
    // One point stands out in a large diamond; a lasso's many are outlined small, not blotted out.
    const bool one = x.size() == 1;
    m_chosenTestGraph->setScatterStyle(
        QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(Qt::black, one ? 2 : 1), Qt::NoBrush, one ? 11 : 6));
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

int EmbeddingView::chosenTestPointCount() const { return m_chosenTestGraph ? m_chosenTestGraph->dataCount() : 0; }

void EmbeddingView::onPress(QMouseEvent* event) {
    m_pressPixel = event->pos();
    if (m_tool == SelectionTool::None || event->button() != Qt::LeftButton) return;
    m_dragging = true;
    m_polygon.clear();
    m_polygon << QPointF(m_plot->xAxis->pixelToCoord(event->pos().x()), m_plot->yAxis->pixelToCoord(event->pos().y()));
    if (!m_lassoCurve) {
        m_lassoCurve = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
        m_lassoCurve->setPen(QPen(Qt::black, 1, Qt::DashLine));
        m_lassoCurve->removeFromLegend();
    }
}

void EmbeddingView::onMove(QMouseEvent* event) {
    if (!m_dragging) return;
    const QPointF at(m_plot->xAxis->pixelToCoord(event->pos().x()), m_plot->yAxis->pixelToCoord(event->pos().y()));
    if (m_tool == SelectionTool::Rectangle) {
        // The box from where the drag began to here, closed.
        const QPointF from = m_polygon.first();
        m_polygon = QPolygonF({from, QPointF(at.x(), from.y()), at, QPointF(from.x(), at.y()), from});
    } else {
        m_polygon << at;
    }
    QVector<double> x, y;
    for (const QPointF& p : m_polygon) {
        x.push_back(p.x());
        y.push_back(p.y());
    }
    m_lassoCurve->setData(x, y);
    m_plot->replot(QCustomPlot::rpQueuedReplot);  // coalesced: at most one replot per event-loop pass
}

void EmbeddingView::onRelease(QMouseEvent* event) {
    if (m_tool == SelectionTool::None && event->button() == Qt::LeftButton && (event->pos() - m_pressPixel).manhattanLength() <= 3) {
        const auto [set, point] = testPointAt(event->pos());
        if (set >= 0) {
            chooseTestPoints({{set, point}});
            Q_EMIT testPointChosen(set, point);
        }
    }
    if (!m_dragging) return;
    onMove(event);
    m_dragging = false;
    if (m_lassoCurve) m_lassoCurve->data()->clear();
    const QVector<int> rows = m_polygon.size() >= 3 ? rowsInside(m_polygon) : QVector<int>();
    setSelectedRows(rows);
    Q_EMIT selectionChanged(rows);
    if (m_testSets.isEmpty()) return;
    const QVector<TestPointRef> points = m_polygon.size() >= 3 ? testPointsInside(m_polygon) : QVector<TestPointRef>();
    chooseTestPoints(points);
    Q_EMIT testPointsSelected(points);
}

std::optional<QPointF> EmbeddingView::place(const QVector<float>& f) const {
    const int d = static_cast<int>(f.size());
    if (m_points.pcaMean.size() == d && m_points.pcaX.size() == d && m_points.pcaY.size() == d && d > 0) {
        double x = 0, y = 0;
        for (int i = 0; i < d; ++i) {
            const double c = f[i] - m_points.pcaMean[i];
            x += c * m_points.pcaX[i];
            y += c * m_points.pcaY[i];
        }
        return QPointF(x, y);
    }
    const int n = m_points.x.size();
    if (m_points.featureDim != d || d == 0 || m_points.features.size() != static_cast<qsizetype>(n) * d || n == 0) return std::nullopt;
    constexpr int k = 5;
    std::vector<std::pair<float, int>> best;  // (similarity, row), the k largest
    for (int r = 0; r < n; ++r) {
        const float* row = m_points.features.constData() + static_cast<qsizetype>(r) * d;
        float sim = 0;
        for (int i = 0; i < d; ++i) sim += row[i] * f[i];
        if (static_cast<int>(best.size()) < k) {
            best.emplace_back(sim, r);
            std::push_heap(best.begin(), best.end(), std::greater<>());
        } else if (sim > best.front().first) {
            std::pop_heap(best.begin(), best.end(), std::greater<>());
            best.back() = {sim, r};
            std::push_heap(best.begin(), best.end(), std::greater<>());
        }
    }
    double x = 0, y = 0;
    for (const auto& [sim, r] : best) {
        x += m_points.x[r] / static_cast<double>(best.size());
        y += m_points.y[r] / static_cast<double>(best.size());
    }
    return QPointF(x, y);
}

void EmbeddingView::clearPath() {
    if (m_path) m_path->data()->clear();
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void EmbeddingView::appendPathPoint(const QPointF& point) {
    if (!m_path) {
        m_path = new QCPCurve(m_plot->xAxis, m_plot->yAxis);
        m_path->setPen(QPen(QColor(20, 20, 20), 1.5));
        m_path->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QColor(20, 20, 20), Qt::white, 4));
        m_path->setName(tr("synthesis path"));
    }
    m_path->addData(point.x(), point.y());
    m_plot->replot(QCustomPlot::rpQueuedReplot);  // coalesced with the other updates of this pass
}

int EmbeddingView::pathPointCount() const { return m_path ? m_path->dataCount() : 0; }

double EmbeddingView::replotMs() {
    QElapsedTimer t;
    t.start();
    m_plot->replot(QCustomPlot::rpImmediateRefresh);
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

}  // namespace synood::widgets
