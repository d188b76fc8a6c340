#include "JobWorker.h"

#include "MatImage.h"
#include "core/Error.h"
#include "core/Job.h"
#include "data/ImageDataset.h"
#include "data/WorkspaceLayout.h"
#include "ops/Evaluate.h"
#include "ops/ModelCache.h"
#include "ops/Synthesize.h"
#include "ops/Train.h"

#include <ATen/ATen.h>

#include <cstring>

namespace synood::studio {
namespace {

// [C, H, W] float in [0, 1] → an 8-bit image (gray or RGB).
QImage tensorToQImage(const at::Tensor& chw) {
    const at::Tensor u8 = (chw.clamp(0, 1) * 255).round().to(at::kByte).permute({1, 2, 0}).contiguous();
    const int h = static_cast<int>(u8.size(0)), w = static_cast<int>(u8.size(1)), c = static_cast<int>(u8.size(2));
    QImage image(w, h, c == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < h; ++y)
        std::memcpy(image.scanLine(y), u8.data_ptr<uint8_t>() + static_cast<size_t>(y) * w * c, static_cast<size_t>(w) * c);
    return image;
}

// The report's failures with each listed image's picture (from its dataset).
FailureLists failureListsOf(const FailureReport& report, const ops::EvaluationRequest& request) {
    FailureLists lists;
    lists.score = QString::fromStdString(report.score);
    lists.method = QString::fromStdString(report.method);
    lists.comparedToZeroShot = report.comparedToZeroShot;
    lists.hasPool = report.hasPool;
    const std::unique_ptr<ImageDataset> ind = openImageDataset(request.indSpec);
    const auto items = [&](const std::vector<FailureImage>& images, const ImageDataset& data) {
        QVector<FailureItem> out;
        for (const FailureImage& f : images) {
            FailureItem item{
                QString::fromStdString(f.image), static_cast<int>(f.index), f.score, f.scoreZeroShot, toQImage(data.load(f.index)), {}};
            for (const Neighbour& n : f.nearest) {
                item.nearest.push_back({QString::fromStdString(n.id), QString::fromStdString(n.image), n.synthesized, n.distance});
            }
            out << item;
        }
        return out;
    };
    for (size_t i = 0; i < report.sets.size(); ++i) {
        const SetFailures& f = report.sets[i];
        const std::unique_ptr<ImageDataset> ood = openImageDataset(request.oodSets.at(i).second);
        SetFailureLists set;
        set.name = QString::fromStdString(f.name);
        set.threshold = f.threshold;
        set.nInd = static_cast<qlonglong>(f.nInd);
        set.nOod = static_cast<qlonglong>(f.nOod);
        set.falsePositiveCount = static_cast<qlonglong>(f.falsePositiveCount);
        set.falseNegativeCount = static_cast<qlonglong>(f.falseNegativeCount);
        set.oodFixed = static_cast<qlonglong>(f.oodFixed);
        set.oodBroken = static_cast<qlonglong>(f.oodBroken);
        set.indFixed = static_cast<qlonglong>(f.indFixed);
        set.indBroken = static_cast<qlonglong>(f.indBroken);
        set.falsePositives = items(f.falsePositives, *ood);
        set.falseNegatives = items(f.falseNegatives, *ind);
        set.fixed = items(f.fixed, *ood);
        set.broken = items(f.broken, *ood);
        set.synthesizedNearestShare = f.coverage.synthesizedNearestShare;
        set.falsePositivesToSynthesized = f.coverage.falsePositivesToSynthesized.median;
        set.falsePositivesToInD = f.coverage.falsePositivesToInD.median;
        set.oodToSynthesized = f.coverage.oodToSynthesized.median;
        lists.sets << set;
    }
    return lists;
}

QVector<double> toQVector(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

EvaluatedMethod toEvaluatedMethod(const MethodEvaluation& m) {
    EvaluatedMethod em;
    em.method = QString::fromStdString(m.method);
    em.score = QString::fromStdString(m.score);
    em.indScores = toQVector(m.indScores);
    for (const SetEvaluation& s : m.sets) {
        EvaluatedMethod::Set set;
        set.name = QString::fromStdString(s.name);
        set.scores = toQVector(s.scores);
        for (const RocPoint& p : s.roc) {
            set.rocFpr << p.fpr;
            set.rocTpr << p.tpr;
        }
        set.auroc = s.metrics.auroc;
        set.fpr95 = s.metrics.fpr95;
        set.auprIn = s.metrics.auprIn;
        set.auprOut = s.metrics.auprOut;
        em.sets << set;
    }
    em.auroc = m.average.auroc;
    em.fpr95 = m.average.fpr95;
    em.auprIn = m.average.auprIn;
    em.auprOut = m.average.auprOut;
    return em;
}

QString trainingSummary(const WorkspaceFineTuneResult& result, const FineTuneOptions& o) {
    QString summary = JobWorker::tr("trained on %1 InD and %2 synthesized samples (%3)")
                          .arg(result.indSamples)
                          .arg(result.synthesizedSamples)
                          .arg(result.usedAccepted ? JobWorker::tr("the accepted ones") : JobWorker::tr("the near-boundary ones"));
    if (o.stageA)
        summary += JobWorker::tr("; stage A: loss %1, accuracy %2").arg(result.a.loss, 0, 'f', 4).arg(result.a.accuracy, 0, 'f', 3);
    if (o.stageB)
        summary += JobWorker::tr("; stage B: loss %1, accuracy %2").arg(result.b.loss, 0, 'f', 4).arg(result.b.accuracy, 0, 'f', 3);
    if (result.validationOod > 0) {
        summary += JobWorker::tr(
                       "; checkpoints chosen on validation (%1 held-out synthesized against %2 InD samples): stage A step %3, "
                       "stage B step %4")
                       .arg(result.validationOod)
                       .arg(result.validationInD)
                       .arg(o.stageA ? QString::number(result.a.chosenStep) : QStringLiteral("-"))
                       .arg(o.stageB ? QString::number(result.b.chosenStep) : QStringLiteral("-"));
    } else {
        summary += JobWorker::tr("; no validation (too few seeds to hold one out): the last step kept");
    }
    if (result.synthesizedSamples < kFewSynthesizedSamples) {
        summary += JobWorker::tr(". Warning: only %1 synthesized sample(s), too few for the result to mean much; synthesize at least %2")
                       .arg(result.synthesizedSamples)
                       .arg(kFewSynthesizedSamples);
    }
    return summary;
}

}  // namespace

JobWorker::JobWorker() : m_token(std::make_shared<CancellationToken>()), m_models(std::make_unique<ops::ModelCache>()) {
    qRegisterMetaType<JobId>("synood::studio::JobId");
    qRegisterMetaType<JobOutcome>();
    qRegisterMetaType<EvaluationResult>();
}
JobWorker::~JobWorker() = default;

void JobWorker::cancel() { m_token->cancel(); }
void JobWorker::prepare() { m_token->reset(); }
void JobWorker::setPaused(bool paused) { m_token->setPaused(paused); }
bool JobWorker::isPaused() const { return m_token->isPaused(); }

void JobWorker::runJob(JobId id, const std::function<void(JobContext&)>& body) {
    try {
        JobContext ctx;
        ctx.token = m_token;
        ctx.progress = [this, id](const Progress& p) { Q_EMIT progress(id, QString::fromStdString(p.stage), p.done, p.total); };
        body(ctx);
        Q_EMIT ended(id, JobOutcome::Finished, QString());
    } catch (const Cancelled&) {
        Q_EMIT ended(id, JobOutcome::Cancelled, QString());
    } catch (const std::exception& e) {
        Q_EMIT ended(id, JobOutcome::Failed, QString::fromUtf8(e.what()));
    }
}

void JobWorker::synthesize(JobId id, const ops::SynthesisRequest& request, bool live) {
    runJob(id, [&](JobContext& ctx) {
        ops::SynthesisRequest r = request;
        const QString workspaceDir = QString::fromStdString(r.run.workspaceDir);
        if (live) {
            r.run.onLive = [this, id](const SynthesisLive& l) {
                Q_EMIT synthesisStep(id, QString::fromStdString(l.sampleId), l.iteration, l.iterations, l.step, l.steps, l.score,
                                     tensorToQImage(l.pixels));
                Q_EMIT synthesisFeatures(id,
                                         QVector<float>(l.features.data_ptr<float>(), l.features.data_ptr<float>() + l.features.numel()));
            };
        }
        ctx.progress = [this, id, workspaceDir](const Progress& p) {
            Q_EMIT progress(id, QString::fromStdString(p.stage), p.done, p.total);
            if (p.stage == "synthesize") Q_EMIT samplesLanded(id, workspaceDir, static_cast<int>(p.done), static_cast<int>(p.total));
        };
        const SynthRunResult result = ops::synthesize(r, *m_models, ctx);
        Q_EMIT synthesisFinished(id, workspaceDir, result.written, result.inBand, result.target);
    });
}

void JobWorker::train(JobId id, const ops::TrainingRequest& request) {
    runJob(id, [&](JobContext& ctx) {
        ops::TrainingRequest r = request;
        r.options.onStep = [this, id](const TrainingStep& s) {
            Q_EMIT trainingStep(id, QString::fromStdString(s.stage), s.step, s.total, s.loss, s.accuracy);
        };
        r.options.onCheckpoint = [this, id](const std::string& stage, int64_t step, const Validation& v) {
            Q_EMIT trainingCheckpoint(id, QString::fromStdString(stage), step, v.auroc, v.accuracy);
        };
        const WorkspaceFineTuneResult result = ops::train(r, *m_models, ctx);
        if (result.validationOod > 0) {
            if (r.options.stageA) Q_EMIT checkpointChosen(id, QStringLiteral("stage A"), result.a.chosenStep);
            if (r.options.stageB) Q_EMIT checkpointChosen(id, QStringLiteral("stage B"), result.b.chosenStep);
        }
        Q_EMIT trainingFinished(id, trainingSummary(result, r.options), QString::fromStdString(result.adapterPath));
    });
}

void JobWorker::evaluate(JobId id, const ops::EvaluationRequest& request) {
    runJob(id, [&](JobContext& ctx) {
        const ops::EvaluationReport report = ops::evaluate(request, *m_models, ctx);
        EvaluationResult result;
        for (const MethodEvaluation& m : report.methods) result.methods << toEvaluatedMethod(m);
        if (report.failures) result.failures = failureListsOf(*report.failures, request);
        result.json = QString::fromStdString(report.toJson().dump(2) + "\n");
        Q_EMIT evaluationReady(id, result);
    });
}

JobRunner::JobRunner(QObject* parent) : QObject(parent), m_worker(new JobWorker) {
    m_thread.setObjectName(QStringLiteral("synood-jobs"));
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &JobWorker::ended, this, &JobRunner::workerEnded);
    m_thread.start();
}

JobRunner::~JobRunner() {
    shutDown();
    delete m_worker;  // its thread has finished: nothing else can touch it
}

JobId JobRunner::enqueue(const QString& label, std::function<void(JobWorker*, JobId)> start) {
    const JobId id = m_nextId++;
    m_queue.push_back({id, label, std::move(start)});
    if (!busy()) startNext();
    Q_EMIT stateChanged();
    return id;
}

void JobRunner::queueOnWorker(std::function<void()> f) { QMetaObject::invokeMethod(m_worker, std::move(f), Qt::QueuedConnection); }

void JobRunner::startNext() {
    if (m_queue.empty()) return;
    Queued next = std::move(m_queue.front());
    m_queue.pop_front();
    m_current = next.id;
    m_currentLabel = next.label;
    m_worker->prepare();  // here, not on the jobs thread: a cancel right after the start must hold
    Q_EMIT started(next.id);
    next.start(m_worker, next.id);
    Q_EMIT stateChanged();
}

void JobRunner::workerEnded(JobId id, JobOutcome outcome, const QString& message) {
    const QString label = id == m_current ? m_currentLabel : QString();
    if (id == m_current) {
        m_current = 0;
        m_currentLabel.clear();
    }
    Q_EMIT ended(id, outcome, label, message);
    if (!busy()) startNext();
    Q_EMIT stateChanged();
}

void JobRunner::cancel(JobId id) {
    if (id == 0) return;
    if (id == m_current) {
        m_worker->cancel();
        return;
    }
    for (auto it = m_queue.begin(); it != m_queue.end(); ++it) {
        if (it->id != id) continue;
        const QString label = it->label;
        m_queue.erase(it);
        Q_EMIT ended(id, JobOutcome::Cancelled, label, QString());
        Q_EMIT stateChanged();
        return;
    }
}

void JobRunner::cancelAll() {
    std::deque<Queued> dropped;
    dropped.swap(m_queue);
    for (const Queued& q : dropped) Q_EMIT ended(q.id, JobOutcome::Cancelled, q.label, QString());
    m_worker->cancel();
    Q_EMIT stateChanged();
}

void JobRunner::shutDown() {
    if (!m_thread.isRunning()) return;
    m_queue.clear();
    m_worker->cancel();
    m_thread.quit();
    m_thread.wait();
    m_current = 0;
    m_currentLabel.clear();
}

void JobRunner::restart() {
    if (!m_thread.isRunning()) m_thread.start();
    Q_EMIT stateChanged();
}

}  // namespace synood::studio
