#include "explore/Umap.h"

#include "core/Error.h"
#include "explore/NearestNeighbours.h"
#include "explore/Projection.h"
#include "models/VisionLanguageModel.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <vector>

namespace synood {
namespace {

constexpr double kA = 1.577, kB = 0.895;  // umap-learn's fit for min_dist 0.1, spread 1

struct Edge {
    int i, j;
    double weight;
};

float clip4(float g) { return std::max(-4.0f, std::min(4.0f, g)); }

// xorshift64*: the negative samples' point choice, a few cycles where std::mt19937_64 with a
// uniform distribution cost a third of the layout.
class FastRandom {
public:
    explicit FastRandom(uint64_t seed) : m_state(seed * 0x9E3779B97F4A7C15ull + 1) {}
    int below(int n) {  // uniform enough over [0, n) for n far below 2^32
        m_state ^= m_state >> 12;
        m_state ^= m_state << 25;
        m_state ^= m_state >> 27;
        const uint64_t r = (m_state * 0x2545F4914F6CDD1Dull) >> 32;
        return static_cast<int>((r * static_cast<uint64_t>(n)) >> 32);
    }

private:
    uint64_t m_state;
};

}  // namespace

at::Tensor umapProject(const at::Tensor& features, const UmapOptions& o, const JobContext& ctx) {
    const int64_t n = features.size(0), k = o.neighbors;
    if (n < k + 1) throw SynoodError("UMAP needs more points than neighbours", "embeddings", "use PCA for small sets");
    at::NoGradGuard noGrad;
    const at::Tensor x = normalizeFeatures(features.to(at::kFloat));

    // 1. k nearest neighbours (self excluded), Euclidean on the unit sphere.
    const NeighbourGraph graph = nearestNeighbours(x, k, o.neighbourSearch, ctx);
    const std::vector<int>& nnIndex = graph.index;
    const std::vector<float>& nnDist = graph.dist;

    // 2. Fuzzy simplicial set: per-point ρ and σ, then a + b − ab over both directions.
    const double target = std::log2(static_cast<double>(k));
    std::unordered_map<uint64_t, double> weights;
    weights.reserve(static_cast<size_t>(n * k * 2));
    for (int64_t i = 0; i < n; ++i) {
        const float* d = &nnDist[static_cast<size_t>(i * k)];
        double rho = d[0];
        for (int64_t c = 0; c < k; ++c) {
            if (d[c] > 0) {
                rho = d[c];
                break;
            }
        }
        double lo = 0, hi = INFINITY, sigma = 1;
        for (int it = 0; it < 64; ++it) {
            double sum = 0;
            for (int64_t c = 0; c < k; ++c) sum += std::exp(-std::max(0.0, d[c] - rho) / sigma);
            if (std::abs(sum - target) < 1e-5) break;
            if (sum > target) {
                hi = sigma;
                sigma = (lo + hi) / 2;
            } else {
                lo = sigma;
                sigma = std::isinf(hi) ? sigma * 2 : (lo + hi) / 2;
            }
        }
        for (int64_t c = 0; c < k; ++c) {
            const int j = nnIndex[static_cast<size_t>(i * k + c)];
            if (j == i) continue;
            const double w = std::exp(-std::max(0.0, d[c] - rho) / sigma);
            const uint64_t a = static_cast<uint64_t>(std::min<int64_t>(i, j)), b = static_cast<uint64_t>(std::max<int64_t>(i, j));
            const uint64_t key = a * static_cast<uint64_t>(n) + b;
            const auto it = weights.find(key);
            if (it == weights.end())
                weights.emplace(key, w);
            else
                it->second = it->second + w - it->second * w;  // the two directions' probabilistic union
        }
    }
    std::vector<Edge> edges;
    edges.reserve(weights.size());
    double maxWeight = 0;
    for (const auto& [key, w] : weights) {
        edges.push_back({static_cast<int>(key / static_cast<uint64_t>(n)), static_cast<int>(key % static_cast<uint64_t>(n)), w});
        maxWeight = std::max(maxWeight, w);
    }
    std::sort(edges.begin(), edges.end(), [](const Edge& a, const Edge& b) { return a.i != b.i ? a.i < b.i : a.j < b.j; });

    // 3. Start from PCA, scaled to ±10.
    at::Tensor start = projectPca(fitPca(x, 2), x);
    start = start * (10.0 / (start.abs().max().item<double>() + 1e-12));
    // The layout in float (as umap-learn's): half the memory traffic and single-precision pow.
    std::vector<float> y(static_cast<size_t>(n * 2));
    {
        const at::Tensor s = start.to(at::kFloat).contiguous();
        std::copy(s.data_ptr<float>(), s.data_ptr<float>() + n * 2, y.begin());
    }

    // 4. SGD with edges sampled in proportion to their weight.
    const int epochs = o.epochs > 0 ? o.epochs : (n < 10000 ? 500 : 200);
    std::vector<double> perSample(edges.size()), next(edges.size()), negPerSample(edges.size()), nextNeg(edges.size());
    for (size_t e = 0; e < edges.size(); ++e) {
        perSample[e] = maxWeight / edges[e].weight;
        next[e] = perSample[e];
        negPerSample[e] = perSample[e] / o.negativeSamples;
        nextNeg[e] = negPerSample[e];
    }
    FastRandom rng(o.seed);
    const float a = static_cast<float>(kA), b = static_cast<float>(kB);
    for (int epoch = 1; epoch <= epochs; ++epoch) {
        if (epoch % 10 == 0) {
            ctx.checkCancelled();
            ctx.report("layout", epoch, epochs);
        }
        const float alpha = static_cast<float>(o.learningRate * (1.0 - static_cast<double>(epoch - 1) / epochs));
        for (size_t e = 0; e < edges.size(); ++e) {
            if (next[e] > epoch) continue;
            float* yi = &y[static_cast<size_t>(edges[e].i) * 2];
            float* yj = &y[static_cast<size_t>(edges[e].j) * 2];
            const float dx = yi[0] - yj[0], dy = yi[1] - yj[1], d2 = dx * dx + dy * dy;
            if (d2 > 0) {
                const float p = std::pow(d2, b);  // d2^b; d2^(b-1) = p / d2
                const float coef = -2.0f * a * b * (p / d2) / (1.0f + a * p);
                const float gx = clip4(coef * dx) * alpha, gy = clip4(coef * dy) * alpha;
                yi[0] += gx;
                yi[1] += gy;
                yj[0] -= gx;
                yj[1] -= gy;
            }
            next[e] += perSample[e];
            const int negatives = static_cast<int>((epoch - nextNeg[e]) / negPerSample[e]);
            for (int s = 0; s < negatives; ++s) {
                const int other = rng.below(static_cast<int>(n));
                if (other == edges[e].i) continue;
                const float* yk = &y[static_cast<size_t>(other) * 2];
                const float ex = yi[0] - yk[0], ey = yi[1] - yk[1], e2 = ex * ex + ey * ey;
                const float coef = e2 > 0 ? 2.0f * b / ((0.001f + e2) * (1.0f + a * std::pow(e2, b))) : 0.0f;
                yi[0] += (coef > 0 ? clip4(coef * ex) : 4.0f) * alpha;
                yi[1] += (coef > 0 ? clip4(coef * ey) : 4.0f) * alpha;
            }
            nextNeg[e] += negatives * negPerSample[e];
        }
    }
    ctx.report("layout", epochs, epochs);
    return at::tensor(y, at::kFloat).view({n, 2});
}

}  // namespace synood
