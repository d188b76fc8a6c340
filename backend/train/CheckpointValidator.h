#pragma once
// Validates a fine-tuning's checkpoints (FineTuneOptions::validate) as validateOn() does, at a
// fraction of its cost where consecutive checkpoints share their adapter. The adapted features are
// kept while the adapter's weights stay the same; and while the negatives differ from the first
// ones seen with that adapter in the same rows (stage B trains the pseudo labels' rows alone), each
// NegLabel group's sum over its other rows is kept too (NegLabelWithChangingRows). Its figures equal
// validateOn()'s up to float rounding in the scores.
#include "train/FineTune.h"

#include <memory>

namespace synood {

class CheckpointValidator {
public:
    CheckpointValidator(ValidationSet set, at::Tensor indText, ScoreOptions options);
    Validation operator()(const TunedModel& model) const;

private:
    struct Cache;
    ValidationSet m_set;
    at::Tensor m_indText;
    ScoreOptions m_options;
    std::shared_ptr<Cache> m_cache;  // shared by copies: std::function copies what it holds
};

// One model's validation figures: NegLabel (with `options`) of the InD against the OOD images, and the
// InD images' accuracy over the InD prompts.
Validation validateOn(const TunedModel& model, const ValidationSet& set, const at::Tensor& indText, const ScoreOptions& options);

}  // namespace synood
