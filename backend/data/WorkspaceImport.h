#pragma once
// Images of an ImageFolder tree (one subfolder per class, e.g. ImageNet's train/ with wnid folders)
// added to a workspace as InD seeds or OOD samples, copied into W/images/import/<class folder>/ so
// that the workspace stays self-contained (it can move to a cluster). Class names come from a file
// (one per line, in the sorted order of the subfolders, as ImageNet's class list is) or are the
// folder names. Use --per-class to take seeds, not whole datasets.
#include "core/Job.h"
#include "data/Workspace.h"

#include <string>
#include <vector>

namespace synood {

struct ImportOptions {
    std::string imageFolder;
    std::vector<std::string> classNames;  // empty: the subfolder names
    int perClass = 0;                     // at most this many per class (0: all), the first by file name
    Origin origin = Origin::InD;
};

// Adds the images that `workspace` lacks (ids "import:<class folder>/<file>"); returns how many.
size_t importImageFolder(Workspace& workspace, const ImportOptions& options, const JobContext& ctx = {});

}  // namespace synood
