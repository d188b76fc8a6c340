#pragma once
#include <string>

namespace synood {

// Whole content of a gzip-compressed or plain file (zlib reads both). Throws SynoodError naming it.
std::string readGzipOrPlainFile(const std::string& path);

}  // namespace synood
