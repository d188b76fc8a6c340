#include "explore/NearestNeighbours.h"

#include "core/Error.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#if defined(SYNOOD_SANITIZE)
// Debian's hnswlib 0.6.2 prefetches from one index past a link list on its SSE path (upstream
// nmslib/hnswlib#107, #578; AddressSanitizer reports it in test_projection): the sanitizer build
// compiles hnswlib without its manual vectorization.
#define NO_MANUAL_VECTORIZATION
#endif
#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <thread>
#include <unordered_set>

namespace synood {
namespace {

constexpr int64_t kExactBelow = 20000;
// HNSW parameters: recall@15 ≈ 0.99 on the demo's 64-d features (see BENCHMARKS.md).
constexpr size_t kLinks = 16, kEfConstruction = 100, kEfSearchMin = 64;

float unitDistance(float similarity) { return std::sqrt(std::max(0.0f, 2.0f - 2.0f * similarity)); }

// Writes row r's neighbours from candidates (ids and similarities, best first), skipping r itself; a
// duplicate point may push r out of the candidates, so a short row repeats its last neighbour.
void writeRow(NeighbourGraph& g, int64_t r, const int* ids, const float* sims, int64_t count) {
    int64_t written = 0;
    for (int64_t c = 0; c < count && written < g.k; ++c) {
        if (ids[c] == r) continue;
        g.index[static_cast<size_t>(r * g.k + written)] = ids[c];
        g.dist[static_cast<size_t>(r * g.k + written)] = unitDistance(sims[c]);
        ++written;
    }
    for (; written < g.k; ++written) {
        g.index[static_cast<size_t>(r * g.k + written)] = g.index[static_cast<size_t>(r * g.k + written - 1)];
        g.dist[static_cast<size_t>(r * g.k + written)] = g.dist[static_cast<size_t>(r * g.k + written - 1)];
    }
}

NeighbourGraph exactNeighbours(const at::Tensor& x, int64_t k, const JobContext& ctx) {
    NeighbourGraph g{x.size(0), k, std::vector<int>(static_cast<size_t>(x.size(0) * k)),
                     std::vector<float>(static_cast<size_t>(x.size(0) * k))};
    for (int64_t start = 0; start < g.n; start += 1024) {
        ctx.checkCancelled();
        ctx.report("neighbours", start, g.n);
        const int64_t m = std::min<int64_t>(1024, g.n - start);
        auto [values, indices] = at::matmul(x.narrow(0, start, m), x.t()).topk(k + 1, 1);
        const at::Tensor v = values.contiguous(), id = indices.to(at::kInt).contiguous();
        for (int64_t r = 0; r < m; ++r) {
            writeRow(g, start + r, id.data_ptr<int>() + r * (k + 1), v.data_ptr<float>() + r * (k + 1), k + 1);
        }
    }
    return g;
}

// Runs body(i) for i in [0, n) on all of LibTorch's threads; reports and checks cancellation from the
// calling thread's share only (JobContext is not for concurrent use).
template <typename Body>
void forAllOnThreads(int64_t n, const char* stage, const JobContext& ctx, Body body) {
    std::atomic<int64_t> nextIndex{0};
    std::atomic<bool> cancelled{false};
    const auto work = [&](bool reporting) {
        for (int64_t i; !cancelled && (i = nextIndex++) < n;) {
            if (reporting && i % 2048 == 0) {
                try {
                    ctx.checkCancelled();
                } catch (...) {
                    cancelled = true;
                    throw;
                }
                ctx.report(stage, i, n);
            }
            body(i);
        }
    };
    std::vector<std::thread> helpers;
    for (int t = 1; t < std::max(1, at::get_num_threads()); ++t) helpers.emplace_back(work, false);
    try {
        work(true);
    } catch (...) {
        for (auto& h : helpers) h.join();
        throw;
    }
    for (auto& h : helpers) h.join();
}

NeighbourGraph hnswNeighbours(const at::Tensor& x, int64_t k, const JobContext& ctx) {
    const int64_t n = x.size(0), d = x.size(1);
    const float* data = x.data_ptr<float>();
    hnswlib::InnerProductSpace space(static_cast<size_t>(d));
    hnswlib::HierarchicalNSW<float> index(&space, static_cast<size_t>(n), kLinks, kEfConstruction, /*random_seed=*/100);
    index.addPoint(data, 0);  // the entry point first, then the rest concurrently (hnswlib allows it)
    forAllOnThreads(n - 1, "neighbour graph", ctx, [&](int64_t i) { index.addPoint(data + (i + 1) * d, static_cast<size_t>(i + 1)); });
    index.setEf(std::max<size_t>(kEfSearchMin, static_cast<size_t>(2 * (k + 1))));
    NeighbourGraph g{n, k, std::vector<int>(static_cast<size_t>(n * k)), std::vector<float>(static_cast<size_t>(n * k))};
    forAllOnThreads(n, "neighbours", ctx, [&](int64_t r) {
        auto found = index.searchKnn(data + r * d, static_cast<size_t>(k + 1));  // a max-heap of 1 − similarity
        std::vector<int> ids(found.size());
        std::vector<float> sims(found.size());
        for (size_t c = found.size(); c-- > 0; found.pop()) {
            ids[c] = static_cast<int>(found.top().second);
            sims[c] = 1.0f - found.top().first;
        }
        writeRow(g, r, ids.data(), sims.data(), static_cast<int64_t>(ids.size()));
    });
    return g;
}

}  // namespace

NeighbourGraph nearestNeighbours(const at::Tensor& unitFeatures, int64_t k, NeighbourSearch search, const JobContext& ctx) {
    if (unitFeatures.dim() != 2 || unitFeatures.size(0) < k + 1) {
        throw SynoodError("nearest neighbours need more points than neighbours", "embeddings", "use PCA for small sets");
    }
    at::NoGradGuard noGrad;
    const at::Tensor x = unitFeatures.to(at::kFloat).contiguous();
    if (search == NeighbourSearch::Auto) search = x.size(0) < kExactBelow ? NeighbourSearch::Exact : NeighbourSearch::Hnsw;
    NeighbourGraph g = search == NeighbourSearch::Exact ? exactNeighbours(x, k, ctx) : hnswNeighbours(x, k, ctx);
    ctx.report("neighbours", g.n, g.n);
    return g;
}

double neighbourRecall(const NeighbourGraph& approx, const NeighbourGraph& exact) {
    if (approx.n != exact.n || approx.k != exact.k || exact.n == 0)
        throw SynoodError("neighbour graphs of different shapes", "recall", "compare graphs of the same points and k");
    size_t found = 0;
    for (int64_t r = 0; r < exact.n; ++r) {
        const auto row = [&](const NeighbourGraph& g) { return g.index.begin() + r * g.k; };
        std::unordered_set<int> truth(row(exact), row(exact) + exact.k);
        for (auto it = row(approx); it != row(approx) + approx.k; ++it) found += truth.erase(*it);
    }
    return static_cast<double>(found) / static_cast<double>(exact.n * exact.k);
}

}  // namespace synood
