#include "core/Error.h"

namespace synood {

namespace {
std::string compose(const std::string& what, const std::string& where, const std::string& hint) {
    std::string msg = what;
    if (!where.empty()) msg += " [" + where + "]";
    if (!hint.empty()) msg += " — " + hint;
    return msg;
}
}  // namespace

SynoodError::SynoodError(std::string what, std::string where, std::string hint)
    : std::runtime_error(compose(what, where, hint)), m_what(std::move(what)), m_where(std::move(where)), m_hint(std::move(hint)) {}

}  // namespace synood
