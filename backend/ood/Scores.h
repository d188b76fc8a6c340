#pragma once
// OOD scores; higher = more in-distribution. All are differentiable torch expressions (guided
// synthesis needs their gradients) and computed in log space where exponentials would overflow.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace synood {

enum class ScoreKind { MSP, MCM, Energy, MaxLogit, NegLabel };

const char* toString(ScoreKind kind);
// "msp", "mcm", "energy", "maxlogit", "neglabel"; throws SynoodError for other names.
ScoreKind scoreKindFromString(const std::string& name);
std::vector<std::string> scoreNames();

struct ScoreOptions {
    double logitScale = 100.0;  // zero-shot logits = logitScale * cos
    double temperature = 1.0;   // Energy: T * logsumexp(logits / T)
    double mcmTau = 1.0;        // MCM: max softmax(cos / tau)
    double negLabelTau = 0.01;  // NegLabel temperature
    int negLabelGroups = 100;   // NegLabel grouping (negatives permuted, split, scores averaged)
    uint64_t groupSeed = 0;     // permutation seed of the grouping
};

// From logits [N, C].
at::Tensor mspScore(const at::Tensor& logits);
at::Tensor energyScore(const at::Tensor& logits, double temperature = 1.0);
at::Tensor maxLogitScore(const at::Tensor& logits);
// From cosine similarities [N, C].
at::Tensor mcmScore(const at::Tensor& cosInD, double tau = 1.0);
// NegLabel: cosInD [N, C] to the InD labels, cosNeg [N, M] to the negative labels.
// S = sum_i exp(cos_i/tau) / (sum_i exp(cos_i/tau) + sum_j exp(cosneg_j/tau)), per group, averaged.
at::Tensor negLabelScore(const at::Tensor& cosInD, const at::Tensor& cosNeg, double tau = 0.01, int groups = 100, uint64_t seed = 0);

// Any score from L2-normalised image features [N, D] and text features (InD [C, D], negatives
// [M, D]; the negatives are needed by NegLabel only).
at::Tensor computeScore(ScoreKind kind, const at::Tensor& imageFeatures, const at::Tensor& indText, const at::Tensor& negText,
                        const ScoreOptions& options = {});

// NegLabel of fixed image features against many sets of negatives that differ from `negText` only in
// the rows `changing` (indices; fine-tuning's stage B trains those rows alone): each group's
// log-sum-exp over its other rows is computed once, so a score costs a product with the changing rows
// only. Equal to computeScore's NegLabel with the same options up to float rounding.
class NegLabelWithChangingRows {
public:
    NegLabelWithChangingRows(const at::Tensor& imageFeatures, const at::Tensor& indText, const at::Tensor& negText,
                             const at::Tensor& changing, const ScoreOptions& options);
    // The scores [N] with the changing rows replaced by changedRows [changing, D], in `changing`'s order.
    at::Tensor score(const at::Tensor& changedRows) const;
    const at::Tensor& changing() const { return m_changing; }

private:
    at::Tensor m_features, m_changing;
    at::Tensor m_posLse;    // [N] over the InD labels
    at::Tensor m_fixedLse;  // [N, groups] over the rows that do not change
    at::Tensor m_slots;     // [groups, widest]: each group's changing rows, padded with `changing`'s size
    double m_tau;
};

// A score tensor [N] as doubles, the form the metrics take.
std::vector<double> toDoubles(const at::Tensor& scores);

}  // namespace synood
