#pragma once
// The train and evaluate panel: fine-tune on the workspace (stage A, B or both) with the loss and
// accuracy of every step plotted live; then evaluate on chosen InD and OOD sets: a metrics table
// (FPR95's definition stated under it), ROC curves and score histograms with zero-shot and
// fine-tuned overlaid; plots exported as PNG and PDF, the report as JSON.
#include "JobWorker.h"

#include <QMap>
#include <QPair>
#include <QWidget>

#include <functional>
#include <optional>

class QComboBox;
class QCustomPlot;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTabWidget;

namespace synood::studio {

struct StudioSettings;

class FailuresView;

class TrainPanel : public QWidget {
    Q_OBJECT
public:
    TrainPanel(JobRunner* jobs, std::function<QString()> openWorkspace, std::function<StudioSettings()> settings,
               QWidget* parent = nullptr);

    void setEpochs(int stageA, int stageB);
    void setStages(const QString& stages);  // "AB", "A" or "B"
    // Dataset specs: InD, and "name=spec, name=spec" for the OOD sets.
    void setDatasets(const QString& ind, const QString& ood);
    bool train();
    bool evaluate();
    // Writes roc.png, roc.pdf, histograms.png, histograms.pdf and eval.json (the report `synood eval`
    // writes for the same request) into dir; the error, if any.
    QString exportTo(const QString& dir) const;

    void showTab(int index);  // 0 curves, 1 metrics, 2 ROC, 3 histograms, 4 failures
    // Images listed per failure list by the panel's evaluations.
    static constexpr size_t kFailuresListed = 48;
    FailuresView* failuresView() const { return m_failures; }
    QCustomPlot* curves() const { return m_curves; }
    QCustomPlot* rocPlot() const { return m_roc; }
    QCustomPlot* histogramPlot() const { return m_histograms; }
    QTableWidget* metricsTable() const { return m_table; }
    QString lastMessage() const { return m_message; }
    const EvaluationResult& lastEvaluation() const { return m_result; }

Q_SIGNALS:
    void trainingDone(bool ok);
    void evaluationDone(bool ok);

private:
    // The constructor's parts.
    QFormLayout* makeForm();
    QHBoxLayout* makeButtons();
    QTabWidget* makeTabs();
    void connectJobs();
    void showMessage(const QString& text);
    QString savedWorkspace();  // the saved workspace's folder, else empty with a message
    void showEvaluation(const EvaluationResult& result);
    // The request the fields describe; none (with a message shown) when they describe none.
    std::optional<ops::EvaluationRequest> evaluationRequest(const QString& workspaceDir);
    void onEnded(JobId id, JobOutcome outcome, const QString& label, const QString& message);
    void addStep(const QString& stage, qlonglong step, qlonglong total, double loss, double accuracy);
    void addCheckpoint(const QString& stage, qlonglong step, double auroc);
    void markChosen(const QString& stage, qlonglong step);

    // The curves' graphs after the four loss/accuracy ones.
    static constexpr int kValidationGraph = 4, kChosenGraph = 5;

    JobRunner* m_jobs;
    std::function<QString()> m_openWorkspace;
    std::function<StudioSettings()> m_settings;
    QComboBox* m_stages;
    QSpinBox *m_epochsA, *m_epochsB;
    QComboBox* m_score;
    QLineEdit *m_ind, *m_ood;
    QPushButton *m_train, *m_evaluate, *m_cancel, *m_export;
    QCustomPlot* m_curves;
    QTableWidget* m_table;
    QCustomPlot* m_roc;
    QCustomPlot* m_histograms;
    FailuresView* m_failures;
    QLabel* m_status;
    QTabWidget* m_tabs;
    QString m_message, m_workspaceDir;
    JobId m_trainJob = 0, m_evaluationJob = 0;
    qlonglong m_stageBOffset = 0;                                         // stage B's steps continue after stage A's on the x axis
    QMap<QPair<QString, qlonglong>, QPair<double, double>> m_validation;  // (stage, step) -> its point (x, AUROC)
    EvaluationResult m_result;
};

}  // namespace synood::studio
