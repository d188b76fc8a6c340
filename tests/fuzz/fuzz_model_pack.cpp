// pack.json of model packs (CLIP and diffusion), as ModelPack::load and the model loaders read it:
// the fields, the file list (paths, sha256), the diffusion section and its noise schedule. The
// files it may name are `a.bin` and `b.bin` beside it (32 bytes that are no model), so an accepted
// pack.json leads on to the model loaders, which must refuse those files cleanly.
#include "tests/fuzz/FuzzSupport.h"

#include "core/AtomicFile.h"
#include "models/InpaintingDiffusion.h"
#include "models/ModelPack.h"
#include "models/VisionLanguageModel.h"

#include <filesystem>

using namespace synood;

namespace {

const std::string& packDir() {
    static const std::string dir = [] {
        const std::string d = fuzz::scratchDir() + "/pack";
        std::filesystem::create_directories(d);
        writeFileAtomically(d + "/a.bin", std::string(32, 'a'));
        writeFileAtomically(d + "/b.bin", std::string(32, '\x01'));
        return d;
    }();
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string& dir = packDir();
    fuzz::inputFile(data, size, "pack/pack.json");
    ModelPack pack;
    if (!fuzz::parsed([&] { pack = ModelPack::load(dir); })) return 0;
    (void)pack.fingerprint();  // keys every cache made with the pack
    if (pack.kind != "diffusion-only") fuzz::parsed([&] { (void)loadVisionLanguageModel(pack, "cpu"); });
    if (pack.json.contains("diffusion")) fuzz::parsed([&] { (void)loadInpaintingDiffusion(pack, "cpu"); });
    return 0;
}
