#pragma once
// The synthesis panel: pick a seed (the gallery's current sample or a file), paint the mask, choose
// the prompt source and the parameters, Run and Cancel; while it runs, the predicted x0 of every
// denoising step and the score trajectory live (replots coalesced), and the x0's path through
// feature space (pathPoint, placed into the embeddings by the main window). Below, the batch queue:
// the gallery's selected seeds synthesized in the background with progress, rate and ETA, pause,
// resume and cancel. Results land in W/shards/studio; the main window adds them to the gallery.
#include "JobWorker.h"

#include <QElapsedTimer>
#include <QHash>
#include <QWidget>

#include <functional>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QGroupBox;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace synood::widgets {
class MaskPainter;
class TrajectoryPlot;
}  // namespace synood::widgets

namespace synood::studio {

struct StudioSettings;

class SynthesisPanel : public QWidget {
    Q_OBJECT
public:
    // openWorkspace: the open workspace's folder (empty: none open).
    SynthesisPanel(JobRunner* jobs, std::function<QString()> openWorkspace, std::function<StudioSettings()> settings,
                   QWidget* parent = nullptr);

    // The gallery's current sample (what "Use current sample" takes).
    void setCurrentSample(const QString& id, const QString& imagePath);
    // Makes this sample the seed: shown in the mask painter, the mask reset to the whole image.
    void useSeed(const QString& id, const QString& imagePath);
    void setPromptSource(const QString& source);  // its key: wordnet, hybrid, context, mllm, text
    QString seedId() const { return m_seedId; }

    // The pack's synthesis defaults (pack.json "synthesis_defaults", else METHOD.md's) into the fields.
    void applyPackDefaults(const QString& packDir);
    // Parameters (also for tests and scripts).
    void setSteps(int steps);
    void setIterations(int iterations);
    void setPromptText(const QString& text);  // switches the source to free text

    // Interactive run of the seed (one sample, watched live); false with a message when it cannot start.
    bool run();
    void cancel();         // the live run only
    void cancelBatches();  // this panel's running and waiting batches
    // Batch: perSeed samples of each seed, in the background.
    bool queueBatch(const QStringList& seedIds);
    void setBatchPaused(bool paused);

    widgets::MaskPainter* maskPainter() const { return m_painter; }
    widgets::TrajectoryPlot* trajectory() const { return m_trajectory; }
    QProgressBar* batchProgress() const { return m_batchProgress; }
    QString batchStatus() const;
    int liveFrames() const { return m_liveFrames; }
    QString lastMessage() const { return m_message; }

Q_SIGNALS:
    void seedFileChosen(const QString& path);  // the main window imports it and calls useSeed
    void batchRequested();                     // the main window answers with queueBatch(selected ids)
    void samplesLanded(const QString& workspaceDir);
    void pathCleared();
    void pathPoint(const QVector<float>& features);
    void interactiveFinished(int written);

private:
    // The constructor's parts.
    QHBoxLayout* makeSeedRow();
    QHBoxLayout* makeMaskTools();
    QFormLayout* makeParameterForm();
    QHBoxLayout* makeRunButtons();
    QHBoxLayout* makeLiveView();
    QGroupBox* makeBatchBox();
    void connectJobs();
    ops::SynthesisRequest request(const QString& workspaceDir) const;
    QString writeMask(const QString& workspaceDir) const;  // "whole", or a PNG under W/masks
    void showMessage(const QString& text);
    void onStep(JobId id, const QString& sampleId, int iteration, int iterations, int step, int steps, double score, const QImage& x0);
    void onStarted(JobId id);
    void onFinished(JobId id, const QString& workspaceDir, int written, int inBand, double target);
    void onEnded(JobId id, JobOutcome outcome, const QString& label, const QString& message);
    void updateBatchStatus(int done, int total);

    JobRunner* m_jobs;
    std::function<QString()> m_openWorkspace;
    std::function<StudioSettings()> m_settings;
    QString m_currentId, m_currentPath, m_seedId, m_seedPath;
    QLabel* m_seedLabel;
    widgets::MaskPainter* m_painter;
    QComboBox* m_source;
    QLineEdit* m_promptText;
    QSpinBox *m_steps, *m_iterations, *m_perSeed;
    QDoubleSpinBox *m_strength, *m_cfg, *m_lr, *m_target, *m_bandLow, *m_bandHigh;
    QCheckBox* m_autoTarget;
    QComboBox* m_score;
    QPushButton *m_run, *m_cancel, *m_pause, *m_cancelBatch;
    QLabel* m_x0;
    QLabel* m_status;
    widgets::TrajectoryPlot* m_trajectory;
    QProgressBar* m_batchProgress;
    QLabel* m_batchLabel;
    QElapsedTimer m_batchClock;
    qint64 m_pausedMs = 0, m_pausedAt = -1;  // time spent paused is not in the rate
    static constexpr int kBatchSize = 4;     // samples per diffusion batch of a queued batch
    JobId m_liveJob = 0, m_runningBatch = 0;
    QHash<JobId, int> m_batches;  // this panel's batches not yet ended → their sample count
    int m_liveFrames = 0, m_lastIteration = -1;
    double m_lastScore = 0;
    quint64 m_runCounter = 0;
    QString m_message;
};

}  // namespace synood::studio
