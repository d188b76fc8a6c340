#include "models/InpaintingDiffusion.h"

#include "core/Error.h"
#include "models/DemoDiffusion.h"
#include "models/SdInpaintDiffusion.h"

#include <ATen/ATen.h>

namespace synood {

at::Tensor InpaintingDiffusion::maskToLatent(const at::Tensor& mask) const {
    if (latentScale() == 1) return mask;
    const int64_t s = imageSize() / latentScale();
    return at::upsample_nearest2d(mask, {s, s});
}

at::Tensor InpaintingDiffusion::imagesFromPixels(const at::Tensor& pixels01) {
    at::Tensor x = pixels01.to(at::kFloat);
    if (x.size(2) != imageSize() || x.size(3) != imageSize()) {
        x = at::upsample_bilinear2d(x, {imageSize(), imageSize()}, false);
    }
    return x * 2 - 1;
}

at::Tensor InpaintingDiffusion::pixelsFromImages(const at::Tensor& images) { return ((images + 1) / 2).clamp(0, 1); }

std::unique_ptr<InpaintingDiffusion> loadInpaintingDiffusion(const ModelPack& pack, const std::string& device) {
    if (!pack.json.contains("diffusion")) {
        throw SynoodError("the pack has no diffusion model", pack.dir + "/pack.json",
                          "use a pack with a \"diffusion\" section (the demo pack, or an exported Stable Diffusion inpainting pack)");
    }
    const std::string kind = pack.json.at("diffusion").value("kind", std::string());
    if (kind == "demo-unet") return std::make_unique<DemoDiffusion>(pack, device);
    if (kind == "sd-inpaint-torchscript") return std::make_unique<SdInpaintDiffusion>(pack, device);
    throw SynoodError("diffusion kind '" + kind + "' is not one this build can load", pack.dir + "/pack.json",
                      "use a demo-unet or sd-inpaint-torchscript pack");
}

}  // namespace synood
