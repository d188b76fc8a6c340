#pragma once
// --classes FILE: one InD class name per line (blank lines and lines starting with # skipped).
#include <string>
#include <vector>

namespace synood {

// Throws SynoodError when the file cannot be read or names no class.
std::vector<std::string> readClassNames(const std::string& path);

}  // namespace synood
