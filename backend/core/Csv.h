#pragma once
// CSV fields as RFC 4180 writes them: quoted (inner quotes doubled) when they hold a comma, a quote
// or a line break, else as they are.
#include <string>

namespace synood {

std::string csvField(const std::string& text);

}  // namespace synood
