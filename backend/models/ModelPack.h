#pragma once
// A model pack: a folder with pack.json and its weight files.
//
// pack.json:
//   { "name": "OpenAI CLIP ViT-B/16", "kind": "clip-torchscript",
//     "image_size": 224, "mean": [0.4815, 0.4578, 0.4082], "std": [0.2686, 0.2613, 0.2758],
//     "embed_dim": 512, "tokenizer": "clip-bpe",
//     "files": [ {"role": "model", "path": "ViT-B-16.pt", "sha256": "5cd3c..."},
//                {"role": "bpe", "path": "bpe_simple_vocab_16e6.txt.gz", "sha256": "924691ac..."} ] }
// Paths are relative to the pack folder or absolute (a pack may point at an OpenAI checkpoint
// where it lies). "sha256" is optional; when present the file must match it.
#include <nlohmann/json.hpp>

#include <array>
#include <string>
#include <vector>

namespace synood {

struct PackFile {
    std::string role;    // "model", "bpe", ...
    std::string path;    // resolved
    std::string sha256;  // empty: not verified
};

struct ModelPack {
    std::string dir;
    std::string name;
    std::string kind;  // "clip-torchscript", "demo-native" or "diffusion-only" (no CLIP fields)
    int imageSize = 224;
    std::array<float, 3> mean{0.48145466f, 0.4578275f, 0.40821073f};
    std::array<float, 3> std{0.26862954f, 0.26130258f, 0.27577711f};
    int embedDim = 512;
    std::string tokenizer;  // "clip-bpe" or "demo-words"
    std::vector<PackFile> files;
    nlohmann::json json;  // the whole pack.json, for kind-specific fields

    // `path`: a pack folder or its pack.json. Checks fields, that every file exists and, when
    // `verifyFiles`, that each sha256 matches. Throws SynoodError naming the problem.
    static ModelPack load(const std::string& path, bool verifyFiles = true);
    // A pack for an OpenAI CLIP TorchScript checkpoint (e.g. ViT-B-16.pt) used as it is.
    static ModelPack forOpenAiCheckpoint(const std::string& checkpoint, const std::string& bpeFile, int imageSize = 224,
                                         int embedDim = 512);

    bool hasFile(const std::string& role) const;
    const std::string& file(const std::string& role) const;  // throws when absent
    // Identifies the pack's content (pack.json + files): caches made with another pack are refused.
    std::string fingerprint() const;
};

// Optional fields of a pack.json section, read by the model loaders: absent gives the fallback; a
// field of another type, or a number outside [low, high], is refused with a SynoodError naming it.
const nlohmann::json& packSection(const nlohmann::json& j, const char* key, const std::string& where);  // an object, or {}
double packNumber(const nlohmann::json& section, const char* key, double fallback, double low, double high, const std::string& where);
int packInteger(const nlohmann::json& section, const char* key, int fallback, int low, int high, const std::string& where);
std::string packText(const nlohmann::json& section, const char* key, const std::string& fallback, const std::string& where);
bool packFlag(const nlohmann::json& section, const char* key, bool fallback, const std::string& where);

}  // namespace synood
