#include "models/ModelPack.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Sha256.h"

#include <filesystem>
#include <sstream>
#include <type_traits>

namespace fs = std::filesystem;

namespace synood {

namespace {

template <typename T>
T required(const nlohmann::json& j, const char* key, const std::string& where) {
    const auto it = j.find(key);
    if (it == j.end()) throw SynoodError(std::string("pack.json has no '") + key + "'", where, "see the pack format in the README");
    try {
        return it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw SynoodError(std::string("pack.json field '") + key + "' has the wrong type", where, "see the pack format in the README");
    }
}

std::array<float, 3> triple(const nlohmann::json& j, const char* key, const std::string& where) {
    const auto v = required<std::vector<float>>(j, key, where);
    if (v.size() != 3) throw SynoodError(std::string("'") + key + "' must hold 3 numbers", where, "one per RGB channel");
    return {v[0], v[1], v[2]};
}

void checkFile(const PackFile& f, const std::string& where, bool verify) {
    std::error_code ec;
    if (!fs::is_regular_file(f.path, ec)) {
        throw SynoodError("the pack's '" + f.role + "' file is missing: " + f.path, where,
                          "put the file there or fix its path in pack.json");
    }
    if (verify && !f.sha256.empty()) {
        const std::string actual = sha256OfFile(f.path);
        if (actual != f.sha256) {
            throw SynoodError("the pack's '" + f.role + "' file has the wrong sha256 (expected " + f.sha256 + ", found " + actual + ")",
                              f.path, "the file is damaged or a different version; replace it or update pack.json");
        }
    }
}

// The field's value as T, or the fallback when absent; the wrong type is refused.
template <typename T>
T optional(const nlohmann::json& section, const char* key, T fallback, const std::string& where) {
    if (!section.is_object()) throw SynoodError("a pack.json section is not an object", where, "see the pack format in the README");
    const auto it = section.find(key);
    if (it == section.end()) return fallback;
    const bool typed = std::is_same_v<T, bool>          ? it->is_boolean()
                       : std::is_same_v<T, std::string> ? it->is_string()
                       : std::is_integral_v<T>          ? it->is_number_integer()
                                                        : it->is_number();
    if (!typed)
        throw SynoodError(std::string("pack.json field '") + key + "' has the wrong type", where, "see the pack format in the README");
    return it->get<T>();
}

template <typename T>
T inRange(T v, const char* key, T low, T high, const std::string& where) {
    if (!(v >= low && v <= high)) {
        std::ostringstream m;
        m << "pack.json field '" << key << "' must lie in [" << low << ", " << high << "], not " << v;
        throw SynoodError(m.str(), where, "fix pack.json");
    }
    return v;
}

}  // namespace

const nlohmann::json& packSection(const nlohmann::json& j, const char* key, const std::string& where) {
    static const nlohmann::json empty = nlohmann::json::object();
    const auto it = j.find(key);
    if (it == j.end()) return empty;
    if (!it->is_object()) throw SynoodError(std::string("pack.json section '") + key + "' is not an object", where, "fix pack.json");
    return *it;
}

double packNumber(const nlohmann::json& section, const char* key, double fallback, double low, double high, const std::string& where) {
    return inRange(optional<double>(section, key, fallback, where), key, low, high, where);
}

int packInteger(const nlohmann::json& section, const char* key, int fallback, int low, int high, const std::string& where) {
    const long long v = optional<long long>(section, key, fallback, where);
    return static_cast<int>(inRange<long long>(v, key, low, high, where));
}

std::string packText(const nlohmann::json& section, const char* key, const std::string& fallback, const std::string& where) {
    return optional<std::string>(section, key, fallback, where);
}

bool packFlag(const nlohmann::json& section, const char* key, bool fallback, const std::string& where) {
    return optional<bool>(section, key, fallback, where);
}

ModelPack ModelPack::load(const std::string& path, bool verifyFiles) {
    std::error_code ec;
    const fs::path jsonPath = fs::is_directory(path, ec) ? fs::path(path) / "pack.json" : fs::path(path);
    const std::string where = jsonPath.string();
    if (!fs::exists(jsonPath, ec)) {
        throw SynoodError("no pack.json", where, "give a model pack folder (pack.json and its files)");
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(readWholeFile(where));
    } catch (const nlohmann::json::exception& e) {  // parse errors, and numbers beyond a double's range
        throw SynoodError(std::string("pack.json is not valid JSON (") + e.what() + ")", where, "fix the file");
    }
    if (!j.is_object()) throw SynoodError("pack.json is not a JSON object", where, "fix the file");
    ModelPack p;
    p.dir = jsonPath.parent_path().string();
    p.name = required<std::string>(j, "name", where);
    p.kind = required<std::string>(j, "kind", where);
    if (p.kind != "clip-torchscript" && p.kind != "demo-native" && p.kind != "diffusion-only") {
        throw SynoodError("unknown pack kind '" + p.kind + "'", where, "use clip-torchscript, demo-native or diffusion-only");
    }
    if (p.kind == "diffusion-only") {  // a diffusion model alone (an exported Stable Diffusion inpainting)
        if (!j.contains("diffusion")) throw SynoodError("a diffusion-only pack needs a 'diffusion' section", where, "fix pack.json");
    } else {
        p.imageSize = required<int>(j, "image_size", where);
        p.embedDim = required<int>(j, "embed_dim", where);
        if (p.imageSize <= 0 || p.imageSize > 4096 || p.embedDim <= 0 || p.embedDim > 65536) {
            throw SynoodError("image_size must lie in [1, 4096] and embed_dim in [1, 65536]", where, "fix pack.json");
        }
        p.mean = triple(j, "mean", where);
        p.std = triple(j, "std", where);
        for (float s : p.std) {
            if (!(s > 0)) throw SynoodError("'std' values must be positive", where, "fix pack.json");
        }
        p.tokenizer = required<std::string>(j, "tokenizer", where);
    }
    const auto files = j.find("files");
    if (files == j.end() || !files->is_array()) throw SynoodError("pack.json has no 'files' list", where, "list the weight files");
    for (const auto& f : *files) {
        if (!f.is_object()) throw SynoodError("an entry of 'files' is not an object", where, "give {\"role\": ..., \"path\": ...}");
        PackFile pf;
        pf.role = required<std::string>(f, "role", where);
        const fs::path rel = required<std::string>(f, "path", where);
        pf.path = (rel.is_absolute() ? rel : fs::path(p.dir) / rel).lexically_normal().string();
        if (auto it = f.find("sha256"); it != f.end() && it->is_string()) pf.sha256 = it->get<std::string>();
        p.files.push_back(pf);
    }
    for (const auto& f : p.files) checkFile(f, where, verifyFiles);
    p.json = std::move(j);
    return p;
}

ModelPack ModelPack::forOpenAiCheckpoint(const std::string& checkpoint, const std::string& bpeFile, int imageSize, int embedDim) {
    ModelPack p;
    p.dir = fs::path(checkpoint).parent_path().string();
    p.name = fs::path(checkpoint).filename().string();
    p.kind = "clip-torchscript";
    p.imageSize = imageSize;
    p.embedDim = embedDim;
    p.tokenizer = "clip-bpe";
    p.files = {{"model", checkpoint, ""}, {"bpe", bpeFile, ""}};
    for (const auto& f : p.files) checkFile(f, checkpoint, false);
    p.json = {{"name", p.name}, {"kind", p.kind}, {"image_size", imageSize}, {"embed_dim", embedDim}};
    return p;
}

bool ModelPack::hasFile(const std::string& role) const {
    for (const auto& f : files) {
        if (f.role == role) return true;
    }
    return false;
}

const std::string& ModelPack::file(const std::string& role) const {
    for (const auto& f : files) {
        if (f.role == role) return f.path;
    }
    throw SynoodError("the pack has no '" + role + "' file", dir + "/pack.json", "add it to the 'files' list");
}

std::string ModelPack::fingerprint() const {
    std::string material = json.dump();
    for (const auto& f : files) {
        material += "|" + f.role + "=";
        if (!f.sha256.empty()) {
            material += f.sha256;
        } else {  // unverified files: identified by size and modification time
            std::error_code ec;
            material += std::to_string(fs::file_size(f.path, ec)) + "@" +
                        std::to_string(fs::last_write_time(f.path, ec).time_since_epoch().count());
        }
    }
    return sha256OfBytes(material);
}

}  // namespace synood
