#pragma once
// The gallery's filter and sort, between the model and the view: origin, status, class and tag
// (empty = any), a text searched in the id, class and prompt (case-insensitive), a score range
// (samples without a score pass only an open range); sort by workspace order, class, status,
// score or how InD a sample looks. Curation goes through the source model: mapToSource gives its rows.
//
// It reads the workspace's samples directly, not through the model's QVariant roles, and keeps its
// rows as two arrays (shown row -> sample row and back) and every sample's score as a third, so a
// filter or sort is one pass and one std::sort. Below kBackgroundFrom samples that runs at once;
// from there (tens of milliseconds at 1,000,000) the pass reads the samples in short slices of the
// GUI thread's time and the sort runs on a pool thread, over its own copy of the keys; the view keeps
// the previous rows until the new ones are applied (filtered()). Like a view under curation should,
// it never re-filters on its own: a sample that stops matching stays shown until the filter
// changes; samples added at the end are filtered as they arrive.
#include "data/Workspace.h"

#include <QAbstractProxyModel>

#include <QDeadlineTimer>
#include <QTimer>

#include <limits>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace synood::widgets {

class GalleryModel;

class GalleryFilter : public QAbstractProxyModel {
    Q_OBJECT
public:
    enum class SortKey { Workspace, Class, Status, Score, LooksInD };
    static constexpr size_t kBackgroundFrom = 200000;  // samples; below, a filter and sort take under 15 ms
    static constexpr int kSliceMs = 8;                 // the GUI thread's time per slice of a background pass

    explicit GalleryFilter(QObject* parent = nullptr);

    void setBackgroundFrom(size_t samples);  // tests: the background path at a small size
    bool busy() const;                       // a filter is being computed; the previous rows are shown

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

Q_SIGNALS:
    void filtering();  // a background filter started
    void filtered();   // the rows of the latest filter and sort are shown

private:
    // One filter and sort in the making: the accepted rows with their sort keys (a score, or the id
    // of a class or status name), read from the samples on the GUI thread.
    struct Pass {
        uint64_t generation = 0;
        size_t next = 0;  // the next sample row to read
        std::vector<std::pair<double, int>> keyed;
        std::vector<QString> names;  // name key id -> class or status
        std::unordered_map<std::string, int> ids;
    };
    struct Order {  // a pass sorted: the rows to show
        uint64_t generation = 0;
        std::vector<int> rows, position;
    };

    bool accepts(int row) const;
    bool textFound(const Sample& s) const;
    bool scan(Pass& pass, const QDeadlineTimer& deadline) const;          // false if the deadline came first
    static Order order(Pass pass, SortKey key, Qt::SortOrder direction);  // no member state: runs on any thread
    Order computeNow() const;
    void readScores(int first, int last);  // m_scores and m_looksInD of these rows
    void rebuild();                        // filter and sort again, at once or in the background
    void scanSlice();
    void apply(Order order);  // persistent indexes (the selection) follow their samples
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
    std::vector<int> m_rows;         // shown row -> sample row
    std::vector<int> m_position;     // sample row -> shown row, or -1
    std::vector<double> m_scores;    // sample row -> GalleryModel::scoreOf, read once (a map lookup each)
    std::vector<double> m_looksInD;  // sample row -> GalleryModel::looksInDOf
    size_t m_backgroundFrom = kBackgroundFrom;
    uint64_t m_generation = 0;   // of the latest filter; older results are dropped
    std::optional<Pass> m_pass;  // being read, slice by slice
    bool m_busy = false;
    QTimer m_slices;
};

}  // namespace synood::widgets
