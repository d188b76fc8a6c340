#include "core/TensorFile.h"

#include "core/Error.h"

#include <ATen/ATen.h>

#include <cstring>
#include <set>

namespace synood {

namespace {

constexpr char kMagic[8] = {'S', 'Y', 'N', 'T', 'E', 'N', 'S', '\0'};
constexpr uint32_t kVersion = 1;
constexpr uint32_t kMaxTensors = 4096;
constexpr uint32_t kMaxName = 1024;
constexpr uint8_t kMaxDims = 8;
constexpr uint64_t kMaxExtent = uint64_t{1} << 40;  // per dimension: fits int64 with room to multiply
enum : uint8_t { kFloat32 = 1, kFloat16 = 2 };

// The integers are stored little-endian, as every machine this program runs on holds them.
template <typename T>
void put(std::string& out, T value) {
    out.append(reinterpret_cast<const char*>(&value), sizeof value);
}

// Reads the file front to back; every read is checked against what is left.
class Reader {
public:
    Reader(const std::string& bytes, const TensorFileSource& source) : m_bytes(bytes), m_source(source) {}

    [[noreturn]] void refuse(const std::string& why) const { throw SynoodError("the tensor file " + why, m_source.path, m_source.remedy); }
    uint64_t left() const { return m_bytes.size() - m_at; }
    const char* take(uint64_t n, const char* what) {
        if (n > left()) refuse("is truncated in its " + std::string(what));
        const char* p = m_bytes.data() + m_at;
        m_at += n;
        return p;
    }
    template <typename T>
    T number(const char* what) {
        T value;
        std::memcpy(&value, take(sizeof value, what), sizeof value);
        return value;
    }

private:
    const std::string& m_bytes;
    const TensorFileSource& m_source;
    uint64_t m_at = 0;
};

at::ScalarType scalarTypeOf(uint8_t code, Reader& in) {
    if (code == kFloat32) return at::kFloat;
    if (code == kFloat16) return at::kHalf;
    in.refuse("holds a tensor of unknown type " + std::to_string(code));
}

at::Tensor readTensor(Reader& in, const std::string& name) {
    const at::ScalarType type = scalarTypeOf(in.number<uint8_t>("tensor type"), in);
    const uint8_t dims = in.number<uint8_t>("tensor shape");
    if (dims > kMaxDims) in.refuse("gives '" + name + "' " + std::to_string(dims) + " dimensions (at most 8)");
    if (in.number<uint16_t>("tensor shape") != 0) in.refuse("has reserved bytes set after '" + name + "'");
    const uint64_t itemSize = at::elementSize(type);
    std::vector<int64_t> sizes;
    uint64_t count = 1;
    for (uint8_t d = 0; d < dims; ++d) {
        const uint64_t extent = in.number<uint64_t>("tensor shape");
        if (extent > kMaxExtent) in.refuse("gives '" + name + "' an extent of " + std::to_string(extent));
        if (count != 0 && extent > in.left() / itemSize / count) in.refuse("announces more data for '" + name + "' than it holds");
        count *= extent;
        sizes.push_back(static_cast<int64_t>(extent));
    }
    const char* data = in.take(count * itemSize, "tensor data");
    at::Tensor t = at::empty(sizes, at::TensorOptions().dtype(type));
    if (count != 0) std::memcpy(t.data_ptr(), data, count * itemSize);
    return t;
}

}  // namespace

at::Tensor TensorFile::find(const std::string& name) const {
    for (const auto& [key, tensor] : tensors) {
        if (key == name) return tensor;
    }
    return {};
}

bool isTensorFile(const std::string& bytes) {
    return bytes.size() >= sizeof kMagic && std::memcmp(bytes.data(), kMagic, sizeof kMagic) == 0;
}

std::string tensorFileBytes(const TensorFile& file) {
    std::string out(kMagic, sizeof kMagic);
    put(out, kVersion);
    put(out, static_cast<uint32_t>(file.tensors.size()));
    const std::string meta = file.meta.dump();
    put(out, static_cast<uint64_t>(meta.size()));
    out += meta;
    for (const auto& [name, tensor] : file.tensors) {
        const at::Tensor t = tensor.detach().to(at::kCPU).contiguous();
        if (t.scalar_type() != at::kFloat && t.scalar_type() != at::kHalf)
            throw std::invalid_argument("tensor file: float32 or float16 only");
        put(out, static_cast<uint32_t>(name.size()));
        out += name;
        put(out, t.scalar_type() == at::kFloat ? kFloat32 : kFloat16);
        put(out, static_cast<uint8_t>(t.dim()));
        put(out, uint16_t{0});
        for (const int64_t extent : t.sizes()) put(out, static_cast<uint64_t>(extent));
        out.append(static_cast<const char*>(t.data_ptr()), static_cast<size_t>(t.numel()) * t.element_size());
    }
    return out;
}

TensorFile parseTensorFile(const std::string& bytes, const TensorFileSource& source) {
    Reader in(bytes, source);
    if (!isTensorFile(bytes)) in.refuse("does not begin with SYNTENS");
    in.take(sizeof kMagic, "magic");
    const uint32_t version = in.number<uint32_t>("header");
    if (version != kVersion) in.refuse("has format version " + std::to_string(version) + "; this program reads version 1");
    const uint32_t count = in.number<uint32_t>("header");
    if (count > kMaxTensors) in.refuse("announces " + std::to_string(count) + " tensors (at most 4096)");
    const uint64_t metaSize = in.number<uint64_t>("header");
    const char* meta = in.take(metaSize, "meta data");
    TensorFile file;
    try {
        file.meta = nlohmann::json::parse(meta, meta + metaSize);
    } catch (const nlohmann::json::exception&) {
        in.refuse("has meta data that is not JSON");
    }
    if (!file.meta.is_object()) in.refuse("has meta data that is not a JSON object");
    std::set<std::string> names;
    for (uint32_t i = 0; i < count; ++i) {
        const uint32_t length = in.number<uint32_t>("tensor name");
        if (length == 0 || length > kMaxName) in.refuse("has a tensor name of " + std::to_string(length) + " bytes");
        std::string name(in.take(length, "tensor name"), length);
        if (!names.insert(name).second) in.refuse("holds '" + name + "' twice");
        at::Tensor t = readTensor(in, name);
        file.tensors.emplace_back(std::move(name), std::move(t));
    }
    if (in.left() != 0) in.refuse("has " + std::to_string(in.left()) + " bytes after its last tensor");
    return file;
}

}  // namespace synood
