// synood bench workspace: the workspace database's figures at a size, beside workspace.json's.
#include "cli/Args.h"
#include "cli/BenchTiming.h"
#include "cli/Command.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "data/Workspace.h"
#include "data/WorkspaceJson.h"

#include <nlohmann/json.hpp>

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
std::vector<Sample> benchSamples(int n, int first) {
    std::mt19937 rng(7 + static_cast<unsigned>(first));
    std::normal_distribution<double> score(-4.0, 1.5);
    const char* classes[] = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Sandal", "Bag"};
    std::vector<Sample> out;
    out.reserve(static_cast<size_t>(n));
    for (int k = 0; k < n; ++k) {
        const int i = first + k;
        Sample s;
        s.id = "b" + std::to_string(i);
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
        out.push_back(std::move(s));
    }
    return out;
}

double millisecondsSince(BenchClock::time_point t0) { return 1000.0 * secondsSince(t0); }

// workspace.json as the studio used it before the database: every change rewrote the whole file.
struct JsonFigures {
    double saveS = 0, loadS = 0, megabytes = 0;
};

JsonFigures measureJson(const std::vector<Sample>& samples, const fs::path& dir, int repeat) {
    JsonFigures f;
    std::vector<double> saves, loads;
    const std::string path = (dir / Workspace::kJsonFileName).string();
    for (int r = 0; r < repeat; ++r) {
        auto t0 = Clock::now();
        AtomicWriteOptions opts;
        opts.keepBackup = true;
        const std::string text = writeWorkspaceJson("bench", samples);
        writeFileAtomically(path, text, opts);
        saves.push_back(secondsSince(t0));
        f.megabytes = static_cast<double>(text.size()) / 1e6;
        t0 = Clock::now();
        const WorkspaceDocument doc = readWorkspaceJson(readWholeFile(path), path);
        loads.push_back(secondsSince(t0));
        if (doc.samples.size() != samples.size()) throw SynoodError("round trip lost samples", path, "report a bug");
    }
    f.saveS = median(saves);
    f.loadS = median(loads);
    return f;
}

int benchWorkspace(const std::vector<std::string>& argv) {
    Args args(argv, {"samples", "repeat", "dir"}, {}, "bench workspace");
    const int n = args.intValue("samples", 100000, {1000, 10000000});
    const int repeat = args.intValue("repeat", 3, {1, 1000});
    const fs::path root = args.value("dir", (fs::temp_directory_path() / ("synood-bench-" + std::to_string(::getpid()))).string());
    const fs::path dir = root / "workspace";
    if (Workspace::exists(dir.string())) throw SynoodError("a workspace already exists here", dir.string(), "give an empty --dir");

    const std::vector<Sample> samples = benchSamples(n, 0);
    auto t0 = Clock::now();
    Workspace::create(dir.string(), "bench", samples);
    const double createS = secondsSince(t0);
    std::vector<double> opens;
    for (int r = 0; r < repeat; ++r) {
        t0 = Clock::now();
        const Workspace listed = Workspace::load(dir.string(), Workspace::Provenances::OnDemand);
        opens.push_back(secondsSince(t0));
        if (listed.size() != samples.size()) throw SynoodError("the database lost samples", dir.string(), "report a bug");
    }
    Workspace ws = Workspace::load(dir.string(), Workspace::Provenances::OnDemand);
    std::mt19937 rng(11);
    std::uniform_int_distribution<size_t> anyRow(0, ws.size() - 1);
    std::vector<double> changes;
    for (int i = 0; i < 101; ++i) {
        const size_t row = anyRow(rng);
        const Status to = ws.sample(row).status == Status::Rejected ? Status::Accepted : Status::Rejected;
        t0 = Clock::now();
        ws.setStatuses({row}, {to});
        changes.push_back(millisecondsSince(t0));
    }
    std::vector<size_t> rows(1000);
    for (auto& r : rows) r = anyRow(rng);
    t0 = Clock::now();
    ws.setStatuses(rows, std::vector<Status>(rows.size(), Status::Accepted));
    const double change1000Ms = millisecondsSince(t0);
    const std::vector<Sample> more = benchSamples(10000, n);
    t0 = Clock::now();
    ws.add(more);
    const double add10000S = secondsSince(t0);
    SampleQuery query;
    query.origin = Origin::Synthesized;
    query.status = Status::Pending;
    query.sortByScore = "energy";
    std::vector<double> filters;
    size_t matched = 0;
    for (int r = 0; r < repeat; ++r) {
        t0 = Clock::now();
        matched = ws.rowsMatching(query).size();
        filters.push_back(millisecondsSince(t0));
    }
    const JsonFigures json = measureJson(samples, root, repeat);
    std::error_code ec;
    fs::remove_all(root, ec);

    std::printf("workspace benchmark: %d samples, median of %d runs (one change: of 101)\n", n, repeat);
    std::printf("  workspace.sqlite: create %.3f s, open + list %.3f s, one status change %.3f ms, 1,000 changes %.2f ms,\n", createS,
                median(opens), median(changes), change1000Ms);
    std::printf("                    10,000 new samples %.3f s, filter (synthesized, pending, by energy: %zu) %.1f ms\n", add10000S,
                matched, median(filters));
    std::printf("  workspace.json (%.1f MB, before the database): save, the cost of every change, %.3f s; load %.3f s\n", json.megabytes,
                json.saveS, json.loadS);
    const nlohmann::json line{{"samples", n},
                              {"open_s", median(opens)},
                              {"change_one_ms", median(changes)},
                              {"change_1000_ms", change1000Ms},
                              {"add_10000_s", add10000S},
                              {"filter_ms", median(filters)},
                              {"create_s", createS},
                              {"json_save_s", json.saveS},
                              {"json_load_s", json.loadS}};
    std::printf("%s\n", line.dump().c_str());
    return 0;
}

int benchMain(const std::vector<std::string>& argv) {
    return runAction(argv, "bench",
                     {{"workspace", benchWorkspace},
                      {"encode", benchEncode},
                      {"text", benchText},
                      {"gemm", benchGemm},
                      {"synth", benchSynth},
                      {"validate", benchValidate}});
}

}  // namespace

std::vector<Command> benchCommands() {
    return {{"bench", "benchmarks that print figures (see BENCHMARKS.md)",
             "usage:\n"
             "  synood bench workspace [--samples N] [--repeat R] [--dir DIR]\n"
             "      a workspace of N samples (default 100000, at least 1000): open, one status change, 1,000\n"
             "      changes, 10,000 new samples, a filter; beside saving and loading it as workspace.json.\n"
             "      Medians of R runs (3); the last line is JSON\n"
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
             "      unguided synthesis in the same run\n"
             "  synood bench validate [--ind 3000] [--ood 180] [--negatives 11909] [--dim 64] [--changing 150]\n"
             "                        [--checkpoints 60]\n"
             "      ms per checkpoint of validating stage B's checkpoints (random features at the scenes demo's\n"
             "      sizes): each alone against one validator that keeps what they share, in the same run\n",
             benchMain}};
}

}  // namespace synood::cli
