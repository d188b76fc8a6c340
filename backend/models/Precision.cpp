#include "models/Precision.h"

#include "core/Error.h"

#include <ATen/autocast_mode.h>

#if defined(__x86_64__)
#include <cpuid.h>
#endif

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

// CPUID and XGETBV directly: clang 14's __builtin_cpu_supports knows neither bf16 feature.
bool cpuHasBf16() {
#if defined(__x86_64__)
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & bit_OSXSAVE)) return false;
    unsigned lo = 0, hi = 0;
    __asm__("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    const bool osSavesZmm = (lo & 0xE6) == 0xE6;          // SSE, AVX, opmask and ZMM state
    const bool osSavesTiles = (lo & 0x60000) == 0x60000;  // AMX tile configuration and data
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    const bool amxBf16 = (d >> 22) & 1;
    __get_cpuid_count(7, 1, &a, &b, &c, &d);
    const bool avx512Bf16 = (a >> 5) & 1;
    return (avx512Bf16 && osSavesZmm) || (amxBf16 && osSavesTiles);
#else
    return false;
#endif
}

Precision resolvePrecision(Precision requested, const std::string& device, const ModelPack& pack) {
    const bool cpu = device.empty() || device == "cpu";
    const bool packAllows = packFlag(pack.json, "bf16", true, pack.dir + "/pack.json");
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
