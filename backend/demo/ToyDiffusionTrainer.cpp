#include "demo/ToyDiffusionTrainer.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Sha256.h"
#include "data/ImageIO.h"
#include "demo/FashionMnist.h"
#include "demo/Scenes.h"
#include "demo/WorldImages.h"
#include "demo/ToyClipTrainer.h"
#include "models/DemoDiffusion.h"
#include "models/ModelPack.h"
#include "models/ModuleWeights.h"
#include "synth/DdimSampler.h"
#include "synth/ImageScorer.h"
#include "synth/Masks.h"
#include "synth/MllmPromptSource.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>
#include <torch/optim/adam.h>
#include <torch/serialize.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <tuple>

namespace fs = std::filesystem;

namespace synood::demo {

namespace {

constexpr int kFashionPadding = 2;           // 28×28 in 32×32
constexpr double kContextAloneShare = 0.25;  // scenes: contexts alone among the training images
constexpr double kContextStrength = 0.6;     // METHOD.md's SDEdit strength

nlohmann::json optionsJson(const ToyDiffusionOptions& o, const std::string& clipSha) {
    nlohmann::json j = {{"steps", o.steps},
                        {"batch_size", o.batchSize},
                        {"loss", "min-snr-5"},
                        {"captions", "names"},
                        {"learning_rate", o.learningRate},
                        {"condition_dropout", o.conditionDropout},
                        {"ema_decay", o.emaDecay},
                        {"width", o.width},
                        {"seed", o.seed},
                        {"toy_clip_sha256", clipSha}};
    if (o.world == ToyWorld::Scenes) j["world"] = "scenes";  // absent for Fashion-MNIST, as its shipped pack was trained
    if (o.prediction == Prediction::VPrediction) j["prediction"] = "v_prediction";  // likewise absent for ε
    if (o.classAloneShare > 0) j["class_alone_share"] = o.classAloneShare;          // and for packs trained without
    return j;
}

// A world's training images for the diffusion model: 8-bit, unpadded, each with its caption group,
// and every group's normalised toy-CLIP caption features.
struct DiffusionData {
    at::Tensor pixels;  // [N, C, s, s] uint8
    at::Tensor groups;  // [N] long
    std::vector<at::Tensor> conditions;
    int channels = 1, padding = 0;
    std::vector<int64_t> classAlone;  // the scenes: each group's class-alone group (-1 for contexts alone)
};

std::vector<at::Tensor> featuresOf(const ModelPack& pack, const std::vector<std::vector<std::string>>& groups) {
    auto clip = loadVisionLanguageModel(pack);
    at::NoGradGuard noGrad;
    std::vector<at::Tensor> features;
    for (const auto& captions : groups) features.push_back(normalizeFeatures(clip->encodeTexts(captions)));
    return features;
}

DiffusionData fashionData(const ModelPack& pack) {
    WorldImages w = loadWorld(ToyWorld::Fashion, Split::Train);
    std::vector<std::vector<std::string>> captions;
    for (int c = 0; c < kNumClasses; ++c) captions.push_back(nameCaptionsFor(c));
    return {w.pixels, w.labels, featuresOf(pack, captions), 1, kFashionPadding};
}

// Groups: class × context (class · kinds + kind), then each context alone (kNumClasses · kinds + kind),
// then each class alone (kNumClasses · kinds + kinds + class).
DiffusionData scenesData(const ModelPack& pack, uint64_t seed, const JobContext& ctx) {
    const WorldImages scenes = loadWorld(ToyWorld::Scenes, Split::Train, ctx);
    const auto emptyCount = static_cast<int64_t>(std::lround(scenes.pixels.size(0) * kContextAloneShare / (1 - kContextAloneShare)));
    const WorldImages empty = renderEmptyScenes(emptyCount, seed, ctx);
    std::vector<std::vector<std::string>> captions;
    for (int c = 0; c < kNumClasses; ++c) {
        for (int k = 0; k < kBackgroundKindCount; ++k) captions.push_back(sceneCaptionsFor(c, k));
    }
    for (int k = 0; k < kBackgroundKindCount; ++k) captions.push_back(contextCaptionsFor(k));
    std::vector<int64_t> classAlone(captions.size(), -1);
    for (int c = 0; c < kNumClasses; ++c) {
        for (int k = 0; k < kBackgroundKindCount; ++k)
            classAlone[static_cast<size_t>(c * kBackgroundKindCount + k)] = static_cast<int64_t>(captions.size());
        captions.push_back(nameCaptionsFor(c));
    }
    const at::Tensor groups =
        at::cat({scenes.labels * kBackgroundKindCount + scenes.backgrounds, empty.backgrounds + kNumClasses * kBackgroundKindCount});
    return {at::cat({scenes.pixels, empty.pixels}), groups, featuresOf(pack, captions), 3, 0, classAlone};
}

// The caption group an image of `group` is conditioned on this time: now and then its class alone.
int64_t captionGroup(const DiffusionData& data, int64_t group, double classAloneShare, std::mt19937_64& rng) {
    if (classAloneShare <= 0 || data.classAlone.empty()) return group;  // no draw: such runs stay as they were
    const int64_t alone = data.classAlone[static_cast<size_t>(group)];
    const bool swap = std::uniform_real_distribution<double>(0, 1)(rng) < classAloneShare;
    return swap && alone >= 0 ? alone : group;
}

void copyInto(torch::nn::Module& target, const torch::nn::Module& source) {
    at::NoGradGuard noGrad;
    auto dst = target.parameters();
    auto src = source.parameters();
    for (size_t i = 0; i < dst.size(); ++i) dst[i].copy_(src[i]);
}

}  // namespace

ToyDiffusionOptions toyDiffusionDefaults(ToyWorld world) {
    ToyDiffusionOptions o;
    o.world = world;
    if (world == ToyWorld::Scenes) {  // 0.41 s a step at width 32 on 2 cores; width 24 costs about half
        o.steps = 22000;
        o.batchSize = 32;
        o.width = 24;
        // ε-prediction's x0 estimate divides by sqrt(ᾱ) (below 0.01 at a DDIM run's first step), and
        // in colour a small per-channel error there turned whole images one saturated hue.
        o.prediction = Prediction::VPrediction;
    }
    return o;
}

ToyDiffusionResult trainToyDiffusion(const std::string& packDir, const ToyDiffusionOptions& o, const JobContext& ctx) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    ModelPack pack = ModelPack::load(packDir);
    const std::string clipSha = sha256OfFile(pack.file("model"));
    const fs::path checkpointDir = fs::path(packDir) / "diffusion-checkpoint";
    fs::create_directories(checkpointDir);
    const std::string stateFile = (checkpointDir / "state.json").string();
    const std::string modelFile = (checkpointDir / "model.pt").string();
    const std::string emaFile = (checkpointDir / "ema.pt").string();
    const std::string optimFile = (checkpointDir / "optimizer.pt").string();

    const DiffusionData data = o.world == ToyWorld::Scenes ? scenesData(pack, o.seed, ctx) : fashionData(pack);
    at::manual_seed(o.seed);
    DemoUnetOptions netOptions;
    netOptions.imageSize = static_cast<int>(data.pixels.size(2)) + 2 * data.padding;
    netOptions.channels = data.channels;
    netOptions.width = o.width;
    netOptions.conditionDim = pack.embedDim;
    DemoUnetNet net(netOptions), ema(netOptions);
    copyInto(*ema, *net);
    for (auto& p : ema->parameters()) p.requires_grad_(false);
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(o.learningRate));
    const nlohmann::json options = optionsJson(o, clipSha);
    int startStep = 0;
    if (fs::exists(stateFile)) {
        const auto state = nlohmann::json::parse(readWholeFile(stateFile));
        if (state.value("options", nlohmann::json()) == options) {  // same run: resume it
            torch::load(net, modelFile);
            torch::load(ema, emaFile);
            torch::load(optimizer, optimFile);
            startStep = state.at("steps_done").get<int>();
        }
    }
    const int64_t n = data.pixels.size(0);
    const int size = netOptions.imageSize;
    const NoiseSchedule schedule = NoiseSchedule::linear().withPrediction(o.prediction);
    const at::Tensor alphaBar = schedule.alphaBarTensor();
    const int64_t B = o.batchSize;
    const int warmup = std::min(200, o.steps / 10);
    double lossAverage = 0;
    net->train();
    for (int step = startStep; step < o.steps; ++step) {
        ctx.checkCancelled();
        // Everything random in a step derives from (seed, step): a resumed run is the same run.
        std::mt19937_64 rng(o.seed * 1000003ULL + static_cast<uint64_t>(step));
        at::manual_seed(o.seed * 1000003ULL + static_cast<uint64_t>(step));
        const double lr = step < warmup ? o.learningRate * (step + 1) / warmup
                                        : o.learningRate * 0.5 * (1 + std::cos(M_PI * (step - warmup) / std::max(1, o.steps - warmup)));
        for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
        const at::Tensor idx = at::randint(n, {B}, at::kLong);
        at::Tensor x0 = padToDemoDiffusion(data.pixels.index_select(0, idx).to(at::kFloat).div_(255.0f), data.padding);
        const at::Tensor flip = at::rand({B}) < 0.5;
        x0 = at::where(flip.view({-1, 1, 1, 1}), x0.flip({3}), x0);
        std::vector<at::Tensor> masks, conds;
        const at::Tensor groups = data.groups.index_select(0, idx);
        const auto* group = groups.data_ptr<int64_t>();
        for (int64_t i = 0; i < B; ++i) {
            masks.push_back(randomTrainingMask(size, rng));
            const at::Tensor& pool = data.conditions[static_cast<size_t>(captionGroup(data, group[i], o.classAloneShare, rng))];
            const bool drop = std::uniform_real_distribution<double>(0, 1)(rng) < o.conditionDropout;
            conds.push_back(drop ? at::zeros({pack.embedDim}) : pool[static_cast<int64_t>(rng() % static_cast<uint64_t>(pool.size(0)))]);
        }
        const at::Tensor mask = at::cat(masks);
        const at::Tensor cond = at::stack(conds);
        const at::Tensor t = at::randint(schedule.trainSteps(), {B}, at::kLong);
        const at::Tensor noise = at::randn_like(x0);
        const at::Tensor a = alphaBar.index_select(0, t).view({-1, 1, 1, 1});
        const at::Tensor xt = a.sqrt() * x0 + (1 - a).sqrt() * noise;
        const at::Tensor input = at::cat({xt, mask, x0 * (1 - mask)}, 1);
        // Min-SNR-5: low-noise steps count less, which speeds up learning the coarse, class-defining structure.
        const at::Tensor weight = schedule.minSnrWeight(a.view({-1}), 5.0);
        const at::Tensor target = schedule.trainingTarget(x0, noise, a);
        const at::Tensor perSample = (net->forward(input, t, cond) - target).pow(2).mean({1, 2, 3});
        const at::Tensor loss = (weight * perSample).mean();
        optimizer.zero_grad();
        loss.backward();
        optimizer.step();
        {
            at::NoGradGuard noGrad;
            auto ep = ema->parameters();
            auto np = net->parameters();
            const double d = std::min(o.emaDecay, (1.0 + step) / (10.0 + step));
            for (size_t i = 0; i < ep.size(); ++i) ep[i].mul_(d).add_(np[i].detach(), 1.0 - d);
        }
        const double l = loss.item<double>();
        lossAverage = step == startStep ? l : 0.98 * lossAverage + 0.02 * l;
        if (step % 10 == 0 || step + 1 == o.steps) {
            char msg[64];
            std::snprintf(msg, sizeof msg, "loss %.4f", lossAverage);
            ctx.report("train toy diffusion", step + 1, o.steps, msg);
        }
        if ((step + 1) % o.checkpointEvery == 0 || step + 1 == o.steps) {
            torch::save(net, modelFile);
            torch::save(ema, emaFile);
            torch::save(optimizer, optimFile);
            writeFileAtomically(stateFile, nlohmann::json{{"options", options}, {"steps_done", step + 1}}.dump());
        }
    }
    const std::string weights = (fs::path(packDir) / "toy_unet.pt").string();
    saveModuleHalf(*ema, weights);
    nlohmann::json packJson = pack.json;
    packJson["diffusion"] = demoDiffusionJson(netOptions, data.padding, schedule);
    packJson["diffusion"]["training"] = options;
    // Guidance step for this pixel space, chosen on InD training seeds (not on any test set): lr 1
    // brought the median |score − target| from 0.80 (unguided) to 0.11; lr 10 overshoots (0.61).
    packJson["synthesis_defaults"] = {{"lr", 1.0}};
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : packJson.at("files")) {
        if (f.value("role", "") != "diffusion") files.push_back(f);
    }
    files.push_back({{"role", "diffusion"}, {"path", "toy_unet.pt"}, {"sha256", sha256OfFile(weights)}});
    packJson["files"] = files;
    writeFileAtomically((fs::path(packDir) / "pack.json").string(), packJson.dump(2) + "\n");
    fs::remove_all(checkpointDir);
    ToyDiffusionResult result;
    result.stepsRun = o.steps - startStep;
    result.finalLoss = lossAverage;
    result.trainSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return result;
}

namespace {

double meanOf(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size()); }

// What a generation measure paints: for each class, its images' seeds (model space; zeros at pure
// noise), masks and prompts, one each, and the scenes' contexts alone (guidance's negative prompts
// when asked for).
struct GenerationTask {
    at::Tensor seeds, masks;
    std::vector<std::string> prompts, contexts;
};

// Each class's task generated at strength 1 and the share classified as that class by `classifier`
// (normalised text features, a row per class); the first ten of each class are appended to `rows`.
std::vector<double> generatedAndClassified(InpaintingDiffusion& diffusion, ImageScorer& scorer, const std::vector<GenerationTask>& tasks,
                                           const at::Tensor& classifier, const SamplingOptions& sampling, bool againstContext,
                                           uint64_t seed, std::vector<at::Tensor>& rows, const JobContext& ctx) {
    std::vector<double> right;
    for (size_t p = 0; p < tasks.size(); ++p) {
        const GenerationTask& task = tasks[p];
        at::Generator gen = at::detail::createCPUGenerator(seed * 100 + p);
        const at::Tensor noise = at::randn(task.seeds.sizes(), gen, at::TensorOptions(at::kFloat));
        InpaintInput in = makeInpaintInput(diffusion, task.seeds, task.masks, noise, diffusion.encodePrompts(task.prompts));
        if (againstContext) in.unconditional = diffusion.encodePrompts(task.contexts);
        const at::Tensor images = ddimInpaint(diffusion, in, sampling, {}, ctx);
        const at::Tensor predicted = at::matmul(scorer.features(images), classifier.t()).argmax(1);
        right.push_back(predicted.eq(static_cast<int64_t>(p)).to(at::kDouble).mean().item<double>());
        const at::Tensor pixels = diffusion.pixelsFromImages(images.narrow(0, 0, std::min<int64_t>(10, images.size(0))));  // [n, C, h, w]
        rows.push_back(at::cat(pixels.unbind(0), 2));                                                                      // [C, h, w·n]
        ctx.report("generate and classify", static_cast<int64_t>(p + 1), static_cast<int64_t>(tasks.size()));
    }
    return right;
}

// `perClass` images of every class from pure noise (the whole image masked), prompted in the language
// of the world's captions: "a photo of a {name}.", or with `inContext` (the scenes) "a photo of a
// {name} on {context}." over the contexts in turn.
std::vector<GenerationTask> fromNoise(InpaintingDiffusion& diffusion, bool inContext, int perClass) {
    const int s = diffusion.imageSize();
    std::vector<GenerationTask> out;
    for (const auto& name : promptNames()) {
        GenerationTask task{at::zeros({perClass, diffusion.imageChannels(), s, s}), wholeMask(s).expand({perClass, 1, s, s}), {}};
        for (int i = 0; i < perClass; ++i) {
            if (!inContext) {
                task.prompts.push_back(classPrompt(name));
                continue;
            }
            const std::string context = backgroundContext(i % kBackgroundKindCount);
            task.prompts.push_back(scenePrompt(name, context));
            task.contexts.push_back(contextAlonePrompt(context));
        }
        out.push_back(task);
    }
    return out;
}

// The scenes: `perClass` empty backgrounds of every class with a central box masked, the box the
// size of a middling garment, prompted "a photo of a {name} on {their context}.".
std::vector<GenerationTask> intoBackgrounds(InpaintingDiffusion& diffusion, int perClass, uint64_t seed) {
    const int s = diffusion.imageSize(), side = 28;
    const at::Tensor box = boxMask(s, (s - side) / 2, (s - side) / 2, side, side).expand({perClass, 1, s, s});
    std::vector<GenerationTask> out;
    for (size_t c = 0; c < promptNames().size(); ++c) {
        const WorldImages empty = renderEmptyScenes(perClass, seed * 100 + c);
        GenerationTask task{diffusion.imagesFromPixels(empty.pixels.to(at::kFloat).div_(255.0f)), box, {}};
        for (int i = 0; i < perClass; ++i) {
            const std::string context = backgroundContext(static_cast<int>(empty.backgrounds[i].item<int64_t>()));
            task.prompts.push_back(scenePrompt(promptNames()[c], context));
            task.contexts.push_back(contextAlonePrompt(context));
        }
        out.push_back(task);
    }
    return out;
}

// The share of images whose toy-CLIP feature is closer to their context alone ("a photo of a lawn.")
// than to their object on it ("a photo of a dress on a lawn."): the object is gone.
double objectGone(ImageScorer& scorer, VisionLanguageModel& clip, const at::Tensor& images, const std::vector<std::string>& alone,
                  const std::vector<std::string>& withObject) {
    const at::Tensor f = scorer.features(images);
    const at::Tensor a = (f * normalizeFeatures(clip.encodeTexts(alone))).sum(1);
    const at::Tensor o = (f * normalizeFeatures(clip.encodeTexts(withObject))).sum(1);
    return a.gt(o).to(at::kDouble).mean().item<double>();
}

// The scenes' synthesis as SynOOD runs it: `count` InD test scenes repainted (whole image masked,
// strength 0.6) from "A photo only remain {their context}."; how many show their context without
// their garment, before and after; ten seeds and their repaintings appended to `rows`.
std::pair<double, double> contextRepainted(InpaintingDiffusion& diffusion, ImageScorer& scorer, VisionLanguageModel& clip, int count,
                                           SamplingOptions sampling, uint64_t seed, std::vector<at::Tensor>& rows, const JobContext& ctx) {
    const auto scenes = scenesDataset(SceneSet::Ind);
    std::vector<at::Tensor> images;
    std::vector<std::string> prompts, alone, withObject;
    for (int i = 0; i < count; ++i) {
        images.push_back(imageToTensor(scenes->load(static_cast<size_t>(i)), ChannelMode::RGB));
        const SceneInfo info = scenes->info(static_cast<size_t>(i));
        const std::string context = backgroundContext(info.background);
        prompts.push_back(contextualPrompt(context));
        alone.push_back(contextAlonePrompt(context));
        withObject.push_back(scenePrompt(promptNames()[static_cast<size_t>(info.label)], context));
    }
    const at::Tensor seeds = diffusion.imagesFromPixels(at::stack(images));
    at::Generator gen = at::detail::createCPUGenerator(seed);
    const at::Tensor noise = at::randn(seeds.sizes(), gen, at::TensorOptions(at::kFloat));
    const int s = diffusion.imageSize();
    sampling.strength = kContextStrength;
    const InpaintInput in =
        makeInpaintInput(diffusion, seeds, wholeMask(s).expand({count, 1, s, s}), noise, diffusion.encodePrompts(prompts));
    const at::Tensor repainted = ddimInpaint(diffusion, in, sampling, {}, ctx);
    const int64_t shown = std::min(10, count);
    rows.push_back(at::cat(diffusion.pixelsFromImages(seeds.narrow(0, 0, shown)).unbind(0), 2));
    rows.push_back(at::cat(diffusion.pixelsFromImages(repainted.narrow(0, 0, shown)).unbind(0), 2));
    return {objectGone(scorer, clip, seeds, alone, withObject), objectGone(scorer, clip, repainted, alone, withObject)};
}

// Rows of images [C, h, w] stacked into one grid, the narrower ones padded black on the right.
at::Tensor gridOf(const std::vector<at::Tensor>& rows) {
    int64_t width = 0;
    for (const auto& r : rows) width = std::max(width, r.size(2));
    std::vector<at::Tensor> padded;
    for (const auto& r : rows) padded.push_back(at::constant_pad_nd(r, {0, width - r.size(2)}));
    return at::cat(padded, 1);
}

}  // namespace

GenerationAccuracy generationAccuracy(const std::string& packDir, const GenerationOptions& o, const JobContext& ctx) {
    const auto t0 = std::chrono::steady_clock::now();
    const ModelPack pack = ModelPack::load(packDir);
    auto diffusion = loadInpaintingDiffusion(pack);
    auto clip = loadVisionLanguageModel(pack);
    at::NoGradGuard noGrad;
    ImageScorer scorer(*clip, *diffusion, {}, {}, ScoreKind::Energy, {});
    std::vector<std::string> classes;
    for (const auto& name : promptNames()) classes.push_back(classPrompt(name));
    const bool scenes = pack.json.value("world", std::string()) == "scenes";
    if (o.againstContext && !scenes) {
        throw SynoodError("guidance against the context needs a scenes pack", packDir, "leave out --against-context on this world");
    }
    GenerationAccuracy result;
    result.options = o;
    SamplingOptions sampling;
    sampling.steps = o.steps;
    sampling.cfgScale = o.cfgScale;
    std::vector<at::Tensor> rows;
    const at::Tensor classifier = normalizeFeatures(clip->encodeTexts(classes));
    const std::vector<double> perClassRight = generatedAndClassified(*diffusion, scorer, fromNoise(*diffusion, scenes, o.perClass),
                                                                     classifier, sampling, o.againstContext, o.seed, rows, ctx);
    std::copy(perClassRight.begin(), perClassRight.end(), result.perClass.begin());
    result.accuracy = meanOf(perClassRight);
    if (scenes) {
        const std::vector<double> painted = generatedAndClassified(*diffusion, scorer, intoBackgrounds(*diffusion, o.perClass, o.seed),
                                                                   classifier, sampling, o.againstContext, o.seed + 2, rows, ctx);
        result.intoBackgrounds = meanOf(painted);
        std::copy(painted.begin(), painted.end(), result.perClassIntoBackgrounds.begin());
        // No context to guide against here: the empty prompt, whatever `againstContext` says.
        result.classAlone = meanOf(generatedAndClassified(*diffusion, scorer, fromNoise(*diffusion, false, o.perClass), classifier,
                                                          sampling, false, o.seed + 3, rows, ctx));
        std::tie(result.contextBefore, result.context) =
            contextRepainted(*diffusion, scorer, *clip, o.perClass * kBackgroundKindCount, sampling, o.seed + 1, rows, ctx);
    }
    if (!o.gridPng.empty()) writeImage(o.gridPng, tensorToImage(gridOf(rows)));
    result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
}

}  // namespace synood::demo
