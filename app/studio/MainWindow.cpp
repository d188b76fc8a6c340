#include "MainWindow.h"

#include "StudioWorker.h"

#include "GalleryDelegate.h"
#include "GalleryModel.h"
#include "core/Error.h"

#include <QAction>
#include <QCloseEvent>
#include <QFileDialog>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

namespace synood::studio {

MainWindow::MainWindow(int threads, QWidget* parent)
    : QMainWindow(parent),
      m_model(new widgets::GalleryModel(this)),
      m_view(new QListView(this)),
      m_samplesLabel(new QLabel(this)),
      m_computeLabel(new QLabel(tr("starting compute thread…"), this)),
      m_workerThread(std::make_unique<WorkerThread>()),
      m_autosave(new QTimer(this)) {
    setWindowTitle(tr("SynOOD Studio"));
    resize(1100, 720);

    m_view->setModel(m_model);
    m_view->setItemDelegate(new widgets::GalleryDelegate(m_view));
    m_view->setViewMode(QListView::IconMode);
    m_view->setResizeMode(QListView::Adjust);
    m_view->setMovement(QListView::Static);
    m_view->setUniformItemSizes(true);  // constant-time layout: smooth with 100k items
    m_view->setLayoutMode(QListView::Batched);
    m_view->setBatchSize(2000);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setSpacing(2);
    setCentralWidget(m_view);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open workspace…"), this, &MainWindow::chooseWorkspace);
    open->setShortcut(QKeySequence::Open);
    QAction* save = file->addAction(tr("&Save"), this, &MainWindow::saveNow);
    save->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    statusBar()->addWidget(m_samplesLabel, 1);
    statusBar()->addPermanentWidget(m_computeLabel);

    m_autosave->setSingleShot(true);
    m_autosave->setInterval(500);
    connect(m_autosave, &QTimer::timeout, this, &MainWindow::saveNow);
    connect(m_model, &widgets::GalleryModel::sampleChanged, this, [this] {
        m_dirty = true;
        m_autosave->start();
        updateStatus();
    });

    StudioWorker* worker = m_workerThread->worker();
    connect(worker, &StudioWorker::ready, this, [this](const QString& description) {
        m_computeLabel->setText(description);
        m_workerReady = true;
        Q_EMIT workerReadyChanged();
    });
    connect(worker, &StudioWorker::failed, this, [this](const QString& message) {
        m_computeLabel->setText(tr("compute unavailable"));
        QMessageBox::warning(this, tr("Compute thread"), message);
    });
    QMetaObject::invokeMethod(worker, [worker, threads] { worker->initialise(threads); }, Qt::QueuedConnection);
    updateStatus();
}

MainWindow::~MainWindow() {
    m_model->setWorkspace(nullptr);
    m_workerThread.reset();  // cancels, quits and joins the worker thread
}

QString MainWindow::openWorkspace(const QString& dir) {
    std::unique_ptr<Workspace> loaded;
    try {
        loaded = std::make_unique<Workspace>(Workspace::load(dir.toStdString()));
    } catch (const SynoodError& e) {
        return QString::fromUtf8(e.what());
    }
    if (m_dirty) saveNow();
    m_model->setWorkspace(loaded.get());
    m_workspace = std::move(loaded);
    m_dirty = false;
    setWindowTitle(tr("SynOOD Studio — %1").arg(QString::fromStdString(m_workspace->name)));
    updateStatus();
    return {};
}

bool MainWindow::saveNow() {
    m_autosave->stop();
    if (!m_workspace || !m_dirty) return true;
    try {
        m_workspace->save();
        m_dirty = false;
        updateStatus();
        return true;
    } catch (const SynoodError& e) {
        statusBar()->showMessage(tr("Not saved: %1").arg(QString::fromUtf8(e.what())));
        QMessageBox::critical(this, tr("Could not save the workspace"), QString::fromUtf8(e.what()));
        return false;
    }
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!saveNow()) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved changes"), tr("The workspace could not be saved. Quit anyway and lose the changes?"));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    event->accept();
}

void MainWindow::chooseWorkspace() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open workspace"));
    if (dir.isEmpty()) return;
    const QString error = openWorkspace(dir);
    if (!error.isEmpty()) QMessageBox::critical(this, tr("Could not open the workspace"), error);
}

void MainWindow::updateStatus() {
    if (!m_workspace) {
        m_samplesLabel->setText(tr("No workspace open"));
        return;
    }
    m_samplesLabel->setText(tr("%n sample(s) · %1%2", nullptr, static_cast<int>(m_workspace->size()))
                                .arg(QString::fromStdString(m_workspace->dir()),
                                     m_dirty ? tr(" · unsaved changes") : QString()));
}

}  // namespace synood::studio
