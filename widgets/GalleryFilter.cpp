#include "GalleryFilter.h"

#include "GalleryModel.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>
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

GalleryFilter::GalleryFilter(QObject* parent) : QAbstractProxyModel(parent) {
    m_slices.setInterval(0);  // a slice whenever the event loop is free
    connect(&m_slices, &QTimer::timeout, this, &GalleryFilter::scanSlice);
}

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

// Reads samples from pass.next on, checking the deadline every 1024 rows. The end is read each
// time, so samples that land during a background pass are in it.
bool GalleryFilter::scan(Pass& pass, const QDeadlineTimer& deadline) const {
    const Workspace* ws = workspace();
    const size_t n = ws ? ws->size() : 0;
    while (pass.next < n) {
        const size_t end = std::min(n, pass.next + 1024);
        for (size_t r = pass.next; r < end; ++r) {
            if (!accepts(static_cast<int>(r))) continue;
            double key = 0;
            if (m_sortKey == SortKey::Score) {
                key = m_scores[r];
            } else if (m_sortKey == SortKey::LooksInD) {
                key = m_looksInD[r];
            } else if (m_sortKey != SortKey::Workspace) {
                const Sample& s = ws->sample(r);
                const std::string name = m_sortKey == SortKey::Class ? s.className : std::string(toString(s.status));
                const auto [it, fresh] = pass.ids.emplace(name, static_cast<int>(pass.names.size()));
                if (fresh) pass.names.push_back(QString::fromStdString(name));
                key = it->second;
            }
            pass.keyed.emplace_back(key, static_cast<int>(r));
        }
        pass.next = end;
        if (deadline.hasExpired()) return pass.next >= n;
    }
    return true;
}

// Class (locale-aware) and status names are ranked once, then compared as numbers; ties keep
// workspace order in either direction (so std::sort on (key, row) is as stable as a stable sort).
GalleryFilter::Order GalleryFilter::order(Pass pass, SortKey key, Qt::SortOrder direction) {
    if (key == SortKey::Class || key == SortKey::Status) {
        std::vector<int> byName(pass.names.size());
        std::iota(byName.begin(), byName.end(), 0);
        std::sort(byName.begin(), byName.end(), [&](int a, int b) {
            return key == SortKey::Class ? QString::localeAwareCompare(pass.names[a], pass.names[b]) < 0 : pass.names[a] < pass.names[b];
        });
        std::vector<double> rank(pass.names.size());
        for (size_t i = 0; i < byName.size(); ++i) rank[static_cast<size_t>(byName[i])] = static_cast<double>(i);
        for (auto& [k, row] : pass.keyed) k = rank[static_cast<size_t>(k)];
    }
    if (key != SortKey::Workspace) {
        const bool descending = direction == Qt::DescendingOrder;
        std::sort(pass.keyed.begin(), pass.keyed.end(), [descending](const auto& a, const auto& b) {
            const bool an = std::isnan(a.first), bn = std::isnan(b.first);
            if (an != bn) return bn;  // samples without a score last in either order
            if (!an && a.first != b.first) return descending ? a.first > b.first : a.first < b.first;
            return a.second < b.second;
        });
    }
    Order out;
    out.generation = pass.generation;
    out.position.assign(pass.next, -1);
    out.rows.reserve(pass.keyed.size());
    for (const auto& [k, row] : pass.keyed) {
        out.position[static_cast<size_t>(row)] = static_cast<int>(out.rows.size());
        out.rows.push_back(row);
    }
    return out;
}

GalleryFilter::Order GalleryFilter::computeNow() const {
    Pass pass;
    pass.generation = m_generation;
    scan(pass, QDeadlineTimer(QDeadlineTimer::Forever));
    return order(std::move(pass), m_sortKey, m_order);
}

void GalleryFilter::readScores(int first, int last) {
    m_scores.resize(static_cast<size_t>(last) + 1);
    m_looksInD.resize(static_cast<size_t>(last) + 1);
    for (int r = first; r <= last; ++r) {
        const Sample& s = workspace()->sample(static_cast<size_t>(r));
        m_scores[static_cast<size_t>(r)] = GalleryModel::scoreOf(s);
        m_looksInD[static_cast<size_t>(r)] = GalleryModel::looksInDOf(s);
    }
}

void GalleryFilter::setBackgroundFrom(size_t samples) { m_backgroundFrom = samples; }

bool GalleryFilter::busy() const { return m_busy; }

void GalleryFilter::rebuild() {
    ++m_generation;
    m_slices.stop();
    m_pass.reset();
    if (!workspace() || workspace()->size() < m_backgroundFrom) {
        apply(computeNow());
        return;
    }
    m_pass.emplace();
    m_pass->generation = m_generation;
    m_busy = true;
    Q_EMIT filtering();
    m_slices.start();
}

void GalleryFilter::scanSlice() {
    if (!m_pass || !scan(*m_pass, QDeadlineTimer(kSliceMs))) return;  // the timer calls again
    m_slices.stop();
    auto* watcher = new QFutureWatcher<Order>(this);  // deleted with the filter: a late result is dropped
    connect(watcher, &QFutureWatcher<Order>::finished, this, [this, watcher] {
        apply(watcher->result());
        watcher->deleteLater();
    });
    watcher->setFuture(QtConcurrent::run(&GalleryFilter::order, std::move(*m_pass), m_sortKey, m_order));
    m_pass.reset();
}

void GalleryFilter::apply(Order next) {
    if (next.generation != m_generation) return;  // a newer filter is on its way
    Q_EMIT layoutAboutToBeChanged();
    const QModelIndexList before = persistentIndexList();
    std::vector<int> sourceRows;
    for (const QModelIndex& i : before) sourceRows.push_back(i.isValid() ? m_rows[static_cast<size_t>(i.row())] : -1);

    m_rows = std::move(next.rows);
    m_position = std::move(next.position);
    const size_t read = m_position.size(), n = workspace() ? workspace()->size() : 0;
    m_position.resize(n, -1);
    for (size_t r = read; r < n; ++r) {  // landed after the pass: at the end, as they arrive
        if (!accepts(static_cast<int>(r))) continue;
        m_position[r] = static_cast<int>(m_rows.size());
        m_rows.push_back(static_cast<int>(r));
    }

    QModelIndexList after;
    for (int r : sourceRows)
        after << (r >= 0 && m_position[static_cast<size_t>(r)] >= 0 ? index(m_position[static_cast<size_t>(r)], 0) : QModelIndex());
    changePersistentIndexList(before, after);
    Q_EMIT layoutChanged();
    m_busy = false;
    Q_EMIT filtered();
}

void GalleryFilter::onReset() {
    // begin was called on the source's modelAboutToBeReset (or by setSourceModel)
    ++m_generation;  // a background filter of the old samples is dropped
    m_slices.stop();
    m_pass.reset();
    m_busy = false;
    m_scores.clear();
    m_looksInD.clear();
    if (workspace() && workspace()->size() > 0) readScores(0, static_cast<int>(workspace()->size()) - 1);
    Order now = computeNow();
    m_rows = std::move(now.rows);
    m_position = std::move(now.position);
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
