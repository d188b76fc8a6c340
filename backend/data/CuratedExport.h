#pragma once
// The curated set out of a workspace: its accepted samples as an ImageFolder tree (one folder per
// class: the sample's class, else its pseudo negative label, else its origin) plus a manifest
// (manifest.json with each sample's full provenance, manifest.csv with the main columns). Written
// into a temporary sibling folder and renamed into place at the end: the target is either absent or
// complete. Refuses a target that exists (SynoodError) and reports an unwritable parent clearly.
#include "core/Job.h"
#include "data/Workspace.h"

#include <string>

namespace synood {

struct CuratedExportResult {
    size_t images = 0;
    size_t classes = 0;
};

CuratedExportResult exportCuratedSet(const Workspace& workspace, const std::string& targetDir, Status status = Status::Accepted,
                                     const JobContext& ctx = {});

}  // namespace synood
