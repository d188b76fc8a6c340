#pragma once
// A synthesis's score trajectory: the predicted x0's score at every denoising step of each guidance
// iteration (one curve per iteration, step j of iteration k at x = k·steps + j), the score after each
// iteration (diamonds), the near-boundary band and the target. Filled at once (the inspector) or one
// step at a time (the synthesis panel), where replots are coalesced to at most 25 per second.
#include <QWidget>

#include <vector>

class QCustomPlot;
class QCPGraph;
class QTimer;

namespace synood::widgets {

class TrajectoryPlot : public QWidget {
    Q_OBJECT
public:
    explicit TrajectoryPlot(QWidget* parent = nullptr);

    void clear();
    // band: {low, high} or empty; target: NaN for none.
    void setLevels(const std::vector<double>& band, double target);
    void setTrajectory(const std::vector<std::vector<double>>& steps, const std::vector<double>& iterations);
    // Live: one step's score; the iteration's final score when its last step is in.
    void addStep(int iteration, int step, int steps, double score);
    void addIterationScore(int iteration, int steps, double score);

    QCustomPlot* plot() const { return m_plot; }
    int replotCount() const { return m_replots; }  // actual replots, for tests of the coalescing
    static constexpr int kMinReplotIntervalMs = 40;

private:
    QCPGraph* iterationGraph(int iteration);
    void scheduleReplot();
    void replotNow();

    QCustomPlot* m_plot;
    QCPGraph* m_iterations = nullptr;  // the diamonds
    std::vector<QCPGraph*> m_curves;   // one per iteration
    QTimer* m_replotTimer;
    int m_replots = 0;
};

}  // namespace synood::widgets
