#pragma once
// Paints an inpainting mask over a seed image: brush (paint), eraser, box (drag a rectangle), clear,
// and undo of each stroke. The mask has the seed's own size (white = the diffusion model paints
// there), which is what synthesis takes (Masks.h: fitMaskToModel); it is drawn as a red tint.
#include <QImage>
#include <QWidget>

#include <vector>

namespace synood::widgets {

class MaskPainter : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Brush, Eraser, Box };

    explicit MaskPainter(QWidget* parent = nullptr);

    // A new seed: the mask starts as the whole image (SynOOD's default), the undo history empty.
    void setSeed(const QImage& seed);
    const QImage& seed() const { return m_seed; }
    const QImage& mask() const { return m_mask; }  // Grayscale8, the seed's size
    double paintedFraction() const;

    void setTool(Tool tool) { m_tool = tool; }
    Tool tool() const { return m_tool; }
    void setBrushRadius(int seedPixels) { m_radius = seedPixels; }
    void fill(bool painted);                 // whole image (true) or nothing (false), undoable
    void paintBox(const QRect& seedPixels);  // the box tool's effect, undoable
    bool undo();                             // false when there is nothing to undo
    int undoDepth() const { return static_cast<int>(m_history.size()); }

    QSize sizeHint() const override { return {280, 280}; }

Q_SIGNALS:
    void maskChanged();

protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;

private:
    QRectF imageRect() const;               // where the seed is drawn (aspect kept)
    QPoint toSeed(const QPointF& p) const;  // widget → seed pixel
    void dab(const QPoint& at);
    void pushHistory();

    QImage m_seed, m_mask;
    std::vector<QImage> m_history;
    Tool m_tool = Tool::Brush;
    int m_radius = 3;
    bool m_dragging = false;
    QPoint m_boxStart, m_boxEnd;
};

}  // namespace synood::widgets
