#pragma once
// UMAP (McInnes, Healy & Melville 2018) to 2-D, for the studio's embeddings view: k nearest
// neighbours on the unit features (exact, or HNSW for large sets: NearestNeighbours.h), the fuzzy simplicial set (ρ, σ per point
// by binary search so that Σ exp(−(d − ρ)/σ) = log2 k, symmetrised as a + b − ab), a PCA start, and
// stochastic gradient descent with edges sampled by weight and negative sampling. min_dist 0.1 and
// spread 1 (a = 1.577, b = 0.895, as umap-learn fits them). Deterministic for a given seed.
#include "core/Job.h"
#include "explore/NearestNeighbours.h"

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace synood {

struct UmapOptions {
    int neighbors = 15;
    int epochs = 0;  // 0: 500 below 10,000 points, else 200 (umap-learn's defaults)
    int negativeSamples = 5;
    double learningRate = 1.0;
    uint64_t seed = 0;
    NeighbourSearch neighbourSearch = NeighbourSearch::Auto;
};

// features [N, D] (normalised inside) -> [N, 2]. Throws SynoodError for fewer than neighbors + 1 points.
at::Tensor umapProject(const at::Tensor& features, const UmapOptions& options = {}, const JobContext& ctx = {});

}  // namespace synood
