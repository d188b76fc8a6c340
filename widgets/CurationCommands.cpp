#include "CurationCommands.h"

#include "GalleryModel.h"

namespace synood::widgets {

SetStatusCommand::SetStatusCommand(GalleryModel* model, std::vector<int> rows, Status status)
    : m_model(model), m_rows(std::move(rows)), m_after(status) {
    for (int row : m_rows) m_before.push_back(m_model->workspace()->sample(static_cast<size_t>(row)).status);
    setText(QObject::tr("mark %n sample(s) %1", nullptr, static_cast<int>(m_rows.size())).arg(QString(toString(status))));
}

// A change the workspace refused on its first redo is not kept as an undo step.
void SetStatusCommand::redo() {
    if (!m_model->setStatuses(m_rows, std::vector<Status>(m_rows.size(), m_after))) setObsolete(true);
}

void SetStatusCommand::undo() { m_model->setStatuses(m_rows, m_before); }

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
    if (!m_model->setTags(m_rows, m_after)) setObsolete(true);
}

void ToggleTagCommand::undo() { m_model->setTags(m_rows, m_before); }

}  // namespace synood::widgets
