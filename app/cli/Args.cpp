#include "cli/Args.h"

#include "core/Error.h"
#include "core/Numbers.h"

#include <algorithm>
#include <climits>
#include <cstdio>

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

namespace {

std::string shortNumber(double v) {
    char b[32];
    std::snprintf(b, sizeof b, "%.10g", v);
    return b;
}

// " from LOW to HIGH" of `shown`, or nothing when `valid` is kRunChecks (the backend names the range).
std::string rangeText(Range valid, Range shown) {
    if (valid.low <= kRunChecks.low && valid.high >= kRunChecks.high) return {};
    return " from " + shortNumber(shown.low) + " to " + shortNumber(shown.high);
}

}  // namespace

double Args::doubleValue(const std::string& name, double fallback, Range valid) const {
    if (!m_values.count(name)) return fallback;
    const std::string text = value(name);
    const std::optional<double> v = parseFiniteNumber(text);
    if (!v || *v < valid.low || *v > valid.high) {
        throw SynoodError("--" + name + " must be a finite number" + rangeText(valid, valid) + ", got '" + text + "'",
                          "synood " + m_command, "e.g. --" + name + " " + shortNumber(fallback));
    }
    return *v;
}

int Args::intValue(const std::string& name, int fallback, Range valid) const {
    if (!m_values.count(name)) return fallback;
    const std::string text = value(name);
    const std::optional<long long> v = parseInteger(text);
    const double low = std::max(valid.low, static_cast<double>(INT_MIN)), high = std::min(valid.high, static_cast<double>(INT_MAX));
    if (!v || static_cast<double>(*v) < low || static_cast<double>(*v) > high) {
        throw SynoodError("--" + name + " must be a whole number" + rangeText(valid, {low, high}) + ", got '" + text + "'",
                          "synood " + m_command, "e.g. --" + name + " " + std::to_string(fallback));
    }
    return static_cast<int>(*v);
}

}  // namespace synood::cli
