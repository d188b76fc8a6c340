// The map's test sets: evaluation sets (the demo's near, glyphs, textures, or any SPEC) placed in the
// embeddings' plane beside the workspace, coloured by set; a click on one of their points shows the
// image in the inspector with its score against the boundary, a lasso around some counts them.
#include "MainWindow.h"

#include "EmbeddingView.h"
#include "InspectorPanel.h"
#include "MatImage.h"
#include "NamedSets.h"
#include "StudioWorker.h"
#include "data/ImageDataset.h"

#include <QHBoxLayout>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <cmath>

namespace synood::studio {

QLayout* MainWindow::makeTestSetBar(QWidget* parent) {
    m_testSetsEdit = new QLineEdit(demoOodSets(), parent);
    m_testSetsEdit->setToolTip(tr("Test sets for the map: name=spec, separated by commas"));
    m_testSetsEdit->setCursorPosition(0);  // the first set shown, not the end
    auto* add = new QPushButton(tr("Add to map"), parent);
    add->setToolTip(tr("Place these sets' images in the map, each with its score"));
    auto* clear = new QPushButton(tr("Clear"), parent);
    clear->setToolTip(tr("Remove the test sets from the map"));
    connect(add, &QPushButton::clicked, this, &MainWindow::addTestSets);
    connect(m_testSetsEdit, &QLineEdit::returnPressed, this, &MainWindow::addTestSets);
    connect(clear, &QPushButton::clicked, this, [this] {
        m_testSetsShown.clear();
        m_embedding->setTestSets({});
    });
    connect(m_embedding, &widgets::EmbeddingView::testPointChosen, this, &MainWindow::showTestPoint);
    connect(m_embedding, &widgets::EmbeddingView::testPointsSelected, this, &MainWindow::showTestSelection);
    auto* bar = new QHBoxLayout;
    bar->addWidget(m_testSetsEdit, 1);
    bar->addWidget(add);
    bar->addWidget(clear);
    return bar;
}

void MainWindow::addTestSets() {
    QString bad;
    const std::optional<NamedSets> sets = parseNamedSets(m_testSetsEdit->text(), &bad);
    if (!sets || sets->isEmpty()) {
        statusBar()->showMessage(tr("Test sets are name=spec, separated by commas; '%1' is not.").arg(bad), 15000);
        return;
    }
    if (!m_workspace || m_embedding->pointCount() == 0) {
        statusBar()->showMessage(tr("Compute the embeddings first (View → Compute embeddings)."), 15000);
        return;
    }
    m_testSetsShown = *sets;
    placeTestSets();
}

void MainWindow::placeTestSets() {
    QStringList names, specs;
    for (const auto& [name, spec] : m_testSetsShown) {
        names << name;
        specs << spec;
    }
    StudioWorker* worker = m_workerThread->worker();
    const QString dir = QString::fromStdString(m_workspace->dir());
    m_progress->setVisible(true);
    m_progress->setRange(0, 0);
    QMetaObject::invokeMethod(
        worker, [worker, dir, names, specs] { worker->placeTestSets(dir, names, specs); }, Qt::QueuedConnection);
}

void MainWindow::showTestPoint(int set, int point) {
    const auto& sets = m_embedding->testSets();
    if (set < 0 || set >= sets.size() || point < 0 || point >= sets[set].index.size() || !sets[set].data) return;
    const widgets::TestSetPoints& s = sets[set];
    const size_t index = static_cast<size_t>(s.index[point]);
    QImage image;
    QString name;
    try {
        image = toQImage(s.data->load(index));
        name = QString::fromStdString(s.data->name(index));
    } catch (const std::exception& e) {
        name = QString::fromUtf8(e.what());
    }
    const double score = s.score[point];
    const QString verdict = std::isnan(m_mapThreshold) ? QString()
                            : score >= m_mapThreshold  ? tr("above the boundary %1: taken for InD").arg(m_mapThreshold, 0, 'f', 3)
                                                       : tr("below the boundary %1: taken for OOD").arg(m_mapThreshold, 0, 'f', 3);
    m_inspector->showImage(image, tr("<b>%1</b> image %2 (%3)<br>%4<br>energy score %5 · %6")
                                      .arg(s.name.toHtmlEscaped())
                                      .arg(index)
                                      .arg(s.spec.toHtmlEscaped(), name.toHtmlEscaped())
                                      .arg(score, 0, 'f', 3)
                                      .arg(verdict));
    statusBar()->showMessage(tr("%1 image %2: energy score %3, in the Inspector").arg(s.name).arg(index).arg(score, 0, 'f', 3), 10000);
}

void MainWindow::showTestSelection(const QVector<widgets::TestPointRef>& points) {
    const auto& sets = m_embedding->testSets();
    if (points.isEmpty()) return;
    QVector<int> perSet(sets.size(), 0);
    int above = 0;
    widgets::TestPointRef likeliest = points.first();
    for (const auto& [set, point] : points) {
        ++perSet[set];
        const double score = sets[set].score[point];
        above += !std::isnan(m_mapThreshold) && score >= m_mapThreshold;
        if (score > sets[likeliest.first].score[likeliest.second]) likeliest = {set, point};
    }
    showTestPoint(likeliest.first, likeliest.second);
    QStringList counts;
    for (int s = 0; s < sets.size(); ++s) {
        if (perSet[s] > 0) counts << QStringLiteral("%1 %2").arg(sets[s].name).arg(perSet[s]);
    }
    statusBar()->showMessage(tr("%n test image(s) selected (%1), %2 above the boundary; the likeliest InD in the Inspector", nullptr,
                                static_cast<int>(points.size()))
                                 .arg(counts.join(QStringLiteral(", ")))
                                 .arg(above),
                             15000);
}

}  // namespace synood::studio
