#pragma once
// The demo worlds' inpainting UNet: pixel space (32×32 grayscale for Fashion-MNIST, 48×48 colour for
// the scenes), input [x_t, mask, masked image] as Stable Diffusion inpainting stacks it, sinusoidal
// timestep embedding, conditioned on a toy-CLIP text feature (zeros = unconditional, learned through
// condition dropout). Three resolutions (S, S/2, S/4), residual blocks with GroupNorm and SiLU, skip
// connections.
#include <torch/nn.h>

namespace synood {

struct DemoUnetOptions {
    int imageSize = 32;  // S, a multiple of 4
    int channels = 1;    // of the image (1 gray, 3 RGB)
    int width = 32;      // feature channels at S×S; 2× at S/2 and S/4
    int conditionDim = 64;
    int embedDim = 128;  // timestep + condition embedding
};

struct DemoResBlockImpl : torch::nn::Module {
    DemoResBlockImpl(int in, int out, int embedDim);
    at::Tensor forward(const at::Tensor& x, const at::Tensor& embedding);
    torch::nn::GroupNorm norm1{nullptr}, norm2{nullptr};
    torch::nn::Conv2d conv1{nullptr}, conv2{nullptr}, skip{nullptr};
    torch::nn::Linear embedProjection{nullptr};
};
TORCH_MODULE(DemoResBlock);

struct DemoUnetNetImpl : torch::nn::Module {
    explicit DemoUnetNetImpl(const DemoUnetOptions& options = {});
    // x: [N, 2C+1, S, S] = [x_t, mask, masked image]; t: [N] timesteps; condition: [N, conditionDim].
    at::Tensor forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& condition);

    DemoUnetOptions options;
    torch::nn::Linear timeIn{nullptr}, timeOut{nullptr}, conditionIn{nullptr};
    torch::nn::Conv2d inConv{nullptr}, down1{nullptr}, down2{nullptr}, up2{nullptr}, up1{nullptr}, outConv{nullptr};
    DemoResBlock block32{nullptr}, block16{nullptr}, mid1{nullptr}, mid2{nullptr}, upBlock16{nullptr}, upBlock32{nullptr};
    torch::nn::GroupNorm outNorm{nullptr};
};
TORCH_MODULE(DemoUnetNet);

}  // namespace synood
