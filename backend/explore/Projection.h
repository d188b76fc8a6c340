#pragma once
// 2-D views of feature space: PCA (exact, from the SVD of the centred features) and the boundary map,
// a score evaluated over the PCA plane. A plane point p maps back to feature space as
// mean + p·components and is L2-normalised before scoring (scores expect unit features), so the map
// shows the score the model would give an image whose feature lies there.
#include <ATen/core/Tensor.h>

#include <functional>

namespace synood {

struct PcaBasis {
    at::Tensor mean;        // [D]
    at::Tensor components;  // [k, D], orthonormal rows, by decreasing variance
    at::Tensor variance;    // [k] explained variance per component
};

// Throws SynoodError for fewer than two samples.
PcaBasis fitPca(const at::Tensor& features, int k = 2);
at::Tensor projectPca(const PcaBasis& basis, const at::Tensor& features);  // [N, D] -> [N, k]
at::Tensor unprojectPca(const PcaBasis& basis, const at::Tensor& points);  // [M, k] -> [M, D]

struct BoundaryMap {
    double xMin = 0, xMax = 1, yMin = 0, yMax = 1;
    int nx = 0, ny = 0;
    at::Tensor scores;  // [ny, nx]: row j at y = yMin + (j + 0.5)·(yMax − yMin)/ny
};

// `score` takes unit features [M, D] and returns [M] (higher = more in-distribution).
BoundaryMap boundaryMap(const PcaBasis& basis, double xMin, double xMax, double yMin, double yMax, int nx, int ny,
                        const std::function<at::Tensor(const at::Tensor&)>& score);

}  // namespace synood
