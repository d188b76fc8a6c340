// synood bench workspace: load/save figures for large workspaces.
#include "cli/Args.h"
#include "cli/Command.h"

#include "cli/ModelOptions.h"
#include "core/Error.h"
#include "data/ImageDataset.h"
#include "data/Workspace.h"
#include "models/ClipPreprocess.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <random>
#include <set>
#include <unistd.h>

namespace fs = std::filesystem;

namespace synood::cli {

namespace {

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

double median(std::vector<double> v) {
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

// Samples shaped like a real synthesis run: scores, tags, provenance with prompt and parameters.
void fillWorkspace(Workspace& ws, int n) {
    std::mt19937 rng(7);
    std::normal_distribution<double> score(-4.0, 1.5);
    const char* classes[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Sandal", "Bag"};
    for (int i = 0; i < n; ++i) {
        Sample s;
        s.origin = i % 3 == 0 ? Origin::InD : (i % 3 == 1 ? Origin::Ood : Origin::Synthesized);
        s.className = classes[i % 6];
        s.image = "images/synth/" + std::to_string(i / 1000) + "/" + std::to_string(i) + ".png";
        s.status = i % 5 == 0 ? Status::Accepted : Status::Pending;
        if (i % 7 == 0) s.tags = {"near-boundary", "reviewed"};
        s.scores = {{"energy", score(rng)}, {"mcm", score(rng)}, {"neglabel", score(rng)}};
        s.provenance = {{"seed_id", "s" + std::to_string(i / 3)},
                        {"prompt", "A photo only remain a wooden table and a white wall."},
                        {"steps", 20},
                        {"strength", 0.6},
                        {"cfg", 8.0},
                        {"k", 3},
                        {"lr", 10.0},
                        {"rng_seed", i}};
        ws.add(std::move(s));
    }
}

int benchWorkspace(const std::vector<std::string>& argv) {
    Args args(argv, {"samples", "repeat", "dir"}, {}, "bench workspace");
    const int n = args.intValue("samples", 100000);
    const int repeat = std::max(1, args.intValue("repeat", 3));
    const fs::path dir = args.value("dir", (fs::temp_directory_path() / ("synood-bench-" + std::to_string(::getpid()))).string());
    if (Workspace::exists(dir.string())) {
        throw SynoodError("a workspace already exists here", dir.string(), "give an empty --dir");
    }
    Workspace ws = Workspace::create(dir.string(), "bench");
    fillWorkspace(ws, n);
    std::vector<double> saves, loads, serialise, parse;
    size_t bytes = 0;
    for (int r = 0; r < repeat; ++r) {
        auto t0 = Clock::now();
        ws.save();
        saves.push_back(secondsSince(t0));
        t0 = Clock::now();
        const Workspace loaded = Workspace::load(dir.string());
        loads.push_back(secondsSince(t0));
        if (loaded.size() != ws.size()) throw SynoodError("round trip lost samples", dir.string(), "report a bug");
        t0 = Clock::now();
        const std::string text = ws.toJsonText();
        serialise.push_back(secondsSince(t0));
        bytes = text.size();
        t0 = Clock::now();
        const Workspace parsed = Workspace::fromJsonText(text, "bench");
        parse.push_back(secondsSince(t0));  // measured before `parsed` is destroyed
    }
    std::error_code ec;
    fs::remove_all(dir, ec);
    std::printf("workspace benchmark: %d samples, workspace.json %.1f MB, median of %d runs\n", n, static_cast<double>(bytes) / 1e6,
                repeat);
    std::printf("  save (serialise + atomic write + fsync + backup): %8.3f s\n", median(saves));
    std::printf("  load (read + parse + validate):                   %8.3f s\n", median(loads));
    std::printf("  serialise only:                                   %8.3f s\n", median(serialise));
    std::printf("  parse + validate only:                            %8.3f s\n", median(parse));
    return 0;
}

// Float32 matrix product throughput of this machine with the current thread count.
double measureGemmGflops(int n = 2048, int repeat = 5) {
    at::NoGradGuard noGrad;
    const at::Tensor a = at::randn({n, n}), b = at::randn({n, n});
    at::mm(a, b);  // warm-up
    std::vector<double> rates;
    for (int r = 0; r < repeat; ++r) {
        const auto t0 = Clock::now();
        at::mm(a, b);
        rates.push_back(2.0 * n * n * static_cast<double>(n) / secondsSince(t0) / 1e9);
    }
    return median(rates);
}

int benchGemm(const std::vector<std::string>& argv) {
    Args args(argv, {"size"}, {}, "bench gemm");
    const int n = args.intValue("size", 2048);
    std::printf("float32 GEMM %dx%d, %d threads: %.1f GFLOP/s (median of 5)\n", n, n, at::get_num_threads(), measureGemmGflops(n));
    return 0;
}

int benchEncode(const std::vector<std::string>& argv) {
    std::set<std::string> options{"images", "batch", "decode-threads", "gflop-per-image"};
    for (const auto& m : modelOptionNames()) options.insert(m);
    Args args(argv, options, {}, "bench encode");
    if (!args.has("images")) throw SynoodError("--images SPEC is required", "synood bench encode", "see --help");
    auto model = loadModel(args);
    auto data = openImageDataset(args.value("images"));
    EncodeOptions opts;
    opts.batchSize = args.intValue("batch", 32);
    opts.decodeThreads = args.intValue("decode-threads", 2);
    {  // warm-up: one image through the whole path
        at::NoGradGuard noGrad;
        model->encodeImages(preprocessImage(*model, data->load(0)).unsqueeze(0));
    }
    const auto t0 = Clock::now();
    const at::Tensor f = encodeDataset(*model, *data, "", opts);
    const double seconds = secondsSince(t0);
    const double rate = static_cast<double>(f.size(0)) / seconds;
    std::printf("synood %s (LibTorch): %lld images in %.2f s = %.2f images/s (threads %d, decode threads %d, batch %d)\n", SYNOOD_VERSION,
                static_cast<long long>(f.size(0)), seconds, rate, at::get_num_threads(), opts.decodeThreads, opts.batchSize);
    // Where the time goes: the encoder alone on one preprocessed batch, repeated.
    {
        std::vector<at::Tensor> pixels;
        for (size_t i = 0; i < std::min<size_t>(data->size(), static_cast<size_t>(opts.batchSize)); ++i) {
            pixels.push_back(preprocessImage(*model, data->load(i)));
        }
        const at::Tensor batch = at::stack(pixels);
        c10::InferenceMode inference;
        const auto t1 = Clock::now();
        for (int r = 0; r < 2; ++r) model->encodeImages(batch);
        std::printf("  encoder alone (preprocessed batch of %lld, twice): %.2f images/s\n", static_cast<long long>(batch.size(0)),
                    2.0 * static_cast<double>(batch.size(0)) / secondsSince(t1));
    }
    const double gemm = measureGemmGflops();
    std::printf("float32 GEMM 2048x2048 on this machine: %.1f GFLOP/s\n", gemm);
    if (args.has("gflop-per-image")) {
        const double achieved = rate * args.doubleValue("gflop-per-image", 0);
        std::printf("encoder compute: %.1f GFLOP/s = %.0f%% of the measured GEMM rate\n", achieved, 100.0 * achieved / gemm);
    }
    return 0;
}

int benchMain(const std::vector<std::string>& argv) {
    return runAction(argv, "bench", {{"workspace", benchWorkspace}, {"encode", benchEncode}, {"gemm", benchGemm}, {"synth", benchSynth}});
}

}  // namespace

std::vector<Command> benchCommands() {
    return {{"bench", "benchmarks that print figures (see BENCHMARKS.md)",
             "usage:\n"
             "  synood bench workspace [--samples N] [--repeat R] [--dir DIR]\n"
             "      save and load a workspace of N samples (default 100000), median of R runs (3)\n"
             "  synood bench encode MODEL --images SPEC [--batch 32] [--decode-threads 2] [--gflop-per-image G]\n"
             "      images/s of decode + preprocess + encode (scripts/bench-encode.sh runs it beside the\n"
             "      Python peer); with G, the fraction of the machine's measured GEMM FLOP/s reached\n"
             "  synood bench gemm [--size N]\n"
             "      float32 matrix product GFLOP/s with the current thread count\n"
             "  synood bench synth [--pack DIR] [--steps 20]\n"
             "      ms per denoising step and samples/s of guided synthesis at batch 1 and 32, against\n"
             "      unguided synthesis in the same run\n",
             benchMain}};
}

}  // namespace synood::cli
