#include "GalleryDelegate.h"

#include "GalleryModel.h"

#include <QApplication>
#include <QPainter>

namespace synood::widgets {

namespace {
constexpr int kPad = 4;
constexpr int kStrip = 4;
}  // namespace

QColor GalleryDelegate::statusColor(const QString& status) {
    if (status == QLatin1String("accepted")) return QColor(46, 160, 67);
    if (status == QLatin1String("rejected")) return QColor(210, 50, 50);
    return QColor(140, 140, 140);
}

QSize GalleryDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex&) const {
    const QSize t = GalleryModel::thumbnailSize();
    return {t.width() + 2 * kPad, t.height() + kStrip + option.fontMetrics.height() + 3 * kPad};
}

void GalleryDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const {
    painter->save();
    const QRect r = option.rect;
    if (option.state & QStyle::State_Selected) {
        painter->fillRect(r, option.palette.highlight());
    }
    const QImage thumb = index.data(Qt::DecorationRole).value<QImage>();
    const QSize t = GalleryModel::thumbnailSize();
    const QRect box(r.left() + kPad, r.top() + kPad, t.width(), t.height());
    if (!thumb.isNull()) {
        const QSize s = thumb.size().scaled(t, Qt::KeepAspectRatio);
        const QRect target(box.left() + (t.width() - s.width()) / 2, box.top() + (t.height() - s.height()) / 2, s.width(), s.height());
        painter->drawImage(target, thumb);
    }
    painter->fillRect(QRect(box.left(), box.bottom() + 1, t.width(), kStrip), statusColor(index.data(GalleryModel::StatusRole).toString()));
    painter->setPen((option.state & QStyle::State_Selected) ? option.palette.highlightedText().color() : option.palette.text().color());
    const QRect textRect(r.left() + 2, box.bottom() + kStrip + kPad, r.width() - 4, option.fontMetrics.height());
    painter->drawText(textRect, Qt::AlignHCenter | Qt::AlignVCenter,
                      option.fontMetrics.elidedText(index.data(Qt::DisplayRole).toString(), Qt::ElideRight, textRect.width()));
    painter->restore();
}

}  // namespace synood::widgets
