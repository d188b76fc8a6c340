#include "InspectorPanel.h"

#include "TrajectoryPlot.h"
#include "data/Provenance.h"
#include "data/Workspace.h"
#include "ood/LooksInD.h"

#include <QDir>

#include <cmath>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QPlainTextEdit>
#include <QVBoxLayout>

namespace synood::widgets {
namespace {

constexpr int kImageSide = 168;

QImage large(const QString& path) {
    const QImage image(path);
    if (image.isNull()) return {};
    return image.scaled(kImageSide, kImageSide, Qt::KeepAspectRatio, Qt::FastTransformation);
}

// The painted region tinted red over the image (the mask scaled the same way as the image).
QImage withMaskOverlay(const QImage& image, const QString& maskPath) {
    const QImage mask = QImage(maskPath).convertToFormat(QImage::Format_Grayscale8);
    if (image.isNull() || mask.isNull()) return image;
    const QImage scaled = mask.scaled(image.size(), Qt::IgnoreAspectRatio, Qt::FastTransformation);
    QImage out = image.convertToFormat(QImage::Format_ARGB32);
    for (int y = 0; y < out.height(); ++y) {
        const uchar* m = scaled.constScanLine(y);
        auto* px = reinterpret_cast<QRgb*>(out.scanLine(y));
        for (int x = 0; x < out.width(); ++x) {
            if (m[x] < 128) continue;
            px[x] = qRgb((qRed(px[x]) * 3 + 255 * 2) / 5, qGreen(px[x]) * 3 / 5, qBlue(px[x]) * 3 / 5);
        }
    }
    return out;
}

QString escaped(const std::string& s) { return QString::fromStdString(s).toHtmlEscaped(); }

}  // namespace

InspectorPanel::InspectorPanel(QWidget* parent)
    : QWidget(parent),
      m_image(new QLabel(this)),
      m_seed(new QLabel(this)),
      m_summary(new QLabel(this)),
      m_trajectory(new TrajectoryPlot(this)),
      m_provenance(new QPlainTextEdit(this)) {
    auto* images = new QHBoxLayout;
    for (QLabel* l : {m_image, m_seed}) {
        l->setFixedSize(kImageSide, kImageSide);
        l->setAlignment(Qt::AlignCenter);
        l->setFrameShape(QFrame::StyledPanel);
        images->addWidget(l);
    }
    images->addStretch();
    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_provenance->setReadOnly(true);
    m_provenance->setMaximumHeight(140);
    m_provenance->setLineWrapMode(QPlainTextEdit::NoWrap);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(images);
    layout->addWidget(m_summary);
    layout->addWidget(m_trajectory, 1);
    layout->addWidget(m_provenance);
    layout->addStretch();  // what is shown stays at the top while the trajectory is hidden
    showSample(nullptr, -1);
}

bool InspectorPanel::seedShown() const { return !m_seed->pixmap().isNull(); }

bool InspectorPanel::maskShown() const { return m_maskShown; }

bool InspectorPanel::provenanceShown() const { return !m_provenance->isHidden(); }

QString InspectorPanel::summaryText() const { return m_summary->text(); }

void InspectorPanel::showImage(const QImage& image, const QString& summary) {
    showSample(nullptr, -1);
    if (!image.isNull())
        m_image->setPixmap(QPixmap::fromImage(image.scaled(kImageSide, kImageSide, Qt::KeepAspectRatio, Qt::FastTransformation)));
    m_summary->setText(summary);
}

void InspectorPanel::showSample(const Workspace* ws, int row) {
    m_trajectory->clear();
    m_trajectory->setVisible(false);  // until a sample with a trajectory
    m_seed->clear();
    m_image->clear();
    m_maskShown = false;
    if (!ws || row < 0 || row >= static_cast<int>(ws->size())) {
        m_summary->setText(tr("Select a sample in the gallery."));
        m_provenance->clear();
        m_provenance->setVisible(false);  // no sample, no provenance (test-set images have none)
        return;
    }
    const Sample& s = ws->sample(static_cast<size_t>(row));
    Provenance p;
    QString unreadable;
    nlohmann::json provenance;
    try {
        provenance = ws->provenance(static_cast<size_t>(row));
        p = provenanceFromJson(provenance);
    } catch (const std::exception& e) {
        unreadable = QString::fromUtf8(e.what());
    }
    const QString imagePath = QString::fromStdString(ws->absoluteImagePath(s));
    m_image->setPixmap(QPixmap::fromImage(large(imagePath)));
    m_image->setToolTip(tr("the sample"));
    if (!p.seedImage.empty()) {
        // The seed with the region the diffusion model painted over tinted red.
        const QImage seed = large(QString::fromStdString(p.seedImage));
        const QString maskPath = QFileInfo(imagePath).dir().filePath(QString::fromStdString(p.maskImage));
        m_maskShown = !p.maskImage.empty() && QFileInfo::exists(maskPath) && !seed.isNull();
        m_seed->setPixmap(QPixmap::fromImage(m_maskShown ? withMaskOverlay(seed, maskPath) : seed));
        m_seed->setToolTip(m_maskShown ? tr("its seed, the in-painted region in red") : tr("its seed"));
    }
    QString text = QStringLiteral("<b>%1</b> · %2 · %3").arg(escaped(s.id), toString(s.origin), toString(s.status));
    if (!s.className.empty()) text += tr(" · class %1").arg(escaped(s.className));
    if (!s.tags.empty()) {
        QStringList tags;
        for (const auto& t : s.tags) tags << QString::fromStdString(t);
        text += tr(" · tags %1").arg(tags.join(QStringLiteral(", ")).toHtmlEscaped());
    }
    if (!p.prompt.empty()) {
        text += tr("<br>prompt: “%1” (%2: %3), mask %4")
                    .arg(escaped(p.prompt), escaped(p.promptSource), escaped(p.promptDetail), escaped(p.mask));
    }
    for (const auto& [name, value] : s.scores) {
        if (name != kLooksInDScore || p.looksLike.empty()) text += tr("<br>%1 score %2").arg(escaped(name)).arg(value, 0, 'f', 3);
    }
    if (p.band.size() == 2) {
        text += tr("<br>%1 (band %2 … %3) · pseudo label “%4”")
                    .arg(p.nearBoundary ? tr("near the boundary") : tr("outside the band"))
                    .arg(p.band[0], 0, 'f', 3)
                    .arg(p.band[1], 0, 'f', 3)
                    .arg(escaped(p.pseudoLabel));
    }
    if (!p.looksLike.empty()) {
        const auto looks = s.scores.find(kLooksInDScore);
        text += tr("<br>looks like “%1” (zero-shot probability %2)")
                    .arg(escaped(p.looksLike))
                    .arg(looks == s.scores.end() ? NAN : looks->second, 0, 'f', 3);
    }
    if (!p.stopReason.empty()) text += tr("<br>stopped: %1").arg(escaped(p.stopReason));
    if (!unreadable.isEmpty()) text += tr("<br>provenance unreadable: %1").arg(unreadable.toHtmlEscaped());
    m_summary->setText(text);
    m_provenance->setPlainText(QString::fromStdString(provenance.dump(1)));
    m_provenance->setVisible(true);

    if (!p.stepScores.empty() || !p.iterationScores.empty()) {
        m_trajectory->setTrajectory(p.stepScores, p.iterationScores);
        m_trajectory->setLevels(p.band, p.parameters ? p.parameters->target : NAN);
        m_trajectory->setVisible(true);
    }
}

}  // namespace synood::widgets
