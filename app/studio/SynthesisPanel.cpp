#include "SynthesisPanel.h"

#include "MaskPainter.h"
#include "SettingsDialog.h"
#include "TrajectoryPlot.h"
#include "data/WorkspaceLayout.h"
#include "ops/Synthesize.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace synood::studio {
namespace {

QDoubleSpinBox* doubleBox(double min, double max, double value, int decimals, double step) {
    auto* box = new QDoubleSpinBox;
    box->setRange(min, max);
    box->setDecimals(decimals);
    box->setSingleStep(step);
    box->setValue(value);
    return box;
}

QSpinBox* intBox(int min, int max, int value) {
    auto* box = new QSpinBox;
    box->setRange(min, max);
    box->setValue(value);
    return box;
}

const SynthRunOptions kDefaults;  // the fields start at the run's defaults (then the pack's)

}  // namespace

SynthesisPanel::SynthesisPanel(JobRunner* jobs, std::function<QString()> openWorkspace, std::function<StudioSettings()> settings,
                               QWidget* parent)
    : QWidget(parent),
      m_jobs(jobs),
      m_openWorkspace(std::move(openWorkspace)),
      m_settings(std::move(settings)),
      m_seedLabel(new QLabel(tr("no seed"))),
      m_painter(new widgets::MaskPainter),
      m_source(new QComboBox),
      m_promptText(new QLineEdit),
      m_steps(intBox(2, 200, kDefaults.synthesis.sampling.steps)),
      m_iterations(intBox(1, 20, kDefaults.synthesis.guidance.iterations)),
      m_perSeed(intBox(1, 64, kDefaults.perSeed)),
      m_strength(doubleBox(0.05, 1.0, kDefaults.synthesis.sampling.strength, 2, 0.05)),
      m_cfg(doubleBox(0.0, 30.0, kDefaults.synthesis.sampling.cfgScale, 1, 0.5)),
      m_lr(doubleBox(0.0, 1000.0, kDefaults.synthesis.guidance.learningRate, 2, 1.0)),
      m_target(doubleBox(-1000.0, 1000.0, kDefaults.synthesis.guidance.target, 3, 0.1)),
      m_bandLow(doubleBox(0.0, 1.0, kDefaults.bandLow, 3, 0.01)),
      m_bandHigh(doubleBox(0.0, 1.0, kDefaults.bandHigh, 3, 0.01)),
      m_autoTarget(new QCheckBox(tr("auto: the InD 5 % quantile"))),
      m_score(new QComboBox),
      m_run(new QPushButton(tr("&Run"))),
      m_cancel(new QPushButton(tr("Cancel"))),
      m_pause(new QPushButton(tr("Pause"))),
      m_cancelBatch(new QPushButton(tr("Cancel batch"))),
      m_x0(new QLabel),
      m_status(new QLabel),
      m_trajectory(new widgets::TrajectoryPlot),
      m_batchProgress(new QProgressBar),
      m_batchLabel(new QLabel(tr("no batch"))) {
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(makeSeedRow());
    layout->addWidget(m_painter, 1);
    layout->addLayout(makeMaskTools());
    layout->addLayout(makeParameterForm());
    layout->addLayout(makeRunButtons());
    layout->addLayout(makeLiveView(), 1);
    layout->addWidget(m_status);
    layout->addWidget(makeBatchBox());
    applyPackDefaults(m_settings().packDir);
    connectJobs();
}

// The seed: the gallery's current sample or a file.
QHBoxLayout* SynthesisPanel::makeSeedRow() {
    auto* useCurrent = new QPushButton(tr("Use current sample"));
    auto* fromFile = new QPushButton(tr("From file…"));
    connect(useCurrent, &QPushButton::clicked, this, [this] {
        if (m_currentId.isEmpty())
            showMessage(tr("Select a sample in the gallery first."));
        else
            useSeed(m_currentId, m_currentPath);
    });
    connect(fromFile, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Seed image"), QString(), tr("Images (*.png *.jpg *.jpeg *.bmp *.webp)"));
        if (!path.isEmpty()) Q_EMIT seedFileChosen(path);
    });
    auto* seedRow = new QHBoxLayout;
    seedRow->addWidget(m_seedLabel, 1);
    seedRow->addWidget(useCurrent);
    seedRow->addWidget(fromFile);
    return seedRow;
}

// The mask painter's tools and actions.
QHBoxLayout* SynthesisPanel::makeMaskTools() {
    auto* tools = new QHBoxLayout;
    auto* group = new QButtonGroup(this);
    const auto addTool = [&](const QString& text, widgets::MaskPainter::Tool tool, bool checked) {
        auto* b = new QToolButton;
        b->setText(text);
        b->setCheckable(true);
        b->setChecked(checked);
        group->addButton(b);
        connect(b, &QToolButton::toggled, this, [this, tool](bool on) {
            if (on) m_painter->setTool(tool);
        });
        tools->addWidget(b);
    };
    addTool(tr("Brush"), widgets::MaskPainter::Tool::Brush, true);
    addTool(tr("Eraser"), widgets::MaskPainter::Tool::Eraser, false);
    addTool(tr("Box"), widgets::MaskPainter::Tool::Box, false);
    const auto addAction = [&](const QString& text, const std::function<void()>& f) {
        auto* b = new QToolButton;
        b->setText(text);
        connect(b, &QToolButton::clicked, this, f);
        tools->addWidget(b);
    };
    addAction(tr("Whole"), [this] { m_painter->fill(true); });
    addAction(tr("Clear"), [this] { m_painter->fill(false); });
    addAction(tr("Undo"), [this] { m_painter->undo(); });
    tools->addStretch();
    return tools;
}

// Prompt source, sampling, guidance, target and band.
QFormLayout* SynthesisPanel::makeParameterForm() {
    m_source->setObjectName(QStringLiteral("promptSource"));
    m_source->addItem(tr("WordNet relatives"), QStringLiteral("wordnet"));
    m_source->addItem(tr("hybrid (WordNet + class)"), QStringLiteral("hybrid"));
    m_source->addItem(tr("MLLM suggestion (Settings → MLLM endpoint)"), QStringLiteral("mllm"));
    m_source->addItem(tr("scene context (the seed's scene file, offline)"), QStringLiteral("context"));
    m_source->addItem(tr("free text"), QStringLiteral("text"));
    m_promptText->setPlaceholderText(tr("a photo of …"));
    connect(m_source, &QComboBox::currentIndexChanged, this,
            [this] { m_promptText->setEnabled(m_source->currentData().toString() == QLatin1String("text")); });
    m_promptText->setEnabled(false);
    for (const char* s : {"energy", "msp", "mcm", "maxlogit", "neglabel"}) m_score->addItem(QString::fromLatin1(s));
    m_autoTarget->setChecked(true);
    m_target->setEnabled(false);
    connect(m_autoTarget, &QCheckBox::toggled, this, [this](bool on) { m_target->setEnabled(!on); });
    auto* form = new QFormLayout;
    form->addRow(tr("Prompt source"), m_source);
    form->addRow(tr("Prompt"), m_promptText);
    auto* sampling = new QHBoxLayout;
    for (auto [label, w] : {std::pair<QString, QWidget*>{tr("steps"), m_steps}, {tr("strength"), m_strength}, {tr("CFG"), m_cfg}}) {
        sampling->addWidget(new QLabel(label));
        sampling->addWidget(w);
    }
    form->addRow(tr("Sampling"), sampling);
    auto* guidance = new QHBoxLayout;
    for (auto [label, w] : {std::pair<QString, QWidget*>{tr("K"), m_iterations}, {tr("lr"), m_lr}, {tr("score"), m_score}}) {
        guidance->addWidget(new QLabel(label));
        guidance->addWidget(w);
    }
    form->addRow(tr("Guidance"), guidance);
    auto* target = new QHBoxLayout;
    target->addWidget(m_autoTarget);
    target->addWidget(m_target);
    form->addRow(tr("Target"), target);
    auto* band = new QHBoxLayout;
    band->addWidget(m_bandLow);
    band->addWidget(new QLabel(tr("to")));
    band->addWidget(m_bandHigh);
    form->addRow(tr("Band (InD quantiles)"), band);
    return form;
}

QHBoxLayout* SynthesisPanel::makeRunButtons() {
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_run);
    buttons->addWidget(m_cancel);
    buttons->addStretch();
    connect(m_run, &QPushButton::clicked, this, &SynthesisPanel::run);
    connect(m_cancel, &QPushButton::clicked, this, &SynthesisPanel::cancel);
    m_cancel->setEnabled(false);
    return buttons;
}

// The live view: the latest predicted x0 beside the score trajectory.
QHBoxLayout* SynthesisPanel::makeLiveView() {
    m_x0->setFixedSize(112, 112);
    m_x0->setFrameShape(QFrame::StyledPanel);
    m_x0->setAlignment(Qt::AlignCenter);
    m_x0->setToolTip(tr("the predicted x0 of the latest denoising step"));
    m_status->setWordWrap(true);
    auto* live = new QHBoxLayout;
    live->addWidget(m_x0);
    live->addWidget(m_trajectory, 1);
    return live;
}

// The batch queue: queue, per seed, pause, cancel, progress.
QGroupBox* SynthesisPanel::makeBatchBox() {
    auto* batchBox = new QGroupBox(tr("Batch queue"));
    auto* queueSelected = new QPushButton(tr("Queue the selected seeds"));
    connect(queueSelected, &QPushButton::clicked, this, &SynthesisPanel::batchRequested);
    m_pause->setCheckable(true);
    connect(m_pause, &QPushButton::toggled, this, &SynthesisPanel::setBatchPaused);
    connect(m_cancelBatch, &QPushButton::clicked, this, &SynthesisPanel::cancelBatches);
    auto* batchRow = new QHBoxLayout;
    batchRow->addWidget(queueSelected);
    batchRow->addWidget(new QLabel(tr("per seed")));
    batchRow->addWidget(m_perSeed);
    batchRow->addWidget(m_pause);
    batchRow->addWidget(m_cancelBatch);
    auto* batchLayout = new QVBoxLayout(batchBox);
    batchLayout->addLayout(batchRow);
    batchLayout->addWidget(m_batchProgress);
    batchLayout->addWidget(m_batchLabel);
    m_batchProgress->setRange(0, 1);
    m_batchProgress->setValue(0);
    return batchBox;
}

// Results and ends of jobs: each acted on only when it is one of this panel's.
void SynthesisPanel::connectJobs() {
    JobWorker* worker = m_jobs->worker();
    connect(worker, &JobWorker::synthesisStep, this, &SynthesisPanel::onStep);
    connect(worker, &JobWorker::synthesisFeatures, this, [this](JobId id, const QVector<float>& f) {
        if (id == m_liveJob) Q_EMIT pathPoint(f);
    });
    connect(worker, &JobWorker::samplesLanded, this, [this](JobId id, const QString& workspaceDir, int done, int total) {
        if (id != m_liveJob && !m_batches.contains(id)) return;
        Q_EMIT samplesLanded(workspaceDir);
        if (id == m_runningBatch) updateBatchStatus(done, total);
    });
    connect(worker, &JobWorker::synthesisFinished, this, &SynthesisPanel::onFinished);
    connect(m_jobs, &JobRunner::started, this, &SynthesisPanel::onStarted);
    connect(m_jobs, &JobRunner::ended, this, &SynthesisPanel::onEnded);
}

void SynthesisPanel::onStarted(JobId id) {
    if (!m_batches.contains(id)) return;
    m_runningBatch = id;
    m_pause->setChecked(false);
    m_batchClock.start();
    m_pausedMs = 0;
    m_pausedAt = -1;
    updateBatchStatus(0, m_batches.value(id));
}

void SynthesisPanel::onFinished(JobId id, const QString& workspaceDir, int written, int inBand, double target) {
    if (id != m_liveJob && !m_batches.contains(id)) return;
    Q_EMIT samplesLanded(workspaceDir);
    if (id == m_liveJob) {
        showMessage(written == 0 ? tr("Nothing new: this sample exists already.")
                                 : tr("Done: score %1 (target %2), %3 — in the gallery, pending.")
                                       .arg(m_lastScore, 0, 'f', 3)
                                       .arg(target, 0, 'f', 3)
                                       .arg(inBand > 0 ? tr("near the boundary") : tr("outside the band")));
        Q_EMIT interactiveFinished(written);
    } else {
        m_batchLabel->setText(tr("batch done: %1 written, %2 near the boundary").arg(written).arg(inBand));
    }
}

void SynthesisPanel::onEnded(JobId id, JobOutcome outcome, const QString& label, const QString& message) {
    const bool live = id == m_liveJob, batch = m_batches.remove(id);
    if (!live && !batch) return;
    if (outcome != JobOutcome::Finished) {
        showMessage(outcome == JobOutcome::Cancelled ? tr("%1 cancelled").arg(label) : tr("%1 failed: %2").arg(label, message));
        if (batch) m_batchLabel->setText(outcome == JobOutcome::Cancelled ? tr("batch cancelled") : tr("batch failed"));
    }
    if (live) {
        m_liveJob = 0;
        m_run->setEnabled(true);
        m_cancel->setEnabled(false);
    }
    if (id == m_runningBatch) m_runningBatch = 0;
}

void SynthesisPanel::setCurrentSample(const QString& id, const QString& imagePath) {
    m_currentId = id;
    m_currentPath = imagePath;
}

void SynthesisPanel::setPromptSource(const QString& source) {
    const int i = m_source->findData(source);
    if (i >= 0) m_source->setCurrentIndex(i);
}

void SynthesisPanel::useSeed(const QString& id, const QString& imagePath) {
    const QImage image(imagePath);
    if (image.isNull()) {
        showMessage(tr("Cannot read the seed image %1.").arg(imagePath));
        return;
    }
    m_seedId = id;
    m_seedPath = imagePath;
    m_seedLabel->setText(tr("seed %1 (%2×%3)").arg(id).arg(image.width()).arg(image.height()));
    m_painter->setSeed(image);
}

void SynthesisPanel::applyPackDefaults(const QString& packDir) {
    try {
        const SynthesisOptions d = synthesisDefaults(ModelPack::load(packDir.toStdString(), false));
        m_steps->setValue(d.sampling.steps);
        m_strength->setValue(d.sampling.strength);
        m_cfg->setValue(d.sampling.cfgScale);
        m_iterations->setValue(d.guidance.iterations);
        m_lr->setValue(d.guidance.learningRate);
    } catch (const std::exception&) {
        // An unreadable pack keeps the fields as they are; loading it says why.
    }
}

void SynthesisPanel::setSteps(int steps) { m_steps->setValue(steps); }
void SynthesisPanel::setIterations(int iterations) { m_iterations->setValue(iterations); }
void SynthesisPanel::setPromptText(const QString& text) {
    m_source->setCurrentIndex(m_source->findData(QStringLiteral("text")));
    m_promptText->setText(text);
}

void SynthesisPanel::showMessage(const QString& text) {
    m_message = text;
    m_status->setText(text);
}

ops::SynthesisRequest SynthesisPanel::request(const QString& workspaceDir) const {
    const StudioSettings settings = m_settings();
    ops::SynthesisRequest r;
    SynthRunOptions& o = r.run;
    o.workspaceDir = workspaceDir.toStdString();
    o.packDir = settings.packDir.toStdString();
    o.device = settings.device.toStdString();
    o.mllm.baseUrl = settings.mllmUrl.toStdString();
    if (!settings.mllmModel.isEmpty()) o.mllm.model = settings.mllmModel.toStdString();
    if (!settings.mllmKeyVariable.isEmpty()) o.mllm.apiKeyVariable = settings.mllmKeyVariable.toStdString();
    o.promptSource = m_source->currentData().toString().toStdString();
    o.promptText = m_promptText->text().toStdString();
    o.synthesis.sampling.steps = m_steps->value();
    o.synthesis.sampling.strength = m_strength->value();
    o.synthesis.sampling.cfgScale = m_cfg->value();
    o.synthesis.guidance.iterations = m_iterations->value();
    o.synthesis.guidance.learningRate = m_lr->value();
    o.autoTarget = m_autoTarget->isChecked();
    o.synthesis.guidance.target = m_target->value();
    o.score = scoreKindFromString(m_score->currentText().toStdString());
    o.bandLow = m_bandLow->value();
    o.bandHigh = m_bandHigh->value();
    return r;
}

QString SynthesisPanel::writeMask(const QString& workspaceDir) const {
    if (m_painter->paintedFraction() >= 1.0) return QStringLiteral("whole");
    const QDir masks(QString::fromStdString(WorkspaceLayout(workspaceDir.toStdString()).masksDir()));
    masks.mkpath(QStringLiteral("."));
    const QString path = masks.filePath(QStringLiteral("%1-%2.png")
                                            .arg(m_seedId.section(QLatin1Char('/'), -1).replace(QLatin1Char(':'), QLatin1Char('_')))
                                            .arg(QDateTime::currentMSecsSinceEpoch()));
    return m_painter->mask().save(path) ? path : QString();
}

bool SynthesisPanel::run() {
    if (m_seedId.isEmpty()) {
        showMessage(tr("Choose a seed first (Use current sample, or From file…)."));
        return false;
    }
    if (m_painter->paintedFraction() <= 0) {
        showMessage(tr("The mask is empty: paint where the model may change the image."));
        return false;
    }
    if (m_source->currentData().toString() == QLatin1String("text") && m_promptText->text().trimmed().isEmpty()) {
        showMessage(tr("Write the prompt, or choose another prompt source."));
        return false;
    }
    const QString dir = m_openWorkspace();
    if (dir.isEmpty()) {
        showMessage(tr("Open a workspace first (and let it save)."));
        return false;
    }
    ops::SynthesisRequest r = request(dir);
    r.run.seedIds = {m_seedId.toStdString()};
    const QString mask = writeMask(dir);
    if (mask.isEmpty()) {
        showMessage(tr("Could not write the mask under %1.").arg(dir));
        return false;
    }
    r.run.mask = maskChoiceFromText(mask.toStdString());
    // A new run seed each time: Run again gives a new sample rather than finding the last one.
    r.run.runSeed = static_cast<quint64>(QDateTime::currentMSecsSinceEpoch()) * 1000 + ++m_runCounter;
    m_trajectory->clear();
    m_liveFrames = 0;
    m_lastIteration = -1;
    m_run->setEnabled(false);
    m_cancel->setEnabled(true);
    Q_EMIT pathCleared();
    showMessage(m_jobs->busy() ? tr("Waiting for the running job (%1)…").arg(m_jobs->currentLabel()) : tr("Running…"));
    m_liveJob = m_jobs->enqueue(tr("synthesis of %1").arg(m_seedId), [jobs = m_jobs, r](JobWorker* w, JobId id) {
        jobs->queueOnWorker([w, id, r] { w->synthesize(id, r, true); });
    });
    return true;
}

void SynthesisPanel::cancel() { m_jobs->cancel(m_liveJob); }

void SynthesisPanel::cancelBatches() {
    for (JobId id : m_batches.keys()) m_jobs->cancel(id);
}

bool SynthesisPanel::queueBatch(const QStringList& seedIds) {
    if (seedIds.isEmpty()) {
        m_batchLabel->setText(tr("Select seeds in the gallery (or the embeddings) first."));
        return false;
    }
    const QString dir = m_openWorkspace();
    if (dir.isEmpty()) {
        m_batchLabel->setText(tr("Open a workspace first (and let it save)."));
        return false;
    }
    ops::SynthesisRequest r = request(dir);
    for (const QString& id : seedIds) r.run.seedIds.push_back(id.toStdString());
    r.run.perSeed = m_perSeed->value();
    r.run.batchSize = kBatchSize;
    r.run.mask = MaskKind::Whole;  // a painted mask belongs to its seed; a batch paints the whole image
    const int total = static_cast<int>(seedIds.size()) * r.run.perSeed;
    const JobId id = m_jobs->enqueue(tr("batch of %1 samples").arg(total), [jobs = m_jobs, r](JobWorker* w, JobId job) {
        jobs->queueOnWorker([w, job, r] { w->synthesize(job, r, false); });
    });
    m_batches.insert(id, total);
    if (id == m_jobs->current()) {
        onStarted(id);  // started at once: the runner's started() came before the id was known
    } else {
        m_batchLabel->setText(tr("queued: %1 samples (waiting for %2)").arg(total).arg(m_jobs->currentLabel()));
    }
    return true;
}

void SynthesisPanel::setBatchPaused(bool paused) {
    if (m_runningBatch == 0 || m_jobs->current() != m_runningBatch) return;
    m_jobs->worker()->setPaused(paused);
    if (paused && m_pausedAt < 0) m_pausedAt = m_batchClock.elapsed();
    if (!paused && m_pausedAt >= 0) {
        m_pausedMs += m_batchClock.elapsed() - m_pausedAt;
        m_pausedAt = -1;
    }
    m_pause->setText(paused ? tr("Resume") : tr("Pause"));
    m_batchLabel->setText(paused ? tr("paused at %1 of %2").arg(m_batchProgress->value()).arg(m_batchProgress->maximum()) : tr("resumed"));
}

QString SynthesisPanel::batchStatus() const { return m_batchLabel->text(); }

void SynthesisPanel::updateBatchStatus(int done, int total) {
    m_batchProgress->setRange(0, std::max(1, total));
    m_batchProgress->setValue(done);
    const double seconds = static_cast<double>(m_batchClock.elapsed() - m_pausedMs) / 1000.0;
    if (done <= 0 || seconds <= 0) {
        m_batchLabel->setText(tr("%1 of %2 …").arg(done).arg(total));
        return;
    }
    const double rate = done / seconds;
    const int eta = static_cast<int>(std::lround((total - done) / rate));
    m_batchLabel->setText(tr("%1 of %2 · %3 samples/s · ETA %4:%5")
                              .arg(done)
                              .arg(total)
                              .arg(rate, 0, 'f', 2)
                              .arg(eta / 60)
                              .arg(eta % 60, 2, 10, QLatin1Char('0')));
}

void SynthesisPanel::onStep(JobId id, const QString&, int iteration, int iterations, int step, int steps, double score, const QImage& x0) {
    if (id != m_liveJob) return;
    ++m_liveFrames;
    m_x0->setPixmap(QPixmap::fromImage(x0.scaled(m_x0->size() - QSize(4, 4), Qt::KeepAspectRatio, Qt::FastTransformation)));
    m_trajectory->addStep(iteration, step, steps, score);
    if (step == steps - 1) {
        m_trajectory->addIterationScore(iteration, steps, score);
        m_lastScore = score;
    }
    if (iteration != m_lastIteration) {
        m_lastIteration = iteration;
        showMessage(tr("iteration %1 of %2").arg(iteration + 1).arg(iterations));
    }
}

}  // namespace synood::studio
