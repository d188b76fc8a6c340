#include "MainWindow.h"

#include "JobWorker.h"
#include "StudioWorker.h"

#include "CurationCommands.h"
#include "EmbeddingView.h"
#include "GalleryFilter.h"
#include "GalleryModel.h"
#include "GalleryView.h"
#include "InspectorPanel.h"
#include "ScoreHistogram.h"
#include "core/Error.h"
#include "core/Threads.h"
#include "data/CuratedExport.h"
#include "data/WorkspaceLayout.h"
#include "demo/DemoRun.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QComboBox>
#include <QHBoxLayout>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QGridLayout>
#include <QInputDialog>
#include <QLineEdit>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QProgressBar>
#include <QScreen>
#include <QSettings>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>
#include <QVBoxLayout>

#include <set>

#include <algorithm>
#include <limits>
#include <map>

namespace synood::studio {

MainWindow::MainWindow(int threads, QWidget* parent)
    : QMainWindow(parent),
      m_gallery(new widgets::GalleryModel(this)),
      m_filter(new widgets::GalleryFilter(this)),
      m_view(new QListView(this)),
      m_samplesLabel(new QLabel(this)),
      m_computeLabel(new QLabel(tr("starting compute thread…"), this)),
      m_workerThread(std::make_unique<WorkerThread>()),
      m_watch(new QTimer(this)),
      m_undo(new QUndoStack(this)),
      m_embedding(new widgets::EmbeddingView(this)),
      m_inspector(new widgets::InspectorPanel(this)),
      m_scores(new widgets::ScoreHistogram(this)),
      m_progress(new QProgressBar(this)),
      m_settings(StudioSettings::load(QSettings(), QString::fromStdString(demo::defaultDemoPackDir()))) {
    setWindowTitle(tr("SynOOD Studio"));

    setUpGallery();
    setUpMenus();
    setUpDocks();
    setUpStatusBar();
    setUpWatch();
    StudioWorker* worker = connectWorker();
    setUpJobPanels();
    applyFirstStartLayout(screen()->availableSize());
    QMetaObject::invokeMethod(
        worker, [worker, threads] { worker->initialise(threads); }, Qt::QueuedConnection);
    updateStatus();
}

// The gallery (filtered, a grid of uniform cells) under the filter bar.
void MainWindow::setUpGallery() {
    m_filter->setSourceModel(m_gallery);
    m_view->setModel(m_filter);
    const QString filtering = tr("Filtering the gallery…");
    connect(m_filter, &widgets::GalleryFilter::filtering, this, [this, filtering] { statusBar()->showMessage(filtering); });
    connect(m_filter, &widgets::GalleryFilter::filtered, this, [this, filtering] {
        if (statusBar()->currentMessage() == filtering) statusBar()->clearMessage();
    });
    widgets::setUpGalleryView(*m_view);
    connect(m_gallery, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) { addFilterChoices(first, last); });
    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(0, 0, 0, 0);
    centralLayout->setSpacing(2);
    centralLayout->addWidget(makeFilterBar());
    centralLayout->addWidget(m_view, 1);
    setCentralWidget(central);
}

// File, Edit and Curate (the curation keys act on the selection).
void MainWindow::setUpMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open workspace…"), this, &MainWindow::chooseWorkspace);
    open->setShortcut(QKeySequence::Open);
    file->addAction(tr("&Export curated set…"), this, &MainWindow::chooseExportTarget);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    // The platform's Redo key differs (Ctrl+Y, Ctrl+Shift+Z): offer both everywhere.
    redo->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* settings = edit->addAction(tr("&Settings…"), this, &MainWindow::openSettings);
    settings->setShortcut(QKeySequence::Preferences);
    QMenu* curate = menuBar()->addMenu(tr("&Curate"));
    const auto addCuration = [&](const QString& text, const QKeySequence& key, auto slot) {
        QAction* a = curate->addAction(text, this, slot);
        a->setShortcut(key);
        a->setShortcutContext(Qt::WindowShortcut);
    };
    addCuration(tr("&Accept"), QKeySequence(Qt::Key_A), [this] { setSelectionStatus(Status::Accepted); });
    addCuration(tr("&Reject"), QKeySequence(Qt::Key_R), [this] { setSelectionStatus(Status::Rejected); });
    addCuration(tr("Back to &pending"), QKeySequence(Qt::Key_P), [this] { setSelectionStatus(Status::Pending); });
    addCuration(tr("&Tag…"), QKeySequence(Qt::Key_T), [this] { askTag(); });
}

// The Embeddings, Inspector and Scores docks, the View menu, and the selection shared by gallery and map.
void MainWindow::setUpDocks() {
    auto* dock = m_embeddingsDock = new QDockWidget(tr("Embeddings"), this);
    dock->setObjectName(QStringLiteral("embeddings"));
    auto* embeddingPanel = new QWidget(dock);
    auto* embeddingLayout = new QVBoxLayout(embeddingPanel);
    embeddingLayout->setContentsMargins(0, 0, 0, 0);
    m_colourBy = new QComboBox(embeddingPanel);
    m_colourBy->setToolTip(tr("Colour by"));
    m_colourBy->addItem(tr("colour by origin"), QStringLiteral("origin"));
    m_colourBy->addItem(tr("colour by class"), QStringLiteral("class"));
    m_colourBy->addItem(tr("colour by status"), QStringLiteral("status"));
    m_colourBy->addItem(tr("colour by score"), QStringLiteral("score"));
    connect(m_colourBy, &QComboBox::currentIndexChanged, this, [this] { colourEmbeddingsBy(m_colourBy->currentData().toString()); });
    m_projection = new QComboBox(embeddingPanel);
    m_projection->addItem(tr("PCA (with the boundary map)"), QStringLiteral("pca"));
    m_projection->addItem(tr("UMAP"), QStringLiteral("umap"));
    connect(m_projection, &QComboBox::currentIndexChanged, this, [this] {
        if (m_embedding->pointCount() > 0) computeEmbeddings();
    });
    auto* embeddingBar = new QHBoxLayout;
    embeddingBar->addWidget(m_projection);
    embeddingBar->addWidget(m_colourBy);
    embeddingLayout->addLayout(embeddingBar);
    embeddingLayout->addLayout(makeTestSetBar(embeddingPanel));
    embeddingLayout->addWidget(m_embedding, 1);
    dock->setWidget(embeddingPanel);
    addDockWidget(Qt::RightDockWidgetArea, dock);
    QMenu* view = m_viewMenu = menuBar()->addMenu(tr("&View"));
    QAction* embed = view->addAction(tr("Compute &embeddings"), this, &MainWindow::computeEmbeddings);
    embed->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_E));
    // Selection tools in the embeddings: at most one on; none means dragging pans.
    auto* tools = new QActionGroup(this);
    tools->setExclusionPolicy(QActionGroup::ExclusionPolicy::ExclusiveOptional);
    const auto addTool = [&](const QString& text, Qt::Key key, widgets::SelectionTool tool) {
        QAction* action = view->addAction(text);
        action->setCheckable(true);
        action->setShortcut(QKeySequence(key));
        tools->addAction(action);
        connect(action, &QAction::toggled, this, [this, tool](bool on) {
            if (on)
                m_embedding->setSelectionTool(tool);
            else if (m_embedding->selectionTool() == tool)
                m_embedding->setSelectionTool(widgets::SelectionTool::None);
        });
    };
    addTool(tr("&Lasso selection in the embeddings"), Qt::Key_L, widgets::SelectionTool::Lasso);
    addTool(tr("&Rectangle selection in the embeddings"), Qt::Key_B, widgets::SelectionTool::Rectangle);
    auto* inspectorDock = m_inspectorDock = new QDockWidget(tr("Inspector"), this);
    inspectorDock->setObjectName(QStringLiteral("inspector"));
    inspectorDock->setWidget(m_inspector);
    addDockWidget(Qt::RightDockWidgetArea, inspectorDock);
    tabifyDockWidget(dock, inspectorDock);
    auto* scoresDock = new QDockWidget(tr("Scores"), this);
    scoresDock->setObjectName(QStringLiteral("scores"));
    scoresDock->setWidget(m_scores);
    addDockWidget(Qt::RightDockWidgetArea, scoresDock);
    tabifyDockWidget(dock, scoresDock);
    dock->raise();
    // Dragging the band filters the gallery to the scores inside it; a double-click opens it again.
    connect(m_scores, &widgets::ScoreHistogram::bandChanged, m_filter, &widgets::GalleryFilter::setScoreRange);
    connect(m_scores, &widgets::ScoreHistogram::bandCleared, this,
            [this] { m_filter->setScoreRange(-std::numeric_limits<double>::infinity(), std::numeric_limits<double>::infinity()); });
    view->addAction(dock->toggleViewAction());
    view->addAction(inspectorDock->toggleViewAction());
    view->addAction(scoresDock->toggleViewAction());
    connect(m_view->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { m_inspector->showSample(m_workspace.get(), workspaceRow(current)); });
    // Curation changes the summary of the sample on show.
    connect(m_gallery, &widgets::GalleryModel::sampleChanged, this, [this](int row) {
        if (workspaceRow(m_view->currentIndex()) == row) m_inspector->showSample(m_workspace.get(), row);
    });
    connect(m_embedding, &widgets::EmbeddingView::selectionChanged, this, [this](const QVector<int>& rows) {
        if (m_syncingSelection) return;
        m_syncingSelection = true;
        QItemSelection selection;
        for (int r : rows) {
            const QModelIndex i = viewIndex(r);
            if (i.isValid()) selection.select(i, i);  // rows the filter hides stay unselected
        }
        m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
        if (!selection.isEmpty()) m_view->scrollTo(selection.indexes().front());
        m_syncingSelection = false;
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this, [this] {
        if (m_syncingSelection) return;
        m_syncingSelection = true;
        QVector<int> rows;
        for (const QModelIndex& i : m_view->selectionModel()->selectedIndexes()) rows.push_back(workspaceRow(i));
        m_embedding->setSelectedRows(rows);
        m_syncingSelection = false;
    });
}

void MainWindow::setUpStatusBar() {
    m_progress->setMaximumWidth(240);
    m_progress->setVisible(false);
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addWidget(m_samplesLabel, 1);
    statusBar()->addPermanentWidget(m_computeLabel);
}

// Every change is written when it is made (one transaction); what is left to watch for is other
// writers' new samples, checked once a second at the cost of one PRAGMA.
void MainWindow::setUpWatch() {
    m_watch->setInterval(1000);
    connect(m_watch, &QTimer::timeout, this, &MainWindow::showNewSamples);
    m_watch->start();
    connect(m_gallery, &widgets::GalleryModel::writeFailed, this, [this](const QString& message) {
        statusBar()->showMessage(tr("Not written: %1").arg(message), 15000);
        showWarning(tr("The workspace refused the change"), message);
    });
}

int MainWindow::showNewSamples() { return m_gallery->refresh(); }

// The embeddings worker's answers: ready, model loaded or failed, progress, embeddings.
StudioWorker* MainWindow::connectWorker() {
    StudioWorker* worker = m_workerThread->worker();
    connect(worker, &StudioWorker::ready, this, [this](const QString& description) {
        m_computeLabel->setText(description);
        m_workerReady = true;
        Q_EMIT workerReadyChanged();
    });
    connect(worker, &StudioWorker::modelLoaded, this, [this](const QString& pack, const QString& device, const QString& name) {
        m_progress->setVisible(false);
        m_settings.packDir = pack;
        m_settings.device = device;
        m_savedPackDir.clear();  // a pack chosen in the settings ends the world's session pack
        storeSettings();
        m_lastModelError.clear();
        statusBar()->showMessage(tr("Model: %1 on %2").arg(name, device), 10000);
        Q_EMIT modelApplied(true);
    });
    connect(worker, &StudioWorker::modelFailed, this, [this](const QString& pack, const QString& message) {
        m_progress->setVisible(false);
        m_lastModelError = message;
        const QString text = tr("Could not load the model pack %1: %2\nStill using %3.").arg(pack, message, m_settings.packDir);
        statusBar()->showMessage(text, 15000);
        if (isVisible()) showWarning(tr("Model pack"), text);
        Q_EMIT modelApplied(false);
    });
    connect(worker, &StudioWorker::failed, this, [this](const QString& message) {
        m_progress->setVisible(false);
        if (!m_workerReady) m_computeLabel->setText(tr("compute unavailable"));
        statusBar()->showMessage(message, 15000);
        if (isVisible()) showWarning(tr("Compute thread"), message);
    });
    connect(worker, &StudioWorker::testSetsReady, this, [this](const QVector<widgets::TestSetPoints>& sets) {
        m_progress->setVisible(false);
        m_embedding->setTestSets(sets);
        QStringList counts;
        for (const auto& s : sets) {
            int above = 0;
            for (double v : s.score) above += v >= m_mapThreshold;
            counts << tr("%1: %2 of %3 above the boundary").arg(s.name).arg(above).arg(s.x.size());
        }
        statusBar()->showMessage(tr("Test sets in the map: %1").arg(counts.join(QStringLiteral("; "))), 15000);
        Q_EMIT testSetsShown();
    });
    connect(worker, &StudioWorker::progress, this, [this](const QString& stage, qlonglong done, qlonglong total) {
        m_progress->setVisible(true);
        m_progress->setFormat(stage + QStringLiteral(" %p%"));
        m_progress->setRange(0, total > 0 ? 1000 : 0);
        if (total > 0) m_progress->setValue(static_cast<int>(1000 * done / total));
    });
    connect(worker, &StudioWorker::embeddingReady, this, [this](const widgets::EmbeddingPoints& points, const widgets::EmbeddingMap& map) {
        m_progress->setVisible(false);
        if (map.nx > 0)
            m_embedding->setAxisLabels(tr("PC 1"), tr("PC 2"));
        else
            m_embedding->setAxisLabels(tr("UMAP 1"), tr("UMAP 2"));
        m_embedding->setPoints(points);
        m_embedding->setBoundaryMap(map);
        m_mapThreshold = map.threshold;
        if (!m_testSetsShown.isEmpty()) placeTestSets();  // the earlier ones were in the previous plane
        colourEmbeddingsBy(m_colourBy->currentData().toString());
        if (points.score.size() == m_gallery->rowCount()) {
            m_gallery->setScores(QStringLiteral("energy"), points.score);
            m_scores->setScores(points.score, points.group, points.groupNames);
            m_scores->setBand(map.bandLow, map.bandHigh);
        }
        statusBar()->showMessage(
            map.nx > 0 ? tr("Embeddings of %n sample(s): PCA; the boundary at the InD 5 % score quantile", nullptr, points.x.size())
                       : tr("Embeddings of %n sample(s): UMAP (the boundary map needs PCA)", nullptr, points.x.size()),
            10000);
    });
    return worker;
}

MainWindow::~MainWindow() {
    m_jobs->shutDown();
    m_gallery->setWorkspace(nullptr);
    m_workerThread.reset();  // cancels, quits and joins the worker thread
}

QString MainWindow::openWorkspace(const QString& dir) {
    std::unique_ptr<Workspace> loaded;
    try {
        loaded = std::make_unique<Workspace>(Workspace::load(dir.toStdString(), Workspace::Provenances::OnDemand));
    } catch (const SynoodError& e) {
        return QString::fromUtf8(e.what());
    }
    m_undo->clear();  // its commands address the rows of the previous workspace
    m_inspector->showSample(nullptr, -1);
    m_gallery->setWorkspace(loaded.get());
    m_workspace = std::move(loaded);
    refillFilterChoices();
    setWindowTitle(tr("SynOOD Studio — %1").arg(QString::fromStdString(m_workspace->name())));
    updateStatus();
    return {};
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // A running job is cancelled (it stops at its next step); what it wrote is in the workspace already.
    m_jobs->shutDown();
    saveLayout();
    event->accept();
}

void MainWindow::chooseWorkspace() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open workspace"));
    if (dir.isEmpty()) return;
    const QString error = openWorkspace(dir);
    if (!error.isEmpty()) QMessageBox::critical(this, tr("Could not open the workspace"), error);
}

QWidget* MainWindow::makeFilterBar() {
    // Two rows of three: narrow enough that the docks beside the gallery keep their width on a
    // 1,100-pixel window (one row of six took about 700 pixels and squeezed the Synthesis dock).
    auto* bar = new QWidget(this);
    auto* layout = new QGridLayout(bar);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setVerticalSpacing(2);
    int placed = 0;
    const auto place = [&](QWidget* w) {
        layout->addWidget(w, placed / 3, placed % 3);
        ++placed;
    };
    const auto combo = [&](const QString& tip, const QList<QPair<QString, QString>>& items) {
        auto* c = new QComboBox(bar);
        c->setToolTip(tip);
        for (const auto& [label, value] : items) c->addItem(label, value);
        place(c);
        return c;
    };
    QComboBox* origin =
        combo(tr("Origin"), {{tr("all origins"), {}}, {tr("InD"), "ind"}, {tr("OOD"), "ood"}, {tr("synthesized"), "synthesized"}});
    QComboBox* status = combo(
        tr("Status"), {{tr("any status"), {}}, {tr("pending"), "pending"}, {tr("accepted"), "accepted"}, {tr("rejected"), "rejected"}});
    m_classChoice = combo(tr("Class"), {{tr("all classes"), {}}});
    m_tagChoice = combo(tr("Tag"), {{tr("any tag"), {}}});
    auto* search = new QLineEdit(bar);
    search->setPlaceholderText(tr("search id, class, prompt"));
    search->setClearButtonEnabled(true);
    search->setMinimumWidth(150);
    place(search);
    QComboBox* sort = combo(tr("Sort"), {{tr("workspace order"), "workspace"},
                                         {tr("class"), "class"},
                                         {tr("status"), "status"},
                                         {tr("score ↑"), "score-up"},
                                         {tr("score ↓"), "score-down"},
                                         {tr("looks InD ↓"), "looks-ind"}});
    connect(origin, &QComboBox::currentIndexChanged, this, [this, origin] { m_filter->setOrigin(origin->currentData().toString()); });
    connect(status, &QComboBox::currentIndexChanged, this, [this, status] { m_filter->setStatus(status->currentData().toString()); });
    connect(m_classChoice, &QComboBox::currentIndexChanged, this,
            [this] { m_filter->setClassName(m_classChoice->currentData().toString()); });
    connect(m_tagChoice, &QComboBox::currentIndexChanged, this, [this] { m_filter->setTag(m_tagChoice->currentData().toString()); });
    connect(search, &QLineEdit::textChanged, m_filter, &widgets::GalleryFilter::setText);
    connect(sort, &QComboBox::currentIndexChanged, this, [this, sort] {
        const QString key = sort->currentData().toString();
        using Key = widgets::GalleryFilter::SortKey;
        if (key == "class")
            m_filter->setSortKey(Key::Class);
        else if (key == "status")
            m_filter->setSortKey(Key::Status);
        else if (key == "score-up")
            m_filter->setSortKey(Key::Score, Qt::AscendingOrder);
        else if (key == "score-down")
            m_filter->setSortKey(Key::Score, Qt::DescendingOrder);
        else if (key == "looks-ind")  // the likeliest leaks first
            m_filter->setSortKey(Key::LooksInD, Qt::DescendingOrder);
        else
            m_filter->setSortKey(Key::Workspace);
    });
    return bar;
}

namespace {

// A class or tag added to its filter choice after "all classes" / "any tag", in order, once.
void addChoiceInOrder(QComboBox* choice, const std::string& value) {
    const QString v = QString::fromStdString(value);
    if (v.isEmpty() || choice->findData(v) >= 0) return;
    int at = 1;
    while (at < choice->count() && choice->itemData(at).toString() < v) ++at;
    choice->insertItem(at, v, v);
}

}  // namespace

void MainWindow::refillFilterChoices() {
    std::set<std::string> classes, tags;  // each value once before the choices' linear look-ups
    for (const Sample& s : m_workspace->samples()) {
        classes.insert(s.className);
        tags.insert(s.tags.begin(), s.tags.end());
    }
    for (auto [choice, values] : {std::pair{m_classChoice, &classes}, std::pair{m_tagChoice, &tags}}) {
        const QSignalBlocker block(choice);
        while (choice->count() > 1) choice->removeItem(1);
        choice->setCurrentIndex(0);
        for (const auto& v : *values) addChoiceInOrder(choice, v);
    }
    m_filter->setClassName({});
    m_filter->setTag({});
}

// Samples that land (a synthesis run) may bring classes and tags the choices lack, such as
// near-boundary and looks-ind; the current choices stay.
void MainWindow::addFilterChoices(int first, int last) {
    for (int r = first; r <= last; ++r) {
        const Sample& s = m_workspace->sample(static_cast<size_t>(r));
        addChoiceInOrder(m_classChoice, s.className);
        for (const std::string& tag : s.tags) addChoiceInOrder(m_tagChoice, tag);
    }
}

void MainWindow::showWarning(const QString& title, const QString& text) {
    auto* box = new QMessageBox(QMessageBox::Warning, title, text, QMessageBox::Ok, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();  // not modal to the event loop: jobs and tests go on
}

void MainWindow::applyModel(const QString& packDir, const QString& device) {
    StudioWorker* worker = m_workerThread->worker();
    ops::ModelSource source = m_settings.modelSource();
    source.packDir = packDir.toStdString();
    source.device = device.toStdString();
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);
    QMetaObject::invokeMethod(
        worker, [worker, source] { worker->loadModel(source); }, Qt::QueuedConnection);
}

void MainWindow::openSettings() {
    QStringList devices;
    for (const auto& d : availableDevices()) devices << QString::fromStdString(d);
    SettingsDialog dialog(m_settings, devices, this);
    if (dialog.exec() != QDialog::Accepted) return;
    const StudioSettings chosen = dialog.settings();
    const bool modelChanged = chosen.packDir != m_settings.packDir || chosen.device != m_settings.device;
    const QString pack = chosen.packDir, device = chosen.device;
    StudioSettings kept = chosen;  // the model fields change only once the model has loaded
    kept.packDir = m_settings.packDir;
    kept.device = m_settings.device;
    m_settings = kept;
    storeSettings();
    if (modelChanged) applyModel(pack, device);
}

void MainWindow::storeSettings() {
    StudioSettings stored = m_settings;
    if (!m_savedPackDir.isEmpty()) stored.packDir = m_savedPackDir;
    QSettings settings;
    stored.save(settings);
}

void MainWindow::inspectRow(int row) {
    if (row < 0 || row >= m_gallery->rowCount()) return;
    const QModelIndex i = viewIndex(row);
    if (!i.isValid()) return;  // hidden by the filter
    m_view->setCurrentIndex(i);
    m_view->scrollTo(i);
    m_inspectorDock->raise();
}

void MainWindow::colourEmbeddingsBy(const QString& attribute) {
    const widgets::EmbeddingPoints& p = m_embedding->points();
    if (!m_workspace || p.x.size() != static_cast<int>(m_workspace->size())) return;
    QVector<int> group(p.x.size(), 0);
    QStringList names;
    QVector<QColor> colours;
    if (attribute == QLatin1String("status")) {
        names = {tr("pending"), tr("accepted"), tr("rejected")};
        colours = {QColor(127, 127, 127), QColor(44, 160, 44), QColor(214, 39, 40)};
        for (int i = 0; i < group.size(); ++i) group[i] = static_cast<int>(m_workspace->sample(static_cast<size_t>(i)).status);
    } else if (attribute == QLatin1String("class")) {
        std::map<std::string, int> sizes;
        for (const Sample& s : m_workspace->samples()) ++sizes[s.className];
        std::vector<std::pair<int, std::string>> bySize;
        for (const auto& [name, n] : sizes) bySize.emplace_back(-n, name);
        std::sort(bySize.begin(), bySize.end());
        std::map<std::string, int> index;
        for (size_t k = 0; k < bySize.size() && k < 9; ++k) {
            index[bySize[k].second] = static_cast<int>(k);
            names << (bySize[k].second.empty() ? tr("no class") : QString::fromStdString(bySize[k].second));
        }
        if (bySize.size() > 9) names << tr("%n other class(es)", nullptr, static_cast<int>(bySize.size() - 9));
        for (int i = 0; i < group.size(); ++i) {
            const auto it = index.find(m_workspace->sample(static_cast<size_t>(i)).className);
            group[i] = it != index.end() ? it->second : 9;
        }
    } else if (attribute == QLatin1String("score") && p.score.size() == p.x.size()) {
        const auto [lo, hi] = std::minmax_element(p.score.begin(), p.score.end());
        const int bins = 8;
        const double width = (*hi - *lo) / bins + 1e-12;
        for (int b = 0; b < bins; ++b) {
            names << tr("score %1 … %2").arg(*lo + b * width, 0, 'f', 2).arg(*lo + (b + 1) * width, 0, 'f', 2);
            colours << QColor::fromHsvF(0.66 * b / double(bins - 1), 0.85, 0.85);  // low (OOD side) red … high blue
        }
        for (int i = 0; i < group.size(); ++i) group[i] = std::min(bins - 1, static_cast<int>((p.score[i] - *lo) / width));
    } else {
        names = {tr("InD"), tr("OOD"), tr("synthesized")};
        for (int i = 0; i < group.size(); ++i) group[i] = static_cast<int>(m_workspace->sample(static_cast<size_t>(i)).origin);
    }
    m_embedding->setGroups(group, names, colours);
}

void MainWindow::setProjection(const QString& projection) {
    m_projection->setCurrentIndex(std::max(0, m_projection->findData(projection)));
}

void MainWindow::computeEmbeddings() {
    if (!m_workspace) return;
    StudioWorker* worker = m_workerThread->worker();
    const QString dir = QString::fromStdString(m_workspace->dir()), projection = m_projection->currentData().toString();
    const ops::ModelSource source = m_settings.modelSource();
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);
    QMetaObject::invokeMethod(
        worker, [worker, dir, source, projection] { worker->computeEmbedding(dir, source, projection); }, Qt::QueuedConnection);
}

QModelIndex MainWindow::viewIndex(int row) const { return m_filter->mapFromSource(m_gallery->index(row)); }

int MainWindow::workspaceRow(const QModelIndex& index) const { return index.isValid() ? m_filter->mapToSource(index).row() : -1; }

std::vector<int> MainWindow::selectedRows() const {
    std::vector<int> rows;
    for (const QModelIndex& i : m_view->selectionModel()->selectedIndexes()) rows.push_back(workspaceRow(i));
    if (rows.empty() && m_view->currentIndex().isValid()) rows.push_back(workspaceRow(m_view->currentIndex()));
    std::sort(rows.begin(), rows.end());
    return rows;
}

void MainWindow::setSelectionStatus(Status status) {
    if (!m_workspace) return;
    const std::vector<int> rows = selectedRows();
    if (rows.empty()) return;
    const int viewRow = m_view->currentIndex().row();
    m_undo->push(new widgets::SetStatusCommand(m_gallery, rows, status));
    // Keyboard curation: one sample at a time, then the next one shown.
    if (rows.size() == 1 && status != Status::Pending && viewRow >= 0 && viewRow + 1 < m_filter->rowCount()) {
        m_view->setCurrentIndex(m_filter->index(viewRow + 1, 0));
    }
}

void MainWindow::toggleSelectionTag(const QString& tag) {
    const std::vector<int> rows = selectedRows();
    if (!m_workspace || rows.empty() || tag.trimmed().isEmpty()) return;
    m_undo->push(new widgets::ToggleTagCommand(m_gallery, rows, tag.trimmed()));
}

void MainWindow::askTag() {
    bool ok = false;
    const QString tag =
        QInputDialog::getText(this, tr("Tag"), tr("Tag for the selected samples (again: removes it):"), QLineEdit::Normal, {}, &ok);
    if (ok) toggleSelectionTag(tag);
}

QString MainWindow::exportCurated(const QString& targetDir) {
    if (!m_workspace) return tr("No workspace open");
    try {
        const CuratedExportResult r = exportCuratedSet(*m_workspace, targetDir.toStdString());
        statusBar()->showMessage(tr("Exported %n image(s) to %1", nullptr, static_cast<int>(r.images)).arg(targetDir), 10000);
        return {};
    } catch (const SynoodError& e) {
        return QString::fromUtf8(e.what());
    }
}

void MainWindow::chooseExportTarget() {
    const QString dir = QFileDialog::getSaveFileName(this, tr("Export the accepted samples to a new folder"));
    if (dir.isEmpty()) return;
    const QString error = exportCurated(dir);
    if (!error.isEmpty()) QMessageBox::critical(this, tr("Could not export"), error);
}

void MainWindow::updateStatus() {
    if (!m_workspace) {
        m_samplesLabel->setText(tr("No workspace open"));
        return;
    }
    m_samplesLabel->setText(
        tr("%n sample(s) · %1", nullptr, static_cast<int>(m_workspace->size())).arg(QString::fromStdString(m_workspace->dir())));
}

}  // namespace synood::studio
