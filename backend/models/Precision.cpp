#include "models/Precision.h"

#include "core/Error.h"

#include <ATen/autocast_mode.h>

namespace synood {

const char* const kPrecisionChoices = "auto|fp32|bf16";

Precision precisionFromText(const std::string& text) {
    if (text == "auto") return Precision::Auto;
    if (text == "fp32") return Precision::Float32;
    if (text == "bf16") return Precision::BFloat16;
    throw SynoodError("not a precision: '" + text + "'", "--precision", std::string("use one of ") + kPrecisionChoices);
}

std::string precisionName(Precision precision) {
    switch (precision) {
    case Precision::Auto: return "auto";
    case Precision::Float32: return "fp32";
    case Precision::BFloat16: return "bf16";
    }
    return "auto";
}

bool cpuHasBf16() {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512bf16") || __builtin_cpu_supports("amx-bf16");
#else
    return false;
#endif
}

Precision resolvePrecision(Precision requested, const std::string& device, const ModelPack& pack) {
    const bool cpu = device.empty() || device == "cpu";
    const bool packAllows = pack.json.value("bf16", true);
    if (requested == Precision::Auto) return cpu && packAllows && cpuHasBf16() ? Precision::BFloat16 : Precision::Float32;
    if (requested == Precision::BFloat16 && !cpu) {
        throw SynoodError("bf16 is a CPU precision; on " + device + " the model runs in its own precision", "--precision bf16",
                          "use --precision auto or fp32 with a CUDA device");
    }
    if (requested == Precision::BFloat16 && !packAllows) {
        throw SynoodError("the pack forbids bfloat16 (\"bf16\": false)", pack.dir + "/pack.json", "use --precision fp32 or auto");
    }
    return requested;
}

PrecisionScope::PrecisionScope(Precision precision) : m_wasEnabled(at::autocast::is_cpu_enabled()) {
    if (precision == Precision::Auto) throw SynoodError("PrecisionScope needs a resolved precision", "resolvePrecision", "");
    at::autocast::increment_nesting();
    at::autocast::set_cpu_enabled(precision == Precision::BFloat16);
    at::autocast::set_autocast_cpu_dtype(at::kBFloat16);
}

PrecisionScope::~PrecisionScope() {
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    at::autocast::set_cpu_enabled(m_wasEnabled);
}

}  // namespace synood
