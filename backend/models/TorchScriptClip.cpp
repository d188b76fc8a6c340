#include "models/TorchScriptClip.h"

#include "core/Error.h"

#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <torch/csrc/jit/ir/ir.h>

namespace synood {

at::Device parseDevice(const std::string& device) {
    if (device.empty() || device == "cpu") return at::Device(at::kCPU);
    if (device.rfind("cuda", 0) == 0) {
        if (!at::hasCUDA()) {
            throw SynoodError("CUDA was asked for, but this build of LibTorch has no CUDA or no GPU is visible", "--device " + device,
                              "use --device cpu, or build against a CUDA LibTorch");
        }
        try {
            return at::Device(device);
        } catch (const c10::Error&) {
            throw SynoodError("not a device: '" + device + "'", "--device", "use cpu, cuda or cuda:N");
        }
    }
    throw SynoodError("not a device: '" + device + "'", "--device", "use cpu, cuda or cuda:N");
}

namespace {

// OpenAI's checkpoints are traced in half precision: their graphs cast inputs with aten::to and the
// dtype constant 5 (Half). To run them in float32 (CPU), every such constant becomes 6 (Float),
// as clip.load(device="cpu") does, and the weights are converted.
void patchHalfCasts(torch::jit::Block* block) {
    for (torch::jit::Node* node : block->nodes()) {
        for (torch::jit::Block* sub : node->blocks()) patchHalfCasts(sub);
        if (node->kind() != c10::aten::to) continue;
        const auto inputs = node->inputs();
        for (size_t i = 1; i <= 2 && i < inputs.size(); ++i) {
            torch::jit::Node* constant = inputs[i]->node();
            if (constant->kind() == c10::prim::Constant && constant->hasAttribute(c10::attr::value) &&
                constant->kindOf(c10::attr::value) == torch::jit::AttributeKind::i &&
                constant->i(c10::attr::value) == static_cast<int64_t>(at::kHalf)) {
                constant->i_(c10::attr::value, static_cast<int64_t>(at::kFloat));
            }
        }
    }
}

void convertHalfModuleToFloat(torch::jit::script::Module& module) {
    for (const auto& sub : module.modules()) {
        for (const auto& method : sub.get_methods()) patchHalfCasts(method.graph()->block());
    }
    module.to(at::kFloat);
}

}  // namespace

TorchScriptClip::TorchScriptClip(const ModelPack& pack, const std::string& device)
    : VisionLanguageModel(pack), m_device(parseDevice(device)) {
    const std::string& path = pack.file("model");
    try {
        m_module = torch::jit::load(path, m_device);
    } catch (const std::exception&) {  // LibTorch's readers throw c10::Error and standard exceptions alike
        throw SynoodError("not a loadable TorchScript archive", path,
                          "give a TorchScript CLIP checkpoint (e.g. OpenAI's ViT-B-16.pt), not a state dict");
    }
    for (const char* method : {"encode_image", "encode_text"}) {
        if (!m_module.find_method(method)) {
            throw SynoodError(std::string("the TorchScript archive has no ") + method + " method", path,
                              "export the model with encode_image and encode_text, as OpenAI's CLIP checkpoints have");
        }
    }
    m_module.eval();
    for (auto p : m_module.parameters()) {
        p.requires_grad_(false);  // frozen encoders: gradients flow to the inputs only
        m_dtype = p.scalar_type();
    }
    if (m_dtype == at::kHalf && m_device.is_cpu()) {
        convertHalfModuleToFloat(m_module);  // half-precision kernels are missing on CPU
        m_dtype = at::kFloat;
    }
    if (m_module.hasattr("logit_scale")) {
        m_logitScale = m_module.attr("logit_scale").toTensor().exp().item<double>();
    }
    if (m_module.hasattr("input_resolution")) {
        const auto res = m_module.attr("input_resolution");
        const int64_t r = res.isTensor() ? res.toTensor().item<int64_t>() : res.toInt();
        if (r != pack.imageSize) {
            throw SynoodError(
                "the model's input resolution is " + std::to_string(r) + " but the pack says image_size " + std::to_string(pack.imageSize),
                pack.dir + "/pack.json", "fix image_size in pack.json");
        }
    }
    if (pack.hasFile("bpe")) m_tokenizer = std::make_unique<ClipTokenizer>(ClipTokenizer::fromBpeFile(pack.file("bpe")));
    // One text through the encoder: the embedding dimension must be the pack's.
    at::Tensor probe = at::zeros({1, ClipTokenizer::kContextLength}, at::kLong);
    probe[0][0] = ClipTokenizer::kStartToken;
    probe[0][1] = ClipTokenizer::kEndToken;
    at::Tensor features;
    try {
        features = encodeTokens(probe);
    } catch (const c10::Error& e) {
        throw SynoodError("encode_text failed on a probe text", path, "the archive does not follow CLIP's interface");
    }
    if (features.dim() != 2 || features.size(1) != pack.embedDim) {
        throw SynoodError("wrong embedding dimension: the pack says " + std::to_string(pack.embedDim) + ", the model gives " +
                              std::to_string(features.dim() == 2 ? features.size(1) : -1),
                          pack.dir + "/pack.json", "fix embed_dim in pack.json or use the matching model");
    }
}

at::Tensor TorchScriptClip::imageFeatures(const at::Tensor& pixels) {
    return m_module.get_method("encode_image")({pixels.to(m_device, m_dtype)}).toTensor();
}

at::Tensor TorchScriptClip::textFeatures(const at::Tensor& ids) {
    return m_module.get_method("encode_text")({ids.to(m_device)}).toTensor();
}

const TextTokenizer& TorchScriptClip::tokenizer() const {
    if (!m_tokenizer) {
        throw SynoodError("the pack has no tokenizer file (role 'bpe')", pack().dir + "/pack.json",
                          "add CLIP's bpe_simple_vocab_16e6.txt.gz to the pack's files");
    }
    return *m_tokenizer;
}

}  // namespace synood
