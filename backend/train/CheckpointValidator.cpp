#include "train/CheckpointValidator.h"

#include "ood/Metrics.h"

#include <ATen/ATen.h>

#include <optional>

namespace synood {

namespace {

// What the adapted features depend on: the adapter's weights and its input (raw or unit features).
struct AdapterKey {
    std::vector<at::Tensor> weights;  // empty: no adapter
    std::string input;

    static AdapterKey of(const TunedModel& m) {
        AdapterKey k;
        if (!m.adapter) return k;
        for (const at::Tensor& p : m.adapter->parameters()) k.weights.push_back(p.detach().clone());
        k.input = m.meta.value("adapter_input", std::string("unit"));
        return k;
    }

    bool operator==(const AdapterKey& o) const {
        if (weights.size() != o.weights.size() || input != o.input) return false;
        for (size_t i = 0; i < weights.size(); ++i) {
            if (!at::equal(weights[i], o.weights[i])) return false;
        }
        return true;
    }
};

}  // namespace

struct CheckpointValidator::Cache {
    bool valid = false;
    AdapterKey key;
    at::Tensor ind, all;       // adapted InD features; InD then OOD
    at::Tensor baseNegatives;  // the first negatives seen with this adapter
    std::optional<NegLabelWithChangingRows> partial;
};

CheckpointValidator::CheckpointValidator(ValidationSet set, at::Tensor indText, ScoreOptions options)
    : m_set(std::move(set)), m_indText(std::move(indText)), m_options(options), m_cache(std::make_shared<Cache>()) {}

Validation CheckpointValidator::operator()(const TunedModel& m) const {
    at::NoGradGuard noGrad;
    Cache& c = *m_cache;
    AdapterKey key = AdapterKey::of(m);
    if (!c.valid || !(key == c.key)) {
        c.key = std::move(key);
        c.ind = m.adapt(m_set.ind);
        c.all = at::cat({c.ind, m.adapt(m_set.ood)});
        c.baseNegatives = at::Tensor();
        c.partial.reset();
        c.valid = true;
    }
    at::Tensor scores;
    if (!c.baseNegatives.defined()) {
        c.baseNegatives = m.negatives.detach().clone();
        const int64_t nInd = c.ind.size(0);
        const auto score = [&](const at::Tensor& f) { return computeScore(ScoreKind::NegLabel, f, m_indText, c.baseNegatives, m_options); };
        scores = at::cat({score(c.ind), score(c.all.narrow(0, nInd, c.all.size(0) - nInd))});
    } else {
        const at::Tensor changing = m.negatives.ne(c.baseNegatives).any(1).nonzero().view({-1}).to(at::kCPU);
        if (!c.partial || !at::equal(c.partial->changing(), changing))
            c.partial.emplace(c.all, m_indText, c.baseNegatives, changing, m_options);
        scores = c.partial->score(m.negatives.index_select(0, changing.to(m.negatives.device())));
    }
    const int64_t nInd = c.ind.size(0);
    const OodMetrics metrics =
        computeOodMetrics(toDoubles(scores.narrow(0, 0, nInd)), toDoubles(scores.narrow(0, nInd, scores.size(0) - nInd)), "validation");
    const double accuracy = at::matmul(c.ind, m_indText.t()).argmax(1).eq(m_set.indLabels).to(at::kDouble).mean().item<double>();
    return {metrics.auroc, metrics.fpr95, accuracy};
}

Validation validateOn(const TunedModel& model, const ValidationSet& set, const at::Tensor& indText, const ScoreOptions& options) {
    return CheckpointValidator(set, indText, options)(model);
}

}  // namespace synood
