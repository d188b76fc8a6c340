#pragma once
// The workspace's samples as a flat list for the gallery. Thumbnails are decoded lazily, only for
// the rows a view asks to paint, and cached (bounded). Changing a sample's status or tags touches
// exactly those rows (dataChanged for each), never a reset of the view. Every change is written to
// the workspace file at once, one transaction per call; a change the file refused (a full disk, a
// lock held too long) changes nothing and is reported by writeFailed.
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

    // Writes samples into the workspace, then shows them with whatever other writers added: one
    // insertion, samplesAdded. False when the workspace refused them.
    bool appendSamples(const std::vector<Sample>& samples);
    // Shows the samples other programs (a `synood synth` run, a studio job) added to the file.
    // Cheap when there are none; returns how many were added.
    int refresh();
    bool setStatuses(const std::vector<int>& rows, const std::vector<Status>& statuses);
    bool setStatus(int row, Status status) { return setStatuses({row}, {status}); }
    bool setTags(const std::vector<int>& rows, const std::vector<QStringList>& tags);
    bool setTags(int row, const QStringList& tags) { return setTags(std::vector<int>{row}, std::vector<QStringList>{tags}); }
    // Sets score `name` of every row (values in row order): one dataChanged for all rows.
    bool setScores(const QString& name, const QVector<double>& values);

    // The score the gallery shows, filters and sorts by: the sample's first OOD score by name (e.g.
    // energy; looks_ind is not one), NaN when none.
    static double scoreOf(const Sample& s);
    static double looksInDOf(const Sample& s);  // ood/LooksInD.h; NaN when it has none

    ThumbnailLoader* thumbnailLoader() const { return m_loader; }
    static QSize thumbnailSize() { return {72, 72}; }

Q_SIGNALS:
    void sampleChanged(int row);               // after a curation change
    void scoresChanged();                      // after setScores
    void samplesAdded(int first, int count);   // after appendSamples or refresh
    void writeFailed(const QString& message);  // the workspace file refused a change; nothing changed
    void thumbnailLoaderChanged();

private:
    void resetLoader();
    bool validRows(const std::vector<int>& rows) const;
    void changed(const std::vector<int>& rows, const QList<int>& roles);
    void onThumbnailLoaded(int row, const QImage& image);

    Workspace* m_workspace = nullptr;
    ThumbnailLoader* m_loader;
    mutable QCache<int, QImage> m_thumbnails;  // row -> decoded thumbnail
    QImage m_placeholder;
    QImage m_broken;
};

}  // namespace synood::widgets
