#pragma once
// The options every model-using command shares: which model, which device, which InD classes.
#include "cli/Args.h"

#include "models/VisionLanguageModel.h"

#include <memory>
#include <set>
#include <string>
#include <vector>

namespace synood::cli {

// --pack DIR | --clip FILE.pt --bpe FILE ; --device D
std::set<std::string> modelOptionNames();
extern const char* const kModelOptionsHelp;
std::unique_ptr<VisionLanguageModel> loadModel(const Args& args);

// --classes FILE: one InD class name per line (blank lines and lines starting with # skipped).
std::vector<std::string> readClassNames(const std::string& path);

}  // namespace synood::cli
