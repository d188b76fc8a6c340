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

// --pack DIR | --clip FILE.pt --bpe FILE ; --device D ; --precision P
std::set<std::string> modelOptionNames();
std::string modelOptionsHelp();
ops::ModelSource modelSourceOf(const Args& args);
Precision precisionOf(const Args& args, Precision fallback);  // --precision, else fallback
std::unique_ptr<VisionLanguageModel> loadModel(const Args& args);

}  // namespace synood::cli
