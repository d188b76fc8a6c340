#include "CurationCommands.h"

#include "GalleryModel.h"

namespace synood::widgets {

SetStatusCommand::SetStatusCommand(GalleryModel* model, std::vector<int> rows, Status status)
    : m_model(model), m_rows(std::move(rows)), m_after(status) {
    for (int row : m_rows) m_before.push_back(m_model->workspace()->sample(static_cast<size_t>(row)).status);
    setText(QObject::tr("mark %n sample(s) %1", nullptr, static_cast<int>(m_rows.size())).arg(QString(toString(status))));
}

void SetStatusCommand::redo() {
    for (int row : m_rows) m_model->setStatus(row, m_after);
}

void SetStatusCommand::undo() {
    for (size_t i = 0; i < m_rows.size(); ++i) m_model->setStatus(m_rows[i], m_before[i]);
}

ToggleTagCommand::ToggleTagCommand(GalleryModel* model, std::vector<int> rows, const QString& tag)
    : m_model(model), m_rows(std::move(rows)) {
    bool allHaveIt = true;
    for (int row : m_rows) {
        m_before.push_back(m_model->data(m_model->index(row), GalleryModel::TagsRole).toStringList());
        allHaveIt = allHaveIt && m_before.back().contains(tag);
    }
    for (QStringList tags : m_before) {
        if (allHaveIt) {
            tags.removeAll(tag);
        } else if (!tags.contains(tag)) {
            tags.append(tag);
        }
        m_after.push_back(tags);
    }
    setText(allHaveIt ? QObject::tr("remove tag %1").arg(tag) : QObject::tr("tag %1").arg(tag));
}

void ToggleTagCommand::redo() {
    for (size_t i = 0; i < m_rows.size(); ++i) m_model->setTags(m_rows[i], m_after[i]);
}

void ToggleTagCommand::undo() {
    for (size_t i = 0; i < m_rows.size(); ++i) m_model->setTags(m_rows[i], m_before[i]);
}

}  // namespace synood::widgets
