// synood bench workspace: load/save figures for large workspaces.
#include "cli/Args.h"
#include "cli/BenchTiming.h"
#include "cli/Command.h"

#include "core/Error.h"
#include "data/Workspace.h"

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

using Clock = BenchClock;

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
    const int n = args.intValue("samples", 100000, {1, 10000000});
    const int repeat = args.intValue("repeat", 3, {1, 1000});
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

int benchMain(const std::vector<std::string>& argv) {
    return runAction(
        argv, "bench",
        {{"workspace", benchWorkspace}, {"encode", benchEncode}, {"text", benchText}, {"gemm", benchGemm}, {"synth", benchSynth}});
}

}  // namespace

std::vector<Command> benchCommands() {
    return {{"bench", "benchmarks that print figures (see BENCHMARKS.md)",
             "usage:\n"
             "  synood bench workspace [--samples N] [--repeat R] [--dir DIR]\n"
             "      save and load a workspace of N samples (default 100000), median of R runs (3)\n"
             "  synood bench encode MODEL --images SPEC [--batch 32] [--decode-threads 2] [--gflop-per-image G]\n"
             "                     [--tensor-cache-mb MB]  (0: freed tensor buffers are not kept, for comparison)\n"
             "      images/s of decode + preprocess + encode in the model's --precision (scripts/bench-encode.sh\n"
             "      runs it beside the Python peer), the encoder's time by operator group; with G, the\n"
             "      fraction of the machine's GEMM FLOP/s (in the same precision, measured in the run) reached\n"
             "  synood bench text MODEL [--texts 256] [--batch 64]\n"
             "      candidates/s of the text encoder (negative-label mining's cost) in fp32 and bf16, side by side\n"
             "  synood bench gemm [--size N]\n"
             "      float32 and bfloat16 matrix product GFLOP/s with the current thread count\n"
             "  synood bench synth [--pack DIR] [--steps 20]\n"
             "      ms per denoising step and samples/s of guided synthesis at batch 1 and 32, against\n"
             "      unguided synthesis in the same run\n",
             benchMain}};
}

}  // namespace synood::cli
