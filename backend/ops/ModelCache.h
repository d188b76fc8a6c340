#pragma once
// The models the operations run on, loaded once and kept while the next request names the same
// ones: a studio session or a CLI command loads each model once, however many jobs use it.
#include "models/ModelPack.h"
#include "models/Precision.h"

#include <memory>
#include <string>

namespace synood {
class InpaintingDiffusion;
class VisionLanguageModel;
}  // namespace synood

namespace synood::ops {

// Where a vision-language model comes from: a model pack, or an OpenAI CLIP checkpoint as it is.
struct ModelSource {
    std::string packDir;
    std::string clipCheckpoint, bpeVocabulary;  // instead of packDir
    std::string device = "cpu";                 // cpu | cuda[:N]
    Precision precision = Precision::Auto;      // of inference on CPU (models/Precision.h)
    ModelPack pack() const;                     // throws SynoodError when neither is given
    std::string key() const;                    // the model, whatever its precision
};

class ModelCache {
public:
    ModelCache();
    ~ModelCache();
    // The source's model, set to compute in the source's precision (a change of precision alone
    // does not reload it).
    VisionLanguageModel& vision(const ModelSource& source);
    // The in-painting model of a pack (the demo pack carries both; an exported SD pack only this one).
    InpaintingDiffusion& diffusion(const std::string& packDir, const std::string& device);

private:
    std::unique_ptr<VisionLanguageModel> m_vision;
    std::unique_ptr<InpaintingDiffusion> m_diffusion;
    std::string m_visionKey, m_diffusionKey;
};

}  // namespace synood::ops
