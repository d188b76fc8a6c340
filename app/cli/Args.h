#pragma once
// A small command-line parser for the synood subcommands: --flag, --option VALUE, positionals.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace synood::cli {

// The values a numeric option accepts, both ends included; a refusal names them.
struct Range {
    double low, high;
};
// Ranges that several commands share.
inline constexpr Range kSeedRange{0, 2147483647};
inline constexpr Range kBatchRange{1, 65536};
inline constexpr Range kThreadRange{1, 256};
// Any finite value (any int for intValue): for options whose ranges the backend checks itself.
inline constexpr Range kRunChecks{-1.7976931348623157e308, 1.7976931348623157e308};

class Args {
public:
    // `valueOptions` take a value (--name VALUE or --name=VALUE); `flags` take none.
    // Throws SynoodError for an unknown option or a missing value.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions, const std::set<std::string>& flags,
         const std::string& command);

    bool has(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback = {}) const;  // the last one given
    std::vector<std::string> values(const std::string& name) const;                      // every one, in order
    // A given value must be a finite number (an integer) within `valid`, else SynoodError naming
    // the option, the range and what was given. The fallback is returned unchecked.
    double doubleValue(const std::string& name, double fallback, Range valid) const;
    int intValue(const std::string& name, int fallback, Range valid) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

private:
    std::string m_command;
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positionals;
};

}  // namespace synood::cli
