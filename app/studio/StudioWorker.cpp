#include "StudioWorker.h"

#include "core/Error.h"
#include "core/Job.h"
#include "core/Threads.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "data/WorkspaceLayout.h"
#include "explore/WorkspaceEmbedding.h"
#include "models/VisionLanguageModel.h"
#include "ops/Evaluate.h"

#include <ATen/ATen.h>

namespace synood::studio {

StudioWorker::StudioWorker() : m_token(std::make_shared<CancellationToken>()) {
    qRegisterMetaType<synood::widgets::EmbeddingPoints>();
    qRegisterMetaType<synood::widgets::EmbeddingMap>();
    qRegisterMetaType<QVector<synood::widgets::TestSetPoints>>();
}
StudioWorker::~StudioWorker() = default;

void StudioWorker::cancelCurrentJob() { m_token->cancel(); }

void StudioWorker::initialise(int threads) {
    try {
        configureThreads(threads);
        Q_EMIT ready(QString::fromStdString(computeDescription()));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

void StudioWorker::loadModel(const ops::ModelSource& source) {
    const QString packDir = QString::fromStdString(source.packDir);
    try {
        Q_EMIT progress(tr("load model"), 0, 1);
        const QString name = QString::fromStdString(m_models.vision(source).pack().name);
        Q_EMIT progress(tr("load model"), 1, 1);
        Q_EMIT modelLoaded(packDir, QString::fromStdString(source.device), name);
    } catch (const std::exception& e) {
        Q_EMIT progress(tr("load model"), 1, 1);
        Q_EMIT modelFailed(packDir, QString::fromUtf8(e.what()));
    }
}

void StudioWorker::computeEmbedding(const QString& workspaceDir, const ops::ModelSource& source, const QString& projection) {
    try {
        m_token->reset();
        Q_EMIT progress(tr("load model"), 0, 1);
        VisionLanguageModel& model = m_models.vision(source);
        const Workspace ws = Workspace::load(workspaceDir.toStdString());
        JobContext ctx;
        ctx.token = m_token;
        ctx.progress = [this](const Progress& p) { Q_EMIT progress(QString::fromStdString(p.stage), p.done, p.total); };
        const WorkspaceEmbedding e =
            embedWorkspace(model, ws, 80, ctx, projection == QLatin1String("umap") ? Projection2D::Umap : Projection2D::Pca);
        widgets::EmbeddingPoints points;
        points.groupNames = {tr("InD"), tr("OOD"), tr("synthesized")};
        for (size_t i = 0; i < ws.size(); ++i) {
            points.x.push_back(e.x[i]);
            points.y.push_back(e.y[i]);
            points.group.push_back(static_cast<int>(ws.sample(i).origin));
            points.score.push_back(e.score[i]);
        }
        if (e.basis.components.defined()) {
            const at::Tensor mean = e.basis.mean.to(at::kDouble).contiguous(), c = e.basis.components.to(at::kDouble).contiguous();
            const int64_t d = mean.numel();
            points.pcaMean = QVector<double>(mean.data_ptr<double>(), mean.data_ptr<double>() + d);
            points.pcaX = QVector<double>(c.data_ptr<double>(), c.data_ptr<double>() + d);
            points.pcaY = QVector<double>(c.data_ptr<double>() + d, c.data_ptr<double>() + 2 * d);
        } else {  // UMAP: new points are placed by their nearest samples
            const at::Tensor f = e.features.to(at::kFloat).contiguous();
            points.features = QVector<float>(f.data_ptr<float>(), f.data_ptr<float>() + f.numel());
            points.featureDim = static_cast<int>(f.size(1));
        }
        widgets::EmbeddingMap map;
        map.xMin = e.map.xMin;
        map.xMax = e.map.xMax;
        map.yMin = e.map.yMin;
        map.yMax = e.map.yMax;
        map.nx = e.map.nx;
        map.ny = e.map.ny;
        if (e.map.scores.defined()) {  // PCA only
            const at::Tensor values = e.map.scores.contiguous().to(at::kDouble);
            map.values = QVector<double>(values.data_ptr<double>(), values.data_ptr<double>() + values.numel());
        }
        map.threshold = e.threshold;
        map.bandLow = e.bandLow;
        map.bandHigh = e.bandHigh;
        m_embedding = std::make_unique<WorkspaceEmbedding>(e);
        m_embeddingDir = workspaceDir;
        m_embeddingSource = source;
        Q_EMIT embeddingReady(points, map);
    } catch (const Cancelled&) {
        Q_EMIT failed(tr("cancelled"));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

void StudioWorker::placeTestSets(const QString& workspaceDir, const QStringList& names, const QStringList& specs) {
    try {
        m_token->reset();
        if (!m_embedding || m_embeddingDir != workspaceDir) {
            throw SynoodError("the embeddings of this workspace are not computed yet", workspaceDir.toStdString(),
                              "View → Compute embeddings first");
        }
        VisionLanguageModel& model = m_models.vision(m_embeddingSource);
        JobContext ctx;
        ctx.token = m_token;
        ctx.progress = [this](const Progress& p) { Q_EMIT progress(QString::fromStdString(p.stage), p.done, p.total); };
        const WorkspaceLayout layout(workspaceDir.toStdString());
        QVector<widgets::TestSetPoints> sets;
        for (qsizetype i = 0; i < specs.size(); ++i) {
            const std::string spec = specs[i].toStdString();
            widgets::TestSetPoints set;
            set.data = openImageDataset(spec);
            const PlacedImages placed =
                placeImages(model, *m_embedding, *set.data, ops::featureCacheFile(layout.cacheDir(), "map:" + spec), ctx);
            set.name = names.value(i, specs[i]);
            set.spec = specs[i];
            for (size_t j = 0; j < placed.index.size(); ++j) {
                set.index.push_back(static_cast<int>(placed.index[j]));
                set.x.push_back(placed.x[j]);
                set.y.push_back(placed.y[j]);
                set.score.push_back(placed.score[j]);
            }
            sets.push_back(set);
        }
        Q_EMIT testSetsReady(sets);
    } catch (const Cancelled&) {
        Q_EMIT failed(tr("cancelled"));
    } catch (const std::exception& e) {
        Q_EMIT failed(QString::fromUtf8(e.what()));
    }
}

WorkerThread::WorkerThread() : m_worker(new StudioWorker) {
    m_thread.setObjectName(QStringLiteral("synood-worker"));
    m_worker->moveToThread(&m_thread);
    QObject::connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

WorkerThread::~WorkerThread() {
    m_worker->cancelCurrentJob();
    m_thread.quit();
    m_thread.wait();
}

}  // namespace synood::studio
