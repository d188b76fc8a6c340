// The main window's job panels: synthesis (live and batch queue) and train & evaluate, their docks,
// and what ties them to the workspace: results that land are added to the gallery, seeds come from
// the gallery (or a file, copied into the workspace), the synthesis path is drawn in the embeddings.
#include "MainWindow.h"

#include "NamedSets.h"
#include "demo/DemoRun.h"

#include "EmbeddingView.h"
#include "FailuresView.h"
#include "GalleryModel.h"
#include "JobWorker.h"
#include "SynthesisPanel.h"
#include "TrainPanel.h"
#include "core/Error.h"
#include "synth/SynthesisRun.h"

#include <QDir>

#include <algorithm>
#include <QDockWidget>
#include <QFile>
#include <QFileInfo>
#include <QLineEdit>
#include <QListView>
#include <QMenu>
#include <QScrollArea>
#include <QStatusBar>
#include <QTimer>

namespace synood::studio {

void MainWindow::setUpJobPanels() {
    m_jobs = new JobRunner(this);
    const auto workspaceDir = [this]() -> QString { return m_workspace ? QString::fromStdString(m_workspace->dir()) : QString(); };
    const auto settings = [this] { return m_settings; };
    m_synthesis = new SynthesisPanel(m_jobs, workspaceDir, settings);
    m_train = new TrainPanel(m_jobs, workspaceDir, settings);

    const auto addDock = [this](QWidget* panel, const QString& title, const QString& name) {
        auto* scroll = new QScrollArea;
        scroll->setWidget(panel);
        scroll->setWidgetResizable(true);
        auto* dock = new QDockWidget(title, this);
        dock->setObjectName(name);
        dock->setWidget(scroll);
        addDockWidget(Qt::LeftDockWidgetArea, dock);
        return dock;
    };
    m_synthesisDock = addDock(m_synthesis, tr("Synthesis"), QStringLiteral("synthesis"));
    m_trainDock = addDock(m_train, tr("Train and evaluate"), QStringLiteral("train"));
    tabifyDockWidget(m_synthesisDock, m_trainDock);
    m_synthesisDock->raise();
    m_viewMenu->addAction(m_synthesisDock->toggleViewAction());
    m_viewMenu->addAction(m_trainDock->toggleViewAction());

    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this, [this](const QModelIndex& current) {
        const int row = workspaceRow(current);
        if (!m_workspace || row < 0) return;
        const Sample& s = m_workspace->sample(static_cast<size_t>(row));
        m_synthesis->setCurrentSample(QString::fromStdString(s.id), QString::fromStdString(m_workspace->absoluteImagePath(s)));
    });
    connect(m_train->failuresView(), &FailuresView::sampleChosen, this, [this](const QString& id) {
        if (m_workspace) inspectRow(static_cast<int>(m_workspace->indexOf(id.toStdString())));
    });
    connect(m_synthesis, &SynthesisPanel::batchRequested, this, [this] { m_synthesis->queueBatch(selectedIds()); });
    connect(m_synthesis, &SynthesisPanel::seedFileChosen, this, &MainWindow::importSeedFile);
    connect(m_synthesis, &SynthesisPanel::samplesLanded, this, &MainWindow::showNewSamples);
    connect(m_synthesis, &SynthesisPanel::pathCleared, this, [this] {
        m_embedding->clearPath();
        const long long row = m_workspace ? m_workspace->indexOf(m_synthesis->seedId().toStdString()) : -1;
        if (row >= 0 && row < m_embedding->pointCount()) {
            m_embedding->appendPathPoint(
                QPointF(m_embedding->points().x[static_cast<int>(row)], m_embedding->points().y[static_cast<int>(row)]));
        }
    });
    connect(m_synthesis, &SynthesisPanel::pathPoint, this, [this](const QVector<float>& features) {
        if (const auto at = m_embedding->place(features)) m_embedding->appendPathPoint(*at);
    });
    connect(m_synthesis, &SynthesisPanel::interactiveFinished, this, [this](int written) {
        if (written > 0 && m_gallery->rowCount() > 0) inspectRow(m_gallery->rowCount() - 1);  // the new sample
    });
    connect(this, &MainWindow::modelApplied, this, [this](bool ok) {
        if (ok) m_synthesis->applyPackDefaults(m_settings.packDir);
    });
    connect(m_gallery, &widgets::GalleryModel::samplesAdded, this, &MainWindow::updateStatus);
    connect(m_jobs->worker(), &JobWorker::progress, this, [this](JobId, const QString& stage, qlonglong done, qlonglong total) {
        statusBar()->showMessage(total > 0 ? tr("%1: %2 of %3").arg(stage).arg(done).arg(total) : stage, 4000);
    });
    connect(m_jobs, &JobRunner::ended, this, [this](JobId, JobOutcome outcome, const QString& label, const QString& message) {
        if (outcome == JobOutcome::Failed) statusBar()->showMessage(tr("%1 failed: %2").arg(label, message), 15000);
    });
}

void MainWindow::showPanel(const QString& name) {
    const bool train = name == QLatin1String("train") || name == QLatin1String("evaluate");
    QDockWidget* dock = train ? m_trainDock : m_synthesisDock;
    dock->show();
    dock->raise();
    resizeDocks({dock}, {std::max(460, width() / 3)}, Qt::Horizontal);
    if (name == QLatin1String("evaluate")) m_train->showTab(2);  // the ROC curves
}

QStringList MainWindow::selectedIds() const {
    QStringList ids;
    if (!m_workspace) return ids;
    for (int row : selectedRows()) ids << QString::fromStdString(m_workspace->sample(static_cast<size_t>(row)).id);
    return ids;
}

void MainWindow::importSeedFile(const QString& path) {
    if (!m_workspace) {
        statusBar()->showMessage(tr("Open a workspace first."), 8000);
        return;
    }
    const QDir dir(QString::fromStdString(m_workspace->dir()));
    dir.mkpath(QStringLiteral("seeds"));
    QString name = QFileInfo(path).fileName();
    for (int i = 1; QFile::exists(dir.filePath(QStringLiteral("seeds/") + name)); ++i) {
        name = QStringLiteral("%1-%2.%3").arg(QFileInfo(path).completeBaseName()).arg(i).arg(QFileInfo(path).suffix());
    }
    if (QImage(path).isNull() || !QFile::copy(path, dir.filePath(QStringLiteral("seeds/") + name))) {
        statusBar()->showMessage(tr("Could not use %1 as a seed (not an image, or not copyable).").arg(path), 15000);
        return;
    }
    Sample s;
    s.image = "seeds/" + name.toStdString();
    s.origin = Origin::InD;
    s.tags = {"seed-file"};
    s.provenance = {{"imported_from", path.toStdString()}};
    if (!m_gallery->appendSamples({s})) return;
    const Sample& added = m_workspace->sample(m_workspace->size() - 1);
    m_synthesis->useSeed(QString::fromStdString(added.id), QString::fromStdString(m_workspace->absoluteImagePath(added)));
}

void MainWindow::useDemoWorld(demo::ToyWorld world) {
    const QString pack = QString::fromStdString(demo::defaultDemoPackDir(world));
    if (pack != m_settings.packDir) {
        if (m_savedPackDir.isEmpty()) m_savedPackDir = m_settings.packDir;
        m_settings.packDir = pack;
    }
    const demo::WorldSets& sets = demo::worldSets(world);
    m_testSetsEdit->setText(demoOodSets(world));
    m_testSetsEdit->setCursorPosition(0);
    m_train->setDatasets(QStringLiteral("demo:") + QString::fromStdString(sets.ind), demoOodSets(world));
    m_synthesis->setPromptSource(world == demo::ToyWorld::Scenes ? QStringLiteral("context") : QStringLiteral("wordnet"));
}

}  // namespace synood::studio
