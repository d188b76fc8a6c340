#pragma once
// The embeddings view: samples as points in a 2-D projection of feature space (QCustomPlot), one
// colour per group (origin), the boundary map drawn as a heat map under them with the contour at the
// threshold, and two selection tools: with the lasso on, drag a polygon; with the rectangle on, drag a
// box; the rows inside become the selection (kept as a bitset; selectionChanged). setSelectedRows() highlights rows chosen elsewhere
// (the gallery) without emitting. Evaluation sets can be drawn over the samples (crosses, one colour
// per set); a click on one of their points chooses it. Plain data only: no torch headers.
#include <QColor>
#include <QPair>
#include <QPolygonF>
#include <QStringList>
#include <QVector>
#include <QWidget>

#include <memory>
#include <optional>
#include <vector>

class QCustomPlot;
class QCPGraph;
class QCPCurve;
class QCPColorMap;
class QCPItemText;
class QMouseEvent;

namespace synood {
class ImageDataset;
}  // namespace synood

namespace synood::widgets {

struct EmbeddingPoints {
    QVector<double> x, y;
    QVector<int> group;            // index into groupNames, per row
    QStringList groupNames;        // e.g. ind, ood, synthesized
    QVector<double> score;         // per row (may be empty)
    QVector<QColor> groupColours;  // optional, per group (default: a ten-colour palette)
    // To place new feature vectors (a synthesis's path): the PCA basis (mean, the two components) when
    // the plane is PCA's; else the samples' features (row-major, featureDim per row) for neighbours.
    QVector<double> pcaMean, pcaX, pcaY;
    QVector<float> features;
    int featureDim = 0;
};

struct EmbeddingMap {
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    int nx = 0, ny = 0;
    QVector<double> values;  // ny rows of nx (row j at the j-th y cell)
    double threshold = 0;
    double bandLow = 0, bandHigh = 0;  // the default near-boundary band
};

// An evaluation set's images placed in the same plane (drawn over the samples, one colour per set).
struct TestSetPoints {
    QString name, spec;                        // e.g. "near", "demo:near"
    std::shared_ptr<const ImageDataset> data;  // the set opened (off the GUI thread), for its images
    QVector<int> index;                        // into the set's dataset
    QVector<double> x, y;                      // in the plane
    QVector<double> score;                     // the score the samples got
};

// One test-set point: its set and its place in that set.
using TestPointRef = QPair<int, int>;

enum class SelectionTool { None, Lasso, Rectangle };

class EmbeddingView : public QWidget {
    Q_OBJECT
public:
    explicit EmbeddingView(QWidget* parent = nullptr);

    void setPoints(const EmbeddingPoints& points);
    // New groups for the same points (colour by another attribute); the selection and ranges stay.
    void setGroups(const QVector<int>& group, const QStringList& names, const QVector<QColor>& colours = {});
    const EmbeddingPoints& points() const { return m_points; }
    void setBoundaryMap(const EmbeddingMap& map);  // nx = 0 clears it
    void setAxisLabels(const QString& x, const QString& y);
    void setSelectedRows(const QVector<int>& rows);
    QVector<int> selectedRows() const;
    int pointCount() const { return m_points.x.size(); }

    // Where a feature vector falls in this plane: exactly through the PCA basis, else the mean
    // position of its 5 nearest samples (cosine on the stored features). Nothing without either.
    std::optional<QPointF> place(const QVector<float>& features) const;
    // A synthesis's path through feature space, drawn as a line with dots from its seed on.
    void clearPath();
    void appendPathPoint(const QPointF& point);
    int pathPointCount() const;

    // Evaluation sets in this plane (replacing any shown; new points clear them, as they were placed in
    // the previous plane). A click on one of their points (within 8 pixels) marks it and emits
    // testPointChosen; the lasso and rectangle mark those inside and emit testPointsSelected.
    void setTestSets(const QVector<TestSetPoints>& sets);
    const QVector<TestSetPoints>& testSets() const { return m_testSets; }
    // The set and point nearest to a widget position within 8 pixels, else (-1, -1).
    TestPointRef testPointAt(const QPoint& pixel) const;
    QVector<TestPointRef> testPointsInside(const QPolygonF& polygon) const;  // plot coordinates
    void chooseTestPoints(const QVector<TestPointRef>& points);              // marks them (none: clears)
    int chosenTestPointCount() const;

    // None: dragging pans. Lasso or Rectangle: dragging selects.
    void setSelectionTool(SelectionTool tool);
    SelectionTool selectionTool() const { return m_tool; }
    // Rows whose point lies inside the polygon (plot coordinates); used by both tools.
    QVector<int> rowsInside(const QPolygonF& polygon) const;
    QCustomPlot* plot() const { return m_plot; }
    // Replots the points (and the map); returns the wall time in ms, for the benchmark.
    double replotMs();

Q_SIGNALS:
    void selectionChanged(const QVector<int>& rows);
    void testPointChosen(int set, int point);
    void testPointsSelected(const QVector<TestPointRef>& points);

private:
    void onPress(QMouseEvent* event);
    void onMove(QMouseEvent* event);
    void onRelease(QMouseEvent* event);
    void showSelection();
    void rebuildGroupGraphs();

    QCustomPlot* m_plot;
    std::vector<QCPGraph*> m_groups;
    std::vector<QCPGraph*> m_testGraphs;
    QCPGraph* m_chosenTestGraph = nullptr;
    QVector<TestSetPoints> m_testSets;
    QPoint m_pressPixel;  // where a click began (a click, not a pan, chooses a test point)
    QCPGraph* m_selectedGraph = nullptr;
    QCPCurve* m_lassoCurve = nullptr;
    QCPCurve* m_path = nullptr;
    QCPColorMap* m_map = nullptr;
    QCPGraph* m_contour = nullptr;
    QCPItemText* m_hint = nullptr;  // until the first points arrive
    EmbeddingPoints m_points;
    std::vector<bool> m_selected;  // bitset over rows
    QPolygonF m_polygon;
    SelectionTool m_tool = SelectionTool::None;
    bool m_dragging = false;
};

}  // namespace synood::widgets
