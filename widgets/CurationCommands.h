#pragma once
// Curation as undoable commands on the gallery model: a status or tag change over the selected rows is
// one command, so one undo step and one transaction of the workspace file; every row is changed
// through the model (one dataChanged per row, never a reset of the view).
#include "data/Workspace.h"

#include <QStringList>
#include <QUndoCommand>

#include <vector>

namespace synood::widgets {

class GalleryModel;

class SetStatusCommand : public QUndoCommand {
public:
    SetStatusCommand(GalleryModel* model, std::vector<int> rows, Status status);
    void undo() override;
    void redo() override;

private:
    GalleryModel* m_model;
    std::vector<int> m_rows;
    std::vector<Status> m_before;
    Status m_after;
};

// Adds `tag` to every row, or removes it from every row when all of them carry it already.
class ToggleTagCommand : public QUndoCommand {
public:
    ToggleTagCommand(GalleryModel* model, std::vector<int> rows, const QString& tag);
    void undo() override;
    void redo() override;

private:
    GalleryModel* m_model;
    std::vector<int> m_rows;
    std::vector<QStringList> m_before, m_after;
};

}  // namespace synood::widgets
