#pragma once
// A workspace in feature space, for the studio's embeddings view: every sample's image feature
// (cached in W/cache/embedding.features), its zero-shot energy score over the workspace's InD
// classes, the PCA plane of all features, and the boundary map over that plane with the threshold
// at the InD samples' 5 % score quantile (95 % of InD scores lie above it), and the default band.
#include "core/Job.h"
#include "explore/Projection.h"

#include <string>
#include <vector>

namespace synood {

class ImageDataset;
class VisionLanguageModel;
class Workspace;

struct WorkspaceEmbedding {
    std::vector<float> x, y;   // per sample row
    std::vector<float> score;  // energy, higher = more InD
    double threshold = 0;
    double bandLow = 0, bandHigh = 0;  // the InD samples' 1 % and 10 % score quantiles (synthesis's default band)
    PcaBasis basis;                    // PCA only
    at::Tensor features;               // [N, D] the samples' normalised features (to place new points, e.g. by neighbours)
    at::Tensor indText;                // [C, D] the workspace's InD class prompts, which the score is over
    double logitScale = 100;
    BoundaryMap map;
};

// The embedding's score (energy over its InD classes) of unit features [M, D].
at::Tensor embeddingScore(const WorkspaceEmbedding& embedding, const at::Tensor& features);

// Images from outside the workspace (an evaluation set) in the same plane: through the PCA basis,
// else (UMAP has no map for new points) at the mean position of their 5 nearest samples; each with
// the score the samples got. At most kPlacedImagesMax images, evenly spaced through the dataset.
struct PlacedImages {
    std::vector<size_t> index;  // into the dataset
    std::vector<float> x, y, score;
};
constexpr size_t kPlacedImagesMax = 2000;
PlacedImages placeImages(VisionLanguageModel& model, const WorkspaceEmbedding& embedding, const ImageDataset& data,
                         const std::string& cachePath = {}, const JobContext& ctx = {});

enum class Projection2D { Pca, Umap };

// gridSize: cells per side of the boundary map (over the points' extent plus a 10 % margin). The map
// needs a plane that maps back to feature space: with UMAP there is none (map.nx = 0).
WorkspaceEmbedding embedWorkspace(VisionLanguageModel& model, const Workspace& workspace, int gridSize = 80, const JobContext& ctx = {},
                                  Projection2D projection = Projection2D::Pca);

}  // namespace synood
