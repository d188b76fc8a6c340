#include "models/DemoDiffusion.h"

#include "core/Error.h"
#include "models/ModuleWeights.h"

#include <ATen/ATen.h>

namespace synood {

nlohmann::json demoDiffusionJson(const DemoUnetOptions& o, const NoiseSchedule& schedule) {
    return {{"kind", "demo-unet"},
            {"image_size", 32},
            {"channels", 1},
            {"width", o.width},
            {"condition_dim", o.conditionDim},
            {"embed_dim", o.embedDim},
            {"schedule", schedule.toJson()}};
}

at::Tensor padToDemoDiffusion(const at::Tensor& pixels01) { return at::constant_pad_nd(pixels01 * 2 - 1, {2, 2, 2, 2}, -1.0); }

at::Tensor cropFromDemoDiffusion(const at::Tensor& images) { return ((images.narrow(2, 2, 28).narrow(3, 2, 28) + 1) / 2).clamp(0, 1); }

at::Tensor DemoDiffusion::imagesFromPixels(const at::Tensor& pixels01) {
    at::Tensor x = pixels01.to(at::kFloat);
    if (x.size(1) != 1) x = x.mean(1, true);  // the demo model is grayscale
    if (x.size(2) != 28 || x.size(3) != 28) x = at::upsample_bilinear2d(x, {28, 28}, false);
    return padToDemoDiffusion(x);
}

at::Tensor DemoDiffusion::pixelsFromImages(const at::Tensor& images) { return cropFromDemoDiffusion(images); }

DemoDiffusion::DemoDiffusion(const ModelPack& pack, const std::string& device) {
    if (device != "cpu" && !device.empty()) {
        throw SynoodError("the demo model runs on the CPU", "--device " + device, "use --device cpu");
    }
    const std::string where = pack.dir + "/pack.json";
    const nlohmann::json& d = packSection(pack.json, "diffusion", where);
    DemoUnetOptions o;
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
