#include "train/FineTune.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "models/VisionLanguageModel.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <torch/optim/adam.h>
#include <torch/optim/sgd.h>
#include <torch/serialize.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <sstream>

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

}  // namespace

at::Tensor TunedModel::adapt(const at::Tensor& features) const {
    if (!adapter) return features;
    ResidualAdapter handle = adapter;  // a holder shares its module; forward() is not const
    return handle->forward(features);
}

int64_t TunedModel::parameterCount() const {
    return (adapter ? adapter->parameterCount() : 0) + (meta.value("stage_b", false) ? negatives.numel() : 0);
}

void TunedModel::save(const std::string& path) const {
    torch::serialize::OutputArchive archive;
    if (adapter) {
        for (const auto& p : adapter->named_parameters()) archive.write("adapter." + p.key(), p.value().detach());
    }
    archive.write("negatives", negatives.detach());
    const std::string text = meta.dump();
    archive.write("meta_json", at::tensor(std::vector<uint8_t>(text.begin(), text.end()), at::kByte));
    std::ostringstream bytes;
    archive.save_to(bytes);
    writeFileAtomically(path, bytes.str());
}

TunedModel TunedModel::load(const std::string& path, const std::string& packFingerprint) {
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(path);
    } catch (const c10::Error&) {
        throw SynoodError("not an adapter file", path, "train one with synood finetune");
    }
    TunedModel m;
    at::Tensor metaBytes;
    if (!archive.try_read("meta_json", metaBytes) || !archive.try_read("negatives", m.negatives)) {
        throw SynoodError("the adapter file lacks its meta data or negatives", path, "train it again with synood finetune");
    }
    const auto* p = metaBytes.data_ptr<uint8_t>();
    m.meta = nlohmann::json::parse(std::string(p, p + metaBytes.numel()));
    if (m.meta.value("pack", std::string()) != packFingerprint) {
        throw SynoodError("the adapter was trained with another model pack", path, "use the pack it was trained with, or train again");
    }
    if (m.meta.value("stage_a", false)) {
        m.adapter = ResidualAdapter(static_cast<int>(m.negatives.size(1)), m.meta.value("adapter_gated", false));
        at::NoGradGuard noGrad;
        for (auto& param : m.adapter->named_parameters()) {
            at::Tensor stored;
            if (!archive.try_read("adapter." + param.key(), stored) || stored.sizes() != param.value().sizes()) {
                throw SynoodError("the adapter file's '" + param.key() + "' is missing or has another shape", path, "train it again");
            }
            param.value().copy_(stored);
        }
        m.adapter->eval();
    }
    return m;
}

TunedModel fineTune(const FineTuneData& data, const at::Tensor& indText, const at::Tensor& negText,
                    const FineTuneOptions& o, const JobContext& ctx, StageReport* reportA, StageReport* reportB) {
    const int64_t n = data.features.size(0), dim = data.features.size(1), classes = indText.size(0);
    if (n == 0) throw SynoodError("no training samples", "fine-tuning", "synthesize or accept samples first");
    at::AutoGradMode enableGrad(true);  // callers may hold a no-grad guard
    TunedModel result;
    result.negatives = negText.clone();
    result.meta = {{"stage_a", o.stageA}, {"stage_b", o.stageB}, {"samples", n}, {"ind_classes", classes},
                   {"negatives", negText.size(0)}, {"logit_scale", o.logitScale}, {"seed", o.seed}};
    at::manual_seed(o.seed);
    const at::Tensor features = data.features.detach();
    if (o.stageA) {
        const auto t0 = Clock::now();
        ResidualAdapter adapter(static_cast<int>(dim), o.a.gated);
        result.meta["adapter_gated"] = o.a.gated;
        torch::optim::Adam optimizer(adapter->parameters(),
                                     torch::optim::AdamOptions(o.a.learningRate).weight_decay(o.a.weightDecay));
        const at::Tensor text = at::cat({indText, negText}).detach();  // [C + M, D], frozen
        const int64_t perEpoch = (n + o.a.batchSize - 1) / o.a.batchSize, total = perEpoch * o.a.epochs;
        StageReport rep;
        for (int epoch = 0; epoch < o.a.epochs; ++epoch) {
            const at::Tensor order = at::randperm(n, at::kLong);
            for (int64_t b = 0; b < perEpoch; ++b) {
                ctx.checkCancelled();
                setRate<torch::optim::AdamOptions>(optimizer, cosineRate(o.a.learningRate, o.a.minLearningRate, rep.steps, total));
                const at::Tensor idx = order.narrow(0, b * o.a.batchSize, std::min<int64_t>(o.a.batchSize, n - b * o.a.batchSize));
                const at::Tensor logits = o.logitScale * at::matmul(adapter->forward(features.index_select(0, idx)), text.t());
                const at::Tensor y = data.labels.index_select(0, idx);
                const at::Tensor loss = at::cross_entropy_loss(logits, y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                rep.loss = loss.item<double>();
                rep.accuracy = logits.argmax(1).eq(y).to(at::kDouble).mean().item<double>();
                reportStep(ctx, o, "stage A", ++rep.steps, total, rep.loss, rep.accuracy);
            }
        }
        adapter->eval();
        for (auto& p : adapter->parameters()) p.requires_grad_(false);
        result.adapter = adapter;
        rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        result.meta["stage_a_report"] = {{"seconds", rep.seconds}, {"loss", rep.loss}, {"accuracy", rep.accuracy},
                                        {"parameters", adapter->parameterCount()}};
        if (reportA) *reportA = rep;
    }
    if (o.stageB) {
        const auto t0 = Clock::now();
        const at::Tensor synthesized = data.labels >= classes;
        const at::Tensor idxAll = synthesized.nonzero().view({-1});
        const int64_t m = idxAll.size(0);
        if (m == 0) throw SynoodError("stage B needs synthesized samples with pseudo labels", "fine-tuning", "synthesize samples first");
        at::Tensor adapted;
        {
            at::NoGradGuard noGrad;
            adapted = result.adapt(features.index_select(0, idxAll));
        }
        const at::Tensor y = data.labels.index_select(0, idxAll) - classes;
        at::Tensor negatives = negText.clone().detach().requires_grad_(true);
        torch::optim::SGD optimizer(std::vector<at::Tensor>{negatives},
                                    torch::optim::SGDOptions(o.b.learningRate).momentum(o.b.momentum).weight_decay(o.b.weightDecay));
        const int64_t perEpoch = (m + o.b.batchSize - 1) / o.b.batchSize, total = perEpoch * o.b.epochs;
        StageReport rep;
        for (int epoch = 0; epoch < o.b.epochs; ++epoch) {
            const at::Tensor order = at::randperm(m, at::kLong);
            for (int64_t b = 0; b < perEpoch; ++b) {
                ctx.checkCancelled();
                setRate<torch::optim::SGDOptions>(optimizer, cosineRate(o.b.learningRate, 0.0, rep.steps, total));
                const at::Tensor idx = order.narrow(0, b * o.b.batchSize, std::min<int64_t>(o.b.batchSize, m - b * o.b.batchSize));
                const at::Tensor logits = o.logitScale * at::matmul(adapted.index_select(0, idx), normalizeFeatures(negatives).t());
                const at::Tensor target = y.index_select(0, idx);
                const at::Tensor loss = at::cross_entropy_loss(logits, target);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                rep.loss = loss.item<double>();
                rep.accuracy = logits.argmax(1).eq(target).to(at::kDouble).mean().item<double>();
                reportStep(ctx, o, "stage B", ++rep.steps, total, rep.loss, rep.accuracy);
            }
        }
        result.negatives = normalizeFeatures(negatives.detach());
        rep.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
        result.meta["stage_b_report"] = {{"seconds", rep.seconds}, {"loss", rep.loss}, {"accuracy", rep.accuracy},
                                        {"parameters", negatives.numel()}};
        if (reportB) *reportB = rep;
    }
    return result;
}

}  // namespace synood
