#pragma once
// The CLI's arguments mapped to the operations' requests (backend/ops): one function per command,
// tested on its own (tests/test_cli_requests.cpp).
#include "cli/Args.h"
#include "ops/Evaluate.h"
#include "ops/Synthesize.h"
#include "ops/Train.h"

#include <set>
#include <string>
#include <vector>

namespace synood::cli {

std::set<std::string> synthOptionNames();
ops::SynthesisRequest synthesisRequestOf(const Args& args);

std::set<std::string> finetuneOptionNames();
ops::TrainingRequest trainingRequestOf(const Args& args);

std::set<std::string> evalOptionNames();
ops::EvaluationRequest evaluationRequestOf(const Args& args);
std::vector<ScoreKind> scoreKindsOf(const std::string& list);  // "msp,energy"

}  // namespace synood::cli
