#include "SettingsDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>

namespace synood::studio {

StudioSettings StudioSettings::load(const QSettings& s, const QString& defaultPack) {
    StudioSettings out;
    out.packDir = s.value(QStringLiteral("model/pack"), defaultPack).toString();
    out.device = s.value(QStringLiteral("model/device"), out.device).toString();
    try {
        const QString precision = s.value(QStringLiteral("compute/precision")).toString();
        if (!precision.isEmpty()) out.precision = precisionFromText(precision.toStdString());
    } catch (const std::exception&) {
        // a value this version does not know: the default stays
    }
    out.threads = s.value(QStringLiteral("compute/threads"), 0).toInt();
    out.mllmUrl = s.value(QStringLiteral("mllm/url")).toString();
    out.mllmModel = s.value(QStringLiteral("mllm/model")).toString();
    out.mllmKeyVariable = s.value(QStringLiteral("mllm/key_variable"), out.mllmKeyVariable).toString();
    out.language = s.value(QStringLiteral("ui/language"), out.language).toString();
    return out;
}

void StudioSettings::save(QSettings& s) const {
    s.setValue(QStringLiteral("model/pack"), packDir);
    s.setValue(QStringLiteral("model/device"), device);
    s.setValue(QStringLiteral("compute/precision"), QString::fromStdString(precisionName(precision)));
    s.setValue(QStringLiteral("compute/threads"), threads);
    s.setValue(QStringLiteral("mllm/url"), mllmUrl);
    s.setValue(QStringLiteral("mllm/model"), mllmModel);
    s.setValue(QStringLiteral("mllm/key_variable"), mllmKeyVariable);
    s.setValue(QStringLiteral("ui/language"), language);
}

ops::ModelSource StudioSettings::modelSource() const {
    ops::ModelSource source;
    source.packDir = packDir.toStdString();
    source.device = device.toStdString();
    source.precision = precision;
    return source;
}

SettingsDialog::SettingsDialog(const StudioSettings& current, const QStringList& devices, QWidget* parent)
    : QDialog(parent),
      m_pack(new QLineEdit(current.packDir, this)),
      m_device(new QComboBox(this)),
      m_precision(new QComboBox(this)),
      m_threads(new QSpinBox(this)),
      m_mllmUrl(new QLineEdit(current.mllmUrl, this)),
      m_mllmModel(new QLineEdit(current.mllmModel, this)),
      m_mllmKey(new QLineEdit(current.mllmKeyVariable, this)),
      m_language(new QComboBox(this)),
      m_initial(current) {
    setWindowTitle(tr("Settings"));
    auto* browse = new QPushButton(tr("Browse…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Model pack (a folder with pack.json)"), m_pack->text());
        if (!dir.isEmpty()) m_pack->setText(dir);
    });
    auto* packRow = new QHBoxLayout;
    packRow->addWidget(m_pack, 1);
    packRow->addWidget(browse);
    m_device->addItems(devices);
    if (!devices.contains(current.device)) m_device->addItem(current.device + tr(" (not available)"), current.device);
    m_device->setCurrentIndex(std::max(0, m_device->findText(current.device)));
    m_precision->setObjectName(QStringLiteral("precision"));
    m_precision->addItem(cpuHasBf16() ? tr("automatic (bfloat16 on this CPU)") : tr("automatic (float32 on this CPU)"),
                         QString::fromStdString(precisionName(Precision::Auto)));
    m_precision->addItem(tr("float32"), QString::fromStdString(precisionName(Precision::Float32)));
    m_precision->addItem(tr("bfloat16"), QString::fromStdString(precisionName(Precision::BFloat16)));
    m_precision->setCurrentIndex(std::max(0, m_precision->findData(QString::fromStdString(precisionName(current.precision)))));
    m_precision->setToolTip(
        tr("Encoding, scoring and evaluation on CPU. bfloat16 is several times faster on CPUs with AVX512-BF16 or AMX; "
           "synthesis and training stay float32; on CUDA the model keeps its own precision."));
    m_threads->setRange(0, 256);
    m_threads->setSpecialValueText(tr("all cores"));
    m_threads->setValue(current.threads);
    m_threads->setToolTip(tr("applied at the next start"));
    m_mllmUrl->setPlaceholderText(tr("http://127.0.0.1:8000/v1 (OpenAI-compatible chat completions)"));
    m_language->addItem(tr("system"), QStringLiteral("auto"));
    m_language->addItem(QStringLiteral("English"), QStringLiteral("en"));
    m_language->addItem(QStringLiteral("简体中文"), QStringLiteral("zh_CN"));
    m_language->setCurrentIndex(std::max(0, m_language->findData(current.language)));
    m_language->setToolTip(tr("applied at the next start"));
    auto* form = new QFormLayout;
    form->addRow(tr("Model pack"), packRow);
    form->addRow(tr("Device"), m_device);
    form->addRow(tr("Precision"), m_precision);
    form->addRow(tr("Compute threads"), m_threads);
    form->addRow(tr("Language"), m_language);
    form->addRow(tr("MLLM endpoint"), m_mllmUrl);
    form->addRow(tr("MLLM model"), m_mllmModel);
    form->addRow(tr("API key variable"), m_mllmKey);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

StudioSettings SettingsDialog::settings() const {
    StudioSettings s = m_initial;
    s.packDir = m_pack->text().trimmed();
    s.device = m_device->currentData().isValid() ? m_device->currentData().toString() : m_device->currentText();
    s.precision = precisionFromText(m_precision->currentData().toString().toStdString());
    s.threads = m_threads->value();
    s.mllmUrl = m_mllmUrl->text().trimmed();
    s.mllmModel = m_mllmModel->text().trimmed();
    s.mllmKeyVariable = m_mllmKey->text().trimmed();
    s.language = m_language->currentData().toString();
    return s;
}

}  // namespace synood::studio
