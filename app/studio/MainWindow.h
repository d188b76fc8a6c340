#pragma once
// The studio's main window: the workspace gallery, a status bar, and the worker thread.
#include "SettingsDialog.h"
#include "demo/DemoWorld.h"
#include "data/Workspace.h"

#include <QMainWindow>

#include <limits>
#include <memory>
#include <optional>

class QLabel;
class QTimer;
class QListView;
class QUndoStack;
class QProgressBar;
class QComboBox;
class QDockWidget;
class QMenu;
class QLayout;
class QLineEdit;

namespace synood::widgets {
class GalleryModel;
class GalleryFilter;
class EmbeddingView;
class InspectorPanel;
class ScoreHistogram;
}  // namespace synood::widgets

namespace synood::studio {

class StudioWorker;
class WorkerThread;
class JobRunner;
class SynthesisPanel;
class TrainPanel;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(int threads, QWidget* parent = nullptr);
    ~MainWindow() override;

    // Loads the workspace in dir; on failure shows nothing and returns the error message
    // (the previous workspace, if any, stays open; nothing is written).
    QString openWorkspace(const QString& dir);

    widgets::GalleryModel* galleryModel() const { return m_gallery; }
    QListView* galleryView() const { return m_view; }  // shows galleryFilter(), not the model itself
    widgets::GalleryFilter* galleryFilter() const { return m_filter; }
    QUndoStack* undoStack() const { return m_undo; }

    // Curation of the selected samples (keys A, R, P; T asks for a tag), one undo step each; with
    // one sample selected, accept and reject move on to the next one.
    void setSelectionStatus(Status status);
    void toggleSelectionTag(const QString& tag);
    // The accepted samples as an ImageFolder tree with manifests; returns the error message, if any.
    QString exportCurated(const QString& targetDir);

    // Embeddings of the saved workspace, computed on the worker (progress in the status bar); the
    // view's lasso selection and the gallery's selection follow each other.
    widgets::EmbeddingView* embeddingView() const { return m_embedding; }
    widgets::InspectorPanel* inspector() const { return m_inspector; }
    widgets::ScoreHistogram* scoreView() const { return m_scores; }
    // Makes `row` the current sample and brings the inspector to the front.
    void inspectRow(int row);
    void computeEmbeddings();
    void setProjection(const QString& projection);  // "pca" or "umap"; recomputes when embeddings are shown
    // Colours the embeddings by "origin", "class" (the nine largest classes, the rest together),
    // "status" or "score" (eight bins on a blue-to-red scale).
    void colourEmbeddingsBy(const QString& attribute);
    // The model pack and device (Settings): loaded on the worker; when loading fails the previous
    // ones stay and lastModelError() says why.
    void applyModel(const QString& packDir, const QString& device);
    QString modelPack() const { return m_settings.packDir; }
    // A demo world for this session: its pack (the settings keep theirs), its test sets in the map
    // and the evaluate panel, and for the scenes the context prompt source.
    void useDemoWorld(demo::ToyWorld world);
    QString lastModelError() const { return m_lastModelError; }
    void openSettings();
    bool workerReady() const { return m_workerReady; }

    // Synthesis (live and batch) and train & evaluate, run one job at a time on the jobs thread.
    SynthesisPanel* synthesisPanel() const { return m_synthesis; }
    TrainPanel* trainPanel() const { return m_train; }
    JobRunner* jobs() const { return m_jobs; }
    // Shows the samples other writers (a job, a `synood synth` run) added to the open workspace.
    int showNewSamples();
    QStringList selectedIds() const;
    // Brings a dock to the front: "synthesis"/"batch", "train"/"evaluate".
    void showPanel(const QString& name);

    // The first-start layout for a screen whose free area is `available`: a window that fits it and
    // docks as wide as their controls need (MainWindowLayout.cpp).
    void applyFirstStartLayout(const QSize& available);
    // The layout the user left on closing (geometry and docks, in the settings); false when none is stored.
    bool restoreLayout();
    QDockWidget* embeddingsDock() const { return m_embeddingsDock; }
    QDockWidget* synthesisDock() const { return m_synthesisDock; }
    QDockWidget* trainDock() const { return m_trainDock; }

Q_SIGNALS:
    void workerReadyChanged();
    void modelApplied(bool ok);
    void testSetsShown();  // the map's test sets are placed

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void storeSettings();  // m_settings into QSettings, with the settings' own pack while a world's is in use
    void saveLayout() const;
    void chooseWorkspace();
    void showWarning(const QString& title, const QString& text);
    void chooseExportTarget();
    void askTag();
    std::vector<int> selectedRows() const;  // workspace rows
    QModelIndex viewIndex(int workspaceRow) const;
    int workspaceRow(const QModelIndex& viewIndex) const;
    QWidget* makeFilterBar();
    void addFilterChoices(int first, int last);  // workspace rows
    // The map's test sets (MainWindowTestSets.cpp).
    QLayout* makeTestSetBar(QWidget* parent);
    void addTestSets();
    void placeTestSets();  // m_testSetsShown, in the plane on show
    void showTestPoint(int set, int point);
    // A lasso's test points: counted by set and against the boundary, the likeliest InD shown.
    void showTestSelection(const QVector<QPair<int, int>>& points);  // (set, point)
    void refillFilterChoices();
    void updateStatus();
    // The constructor's steps.
    void setUpGallery();
    void setUpMenus();
    void setUpDocks();
    void setUpStatusBar();
    void setUpWatch();
    StudioWorker* connectWorker();
    void setUpJobPanels();  // MainWindowPanels.cpp
    void importSeedFile(const QString& path);

    std::unique_ptr<Workspace> m_workspace;
    widgets::GalleryModel* m_gallery;
    widgets::GalleryFilter* m_filter;
    QComboBox* m_classChoice = nullptr;
    QComboBox* m_tagChoice = nullptr;
    QComboBox* m_colourBy = nullptr;
    QComboBox* m_projection = nullptr;
    QLineEdit* m_testSetsEdit = nullptr;
    QVector<QPair<QString, QString>> m_testSetsShown;                  // (name, spec), placed again with each new plane
    double m_mapThreshold = std::numeric_limits<double>::quiet_NaN();  // the boundary of the plane on show
    QListView* m_view;
    QLabel* m_samplesLabel;
    QLabel* m_computeLabel;
    std::unique_ptr<WorkerThread> m_workerThread;
    bool m_workerReady = false;
    QTimer* m_watch;  // notices other writers' samples
    QUndoStack* m_undo;
    widgets::EmbeddingView* m_embedding;
    widgets::InspectorPanel* m_inspector;
    widgets::ScoreHistogram* m_scores;
    QDockWidget* m_embeddingsDock = nullptr;
    QDockWidget* m_inspectorDock = nullptr;
    QMenu* m_viewMenu = nullptr;
    QProgressBar* m_progress;
    StudioSettings m_settings;
    QString m_savedPackDir;  // the settings' pack while this session uses a world's; empty otherwise
    QString m_lastModelError;
    bool m_syncingSelection = false;
    JobRunner* m_jobs = nullptr;
    SynthesisPanel* m_synthesis = nullptr;
    TrainPanel* m_train = nullptr;
    QDockWidget* m_synthesisDock = nullptr;
    QDockWidget* m_trainDock = nullptr;
};

}  // namespace synood::studio
