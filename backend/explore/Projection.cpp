#include "explore/Projection.h"

#include "core/Error.h"
#include "models/VisionLanguageModel.h"

#include <ATen/ATen.h>

namespace synood {

PcaBasis fitPca(const at::Tensor& features, int k) {
    if (features.dim() != 2 || features.size(0) < 2) {
        throw SynoodError("PCA needs at least two feature vectors", "embeddings", "encode more samples");
    }
    const at::Tensor x = features.to(at::kDouble);
    PcaBasis b;
    b.mean = x.mean(0);
    const at::Tensor centred = x - b.mean;
    // Eigenvectors of the D×D covariance: cheap for CLIP's D ≤ 1024 whatever N is.
    const at::Tensor cov = at::matmul(centred.t(), centred) / static_cast<double>(features.size(0) - 1);
    auto [values, vectors] = at::linalg_eigh(cov);  // ascending
    const int64_t d = cov.size(0), kk = std::min<int64_t>(k, d);
    b.variance = values.flip(0).narrow(0, 0, kk).to(at::kFloat);
    at::Tensor comps = vectors.flip(1).narrow(1, 0, kk).t().contiguous();  // [k, D]
    // A deterministic sign: the largest-magnitude coordinate of each component is positive.
    const at::Tensor idx = comps.abs().argmax(1, true);
    comps = comps * comps.gather(1, idx).sign();
    b.components = comps.to(at::kFloat);
    b.mean = b.mean.to(at::kFloat);
    return b;
}

at::Tensor projectPca(const PcaBasis& basis, const at::Tensor& features) {
    return at::matmul(features.to(at::kFloat) - basis.mean, basis.components.t());
}

at::Tensor unprojectPca(const PcaBasis& basis, const at::Tensor& points) {
    return basis.mean + at::matmul(points.to(at::kFloat), basis.components);
}

BoundaryMap boundaryMap(const PcaBasis& basis, double xMin, double xMax, double yMin, double yMax, int nx, int ny,
                        const std::function<at::Tensor(const at::Tensor&)>& score) {
    if (nx < 1 || ny < 1 || !(xMax > xMin) || !(yMax > yMin)) {
        throw SynoodError("the boundary map needs a non-empty grid", "embeddings", "zoom to a non-empty area");
    }
    BoundaryMap m{xMin, xMax, yMin, yMax, nx, ny, {}};
    const at::Tensor xs = xMin + (at::arange(nx, at::kFloat) + 0.5) * ((xMax - xMin) / nx);
    const at::Tensor ys = yMin + (at::arange(ny, at::kFloat) + 0.5) * ((yMax - yMin) / ny);
    const at::Tensor grid = at::stack({xs.repeat({ny}), ys.repeat_interleave(nx)}, 1);  // [ny·nx, 2], row-major in y
    at::Tensor points = grid;
    if (basis.components.size(0) > 2) {  // higher components at the mean
        points = at::cat({grid, at::zeros({grid.size(0), basis.components.size(0) - 2})}, 1);
    }
    m.scores = score(normalizeFeatures(unprojectPca(basis, points))).to(at::kFloat).view({ny, nx});
    return m;
}

}  // namespace synood
