#include "ood/Scores.h"

#include "core/Error.h"

#include <ATen/ATen.h>

namespace synood {

const char* toString(ScoreKind kind) {
    switch (kind) {
    case ScoreKind::MSP: return "msp";
    case ScoreKind::MCM: return "mcm";
    case ScoreKind::Energy: return "energy";
    case ScoreKind::MaxLogit: return "maxlogit";
    case ScoreKind::NegLabel: return "neglabel";
    }
    return "energy";
}

std::vector<std::string> scoreNames() { return {"msp", "mcm", "energy", "maxlogit", "neglabel"}; }

ScoreKind scoreKindFromString(const std::string& name) {
    for (ScoreKind k : {ScoreKind::MSP, ScoreKind::MCM, ScoreKind::Energy, ScoreKind::MaxLogit, ScoreKind::NegLabel}) {
        if (name == toString(k)) return k;
    }
    throw SynoodError("unknown score '" + name + "'", "--score", "use msp, mcm, energy, maxlogit or neglabel");
}

at::Tensor mspScore(const at::Tensor& logits) { return std::get<0>(at::softmax(logits, -1).max(-1)); }

at::Tensor energyScore(const at::Tensor& logits, double temperature) { return temperature * at::logsumexp(logits / temperature, -1); }

at::Tensor maxLogitScore(const at::Tensor& logits) { return std::get<0>(logits.max(-1)); }

at::Tensor mcmScore(const at::Tensor& cosInD, double tau) { return std::get<0>(at::softmax(cosInD / tau, -1).max(-1)); }

namespace {

// NegLabel's grouping: the negatives permuted by `seed` (their positions), split into g groups of
// m / g (the remainder is dropped, as NegLabel does).
struct Grouping {
    int64_t groups = 1, size = 0;
    at::Tensor order;  // [g * size] positions of the negatives, group after group
};

Grouping groupingOf(int64_t m, int groups, uint64_t seed, const at::Device& device) {
    Grouping gr;
    gr.groups = std::max<int64_t>(1, std::min<int64_t>(groups, m));
    gr.size = m / gr.groups;
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const at::Tensor perm = gr.groups > 1 ? at::randperm(m, gen, at::TensorOptions().dtype(at::kLong)) : at::arange(m, at::kLong);
    gr.order = perm.narrow(0, 0, gr.groups * gr.size).to(device);
    return gr;
}

// The score from posLse [N] and the grouped negative similarities [N, g * size], already divided by tau.
at::Tensor groupedScore(const at::Tensor& posLse, const at::Tensor& negScaled, const Grouping& gr) {
    const at::Tensor negLse = at::logsumexp(negScaled.reshape({negScaled.size(0), gr.groups, gr.size}), -1);  // [N, g]
    // log S = lse(pos) - log(exp(lse(pos)) + exp(lse(neg))), all in log space; averaged over the groups.
    const at::Tensor pos = posLse.unsqueeze(-1);
    return at::exp(pos - at::logaddexp(pos, negLse)).mean(-1);
}

}  // namespace

at::Tensor negLabelScore(const at::Tensor& cosInD, const at::Tensor& cosNeg, double tau, int groups, uint64_t seed) {
    const int64_t m = cosNeg.size(-1);
    const at::Tensor posLse = at::logsumexp(cosInD / tau, -1);
    if (m == 0) return at::ones_like(posLse);  // no negatives: everything looks InD
    const Grouping gr = groupingOf(m, groups, seed, cosNeg.device());
    return groupedScore(posLse, cosNeg.index_select(-1, gr.order) / tau, gr);
}

namespace {

// NegLabel from image features, a block of images at a time: the [N, M] similarity matrix is never
// whole in memory (at ImageNet's 10k negatives it would be 400 MB per 10k images, and every such
// allocation is an mmap the kernel must fault in); the negatives' rows are permuted, not the columns.
at::Tensor negLabelScoreOfFeatures(const at::Tensor& features, const at::Tensor& cosInD, const at::Tensor& negText, double tau, int groups,
                                   uint64_t seed) {
    const at::Tensor posLse = at::logsumexp(cosInD / tau, -1);
    const Grouping gr = groupingOf(negText.size(0), groups, seed, negText.device());
    const at::Tensor rows = negText.index_select(0, gr.order).t();
    const int64_t n = features.size(0), block = std::max<int64_t>(1, (int64_t(1) << 20) / std::max<int64_t>(1, rows.size(1)));
    std::vector<at::Tensor> parts;
    for (int64_t start = 0; start < n; start += block) {
        const int64_t len = std::min(block, n - start);
        parts.push_back(groupedScore(posLse.narrow(0, start, len), at::matmul(features.narrow(0, start, len), rows) / tau, gr));
    }
    return parts.empty() ? at::zeros_like(posLse) : at::cat(parts);
}

}  // namespace

at::Tensor computeScore(ScoreKind kind, const at::Tensor& imageFeatures, const at::Tensor& indText, const at::Tensor& negText,
                        const ScoreOptions& o) {
    const at::Tensor cosInD = at::matmul(imageFeatures, indText.t());
    switch (kind) {
    case ScoreKind::MSP: return mspScore(o.logitScale * cosInD);
    case ScoreKind::MCM: return mcmScore(cosInD, o.mcmTau);
    case ScoreKind::Energy: return energyScore(o.logitScale * cosInD, o.temperature);
    case ScoreKind::MaxLogit: return maxLogitScore(o.logitScale * cosInD);
    case ScoreKind::NegLabel:
        if (!negText.defined() || negText.size(0) == 0) {
            throw SynoodError("the NegLabel score needs negative labels", "neglabel",
                              "mine them first (synood neglabels) or pass a negative-label file");
        }
        return negLabelScoreOfFeatures(imageFeatures, cosInD, negText, o.negLabelTau, o.negLabelGroups, o.groupSeed);
    }
    throw SynoodError("unknown score", "computeScore", "report a bug");
}

std::vector<double> toDoubles(const at::Tensor& scores) {
    const at::Tensor d = scores.detach().to(at::kCPU, at::kDouble).contiguous();
    return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

}  // namespace synood
