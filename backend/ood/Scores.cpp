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

at::Tensor energyScore(const at::Tensor& logits, double temperature) {
    return temperature * at::logsumexp(logits / temperature, -1);
}

at::Tensor maxLogitScore(const at::Tensor& logits) { return std::get<0>(logits.max(-1)); }

at::Tensor mcmScore(const at::Tensor& cosInD, double tau) { return std::get<0>(at::softmax(cosInD / tau, -1).max(-1)); }

at::Tensor negLabelScore(const at::Tensor& cosInD, const at::Tensor& cosNeg, double tau, int groups, uint64_t seed) {
    const int64_t m = cosNeg.size(-1);
    const at::Tensor posLse = at::logsumexp(cosInD / tau, -1);
    if (m == 0) return at::ones_like(posLse);  // no negatives: everything looks InD
    const int64_t g = std::max<int64_t>(1, std::min<int64_t>(groups, m));
    at::Tensor negatives = cosNeg;
    if (g > 1) {
        at::Generator gen = at::detail::createCPUGenerator(seed);
        const at::Tensor perm = at::randperm(m, gen, at::TensorOptions().dtype(at::kLong)).to(cosNeg.device());
        negatives = cosNeg.index_select(-1, perm);
    }
    const int64_t size = m / g;  // the remainder is dropped, as NegLabel does
    at::Tensor total = at::zeros_like(posLse);
    for (int64_t k = 0; k < g; ++k) {
        const at::Tensor negLse = at::logsumexp(negatives.narrow(-1, k * size, size) / tau, -1);
        // log S = lse(pos) - log(exp(lse(pos)) + exp(lse(neg))), all in log space.
        total = total + at::exp(posLse - at::logaddexp(posLse, negLse));
    }
    return total / static_cast<double>(g);
}

at::Tensor computeScore(ScoreKind kind, const at::Tensor& imageFeatures, const at::Tensor& indText,
                        const at::Tensor& negText, const ScoreOptions& o) {
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
        return negLabelScore(cosInD, at::matmul(imageFeatures, negText.t()), o.negLabelTau, o.negLabelGroups,
                             o.groupSeed);
    }
    throw SynoodError("unknown score", "computeScore", "report a bug");
}

std::vector<double> toDoubles(const at::Tensor& scores) {
    const at::Tensor d = scores.detach().to(at::kCPU, at::kDouble).contiguous();
    return std::vector<double>(d.data_ptr<double>(), d.data_ptr<double>() + d.numel());
}

}  // namespace synood
