#pragma once
// Numbers read from text that comes from outside (options, score files, dataset specs): the whole
// text must be the number, and a real number must be finite.
#include <optional>
#include <string>

namespace synood {

std::optional<double> parseFiniteNumber(const std::string& text);
std::optional<long long> parseInteger(const std::string& text);

}  // namespace synood
