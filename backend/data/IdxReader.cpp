#include "data/IdxReader.h"

#include "core/Error.h"

#include <algorithm>

#include <zlib.h>

#include <memory>

namespace synood {

long long IdxArray::itemSize() const {
    long long n = 1;
    for (size_t i = 1; i < dims.size(); ++i) n *= dims[i];
    return n;
}

namespace {

struct GzCloser {
    void operator()(gzFile_s* f) const { gzclose(f); }
};

// gzread reads plain files too, so one path serves .gz and uncompressed IDX files.
void readExactly(gzFile f, void* buffer, size_t bytes, const std::string& path, const char* what) {
    auto* p = static_cast<unsigned char*>(buffer);
    size_t left = bytes;
    while (left > 0) {
        const unsigned chunk = left > (1u << 30) ? (1u << 30) : static_cast<unsigned>(left);
        const int n = gzread(f, p, chunk);
        if (n <= 0) {
            throw SynoodError(std::string("the IDX file ends early while reading its ") + what, path,
                              "the file is truncated or not an IDX file; download it again");
        }
        p += n;
        left -= static_cast<size_t>(n);
    }
}

}  // namespace

IdxArray readIdx(const std::string& path) {
    std::unique_ptr<gzFile_s, GzCloser> f(gzopen(path.c_str(), "rb"));
    if (!f) throw SynoodError("could not open the IDX file", path, "check that it exists");
    unsigned char magic[4];
    readExactly(f.get(), magic, 4, path, "header");
    if (magic[0] != 0 || magic[1] != 0) {
        throw SynoodError("not an IDX file (bad magic number)", path, "expected an MNIST-style .idx or .gz file");
    }
    if (magic[2] != 0x08) {
        throw SynoodError("unsupported IDX element type (only unsigned bytes, 0x08)", path, "convert the file to unsigned bytes");
    }
    const int ndims = magic[3];
    if (ndims < 1 || ndims > 4) {
        throw SynoodError("unsupported number of IDX dimensions: " + std::to_string(ndims), path, "expected 1 to 4 dimensions");
    }
    IdxArray out;
    constexpr long long kMaxBytes = 1LL << 32;
    long long total = 1;
    for (int i = 0; i < ndims; ++i) {
        unsigned char be[4];
        readExactly(f.get(), be, 4, path, "header");
        const long long d = (static_cast<long long>(be[0]) << 24) | (be[1] << 16) | (be[2] << 8) | be[3];
        if (d <= 0 || d > (1LL << 28)) {
            throw SynoodError("implausible IDX dimension " + std::to_string(d), path, "the header is corrupt");
        }
        out.dims.push_back(static_cast<int>(d));
        if (total > kMaxBytes / d) throw SynoodError("IDX file too large (over 4 GiB)", path, "split it");
        total *= d;
    }
    // In chunks, so that a header announcing gigabytes costs only what the file really holds.
    constexpr size_t kChunk = size_t(16) << 20;
    while (out.data.size() < static_cast<size_t>(total)) {
        const size_t have = out.data.size(), chunk = std::min(kChunk, static_cast<size_t>(total) - have);
        out.data.resize(have + chunk);
        readExactly(f.get(), out.data.data() + have, chunk, path, "data");
    }
    return out;
}

}  // namespace synood
