#include "ops/ModelCache.h"

#include "core/Error.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"

namespace synood::ops {

ModelPack ModelSource::pack() const {
    if (!packDir.empty()) return ModelPack::load(packDir);
    if (!clipCheckpoint.empty()) {
        if (bpeVocabulary.empty()) throw SynoodError("--clip needs --bpe FILE", "synood", "give CLIP's bpe_simple_vocab_16e6.txt.gz");
        return ModelPack::forOpenAiCheckpoint(clipCheckpoint, bpeVocabulary);
    }
    throw SynoodError("no model given", "synood", "give --pack DIR, or --clip FILE.pt --bpe FILE");
}

std::string ModelSource::key() const { return packDir + "|" + clipCheckpoint + "|" + bpeVocabulary + "|" + device; }

ModelCache::ModelCache() = default;
ModelCache::~ModelCache() = default;

VisionLanguageModel& ModelCache::vision(const ModelSource& source) {
    if (!m_vision || m_visionKey != source.key()) {
        m_vision.reset();  // one model in memory at a time
        m_vision = loadVisionLanguageModel(source.pack(), source.device);
        m_visionKey = source.key();
    }
    m_vision->setPrecision(resolvePrecision(source.precision, source.device, m_vision->pack()));
    return *m_vision;
}

InpaintingDiffusion& ModelCache::diffusion(const std::string& packDir, const std::string& device) {
    const std::string key = packDir + "|" + device;
    if (!m_diffusion || m_diffusionKey != key) {
        m_diffusion.reset();
        m_diffusion = loadInpaintingDiffusion(ModelPack::load(packDir), device);
        m_diffusionKey = key;
    }
    return *m_diffusion;
}

}  // namespace synood::ops
