#pragma once
// How much a synthesized image still looks like an InD class (a leak: an in-painted T-shirt that is
// still a T-shirt): the zero-shot probability of its most likely InD class in one softmax over the
// InD classes and the negative labels, with CLIP's logits (logit scale · cosine), and that class.
// Against the InD classes alone the top probability is near 1 for almost any image; the negative
// labels give the softmax somewhere else to put its mass.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace synood {

constexpr const char* kLooksInDScore = "looks_ind";  // the probability, a score of each synthesized sample
// The tag of a synthesized sample that looks at least as InD as the run's median InD seed (with many
// negative labels even real InD images have small probabilities, so no fixed level means "InD" for
// every model; on the demo the seeds' median is about 0.014).
constexpr const char* kLooksInDTag = "looks-ind";
constexpr double kLooksInDSeedQuantile = 0.5;

struct LooksInD {
    std::vector<double> probability;  // per image, in [0, 1]
    std::vector<int64_t> classIndex;  // the most likely InD class, a row of indText
};

// features [N, D] and indText [C, D] normalised; negText [M, D] (undefined or empty: the InD classes alone).
LooksInD looksInD(const at::Tensor& features, const at::Tensor& indText, const at::Tensor& negText, double logitScale);

}  // namespace synood
