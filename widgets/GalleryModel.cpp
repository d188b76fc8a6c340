#include "GalleryModel.h"

#include "ThumbnailLoader.h"
#include "ood/LooksInD.h"

#include <QPainter>

#include <algorithm>
#include <limits>

namespace synood::widgets {

namespace {
QImage filled(QSize size, QColor color, const QString& text = {}) {
    QImage img(size, QImage::Format_RGB32);
    img.fill(color);
    if (!text.isEmpty()) {
        QPainter p(&img);
        p.setPen(Qt::white);
        p.drawText(img.rect(), Qt::AlignCenter, text);
    }
    return img;
}

QStringList toQStringList(const std::vector<std::string>& v) {
    QStringList out;
    out.reserve(static_cast<int>(v.size()));
    for (const auto& s : v) out << QString::fromStdString(s);
    return out;
}
}  // namespace

GalleryModel::GalleryModel(QObject* parent)
    : QAbstractListModel(parent),
      m_loader(nullptr),
      m_thumbnails(4000),  // ~20 MB of 72x72 ARGB thumbnails
      m_placeholder(filled(thumbnailSize(), QColor(60, 60, 60))),
      m_broken(filled(thumbnailSize(), QColor(120, 30, 30), tr("unreadable"))) {
    resetLoader();
}

void GalleryModel::resetLoader() {
    // Deleting the old loader waits for its in-flight decodes and drops their queued results,
    // so no thumbnail of a previous workspace lands on a row of the new one.
    delete m_loader;
    m_loader = new ThumbnailLoader(thumbnailSize(), this);
    connect(m_loader, &ThumbnailLoader::loaded, this, &GalleryModel::onThumbnailLoaded);
    Q_EMIT thumbnailLoaderChanged();
}

GalleryModel::~GalleryModel() = default;

void GalleryModel::setWorkspace(Workspace* workspace) {
    beginResetModel();
    resetLoader();
    m_thumbnails.clear();
    m_workspace = workspace;
    endResetModel();
}

int GalleryModel::rowCount(const QModelIndex& parent) const {
    if (parent.isValid() || !m_workspace) return 0;
    return static_cast<int>(m_workspace->size());
}

QVariant GalleryModel::data(const QModelIndex& index, int role) const {
    if (!m_workspace || !index.isValid() || index.row() >= rowCount()) return {};
    const int row = index.row();
    const Sample& s = m_workspace->sample(static_cast<size_t>(row));
    switch (role) {
    case Qt::DisplayRole: return s.className.empty() ? QString::fromStdString(s.id) : QString::fromStdString(s.className);
    case Qt::DecorationRole: {
        if (const QImage* cached = m_thumbnails.object(row)) return *cached;
        m_loader->request(row, QString::fromStdString(m_workspace->absoluteImagePath(s)));
        return m_placeholder;
    }
    case Qt::ToolTipRole:
        return tr("%1 · %2 · %3\n%4")
            .arg(QString::fromStdString(s.id), QString::fromLatin1(toString(s.origin)), QString::fromLatin1(toString(s.status)),
                 QString::fromStdString(s.image));
    case IdRole: return QString::fromStdString(s.id);
    case OriginRole: return QString::fromLatin1(toString(s.origin));
    case ClassRole: return QString::fromStdString(s.className);
    case StatusRole: return QString::fromLatin1(toString(s.status));
    case TagsRole: return toQStringList(s.tags);
    case PathRole: return QString::fromStdString(m_workspace->absoluteImagePath(s));
    case ThumbnailReadyRole: return m_thumbnails.contains(row);
    case ScoreRole: return scoreOf(s);
    case PromptRole: return QString::fromStdString(s.provenance.value("prompt", std::string()));
    default: return {};
    }
}

double GalleryModel::scoreOf(const Sample& s) {
    for (const auto& [name, value] : s.scores) {
        if (name != kLooksInDScore) return value;
    }
    return std::numeric_limits<double>::quiet_NaN();
}

double GalleryModel::looksInDOf(const Sample& s) {
    const auto it = s.scores.find(kLooksInDScore);
    return it == s.scores.end() ? std::numeric_limits<double>::quiet_NaN() : it->second;
}

QHash<int, QByteArray> GalleryModel::roleNames() const {
    auto names = QAbstractListModel::roleNames();
    names[IdRole] = "id";
    names[OriginRole] = "origin";
    names[ClassRole] = "className";
    names[StatusRole] = "status";
    names[TagsRole] = "tags";
    names[PathRole] = "path";
    return names;
}

bool GalleryModel::appendSamples(const std::vector<Sample>& samples) {
    if (!m_workspace || samples.empty()) return false;
    try {
        m_workspace->insert(samples);
    } catch (const std::exception& e) {
        Q_EMIT writeFailed(QString::fromUtf8(e.what()));
        return false;
    }
    refresh();
    return true;
}

int GalleryModel::refresh() {
    if (!m_workspace) return 0;
    Workspace::NewSamples fresh;
    try {
        fresh = m_workspace->readNew();
    } catch (const std::exception& e) {
        Q_EMIT writeFailed(QString::fromUtf8(e.what()));
        return 0;
    }
    if (fresh.samples.empty()) return 0;
    const int first = rowCount(), count = static_cast<int>(fresh.samples.size());
    beginInsertRows({}, first, first + count - 1);
    m_workspace->append(std::move(fresh));
    endInsertRows();
    Q_EMIT samplesAdded(first, count);
    return count;
}

bool GalleryModel::validRows(const std::vector<int>& rows) const {
    return m_workspace && std::all_of(rows.begin(), rows.end(), [this](int r) { return r >= 0 && r < rowCount(); });
}

void GalleryModel::changed(const std::vector<int>& rows, const QList<int>& roles) {
    for (const int row : rows) {
        const QModelIndex idx = index(row);
        Q_EMIT dataChanged(idx, idx, roles);
        Q_EMIT sampleChanged(row);
    }
}

bool GalleryModel::setStatuses(const std::vector<int>& rows, const std::vector<Status>& statuses) {
    if (!validRows(rows) || rows.size() != statuses.size()) return false;
    std::vector<size_t> changing;
    std::vector<Status> to;
    std::vector<int> shown;
    for (size_t i = 0; i < rows.size(); ++i) {
        if (m_workspace->sample(static_cast<size_t>(rows[i])).status == statuses[i]) continue;
        changing.push_back(static_cast<size_t>(rows[i]));
        to.push_back(statuses[i]);
        shown.push_back(rows[i]);
    }
    if (changing.empty()) return true;
    try {
        m_workspace->setStatuses(changing, to);
    } catch (const std::exception& e) {
        Q_EMIT writeFailed(QString::fromUtf8(e.what()));
        return false;
    }
    changed(shown, {StatusRole, Qt::ToolTipRole});
    return true;
}

bool GalleryModel::setTags(const std::vector<int>& rows, const std::vector<QStringList>& tags) {
    if (!validRows(rows) || rows.size() != tags.size()) return false;
    std::vector<size_t> at;
    std::vector<std::vector<std::string>> to;
    for (size_t i = 0; i < rows.size(); ++i) {
        at.push_back(static_cast<size_t>(rows[i]));
        std::vector<std::string> list;
        for (const auto& t : tags[i]) list.push_back(t.toStdString());
        to.push_back(std::move(list));
    }
    try {
        m_workspace->setTags(at, to);
    } catch (const std::exception& e) {
        Q_EMIT writeFailed(QString::fromUtf8(e.what()));
        return false;
    }
    changed(rows, {TagsRole});
    return true;
}

bool GalleryModel::setScores(const QString& name, const QVector<double>& values) {
    if (!m_workspace || values.size() != rowCount()) return false;
    try {
        m_workspace->setScores(name.toStdString(), std::vector<double>(values.begin(), values.end()));
    } catch (const std::exception& e) {
        Q_EMIT writeFailed(QString::fromUtf8(e.what()));
        return false;
    }
    if (rowCount() > 0) Q_EMIT dataChanged(index(0), index(rowCount() - 1), {ScoreRole});
    Q_EMIT scoresChanged();
    return true;
}

void GalleryModel::onThumbnailLoaded(int row, const QImage& image) {
    if (!m_workspace || row >= rowCount()) return;
    m_thumbnails.insert(row, new QImage(image.isNull() ? m_broken : image));
    const QModelIndex idx = index(row);
    Q_EMIT dataChanged(idx, idx, {Qt::DecorationRole, ThumbnailReadyRole});
}

}  // namespace synood::widgets
