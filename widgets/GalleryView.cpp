#include "GalleryView.h"

#include "GalleryDelegate.h"

#include <QListView>

namespace synood::widgets {

void setUpGalleryView(QListView& view) {
    view.setItemDelegate(new GalleryDelegate(&view));
    view.setViewMode(QListView::ListMode);
    view.setFlow(QListView::LeftToRight);
    view.setWrapping(true);
    view.setResizeMode(QListView::Adjust);
    view.setMovement(QListView::Static);
    view.setUniformItemSizes(true);
    view.setLayoutMode(QListView::Batched);
    view.setBatchSize(2000);
    view.setSelectionMode(QAbstractItemView::ExtendedSelection);
    view.setSelectionRectVisible(true);
    view.setSpacing(2);
}

}  // namespace synood::widgets
