#include "models/DemoClip.h"

#include "core/Error.h"
#include "models/ModuleWeights.h"
#include "models/Precision.h"

#include <ATen/ATen.h>

#include <cmath>

namespace synood {

namespace nn = torch::nn;

DemoClipNetImpl::DemoClipNetImpl(int embedDim, int width) {
    nn::Sequential tower;
    auto block = [&tower](int in, int out) {
        tower->push_back(nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).bias(false)));
        tower->push_back(nn::BatchNorm2d(out));
        tower->push_back(nn::ReLU());
    };
    block(3, width);
    block(width, width);
    tower->push_back(nn::MaxPool2d(2));
    block(width, 2 * width);
    block(2 * width, 2 * width);
    tower->push_back(nn::MaxPool2d(2));
    block(2 * width, 4 * width);
    tower->push_back(nn::AdaptiveAvgPool2d(1));
    tower->push_back(nn::Flatten());
    imageTower = register_module("image_tower", tower);
    imageHead = register_module("image_head", nn::Linear(4 * width, embedDim));
    gramEmbedding =
        register_module("gram_embedding", nn::Embedding(nn::EmbeddingOptions(DemoWordTokenizer::kBuckets + 1, 128).padding_idx(0)));
    textHead = register_module("text_head", nn::Sequential(nn::Linear(128, 256), nn::ReLU(), nn::Linear(256, embedDim)));
    logitScaleLog = register_parameter("logit_scale", at::full({}, std::log(1.0 / 0.07)));
}

at::Tensor DemoClipNetImpl::encodeImage(const at::Tensor& pixels) {
    // The first block (convolution, norm, ReLU) sees the raw pixels and runs in float32 whatever the
    // caller's precision: rounding the input to bfloat16 was the largest part of bfloat16's
    // difference from float32 on the demo pack (test_precision).
    constexpr size_t kStemLayers = 3;
    at::Tensor x = pixels;
    size_t layer = 0;
    for (auto& module : *imageTower) {
        if (layer++ < kStemLayers) {
            const PrecisionScope exact(Precision::Float32);
            x = module.forward(x.to(at::kFloat));
        } else {
            x = module.forward(x);
        }
    }
    return imageHead(x);
}

at::Tensor DemoClipNetImpl::encodeText(const at::Tensor& ids) {
    const int64_t n = ids.size(0);
    const at::Tensor grams = ids.view({n, DemoWordTokenizer::kMaxWords, DemoWordTokenizer::kGramsPerWord});
    const at::Tensor gramMask = (grams > 0).to(at::kFloat).unsqueeze(-1);  // [N, W, G, 1]
    const at::Tensor words = (gramEmbedding(grams) * gramMask).sum(2) / gramMask.sum(2).clamp_min(1.0);
    const at::Tensor wordMask = (grams.select(2, 0) > 0).to(at::kFloat).unsqueeze(-1);  // [N, W, 1]
    const at::Tensor pooled = (words * wordMask).sum(1) / wordMask.sum(1).clamp_min(1.0);
    return textHead->forward(pooled);
}

DemoClip::DemoClip(const ModelPack& pack, const std::string& device) : VisionLanguageModel(pack) {
    if (device != "cpu" && !device.empty()) {
        throw SynoodError("the demo model runs on the CPU", "--device " + device, "use --device cpu");
    }
    m_net = DemoClipNet(pack.embedDim, packInteger(pack.json, "width", 32, 1, 1024, pack.dir + "/pack.json"));
    loadModuleHalf(*m_net, pack.file("model"));
    m_net->eval();
    for (auto& p : m_net->parameters()) p.requires_grad_(false);
}

at::Tensor DemoClip::imageFeatures(const at::Tensor& pixels) { return m_net->encodeImage(pixels.to(at::kFloat)); }

at::Tensor DemoClip::textFeatures(const at::Tensor& ids) { return m_net->encodeText(ids.to(at::kLong)); }

double DemoClip::logitScale() const { return std::min(100.0, m_net->logitScaleLog.exp().item<double>()); }

}  // namespace synood
