#pragma once
// Score files (`synood metrics --ind FILE --ood FILE`): one score per line, higher = more InD.
#include <string>
#include <vector>

namespace synood {

// Blank lines are skipped; anything else that is not one finite number is an error naming
// `where` and the line. An empty list is an error too.
std::vector<double> parseScores(const std::string& text, const std::string& where);
std::vector<double> readScoreFile(const std::string& path);

}  // namespace synood
