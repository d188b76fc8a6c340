#include "train/FineTune.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "models/VisionLanguageModel.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>

#include <chrono>
#include <cmath>
#include <cstdio>

namespace synood {

namespace {

using Clock = std::chrono::steady_clock;

double cosineRate(double start, double end, int64_t step, int64_t total) {
    return end + (start - end) * 0.5 * (1 + std::cos(M_PI * static_cast<double>(step) / static_cast<double>(std::max<int64_t>(1, total))));
}

template <typename OptionsT, typename Optimizer>
void setRate(Optimizer& optimizer, double lr) {
    for (auto& group : optimizer.param_groups()) static_cast<OptionsT&>(group.options()).lr(lr);
}

void reportStep(const JobContext& ctx, const FineTuneOptions& o, const char* stage, int64_t step, int64_t total, double loss,
                double accuracy) {
    if (o.onStep) o.onStep({stage, step, total, loss, accuracy});
    char msg[64];
    std::snprintf(msg, sizeof msg, "loss %.4f acc %.3f", loss, accuracy);
    ctx.report(stage, step, total, msg);
}

// One optimiser step on the batch's cross-entropy; its loss and accuracy.
template <typename Optimizer>
std::pair<double, double> crossEntropyStep(Optimizer& optimizer, const at::Tensor& logits, const at::Tensor& target) {
    const at::Tensor loss = at::cross_entropy_loss(logits, target);
    optimizer.zero_grad();
    loss.backward();
    optimizer.step();
    return {loss.item<double>(), logits.argmax(1).eq(target).to(at::kDouble).mean().item<double>()};
}

// How long a stage trains: its epochs, or a step budget cut into as many epochs as it takes.
struct Budget {
    int64_t perEpoch = 0, epochs = 0, total = 0;
};

Budget budgetOf(int64_t n, int batchSize, int epochs, int64_t steps) {
    if (batchSize < 1 || (steps <= 0 && epochs < 1)) {
        throw SynoodError("the batch size and the epochs (or steps) must be positive", "fine-tuning", "e.g. --batch 128 --epochs-a 3");
    }
    Budget b;
    b.perEpoch = (n + batchSize - 1) / batchSize;
    b.total = steps > 0 ? steps : b.perEpoch * epochs;
    b.epochs = (b.total + b.perEpoch - 1) / b.perEpoch;
    return b;
}

// One stage's optimisation: shuffled epochs of batches, the cosine schedule, live steps, and the
// checkpoints (validated snapshots, the best admissible one kept).
struct StageLoop {
    const FineTuneOptions& o;
    const JobContext& ctx;
    const char* stage;
    Budget budget;
    int64_t n;
    int batchSize;
    double startRate, endRate;
    std::function<void(double)> setRate;
    // One batch: forward, backward, step; returns {loss, accuracy}.
    std::function<std::pair<double, double>(const at::Tensor& idx)> step;
    std::function<TunedModel()> snapshot;

    TunedModel run(StageReport& rep) {
        const TunedModel start = snapshot().copy();
        TunedModel best;
        Validation bestValidation;
        bool haveBest = false;
        const auto checkpoint = [&](int64_t at) {
            if (!o.validate) return;
            const auto t0 = Clock::now();
            TunedModel now = at == 0 ? start.copy() : snapshot().copy();
            const Validation v = o.validate(now);
            rep.validationSeconds += std::chrono::duration<double>(Clock::now() - t0).count();
            rep.checkpoints.push_back({at, v});
            if (o.onCheckpoint) o.onCheckpoint(stage, at, v);
            if (v.accuracy >= o.minAccuracy && (!haveBest || betterValidation(v, bestValidation))) {
                best = std::move(now);
                bestValidation = v;
                rep.chosenStep = at;
                haveBest = true;
            }
        };
        checkpoint(0);
        for (int64_t epoch = 0; epoch < budget.epochs && rep.steps < budget.total; ++epoch) {
            const at::Tensor order = at::randperm(n, at::kLong);
            if (o.perEpochCosine) setRate(cosineRate(startRate, endRate, epoch, budget.epochs));
            for (int64_t b = 0; b < budget.perEpoch && rep.steps < budget.total; ++b) {
                ctx.checkCancelled();
                if (!o.perEpochCosine) setRate(cosineRate(startRate, endRate, rep.steps, budget.total));
                const at::Tensor idx = order.narrow(0, b * batchSize, std::min<int64_t>(batchSize, n - b * batchSize));
                std::tie(rep.loss, rep.accuracy) = step(idx);
                reportStep(ctx, o, stage, ++rep.steps, budget.total, rep.loss, rep.accuracy);
                if (o.checkpointEvery > 0 && (rep.steps % o.checkpointEvery == 0 || rep.steps == budget.total)) checkpoint(rep.steps);
            }
        }
        if (!o.validate) return snapshot().copy();
        if (!haveBest) {  // no checkpoint is admissible: the stage's starting point
            rep.chosenStep = 0;
            return start;
        }
        best.meta["validation"] = bestValidation.toJson();
        return best;
    }
};

// The distinct pseudo labels that occur in `labels` (>= classes), ascending, and each sample's class
// index in [InD classes, occurring labels].
std::pair<at::Tensor, at::Tensor> occurringLabels(const at::Tensor& labels, int64_t classes) {
    const at::Tensor pseudo = labels.masked_select(labels >= classes) - classes;
    const at::Tensor occurring = std::get<0>(at::_unique(pseudo, /*sorted=*/true));
    at::Tensor remapped = labels.clone();
    const at::Tensor isPseudo = labels >= classes;
    remapped.masked_scatter_(isPseudo, classes + at::searchsorted(occurring, pseudo));
    return {occurring, remapped};
}

ResidualAdapter copyAdapter(const ResidualAdapter& from) {
    // Constructing a module draws its random initialisation; a snapshot must not move the training's
    // random stream (shuffling), so the generator's state is put back.
    at::Generator generator = at::detail::getDefaultCPUGenerator();
    const at::Tensor state = generator.get_state();
    ResidualAdapter to(static_cast<int>(from->projection->weight.size(1)), from->gate.defined());
    generator.set_state(state);
    at::NoGradGuard noGrad;
    const auto source = from->named_parameters();
    for (auto& p : to->named_parameters()) p.value().copy_(source[p.key()]);
    for (auto& p : to->parameters()) p.requires_grad_(false);
    to->eval();
    return to;
}

}  // namespace

const char* toString(ClassSet set) { return set == ClassSet::Occurring ? "occurring" : "all"; }

ClassSet classSetFromString(const std::string& name) {
    if (name == "occurring") return ClassSet::Occurring;
    if (name == "all") return ClassSet::All;
    throw SynoodError("unknown class set '" + name + "'", "--class-set", "use occurring or all");
}

nlohmann::json Validation::toJson() const { return {{"auroc", auroc}, {"fpr95", fpr95}, {"accuracy", accuracy}}; }

bool betterValidation(const Validation& a, const Validation& b) {
    if (a.auroc != b.auroc) return a.auroc > b.auroc;
    return a.fpr95 < b.fpr95;
}

at::Tensor TunedModel::adapt(const at::Tensor& rawFeatures) const {
    if (!adapter) return normalizeFeatures(rawFeatures);
    ResidualAdapter handle = adapter;  // a holder shares its module; forward() is not const
    // Adapters trained before the raw-input option took unit features.
    return handle->forward(meta.value("adapter_input", std::string("unit")) == "raw" ? rawFeatures : normalizeFeatures(rawFeatures));
}

int64_t TunedModel::parameterCount() const {
    return (adapter ? adapter->parameterCount() : 0) +
           meta.value("tuned_rows", meta.value("stage_b", false) ? negatives.size(0) : 0) * (negatives.defined() ? negatives.size(1) : 0);
}

TunedModel TunedModel::copy() const {
    TunedModel m;
    if (adapter) m.adapter = copyAdapter(adapter);
    m.negatives = negatives.detach().clone();
    m.meta = meta;
    return m;
}
namespace {

// What both stages share: the options, the features, the classes they train over and the scale.
struct Training {
    const FineTuneOptions& o;
    const JobContext& ctx;
    at::Tensor features;  // raw [N, D]
    at::Tensor labels;    // [N]: c < C InD, C + k the k-th class row
    at::Tensor rows;      // which negatives are the class rows
    at::Tensor negText;   // as given (raw or unit rows)
    at::Tensor negUnit;
    at::Tensor indText;
    double scale;
};

// Stage A: the adapter over [InD prompts, class rows], text frozen; `start` gains the adapter.
TunedModel trainStageA(const Training& t, const TunedModel& start, StageReport& rep) {
    const auto t0 = Clock::now();
    const FineTuneOptions& o = t.o;
    ResidualAdapter adapter(static_cast<int>(t.features.size(1)), o.a.gated);
    torch::optim::Adam optimizer(adapter->parameters(), torch::optim::AdamOptions(o.a.learningRate).weight_decay(o.a.weightDecay));
    const at::Tensor text = at::cat({normalizeFeatures(t.indText), t.negUnit.index_select(0, t.rows)}).detach();  // frozen
    const at::Tensor input = o.a.rawInput ? t.features : normalizeFeatures(t.features);
    TunedModel base = start;
    base.meta["adapter_gated"] = o.a.gated;
    const int64_t n = input.size(0);
    StageLoop loop{o,
                   t.ctx,
                   "stage A",
                   budgetOf(n, o.a.batchSize, o.a.epochs, o.a.steps),
                   n,
                   o.a.batchSize,
                   o.a.learningRate,
                   o.a.minLearningRate,
                   [&](double lr) { setRate<torch::optim::AdamOptions>(optimizer, lr); },
                   [&](const at::Tensor& idx) {
                       return crossEntropyStep(optimizer, t.scale * at::matmul(adapter->forward(input.index_select(0, idx)), text.t()),
                                               t.labels.index_select(0, idx));
                   },
                   [&] {
                       TunedModel now = base;
                       now.adapter = adapter;
                       return now;
                   }};
    TunedModel result = loop.run(rep);
    rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    result.meta["stage_a_report"] = {{"seconds", rep.seconds},        {"loss", rep.loss},
                                     {"accuracy", rep.accuracy},      {"steps", rep.steps},
                                     {"chosen_step", rep.chosenStep}, {"parameters", adapter->parameterCount()}};
    return result;
}

// Stage B: the class rows as parameters, cross-entropy over them on the synthesized samples.
TunedModel trainStageB(const Training& t, const TunedModel& afterA, StageReport& rep) {
    const auto t0 = Clock::now();
    const FineTuneOptions& o = t.o;
    const int64_t classes = t.indText.size(0);
    const at::Tensor idxAll = (t.labels >= classes).nonzero().view({-1});
    const int64_t m = idxAll.size(0);
    if (m == 0) throw SynoodError("stage B needs synthesized samples with pseudo labels", "fine-tuning", "synthesize samples first");
    at::Tensor input;
    {
        at::NoGradGuard noGrad;
        const at::Tensor raw = t.features.index_select(0, idxAll);
        input = o.b.adaptedInput ? afterA.adapt(raw) : normalizeFeatures(raw);
    }
    const at::Tensor y = t.labels.index_select(0, idxAll) - classes;
    const at::Tensor initial = t.negText.detach().index_select(0, t.rows);
    at::Tensor tuned = (o.b.rawRows ? initial : normalizeFeatures(initial)).clone().requires_grad_(true);
    torch::optim::SGD optimizer(std::vector<at::Tensor>{tuned},
                                torch::optim::SGDOptions(o.b.learningRate).momentum(o.b.momentum).weight_decay(o.b.weightDecay));
    StageLoop loop{o,
                   t.ctx,
                   "stage B",
                   budgetOf(m, o.b.batchSize, o.b.epochs, o.b.steps),
                   m,
                   o.b.batchSize,
                   o.b.learningRate,
                   0.0,
                   [&](double lr) { setRate<torch::optim::SGDOptions>(optimizer, lr); },
                   [&](const at::Tensor& idx) {
                       return crossEntropyStep(optimizer, t.scale * at::matmul(input.index_select(0, idx), normalizeFeatures(tuned).t()),
                                               y.index_select(0, idx));
                   },
                   [&] {
                       TunedModel now = afterA;
                       at::NoGradGuard noGrad;
                       now.negatives = afterA.negatives.index_copy(0, t.rows, normalizeFeatures(tuned.detach()));
                       return now;
                   }};
    TunedModel result = loop.run(rep);
    result.meta["tuned_rows"] = t.rows.size(0);
    rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    result.meta["stage_b_report"] = {{"seconds", rep.seconds},        {"loss", rep.loss},
                                     {"accuracy", rep.accuracy},      {"steps", rep.steps},
                                     {"chosen_step", rep.chosenStep}, {"parameters", tuned.numel()}};
    return result;
}

}  // namespace

TunedModel fineTune(const FineTuneData& data, const at::Tensor& indText, const at::Tensor& negText, const FineTuneOptions& o,
                    const JobContext& ctx, StageReport* reportA, StageReport* reportB, TunedModel* afterStageA) {
    const int64_t n = data.features.size(0), classes = indText.size(0);
    if (n == 0) throw SynoodError("no training samples", "fine-tuning", "synthesize or accept samples first");
    const double scale = o.logitScale > 0 ? o.logitScale : data.modelLogitScale;
    if (!std::isfinite(scale) || scale <= 0) throw SynoodError("the logit scale must be a positive number", "fine-tuning", "e.g. 100");
    at::AutoGradMode enableGrad(true);  // callers may hold a no-grad guard
    at::manual_seed(o.seed);
    Training t{o, ctx, data.features.detach(), data.labels, {}, negText.detach(), normalizeFeatures(negText.detach()), indText, scale};
    // The classes both stages train over: InD + the occurring pseudo labels, or InD + every negative.
    if (o.classSet == ClassSet::Occurring) {
        std::tie(t.rows, t.labels) = occurringLabels(data.labels, classes);
    } else {
        t.rows = at::arange(negText.size(0), at::kLong);
    }
    TunedModel result;
    result.negatives = t.negUnit.clone();
    result.meta = {{"stage_a", o.stageA},
                   {"stage_b", o.stageB},
                   {"samples", n},
                   {"ind_classes", classes},
                   {"negatives", negText.size(0)},
                   {"logit_scale", scale},
                   {"class_set", toString(o.classSet)},
                   {"classes_trained", classes + t.rows.size(0)},
                   {"per_epoch_cosine", o.perEpochCosine},
                   {"adapter_input", o.a.rawInput ? "raw" : "unit"},
                   {"stage_b_input", o.b.adaptedInput ? "adapted" : "raw"},
                   {"stage_b_rows", o.b.rawRows ? "raw" : "unit"},
                   {"seed", o.seed}};
    StageReport a, b;
    if (o.stageA) result = trainStageA(t, result, a);
    if (o.stageA && afterStageA) {
        *afterStageA = result.copy();
        afterStageA->meta["stage_b"] = false;
    }
    if (o.stageB) result = trainStageB(t, result, b);
    if (reportA) *reportA = a;
    if (reportB) *reportB = b;
    return result;
}

}  // namespace synood
