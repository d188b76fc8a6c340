#include "core/Sha256.h"

#include "core/Error.h"

#include <openssl/evp.h>

#include <cstdio>
#include <memory>

namespace synood {

namespace {

struct DigestContext {
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx{EVP_MD_CTX_new(), &EVP_MD_CTX_free};
    DigestContext() { EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr); }
    void update(const void* data, size_t n) { EVP_DigestUpdate(ctx.get(), data, n); }
    std::string hex() {
        unsigned char digest[EVP_MAX_MD_SIZE];
        unsigned int len = 0;
        EVP_DigestFinal_ex(ctx.get(), digest, &len);
        static const char* digits = "0123456789abcdef";
        std::string out;
        for (unsigned i = 0; i < len; ++i) {
            out += digits[digest[i] >> 4];
            out += digits[digest[i] & 15];
        }
        return out;
    }
};

}  // namespace

std::string sha256OfBytes(const std::string& bytes) {
    DigestContext d;
    d.update(bytes.data(), bytes.size());
    return d.hex();
}

std::string sha256OfFile(const std::string& path) {
    std::unique_ptr<FILE, decltype(&std::fclose)> f(std::fopen(path.c_str(), "rb"), &std::fclose);
    if (!f) throw SynoodError("could not open the file to check its sha256", path, "check that it exists");
    DigestContext d;
    std::unique_ptr<char[]> buffer(new char[1 << 20]);
    for (;;) {
        const size_t n = std::fread(buffer.get(), 1, 1 << 20, f.get());
        if (n > 0) d.update(buffer.get(), n);
        if (n < (1 << 20)) break;
    }
    if (std::ferror(f.get())) throw SynoodError("could not read the file", path, "check the disk");
    return d.hex();
}

}  // namespace synood
