#include "GalleryFilter.h"

#include "GalleryModel.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

namespace synood::widgets {

namespace {

std::optional<Origin> originOf(const QString& v) {
    if (v.isEmpty()) return std::nullopt;
    return originFromString(v.toStdString(), "gallery filter");
}

std::optional<Status> statusOf(const QString& v) {
    if (v.isEmpty()) return std::nullopt;
    return statusFromString(v.toStdString(), "gallery filter");
}

// Case-insensitive for ASCII letters; other bytes must match exactly (the needle is ASCII).
bool containsAscii(const std::string& hay, const std::string& lowerNeedle) {
    if (lowerNeedle.empty()) return true;
    const auto it = std::search(hay.begin(), hay.end(), lowerNeedle.begin(), lowerNeedle.end(),
                                [](char a, char b) { return (a >= 'A' && a <= 'Z' ? a - 'A' + 'a' : a) == b; });
    return it != hay.end();
}

std::string promptOf(const Sample& s) {
    const auto it = s.provenance.find("prompt");
    return it != s.provenance.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

GalleryFilter::GalleryFilter(QObject* parent) : QAbstractProxyModel(parent) {}

void GalleryFilter::setSourceModel(QAbstractItemModel* source) {
    if (m_model) disconnect(m_model, nullptr, this, nullptr);
    beginResetModel();
    m_model = qobject_cast<GalleryModel*>(source);
    QAbstractProxyModel::setSourceModel(m_model);
    if (m_model) {
        connect(m_model, &QAbstractItemModel::rowsInserted, this, &GalleryFilter::onRowsInserted);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &GalleryFilter::onDataChanged);
        connect(m_model, &QAbstractItemModel::modelAboutToBeReset, this, [this] { beginResetModel(); });
        connect(m_model, &QAbstractItemModel::modelReset, this, &GalleryFilter::onReset);
    }
    onReset();
}

const Workspace* GalleryFilter::workspace() const { return m_model ? m_model->workspace() : nullptr; }

void GalleryFilter::setOrigin(const QString& v) {
    m_origin = originOf(v);
    rebuild();
}
void GalleryFilter::setStatus(const QString& v) {
    m_status = statusOf(v);
    rebuild();
}
void GalleryFilter::setClassName(const QString& v) {
    m_class = v.toStdString();
    rebuild();
}
void GalleryFilter::setTag(const QString& v) {
    m_tag = v.toStdString();
    rebuild();
}
void GalleryFilter::setText(const QString& v) {
    m_text = v.trimmed();
    bool ascii = true;
    for (const QChar c : m_text) ascii = ascii && c.unicode() < 128;
    m_asciiText = ascii ? m_text.toLower().toStdString() : std::string();
    rebuild();
}

void GalleryFilter::setScoreRange(double low, double high) {
    m_low = low;
    m_high = high;
    rebuild();
}

bool GalleryFilter::scoreRangeOpen() const { return std::isinf(m_low) && std::isinf(m_high); }

void GalleryFilter::setSortKey(SortKey key, Qt::SortOrder order) {
    m_sortKey = key;
    m_order = order;
    rebuild();
}

bool GalleryFilter::textFound(const Sample& s) const {
    if (!m_asciiText.empty()) {
        return containsAscii(s.id, m_asciiText) || containsAscii(s.className, m_asciiText) || containsAscii(promptOf(s), m_asciiText);
    }
    for (const std::string& field : {s.id, s.className, promptOf(s)}) {
        if (QString::fromStdString(field).contains(m_text, Qt::CaseInsensitive)) return true;
    }
    return false;
}

bool GalleryFilter::accepts(int row) const {
    const Sample& s = workspace()->sample(static_cast<size_t>(row));
    if (m_origin && s.origin != *m_origin) return false;
    if (m_status && s.status != *m_status) return false;
    if (!m_class.empty() && s.className != m_class) return false;
    if (!m_tag.empty() && std::find(s.tags.begin(), s.tags.end(), m_tag) == s.tags.end()) return false;
    if (!m_text.isEmpty() && !textFound(s)) return false;
    if (!scoreRangeOpen()) {
        const double score = m_scores[static_cast<size_t>(row)];
        if (std::isnan(score) || score < m_low || score > m_high) return false;
    }
    return true;
}

// One precomputed key per row, ties in workspace order in either direction (so std::sort on
// (key, row) is as stable as a stable sort, and faster).
void GalleryFilter::sortRows(std::vector<int>& rows) const {
    if (m_sortKey == SortKey::Workspace) return;
    const std::vector<Sample>& samples = workspace()->samples();
    const bool descending = m_order == Qt::DescendingOrder;
    if (m_sortKey == SortKey::Score) {
        std::vector<std::pair<double, int>> keyed;
        keyed.reserve(rows.size());
        for (int r : rows) keyed.emplace_back(m_scores[static_cast<size_t>(r)], r);
        std::sort(keyed.begin(), keyed.end(), [descending](const auto& a, const auto& b) {
            const bool an = std::isnan(a.first), bn = std::isnan(b.first);
            if (an != bn) return bn;  // samples without a score last in either order
            if (!an && a.first != b.first) return descending ? a.first > b.first : a.first < b.first;
            return a.second < b.second;
        });
        for (size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].second;
        return;
    }
    // Class (locale-aware) or status: few distinct values, ranked once, then compared as integers.
    std::map<QString, int> ranks;
    const auto text = [&](const Sample& s) {
        return m_sortKey == SortKey::Class ? QString::fromStdString(s.className) : QString::fromLatin1(toString(s.status));
    };
    std::vector<QString> distinct;
    for (int r : rows) {
        if (ranks.emplace(text(samples[static_cast<size_t>(r)]), 0).second) distinct.push_back(text(samples[static_cast<size_t>(r)]));
    }
    std::sort(distinct.begin(), distinct.end(), [this](const QString& a, const QString& b) {
        return m_sortKey == SortKey::Class ? QString::localeAwareCompare(a, b) < 0 : a < b;
    });
    for (size_t i = 0; i < distinct.size(); ++i) ranks[distinct[i]] = static_cast<int>(i);
    std::vector<std::pair<int, int>> keyed;
    keyed.reserve(rows.size());
    for (int r : rows) keyed.emplace_back(ranks[text(samples[static_cast<size_t>(r)])], r);
    std::sort(keyed.begin(), keyed.end(), [descending](const auto& a, const auto& b) {
        if (a.first != b.first) return descending ? a.first > b.first : a.first < b.first;
        return a.second < b.second;
    });
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = keyed[i].second;
}

void GalleryFilter::readScores(int first, int last) {
    m_scores.resize(static_cast<size_t>(last) + 1);
    for (int r = first; r <= last; ++r)
        m_scores[static_cast<size_t>(r)] = GalleryModel::scoreOf(workspace()->sample(static_cast<size_t>(r)));
}

void GalleryFilter::filterAll() {
    m_rows.clear();
    const Workspace* ws = workspace();
    const size_t n = ws ? ws->size() : 0;
    m_position.assign(n, -1);
    for (size_t r = 0; r < n; ++r) {
        if (accepts(static_cast<int>(r))) m_rows.push_back(static_cast<int>(r));
    }
    if (ws) sortRows(m_rows);
    for (size_t i = 0; i < m_rows.size(); ++i) m_position[static_cast<size_t>(m_rows[i])] = static_cast<int>(i);
}

void GalleryFilter::rebuild() {
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    std::vector<int> sourceRows;
    for (const QModelIndex& i : before) sourceRows.push_back(i.isValid() ? m_rows[static_cast<size_t>(i.row())] : -1);

    filterAll();

    QModelIndexList after;
    for (int r : sourceRows)
        after << (r >= 0 && m_position[static_cast<size_t>(r)] >= 0 ? index(m_position[static_cast<size_t>(r)], 0) : QModelIndex());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged();
}

void GalleryFilter::onReset() {
    // begin was called on the source's modelAboutToBeReset (or by setSourceModel)
    m_scores.clear();
    if (workspace() && workspace()->size() > 0) readScores(0, static_cast<int>(workspace()->size()) - 1);
    filterAll();
    endResetModel();
}

void GalleryFilter::onRowsInserted(const QModelIndex&, int first, int last) {
    readScores(first, last);
    std::vector<int> shown;
    for (int r = first; r <= last; ++r) {
        if (accepts(r)) shown.push_back(r);
    }
    m_position.resize(static_cast<size_t>(last) + 1, -1);
    if (shown.empty()) return;
    const int at = static_cast<int>(m_rows.size());
    beginInsertRows({}, at, at + static_cast<int>(shown.size()) - 1);
    for (int r : shown) {
        m_position[static_cast<size_t>(r)] = static_cast<int>(m_rows.size());
        m_rows.push_back(r);
    }
    endInsertRows();
}

void GalleryFilter::onDataChanged(const QModelIndex& topLeft, const QModelIndex& bottomRight, const QList<int>& roles) {
    if (roles.isEmpty() || roles.contains(GalleryModel::ScoreRole)) readScores(topLeft.row(), bottomRight.row());
    if (topLeft.row() == bottomRight.row()) {
        const QModelIndex shown = mapFromSource(topLeft);
        if (shown.isValid()) Q_EMIT dataChanged(shown, shown, roles);
    } else if (!m_rows.empty()) {  // many rows (new scores): all shown rows
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, 0), roles);
    }
}

QModelIndex GalleryFilter::index(int row, int column, const QModelIndex& parent) const {
    if (parent.isValid() || column != 0 || row < 0 || row >= rowCount()) return {};
    return createIndex(row, column);
}

QModelIndex GalleryFilter::parent(const QModelIndex&) const { return {}; }

int GalleryFilter::rowCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : static_cast<int>(m_rows.size()); }

int GalleryFilter::columnCount(const QModelIndex& parent) const { return parent.isValid() ? 0 : 1; }

QModelIndex GalleryFilter::mapToSource(const QModelIndex& proxyIndex) const {
    if (!m_model || !proxyIndex.isValid() || proxyIndex.row() >= rowCount()) return {};
    return m_model->index(m_rows[static_cast<size_t>(proxyIndex.row())]);
}

QModelIndex GalleryFilter::mapFromSource(const QModelIndex& sourceIndex) const {
    if (!sourceIndex.isValid() || static_cast<size_t>(sourceIndex.row()) >= m_position.size()) return {};
    const int shown = m_position[static_cast<size_t>(sourceIndex.row())];
    return shown < 0 ? QModelIndex() : index(shown, 0);
}

}  // namespace synood::widgets
