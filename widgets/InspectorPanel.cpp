#include "InspectorPanel.h"

#include "TrajectoryPlot.h"
#include "data/Workspace.h"

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
    showSample(nullptr, -1);
}

bool InspectorPanel::seedShown() const { return !m_seed->pixmap().isNull(); }

bool InspectorPanel::maskShown() const { return m_maskShown; }

QString InspectorPanel::summaryText() const { return m_summary->text(); }

void InspectorPanel::showSample(const Workspace* ws, int row) {
    m_trajectory->clear();
    m_seed->clear();
    m_image->clear();
    m_maskShown = false;
    if (!ws || row < 0 || row >= static_cast<int>(ws->size())) {
        m_summary->setText(tr("Select a sample in the gallery."));
        m_provenance->clear();
        return;
    }
    const Sample& s = ws->sample(static_cast<size_t>(row));
    const auto& p = s.provenance;
    const QString imagePath = QString::fromStdString(ws->absoluteImagePath(s));
    m_image->setPixmap(QPixmap::fromImage(large(imagePath)));
    m_image->setToolTip(tr("the sample"));
    if (p.contains("seed_image")) {
        // The seed with the region the diffusion model painted over tinted red.
        const QImage seed = large(QString::fromStdString(p.value("seed_image", std::string())));
        const QString maskPath = QFileInfo(imagePath).dir().filePath(QString::fromStdString(p.value("mask_image", std::string())));
        m_maskShown = p.contains("mask_image") && QFileInfo::exists(maskPath) && !seed.isNull();
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
    if (p.contains("prompt")) {
        text += tr("<br>prompt: “%1” (%2: %3), mask %4")
                    .arg(escaped(p.value("prompt", std::string())), escaped(p.value("prompt_source", std::string())),
                         escaped(p.value("prompt_detail", std::string())), escaped(p.value("mask", std::string())));
    }
    for (const auto& [name, value] : s.scores) text += tr("<br>%1 score %2").arg(escaped(name)).arg(value, 0, 'f', 3);
    if (p.contains("near_boundary")) {
        const auto band = p.value("band", std::vector<double>{0, 0});
        text += tr("<br>%1 (band %2 … %3) · pseudo label “%4”")
                    .arg(p.value("near_boundary", false) ? tr("near the boundary") : tr("outside the band"))
                    .arg(band.size() == 2 ? band[0] : 0, 0, 'f', 3)
                    .arg(band.size() == 2 ? band[1] : 0, 0, 'f', 3)
                    .arg(escaped(p.value("pseudo_label", std::string())));
    }
    if (!p.value("stop_reason", std::string()).empty()) text += tr("<br>stopped: %1").arg(escaped(p.value("stop_reason", std::string())));
    m_summary->setText(text);
    m_provenance->setPlainText(QString::fromStdString(p.dump(1)));

    if (p.contains("trajectory")) {
        const auto& trajectory = p["trajectory"];
        m_trajectory->setTrajectory(trajectory.value("steps", std::vector<std::vector<double>>()),
                                    trajectory.value("iterations", std::vector<double>()));
        const double target = p.contains("parameters") && p["parameters"].contains("target") ? p["parameters"].value("target", 0.0) : NAN;
        m_trajectory->setLevels(p.value("band", std::vector<double>()), target);
    }
}

}  // namespace synood::widgets
