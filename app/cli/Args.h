#pragma once
// A small command-line parser for the synood subcommands: --flag, --option VALUE, positionals.
#include <map>
#include <set>
#include <string>
#include <vector>

namespace synood::cli {

class Args {
public:
    // `valueOptions` take a value (--name VALUE or --name=VALUE); `flags` take none.
    // Throws SynoodError for an unknown option or a missing value.
    Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions, const std::set<std::string>& flags,
         const std::string& command);

    bool has(const std::string& name) const;
    std::string value(const std::string& name, const std::string& fallback = {}) const;  // the last one given
    std::vector<std::string> values(const std::string& name) const;                      // every one, in order
    double doubleValue(const std::string& name, double fallback) const;
    int intValue(const std::string& name, int fallback) const;
    const std::vector<std::string>& positionals() const { return m_positionals; }

private:
    std::string m_command;
    std::map<std::string, std::vector<std::string>> m_values;
    std::set<std::string> m_flags;
    std::vector<std::string> m_positionals;
};

}  // namespace synood::cli
