#pragma once
// The inspector: one sample large (nearest-neighbour scaling keeps the pixels honest), its seed image
// beside it for a synthesized sample with the in-painted region (its mask) tinted red, a summary (class, status, tags, prompt and its source, mask,
// scores, band verdict, pseudo label), the score trajectory (the predicted x0's score at every
// denoising step of every iteration, the score after each iteration, the band and the target), and
// the full provenance as JSON. Reads the workspace's plain data; no torch headers.
#include <QWidget>

class QImage;
class QLabel;
class QPlainTextEdit;

namespace synood {
class Workspace;
}

namespace synood::widgets {

class TrajectoryPlot;

class InspectorPanel : public QWidget {
    Q_OBJECT
public:
    explicit InspectorPanel(QWidget* parent = nullptr);

    // row < 0 or no workspace: cleared.
    void showSample(const Workspace* workspace, int row);
    // An image from outside the workspace (a test set's, chosen in the map) with its summary (rich text).
    void showImage(const QImage& image, const QString& summary);

    QString summaryText() const;
    TrajectoryPlot* trajectory() const { return m_trajectory; }
    bool seedShown() const;
    bool maskShown() const;        // the seed drawn with its mask overlay
    bool provenanceShown() const;  // hidden while no sample is shown

private:
    QLabel* m_image;
    QLabel* m_seed;
    QLabel* m_summary;
    TrajectoryPlot* m_trajectory;
    QPlainTextEdit* m_provenance;
    bool m_maskShown = false;
};

}  // namespace synood::widgets
