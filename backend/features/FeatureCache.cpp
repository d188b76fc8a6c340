#include "features/FeatureCache.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/ImageDataset.h"
#include "models/ClipPreprocess.h"
#include "models/VisionLanguageModel.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <c10/core/InferenceMode.h>

#include <cerrno>
#include <cstring>
#include <exception>
#include <fcntl.h>
#include <future>
#include <sys/file.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace synood {

namespace {

constexpr char kMagic[8] = {'S', 'Y', 'N', 'F', 'E', 'A', 'T', '\0'};
constexpr uint32_t kVersion = 1;
constexpr off_t kDoneOffset = 24;
constexpr off_t kHeaderSize = 160;
constexpr uint32_t kMaxDim = 65536;  // the widest features a pack may have (ModelPack: embed_dim)

class Fd {
public:
    explicit Fd(int fd) : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0) ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

void preadAll(int fd, void* buf, size_t n, off_t offset, const std::string& path) {
    auto* p = static_cast<char*>(buf);
    while (n > 0) {
        const ssize_t r = ::pread(fd, p, n, offset);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) throw SynoodError("the feature cache is truncated", path, "delete it; it will be recomputed");
        p += r;
        n -= static_cast<size_t>(r);
        offset += r;
    }
}

void pwriteAll(int fd, const void* buf, size_t n, off_t offset, const std::string& path) {
    const auto* p = static_cast<const char*>(buf);
    while (n > 0) {
        const ssize_t r = ::pwrite(fd, p, n, offset);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0)
            throw SynoodError(std::string("could not write the feature cache (") + std::strerror(errno) + ")", path,
                              "check free disk space");
        p += r;
        n -= static_cast<size_t>(r);
        offset += r;
    }
}

std::string headerBytes(const FeatureCacheHeader& h) {
    std::string b(kHeaderSize, '\0');
    std::memcpy(&b[0], kMagic, 8);
    std::memcpy(&b[8], &kVersion, 4);
    std::memcpy(&b[12], &h.dim, 4);
    std::memcpy(&b[16], &h.count, 8);
    std::memcpy(&b[24], &h.done, 8);
    std::memcpy(&b[32], h.packFingerprint.data(), std::min<size_t>(64, h.packFingerprint.size()));
    std::memcpy(&b[96], h.contentFingerprint.data(), std::min<size_t>(64, h.contentFingerprint.size()));
    return b;
}

bool sameKey(const FeatureCacheHeader& a, const FeatureCacheHeader& b) {
    return a.dim == b.dim && a.count == b.count && a.packFingerprint == b.packFingerprint && a.contentFingerprint == b.contentFingerprint;
}

at::Tensor readRows(const std::string& path, const FeatureCacheHeader& h) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) throw SynoodError("could not open the feature cache", path, "check permissions");
    at::Tensor out = at::empty({static_cast<int64_t>(h.count), static_cast<int64_t>(h.dim)}, at::kFloat);
    preadAll(fd.get(), out.data_ptr<float>(), h.count * h.dim * sizeof(float), kHeaderSize, path);
    return out;
}

// The cache's rows when it is complete and made by this model from this data; nullopt otherwise
// (absent, damaged or foreign caches are replaced by the caller, never misread).
std::optional<at::Tensor> completeCache(const std::string& path, const FeatureCacheHeader& want, const JobContext& ctx) {
    try {
        if (auto have = readFeatureCacheHeader(path); have && sameKey(*have, want) && have->done == have->count) {
            ctx.report("features (cached)", static_cast<long long>(want.count), static_cast<long long>(want.count));
            return readRows(path, *have);
        }
    } catch (const SynoodError&) {}
    return std::nullopt;
}

// An exclusive lock on PATH.lock while it lives: processes that encode the same cache (shards of
// one workspace on one machine) take turns, and the later ones find the cache complete.
class CacheLock {
public:
    explicit CacheLock(const std::string& cachePath) : m_fd(::open((cachePath + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644)) {
        if (m_fd.get() < 0) {
            throw SynoodError(std::string("could not open the cache's lock file (") + std::strerror(errno) + ")", cachePath + ".lock",
                              "check permissions");
        }
        while (::flock(m_fd.get(), LOCK_EX) != 0) {
            if (errno != EINTR) throw SynoodError("could not lock the feature cache", cachePath + ".lock", "check the file system");
        }
    }

private:
    Fd m_fd;  // closing it releases the lock
};

// Decodes and preprocesses images [begin, end) on `threads` threads.
at::Tensor loadBatch(const VisionLanguageModel& model, const ImageDataset& data, size_t begin, size_t end, int threads) {
    const size_t n = end - begin;
    std::vector<at::Tensor> slots(n);
    std::vector<std::exception_ptr> errors(static_cast<size_t>(std::max(1, threads)));
    auto work = [&](size_t t, size_t stride) {
        try {
            for (size_t i = t; i < n; i += stride) slots[i] = preprocessImage(model, data.load(begin + i));
        } catch (...) {
            errors[t] = std::current_exception();
        }
    };
    const size_t stride = static_cast<size_t>(std::max(1, threads));
    std::vector<std::thread> pool;
    for (size_t t = 1; t < stride; ++t) pool.emplace_back(work, t, stride);
    work(0, stride);
    for (auto& th : pool) th.join();
    for (const auto& e : errors) {
        if (e) std::rethrow_exception(e);
    }
    return at::stack(slots, 0);
}

}  // namespace

std::optional<FeatureCacheHeader> readFeatureCacheHeader(const std::string& path) {
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) {
        if (errno == ENOENT) return std::nullopt;
        throw SynoodError(std::string("could not open the feature cache (") + std::strerror(errno) + ")", path, "check permissions");
    }
    char b[kHeaderSize];
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0 || st.st_size < kHeaderSize) {
        throw SynoodError("not a feature cache (too short)", path, "delete it; it will be recomputed");
    }
    preadAll(fd.get(), b, sizeof b, 0, path);
    if (std::memcmp(b, kMagic, 8) != 0) throw SynoodError("not a feature cache (bad magic)", path, "delete it or choose another path");
    uint32_t version = 0;
    std::memcpy(&version, b + 8, 4);
    if (version != kVersion) {
        throw SynoodError("feature cache format version " + std::to_string(version) + " is not supported", path,
                          "delete it; it will be recomputed");
    }
    FeatureCacheHeader h;
    std::memcpy(&h.dim, b + 12, 4);
    std::memcpy(&h.count, b + 16, 8);
    std::memcpy(&h.done, b + 24, 8);
    h.packFingerprint.assign(b + 32, 64);
    h.contentFingerprint.assign(b + 96, 64);
    // Dividing, not multiplying: a header's count and dim may be anything, the file's size is real.
    const uint64_t rowBytes = static_cast<uint64_t>(h.dim) * sizeof(float);
    const uint64_t rowsInFile = rowBytes ? (static_cast<uint64_t>(st.st_size) - kHeaderSize) / rowBytes : 0;
    if (h.dim < 1 || h.dim > kMaxDim || h.count > rowsInFile || h.done > h.count) {
        throw SynoodError("the feature cache is truncated or inconsistent", path, "delete it; it will be recomputed");
    }
    return h;
}

at::Tensor encodeDataset(VisionLanguageModel& model, const ImageDataset& data, const std::string& cachePath, const EncodeOptions& options,
                         const JobContext& ctx) {
    FeatureCacheHeader want;
    want.dim = static_cast<uint32_t>(model.embedDim());
    want.count = data.size();
    want.packFingerprint = model.featuresFingerprint();
    want.contentFingerprint = data.fingerprint();
    std::optional<CacheLock> lock;
    if (!cachePath.empty()) {
        if (auto rows = completeCache(cachePath, want, ctx)) return *rows;
        lock.emplace(cachePath);
        if (auto rows = completeCache(cachePath, want, ctx)) return *rows;  // another process finished it meanwhile
    }
    const std::string partial = cachePath.empty() ? std::string() : cachePath + ".partial";
    std::unique_ptr<Fd> fd;
    uint64_t start = 0;
    if (!partial.empty()) {
        std::optional<FeatureCacheHeader> have;
        try {
            have = readFeatureCacheHeader(partial);
        } catch (const SynoodError&) {}
        if (have && sameKey(*have, want)) {
            start = have->done;  // resume
            fd = std::make_unique<Fd>(::open(partial.c_str(), O_RDWR | O_CLOEXEC));
        } else {
            fd = std::make_unique<Fd>(::open(partial.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
            if (fd->get() >= 0) {
                const std::string h = headerBytes(want);
                pwriteAll(fd->get(), h.data(), h.size(), 0, partial);
                if (::ftruncate(fd->get(), kHeaderSize + static_cast<off_t>(want.count * want.dim * sizeof(float))) != 0) {
                    throw SynoodError("could not size the feature cache", partial, "check free disk space");
                }
            }
        }
        if (fd->get() < 0) throw SynoodError(std::string("could not open (") + std::strerror(errno) + ")", partial, "check permissions");
    }

    at::Tensor all = partial.empty() ? at::empty({static_cast<int64_t>(want.count), static_cast<int64_t>(want.dim)}) : at::Tensor();
    const size_t batch = static_cast<size_t>(std::max(1, options.batchSize));
    auto next = [&](size_t b) {
        return std::async(std::launch::async,
                          [&, b] { return loadBatch(model, data, b, std::min<size_t>(b + batch, data.size()), options.decodeThreads); });
    };
    at::NoGradGuard noGrad;  // per thread: set here, on the thread that encodes
    std::future<at::Tensor> pending;
    if (start < data.size()) pending = next(start);
    for (size_t b = start; b < data.size(); b += batch) {
        ctx.checkCancelled();
        at::Tensor pixels = pending.get();
        if (b + batch < data.size()) pending = next(b + batch);  // decode the next batch while encoding
        at::Tensor features;
        {
            // Inference mode skips autograd bookkeeping; the tensor never leaves this loop (rows
            // are copied out), so no inference tensor reaches code that records gradients.
            c10::InferenceMode inference;
            features = model.encodeImages(pixels).to(at::kCPU, at::kFloat).contiguous();
        }
        if (features.size(1) != want.dim) {
            throw SynoodError("the model returned features of dimension " + std::to_string(features.size(1)), model.pack().dir,
                              "fix embed_dim in pack.json");
        }
        const uint64_t rows = static_cast<uint64_t>(features.size(0));
        if (fd) {
            pwriteAll(fd->get(), features.data_ptr<float>(), rows * want.dim * sizeof(float),
                      kHeaderSize + static_cast<off_t>(b * want.dim * sizeof(float)), partial);
            const uint64_t done = b + rows;
            ::fdatasync(fd->get());  // rows first, then the count that vouches for them
            pwriteAll(fd->get(), &done, sizeof done, kDoneOffset, partial);
        } else {
            all.narrow(0, static_cast<int64_t>(b), static_cast<int64_t>(rows)).copy_(features);
        }
        ctx.report("encode images", static_cast<long long>(b + rows), static_cast<long long>(data.size()));
    }
    if (!fd) return all;
    ::fsync(fd->get());
    fd.reset();
    if (::rename(partial.c_str(), cachePath.c_str()) != 0) {
        throw SynoodError(std::string("could not move the finished cache into place (") + std::strerror(errno) + ")", cachePath,
                          "check permissions");
    }
    return readRows(cachePath, want);
}

void writeFeatureMatrix(const std::string& path, const at::Tensor& features, const std::string& packFingerprint,
                        const std::string& contentFingerprint) {
    const at::Tensor f = features.detach().to(at::kCPU, at::kFloat).contiguous();
    if (f.dim() != 2) throw SynoodError("a feature matrix must be 2-D", path, "report a bug");
    FeatureCacheHeader h;
    h.dim = static_cast<uint32_t>(f.size(1));
    h.count = h.done = static_cast<uint64_t>(f.size(0));
    h.packFingerprint = packFingerprint;
    h.contentFingerprint = contentFingerprint;
    std::string bytes = headerBytes(h);
    bytes.append(reinterpret_cast<const char*>(f.data_ptr<float>()), static_cast<size_t>(f.numel()) * sizeof(float));
    writeFileAtomically(path, bytes);
}

at::Tensor readFeatureMatrix(const std::string& path, const std::string& packFingerprint, const std::string& contentFingerprint) {
    const auto h = readFeatureCacheHeader(path);
    if (!h) throw SynoodError("the feature file is missing", path, "compute it again");
    if (h->done != h->count) throw SynoodError("the feature file is incomplete", path, "compute it again");
    if (h->packFingerprint != packFingerprint) {
        throw SynoodError("the features were computed with another model pack", path, "compute them again with this pack");
    }
    if (h->contentFingerprint != contentFingerprint) {
        throw SynoodError("the features do not belong to this content", path, "compute them again");
    }
    return readRows(path, *h);
}

}  // namespace synood
