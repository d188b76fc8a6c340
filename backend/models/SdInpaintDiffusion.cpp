#include "models/SdInpaintDiffusion.h"

#include "core/Error.h"
#include "models/TorchScriptClip.h"

#include <ATen/ATen.h>

namespace synood {
namespace {

torch::jit::script::Module loadPart(const ModelPack& pack, const std::string& role, const at::Device& device) {
    const std::string& path = pack.file(role);
    torch::jit::script::Module m;
    try {
        m = torch::jit::load(path, device);
    } catch (const std::exception&) {
        throw SynoodError("the diffusion pack's '" + role + "' is not a loadable TorchScript archive", path,
                          "export the pack again with tools/export_sd_inpaint.py");
    }
    m.eval();
    for (auto p : m.parameters()) p.requires_grad_(false);  // frozen: gradients flow to the inputs only
    return m;
}

// "auto": the archive's own dtype on CUDA (traces record dtype and device constants, so a pack is
// exported for where it runs: tools/export_sd_inpaint.py --device cuda --dtype float16); float32 on
// the CPU, where half-precision kernels are missing.
at::ScalarType precisionType(const std::string& precision, const at::Device& device, at::ScalarType archive) {
    if (precision == "auto") return device.is_cuda() ? archive : at::kFloat;
    if (precision == "float32") return at::kFloat;
    if (precision == "float16" || precision == "bfloat16") {
        if (!device.is_cuda()) {
            throw SynoodError("half precision needs a CUDA device", "--precision " + precision, "use --precision float32 on the CPU");
        }
        return precision == "float16" ? at::kHalf : at::kBFloat16;
    }
    throw SynoodError("unknown precision '" + precision + "'", "--precision", "use auto, float32, float16 or bfloat16");
}

at::ScalarType parameterType(const torch::jit::script::Module& m) {
    for (const auto& p : m.parameters()) return p.scalar_type();
    return at::kFloat;
}

}  // namespace

SdInpaintDiffusion::SdInpaintDiffusion(const ModelPack& pack, const std::string& device, const std::string& precision)
    : m_device(parseDevice(device)) {
    const std::string where = pack.dir + "/pack.json";
    const nlohmann::json& d = packSection(pack.json, "diffusion", where);
    m_imageSize = packInteger(d, "image_size", m_imageSize, 8, 4096, where);
    m_latentScale = packInteger(d, "latent_scale", m_latentScale, 1, 64, where);
    m_latentChannels = packInteger(d, "latent_channels", m_latentChannels, 1, 64, where);
    m_scaling = packNumber(d, "vae_scaling_factor", m_scaling, 1e-6, 1e6, where);
    m_padId = packInteger(d, "pad_token_id", m_padId, 0, ClipTokenizer::kEndToken, where);
    if (m_imageSize % m_latentScale != 0)
        throw SynoodError("image_size must be a multiple of latent_scale", where, "fix the diffusion section");
    m_schedule = NoiseSchedule::fromJson(packSection(d, "schedule", where), where);
    m_unet = loadPart(pack, "unet", m_device);
    m_vaeEncoder = loadPart(pack, "vae_encoder", m_device);
    m_vaeDecoder = loadPart(pack, "vae_decoder", m_device);
    m_textEncoder = loadPart(pack, "text_encoder", m_device);
    m_dtype = precisionType(precision, m_device, parameterType(m_unet));
    for (auto* m : {&m_unet, &m_vaeEncoder, &m_vaeDecoder, &m_textEncoder}) {
        if (parameterType(*m) != m_dtype) m->to(m_dtype);
    }
    if (pack.hasFile("bpe")) m_tokenizer = std::make_unique<ClipTokenizer>(ClipTokenizer::fromBpeFile(pack.file("bpe")));
    at::Tensor empty = at::zeros({1, ClipTokenizer::kContextLength}, at::kLong).fill_(m_padId);
    empty[0][0] = ClipTokenizer::kStartToken;
    empty[0][1] = ClipTokenizer::kEndToken;
    try {
        m_empty = encodeTokenIds(empty);
    } catch (const c10::Error& e) {
        throw SynoodError("the text encoder failed on the empty prompt", pack.file("text_encoder"),
                          "it must take int64 token ids [N, 77] and return hidden states [N, 77, D]");
    }
}

at::Tensor SdInpaintDiffusion::toDevice(const at::Tensor& t) const {
    return t.is_floating_point() ? t.to(m_device, m_dtype) : t.to(m_device);
}

at::Tensor SdInpaintDiffusion::run(torch::jit::script::Module& module, std::vector<c10::IValue> inputs) {
    at::Tensor out = module.forward(std::move(inputs)).toTensor();
    return out.to(at::kCPU, at::kFloat);
}

at::Tensor SdInpaintDiffusion::encodeTokenIds(const at::Tensor& ids) { return run(m_textEncoder, {ids.to(m_device)}); }

at::Tensor SdInpaintDiffusion::encodePrompts(const std::vector<std::string>& prompts) {
    if (!m_tokenizer) {
        throw SynoodError("the diffusion pack has no tokenizer", "pack.json files", "add CLIP's BPE merges as a file with role \"bpe\"");
    }
    at::Tensor ids = at::empty({static_cast<int64_t>(prompts.size()), ClipTokenizer::kContextLength}, at::kLong);
    for (size_t i = 0; i < prompts.size(); ++i) {
        std::vector<int64_t> row = m_tokenizer->tokenize(prompts[i]);
        // ClipTokenizer pads with 0; SD 1.x's tokenizer pads with its end token.
        bool ended = false;
        for (int64_t& id : row) {
            if (ended && id == 0) id = m_padId;
            if (id == ClipTokenizer::kEndToken) ended = true;
        }
        ids[static_cast<int64_t>(i)].copy_(at::tensor(row, at::kLong));
    }
    return encodeTokenIds(ids);
}

at::Tensor SdInpaintDiffusion::unconditional(int64_t n) { return m_empty.expand({n, m_empty.size(1), m_empty.size(2)}); }

at::Tensor SdInpaintDiffusion::encodeImages(const at::Tensor& images) { return run(m_vaeEncoder, {toDevice(images)}) * m_scaling; }

at::Tensor SdInpaintDiffusion::decodeLatents(const at::Tensor& latents) { return run(m_vaeDecoder, {toDevice(latents / m_scaling)}); }

at::Tensor SdInpaintDiffusion::predict(const at::Tensor& zt, const at::Tensor& mask, const at::Tensor& maskedLatents, int t,
                                       const at::Tensor& condition) {
    const at::Tensor sample = at::cat({toDevice(zt), toDevice(mask), toDevice(maskedLatents)}, 1);  // the mask may be the CPU's
    if (sample.size(1) != 2 * m_latentChannels + 1) {
        throw SynoodError(
            "the UNet input has " + std::to_string(sample.size(1)) + " channels, not " + std::to_string(2 * m_latentChannels + 1),
            "SdInpaintDiffusion::predict", "latents, mask and masked latents must match the pack's latent_channels");
    }
    const at::Tensor timesteps = at::full({zt.size(0)}, t, at::kLong);
    return run(m_unet, {sample, timesteps.to(m_device), toDevice(condition)});
}

}  // namespace synood
