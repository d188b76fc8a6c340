#pragma once
// The arithmetic precision of inference on CPU. bfloat16 runs the matrix products through oneDNN's
// AVX512-BF16/AMX kernels (several times float32's rate on CPUs that have them) under LibTorch's
// autocast, which keeps reductions such as layer norms and softmax in float32. Anything that is
// differentiated (guided synthesis, fine-tuning) stays float32. On CUDA the models keep their own
// precision (OpenAI's checkpoints run in half there).
#include "models/ModelPack.h"

#include <string>

namespace synood {

enum class Precision { Auto, Float32, BFloat16 };

// "auto" | "fp32" | "bf16"; throws SynoodError naming the valid values.
Precision precisionFromText(const std::string& text);
std::string precisionName(Precision precision);
extern const char* const kPrecisionChoices;  // "auto|fp32|bf16", for help texts

// Whether this CPU has bfloat16 arithmetic (AVX512-BF16 or AMX-BF16).
bool cpuHasBf16();

// What `requested` means for a model of `pack` on `device`: auto is bf16 where the CPU has it and
// the pack allows it (pack.json "bf16": false forbids), float32 elsewhere and on CUDA. An explicit
// bf16 on CUDA, or on a pack that forbids it, is refused with a SynoodError.
Precision resolvePrecision(Precision requested, const std::string& device, const ModelPack& pack);

// Runs the operators called in its lifetime, on this thread, in `precision` (Auto is not allowed:
// resolve it first). Nested scopes restore the outer one's state.
class PrecisionScope {
public:
    explicit PrecisionScope(Precision precision);
    ~PrecisionScope();
    PrecisionScope(const PrecisionScope&) = delete;
    PrecisionScope& operator=(const PrecisionScope&) = delete;

private:
    bool m_wasEnabled;
};

}  // namespace synood
