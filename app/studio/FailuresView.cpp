#include "FailuresView.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QImageReader>
#include <QLabel>
#include <QListWidget>
#include <QVBoxLayout>

namespace synood::studio {

namespace {

constexpr int kThumbnail = 56;  // the grid's cells
constexpr int kPicture = 112;   // the chosen image

QPixmap scaledPixmap(const QImage& image, int side) {
    return QPixmap::fromImage(image.scaled(side, side, Qt::KeepAspectRatio, Qt::FastTransformation));
}

QListWidget* makeIconList(int side) {
    auto* list = new QListWidget;
    list->setViewMode(QListView::IconMode);
    list->setIconSize(QSize(side, side));
    list->setResizeMode(QListView::Adjust);
    list->setMovement(QListView::Static);
    list->setUniformItemSizes(true);
    list->setSpacing(2);
    return list;
}

}  // namespace

FailuresView::FailuresView(QWidget* parent)
    : QWidget(parent),
      m_set(new QComboBox),
      m_list(new QComboBox),
      m_summary(new QLabel(tr("Evaluate to see where the detector fails."))),
      m_picture(new QLabel),
      m_detail(new QLabel),
      m_grid(makeIconList(kThumbnail)),
      m_nearest(makeIconList(kThumbnail)) {
    m_set->setToolTip(tr("OOD set"));
    m_list->addItem(tr("OOD accepted as InD"));
    m_list->addItem(tr("InD rejected"));
    m_list->addItem(tr("fixed by fine-tuning"));
    m_list->addItem(tr("broken by fine-tuning"));
    m_list->setToolTip(
        tr("Which images: at the FPR95 threshold, the false positives or false negatives; or the OOD images that "
           "crossed the threshold between zero-shot and the adapter"));
    m_summary->setWordWrap(true);
    m_detail->setWordWrap(true);
    m_detail->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_picture->setFixedSize(kPicture, kPicture);
    m_picture->setFrameShape(QFrame::StyledPanel);
    m_picture->setAlignment(Qt::AlignCenter);
    m_nearest->setToolTip(tr("The nearest training samples in the score's feature space; double-click one to show it in the gallery"));
    m_nearest->setMaximumHeight(kThumbnail + 44);

    auto* choice = new QHBoxLayout;
    choice->addWidget(m_set, 1);
    choice->addWidget(m_list, 1);
    auto* chosen = new QVBoxLayout;
    chosen->addWidget(m_detail);
    chosen->addWidget(m_nearest);
    auto* detail = new QHBoxLayout;
    detail->addWidget(m_picture, 0, Qt::AlignTop);
    detail->addLayout(chosen, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(choice);
    layout->addWidget(m_summary);
    layout->addWidget(m_grid, 1);
    layout->addLayout(detail);

    const auto reshow = [this] { showSet(m_set->currentIndex(), static_cast<List>(m_list->currentIndex())); };
    connect(m_set, &QComboBox::currentIndexChanged, this, reshow);
    connect(m_list, &QComboBox::currentIndexChanged, this, reshow);
    connect(m_grid, &QListWidget::currentRowChanged, this, &FailuresView::showItem);
    connect(m_nearest, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { Q_EMIT sampleChosen(item->data(Qt::UserRole).toString()); });
}

void FailuresView::setFailures(const FailureLists& failures) {
    m_failures = failures;
    const QSignalBlocker block(m_set);
    m_set->clear();
    for (const SetFailureLists& s : failures.sets) m_set->addItem(s.name);
    showSet(0, static_cast<List>(m_list->currentIndex()));
}

void FailuresView::showSet(int set, List list) {
    const QSignalBlocker blockSet(m_set), blockList(m_list);
    if (set >= 0 && set < m_set->count()) m_set->setCurrentIndex(set);
    m_list->setCurrentIndex(static_cast<int>(list));
    m_summary->setText(summary());
    fillGrid();
}

const QVector<FailureItem>* FailuresView::shownItems() const {
    const int set = m_set->currentIndex();
    if (set < 0 || set >= m_failures.sets.size()) return nullptr;
    const SetFailureLists& s = m_failures.sets[set];
    switch (static_cast<List>(m_list->currentIndex())) {
    case List::FalseNegatives: return &s.falseNegatives;
    case List::Fixed: return &s.fixed;
    case List::Broken: return &s.broken;
    case List::FalsePositives: break;
    }
    return &s.falsePositives;
}

void FailuresView::fillGrid() {
    m_grid->clear();
    m_nearest->clear();
    m_picture->clear();
    m_detail->clear();
    const QVector<FailureItem>* items = shownItems();
    if (!items) return;
    for (const FailureItem& f : *items) {
        auto* item = new QListWidgetItem(QIcon(scaledPixmap(f.picture, kThumbnail)), QString::number(f.score, 'f', 3));
        item->setToolTip(tr("%1\nscore %2 (zero-shot %3)").arg(f.image).arg(f.score, 0, 'g', 5).arg(f.scoreZeroShot, 0, 'g', 5));
        m_grid->addItem(item);
    }
    if (!items->isEmpty()) m_grid->setCurrentRow(0);
}

void FailuresView::showItem(int row) {
    m_nearest->clear();
    const QVector<FailureItem>* items = shownItems();
    if (!items || row < 0 || row >= items->size()) return;
    const FailureItem& f = (*items)[row];
    m_picture->setPixmap(scaledPixmap(f.picture, kPicture - 4));
    QString text =
        tr("%1\nscore %2 (%3), zero-shot %4").arg(f.image).arg(f.score, 0, 'g', 5).arg(m_failures.method).arg(f.scoreZeroShot, 0, 'g', 5);
    if (f.nearest.isEmpty()) text += tr("\nNo training workspace: no nearest samples.");
    m_detail->setText(text);
    for (const FailureItem::Neighbour& n : f.nearest) {
        QImageReader reader(n.path);
        const QImage image = reader.read();
        const QString origin = n.synthesized ? tr("synthesized") : tr("InD");
        auto* item =
            new QListWidgetItem(QIcon(scaledPixmap(image, kThumbnail)), QStringLiteral("%1 %2").arg(origin).arg(n.distance, 0, 'f', 2));
        item->setToolTip(tr("%1 (%2), distance %3").arg(n.id, origin).arg(n.distance, 0, 'f', 4));
        item->setData(Qt::UserRole, n.id);
        m_nearest->addItem(item);
    }
}

QString FailuresView::summary() const {
    const int set = m_set->currentIndex();
    if (set < 0 || set >= m_failures.sets.size()) return tr("Evaluate to see where the detector fails.");
    const SetFailureLists& s = m_failures.sets[set];
    QString text = tr("%1 (%2, %3) at the FPR95 threshold %4: %5 of %6 OOD images accepted as InD, %7 of %8 InD images rejected.")
                       .arg(s.name, m_failures.score, m_failures.method)
                       .arg(s.threshold, 0, 'g', 4)
                       .arg(s.falsePositiveCount)
                       .arg(s.nOod)
                       .arg(s.falseNegativeCount)
                       .arg(s.nInd);
    if (m_failures.comparedToZeroShot) {
        text += tr(" Against zero-shot: %1 OOD images fixed, %2 broken; %3 InD images fixed, %4 broken.")
                    .arg(s.oodFixed)
                    .arg(s.oodBroken)
                    .arg(s.indFixed)
                    .arg(s.indBroken);
    }
    if (m_failures.hasPool) {
        text += tr(" Coverage: %1 % of the accepted OOD images lie nearest a synthesized sample (median distance %2 to synthesized, "
                   "%3 to InD; every OOD image to synthesized: %4).")
                    .arg(100 * s.synthesizedNearestShare, 0, 'f', 1)
                    .arg(s.falsePositivesToSynthesized, 0, 'f', 3)
                    .arg(s.falsePositivesToInD, 0, 'f', 3)
                    .arg(s.oodToSynthesized, 0, 'f', 3);
    }
    return text;
}

}  // namespace synood::studio
