#include "JobWorker.h"

#include "core/Error.h"
#include "core/Job.h"
#include "demo/ToyClipTrainer.h"
#include "models/ModelPack.h"
#include "models/VisionLanguageModel.h"
#include "ood/Evaluation.h"
#include "synth/SynthesisRun.h"
#include "train/WorkspaceFineTune.h"

#include <ATen/ATen.h>

#include <QDir>

#include <cmath>
#include <cstring>
#include <filesystem>

namespace synood::studio {
namespace {

// [C, H, W] float in [0, 1] → an 8-bit image (gray or RGB).
QImage toQImage(const at::Tensor& chw) {
    const at::Tensor u8 = (chw.clamp(0, 1) * 255).round().to(at::kByte).permute({1, 2, 0}).contiguous();
    const int h = static_cast<int>(u8.size(0)), w = static_cast<int>(u8.size(1)), c = static_cast<int>(u8.size(2));
    QImage image(w, h, c == 1 ? QImage::Format_Grayscale8 : QImage::Format_RGB888);
    for (int y = 0; y < h; ++y) std::memcpy(image.scanLine(y), u8.data_ptr<uint8_t>() + static_cast<size_t>(y) * w * c, static_cast<size_t>(w) * c);
    return image;
}

QVector<double> toQVector(const std::vector<double>& v) { return QVector<double>(v.begin(), v.end()); }

}  // namespace

JobWorker::JobWorker() : m_token(std::make_shared<CancellationToken>()) {
    qRegisterMetaType<SynthesisRequest>();
    qRegisterMetaType<TrainingRequest>();
    qRegisterMetaType<EvaluationRequest>();
    qRegisterMetaType<EvaluationResult>();
}
JobWorker::~JobWorker() = default;

void JobWorker::cancel() { m_token->cancel(); }
void JobWorker::setPaused(bool paused) { m_token->setPaused(paused); }
bool JobWorker::isPaused() const { return m_token->isPaused(); }

VisionLanguageModel* JobWorker::modelFor(const QString& packDir, const QString& device) {
    const QString key = packDir + QLatin1Char('|') + device;
    if (!m_model || m_modelKey != key) {
        m_model.reset();
        m_model = loadVisionLanguageModel(packDir.toStdString(), device.toStdString());
        m_modelKey = key;
    }
    return m_model.get();
}

void JobWorker::runJob(const QString& job, const std::function<void(JobContext&)>& body) {
    try {
        m_token->reset();
        JobContext ctx;
        ctx.token = m_token;
        ctx.progress = [this](const Progress& p) { Q_EMIT progress(QString::fromStdString(p.stage), p.done, p.total); };
        body(ctx);
    } catch (const Cancelled&) {
        Q_EMIT cancelled(job);
    } catch (const std::exception& e) {
        Q_EMIT failed(job, QString::fromUtf8(e.what()));
    }
}

void JobWorker::synthesize(const SynthesisRequest& r) {
    runJob(tr("synthesis"), [&](JobContext& ctx) {
        SynthRunOptions o;
        o.packDir = r.packDir.toStdString();
        o.device = r.device.toStdString();
        o.workspaceDir = r.workspaceDir.toStdString();
        for (const QString& id : r.seedIds) o.seedIds.push_back(id.toStdString());
        o.perSeed = r.perSeed;
        o.batchSize = r.batchSize;
        o.outputShard = r.shard.toStdString();
        o.promptSource = r.promptSource.toStdString();
        o.promptText = r.promptText.toStdString();
        o.mask = r.mask.toStdString();
        o.mllm.baseUrl = r.mllmUrl.toStdString();
        if (!r.mllmModel.isEmpty()) o.mllm.model = r.mllmModel.toStdString();
        if (!r.mllmKeyVariable.isEmpty()) o.mllm.apiKeyVariable = r.mllmKeyVariable.toStdString();
        o.synthesis.sampling.steps = r.steps;
        o.synthesis.sampling.strength = r.strength;
        o.synthesis.sampling.guidance = r.cfg;
        o.synthesis.guidance.iterations = r.iterations;
        o.synthesis.guidance.learningRate = r.learningRate;
        o.autoTarget = r.autoTarget;
        o.synthesis.guidance.target = r.target;
        o.score = scoreKindFromString(r.score.toStdString());
        o.bandLow = r.bandLow;
        o.bandHigh = r.bandHigh;
        o.seed = r.runSeed;
        // The demo world's strict protocol, as `synood synth` applies it: held-out names never prompt.
        if (ModelPack::load(o.packDir, false).kind == "demo-native") o.excludedWords = demo::heldOutWords();
        const QString shardDir = QDir(r.workspaceDir).filePath(QStringLiteral("shards/") + r.shard);
        if (r.live) {
            o.onLive = [this](const SynthesisLive& l) {
                Q_EMIT synthesisStep(QString::fromStdString(l.sampleId), l.iteration, l.iterations, l.step, l.steps, l.score,
                                     toQImage(l.pixels));
                Q_EMIT synthesisFeatures(QVector<float>(l.features.data_ptr<float>(), l.features.data_ptr<float>() + l.features.numel()));
            };
        }
        ctx.progress = [this, shardDir](const Progress& p) {
            Q_EMIT progress(QString::fromStdString(p.stage), p.done, p.total);
            if (p.stage == "synthesize") Q_EMIT samplesLanded(shardDir, static_cast<int>(p.done), static_cast<int>(p.total));
        };
        const SynthRunResult result = runSynthesis(o, ctx);
        Q_EMIT synthesisFinished(shardDir, result.written, result.inBand, result.target, result.band.low, result.band.high);
    });
}

void JobWorker::train(const TrainingRequest& r) {
    runJob(tr("fine-tuning"), [&](JobContext& ctx) {
        VisionLanguageModel* model = modelFor(r.packDir, r.device);
        FineTuneOptions o;
        o.stageA = r.stageA;
        o.stageB = r.stageB;
        o.a.epochs = r.epochsA;
        o.b.epochs = r.epochsB;
        o.onStep = [this](const TrainingStep& s) {
            Q_EMIT trainingStep(QString::fromStdString(s.stage), s.step, s.total, s.loss, s.accuracy);
        };
        o.onCheckpoint = [this](const std::string& stage, int64_t step, const Validation& v) {
            Q_EMIT trainingCheckpoint(QString::fromStdString(stage), step, v.auroc, v.accuracy);
        };
        const QDir dir(r.workspaceDir);
        const WorkspaceFineTuneResult result = fineTuneWorkspace(*model, r.workspaceDir.toStdString(), dir.filePath(QStringLiteral("neglabels.json")).toStdString(),
                                                                 o, dir.filePath(QStringLiteral("synood.adapter")).toStdString(), ctx);
        QString summary = tr("trained on %1 InD and %2 synthesized samples (%3)")
                              .arg(result.indSamples)
                              .arg(result.synthesizedSamples)
                              .arg(result.usedAccepted ? tr("the accepted ones") : tr("the near-boundary ones"));
        if (o.stageA) summary += tr("; stage A: loss %1, accuracy %2").arg(result.a.loss, 0, 'f', 4).arg(result.a.accuracy, 0, 'f', 3);
        if (o.stageB) summary += tr("; stage B: loss %1, accuracy %2").arg(result.b.loss, 0, 'f', 4).arg(result.b.accuracy, 0, 'f', 3);
        if (result.validationOod > 0) {
            if (o.stageA) Q_EMIT checkpointChosen(QStringLiteral("stage A"), result.a.chosenStep);
            if (o.stageB) Q_EMIT checkpointChosen(QStringLiteral("stage B"), result.b.chosenStep);
            summary += tr("; checkpoints chosen on validation (%1 held-out synthesized against %2 InD samples): stage A step %3, "
                          "stage B step %4")
                           .arg(result.validationOod)
                           .arg(result.validationInD)
                           .arg(o.stageA ? QString::number(result.a.chosenStep) : QStringLiteral("-"))
                           .arg(o.stageB ? QString::number(result.b.chosenStep) : QStringLiteral("-"));
        } else {
            summary += tr("; no validation (too few seeds to hold one out): the last step kept");
        }
        if (result.synthesizedSamples < kFewSynthesizedSamples) {
            summary += tr(". Warning: only %1 synthesized sample(s), too few for the result to mean much; synthesize at least %2")
                           .arg(result.synthesizedSamples)
                           .arg(kFewSynthesizedSamples);
        }
        Q_EMIT trainingFinished(summary, QString::fromStdString(result.adapterPath));
    });
}

void JobWorker::evaluate(const EvaluationRequest& r) {
    runJob(tr("evaluation"), [&](JobContext& ctx) {
        VisionLanguageModel* model = modelFor(r.packDir, r.device);
        ComparisonOptions o;
        o.indSpec = r.indSpec.toStdString();
        o.oodSpecs.clear();
        for (const auto& [name, spec] : r.oodSpecs) o.oodSpecs.emplace_back(name.toStdString(), spec.toStdString());
        o.negLabelsFile = r.negLabels.toStdString();
        o.adapterPath = r.adapter.toStdString();
        o.score = scoreKindFromString(r.score.toStdString());
        o.cacheDir = r.cacheDir.toStdString();
        const std::vector<MethodEvaluation> methods = compareZeroShotAndTuned(*model, o, ctx);
        EvaluationResult result;
        nlohmann::ordered_json report{{"fpr95_definition", fpr95Definition()}, {"score", r.score.toStdString()},
                                      {"ind", o.indSpec}, {"adapter", o.adapterPath}, {"neglabels", o.negLabelsFile}};
        for (const MethodEvaluation& m : methods) {
            EvaluatedMethod em;
            em.method = QString::fromStdString(m.method);
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
            result.methods << em;
            report["methods"].push_back(metricsJson(m));
        }
        result.json = QString::fromStdString(report.dump(2));
        Q_EMIT evaluationReady(result);
    });
}

JobRunner::JobRunner(QObject* parent) : QObject(parent), m_worker(new JobWorker) {
    m_thread.setObjectName(QStringLiteral("synood-jobs"));
    m_worker->moveToThread(&m_thread);
    connect(m_worker, &JobWorker::cancelled, this, &JobRunner::jobEnded);
    connect(m_worker, &JobWorker::failed, this, &JobRunner::jobEnded);
    connect(m_worker, &JobWorker::synthesisFinished, this, &JobRunner::jobEnded);
    connect(m_worker, &JobWorker::trainingFinished, this, &JobRunner::jobEnded);
    connect(m_worker, &JobWorker::evaluationReady, this, &JobRunner::jobEnded);
    m_thread.start();
}

JobRunner::~JobRunner() {
    shutDown();
    delete m_worker;  // its thread has finished: nothing else can touch it
}

void JobRunner::enqueue(const QString& label, std::function<void(JobWorker*)> start) {
    m_queue.emplace_back(label, std::move(start));
    if (!m_busy) startNext();
    Q_EMIT stateChanged();
}

void JobRunner::startNext() {
    if (m_queue.empty()) return;
    auto [label, start] = std::move(m_queue.front());
    m_queue.pop_front();
    m_busy = true;
    m_current = label;
    m_worker->setPaused(false);
    start(m_worker);
    Q_EMIT stateChanged();
}

void JobRunner::jobEnded() {
    m_busy = false;
    m_current.clear();
    startNext();
    Q_EMIT stateChanged();
}

void JobRunner::cancelAll() {
    m_queue.clear();
    m_worker->cancel();
    Q_EMIT stateChanged();
}

void JobRunner::shutDown() {
    if (!m_thread.isRunning()) return;
    m_queue.clear();
    m_worker->cancel();
    m_thread.quit();
    m_thread.wait();
    m_busy = false;
    m_current.clear();
}

void JobRunner::restart() {
    if (!m_thread.isRunning()) m_thread.start();
    Q_EMIT stateChanged();
}

}  // namespace synood::studio
