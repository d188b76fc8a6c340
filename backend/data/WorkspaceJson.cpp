#include "data/WorkspaceJson.h"

#include "core/Error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <filesystem>
#include <unordered_set>

namespace synood {

namespace {

// ---- writing -------------------------------------------------------------------------------

bool isValidUtf8(const std::string& s) {
    size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        int extra = c < 0x80 ? 0 : (c >> 5) == 0x6 ? 1 : (c >> 4) == 0xE ? 2 : (c >> 3) == 0x1E ? 3 : -1;
        if (extra < 0 || i + static_cast<size_t>(extra) >= s.size()) return false;
        for (int k = 1; k <= extra; ++k) {
            if ((static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) >> 6) != 0x2) return false;
        }
        i += static_cast<size_t>(extra) + 1;
    }
    return true;
}

void appendString(std::string& out, const std::string& s) {
    if (!isValidUtf8(s)) {
        // Invalid bytes become U+FFFD rather than a file the reader would refuse.
        out += nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        return;
    }
    out += '"';
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

void appendNumber(std::string& out, double v) {
    if (!std::isfinite(v)) {  // JSON has no NaN/inf: store null, read back as NaN
        out += "null";
        return;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    out += buf;
}

// ---- reading -------------------------------------------------------------------------------

using json = nlohmann::json;

class WorkspaceSax {
public:
    explicit WorkspaceSax(WorkspaceDocument& doc) : m_doc(doc) {}

    std::string error;  // set when a handler refused the document

    bool null() { return onValue(json(nullptr)); }
    bool boolean(bool v) { return onValue(json(v)); }
    bool number_integer(json::number_integer_t v) { return onNumber(static_cast<double>(v), json(v)); }
    bool number_unsigned(json::number_unsigned_t v) { return onNumber(static_cast<double>(v), json(v)); }
    bool number_float(json::number_float_t v, const json::string_t&) { return onNumber(v, json(v)); }
    bool binary(json::binary_t&) { return fail("binary values are not expected"); }
    bool string(json::string_t& v) {
        switch (m_state) {
        case State::RootValue:
            if (m_key == "name") m_doc.name = v;
            m_state = State::Root;
            return true;
        case State::SampleValue: return onSampleString(v);
        case State::Tags: m_sample.tags.push_back(std::move(v)); return true;
        default: return onValue(json(std::move(v)));
        }
    }
    bool start_object(std::size_t) {
        switch (m_state) {
        case State::Start: m_state = State::Root; return true;
        case State::Samples:
            m_sample = Sample{};
            m_seen = 0;
            m_state = State::Sample;
            return true;
        case State::SampleValue:
            if (m_key == "scores") {
                m_state = State::Scores;
                return true;
            }
            if (m_key == "provenance") return beginCapture(json::object());
            return wrongType();
        default: return beginNested(json::object());
        }
    }
    bool end_object() {
        switch (m_state) {
        case State::Root: m_state = State::Done; return true;
        case State::Sample: return finishSample();
        case State::Scores: m_state = State::Sample; return true;
        default: return endNested();
        }
    }
    bool start_array(std::size_t) {
        switch (m_state) {
        case State::RootValue:
            if (m_key == "samples") {
                m_state = State::Samples;
                return true;
            }
            return beginNested(json::array());
        case State::SampleValue:
            if (m_key == "tags") {
                m_state = State::Tags;
                return true;
            }
            if (m_key == "provenance") return beginCapture(json::array());
            return wrongType();
        default: return beginNested(json::array());
        }
    }
    bool end_array() {
        switch (m_state) {
        case State::Samples:
            m_sawSamples = true;
            m_state = State::Root;
            return true;
        case State::Tags: m_state = State::Sample; return true;
        default: return endNested();
        }
    }
    bool key(json::string_t& k) {
        switch (m_state) {
        case State::Root:
            m_key = std::move(k);
            m_state = State::RootValue;
            return true;
        case State::Sample:
            m_key = std::move(k);
            m_state = State::SampleValue;
            return true;
        case State::Scores: m_scoreKey = std::move(k); return true;
        default: m_captureKey = std::move(k); return true;
        }
    }
    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        error = "the workspace file is corrupt (at byte " + std::to_string(position) + ": " + ex.what() + ")";
        return false;
    }

    bool sawSamples() const { return m_sawSamples; }

private:
    enum class State { Start, Root, RootValue, Samples, Sample, SampleValue, Tags, Scores, Capture, Skip, Done };
    enum Seen : unsigned { kId = 1, kImage = 2, kOrigin = 4, kStatus = 8 };

    bool fail(const std::string& why) {
        error = why;
        return false;
    }
    bool wrongType() { return fail("field '" + m_key + "' of sample #" + std::to_string(m_doc.samples.size()) + " has the wrong type"); }
    bool newer() const { return m_doc.schemaVersion > Workspace::kSchemaVersion; }

    bool onNumber(double v, json asJson) {
        if (m_state == State::Scores) {
            m_sample.scores[m_scoreKey] = v;
            return true;
        }
        if (m_state == State::RootValue && m_key == "schema_version") {
            if (!(v >= 1 && v <= 1e6) || v != std::floor(v)) return fail("schema_version is not a whole number from 1");
            m_doc.schemaVersion = static_cast<int>(v);
            m_state = State::Root;
            // A newer schema may mean anything below: stop here, the caller refuses it.
            return !newer() || fail("newer");
        }
        return onValue(std::move(asJson));
    }

    bool onValue(json v) {
        switch (m_state) {
        case State::RootValue: m_state = State::Root; return true;  // unknown root key: ignored
        case State::SampleValue:
            if (m_key == "provenance" || m_key == "class") {
                if (m_key == "provenance") m_sample.provenance = std::move(v);
                m_state = State::Sample;
                return true;
            }
            if (m_key == "id" || m_key == "image" || m_key == "origin" || m_key == "status" || m_key == "tags" || m_key == "scores")
                return wrongType();
            m_state = State::Sample;  // unknown sample key: ignored
            return true;
        case State::Scores:
            if (v.is_null()) {  // NaN/inf were stored as null
                m_sample.scores[m_scoreKey] = std::numeric_limits<double>::quiet_NaN();
                return true;
            }
            return fail("score '" + m_scoreKey + "' is not a number");
        case State::Tags: return fail("a tag is not a string");
        case State::Capture: return insertCaptured(std::move(v));
        default: return fail("unexpected value in the workspace file");
        }
    }

    bool onSampleString(std::string& v) {
        const std::string where = "sample #" + std::to_string(m_doc.samples.size());
        m_state = State::Sample;
        if (m_key == "id") {
            m_sample.id = std::move(v);
            m_seen |= kId;
        } else if (m_key == "image") {
            m_sample.image = std::move(v);
            m_seen |= kImage;
        } else if (m_key == "class")
            m_sample.className = std::move(v);
        else if (m_key == "origin") {
            m_sample.origin = originFromString(v, where);
            m_seen |= kOrigin;
        } else if (m_key == "status") {
            m_sample.status = statusFromString(v, where);
            m_seen |= kStatus;
        } else if (m_key == "provenance")
            m_sample.provenance = std::move(v);
        else if (m_key == "tags" || m_key == "scores") {
            m_state = State::SampleValue;
            return wrongType();
        }
        return true;
    }

    bool finishSample() {
        const unsigned required[] = {kId, kImage, kOrigin, kStatus};
        const char* names[] = {"id", "image", "origin", "status"};
        for (int i = 0; i < 4; ++i) {
            if (!(m_seen & required[i])) {
                return fail(std::string("sample #") + std::to_string(m_doc.samples.size()) + " has no '" + names[i] + "'");
            }
        }
        m_doc.samples.push_back(std::move(m_sample));
        m_state = State::Samples;
        return true;
    }

    // Provenance is free-form JSON: captured into a DOM with a stack of open containers.
    bool beginCapture(json container) {
        m_capture = std::move(container);
        m_stack.assign(1, &m_capture);
        m_state = State::Capture;
        return true;
    }
    bool beginNested(json container) {
        if (m_state == State::Capture) {
            json* parent = m_stack.back();
            json* child =
                parent->is_array() ? &parent->emplace_back(std::move(container)) : &((*parent)[m_captureKey] = std::move(container));
            m_stack.push_back(child);
            return true;
        }
        if (m_state == State::RootValue || m_state == State::SampleValue || m_state == State::Skip) {
            if (m_state != State::Skip) m_skipReturn = m_state == State::RootValue ? State::Root : State::Sample;
            if (m_state == State::SampleValue &&
                (m_key == "id" || m_key == "image" || m_key == "origin" || m_key == "status" || m_key == "class"))
                return wrongType();
            m_state = State::Skip;
            ++m_skipDepth;
            return true;
        }
        return fail("unexpected structure in the workspace file");
    }
    bool endNested() {
        if (m_state == State::Capture) {
            m_stack.pop_back();
            if (m_stack.empty()) {
                m_sample.provenance = std::move(m_capture);
                m_state = State::Sample;
            }
            return true;
        }
        if (m_state == State::Skip) {
            if (--m_skipDepth == 0) m_state = m_skipReturn;
            return true;
        }
        return fail("unexpected structure in the workspace file");
    }
    bool insertCaptured(json v) {
        json* parent = m_stack.back();
        if (parent->is_array())
            parent->push_back(std::move(v));
        else
            (*parent)[m_captureKey] = std::move(v);
        return true;
    }

    WorkspaceDocument& m_doc;
    State m_state = State::Start;
    State m_skipReturn = State::Root;
    int m_skipDepth = 0;
    std::string m_key, m_scoreKey, m_captureKey;
    Sample m_sample;
    unsigned m_seen = 0;
    json m_capture;
    std::vector<json*> m_stack;
    bool m_sawSamples = false;
};

}  // namespace

std::string writeWorkspaceJson(const std::string& name, const std::vector<Sample>& samples) {
    std::string out;
    out.reserve(256 + samples.size() * 320);
    out += "{\"schema_version\":" + std::to_string(Workspace::kSchemaVersion) + ",\"name\":";
    appendString(out, name);
    out += ",\"samples\":[";
    for (size_t i = 0; i < samples.size(); ++i) {
        const Sample& s = samples[i];
        out += i == 0 ? "\n{\"id\":" : ",\n{\"id\":";
        appendString(out, s.id);
        out += ",\"image\":";
        appendString(out, s.image);
        out += ",\"origin\":\"";
        out += toString(s.origin);
        out += "\",\"class\":";
        appendString(out, s.className);
        out += ",\"status\":\"";
        out += toString(s.status);
        out += "\",\"tags\":[";
        for (size_t t = 0; t < s.tags.size(); ++t) {
            if (t) out += ',';
            appendString(out, s.tags[t]);
        }
        out += "],\"scores\":{";
        bool first = true;
        for (const auto& [k, v] : s.scores) {
            if (!first) out += ',';
            first = false;
            appendString(out, k);
            out += ':';
            appendNumber(out, v);
        }
        out += "},\"provenance\":";
        out += s.provenance.dump(-1, ' ', false, json::error_handler_t::replace);
        out += '}';
    }
    out += "\n]}\n";
    return out;
}

WorkspaceDocument readWorkspaceJson(const std::string& text, const std::string& where) {
    WorkspaceDocument doc;
    WorkspaceSax sax(doc);
    bool ok = false;
    try {
        ok = json::sax_parse(text, &sax);
    } catch (const SynoodError& e) {
        throw SynoodError(e.failure(), where + " " + e.where(), "fix the file");
    }
    if (doc.schemaVersion > Workspace::kSchemaVersion) {
        throw SynoodError("the workspace was written by a newer SynOOD Studio (schema_version " + std::to_string(doc.schemaVersion) +
                              "; this build reads up to " + std::to_string(Workspace::kSchemaVersion) + ")",
                          where, "upgrade SynOOD Studio; the file was left unchanged");
    }
    if (!ok) {
        throw SynoodError(sax.error.empty() ? "the workspace file is corrupt" : sax.error, where,
                          "the file was left unchanged; fix it by hand");
    }
    if (doc.schemaVersion <= 0) {
        throw SynoodError("the workspace file has no schema_version", where, "fix the file by hand");
    }
    if (!sax.sawSamples()) {
        throw SynoodError("the workspace file has no samples array", where, "fix the file by hand");
    }
    std::unordered_set<std::string> ids;
    for (size_t i = 0; i < doc.samples.size(); ++i) {
        const Sample& s = doc.samples[i];
        if (!ids.insert(s.id).second)
            throw SynoodError("duplicate sample id '" + s.id + "'", where, "sample ids must be unique; fix the file");
        if (s.id.empty()) throw SynoodError("sample #" + std::to_string(i) + " has an empty id", where, "fix the file by hand");
        if (!isSafeRelativePath(s.image)) {
            throw SynoodError("image path '" + s.image + "' of sample #" + std::to_string(i) + " is not a path inside the workspace", where,
                              "image paths are relative to the workspace folder, without '..'");
        }
    }
    return doc;
}

}  // namespace synood
