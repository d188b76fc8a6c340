// Writes the machine-made seeds of the fuzz corpora (the hand-written ones are committed as they
// are): fuzz_make_seeds tests/fuzz/corpus. Deterministic, so the committed seeds can be remade.
#include "tests/fuzz/FuzzSupport.h"

#include "core/AtomicFile.h"
#include "data/Workspace.h"
#include "data/WorkspaceJson.h"
#include "features/FeatureCache.h"
#include "models/ModelPack.h"
#include "ood/NegativeLabels.h"
#include "train/FineTune.h"

#include <ATen/ATen.h>
#include <zlib.h>

#include <filesystem>
#include <iostream>

using namespace synood;
namespace fs = std::filesystem;

namespace {

void writeGzipFile(const std::string& path, const std::string& bytes) {
    gzFile f = gzopen(path.c_str(), "wb9");
    if (!f || gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size())) != static_cast<int>(bytes.size()) || gzclose(f) != Z_OK) {
        throw SynoodError("could not write", path, "check the folder");
    }
}

std::string idxBytes(const std::vector<int>& dims) {
    std::string b{0, 0, 0x08, static_cast<char>(dims.size())};
    size_t total = 1;
    for (int d : dims) {
        for (int shift : {24, 16, 8, 0}) b.push_back(static_cast<char>((d >> shift) & 0xFF));
        total *= static_cast<size_t>(d);
    }
    for (size_t i = 0; i < total; ++i) b.push_back(static_cast<char>(i * 37 % 256));
    return b;
}

void writeWorkspaces(const fs::path& dir) {
    Sample ind;
    ind.id = "ind-1";
    ind.image = "images/ind/0001.png";
    ind.className = "sandal";
    ind.tags = {"seed", "beach"};
    ind.status = Status::Accepted;
    ind.scores = {{"energy", 12.5}, {"msp", 0.93}};
    Sample synth;
    synth.id = "syn-7";
    synth.image = "synth/run-1/0007.png";
    synth.origin = Origin::Synthesized;
    synth.scores = {{"energy", -3.25}};
    synth.provenance = {{"seed_id", "ind-1"}, {"prompt", "A photo only remain a sandy beach."}, {"step_scores", {1.5, 0.25, -3.25}}};
    Sample ood;
    ood.id = "ood-2";
    ood.image = "ood/texture.png";
    ood.origin = Origin::Ood;
    ood.status = Status::Rejected;
    writeFileAtomically((dir / "workspace" / "three-samples.json").string(), writeWorkspaceJson("seeds", {ind, synth, ood}));
    writeFileAtomically((dir / "workspace" / "empty.json").string(), writeWorkspaceJson("empty", {}));
}

void writeLabelsAndFeatures(const fs::path& dir) {
    ModelPack pack;
    pack.json = {{"name", "fuzz"}};  // the in-memory pack of fuzz_neg_labels
    NegativeLabelSet set;
    set.indClasses = {"t-shirt", "trouser"};
    set.packFingerprint = pack.fingerprint();
    set.options.quantile = 0.95;
    set.options.keepFraction = 0.15;
    set.candidates = 3;
    set.labels = {{"anemone", WordClass::Noun, "a photo of a anemone.", 0.12},
                  {"briny", WordClass::Adjective, "a photo of a briny item.", 0.4}};
    set.features = at::arange(8, at::kFloat).reshape({2, 4}) / 8;
    const fs::path scratch = fuzz::scratchDir();
    set.save((scratch / "labels.json").string());
    fs::copy_file(scratch / "labels.json", dir / "neg_labels" / "two-labels.json", fs::copy_options::overwrite_existing);
    fs::copy_file(scratch / "labels.features", dir / "feature_cache" / "two-rows.features", fs::copy_options::overwrite_existing);
    writeFeatureMatrix((dir / "feature_cache" / "empty.features").string(), at::zeros({0, 4}), std::string(64, 'a'), std::string(64, 'b'));
}

void writeAdapters(const fs::path& dir) {
    for (bool stageA : {true, false}) {
        TunedModel m;
        m.negatives = at::eye(4, at::kFloat).narrow(0, 0, 3);
        m.meta = {{"pack", "fuzz-pack"}, {"stage_a", stageA}, {"adapter_gated", true}};
        if (stageA) m.adapter = ResidualAdapter(4, true);
        m.save((dir / "adapter" / (stageA ? "with-adapter.adapter" : "negatives-only.adapter")).string());
    }
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: fuzz_make_seeds CORPUS_DIR (tests/fuzz/corpus)\n";
        return 2;
    }
    at::manual_seed(0);
    const fs::path dir = argv[1];
    for (const char* t : {"workspace", "idx", "bpe_vocab", "neg_labels", "feature_cache", "adapter"}) fs::create_directories(dir / t);
    writeWorkspaces(dir);
    writeFileAtomically((dir / "idx" / "labels.idx").string(), idxBytes({5}));
    writeFileAtomically((dir / "idx" / "images.idx").string(), idxBytes({3, 4, 4}));
    writeGzipFile((dir / "idx" / "images.idx.gz").string(), idxBytes({2, 3, 3}));
    writeGzipFile((dir / "bpe_vocab" / "synthetic.txt.gz").string(), fuzz::syntheticBpeVocabulary());
    writeLabelsAndFeatures(dir);
    writeAdapters(dir);
    std::cout << "seeds written under " << dir.string() << "\n";
    return 0;
}
