#pragma once
// The gallery's filter and sort, between the model and the view: origin, status, class and tag
// (empty = any), a text searched in the id, class and prompt (case-insensitive), a score range
// (samples without a score pass only an open range); sort by workspace order, class, status or
// score. Curation goes through the source model: mapToSource gives its rows.
//
// It reads the workspace's samples directly, not through the model's QVariant roles, and keeps its
// rows as two arrays (shown row -> sample row and back) and every sample's score as a third, so a
// filter or sort of 1,000,000 samples is one pass and one std::sort on the GUI thread (synood-studio-bench measures it). Like a view under
// curation should, it never re-filters on its own: a sample that stops matching stays shown until
// the filter changes; samples added at the end are filtered as they arrive.
#include "data/Workspace.h"

#include <QAbstractProxyModel>

#include <limits>
#include <optional>
#include <vector>

namespace synood::widgets {

class GalleryModel;

class GalleryFilter : public QAbstractProxyModel {
    Q_OBJECT
public:
    enum class SortKey { Workspace, Class, Status, Score };

    explicit GalleryFilter(QObject* parent = nullptr);

    // The source must be a GalleryModel.
    void setSourceModel(QAbstractItemModel* source) override;

    void setOrigin(const QString& origin);
    void setStatus(const QString& status);
    void setClassName(const QString& className);
    void setTag(const QString& tag);
    void setText(const QString& text);
    void setScoreRange(double low, double high);  // ±infinity: open
    void setSortKey(SortKey key, Qt::SortOrder order = Qt::AscendingOrder);

    bool scoreRangeOpen() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QModelIndex mapToSource(const QModelIndex& proxyIndex) const override;
    QModelIndex mapFromSource(const QModelIndex& sourceIndex) const override;

private:
    bool accepts(int row) const;
    bool textFound(const Sample& s) const;
    void sortRows(std::vector<int>& rows) const;
    void readScores(int first, int last);  // m_scores of these rows
    void filterAll();                      // m_rows and m_position from every sample
    void rebuild();                        // filter and sort again; persistent indexes (the selection) follow their samples
    void onRowsInserted(const QModelIndex& parent, int first, int last);
    void onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles);
    void onReset();
    const Workspace* workspace() const;

    GalleryModel* m_model = nullptr;
    std::optional<Origin> m_origin;
    std::optional<Status> m_status;
    std::string m_class, m_tag;
    QString m_text;
    std::string m_asciiText;  // m_text lower-cased when it is ASCII (the fast search), else empty
    double m_low = -std::numeric_limits<double>::infinity(), m_high = std::numeric_limits<double>::infinity();
    SortKey m_sortKey = SortKey::Workspace;
    Qt::SortOrder m_order = Qt::AscendingOrder;
    std::vector<int> m_rows;       // shown row -> sample row
    std::vector<int> m_position;   // sample row -> shown row, or -1
    std::vector<double> m_scores;  // sample row -> GalleryModel::scoreOf, read once (a map lookup each)
};

}  // namespace synood::widgets
