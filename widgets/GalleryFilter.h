#pragma once
// The gallery's filter and sort, between the model and the view: origin, status, class and tag
// (empty = any), a text searched in the id, class and prompt (case-insensitive), a score range
// (samples without a score pass only an open range); sort by workspace order, class, status or
// score. Curation goes through the source model: mapToSource gives its rows.
#include <QSortFilterProxyModel>

#include <limits>

namespace synood::widgets {

class GalleryFilter : public QSortFilterProxyModel {
    Q_OBJECT
public:
    enum class SortKey { Workspace, Class, Status, Score };

    explicit GalleryFilter(QObject* parent = nullptr);

    void setOrigin(const QString& origin);
    void setStatus(const QString& status);
    void setClassName(const QString& className);
    void setTag(const QString& tag);
    void setText(const QString& text);
    void setScoreRange(double low, double high);  // ±infinity: open
    void setSortKey(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);

    bool scoreRangeOpen() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;
    bool lessThan(const QModelIndex& left, const QModelIndex& right) const override;

private:
    QString m_origin, m_status, m_class, m_tag, m_text;
    double m_low = -std::numeric_limits<double>::infinity(), m_high = std::numeric_limits<double>::infinity();
    SortKey m_sortKey = SortKey::Workspace;
};

}  // namespace synood::widgets
