#pragma once
// The studio's long jobs — guided synthesis (one seed watched live, or a batch), fine-tuning and
// evaluation — run here, one at a time, on their own thread ("synood-jobs"), so the embeddings
// worker and the GUI stay free. Each job has an id (JobRunner::enqueue returns it); every signal
// names the job it belongs to, so a panel acts on its own jobs only. The jobs share one model cache.
// The requests are the operations' own (backend/ops), declared here only (moc reads no torch headers).
#include "FailureLists.h"

#include <QImage>
#include <QObject>
#include <QStringList>
#include <QThread>
#include <QVector>

#include <deque>
#include <functional>
#include <memory>

namespace synood {
class CancellationToken;
struct JobContext;
}  // namespace synood
namespace synood::ops {
class ModelCache;
struct EvaluationRequest;
struct SynthesisRequest;
struct TrainingRequest;
}  // namespace synood::ops

namespace synood::studio {

using JobId = quint64;  // 0: no job
enum class JobOutcome { Finished, Failed, Cancelled };

// One method's evaluation as plain data (see backend/ops/Evaluate.h).
struct EvaluatedMethod {
    QString method, score;
    QVector<double> indScores;
    struct Set {
        QString name;
        QVector<double> scores, rocFpr, rocTpr;
        double auroc = 0, fpr95 = 0, auprIn = 0, auprOut = 0;
    };
    QVector<Set> sets;
    double auroc = 0, fpr95 = 0, auprIn = 0, auprOut = 0;  // averages
};
struct EvaluationResult {
    QVector<EvaluatedMethod> methods;
    FailureLists failures;  // empty when the request asked for none
    QString json;           // the report, as `synood eval` writes it (eval.json)
};

class JobWorker : public QObject {
    Q_OBJECT
public:
    JobWorker();
    ~JobWorker() override;

    // From the GUI thread, acting mid-job: cancel, pause at the next step, resume.
    void cancel();
    void prepare();  // before a job starts: neither cancelled nor paused
    void setPaused(bool paused);
    bool isPaused() const;

    // On the jobs thread (JobRunner queues them). live: report every step's predicted x0 (the first
    // sample of each batch).
    void synthesize(JobId id, const ops::SynthesisRequest& request, bool live);
    void train(JobId id, const ops::TrainingRequest& request);
    void evaluate(JobId id, const ops::EvaluationRequest& request);

Q_SIGNALS:
    void progress(synood::studio::JobId id, const QString& stage, qlonglong done, qlonglong total);
    // Synthesis: every step (live requests only), every batch written, the end.
    void synthesisStep(synood::studio::JobId id, const QString& sampleId, int iteration, int iterations, int step, int steps, double score,
                       const QImage& predictedX0);
    void synthesisFeatures(synood::studio::JobId id, const QVector<float>& features);  // the same step's x0 in feature space
    void samplesLanded(synood::studio::JobId id, const QString& workspaceDir, int done, int total);
    void synthesisFinished(synood::studio::JobId id, const QString& workspaceDir, int written, int inBand, double target);
    void trainingStep(synood::studio::JobId id, const QString& stage, qlonglong step, qlonglong total, double loss, double accuracy);
    // Validation (held-out seeds' samples against InD samples that seed nothing) at each checkpoint,
    // and the checkpoint each stage kept.
    void trainingCheckpoint(synood::studio::JobId id, const QString& stage, qlonglong step, double auroc, double accuracy);
    void checkpointChosen(synood::studio::JobId id, const QString& stage, qlonglong step);
    void trainingFinished(synood::studio::JobId id, const QString& summary, const QString& adapterPath);
    void evaluationReady(synood::studio::JobId id, const synood::studio::EvaluationResult& result);
    // The end of every job, after its result: finished, failed (message: why) or cancelled.
    void ended(synood::studio::JobId id, synood::studio::JobOutcome outcome, const QString& message);

private:
    // Runs body with a context on this worker's token (progress forwarded with the id), then emits
    // ended(id, ...): Cancelled → cancelled, any other exception → failed with its message.
    void runJob(JobId id, const std::function<void(JobContext&)>& body);

    std::shared_ptr<CancellationToken> m_token;
    std::unique_ptr<ops::ModelCache> m_models;
};

// Owns the jobs thread and queues jobs for it: one runs at a time, the next starts when it ends.
// Cancels, quits and waits on destruction.
class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;
    JobWorker* worker() const { return m_worker; }

    // `start` is called on the GUI thread when the job's turn comes, with the job's id; it must
    // queue one of the worker's job functions (see queueOnWorker). label names the job in the status.
    JobId enqueue(const QString& label, std::function<void(JobWorker*, JobId)> start);
    // Runs f on the jobs thread.
    void queueOnWorker(std::function<void()> f);
    bool busy() const { return m_current != 0; }
    JobId current() const { return m_current; }
    QString currentLabel() const { return m_currentLabel; }
    int waiting() const { return static_cast<int>(m_queue.size()); }
    // Cancels this job only: the running one stops at its next check, a waiting one is dropped
    // (ended(id, Cancelled) either way). Unknown or ended ids are ignored.
    void cancel(JobId id);
    // Cancels the running job and drops the waiting ones.
    void cancelAll();
    // Cancels the running job, waits for the thread to finish (closing the window); restart() runs
    // the thread again (the window stayed open after all).
    void shutDown();
    void restart();

Q_SIGNALS:
    void stateChanged();  // busy, current or waiting changed
    void started(synood::studio::JobId id);
    // Every job's end, waiting ones dropped by a cancel included; label as enqueued.
    void ended(synood::studio::JobId id, synood::studio::JobOutcome outcome, const QString& label, const QString& message);

private:
    struct Queued {
        JobId id;
        QString label;
        std::function<void(JobWorker*, JobId)> start;
    };
    void workerEnded(JobId id, JobOutcome outcome, const QString& message);
    void startNext();

    QThread m_thread;
    JobWorker* m_worker;
    std::deque<Queued> m_queue;
    JobId m_nextId = 1, m_current = 0;
    QString m_currentLabel;
};

}  // namespace synood::studio

Q_DECLARE_METATYPE(synood::studio::JobOutcome)
Q_DECLARE_METATYPE(synood::studio::EvaluationResult)
