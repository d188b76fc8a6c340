// Adapter files: TunedModel::save/load in the tensor file format, and the upgrade of the LibTorch
// archives earlier versions wrote.
#include "train/FineTune.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/TensorFile.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <torch/serialize.h>

#include <cstring>

namespace synood {

namespace {

constexpr const char* kRetrain = "train it again with synood finetune";

// Earlier versions wrote torch archives, which are zip files.
bool isZip(const std::string& bytes) { return bytes.size() >= 4 && std::memcmp(bytes.data(), "PK\x03\x04", 4) == 0; }

bool flag(const nlohmann::json& meta, const char* key) {
    const auto it = meta.find(key);
    return it != meta.end() && it->is_boolean() && it->get<bool>();
}

// The adapter's parameters, named as in the file; `stored(name)` gives the stored tensor or none.
template <typename Stored>
ResidualAdapter restoreAdapter(const TunedModel& m, const std::string& path, Stored stored) {
    ResidualAdapter adapter(static_cast<int>(m.negatives.size(1)), flag(m.meta, "adapter_gated"));
    at::NoGradGuard noGrad;
    for (auto& param : adapter->named_parameters()) {
        const at::Tensor t = stored("adapter." + param.key());
        if (!t.defined() || t.sizes() != param.value().sizes()) {
            throw SynoodError("the adapter file's '" + param.key() + "' is missing or has another shape", path, kRetrain);
        }
        param.value().copy_(t.to(at::kFloat));
    }
    adapter->eval();
    return adapter;
}

void checkNegatives(const at::Tensor& negatives, const std::string& path) {
    if (!negatives.defined()) throw SynoodError("the adapter file lacks its negatives", path, kRetrain);
    if (negatives.scalar_type() != at::kFloat || negatives.dim() != 2 || negatives.size(1) < 1 || negatives.size(1) > 65536) {
        throw SynoodError("the adapter file's negatives are not a float32 matrix of 1 to 65536 columns", path, kRetrain);
    }
}

// The meta data adapt() and parameterCount() read must have the types they read.
void checkMeta(const nlohmann::json& meta, int64_t rows, const std::string& path) {
    const auto bad = [&](const char* key, const char* want) {
        throw SynoodError(std::string("the adapter file's meta data '") + key + "' is not " + want, path, kRetrain);
    };
    for (const char* key : {"stage_a", "stage_b", "adapter_gated"}) {
        if (meta.contains(key) && !meta[key].is_boolean()) bad(key, "true or false");
    }
    if (meta.contains("adapter_input") && meta["adapter_input"] != "raw" && meta["adapter_input"] != "unit")
        bad("adapter_input", "raw or unit");
    if (meta.contains("tuned_rows")) {
        const auto& t = meta["tuned_rows"];
        if (!t.is_number_integer() || t.get<int64_t>() < 0 || t.get<int64_t>() > rows) bad("tuned_rows", "a row count of the negatives");
    }
}

}  // namespace

void TunedModel::save(const std::string& path) const {
    TensorFile file;
    if (meta.is_object()) file.meta = meta;
    file.tensors.emplace_back("negatives", negatives);
    if (adapter) {
        for (const auto& p : adapter->named_parameters()) file.tensors.emplace_back("adapter." + p.key(), p.value());
    }
    writeFileAtomically(path, tensorFileBytes(file));
}

TunedModel TunedModel::load(const std::string& path, const std::string& packFingerprint) {
    const std::string bytes = readWholeFile(path);
    if (isZip(bytes)) {
        throw SynoodError(
            "an adapter of an earlier version (a LibTorch archive), no longer read because LibTorch's reader is not safe on "
            "files from elsewhere",
            path, "if you trust the file: synood finetune --upgrade " + path + " --out NEW; or train it again");
    }
    if (!isTensorFile(bytes)) throw SynoodError("not an adapter file", path, "train one with synood finetune");
    TensorFile file = parseTensorFile(bytes, {path, kRetrain});
    TunedModel m;
    m.meta = std::move(file.meta);
    m.negatives = file.find("negatives");
    checkNegatives(m.negatives, path);
    checkMeta(m.meta, m.negatives.size(0), path);
    const auto pack = m.meta.find("pack");
    if (pack == m.meta.end() || *pack != packFingerprint) {
        throw SynoodError("the adapter was trained with another model pack", path, "use the pack it was trained with, or train again");
    }
    if (flag(m.meta, "stage_a")) m.adapter = restoreAdapter(m, path, [&](const std::string& name) { return file.find(name); });
    return m;
}

void upgradeLegacyAdapter(const std::string& from, const std::string& to) {
    torch::serialize::InputArchive archive;
    try {
        archive.load_from(from);
    } catch (const std::exception&) {  // LibTorch's readers throw c10::Error and standard exceptions alike
        throw SynoodError("not an adapter of an earlier version (a LibTorch archive)", from, kRetrain);
    }
    TunedModel m;
    at::Tensor metaBytes;
    if (!archive.try_read("meta_json", metaBytes) || metaBytes.scalar_type() != at::kByte || metaBytes.dim() != 1) {
        throw SynoodError("the adapter file lacks its meta data", from, kRetrain);
    }
    metaBytes = metaBytes.contiguous();
    const auto* p = metaBytes.data_ptr<uint8_t>();
    try {
        m.meta = nlohmann::json::parse(std::string(p, p + metaBytes.numel()));
    } catch (const nlohmann::json::exception&) {
        throw SynoodError("the adapter file's meta data is not JSON", from, kRetrain);
    }
    if (!m.meta.is_object()) throw SynoodError("the adapter file's meta data is not a JSON object", from, kRetrain);
    archive.try_read("negatives", m.negatives);
    checkNegatives(m.negatives, from);
    checkMeta(m.meta, m.negatives.size(0), from);
    if (flag(m.meta, "stage_a")) {
        m.adapter = restoreAdapter(m, from, [&](const std::string& name) {
            at::Tensor t;
            archive.try_read(name, t);
            return t;
        });
    }
    m.save(to);
}

}  // namespace synood
