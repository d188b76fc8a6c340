// Negative-label files (FILE.json of `synood neglabels`), as NegativeLabelSet::load reads them for a
// pack whose fingerprint the seeds carry. The feature matrix beside them is fuzzed by fuzz_feature_cache.
#include "tests/fuzz/FuzzSupport.h"

#include "models/ModelPack.h"
#include "ood/NegativeLabels.h"

using namespace synood;

namespace {

// A pack that exists only in memory: its fingerprint is that of {"name":"fuzz"}.
const ModelPack& pack() {
    static const ModelPack p = [] {
        ModelPack m;
        m.dir = fuzz::scratchDir();
        m.name = "fuzz";
        m.json = {{"name", "fuzz"}};
        return m;
    }();
    return p;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string path = fuzz::inputFile(data, size, "neglabels.json");
    fuzz::parsed([&] { (void)NegativeLabelSet::load(path, pack()); });
    return 0;
}
