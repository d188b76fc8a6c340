// Benchmarks of the studio's views at 100k samples (the gallery at --samples N), printed as figures (see BENCHMARKS.md):
// the gallery's filter and sort, thumbnail decoding from real files, the embeddings view's replot and lasso selection, and PCA of
// and UMAP of the 70,000 Fashion-MNIST images' toy-CLIP features, with UMAP's nearest-neighbour stage
// exact and HNSW (written with their projections and the exact neighbours for the Python peer
// bench/projection_peer.py, which times scikit-learn's PCA and t-SNE and pynndescent's neighbours
// (umap-learn's) on the same features and measures the neighbourhood preservation of each).
//   build/bench/synood-studio-bench [--out DIR] [--samples N (the gallery's, default 100000)] [--gallery-only]
//   [--projection-only]
#include "EmbeddingView.h"
#include "GalleryFilter.h"
#include "GalleryModel.h"
#include "GalleryView.h"
#include "ThumbnailLoader.h"
#include "QCustomPlotInclude.h"
#include "core/Threads.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "demo/DemoRun.h"
#include "demo/FashionMnist.h"
#include "explore/NearestNeighbours.h"
#include "explore/Projection.h"
#include "explore/Umap.h"
#include "models/VisionLanguageModel.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <QApplication>
#include <QListView>
#include <QElapsedTimer>
#include <QTemporaryDir>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>

using namespace synood;

namespace {

double msOf(const std::function<void()>& f) {
    QElapsedTimer t;
    t.start();
    f();
    return static_cast<double>(t.nsecsElapsed()) / 1e6;
}

void writeFloats(const std::string& path, const at::Tensor& t) {
    const at::Tensor c = t.to(at::kFloat).contiguous();
    std::ofstream out(path, std::ios::binary);
    const int64_t rows = c.size(0), cols = c.size(1);
    out.write(reinterpret_cast<const char*>(&rows), sizeof rows);
    out.write(reinterpret_cast<const char*>(&cols), sizeof cols);
    out.write(reinterpret_cast<const char*>(c.data_ptr<float>()), static_cast<std::streamsize>(c.numel() * sizeof(float)));
}

// Decodes `count` image files of side×side through the gallery's ThumbnailLoader (96×96), a screenful
// of requests at a time as scrolling makes them; returns thumbnails per second.
double thumbnailsPerSecond(const QString& dir, int count, int side, const char* format) {
    QImage image(side, side, QImage::Format_RGB888);
    std::mt19937 rng(1);
    for (int y = 0; y < side; ++y)
        for (int x = 0; x < side; ++x) image.setPixel(x, y, qRgb(static_cast<int>(rng() % 256), (x * 255) / side, (y * 255) / side));
    QStringList paths;
    for (int i = 0; i < count; ++i) {
        paths << QStringLiteral("%1/%2-%3.%4").arg(dir).arg(side).arg(i).arg(QString::fromLatin1(format));
        image.save(paths.back());
    }
    widgets::ThumbnailLoader loader(QSize(96, 96));
    int loaded = 0;
    QObject::connect(&loader, &widgets::ThumbnailLoader::loaded, [&](int, const QImage& t) { loaded += !t.isNull(); });
    QElapsedTimer t;
    t.start();
    for (int start = 0; start < count; start += 128) {
        for (int i = start; i < std::min(count, start + 128); ++i) loader.request(i, paths[i]);
        while (!loader.isIdle()) QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    QCoreApplication::processEvents();
    const double seconds = static_cast<double>(t.nsecsElapsed()) / 1e9;
    if (loaded != count) std::printf("  (only %d of %d thumbnails decoded)\n", loaded, count);
    return count / seconds;
}

}  // namespace

// The gallery at n samples as the studio shows it: the workspace opened as the studio opens it,
// the filter and the studio's list view, each step timed with the view's
// own event processing, as the GUI thread pays it.
void benchGallery(int n) {
    QTemporaryDir tmp;
    std::vector<Sample> samples;
    std::mt19937_64 rng(0);
    std::normal_distribution<double> normal;
    for (int i = 0; i < n; ++i) {
        Sample s;
        s.id = "s" + std::to_string(i);
        s.image = "img/" + std::to_string(i) + ".png";  // no files: placeholders are painted
        s.origin = i % 3 == 0 ? Origin::Synthesized : Origin::InD;
        s.className = "class" + std::to_string(i % 10);
        s.status = i % 5 == 0 ? Status::Accepted : Status::Pending;
        s.scores["energy"] = normal(rng);
        if (s.origin == Origin::Synthesized) s.provenance["prompt"] = "a photo of a thing " + std::to_string(i % 997);
        samples.push_back(std::move(s));
    }
    Workspace::create(tmp.path().toStdString(), "bench", samples);
    samples.clear();
    QElapsedTimer opening;
    opening.start();
    Workspace ws = Workspace::load(tmp.path().toStdString(), Workspace::Provenances::OnDemand);
    const double openMs = static_cast<double>(opening.nsecsElapsed()) / 1e6;
    widgets::GalleryModel model;
    model.setWorkspace(&ws);
    widgets::GalleryFilter filter;
    filter.setSourceModel(&model);
    QListView view;
    widgets::setUpGalleryView(view);
    view.resize(900, 700);
    view.setModel(&filter);
    view.show();
    QCoreApplication::processEvents();
    // Until the rows are shown, and the GUI thread's longest stretch of work on the way (a
    // background filter gives the event loop back between slices and while its sort runs).
    struct Shown {
        double totalMs, longestMs;
    };
    const auto shownAfter = [&](const std::function<void()>& change) {
        QElapsedTimer total;
        total.start();
        double longest = msOf(change);
        do {
            longest = std::max(longest, msOf([] { QCoreApplication::processEvents(); }));
        } while (filter.busy());
        longest = std::max(longest, msOf([] { QCoreApplication::processEvents(); }));  // the view's layout
        return Shown{static_cast<double>(total.nsecsElapsed()) / 1e6, longest};
    };
    const auto report = [&](const char* what, const Shown& shown) {
        std::printf("  %-24s %8.1f ms until shown, longest on the GUI thread %6.1f ms (%d shown)\n", what, shown.totalMs, shown.longestMs,
                    filter.rowCount());
    };
    std::printf("gallery, %d samples (workspace opened, provenance on demand, in %.0f ms; background filter from %zu)\n", n, openMs,
                widgets::GalleryFilter::kBackgroundFrom);
    report("filter by origin:", shownAfter([&] { filter.setOrigin("synthesized"); }));
    report("and by status:", shownAfter([&] { filter.setStatus("pending"); }));
    report("sorted by score:", shownAfter([&] { filter.setSortKey(widgets::GalleryFilter::SortKey::Score); }));
    report("and by prompt text:", shownAfter([&] { filter.setText("thing 42"); }));
    shownAfter([&] {
        filter.setText({});
        filter.setStatus({});
        filter.setOrigin({});
    });
    report("filter by score range:", shownAfter([&] { filter.setScoreRange(-0.5, 0.5); }));
    report("open the score range:", shownAfter([&] { filter.setScoreRange(-INFINITY, INFINITY); }));
    report("back to workspace order:", shownAfter([&] { filter.setSortKey(widgets::GalleryFilter::SortKey::Workspace); }));
    std::vector<double> commits;
    for (int k = 0; k < 21; ++k) {
        const int row = static_cast<int>((static_cast<long long>(k) * 48271) % n);
        commits.push_back(shownAfter([&] { model.setStatus(row, k % 2 ? Status::Accepted : Status::Rejected); }).totalMs);
    }
    std::sort(commits.begin(), commits.end());
    std::printf("  one curation change, written and shown: median %.2f ms, worst %.2f ms (of 21)\n", commits[commits.size() / 2],
                commits.back());
    model.setWorkspace(nullptr);
}

// The embeddings view (replot and lasso at 10k and 100k points) and thumbnails from real files.
void benchViews(std::mt19937_64& rng, std::normal_distribution<double>& normal) {
    // Embeddings view: replot and lasso at 10k and 100k points.
    for (int points : {10000, 100000}) {
        widgets::EmbeddingView view;
        view.resize(900, 700);
        view.show();
        widgets::EmbeddingPoints p;
        p.groupNames = {"ind", "ood", "synthesized"};
        for (int i = 0; i < points; ++i) {
            p.x << normal(rng);
            p.y << normal(rng);
            p.group << i % 3;
        }
        const double set = msOf([&] { view.setPoints(p); });
        view.replotMs();  // warm-up
        double replot = 0;
        for (int r = 0; r < 5; ++r) replot += view.replotMs() / 5;
        QVector<int> inside;
        const double lasso = msOf([&] { inside = view.rowsInside(QPolygonF({{-1, -1}, {1, -1}, {1.5, 1}, {-1, 1.2}})); });
        std::printf("embeddings view, %6d points: set %7.1f ms, replot %6.1f ms, lasso %5.1f ms (%d inside)\n", points, set, replot, lasso,
                    static_cast<int>(inside.size()));
    }

    // Thumbnails from real files: the demo's size (28×28 PNG) and Stable Diffusion's (512×512 JPEG).
    {
        QTemporaryDir images;
        const double small = thumbnailsPerSecond(images.path(), 4000, 28, "png");
        const double large = thumbnailsPerSecond(images.path(), 400, 512, "jpg");
        std::printf("thumbnails (96×96): 28×28 PNG %.0f/s, 512×512 JPEG %.0f/s\n", small, large);
    }
}

int runBench(int argc, char** argv) {
    tuneAllocatorForTensors();
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    configureThreads(0);
    const QStringList args = app.arguments();
    const int outAt = static_cast<int>(args.indexOf("--out"));
    const std::string outDir = outAt > 0 && outAt + 1 < args.size() ? args[outAt + 1].toStdString() : std::string();
    if (outAt > 0 && outDir.empty()) {
        std::fprintf(stderr, "synood-studio-bench: --out needs a folder\n");
        return 2;
    }
    std::error_code madeOut;
    if (!outDir.empty() && !std::filesystem::create_directories(outDir, madeOut) && madeOut) {
        std::fprintf(stderr, "synood-studio-bench: cannot create --out %s: %s\n", outDir.c_str(), madeOut.message().c_str());
        return 2;
    }
    const int gallerySamples = args.indexOf("--samples") > 0 ? args[args.indexOf("--samples") + 1].toInt() : 100000;
    if (gallerySamples < 1000) {
        std::fprintf(stderr, "synood-studio-bench: --samples needs a number from 1000\n");
        return 2;
    }
    const bool projectionOnly = args.contains("--projection-only");
    if (!projectionOnly) benchGallery(gallerySamples);
    if (args.contains("--gallery-only")) return 0;
    QTemporaryDir tmp;
    std::mt19937_64 rng(0);
    std::normal_distribution<double> normal;
    if (!projectionOnly) benchViews(rng, normal);

    // PCA of the 70,000 Fashion-MNIST images' toy-CLIP features.
    auto clip = loadVisionLanguageModel(demo::defaultDemoPackDir());
    at::NoGradGuard noGrad;
    const std::string cacheDir = outDir.empty() ? tmp.path().toStdString() : outDir;
    QElapsedTimer encode;
    encode.start();
    const at::Tensor train = encodeDataset(*clip, *openImageDataset(demo::fashionMnistDir() + "/train-images-idx3-ubyte.gz"),
                                           cacheDir + "/fmnist-train.features");
    const at::Tensor test =
        encodeDataset(*clip, *openImageDataset(demo::fashionMnistDir() + "/t10k-images-idx3-ubyte.gz"), cacheDir + "/fmnist-test.features");
    const at::Tensor features = normalizeFeatures(at::cat({train, test}));
    std::printf("features: %lld × %lld (encoded or read from cache in %.1f s)\n", static_cast<long long>(features.size(0)),
                static_cast<long long>(features.size(1)), static_cast<double>(encode.elapsed()) / 1000);
    PcaBasis basis;
    at::Tensor projected;
    const double fit = msOf([&] { basis = fitPca(features, 2); });
    const double project = msOf([&] { projected = projectPca(basis, features); });
    std::printf("PCA to 2-D: fit %.1f ms, project %.1f ms\n", fit, project);
    // UMAP's first stage on its own: exact against HNSW (15 neighbours, as UMAP asks for).
    NeighbourGraph exact, approx;
    const double exactMs = msOf([&] { exact = nearestNeighbours(features, 15, NeighbourSearch::Exact); });
    const double hnswMs = msOf([&] { approx = nearestNeighbours(features, 15, NeighbourSearch::Hnsw); });
    std::printf("15 nearest neighbours of all %lld: exact %.1f s, HNSW %.1f s (recall@15 %.4f against exact; %d threads)\n",
                static_cast<long long>(features.size(0)), exactMs / 1000, hnswMs / 1000, neighbourRecall(approx, exact),
                at::get_num_threads());
    at::Tensor umap;
    const double umapMs = msOf([&] { umap = umapProject(features); });
    std::printf("UMAP to 2-D (15 HNSW neighbours, 200 epochs): %.1f s\n", umapMs / 1000);
    if (!outDir.empty()) {
        writeFloats(outDir + "/features.f32", features);
        writeFloats(outDir + "/pca.f32", projected);
        writeFloats(outDir + "/umap.f32", umap);
        writeFloats(outDir + "/knn_exact.f32",
                    at::tensor(std::vector<float>(exact.index.begin(), exact.index.end())).view({exact.n, exact.k}));
        std::printf("wrote %s/features.f32, pca.f32, umap.f32 and knn_exact.f32 for bench/projection_peer.py\n", outDir.c_str());
    }
    return 0;
}

// Errors end the program with a message, never an abort (a missing file, a full disk).
int main(int argc, char** argv) {
    try {
        return runBench(argc, argv);
    } catch (const std::exception& e) {
        std::fprintf(stderr, "synood-studio-bench: error: %s\n", e.what());
        return 1;
    }
}
