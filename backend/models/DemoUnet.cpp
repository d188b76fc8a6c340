#include "models/DemoUnet.h"

#include <ATen/ATen.h>

#include <cmath>

namespace synood {

namespace nn = torch::nn;

namespace {
nn::Conv2d conv3(int in, int out, int stride = 1) { return nn::Conv2d(nn::Conv2dOptions(in, out, 3).padding(1).stride(stride)); }
nn::GroupNorm groupNorm(int channels) { return nn::GroupNorm(nn::GroupNormOptions(8, channels)); }

// Sinusoidal embedding of integer timesteps [N] -> [N, dim].
at::Tensor timestepEmbedding(const at::Tensor& t, int dim) {
    const int half = dim / 2;
    const at::Tensor freqs = at::exp(at::arange(half, at::kFloat) * (-std::log(10000.0) / half));
    const at::Tensor args = t.to(at::kFloat).unsqueeze(1) * freqs.unsqueeze(0);
    return at::cat({at::sin(args), at::cos(args)}, 1);
}
}  // namespace

DemoResBlockImpl::DemoResBlockImpl(int in, int out, int embedDim) {
    norm1 = register_module("norm1", groupNorm(in));
    conv1 = register_module("conv1", conv3(in, out));
    embedProjection = register_module("embed", nn::Linear(embedDim, out));
    norm2 = register_module("norm2", groupNorm(out));
    conv2 = register_module("conv2", conv3(out, out));
    if (in != out) skip = register_module("skip", nn::Conv2d(nn::Conv2dOptions(in, out, 1)));
}

at::Tensor DemoResBlockImpl::forward(const at::Tensor& x, const at::Tensor& embedding) {
    at::Tensor h = conv1(at::silu(norm1(x)));
    h = h + embedProjection(at::silu(embedding)).unsqueeze(-1).unsqueeze(-1);
    h = conv2(at::silu(norm2(h)));
    return h + (skip ? skip(x) : x);
}

DemoUnetNetImpl::DemoUnetNetImpl(const DemoUnetOptions& o) : options(o) {
    const int c1 = o.width, c2 = 2 * o.width;
    timeIn = register_module("time_in", nn::Linear(64, o.embedDim));
    timeOut = register_module("time_out", nn::Linear(o.embedDim, o.embedDim));
    conditionIn = register_module("condition_in", nn::Linear(o.conditionDim, o.embedDim));
    inConv = register_module("in_conv", conv3(2 * o.channels + 1, c1));
    block32 = register_module("block32", DemoResBlock(c1, c1, o.embedDim));
    down1 = register_module("down1", conv3(c1, c1, 2));
    block16 = register_module("block16", DemoResBlock(c1, c2, o.embedDim));
    down2 = register_module("down2", conv3(c2, c2, 2));
    mid1 = register_module("mid1", DemoResBlock(c2, c2, o.embedDim));
    mid2 = register_module("mid2", DemoResBlock(c2, c2, o.embedDim));
    up2 = register_module("up2", conv3(c2, c2));
    upBlock16 = register_module("up_block16", DemoResBlock(2 * c2, c2, o.embedDim));
    up1 = register_module("up1", conv3(c2, c1));
    upBlock32 = register_module("up_block32", DemoResBlock(2 * c1, c1, o.embedDim));
    outNorm = register_module("out_norm", groupNorm(c1));
    outConv = register_module("out_conv", conv3(c1, o.channels));
}

at::Tensor DemoUnetNetImpl::forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& condition) {
    const at::Tensor emb = timeOut(at::silu(timeIn(timestepEmbedding(t, 64)))) + conditionIn(condition);
    const at::Tensor h32 = block32(inConv(x), emb);
    const at::Tensor h16 = block16(down1(h32), emb);
    at::Tensor h = mid2(mid1(down2(h16), emb), emb);
    const int64_t s = options.imageSize;
    h = up2(at::upsample_nearest2d(h, {s / 2, s / 2}));
    h = upBlock16(at::cat({h, h16}, 1), emb);
    h = up1(at::upsample_nearest2d(h, {s, s}));
    h = upBlock32(at::cat({h, h32}, 1), emb);
    return outConv(at::silu(outNorm(h)));
}

}  // namespace synood
