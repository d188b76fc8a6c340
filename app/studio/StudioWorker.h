#pragma once
// The embeddings worker: encodes, projects and scores the workspace for the embeddings view, with a
// model of its own, on one long-lived QThread ("synood-worker"); the long jobs (synthesis, training,
// evaluation) run on the jobs thread (JobWorker). Only plain data crosses to the GUI thread. No
// torch headers here (moc).
#include "EmbeddingView.h"
#include "ops/ModelCache.h"

#include <QObject>
#include <QString>
#include <QThread>

#include <memory>

namespace synood {
class CancellationToken;
struct WorkspaceEmbedding;
}  // namespace synood

namespace synood::studio {

class StudioWorker : public QObject {
    Q_OBJECT
public:
    StudioWorker();
    ~StudioWorker() override;

    // Set directly from the GUI thread (not through a queued slot) so it acts mid-job.
    void cancelCurrentJob();

public Q_SLOTS:
    // Runs on the worker thread: sets the thread count there, reports the compute backend.
    void initialise(int threads);
    // Loads the source's vision-language model: modelLoaded, or modelFailed with the message, the
    // previous model kept.
    void loadModel(const synood::ops::ModelSource& source);
    // Encodes every sample of the saved workspace with the source's model (cached), projects to the
    // PCA plane and maps the energy score over it: embeddingReady, or failed with the message.
    // projection: "pca" (with the boundary map) or "umap".
    void computeEmbedding(const QString& workspaceDir, const synood::ops::ModelSource& source,
                          const QString& projection = QStringLiteral("pca"));
    // Places evaluation sets (names[i] = specs[i], e.g. near = demo:near) in the plane last computed
    // for workspaceDir, each image scored as its samples were: testSetsReady, or failed.
    void placeTestSets(const QString& workspaceDir, const QStringList& names, const QStringList& specs);

Q_SIGNALS:
    void ready(const QString& description);
    void failed(const QString& message);
    void progress(const QString& stage, qlonglong done, qlonglong total);
    void modelLoaded(const QString& packDir, const QString& device, const QString& name);
    void modelFailed(const QString& packDir, const QString& message);
    void embeddingReady(const synood::widgets::EmbeddingPoints& points, const synood::widgets::EmbeddingMap& map);
    void testSetsReady(const QVector<synood::widgets::TestSetPoints>& sets);

private:
    std::shared_ptr<CancellationToken> m_token;
    ops::ModelCache m_models;
    // The plane last computed (and for what), where test sets are placed.
    std::unique_ptr<WorkspaceEmbedding> m_embedding;
    QString m_embeddingDir;
    ops::ModelSource m_embeddingSource;
};

// Owns the worker thread; quit() + wait() on destruction.
class WorkerThread {
public:
    WorkerThread();
    ~WorkerThread();
    StudioWorker* worker() const { return m_worker; }

private:
    QThread m_thread;
    StudioWorker* m_worker;
};

}  // namespace synood::studio

Q_DECLARE_METATYPE(synood::widgets::EmbeddingPoints)
Q_DECLARE_METATYPE(synood::widgets::EmbeddingMap)
Q_DECLARE_METATYPE(QVector<synood::widgets::TestSetPoints>)
