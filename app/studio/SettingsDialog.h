#pragma once
// The studio's settings (QSettings, organisation "SynOOD", application "synood-studio"): the model
// pack (the demo pack by default), the device (CPU, or a CUDA device when LibTorch has one), the
// precision of inference on CPU, compute threads and the interface language (applied at the next
// start), and the MLLM endpoint for contextual prompts.
#include "ops/ModelCache.h"

#include <QDialog>

class QComboBox;
class QLineEdit;
class QSpinBox;
class QSettings;

namespace synood::studio {

struct StudioSettings {
    QString packDir;
    QString device = QStringLiteral("cpu");
    Precision precision = ops::ModelSource().precision;
    int threads = 0;  // 0: all cores
    QString mllmUrl, mllmModel, mllmKeyVariable = QStringLiteral("OPENAI_API_KEY");
    QString language = QStringLiteral("auto");  // auto, en, zh_CN (next start)

    static StudioSettings load(const QSettings& settings, const QString& defaultPack);
    void save(QSettings& settings) const;
    ops::ModelSource modelSource() const;  // pack, device, precision
};

class SettingsDialog : public QDialog {
    Q_OBJECT
public:
    SettingsDialog(const StudioSettings& current, const QStringList& devices, QWidget* parent = nullptr);
    StudioSettings settings() const;

private:
    QLineEdit* m_pack;
    QComboBox* m_device;
    QComboBox* m_precision;
    QSpinBox* m_threads;
    QLineEdit* m_mllmUrl;
    QLineEdit* m_mllmModel;
    QLineEdit* m_mllmKey;
    QComboBox* m_language;
    StudioSettings m_initial;
};

}  // namespace synood::studio
