#pragma once
// A small blocking HTTP(S) client over libcurl: one JSON POST with a timeout. Transport failures
// (refused, timed out, TLS) throw SynoodError; HTTP error statuses come back in the response.
#include <string>
#include <vector>

namespace synood {

struct HttpResponse {
    long status = 0;
    std::string body;
};

HttpResponse postJson(const std::string& url, const std::string& body, const std::vector<std::string>& headers, double timeoutSeconds);

// Standard base64 (RFC 4648, with padding), for data URLs.
std::string base64Encode(const std::string& bytes);

}  // namespace synood
