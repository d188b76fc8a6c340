#pragma once
// The one exception type of the backend. Its message always says what failed, on which
// file or input, and what the user can do about it.
#include <stdexcept>
#include <string>

namespace synood {

class SynoodError : public std::runtime_error {
public:
    SynoodError(std::string what, std::string where, std::string hint);

    const std::string& failure() const { return m_what; }
    const std::string& where() const { return m_where; }
    const std::string& hint() const { return m_hint; }

private:
    std::string m_what;
    std::string m_where;
    std::string m_hint;
};

// Thrown when a job noticed its cancellation token; not an error to report to the user.
class Cancelled : public std::runtime_error {
public:
    Cancelled() : std::runtime_error("cancelled") {}
};

}  // namespace synood
