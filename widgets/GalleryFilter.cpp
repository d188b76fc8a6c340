#include "GalleryFilter.h"

#include "GalleryModel.h"

#include <cmath>

namespace synood::widgets {

GalleryFilter::GalleryFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    setDynamicSortFilter(false);  // curation must not make rows jump or vanish under the cursor
}

void GalleryFilter::setOrigin(const QString& v) {
    m_origin = v;
    invalidateFilter();
}
void GalleryFilter::setStatus(const QString& v) {
    m_status = v;
    invalidateFilter();
}
void GalleryFilter::setClassName(const QString& v) {
    m_class = v;
    invalidateFilter();
}
void GalleryFilter::setTag(const QString& v) {
    m_tag = v;
    invalidateFilter();
}
void GalleryFilter::setText(const QString& v) {
    m_text = v.trimmed();
    invalidateFilter();
}

void GalleryFilter::setScoreRange(double low, double high) {
    m_low = low;
    m_high = high;
    invalidateFilter();
}

bool GalleryFilter::scoreRangeOpen() const { return std::isinf(m_low) && std::isinf(m_high); }

void GalleryFilter::setSortKey(SortKey key, Qt::SortOrder order) {
    m_sortKey = key;
    if (key == SortKey::Workspace) {
        sort(-1);  // back to the source order
    } else {
        sort(0, order);
    }
}

bool GalleryFilter::filterAcceptsRow(int sourceRow, const QModelIndex& parent) const {
    const QModelIndex i = sourceModel()->index(sourceRow, 0, parent);
    const auto role = [&](int r) { return sourceModel()->data(i, r); };
    if (!m_origin.isEmpty() && role(GalleryModel::OriginRole).toString() != m_origin) return false;
    if (!m_status.isEmpty() && role(GalleryModel::StatusRole).toString() != m_status) return false;
    if (!m_class.isEmpty() && role(GalleryModel::ClassRole).toString() != m_class) return false;
    if (!m_tag.isEmpty() && !role(GalleryModel::TagsRole).toStringList().contains(m_tag)) return false;
    if (!m_text.isEmpty()) {
        const bool found = role(GalleryModel::IdRole).toString().contains(m_text, Qt::CaseInsensitive) ||
                           role(GalleryModel::ClassRole).toString().contains(m_text, Qt::CaseInsensitive) ||
                           role(GalleryModel::PromptRole).toString().contains(m_text, Qt::CaseInsensitive);
        if (!found) return false;
    }
    if (!scoreRangeOpen()) {
        const double score = role(GalleryModel::ScoreRole).toDouble();
        if (std::isnan(score) || score < m_low || score > m_high) return false;
    }
    return true;
}

bool GalleryFilter::lessThan(const QModelIndex& left, const QModelIndex& right) const {
    const auto value = [&](const QModelIndex& i, int r) { return sourceModel()->data(i, r); };
    switch (m_sortKey) {
    case SortKey::Class: {
        const int c =
            QString::localeAwareCompare(value(left, GalleryModel::ClassRole).toString(), value(right, GalleryModel::ClassRole).toString());
        return c != 0 ? c < 0 : left.row() < right.row();
    }
    case SortKey::Status: {
        const QString a = value(left, GalleryModel::StatusRole).toString(), b = value(right, GalleryModel::StatusRole).toString();
        return a != b ? a < b : left.row() < right.row();
    }
    case SortKey::Score: {
        const double a = value(left, GalleryModel::ScoreRole).toDouble(), b = value(right, GalleryModel::ScoreRole).toDouble();
        // Samples without a score last in either order (Qt reverses lessThan for descending sorts).
        if (std::isnan(a) != std::isnan(b)) return sortOrder() == Qt::AscendingOrder ? std::isnan(b) : std::isnan(a);
        return a != b && !std::isnan(a) ? a < b : left.row() < right.row();
    }
    case SortKey::Workspace: break;
    }
    return left.row() < right.row();
}

}  // namespace synood::widgets
