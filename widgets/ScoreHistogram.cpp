#include "ScoreHistogram.h"

#include "QCustomPlotInclude.h"

#include <QVBoxLayout>

#include <cmath>

namespace synood::widgets {
namespace {
const QColor kGroupColours[] = {QColor(31, 119, 180), QColor(214, 39, 40), QColor(44, 160, 44), QColor(255, 127, 14)};
}

ScoreHistogram::ScoreHistogram(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_plot->xAxis->setLabel(tr("score (higher = more in-distribution)"));
    m_plot->yAxis->setLabel(tr("share of the group"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 8));
    for (QCPItemStraightLine** line : {&m_lowLine, &m_highLine}) {
        *line = new QCPItemStraightLine(m_plot);
        (*line)->setPen(QPen(QColor(44, 160, 44), 2, Qt::DashLine));
        (*line)->setVisible(false);
    }
    connect(m_plot, &QCustomPlot::mousePress, this, &ScoreHistogram::onPress);
    connect(m_plot, &QCustomPlot::mouseMove, this, &ScoreHistogram::onMove);
    connect(m_plot, &QCustomPlot::mouseRelease, this, &ScoreHistogram::onRelease);
    connect(m_plot, &QCustomPlot::mouseDoubleClick, this, [this] { Q_EMIT bandCleared(); });
}

void ScoreHistogram::setScores(const QVector<double>& scores, const QVector<int>& group, const QStringList& names, int bins) {
    m_plot->clearGraphs();
    m_counts.clear();
    double lo = INFINITY, hi = -INFINITY;
    for (double s : scores) {
        if (std::isnan(s)) continue;
        lo = std::min(lo, s);
        hi = std::max(hi, s);
    }
    if (!(hi > lo)) {
        m_plot->replot();
        return;
    }
    const double width = (hi - lo) / bins;
    m_counts = QVector<QVector<int>>(names.size(), QVector<int>(bins, 0));
    for (int i = 0; i < scores.size(); ++i) {
        if (std::isnan(scores[i]) || group[i] < 0 || group[i] >= names.size()) continue;
        const int b = std::min(bins - 1, static_cast<int>((scores[i] - lo) / width));
        ++m_counts[group[i]][b];
    }
    for (int g = 0; g < names.size(); ++g) {
        int total = 0;
        for (int c : m_counts[g]) total += c;
        if (total == 0) continue;
        QVector<double> x, y;
        for (int b = 0; b < bins; ++b) {  // a step outline
            x << lo + b * width << lo + (b + 1) * width;
            y << double(m_counts[g][b]) / total << double(m_counts[g][b]) / total;
        }
        QCPGraph* graph = m_plot->addGraph();
        graph->setPen(QPen(kGroupColours[g % 4], 1.5));
        QColor fill = kGroupColours[g % 4];
        fill.setAlpha(40);
        graph->setBrush(fill);
        graph->setName(QStringLiteral("%1 (%2)").arg(names[g]).arg(total));
        graph->setData(x, y, true);
    }
    m_plot->rescaleAxes();
    m_plot->yAxis->setRangeLower(0);
    m_plot->replot();
}

void ScoreHistogram::setBand(double low, double high) {
    m_low = std::min(low, high);
    m_high = std::max(low, high);
    placeLines();
}

void ScoreHistogram::placeLines() {
    for (auto [line, x] : {std::pair{m_lowLine, m_low}, std::pair{m_highLine, m_high}}) {
        line->point1->setCoords(x, 0);
        line->point2->setCoords(x, 1);
        line->setVisible(true);
    }
    m_plot->replot(QCustomPlot::rpQueuedReplot);
}

void ScoreHistogram::onPress(QMouseEvent* event) {
    if (!m_lowLine->visible() || event->button() != Qt::LeftButton) return;
    const double px = event->pos().x();
    const double dLow = std::abs(px - m_plot->xAxis->coordToPixel(m_low));
    const double dHigh = std::abs(px - m_plot->xAxis->coordToPixel(m_high));
    if (std::min(dLow, dHigh) > 8) return;  // grab a line within 8 pixels
    m_dragging = dLow <= dHigh ? 1 : 2;
    m_plot->setInteraction(QCP::iRangeDrag, false);
}

void ScoreHistogram::onMove(QMouseEvent* event) {
    if (!m_dragging) return;
    const double x = m_plot->xAxis->pixelToCoord(event->pos().x());
    if (m_dragging == 1)
        m_low = std::min(x, m_high);
    else
        m_high = std::max(x, m_low);
    placeLines();
}

void ScoreHistogram::onRelease(QMouseEvent* event) {
    if (!m_dragging) return;
    onMove(event);
    m_dragging = 0;
    Q_EMIT bandChanged(m_low, m_high);
}

}  // namespace synood::widgets
