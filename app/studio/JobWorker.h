#pragma once
// The studio's long jobs — guided synthesis (one seed watched live, or a batch), fine-tuning and
// evaluation — run here, one at a time, on their own thread ("synood-jobs"), so the embeddings
// worker and the GUI stay free. Plain data crosses to the GUI thread; no torch headers (moc).
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
class VisionLanguageModel;
}

namespace synood::studio {

struct SynthesisRequest {
    QString workspaceDir, packDir, device = QStringLiteral("cpu");
    QStringList seedIds;
    int perSeed = 1, batchSize = 1;
    bool live = false;  // report every step's predicted x0 (the first sample of each batch)
    QString shard = QStringLiteral("studio");  // samples go to W/shards/<shard>
    QString promptSource = QStringLiteral("wordnet"), promptText, mask = QStringLiteral("whole");
    QString mllmUrl, mllmModel, mllmKeyVariable = QStringLiteral("OPENAI_API_KEY");
    int steps = 20, iterations = 3;
    double strength = 0.6, cfg = 8.0, learningRate = 10.0;
    bool autoTarget = true;
    double target = -5.0;
    QString score = QStringLiteral("energy");
    double bandLow = 0.01, bandHigh = 0.10;
    quint64 runSeed = 0;
};

struct TrainingRequest {
    QString workspaceDir, packDir, device = QStringLiteral("cpu");
    bool stageA = true, stageB = true;
    int epochsA = 3, epochsB = 5;
};

struct EvaluationRequest {
    QString packDir, device = QStringLiteral("cpu"), negLabels, adapter, cacheDir;
    QString indSpec = QStringLiteral("demo:ind");
    QVector<QPair<QString, QString>> oodSpecs;  // name, dataset spec
    QString score = QStringLiteral("neglabel");
};

// One method's evaluation as plain data (see backend/ood/Evaluation.h).
struct EvaluatedMethod {
    QString method;
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
    QString json;  // the report: metrics per method, the FPR95 definition, the request
};

class JobWorker : public QObject {
    Q_OBJECT
public:
    JobWorker();
    ~JobWorker() override;

    // From the GUI thread, acting mid-job: cancel, pause at the next step, resume.
    void cancel();
    void setPaused(bool paused);
    bool isPaused() const;

public Q_SLOTS:
    void synthesize(const synood::studio::SynthesisRequest& request);
    void train(const synood::studio::TrainingRequest& request);
    void evaluate(const synood::studio::EvaluationRequest& request);

Q_SIGNALS:
    void progress(const QString& stage, qlonglong done, qlonglong total);
    // Synthesis: every step (live requests only), every batch written, the end.
    void synthesisStep(const QString& sampleId, int iteration, int iterations, int step, int steps, double score,
                       const QImage& predictedX0);
    void synthesisFeatures(const QVector<float>& features);  // the same step's x0 in feature space
    void samplesLanded(const QString& shardDir, int done, int total);
    void synthesisFinished(const QString& shardDir, int written, int inBand, double target, double bandLow, double bandHigh);
    void trainingStep(const QString& stage, qlonglong step, qlonglong total, double loss, double accuracy);
    // Validation (held-out seeds' samples against InD samples that seed nothing) at each checkpoint,
    // and the checkpoint each stage kept.
    void trainingCheckpoint(const QString& stage, qlonglong step, double auroc, double accuracy);
    void checkpointChosen(const QString& stage, qlonglong step);
    void trainingFinished(const QString& summary, const QString& adapterPath);
    void evaluationReady(const synood::studio::EvaluationResult& result);
    void failed(const QString& job, const QString& message);
    void cancelled(const QString& job);

private:
    // Runs body with a context on this worker's token (progress forwarded); Cancelled becomes
    // cancelled(job), any other exception failed(job, its message).
    void runJob(const QString& job, const std::function<void(JobContext&)>& body);
    // The vision-language model for training and evaluation, kept between jobs on the same pack.
    VisionLanguageModel* modelFor(const QString& packDir, const QString& device);

    std::shared_ptr<CancellationToken> m_token;
    std::unique_ptr<VisionLanguageModel> m_model;
    QString m_modelKey;
};

// Owns the jobs thread and queues jobs for it: one runs at a time, the next starts when it ends
// (finished, failed or cancelled). Cancels, quits and waits on destruction.
class JobRunner : public QObject {
    Q_OBJECT
public:
    explicit JobRunner(QObject* parent = nullptr);
    ~JobRunner() override;
    JobWorker* worker() const { return m_worker; }

    // `start` is called on the GUI thread when the job's turn comes; it must invoke one of the
    // worker's slots (queued). label names the job in the status.
    void enqueue(const QString& label, std::function<void(JobWorker*)> start);
    bool busy() const { return m_busy; }
    QString currentLabel() const { return m_current; }
    int waiting() const { return static_cast<int>(m_queue.size()); }
    // Cancels the running job and drops the waiting ones.
    void cancelAll();
    // Cancels the running job, waits for the thread to finish (closing the window); restart() runs
    // the thread again (the window stayed open after all).
    void shutDown();
    void restart();

Q_SIGNALS:
    void stateChanged();  // busy, current or waiting changed

private:
    void jobEnded();
    void startNext();

    QThread m_thread;
    JobWorker* m_worker;
    std::deque<std::pair<QString, std::function<void(JobWorker*)>>> m_queue;
    bool m_busy = false;
    QString m_current;
};

}  // namespace synood::studio

Q_DECLARE_METATYPE(synood::studio::SynthesisRequest)
Q_DECLARE_METATYPE(synood::studio::TrainingRequest)
Q_DECLARE_METATYPE(synood::studio::EvaluationRequest)
Q_DECLARE_METATYPE(synood::studio::EvaluationResult)
