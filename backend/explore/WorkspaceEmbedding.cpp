#include "explore/WorkspaceEmbedding.h"

#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "data/WorkspaceLayout.h"
#include "explore/Umap.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "ood/Scores.h"
#include "ood/BoundaryBand.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <filesystem>

namespace fs = std::filesystem;

namespace synood {
namespace {

std::vector<float> floats(const at::Tensor& t) {
    const at::Tensor c = t.to(at::kFloat).contiguous();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

// The images placeImages takes: all, or kPlacedImagesMax evenly spaced.
std::vector<size_t> spacedIndices(size_t n) {
    std::vector<size_t> out;
    const size_t k = std::min(n, kPlacedImagesMax);
    for (size_t i = 0; i < k; ++i) out.push_back(i * n / k);
    return out;
}

}  // namespace

at::Tensor embeddingScore(const WorkspaceEmbedding& e, const at::Tensor& features) {
    ScoreOptions so;
    so.logitScale = e.logitScale;
    return computeScore(ScoreKind::Energy, features, e.indText, at::Tensor(), so);
}

PlacedImages placeImages(VisionLanguageModel& model, const WorkspaceEmbedding& e, const ImageDataset& data, const std::string& cachePath,
                         const JobContext& ctx) {
    if (!e.features.defined() || !e.indText.defined())
        throw SynoodError("no embedding to place images in", "embeddings", "compute the embeddings first");
    if (data.size() == 0) throw SynoodError("the set holds no images", "embeddings", "name a set with images");
    at::NoGradGuard noGrad;
    PlacedImages out;
    out.index = spacedIndices(data.size());
    const std::unique_ptr<ImageDataset> chosen = subsetDataset(data, out.index);
    const at::Tensor f = normalizeFeatures(encodeDataset(model, *chosen, cachePath, {}, ctx));
    at::Tensor p;
    if (e.basis.components.defined()) {
        p = projectPca(e.basis, f);
    } else {
        const at::Tensor plane = at::stack({at::tensor(e.x), at::tensor(e.y)}, 1);
        const int64_t k = std::min<int64_t>(5, e.features.size(0));
        const at::Tensor nearest = std::get<1>(at::matmul(f, e.features.to(f.scalar_type()).t()).topk(k, 1));  // [M, k]
        p = plane.index_select(0, nearest.reshape({-1})).view({nearest.size(0), k, 2}).mean(1);
    }
    out.x = floats(p.select(1, 0));
    out.y = floats(p.select(1, 1));
    out.score = floats(embeddingScore(e, f));
    return out;
}

WorkspaceEmbedding embedWorkspace(VisionLanguageModel& model, const Workspace& ws, int gridSize, const JobContext& ctx,
                                  Projection2D projection) {
    if (ws.size() < 2) throw SynoodError("the workspace has fewer than two samples", ws.filePath(), "add samples first");
    std::vector<std::string> classes, paths;
    for (const Sample& s : ws.samples()) {
        paths.push_back(ws.absoluteImagePath(s));
        if (s.origin == Origin::InD && !s.className.empty() && std::find(classes.begin(), classes.end(), s.className) == classes.end()) {
            classes.push_back(s.className);
        }
    }
    if (classes.empty()) {
        throw SynoodError("the workspace has no labelled InD samples to score against", ws.filePath(),
                          "the energy score needs the InD class names");
    }
    at::NoGradGuard noGrad;
    const WorkspaceLayout layout(ws.dir());
    std::error_code ec;
    fs::create_directories(layout.cacheDir(), ec);
    const std::string cache = ec ? std::string() : layout.cacheFile("embedding");
    const at::Tensor features = normalizeFeatures(encodeDataset(model, *imageFilesDataset(paths), cache, {}, ctx));
    ctx.report("project", 0, 1);
    WorkspaceEmbedding e;
    e.indText = encodeClassPrompts(model, classes, kDefaultIndTemplate);
    e.logitScale = model.logitScale();
    const auto score = [&e](const at::Tensor& f) { return embeddingScore(e, f); };
    e.features = features;
    at::Tensor p;
    if (projection == Projection2D::Umap) {
        UmapOptions umap;  // it starts from its own PCA; no basis here (UMAP has no map back)
        umap.neighbors = static_cast<int>(std::min<int64_t>(umap.neighbors, features.size(0) - 1));  // small workspaces
        p = umapProject(features, umap, ctx);
    } else {
        e.basis = fitPca(features, 2);
        p = projectPca(e.basis, features);
    }
    const at::Tensor xs = p.select(1, 0).contiguous(), ys = p.select(1, 1).contiguous();
    const at::Tensor s = score(features).to(at::kFloat).contiguous();
    e.x.assign(xs.data_ptr<float>(), xs.data_ptr<float>() + xs.numel());
    e.y.assign(ys.data_ptr<float>(), ys.data_ptr<float>() + ys.numel());
    e.score.assign(s.data_ptr<float>(), s.data_ptr<float>() + s.numel());
    std::vector<double> indScores;
    for (size_t i = 0; i < ws.size(); ++i) {
        if (ws.sample(i).origin == Origin::InD) indScores.push_back(e.score[i]);
    }
    e.threshold = quantileOf(indScores, 0.05);
    const BoundaryBand band = bandFromQuantiles(indScores, 0.01, 0.10);
    e.bandLow = band.low;
    e.bandHigh = band.high;
    if (projection == Projection2D::Umap) {
        ctx.report("project", 1, 1);
        return e;  // no boundary map: UMAP's plane does not map back to feature space
    }
    const auto [xMin, xMax] = std::minmax_element(e.x.begin(), e.x.end());
    const auto [yMin, yMax] = std::minmax_element(e.y.begin(), e.y.end());
    const double mx = 0.1 * (*xMax - *xMin) + 1e-6, my = 0.1 * (*yMax - *yMin) + 1e-6;
    e.map = boundaryMap(e.basis, *xMin - mx, *xMax + mx, *yMin - my, *yMax + my, gridSize, gridSize, score);
    ctx.report("project", 1, 1);
    return e;
}

}  // namespace synood
