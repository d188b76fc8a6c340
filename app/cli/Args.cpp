#include "cli/Args.h"

#include "core/Error.h"

namespace synood::cli {

Args::Args(const std::vector<std::string>& argv, const std::set<std::string>& valueOptions, const std::set<std::string>& flags,
           const std::string& command)
    : m_command(command) {
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& a = argv[i];
        if (a.size() > 2 && a.compare(0, 2, "--") == 0) {
            std::string name = a.substr(2);
            std::string inlineValue;
            const auto eq = name.find('=');
            const bool hasInline = eq != std::string::npos;
            if (hasInline) {
                inlineValue = name.substr(eq + 1);
                name = name.substr(0, eq);
            }
            if (flags.count(name) && !hasInline) {
                m_flags.insert(name);
            } else if (valueOptions.count(name)) {
                if (hasInline) {
                    m_values[name].push_back(inlineValue);
                } else if (i + 1 < argv.size()) {
                    m_values[name].push_back(argv[++i]);
                } else {
                    throw SynoodError("option --" + name + " needs a value", "synood " + command, "see synood " + command + " --help");
                }
            } else {
                throw SynoodError("unknown option --" + name, "synood " + command, "see synood " + command + " --help");
            }
        } else {
            m_positionals.push_back(a);
        }
    }
}

bool Args::has(const std::string& name) const { return m_flags.count(name) || m_values.count(name); }

std::string Args::value(const std::string& name, const std::string& fallback) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? fallback : it->second.back();
}

std::vector<std::string> Args::values(const std::string& name) const {
    const auto it = m_values.find(name);
    return it == m_values.end() ? std::vector<std::string>{} : it->second;
}

double Args::doubleValue(const std::string& name, double fallback) const {
    if (!m_values.count(name)) return fallback;
    const std::string v = value(name);
    try {
        size_t used = 0;
        const double d = std::stod(v, &used);
        if (used == v.size()) return d;
    } catch (const std::exception&) {}
    throw SynoodError("--" + name + " expects a number, got '" + v + "'", "synood " + m_command, "give a number");
}

int Args::intValue(const std::string& name, int fallback) const {
    if (!m_values.count(name)) return fallback;
    const std::string text = value(name);
    try {
        size_t used = 0;
        const int v = std::stoi(text, &used);
        if (used == text.size()) return v;
    } catch (const std::exception&) {}
    throw SynoodError("--" + name + " expects an integer, got '" + text + "'", "synood " + m_command, "give a whole number");
}

}  // namespace synood::cli
