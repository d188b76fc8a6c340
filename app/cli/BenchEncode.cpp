// synood bench encode | text | gemm: image and text encoding throughput in either precision, the
// machine's matrix-product rate in the same run, and where the encoder's time goes.
#include "cli/Args.h"
#include "cli/BenchTiming.h"
#include "cli/Command.h"

#include "cli/ModelOptions.h"
#include "cli/OpProfile.h"
#include "core/Error.h"
#include "core/TensorAllocator.h"
#include "data/ImageDataset.h"
#include "features/FeatureCache.h"
#include "models/ClipPreprocess.h"
#include "models/ClipTokenizer.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/core/InferenceMode.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <set>

namespace synood::cli {
namespace {

using Clock = BenchClock;

// Matrix product throughput of this machine with the current thread count.
double measureGemmGflops(at::ScalarType dtype, int n = 2048, int repeat = 5) {
    c10::InferenceMode inference;
    const at::Tensor a = at::randn({n, n}).to(dtype), b = at::randn({n, n}).to(dtype);
    at::mm(a, b);  // warm-up
    std::vector<double> rates;
    for (int r = 0; r < repeat; ++r) {
        const auto t0 = Clock::now();
        at::mm(a, b);
        rates.push_back(2.0 * n * n * static_cast<double>(n) / secondsSince(t0) / 1e9);
    }
    return median(rates);
}

struct FirstBatch {
    at::Tensor pixels;
    double decodeMs = 0, preprocessMs = 0;  // per image, one thread
};

FirstBatch preprocessFirstBatch(const VisionLanguageModel& model, const ImageDataset& data, int batchSize) {
    FirstBatch out;
    std::vector<at::Tensor> pixels;
    const size_t n = std::min<size_t>(data.size(), static_cast<size_t>(batchSize));
    for (size_t i = 0; i < n; ++i) {
        auto t0 = Clock::now();
        const cv::Mat image = data.load(i);
        out.decodeMs += 1000 * secondsSince(t0);
        t0 = Clock::now();
        pixels.push_back(preprocessImage(model, image));
        out.preprocessMs += 1000 * secondsSince(t0);
    }
    out.decodeMs /= static_cast<double>(n);
    out.preprocessMs /= static_cast<double>(n);
    out.pixels = at::stack(pixels);
    return out;
}

void printWhereTimeGoes(VisionLanguageModel& model, const FirstBatch& batch) {
    c10::InferenceMode inference;
    OpProfile profile;
    const auto t0 = Clock::now();
    model.encodeImages(batch.pixels);
    const double perImage = 1000 * secondsSince(t0) / static_cast<double>(batch.pixels.size(0));
    std::printf("where the time goes, ms per image: decode %.1f, resize + crop + normalise %.1f (one thread each);\n", batch.decodeMs,
                batch.preprocessMs);
    std::printf("  encoder %.1f (one profiled batch of %lld):", perImage, static_cast<long long>(batch.pixels.size(0)));
    for (const auto& [group, seconds] : profile.byGroup()) {
        std::printf(" %s %.1f", group.c_str(), 1000 * seconds / static_cast<double>(batch.pixels.size(0)));
    }
    std::printf("\n");
}

// Token rows shaped like mining's prompts ("a photo of a <word>."): from the pack's tokenizer, or
// random CLIP ids when the pack has none (a random-weight archive made for benchmarks).
at::Tensor candidateRows(const VisionLanguageModel& model, int n) {
    const bool hasTokenizer = model.pack().hasFile("bpe") || model.pack().tokenizer == "demo-words";
    if (!hasTokenizer && model.pack().tokenizer != "clip-bpe") {
        throw SynoodError("the pack has no tokenizer", model.pack().dir, "give a pack with a tokenizer");
    }
    const int length = hasTokenizer ? model.tokenizer().contextLength() : ClipTokenizer::kContextLength;
    at::Tensor ids = at::zeros({n, length}, at::kLong);
    std::mt19937 rng(11);
    std::uniform_int_distribution<int64_t> word(1000, 40000);
    for (int i = 0; i < n; ++i) {
        std::vector<int64_t> row;
        if (hasTokenizer) {
            row = model.tokenizer().tokenizeRow("a photo of a candidate" + std::to_string(i) + ".");
        } else {
            row = {ClipTokenizer::kStartToken, word(rng), word(rng), word(rng), word(rng), word(rng), ClipTokenizer::kEndToken};
        }
        for (size_t k = 0; k < row.size() && k < static_cast<size_t>(length); ++k) ids[i][static_cast<int64_t>(k)] = row[k];
    }
    return ids;
}

}  // namespace

int benchGemm(const std::vector<std::string>& argv) {
    Args args(argv, {"size"}, {}, "bench gemm");
    const int n = args.intValue("size", 2048, {1, 16384});
    std::printf("GEMM %dx%d, %d threads (median of 5): float32 %.1f GFLOP/s, bfloat16 %.1f GFLOP/s\n", n, n, at::get_num_threads(),
                measureGemmGflops(at::kFloat, n), measureGemmGflops(at::kBFloat16, n));
    return 0;
}

int benchEncode(const std::vector<std::string>& argv) {
    std::set<std::string> options{"images", "batch", "decode-threads", "gflop-per-image", "tensor-cache-mb"};
    for (const auto& m : modelOptionNames()) options.insert(m);
    Args args(argv, options, {}, "bench encode");
    if (!args.has("images")) throw SynoodError("--images SPEC is required", "synood bench encode", "see --help");
    const int cacheMb = args.intValue("tensor-cache-mb", static_cast<int>(kDefaultTensorCacheBytes >> 20), {0, 1 << 20});
    installTensorAllocator(static_cast<size_t>(cacheMb) << 20);
    auto model = loadModel(args);
    auto data = openImageDataset(args.value("images"));
    if (data->size() == 0) throw SynoodError("no images", args.value("images"), "give a folder or dataset with images");
    EncodeOptions opts;
    opts.batchSize = args.intValue("batch", 32, kBatchRange);
    opts.decodeThreads = args.intValue("decode-threads", 2, kThreadRange);
    const std::string precision = precisionName(model->precision());
    {  // warm-up: one image through the whole path
        c10::InferenceMode inference;
        model->encodeImages(preprocessImage(*model, data->load(0)).unsqueeze(0));
    }
    const auto t0 = Clock::now();
    const at::Tensor f = encodeDataset(*model, *data, "", opts);
    const double seconds = secondsSince(t0);
    const double rate = static_cast<double>(f.size(0)) / seconds;
    std::printf(
        "synood %s (LibTorch), %s, tensor cache %d MB: %lld images in %.2f s = %.2f images/s (threads %d, decode threads %d, "
        "batch %d)\n",
        SYNOOD_VERSION, precision.c_str(), cacheMb, static_cast<long long>(f.size(0)), seconds, rate, at::get_num_threads(),
        opts.decodeThreads, opts.batchSize);
    const FirstBatch batch = preprocessFirstBatch(*model, *data, opts.batchSize);
    double encoderRate = 0;
    {
        c10::InferenceMode inference;
        const auto t1 = Clock::now();
        for (int r = 0; r < 2; ++r) model->encodeImages(batch.pixels);
        encoderRate = 2.0 * static_cast<double>(batch.pixels.size(0)) / secondsSince(t1);
        std::printf("  encoder alone (preprocessed batch of %lld, twice): %.2f images/s\n", static_cast<long long>(batch.pixels.size(0)),
                    encoderRate);
    }
    printWhereTimeGoes(*model, batch);
    const double gemm32 = measureGemmGflops(at::kFloat), gemm16 = measureGemmGflops(at::kBFloat16);
    std::printf("GEMM 2048x2048 on this machine: float32 %.1f GFLOP/s, bfloat16 %.1f GFLOP/s\n", gemm32, gemm16);
    if (args.has("gflop-per-image")) {
        const double perImage = args.doubleValue("gflop-per-image", 0, {0, 1e6});
        const double gemm = model->precision() == Precision::BFloat16 ? gemm16 : gemm32;
        std::printf("encoder compute (%s): %.1f GFLOP/s end to end, %.1f GFLOP/s encoder alone = %.0f%% of the %s GEMM rate\n",
                    precision.c_str(), rate * perImage, encoderRate * perImage, 100.0 * encoderRate * perImage / gemm,
                    model->precision() == Precision::BFloat16 ? "bfloat16" : "float32");
    }
    return 0;
}

int benchText(const std::vector<std::string>& argv) {
    std::set<std::string> options{"texts", "batch"};
    for (const auto& m : modelOptionNames()) options.insert(m);
    Args args(argv, options, {}, "bench text");
    const ops::ModelSource source = modelSourceOf(args);
    auto model = loadVisionLanguageModel(source.pack(), source.device, Precision::Float32);
    const int n = args.intValue("texts", 256, {1, 1000000}), batch = args.intValue("batch", 64, kBatchRange);
    const at::Tensor ids = candidateRows(*model, n);
    std::vector<Precision> precisions{Precision::Float32};
    if (source.device == "cpu") precisions.push_back(Precision::BFloat16);
    at::Tensor reference;
    for (Precision p : precisions) {
        model->setPrecision(p);
        c10::InferenceMode inference;
        model->encodeTokens(ids.narrow(0, 0, 1));  // warm-up
        std::vector<at::Tensor> parts;
        const auto t0 = Clock::now();
        for (int s = 0; s < n; s += batch) parts.push_back(model->encodeTokens(ids.narrow(0, s, std::min(batch, n - s))));
        const double seconds = secondsSince(t0);
        const at::Tensor features = at::cat(parts);
        if (!reference.defined()) reference = features;
        std::printf("text encoder, %s: %d candidates in %.2f s = %.1f candidates/s (batch %d, threads %d); min cosine to fp32 %.6f\n",
                    precisionName(p).c_str(), n, seconds, n / seconds, batch, at::get_num_threads(),
                    at::cosine_similarity(features, reference, 1).min().item<double>());
    }
    return 0;
}

}  // namespace synood::cli
