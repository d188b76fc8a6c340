#include "MaskPainter.h"

#include <QMouseEvent>
#include <QPainter>

namespace synood::widgets {
namespace {
constexpr size_t kMaxUndo = 50;
}

MaskPainter::MaskPainter(QWidget* parent) : QWidget(parent) {
    setMinimumSize(160, 160);
    setCursor(Qt::CrossCursor);
}

void MaskPainter::setSeed(const QImage& seed) {
    m_seed = seed.convertToFormat(QImage::Format_RGB32);
    m_mask = QImage(m_seed.size(), QImage::Format_Grayscale8);
    m_mask.fill(255);
    m_history.clear();
    update();
    Q_EMIT maskChanged();
}

double MaskPainter::paintedFraction() const {
    if (m_mask.isNull()) return 0;
    long long on = 0;
    for (int y = 0; y < m_mask.height(); ++y) {
        const uchar* row = m_mask.constScanLine(y);
        for (int x = 0; x < m_mask.width(); ++x) on += row[x] >= 128;
    }
    return static_cast<double>(on) / (static_cast<double>(m_mask.width()) * m_mask.height());
}

void MaskPainter::pushHistory() {
    m_history.push_back(m_mask);
    if (m_history.size() > kMaxUndo) m_history.erase(m_history.begin());
}

void MaskPainter::fill(bool painted) {
    if (m_mask.isNull()) return;
    pushHistory();
    m_mask.fill(painted ? 255 : 0);
    update();
    Q_EMIT maskChanged();
}

void MaskPainter::paintBox(const QRect& seedPixels) {
    if (m_mask.isNull()) return;
    pushHistory();
    QPainter(&m_mask).fillRect(seedPixels.normalized(), Qt::white);
    update();
    Q_EMIT maskChanged();
}

bool MaskPainter::undo() {
    if (m_history.empty()) return false;
    m_mask = m_history.back();
    m_history.pop_back();
    update();
    Q_EMIT maskChanged();
    return true;
}

QRectF MaskPainter::imageRect() const {
    if (m_seed.isNull()) return {};
    const QSizeF s = QSizeF(m_seed.size()).scaled(QSizeF(size()), Qt::KeepAspectRatio);
    return QRectF(QPointF((width() - s.width()) / 2, (height() - s.height()) / 2), s);
}

QPoint MaskPainter::toSeed(const QPointF& p) const {
    const QRectF r = imageRect();
    const double x = (p.x() - r.left()) / r.width() * m_seed.width(), y = (p.y() - r.top()) / r.height() * m_seed.height();
    return QPoint(qBound(0, static_cast<int>(x), m_seed.width() - 1), qBound(0, static_cast<int>(y), m_seed.height() - 1));
}

void MaskPainter::dab(const QPoint& at) {
    QPainter p(&m_mask);
    p.setPen(Qt::NoPen);
    p.setBrush(m_tool == Tool::Eraser ? Qt::black : Qt::white);
    p.drawEllipse(at, m_radius, m_radius);
}

void MaskPainter::mousePressEvent(QMouseEvent* event) {
    if (m_seed.isNull() || event->button() != Qt::LeftButton) return;
    pushHistory();
    m_dragging = true;
    m_boxStart = m_boxEnd = toSeed(event->position());
    if (m_tool != Tool::Box) dab(m_boxStart);
    update();
}

void MaskPainter::mouseMoveEvent(QMouseEvent* event) {
    if (!m_dragging) return;
    const QPoint at = toSeed(event->position());
    if (m_tool == Tool::Box) {
        m_boxEnd = at;
    } else {
        // A line of dabs from the last point, so fast strokes stay continuous.
        const QPoint from = m_boxEnd;
        const int n = std::max(1, std::max(std::abs(at.x() - from.x()), std::abs(at.y() - from.y())));
        for (int i = 1; i <= n; ++i) dab(from + (at - from) * i / n);
        m_boxEnd = at;
    }
    update();
}

void MaskPainter::mouseReleaseEvent(QMouseEvent* event) {
    if (!m_dragging) return;
    mouseMoveEvent(event);
    m_dragging = false;
    if (m_tool == Tool::Box) {
        QPainter p(&m_mask);
        p.fillRect(QRect(m_boxStart, m_boxEnd).normalized(), Qt::white);
    }
    update();
    Q_EMIT maskChanged();
}

void MaskPainter::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.fillRect(rect(), palette().window());
    if (m_seed.isNull()) {
        p.drawText(rect(), Qt::AlignCenter | Qt::TextWordWrap, tr("Pick a seed: the gallery's current sample or a file"));
        return;
    }
    const QRectF r = imageRect();
    p.drawImage(r, m_seed);
    // The mask as a red tint (alpha from the mask).
    QImage tint(m_mask.size(), QImage::Format_ARGB32);
    for (int y = 0; y < m_mask.height(); ++y) {
        const uchar* m = m_mask.constScanLine(y);
        auto* t = reinterpret_cast<QRgb*>(tint.scanLine(y));
        for (int x = 0; x < m_mask.width(); ++x) t[x] = qRgba(255, 0, 0, m[x] >= 128 ? 110 : 0);
    }
    p.drawImage(r, tint);
    if (m_dragging && m_tool == Tool::Box) {
        const double sx = r.width() / m_seed.width(), sy = r.height() / m_seed.height();
        const QRect box = QRect(m_boxStart, m_boxEnd).normalized();
        p.setPen(QPen(Qt::white, 1, Qt::DashLine));
        p.drawRect(QRectF(r.left() + box.left() * sx, r.top() + box.top() * sy, (box.width()) * sx, (box.height()) * sy));
    }
}

}  // namespace synood::widgets
