#pragma once
// The options every model-using command shares: which model, which device, which InD classes.
#include "cli/Args.h"

#include "data/ClassNames.h"
#include "models/VisionLanguageModel.h"
#include "ops/ModelCache.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace synood::cli {

// --pack DIR | --clip FILE.pt --bpe FILE ; --device D
std::set<std::string> modelOptionNames();
extern const char* const kModelOptionsHelp;
ops::ModelSource modelSourceOf(const Args& args);
std::unique_ptr<VisionLanguageModel> loadModel(const Args& args);

}  // namespace synood::cli
