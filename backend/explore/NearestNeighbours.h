#pragma once
// k nearest neighbours of unit feature vectors (Euclidean, which on the unit sphere orders as cosine),
// each point's own row excluded: exactly (chunked matrix products and top-k), or approximately with an
// HNSW graph (hnswlib, Debian's libhnswlib-dev) built on all cores. UMAP's first stage.
#include "core/Job.h"

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <vector>

namespace synood {

enum class NeighbourSearch { Auto, Exact, Hnsw };

struct NeighbourGraph {
    int64_t n = 0, k = 0;
    std::vector<int> index;   // n × k, nearest first
    std::vector<float> dist;  // n × k, Euclidean
};

// unit [N, D] float features. Auto: exact below 20,000 points (fast enough, and exact), HNSW above.
NeighbourGraph nearestNeighbours(const at::Tensor& unitFeatures, int64_t k, NeighbourSearch search = NeighbourSearch::Auto,
                                 const JobContext& ctx = {});

// The share of `exact`'s neighbours that `approx` found too (recall@k over all points).
double neighbourRecall(const NeighbourGraph& approx, const NeighbourGraph& exact);

}  // namespace synood
