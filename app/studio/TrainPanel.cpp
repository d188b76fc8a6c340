#include "TrainPanel.h"

#include "FailuresView.h"
#include "NamedSets.h"
#include "QCustomPlotInclude.h"
#include "SettingsDialog.h"
#include "data/WorkspaceLayout.h"
#include "ops/Evaluate.h"
#include "ops/Train.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSaveFile>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <optional>
#include <cmath>

namespace synood::studio {
namespace {

const QColor kSetColours[] = {QColor(31, 119, 180), QColor(255, 127, 14),  QColor(44, 160, 44),
                              QColor(214, 39, 40),  QColor(148, 103, 189), QColor(140, 86, 75)};

QCustomPlot* makePlot(const QString& x, const QString& y) {
    auto* p = new QCustomPlot;
    p->setMinimumHeight(180);
    p->xAxis->setLabel(x);
    p->yAxis->setLabel(y);
    p->legend->setVisible(true);
    p->legend->setFont(QFont(p->font().family(), 8));
    return p;
}

}  // namespace

TrainPanel::TrainPanel(JobRunner* jobs, std::function<QString()> openWorkspace, std::function<StudioSettings()> settings, QWidget* parent)
    : QWidget(parent),
      m_jobs(jobs),
      m_openWorkspace(std::move(openWorkspace)),
      m_settings(std::move(settings)),
      m_stages(new QComboBox),
      m_epochsA(new QSpinBox),
      m_epochsB(new QSpinBox),
      m_score(new QComboBox),
      m_ind(new QLineEdit(QStringLiteral("demo:ind"))),
      m_ood(new QLineEdit(demoOodSets())),
      m_train(new QPushButton(tr("&Train"))),
      m_evaluate(new QPushButton(tr("&Evaluate"))),
      m_cancel(new QPushButton(tr("Cancel"))),
      m_export(new QPushButton(tr("Export…"))),
      m_curves(makePlot(tr("optimisation step"), tr("loss"))),
      m_table(new QTableWidget(0, 6)),
      m_roc(makePlot(tr("false positive rate (OOD accepted)"), tr("true positive rate (InD accepted)"))),
      m_histograms(makePlot(tr("score"), tr("share of the set"))),
      m_failures(new FailuresView),
      m_status(new QLabel) {
    m_status->setWordWrap(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(makeForm());
    layout->addLayout(makeButtons());
    layout->addWidget(m_status);
    layout->addWidget(makeTabs(), 1);
    connectJobs();
}

// Stages, epochs (the defaults of FineTuneOptions), score and the evaluation's datasets.
QFormLayout* TrainPanel::makeForm() {
    m_stages->addItem(tr("stage A and B"), QStringLiteral("AB"));
    m_stages->addItem(tr("stage A (adapter)"), QStringLiteral("A"));
    m_stages->addItem(tr("stage B (negative features)"), QStringLiteral("B"));
    const FineTuneOptions defaults;
    m_epochsA->setRange(1, 200);
    m_epochsA->setValue(defaults.a.epochs);
    m_epochsB->setRange(1, 200);
    m_epochsB->setValue(defaults.b.epochs);
    for (const char* s : {"neglabel", "energy", "mcm", "msp", "maxlogit"}) m_score->addItem(QString::fromLatin1(s));
    auto* form = new QFormLayout;
    form->addRow(tr("Fine-tune"), m_stages);
    auto* epochs = new QHBoxLayout;
    epochs->addWidget(new QLabel(tr("epochs A")));
    epochs->addWidget(m_epochsA);
    epochs->addWidget(new QLabel(tr("B")));
    epochs->addWidget(m_epochsB);
    form->addRow(tr("Epochs"), epochs);
    form->addRow(tr("Score"), m_score);
    form->addRow(tr("InD set"), m_ind);
    form->addRow(tr("OOD sets"), m_ood);
    m_ind->setToolTip(tr("a folder (ImageFolder), FILE.gz[@labels] (IDX) or demo:NAME"));
    m_ood->setToolTip(tr("name=spec, separated by commas"));
    return form;
}

QHBoxLayout* TrainPanel::makeButtons() {
    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {m_train, m_evaluate, m_cancel, m_export}) buttons->addWidget(b);
    buttons->addStretch();
    m_cancel->setEnabled(false);
    m_export->setEnabled(false);
    connect(m_train, &QPushButton::clicked, this, &TrainPanel::train);
    connect(m_evaluate, &QPushButton::clicked, this, &TrainPanel::evaluate);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_jobs->cancel(m_trainJob);
        m_jobs->cancel(m_evaluationJob);
    });
    connect(m_export, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Export the evaluation to"));
        if (dir.isEmpty()) return;
        const QString error = exportTo(dir);
        showMessage(error.isEmpty() ? tr("Wrote the plots and eval.json to %1.").arg(dir) : error);
    });
    return buttons;
}

// Training curves, the metrics table with FPR95's definition, ROC curves, score histograms.
QTabWidget* TrainPanel::makeTabs() {
    m_curves->yAxis2->setVisible(true);
    m_curves->yAxis2->setLabel(tr("accuracy, validation AUROC"));
    m_curves->yAxis2->setRange(0, 1);
    m_table->setHorizontalHeaderLabels({tr("method"), tr("OOD set"), tr("AUROC %"), tr("FPR95 %"), tr("AUPR-In %"), tr("AUPR-Out %")});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* definition =
        new QLabel(tr("FPR95: the share of OOD samples accepted as InD at the threshold where 95 % of InD "
                      "samples are accepted (InD positive, higher score = more InD). Lower is better; "
                      "AUROC higher is better."));
    definition->setWordWrap(true);
    auto* tabs = m_tabs = new QTabWidget;
    tabs->addTab(m_curves, tr("Training curves"));
    auto* metrics = new QWidget;
    auto* metricsLayout = new QVBoxLayout(metrics);
    metricsLayout->addWidget(m_table, 1);
    metricsLayout->addWidget(definition);
    tabs->addTab(metrics, tr("Metrics"));
    tabs->addTab(m_roc, tr("ROC"));
    tabs->addTab(m_histograms, tr("Score histograms"));
    tabs->addTab(m_failures, tr("Failures"));
    return tabs;
}

// Results and ends of jobs: each acted on only when it is one of this panel's.
void TrainPanel::connectJobs() {
    JobWorker* worker = m_jobs->worker();
    connect(worker, &JobWorker::trainingStep, this,
            [this](JobId id, const QString& stage, qlonglong step, qlonglong total, double loss, double accuracy) {
                if (id == m_trainJob) addStep(stage, step, total, loss, accuracy);
            });
    connect(worker, &JobWorker::trainingCheckpoint, this, [this](JobId id, const QString& stage, qlonglong step, double auroc, double) {
        if (id == m_trainJob) addCheckpoint(stage, step, auroc);
    });
    connect(worker, &JobWorker::checkpointChosen, this, [this](JobId id, const QString& stage, qlonglong step) {
        if (id == m_trainJob) markChosen(stage, step);
    });
    connect(worker, &JobWorker::trainingFinished, this, [this](JobId id, const QString& summary, const QString& adapter) {
        if (id != m_trainJob) return;
        m_curves->replot();
        showMessage(tr("%1. Adapter: %2. Evaluate to compare with zero-shot.").arg(summary, adapter));
    });
    connect(worker, &JobWorker::evaluationReady, this, [this](JobId id, const EvaluationResult& r) {
        if (id == m_evaluationJob) showEvaluation(r);
    });
    connect(m_jobs, &JobRunner::ended, this, &TrainPanel::onEnded);
}

void TrainPanel::onEnded(JobId id, JobOutcome outcome, const QString& label, const QString& message) {
    const bool training = id == m_trainJob;
    if (!training && id != m_evaluationJob) return;
    (training ? m_trainJob : m_evaluationJob) = 0;
    m_cancel->setEnabled(m_trainJob != 0 || m_evaluationJob != 0);
    if (outcome != JobOutcome::Finished) {
        showMessage(outcome == JobOutcome::Cancelled ? tr("%1 cancelled").arg(label) : tr("%1 failed: %2").arg(label, message));
    }
    const bool ok = outcome == JobOutcome::Finished;
    if (training)
        Q_EMIT trainingDone(ok);
    else
        Q_EMIT evaluationDone(ok);
}

void TrainPanel::showTab(int index) { m_tabs->setCurrentIndex(index); }

void TrainPanel::setEpochs(int stageA, int stageB) {
    m_epochsA->setValue(stageA);
    m_epochsB->setValue(stageB);
}
void TrainPanel::setStages(const QString& stages) { m_stages->setCurrentIndex(m_stages->findData(stages)); }
void TrainPanel::setDatasets(const QString& ind, const QString& ood) {
    m_ind->setText(ind);
    m_ood->setText(ood);
}

void TrainPanel::showMessage(const QString& text) {
    m_message = text;
    m_status->setText(text);
}

QString TrainPanel::savedWorkspace() {
    const QString dir = m_openWorkspace();
    if (dir.isEmpty()) showMessage(tr("Open a workspace first (and let it save)."));
    return dir;
}

bool TrainPanel::train() {
    const QString dir = savedWorkspace();
    if (dir.isEmpty()) return false;
    const StudioSettings settings = m_settings();
    ops::TrainingRequest r;
    r.workspaceDir = dir.toStdString();
    r.model = settings.modelSource();
    const QString stages = m_stages->currentData().toString();
    r.options.stageA = stages.contains(QLatin1Char('A'));
    r.options.stageB = stages.contains(QLatin1Char('B'));
    r.options.a.epochs = m_epochsA->value();
    r.options.b.epochs = m_epochsB->value();
    m_workspaceDir = dir;
    m_curves->clearGraphs();
    const auto addGraph = [&](const QString& name, const QColor& colour, bool accuracy) {
        QCPGraph* g = m_curves->addGraph(m_curves->xAxis, accuracy ? m_curves->yAxis2 : m_curves->yAxis);
        g->setName(name);
        g->setPen(QPen(colour, 1.2, accuracy ? Qt::DashLine : Qt::SolidLine));
    };
    addGraph(tr("stage A loss"), kSetColours[0], false);
    addGraph(tr("stage A accuracy"), kSetColours[0], true);
    addGraph(tr("stage B loss"), kSetColours[1], false);
    addGraph(tr("stage B accuracy"), kSetColours[1], true);
    addGraph(tr("validation AUROC"), kSetColours[2], true);
    m_curves->graph(kValidationGraph)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssDisc, 4));
    addGraph(tr("chosen checkpoint"), kSetColours[3], true);
    m_curves->graph(kChosenGraph)->setLineStyle(QCPGraph::lsNone);
    m_curves->graph(kChosenGraph)->setScatterStyle(QCPScatterStyle(QCPScatterStyle::ssCircle, QPen(kSetColours[3], 2), Qt::NoBrush, 12));
    m_validation.clear();
    m_stageBOffset = 0;
    m_cancel->setEnabled(true);
    showMessage(tr("Training…"));
    m_trainJob = m_jobs->enqueue(tr("fine-tuning"),
                                 [jobs = m_jobs, r](JobWorker* w, JobId id) { jobs->queueOnWorker([w, id, r] { w->train(id, r); }); });
    return true;
}

void TrainPanel::addCheckpoint(const QString& stage, qlonglong step, double auroc) {
    if (m_curves->graphCount() <= kChosenGraph) return;
    const double x = static_cast<double>(stage.endsWith(QLatin1Char('B')) ? m_stageBOffset + step : step);
    m_validation.insert(qMakePair(stage, step), qMakePair(x, auroc));
    m_curves->graph(kValidationGraph)->addData(x, auroc);
    m_curves->replot(QCustomPlot::rpQueuedReplot);
}

void TrainPanel::markChosen(const QString& stage, qlonglong step) {
    const auto it = m_validation.constFind(qMakePair(stage, step));
    if (it == m_validation.constEnd() || m_curves->graphCount() <= kChosenGraph) return;
    m_curves->graph(kChosenGraph)->addData(it->first, it->second);
    m_curves->replot(QCustomPlot::rpQueuedReplot);
}

void TrainPanel::addStep(const QString& stage, qlonglong step, qlonglong total, double loss, double accuracy) {
    if (m_curves->graphCount() < 4) return;
    const bool b = stage.endsWith(QLatin1Char('B'));
    if (!b) m_stageBOffset = step;
    const double x = static_cast<double>(b ? m_stageBOffset + step : step);
    m_curves->graph(b ? 2 : 0)->addData(x, loss);
    m_curves->graph(b ? 3 : 1)->addData(x, accuracy);
    m_curves->rescaleAxes();
    m_curves->yAxis2->setRange(0, 1);
    m_curves->replot(QCustomPlot::rpQueuedReplot);  // coalesced: one replot per event-loop pass
    showMessage(
        tr("%1: step %2 of %3, loss %4, accuracy %5").arg(stage).arg(step).arg(total).arg(loss, 0, 'f', 4).arg(accuracy, 0, 'f', 3));
}

bool TrainPanel::evaluate() {
    const QString dir = savedWorkspace();
    if (dir.isEmpty()) return false;
    const std::optional<ops::EvaluationRequest> request = evaluationRequest(dir);
    if (!request) return false;  // the message says why
    const ops::EvaluationRequest& r = *request;
    m_cancel->setEnabled(true);
    showMessage(r.adapterPath.empty() ? tr("Evaluating zero-shot (no adapter yet: train first to compare)…") : tr("Evaluating…"));
    m_evaluationJob = m_jobs->enqueue(
        tr("evaluation"), [jobs = m_jobs, r](JobWorker* w, JobId id) { jobs->queueOnWorker([w, id, r] { w->evaluate(id, r); }); });
    return true;
}

std::optional<ops::EvaluationRequest> TrainPanel::evaluationRequest(const QString& dir) {
    const StudioSettings settings = m_settings();
    const WorkspaceLayout layout(dir.toStdString());
    ops::EvaluationRequest r;
    r.model = settings.modelSource();
    r.negLabelsFile = layout.negativeLabels();
    if (!QFile::exists(QString::fromStdString(r.negLabelsFile))) {
        showMessage(tr("No negative labels yet (%1): synthesize first.").arg(QString::fromStdString(r.negLabelsFile)));
        return std::nullopt;
    }
    if (QFile::exists(QString::fromStdString(layout.adapter()))) r.adapterPath = layout.adapter();
    r.cacheDir = layout.evaluationCacheDir();
    r.scores = {scoreKindFromString(m_score->currentText().toStdString())};
    QString bad;
    const std::optional<NamedSets> ood = parseNamedSets(m_ood->text(), &bad);
    if (!ood) {
        showMessage(tr("OOD sets are name=spec, separated by commas; '%1' is not.").arg(bad));
        return std::nullopt;
    }
    for (const auto& [name, spec] : *ood) r.oodSets.emplace_back(name.toStdString(), spec.toStdString());
    const QString ind = m_ind->text().trimmed();
    if (ind.isEmpty() || r.oodSets.empty()) {
        showMessage(tr("Name the InD set and at least one OOD set."));
        return std::nullopt;
    }
    r.indSpec = ind.toStdString();
    r.failures = kFailuresListed;
    r.trainingWorkspace = dir.toStdString();
    return r;
}

void TrainPanel::showEvaluation(const EvaluationResult& r) {
    m_result = r;
    m_table->setRowCount(0);
    const auto addRow = [&](const QString& method, const QString& set, double auroc, double fpr, double aIn, double aOut) {
        const int row = m_table->rowCount();
        m_table->insertRow(row);
        const QStringList cells{method,
                                set,
                                QString::number(100 * auroc, 'f', 2),
                                QString::number(100 * fpr, 'f', 2),
                                QString::number(100 * aIn, 'f', 2),
                                QString::number(100 * aOut, 'f', 2)};
        for (int c = 0; c < cells.size(); ++c) m_table->setItem(row, c, new QTableWidgetItem(cells[c]));
    };
    for (const EvaluatedMethod& m : r.methods) {
        for (const auto& s : m.sets) addRow(m.method, s.name, s.auroc, s.fpr95, s.auprIn, s.auprOut);
        addRow(m.method, tr("average"), m.auroc, m.fpr95, m.auprIn, m.auprOut);
    }
    // ROC: one colour per OOD set; zero-shot dashed, fine-tuned solid.
    m_roc->clearPlottables();
    for (const EvaluatedMethod& m : r.methods) {
        const bool tuned = m.method != QLatin1String("zero-shot");
        for (int i = 0; i < m.sets.size(); ++i) {
            auto* curve = new QCPCurve(m_roc->xAxis, m_roc->yAxis);
            curve->setData(m.sets[i].rocFpr, m.sets[i].rocTpr);
            curve->setPen(QPen(kSetColours[i % 6], tuned ? 1.6 : 1.2, tuned ? Qt::SolidLine : Qt::DashLine));
            curve->setName(QStringLiteral("%1 · %2 (AUROC %3)").arg(m.method, m.sets[i].name).arg(100 * m.sets[i].auroc, 0, 'f', 1));
        }
    }
    m_roc->xAxis->setRange(0, 1);
    m_roc->yAxis->setRange(0, 1.02);
    m_roc->replot();
    // Histograms over shared bins: InD and all OOD sets together, per method.
    m_histograms->clearPlottables();
    double lo = INFINITY, hi = -INFINITY;
    for (const EvaluatedMethod& m : r.methods) {
        for (double v : m.indScores) lo = std::min(lo, v), hi = std::max(hi, v);
        for (const auto& s : m.sets)
            for (double v : s.scores) lo = std::min(lo, v), hi = std::max(hi, v);
    }
    constexpr int kBins = 40;
    const double width = hi > lo ? (hi - lo) / kBins : 1.0;
    const auto addHistogram = [&](const QString& name, const QVector<double>& values, const QPen& pen) {
        QVector<double> x(kBins), y(kBins, 0.0);
        for (int b = 0; b < kBins; ++b) x[b] = lo + (b + 0.5) * width;
        for (double v : values)
            y[std::clamp(static_cast<int>((v - lo) / width), 0, kBins - 1)] += 1.0 / std::max<qsizetype>(1, values.size());
        QCPGraph* g = m_histograms->addGraph();
        g->setLineStyle(QCPGraph::lsStepCenter);
        g->setPen(pen);
        g->setName(name);
        g->setData(x, y);
    };
    for (const EvaluatedMethod& m : r.methods) {
        const bool tuned = m.method != QLatin1String("zero-shot");
        QVector<double> ood;
        for (const auto& s : m.sets) ood += s.scores;
        addHistogram(tr("%1 · InD").arg(m.method), m.indScores, QPen(kSetColours[0], 1.4, tuned ? Qt::SolidLine : Qt::DashLine));
        addHistogram(tr("%1 · OOD").arg(m.method), ood, QPen(kSetColours[3], 1.4, tuned ? Qt::SolidLine : Qt::DashLine));
    }
    m_histograms->rescaleAxes();
    m_histograms->replot();
    m_failures->setFailures(r.failures);
    m_export->setEnabled(true);
    QString summary;
    for (const EvaluatedMethod& m : r.methods) {
        summary += tr("%1: AUROC %2 %, FPR95 %3 % (average). ").arg(m.method).arg(100 * m.auroc, 0, 'f', 2).arg(100 * m.fpr95, 0, 'f', 2);
    }
    showMessage(summary.trimmed());
}

QString TrainPanel::exportTo(const QString& dir) const {
    if (m_result.methods.isEmpty()) return tr("Nothing to export: evaluate first.");
    if (!QDir().mkpath(dir)) return tr("Cannot create %1.").arg(dir);
    const QDir d(dir);
    for (auto [plot, name] :
         {std::pair<QCustomPlot*, QString>{m_roc, QStringLiteral("roc")}, {m_histograms, QStringLiteral("histograms")}}) {
        if (!plot->savePng(d.filePath(name + QStringLiteral(".png")), 900, 600) ||
            !plot->savePdf(d.filePath(name + QStringLiteral(".pdf")), 900, 600)) {
            return tr("Could not write %1 under %2.").arg(name, dir);
        }
    }
    QSaveFile json(d.filePath(QStringLiteral("eval.json")));
    if (!json.open(QIODevice::WriteOnly) || json.write(m_result.json.toUtf8()) < 0 || !json.commit()) {
        return tr("Could not write eval.json under %1.").arg(dir);
    }
    return {};
}

}  // namespace synood::studio
