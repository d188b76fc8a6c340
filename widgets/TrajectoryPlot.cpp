#include "TrajectoryPlot.h"

#include "QCustomPlotInclude.h"

#include <QTimer>
#include <QVBoxLayout>

#include <cmath>

namespace synood::widgets {

TrajectoryPlot::TrajectoryPlot(QWidget* parent) : QWidget(parent), m_plot(new QCustomPlot(this)), m_replotTimer(new QTimer(this)) {
    m_plot->setMinimumHeight(160);
    m_plot->xAxis->setLabel(tr("denoising step (all iterations)"));
    m_plot->yAxis->setLabel(tr("score"));
    m_plot->legend->setVisible(true);
    m_plot->legend->setFont(QFont(font().family(), 8));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_plot);
    m_replotTimer->setSingleShot(true);
    m_replotTimer->setInterval(kMinReplotIntervalMs);
    connect(m_replotTimer, &QTimer::timeout, this, &TrajectoryPlot::replotNow);
    clear();
}

void TrajectoryPlot::clear() {
    m_plot->clearGraphs();
    m_plot->clearItems();
    m_curves.clear();
    m_iterations = m_plot->addGraph();
    m_iterations->setLineStyle(QCPGraph::lsNone);
    m_iterations->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDiamond, QPen(Qt::black), QBrush(Qt::black), 7));
    m_iterations->setName(tr("after each iteration"));
    replotNow();
}

void TrajectoryPlot::setLevels(const std::vector<double>& band, double target) {
    const auto addLevel = [&](double value, const QPen& pen) {
        auto* line = new QCPItemStraightLine(m_plot);
        line->setPen(pen);
        line->point1->setCoords(0, value);
        line->point2->setCoords(1, value);
    };
    if (band.size() == 2) {
        addLevel(band[0], QPen(QColor(44, 160, 44), 1, Qt::DashLine));
        addLevel(band[1], QPen(QColor(44, 160, 44), 1, Qt::DashLine));
    }
    if (std::isfinite(target)) addLevel(target, QPen(QColor(214, 39, 40), 1, Qt::DotLine));
    scheduleReplot();
}

QCPGraph* TrajectoryPlot::iterationGraph(int iteration) {
    while (static_cast<int>(m_curves.size()) <= iteration) {
        const int k = static_cast<int>(m_curves.size());
        QCPGraph* g = m_plot->addGraph();
        g->setPen(QPen(QColor::fromHsv((210 - 60 * k + 360 * 4) % 360, 200, 200), 1.5));
        g->setName(tr("iteration %1: predicted x0").arg(k + 1));
        m_curves.push_back(g);
    }
    return m_curves[static_cast<size_t>(iteration)];
}

void TrajectoryPlot::setTrajectory(const std::vector<std::vector<double>>& steps, const std::vector<double>& iterations) {
    int x0 = 0;
    for (size_t k = 0; k < steps.size(); ++k) {
        const int n = static_cast<int>(steps[k].size());
        for (int j = 0; j < n; ++j) iterationGraph(static_cast<int>(k))->addData(x0 + j, steps[k][static_cast<size_t>(j)]);
        x0 += n;
        if (k < iterations.size()) m_iterations->addData(x0 - 1, iterations[k]);
    }
    replotNow();
}

void TrajectoryPlot::addStep(int iteration, int step, int steps, double score) {
    if (!std::isfinite(score)) return;
    iterationGraph(iteration)->addData(iteration * steps + step, score);
    scheduleReplot();
}

void TrajectoryPlot::addIterationScore(int iteration, int steps, double score) {
    if (!std::isfinite(score)) return;
    m_iterations->addData((iteration + 1) * steps - 1, score);
    scheduleReplot();
}

void TrajectoryPlot::scheduleReplot() {
    if (!m_replotTimer->isActive()) m_replotTimer->start();
}

void TrajectoryPlot::replotNow() {
    m_replotTimer->stop();
    m_plot->rescaleAxes();
    m_plot->yAxis->scaleRange(1.15);
    m_plot->replot();
    ++m_replots;
}

}  // namespace synood::widgets
