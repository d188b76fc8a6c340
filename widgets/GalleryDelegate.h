#pragma once
// Paints one gallery cell: the thumbnail, a strip in the status colour, and the class name.
#include <QStyledItemDelegate>

namespace synood::widgets {

class GalleryDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    static QColor statusColor(const QString& status);
};

}  // namespace synood::widgets
