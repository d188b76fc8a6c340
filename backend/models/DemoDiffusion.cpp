#include "models/DemoDiffusion.h"

#include "core/Error.h"
#include "models/ModuleWeights.h"

#include <ATen/ATen.h>

namespace synood {

nlohmann::json demoDiffusionJson(const DemoUnetOptions& o, int padding, const NoiseSchedule& schedule) {
    return {{"kind", "demo-unet"}, {"image_size", o.imageSize},       {"channels", o.channels},  {"padding", padding},
            {"width", o.width},    {"condition_dim", o.conditionDim}, {"embed_dim", o.embedDim}, {"schedule", schedule.toJson()}};
}

at::Tensor padToDemoDiffusion(const at::Tensor& pixels01, int padding) {
    return at::constant_pad_nd(pixels01 * 2 - 1, {padding, padding, padding, padding}, -1.0);
}

at::Tensor cropFromDemoDiffusion(const at::Tensor& images, int padding) {
    const int64_t inner = images.size(2) - 2 * padding;
    return ((images.narrow(2, padding, inner).narrow(3, padding, inner) + 1) / 2).clamp(0, 1);
}

at::Tensor DemoDiffusion::imagesFromPixels(const at::Tensor& pixels01) {
    at::Tensor x = pixels01.to(at::kFloat);
    if (x.size(1) != imageChannels()) x = imageChannels() == 1 ? x.mean(1, true) : x.expand({-1, imageChannels(), -1, -1});
    const int64_t inner = imageSize() - 2 * m_padding;
    if (x.size(2) != inner || x.size(3) != inner) x = at::upsample_bilinear2d(x, {inner, inner}, false);
    return padToDemoDiffusion(x, m_padding);
}

at::Tensor DemoDiffusion::pixelsFromImages(const at::Tensor& images) { return cropFromDemoDiffusion(images, m_padding); }

DemoDiffusion::DemoDiffusion(const ModelPack& pack, const std::string& device) {
    if (device != "cpu" && !device.empty()) {
        throw SynoodError("the demo model runs on the CPU", "--device " + device, "use --device cpu");
    }
    const std::string where = pack.dir + "/pack.json";
    const nlohmann::json& d = packSection(pack.json, "diffusion", where);
    DemoUnetOptions o;
    o.imageSize = packInteger(d, "image_size", o.imageSize, 4, 1024, where);
    if (o.imageSize % 4 != 0) throw SynoodError("diffusion.image_size must be a multiple of 4", where, "e.g. 32 or 48");
    o.channels = packInteger(d, "channels", o.channels, 1, 3, where);
    if (o.channels == 2) throw SynoodError("diffusion.channels must be 1 or 3", where, "1 (gray) or 3 (RGB)");
    // Packs written before "padding" are Fashion-MNIST's: 28×28 in 32×32.
    m_padding = packInteger(d, "padding", o.imageSize == 32 ? 2 : 0, 0, o.imageSize / 2 - 1, where);
    o.width = packInteger(d, "width", o.width, 1, 1024, where);
    o.conditionDim = packInteger(d, "condition_dim", o.conditionDim, 1, 65536, where);
    o.embedDim = packInteger(d, "embed_dim", o.embedDim, 1, 65536, where);
    m_schedule = NoiseSchedule::fromJson(packSection(d, "schedule", where), where);
    m_net = DemoUnetNet(o);
    loadModuleHalf(*m_net, pack.file("diffusion"));
    m_net->eval();
    for (auto& p : m_net->parameters()) p.requires_grad_(false);
    m_textEncoder = loadVisionLanguageModel(pack, device);
}

at::Tensor DemoDiffusion::encodePrompts(const std::vector<std::string>& prompts) {
    return normalizeFeatures(m_textEncoder->encodeTexts(prompts));
}

at::Tensor DemoDiffusion::unconditional(int64_t n) { return at::zeros({n, m_net->options.conditionDim}); }

at::Tensor DemoDiffusion::predict(const at::Tensor& zt, const at::Tensor& mask, const at::Tensor& maskedLatents, int t,
                                  const at::Tensor& condition) {
    const at::Tensor x = at::cat({zt, mask, maskedLatents}, 1);
    return m_net->forward(x, at::full({zt.size(0)}, t, at::kLong), condition);
}

}  // namespace synood
