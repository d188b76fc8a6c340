#pragma once
// The score view: histograms of one score for InD, OOD and synthesized samples (QCustomPlot, one
// outline per group, normalised to each group's count), with the boundary band drawn as two vertical
// lines. Drag a line to move that end of the band (bandChanged); double-click to open the band to all
// scores again (bandCleared). Plain data; no torch headers.
#include <QStringList>
#include <QVector>
#include <QWidget>

class QCustomPlot;
class QCPItemStraightLine;
class QMouseEvent;

namespace synood::widgets {

class ScoreHistogram : public QWidget {
    Q_OBJECT
public:
    explicit ScoreHistogram(QWidget* parent = nullptr);

    // scores[i] of group[i] (index into groupNames); NaN scores are left out.
    void setScores(const QVector<double>& scores, const QVector<int>& group, const QStringList& groupNames, int bins = 40);
    void setBand(double low, double high);
    double bandLow() const { return m_low; }
    double bandHigh() const { return m_high; }
    // Per-group bin counts of the last setScores (for tests and the report).
    QVector<QVector<int>> counts() const { return m_counts; }
    QCustomPlot* plot() const { return m_plot; }

Q_SIGNALS:
    void bandChanged(double low, double high);
    void bandCleared();

private:
    void onPress(QMouseEvent* event);
    void onMove(QMouseEvent* event);
    void onRelease(QMouseEvent* event);
    void placeLines();

    QCustomPlot* m_plot;
    QCPItemStraightLine* m_lowLine;
    QCPItemStraightLine* m_highLine;
    double m_low = 0, m_high = 0;
    int m_dragging = 0;  // 0 none, 1 low, 2 high
    QVector<QVector<int>> m_counts;
};

}  // namespace synood::widgets
