#pragma once
// The Failures tab of Train and evaluate: per OOD set, the OOD images the detector accepts as InD,
// the InD images it rejects, and the OOD images fine-tuning fixed or broke against zero-shot, as a
// thumbnail grid; a summary with the counts and the coverage; the chosen image large beside its
// nearest training samples (synthesized and InD), each of which opens in the gallery.
#include "FailureLists.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QListWidget;

namespace synood::studio {

class FailuresView : public QWidget {
    Q_OBJECT
public:
    enum class List { FalsePositives, FalseNegatives, Fixed, Broken };

    explicit FailuresView(QWidget* parent = nullptr);

    void setFailures(const FailureLists& failures);
    void showSet(int set, List list);
    void showItem(int row);  // of the grid
    QListWidget* grid() const { return m_grid; }
    QListWidget* nearestList() const { return m_nearest; }
    QString summary() const;

Q_SIGNALS:
    void sampleChosen(const QString& id);  // a nearest training sample was activated

private:
    const QVector<FailureItem>* shownItems() const;
    void fillGrid();

    FailureLists m_failures;
    QComboBox *m_set, *m_list;
    QLabel *m_summary, *m_picture, *m_detail;
    QListWidget *m_grid, *m_nearest;
};

}  // namespace synood::studio
