#pragma once
// The gallery's list view settings, written once for the studio, its bench and its tests: a grid
// of uniform cells (list mode flowing left to right and wrapping, laid out in batches). Icon mode
// draws the same grid but keeps a rectangle per item and lays all of them out again on every change
// (40-70 ms at 1,000,000 rows here); list mode with uniform sizes stays under 10 ms.
class QListView;

namespace synood::widgets {

void setUpGalleryView(QListView& view);

}  // namespace synood::widgets
