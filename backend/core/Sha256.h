#pragma once
#include <string>

namespace synood {

// Lower-case hex SHA-256 of a file (streamed) or of bytes. Throws SynoodError naming the file.
std::string sha256OfFile(const std::string& path);
std::string sha256OfBytes(const std::string& bytes);

}  // namespace synood
