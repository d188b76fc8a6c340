#pragma once
// Where an encoder's time goes: the self time (own time less that of the operators it called) of
// every LibTorch operator run on this thread while an OpProfile lives, summed by operator name.
#include <cstdint>
#include <map>
#include <string>

namespace synood::cli {

class OpProfile {
public:
    OpProfile();
    ~OpProfile();
    OpProfile(const OpProfile&) = delete;
    OpProfile& operator=(const OpProfile&) = delete;

    // Seconds by operator name ("aten::addmm", ...), so far.
    const std::map<std::string, double>& selfSeconds() const;
    // The same, summed into the groups a reader of an encoder profile asks about: "GEMM" (linear
    // layers and convolutions), "attention" (batched products and softmax), "layer norm",
    // "casts" (dtype conversions and copies), "elementwise" (everything else).
    std::map<std::string, double> byGroup() const;

private:
    uint64_t m_handle;
};

}  // namespace synood::cli
