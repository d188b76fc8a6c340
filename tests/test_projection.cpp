// Feature-space projections: exact and HNSW nearest neighbours, PCA recovers the directions of largest variance (deterministic signs),
// maps the plane back exactly, the boundary map evaluates the score over the plane, and a workspace
// embeds with the demo pack (one point per sample, the threshold at the InD 5 % quantile).
#include "core/Error.h"
#include "core/Threads.h"
#include "data/Workspace.h"
#include "demo/DemoRun.h"
#include "demo/DemoWorkspace.h"
#include "explore/NearestNeighbours.h"
#include "explore/Projection.h"
#include "explore/Umap.h"
#include "explore/WorkspaceEmbedding.h"
#include "models/VisionLanguageModel.h"

#include <ATen/ATen.h>

#include <QTemporaryDir>

#include <filesystem>
#include <QtTest>

#include <algorithm>
#include <cmath>

using namespace synood;

class TestProjection : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {
        tuneAllocatorForTensors();
        configureThreads(0);
    }

    void pcaFindsTheLargestDirections() {
        at::manual_seed(0);
        const int64_t n = 2000, d = 8;
        at::Tensor u = at::zeros({d}), v = at::zeros({d});
        u[1] = 1;
        v[5] = 1;
        const at::Tensor x = 3.0 * at::randn({n, 1}) * u + 1.0 * at::randn({n, 1}) * v + 0.05 * at::randn({n, d}) + 2.0;
        const PcaBasis b = fitPca(x, 2);
        QCOMPARE(b.components.sizes().vec(), (std::vector<int64_t>{2, d}));
        QVERIFY(at::allclose(b.components[0], u, 0, 0.02));  // sign fixed: largest coordinate positive
        QVERIFY(at::allclose(b.components[1], v, 0, 0.02));
        QVERIFY(b.variance[0].item<double>() > 8 && b.variance[0].item<double>() < 10);
        QVERIFY(std::abs(b.variance[1].item<double>() - 1.0) < 0.15);
        // Points of the plane come back exactly.
        const at::Tensor p = at::randn({10, 2});
        QVERIFY(at::allclose(projectPca(b, unprojectPca(b, p)), p, 1e-4, 1e-4));
        QVERIFY_THROWS_EXCEPTION(SynoodError, fitPca(at::randn({1, d})));
    }

    void boundaryMapEvaluatesTheScoreOverThePlane() {
        PcaBasis b;
        b.mean = at::zeros({3});
        b.components = at::eye(3).narrow(0, 0, 2);  // the plane z = 0 spanned by x and y
        // Score: the x coordinate of the normalised feature.
        const BoundaryMap m = boundaryMap(b, -1, 1, 0.5, 1.5, 4, 2, [](const at::Tensor& f) { return f.select(1, 0); });
        QCOMPARE(m.scores.sizes().vec(), (std::vector<int64_t>{2, 4}));
        // Cell (row 0, column 3): x = 0.75, y = 0.75 -> normalised x = 0.75 / sqrt(2 · 0.75²).
        QVERIFY(std::abs(m.scores[0][3].item<double>() - 1 / std::sqrt(2.0)) < 1e-5);
        QVERIFY(m.scores[1][0].item<double>() < 0);
        QVERIFY_THROWS_EXCEPTION(SynoodError, boundaryMap(b, 1, 1, 0, 1, 4, 4, [](const at::Tensor& f) { return f.sum(1); }));
    }

    // UMAP keeps two well-separated clusters apart and each point's 2-D neighbours in its cluster;
    // the same seed gives the same layout.
    void umapKeepsClustersApart() {
        at::manual_seed(1);
        const int64_t per = 150, d = 16;
        at::Tensor centre = at::zeros({d});
        centre[0] = 3;
        const at::Tensor x = at::cat({at::randn({per, d}) * 0.3 + centre, at::randn({per, d}) * 0.3 - centre});
        UmapOptions o;
        o.epochs = 200;
        const at::Tensor y = umapProject(x, o);
        QCOMPARE(y.sizes().vec(), (std::vector<int64_t>{2 * per, 2}));
        QVERIFY(at::isfinite(y).all().item<bool>());
        // 10 nearest neighbours in 2-D: the share from the same cluster.
        const at::Tensor dist = at::cdist(y, y);
        const at::Tensor nn = std::get<1>(dist.topk(11, 1, false)).narrow(1, 1, 10);
        const at::Tensor same = (nn < per).eq((at::arange(2 * per) < per).unsqueeze(1));
        const double share = same.to(at::kDouble).mean().item<double>();
        qInfo("same-cluster share of the 10 nearest 2-D neighbours: %.4f", share);
        QVERIFY(share > 0.99);
        QVERIFY(at::equal(umapProject(x, o), y));
        o.neighbourSearch = NeighbourSearch::Hnsw;
        const at::Tensor yh = umapProject(x, o);
        const at::Tensor nnh = std::get<1>(at::cdist(yh, yh).topk(11, 1, false)).narrow(1, 1, 10);
        QVERIFY((nnh < per).eq((at::arange(2 * per) < per).unsqueeze(1)).to(at::kDouble).mean().item<double>() > 0.99);
        QVERIFY_THROWS_EXCEPTION(SynoodError, umapProject(at::randn({10, d}), o));
    }

    // Exact neighbours agree with brute force (self excluded, nearest first); HNSW finds nearly all of
    // them on clustered data; UMAP on the HNSW graph still keeps the clusters apart.
    void neighboursExactAndApproximate() {
        at::manual_seed(2);
        const int64_t n = 3000, d = 32, k = 10;
        const at::Tensor centres = at::randn({20, d}) * 2;
        const at::Tensor x = normalizeFeatures(centres.index_select(0, at::randint(20, {n})) + at::randn({n, d}) * 0.5);
        const NeighbourGraph exact = nearestNeighbours(x, k, NeighbourSearch::Exact);
        const at::Tensor dist = at::cdist(x, x) + at::eye(n) * 10;  // self last
        const at::Tensor truth = std::get<1>(dist.topk(k, 1, false)).to(at::kInt).contiguous();
        int agree = 0;
        for (int64_t r = 0; r < n; ++r) {
            for (int64_t c = 0; c < k; ++c) {
                agree += exact.index[static_cast<size_t>(r * k + c)] == truth[r][c].item<int>();
                QVERIFY(exact.index[static_cast<size_t>(r * k + c)] != r);
                if (c > 0) QVERIFY(exact.dist[static_cast<size_t>(r * k + c)] >= exact.dist[static_cast<size_t>(r * k + c - 1)]);
            }
        }
        QVERIFY2(agree >= 0.999 * n * k, qPrintable(QString::number(agree)));  // ties may swap order
        QCOMPARE(neighbourRecall(exact, exact), 1.0);
        const NeighbourGraph approx = nearestNeighbours(x, k, NeighbourSearch::Hnsw);
        const double recall = neighbourRecall(approx, exact);
        qInfo("HNSW recall@%lld: %.4f", static_cast<long long>(k), recall);
        QVERIFY(recall > 0.95);
        for (int64_t r = 0; r < n; ++r) QVERIFY(approx.index[static_cast<size_t>(r * k)] != r);
        QVERIFY_THROWS_EXCEPTION(SynoodError, nearestNeighbours(x.narrow(0, 0, 5), k));
    }

    void workspaceEmbedsWithTheDemoPack() {
        QTemporaryDir tmp;
        const std::string dir = (tmp.path() + "/ws").toStdString();
        demo::createDemoWorkspace(dir, 10);
        const Workspace ws = Workspace::load(dir);
        auto model = loadVisionLanguageModel(demo::defaultDemoPackDir());
        const WorkspaceEmbedding e = embedWorkspace(*model, ws, 16);
        QCOMPARE(e.x.size(), ws.size());
        QCOMPARE(e.score.size(), ws.size());
        int above = 0;
        for (float s : e.score) above += s >= e.threshold;
        QVERIFY(above >= 0.95 * static_cast<double>(ws.size()));
        QCOMPARE(e.map.scores.sizes().vec(), (std::vector<int64_t>{16, 16}));
        // The map spans the points' extent and a 10 % margin on each side, and its scores vary over it.
        const auto [xLo, xHi] = std::minmax_element(e.x.begin(), e.x.end());
        const double margin = 0.1 * (*xHi - *xLo);
        QVERIFY(margin > 0);
        QVERIFY(std::abs(e.map.xMin - (*xLo - margin)) < 1e-3 * margin);
        QVERIFY(std::abs(e.map.xMax - (*xHi + margin)) < 1e-3 * margin);
        QVERIFY((e.map.scores.max() - e.map.scores.min()).item<double>() > 0);
        QVERIFY(std::filesystem::exists(dir + "/cache/embedding.features"));
    }
};

QTEST_GUILESS_MAIN(TestProjection)
#include "test_projection.moc"
