#pragma once
// The workspace's samples as a flat list for the gallery. Thumbnails are decoded lazily, only for
// the rows a view asks to paint, and cached (bounded). Changing a sample's status or tags touches
// exactly one row (dataChanged for that row), never a reset of the view.
#include "data/Workspace.h"

#include <QAbstractListModel>
#include <QCache>
#include <QImage>

namespace synood::widgets {

class ThumbnailLoader;

class GalleryModel : public QAbstractListModel {
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        OriginRole,  // QString: ind / ood / synthesized
        ClassRole,
        StatusRole,          // QString: pending / accepted / rejected
        TagsRole,            // QStringList
        PathRole,            // absolute image path
        ThumbnailReadyRole,  // bool: decoded and cached
        ScoreRole,           // double: the sample's score (its first score, e.g. energy), NaN when it has none
        PromptRole,          // QString: the synthesis prompt, empty for other samples
    };

    explicit GalleryModel(QObject* parent = nullptr);
    ~GalleryModel() override;

    // The model does not own the workspace; it must outlive the model or be replaced first.
    void setWorkspace(Workspace* workspace);
    Workspace* workspace() const { return m_workspace; }

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds samples at the end (synthesis results as they land): one insertion, samplesAdded.
    void appendSamples(std::vector<Sample> samples);
    void setStatus(int row, Status status);
    void setTags(int row, const QStringList& tags);
    // Sets score `name` of every row (values in row order): one dataChanged for all rows.
    void setScores(const QString& name, const QVector<double>& values);

    ThumbnailLoader* thumbnailLoader() const { return m_loader; }
    static QSize thumbnailSize() { return {72, 72}; }

Q_SIGNALS:
    void sampleChanged(int row);              // after a curation change, for autosave
    void scoresChanged();                     // after setScores, for autosave
    void samplesAdded(int first, int count);  // after appendSamples, for autosave
    void thumbnailLoaderChanged();

private:
    void resetLoader();
    void onThumbnailLoaded(int row, const QImage& image);

    Workspace* m_workspace = nullptr;
    ThumbnailLoader* m_loader;
    mutable QCache<int, QImage> m_thumbnails;  // row -> decoded thumbnail
    QImage m_placeholder;
    QImage m_broken;
};

}  // namespace synood::widgets
