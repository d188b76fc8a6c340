#include "ood/Scores.h"

#include "core/Error.h"

#include <ATen/ATen.h>

#include <cmath>
#include <vector>

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

// Each group's log-sum-exp [N, g] of the grouped negative similarities [N, g * size], divided by tau.
at::Tensor groupLse(const at::Tensor& negScaled, const Grouping& gr) {
    return at::logsumexp(negScaled.reshape({negScaled.size(0), gr.groups, gr.size}), -1);
}

// The score from posLse [N] and the groups' negative log-sum-exp [N, g]:
// log S = lse(pos) - log(exp(lse(pos)) + exp(lse(neg))), all in log space; averaged over the groups.
at::Tensor scoreOfGroupLse(const at::Tensor& posLse, const at::Tensor& negLse) {
    const at::Tensor pos = posLse.unsqueeze(-1);
    return at::exp(pos - at::logaddexp(pos, negLse)).mean(-1);
}

at::Tensor groupedScore(const at::Tensor& posLse, const at::Tensor& negScaled, const Grouping& gr) {
    return scoreOfGroupLse(posLse, groupLse(negScaled, gr));
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

// f(start, len) for blocks of rows of features [N, D] whose products with `columns` columns take about
// 4 MB each, the results concatenated; `empty` when there are no rows.
template <typename BlockFn>
at::Tensor blockwise(const at::Tensor& features, int64_t columns, const at::Tensor& empty, BlockFn f) {
    const int64_t n = features.size(0), block = std::max<int64_t>(1, (int64_t(1) << 20) / std::max<int64_t>(1, columns));
    std::vector<at::Tensor> parts;
    for (int64_t start = 0; start < n; start += block) parts.push_back(f(start, std::min(block, n - start)));
    return parts.empty() ? empty : at::cat(parts);
}

// NegLabel from image features, a block of images at a time: the [N, M] similarity matrix is never
// whole in memory (at ImageNet's 10k negatives it would be 400 MB per 10k images, and every such
// allocation is an mmap the kernel must fault in); the negatives' rows are permuted, not the columns.
at::Tensor negLabelScoreOfFeatures(const at::Tensor& features, const at::Tensor& cosInD, const at::Tensor& negText, double tau, int groups,
                                   uint64_t seed) {
    const at::Tensor posLse = at::logsumexp(cosInD / tau, -1);
    const Grouping gr = groupingOf(negText.size(0), groups, seed, negText.device());
    const at::Tensor rows = negText.index_select(0, gr.order).t();
    return blockwise(features, rows.size(1), at::zeros_like(posLse), [&](int64_t start, int64_t len) {
        return groupedScore(posLse.narrow(0, start, len), at::matmul(features.narrow(0, start, len), rows) / tau, gr);
    });
}

}  // namespace

NegLabelWithChangingRows::NegLabelWithChangingRows(const at::Tensor& imageFeatures, const at::Tensor& indText, const at::Tensor& negText,
                                                   const at::Tensor& changing, const ScoreOptions& o)
    : m_features(imageFeatures), m_changing(changing.to(at::kCPU, at::kLong).contiguous()), m_tau(o.negLabelTau) {
    const int64_t m = negText.size(0), c = m_changing.size(0);
    if (m == 0) throw SynoodError("the NegLabel score needs negative labels", "neglabel", "mine them first (synood neglabels)");
    m_posLse = at::logsumexp(at::matmul(imageFeatures, indText.t()) / m_tau, -1);
    const Grouping gr = groupingOf(m, o.negLabelGroups, o.groupSeed, negText.device());
    // Where each negative sits among the changing rows (-1: it does not change).
    std::vector<int64_t> slotOf(static_cast<size_t>(m), -1);
    const auto changingAt = m_changing.accessor<int64_t, 1>();
    for (int64_t i = 0; i < c; ++i) slotOf[static_cast<size_t>(changingAt[i])] = i;
    // Each group's changing rows as indices into [new rows..., a column of -inf], padded with the latter.
    const at::Tensor order = gr.order.to(at::kCPU).contiguous();
    const auto orderAt = order.accessor<int64_t, 1>();
    std::vector<std::vector<int64_t>> perGroup(static_cast<size_t>(gr.groups));
    std::vector<int64_t> changes;  // positions in the grouped order whose row changes
    for (int64_t k = 0; k < gr.groups * gr.size; ++k) {
        const int64_t slot = slotOf[static_cast<size_t>(orderAt[k])];
        if (slot < 0) continue;
        perGroup[static_cast<size_t>(k / gr.size)].push_back(slot);
        changes.push_back(k);
    }
    size_t widest = 1;
    for (const auto& g : perGroup) widest = std::max(widest, g.size());
    std::vector<int64_t> slots(static_cast<size_t>(gr.groups) * widest, c);
    for (size_t g = 0; g < perGroup.size(); ++g)
        std::copy(perGroup[g].begin(), perGroup[g].end(), slots.begin() + static_cast<long>(g * widest));
    m_slots = at::tensor(slots, at::kLong).view({gr.groups, static_cast<int64_t>(widest)}).to(imageFeatures.device());
    at::Tensor changesMask = at::zeros({gr.groups * gr.size}, at::kBool);
    if (!changes.empty()) changesMask.index_fill_(0, at::tensor(changes, at::kLong), true);
    changesMask = changesMask.to(imageFeatures.device());
    // Each group's log-sum-exp over the rows that do not change (-inf where a whole group changes).
    const at::Tensor rows = negText.index_select(0, gr.order).t();
    m_fixedLse =
        blockwise(imageFeatures, rows.size(1), at::empty({0, gr.groups}, imageFeatures.options()), [&](int64_t start, int64_t len) {
            return groupLse(at::matmul(imageFeatures.narrow(0, start, len), rows).div_(m_tau).masked_fill_(changesMask, -INFINITY), gr);
        });
}

at::Tensor NegLabelWithChangingRows::score(const at::Tensor& changedRows) const {
    const int64_t n = m_features.size(0);
    const at::Tensor sims =
        at::cat({at::matmul(m_features, changedRows.t()) / m_tau, at::full({n, 1}, -INFINITY, m_features.options())}, 1);
    const at::Tensor changeLse = at::logsumexp(sims.index_select(1, m_slots.view({-1})).view({n, m_slots.size(0), m_slots.size(1)}), -1);
    return scoreOfGroupLse(m_posLse, at::logaddexp(m_fixedLse, changeLse));
}

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
