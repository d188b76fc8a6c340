#include "synth/SynthesisRun.h"

#include "core/Error.h"
#include "core/Sha256.h"
#include "data/ImageDataset.h"
#include "data/ImageIO.h"
#include "data/Workspace.h"
#include "data/WordNet.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "synth/Masks.h"
#include "synth/PromptSources.h"
#include "train/FeatureCache.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <map>

namespace fs = std::filesystem;

namespace synood {

namespace {

uint64_t hash64(const std::string& text) {
    const std::string hex = sha256OfBytes(text);
    return std::stoull(hex.substr(0, 15), nullptr, 16);
}

// Encoded bytes per pixel: METHOD.md's "informative" ranking of seeds (JPEG/PNG complexity).
double bytesPerPixel(const std::string& path) {
    const cv::Mat image = readImage(path);
    return static_cast<double>(fs::file_size(path)) / std::max(1, image.cols * image.rows);
}

nlohmann::json parametersJson(const SynthRunOptions& o, double target) {
    const auto& s = o.synthesis;
    return {{"steps", s.sampling.steps},      {"strength", s.sampling.strength}, {"cfg", s.sampling.guidance},
            {"eta", s.sampling.eta},          {"iterations", s.guidance.iterations}, {"lr", s.guidance.learningRate},
            {"target", target},               {"loss", toString(s.guidance.loss)}, {"score", toString(o.score)},
            {"prompt_source", o.promptSource}, {"prompt_text", o.promptText},      {"mask", o.mask}};
}

NegativeLabelSet negativeLabelsFor(VisionLanguageModel& model, const std::vector<std::string>& classes,
                                   const SynthRunOptions& o, const JobContext& ctx) {
    const std::string used = (fs::path(o.workspaceDir) / "neglabels.json").string();
    NegativeLabelSet set;
    bool have = false, changed = false;
    if (!o.negLabelsFile.empty()) {
        set = NegativeLabelSet::load(o.negLabelsFile, model.pack());
        have = true;
        changed = fs::absolute(o.negLabelsFile).lexically_normal() != fs::absolute(used).lexically_normal();
    } else if (fs::exists(used)) {
        try {
            set = NegativeLabelSet::load(used, model.pack());
            have = set.indClasses == classes;
        } catch (const SynoodError&) {  // mined with another pack: mine again
        }
    }
    // A set filtered with other exclusions cannot be unfiltered: mine again (a given file is an error).
    if (have && !set.excludedWords.empty() && set.excludedWords != o.excludedWords) {
        if (!o.negLabelsFile.empty()) {
            throw SynoodError("these negative labels were filtered for other excluded words", o.negLabelsFile,
                              "give the unfiltered file, or the same exclusions");
        }
        have = false;
    }
    if (!have) {
        ctx.report("mine negative labels", 0, 1);
        set = mineNegativeLabels(model, classes, readNegativeLabelCandidates(), {}, ctx);
        changed = true;
    }
    if (!o.excludedWords.empty() && set.excludedWords != o.excludedWords) {
        set = strictNegativeLabels(set, o.excludedWords);
        changed = true;
    }
    if (changed) set.save(used);
    return set;
}

struct WorkItem {
    size_t seedRow;
    int rank;  // the seed's rank in its class (0: the most informative); -1 for chosen seeds
    int repeat;
    std::string id;
    uint64_t noiseSeed;
};

}  // namespace

SynthRunResult runSynthesis(const SynthRunOptions& o, const JobContext& ctx) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    if (o.shardCount < 1 || o.shardIndex < 0 || o.shardIndex >= o.shardCount) {
        throw SynoodError("the shard must be i/N with 0 <= i < N", "--shard", "e.g. --shard 0/4");
    }
    if (o.perClass < 1 || o.perSeed < 1 || o.batchSize < 1) {
        throw SynoodError("--per-class, --per-seed and --batch must be positive", "synood synth", "e.g. --per-class 8");
    }
    if (o.firstRank < 0) throw SynoodError("--first-rank must be 0 or more", "synood synth", "e.g. --first-rank 50");
    const ModelPack pack = ModelPack::load(o.packDir);
    const ModelPack diffusionPack = o.diffusionPackDir.empty() ? pack : ModelPack::load(o.diffusionPackDir);
    auto model = loadVisionLanguageModel(pack, o.device);
    auto diffusion = loadInpaintingDiffusion(diffusionPack, o.device);
    Workspace seeds = Workspace::load(o.workspaceDir);

    // InD classes (first appearance order) and their seed rows.
    std::vector<std::string> classes;
    std::map<std::string, std::vector<size_t>> rowsByClass;
    for (size_t r = 0; r < seeds.size(); ++r) {
        const Sample& s = seeds.sample(r);
        if (s.origin != Origin::InD || s.className.empty()) continue;
        if (!rowsByClass.count(s.className)) classes.push_back(s.className);
        rowsByClass[s.className].push_back(r);
    }
    if (classes.empty()) {
        throw SynoodError("the workspace has no labelled InD samples to use as seeds", seeds.filePath(),
                          "add InD images with their class (e.g. synood workspace demo)");
    }
    const auto source = makePromptSource(o.promptSource, classes, o.excludedWords, o.promptText, &o.mllm);
    std::optional<MaskKind> maskKind;
    at::Tensor maskImage;
    if (fs::exists(o.mask)) {
        maskImage = maskFromImageFile(o.mask);
    } else {
        maskKind = parseMaskKind(o.mask);
    }

    at::NoGradGuard noGrad;
    const NegativeLabelSet negatives = negativeLabelsFor(*model, classes, o, ctx);
    const at::Tensor indText = encodeClassPrompts(*model, classes, negatives.options.indTemplate);
    ScoreOptions scoreOptions;
    scoreOptions.logitScale = model->logitScale();
    ImageScorer scorer(*model, *diffusion, indText, negatives.features, o.score, scoreOptions);

    // The InD score distribution of all seeds: the band and the automatic target.
    std::vector<std::string> indPaths;
    for (const auto& c : classes) {
        for (size_t r : rowsByClass[c]) indPaths.push_back(seeds.absoluteImagePath(seeds.sample(r)));
    }
    const auto indData = imageFilesDataset(indPaths);
    fs::create_directories(fs::path(o.workspaceDir) / "cache");
    const at::Tensor indFeatures = normalizeFeatures(
        encodeDataset(*model, *indData, (fs::path(o.workspaceDir) / "cache" / "ind-seeds.features").string(), {}, ctx));
    const std::vector<double> indScores = toDoubles(scorer.scoreOfFeatures(indFeatures));
    SynthRunResult result;
    result.band = bandFromQuantiles(indScores, o.bandLow, o.bandHigh);
    SynthesisOptions synthesis = o.synthesis;
    if (o.autoTarget) synthesis.guidance.target = quantileOf(indScores, o.targetQuantile);
    result.target = synthesis.guidance.target;

    // Seeds: the most informative per class; work items with ids from (seed, repeat, run, parameters).
    const nlohmann::json parameters = parametersJson(o, result.target);
    const std::string packFingerprint =
        o.diffusionPackDir.empty() ? pack.fingerprint() : sha256OfBytes(pack.fingerprint() + diffusionPack.fingerprint());
    const std::string runKey = std::to_string(o.seed) + "|" + parameters.dump() + "|" + packFingerprint;
    std::vector<WorkItem> items;
    const auto addItems = [&](size_t row, int rank) {
        for (int rep = 0; rep < o.perSeed; ++rep) {
            const std::string key = seeds.sample(row).id + "|" + std::to_string(rep) + "|" + runKey;
            const uint64_t h = hash64(key);
            char id[32];
            std::snprintf(id, sizeof id, "syn-%015llx", static_cast<unsigned long long>(h));
            items.push_back({row, rank, rep, id, h});
        }
    };
    for (const std::string& seedId : o.seedIds) {
        const long long row = seeds.indexOf(seedId);
        if (row < 0) throw SynoodError("no sample '" + seedId + "' to use as a seed", seeds.filePath(), "pick seeds from the workspace");
        addItems(static_cast<size_t>(row), -1);
    }
    for (const auto& c : o.seedIds.empty() ? classes : std::vector<std::string>()) {
        std::vector<std::pair<double, size_t>> ranked;
        for (size_t r : rowsByClass[c]) ranked.push_back({-bytesPerPixel(seeds.absoluteImagePath(seeds.sample(r))), r});
        std::stable_sort(ranked.begin(), ranked.end());
        const size_t end = std::min(ranked.size(), static_cast<size_t>(o.firstRank) + static_cast<size_t>(o.perClass));
        for (size_t k = static_cast<size_t>(o.firstRank); k < end; ++k) addItems(ranked[k].second, static_cast<int>(k));
    }
    // This shard's items.
    std::vector<WorkItem> mine;
    for (size_t i = 0; i < items.size(); ++i) {
        if (static_cast<int>(i % static_cast<size_t>(o.shardCount)) == o.shardIndex) mine.push_back(items[i]);
    }
    result.planned = static_cast<int>(mine.size());

    // The workspace that receives the samples: W itself, or the shard's own one.
    const bool separate = o.shardCount > 1 || !o.outputShard.empty();
    std::string outDir = o.workspaceDir;
    if (separate) {
        const std::string name = !o.outputShard.empty() ? o.outputShard
                                                        : "shard-" + std::to_string(o.shardIndex) + "-of-" + std::to_string(o.shardCount);
        outDir = (fs::path(o.workspaceDir) / "shards" / name).string();
    }
    Workspace out = separate ? (Workspace::exists(outDir) ? Workspace::load(outDir) : Workspace::create(outDir, seeds.name + " shard"))
                             : std::move(seeds);
    const Workspace& seedView = separate ? seeds : out;
    result.workspaceDir = outDir;
    fs::create_directories(fs::path(outDir) / "synth");
    std::vector<WorkItem> todo;
    for (const auto& item : mine) {
        if (out.indexOf(item.id) >= 0) {
            ++result.skipped;
        } else {
            todo.push_back(item);
        }
    }
    if (o.limit > 0 && static_cast<int>(todo.size()) > o.limit) todo.resize(static_cast<size_t>(o.limit));

    const int size = diffusion->imageSize();
    const ChannelMode channels = diffusion->imageChannels() == 1 ? ChannelMode::Gray : ChannelMode::RGB;
    for (size_t start = 0; start < todo.size(); start += static_cast<size_t>(o.batchSize)) {
        ctx.checkCancelled();
        const auto batchStart = Clock::now();
        const size_t n = std::min(todo.size() - start, static_cast<size_t>(o.batchSize));
        std::vector<at::Tensor> images, masks, noises;
        std::vector<PromptChoice> prompts;
        std::vector<std::string> maskNames, promptTexts;
        for (size_t i = 0; i < n; ++i) {
            const WorkItem& item = todo[start + i];
            const Sample& seed = seedView.sample(item.seedRow);
            std::mt19937_64 rng(item.noiseSeed);
            PromptChoice prompt = source->promptFor({seed.className, seedView.absoluteImagePath(seed)}, rng);
            const cv::Mat seedPixels = readImage(seedView.absoluteImagePath(seed));
            at::Tensor image = diffusion->imagesFromPixels(imageToTensor(seedPixels, channels).unsqueeze(0));
            at::Tensor mask;
            std::string maskName;
            if (prompt.mask) {
                mask = randomMaskOfKind(parseMaskKind(*prompt.mask), size, rng);
                maskName = *prompt.mask;
            } else if (maskKind) {
                mask = randomMaskOfKind(*maskKind, size, rng);
                maskName = o.mask;
            } else {
                mask = fitMaskToModel(maskImage, seedPixels.rows, seedPixels.cols, size,
                                      [&](const at::Tensor& m) { return diffusion->imagesFromPixels(m).mean(1, true); });
                maskName = "file:" + fs::path(o.mask).filename().string();
            }
            at::Generator gen = at::detail::createCPUGenerator(item.noiseSeed);
            const at::Tensor latents = diffusion->encodeImages(image);
            noises.push_back(at::randn(latents.sizes(), gen, latents.options()));
            images.push_back(image);
            masks.push_back(mask);
            maskNames.push_back(maskName);
            promptTexts.push_back(prompt.prompt);
            prompts.push_back(std::move(prompt));
        }
        SynthesisInput input{at::cat(images), at::cat(masks), diffusion->encodePrompts(promptTexts), at::cat(noises)};
        SynthesisCallback onStep;
        if (o.onLive) {
            onStep = [&](const SynthesisProgress& p) {
                SynthesisLive live{todo[start].id, p.iteration, p.iterations, p.step.index, p.step.count,
                                   p.stepScores.empty() ? NAN : p.stepScores.front(), {}, {}};
                const at::Tensor x0 = diffusion->decodeLatents(p.step.predictedX0.narrow(0, 0, 1));
                live.pixels = diffusion->pixelsFromImages(x0)[0].to(at::kCPU, at::kFloat);
                live.features = scorer.features(x0)[0].to(at::kCPU, at::kFloat);
                o.onLive(live);
            };
        }
        const SynthesisOutput output = synthesizeGuided(*diffusion, scorer, input, synthesis, onStep, ctx);
        const at::Tensor pseudo = scorer.nearestNegative(output.features);
        const at::Tensor pixels = diffusion->pixelsFromImages(output.images);
        // The masks in the samples' pixel geometry (the same mapping as the images), kept for the inspector.
        const at::Tensor maskPixels = diffusion->pixelsFromImages(input.masks.to(output.images.device()) * 2 - 1).gt(0.5).to(at::kFloat);
        const double perSample = std::chrono::duration<double>(Clock::now() - batchStart).count() / static_cast<double>(n);
        for (size_t i = 0; i < n; ++i) {
            const WorkItem& item = todo[start + i];
            const Sample& seed = seedView.sample(item.seedRow);
            const std::string relImage = "synth/" + item.id + ".png";
            const std::string maskFile = item.id + ".mask.png";  // beside the image (stays so when shards merge)
            writeImage((fs::path(outDir) / relImage).string(), tensorToImage(pixels[static_cast<int64_t>(i)]), false);
            writeImage((fs::path(outDir) / "synth" / maskFile).string(), tensorToImage(maskPixels[static_cast<int64_t>(i)]), false);
            const double score = output.scores[i];
            const bool stopped = !output.stopReasons[i].empty();
            const bool near = !stopped && result.band.contains(score);
            const SampleTrajectory& tr = output.trajectories[i];
            const int64_t pseudoIndex = pseudo[static_cast<int64_t>(i)].item<int64_t>();
            Sample s;
            s.id = item.id;
            s.image = relImage;
            s.origin = Origin::Synthesized;
            s.tags = {near ? "near-boundary" : "outside-band"};
            if (std::isfinite(score)) s.scores[toString(o.score)] = score;
            s.provenance = {
                {"seed_id", seed.id}, {"seed_image", seedView.absoluteImagePath(seed)}, {"seed_class", seed.className},
                {"prompt", prompts[i].prompt}, {"prompt_source", prompts[i].source}, {"prompt_detail", prompts[i].detail},
                {"mask", maskNames[i]}, {"mask_image", maskFile}, {"noise_seed", item.noiseSeed}, {"run_seed", o.seed}, {"repeat", item.repeat},
                {"seed_rank", item.rank},
                {"parameters", parameters},
                {"trajectory", {{"iterations", tr.iterationScores}, {"steps", tr.stepScores}, {"gradient_norms", tr.gradientNorms}}},
                {"final_score", std::isfinite(score) ? nlohmann::json(score) : nlohmann::json()},
                {"band", {result.band.low, result.band.high}}, {"near_boundary", near},
                {"pseudo_label", negatives.labels.at(static_cast<size_t>(pseudoIndex)).word}, {"pseudo_label_index", pseudoIndex},
                {"stop_reason", output.stopReasons[i]}, {"seconds", perSample}, {"pack", packFingerprint}};
            out.add(std::move(s));
            ++result.written;
            if (stopped) ++result.stopped;
            if (near) ++result.inBand;
        }
        out.save();  // after every batch: a killed run loses at most one batch
        ctx.report("synthesize", static_cast<long long>(start + n), static_cast<long long>(todo.size()),
                   std::to_string(result.inBand) + " near-boundary");
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return result;
}

SynthesisOptions synthesisDefaults(const ModelPack& pack) {
    SynthesisOptions s;
    const nlohmann::json d = pack.json.value("synthesis_defaults", nlohmann::json::object());
    s.sampling.steps = d.value("steps", s.sampling.steps);
    s.sampling.strength = d.value("strength", s.sampling.strength);
    s.sampling.guidance = d.value("cfg", s.sampling.guidance);
    s.guidance.iterations = d.value("iterations", s.guidance.iterations);
    s.guidance.learningRate = d.value("lr", s.guidance.learningRate);
    return s;
}

NegativeLabelSet strictNegativeLabels(const NegativeLabelSet& set, const std::vector<std::string>& excluded) {
    NegativeLabelSet out = set.filtered([&](const NegativeLabel& l) { return !mentionsAny(l.word, excluded); });
    out.excludedWords = excluded;
    return out;
}

size_t mergeSynthesisShards(const std::string& workspaceDir) {
    Workspace target = Workspace::load(workspaceDir);
    const fs::path shards = fs::path(workspaceDir) / "shards";
    if (!fs::exists(shards)) throw SynoodError("no shards to merge", shards.string(), "run synood synth --shard i/N first");
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(shards)) {
        if (Workspace::exists(e.path().string())) dirs.push_back(e.path());
    }
    std::sort(dirs.begin(), dirs.end());
    size_t added = 0;
    for (const auto& dir : dirs) {
        for (Sample& s : unmergedShardSamples(target, dir.string())) {
            target.add(std::move(s));
            ++added;
        }
    }
    target.save();
    return added;
}

std::vector<Sample> unmergedShardSamples(const Workspace& target, const std::string& shardDir) {
    const Workspace shard = Workspace::load(shardDir);
    const fs::path relative = fs::relative(shardDir, target.dir());
    std::vector<Sample> out;
    for (const Sample& s : shard.samples()) {
        if (target.indexOf(s.id) >= 0) continue;
        Sample copy = s;
        copy.image = (relative / s.image).generic_string();
        out.push_back(std::move(copy));
    }
    return out;
}

SynthVerifyReport verifySynthesis(const std::string& workspaceDir, const JobContext& ctx) {
    const Workspace w = Workspace::load(workspaceDir);
    SynthVerifyReport r;
    r.samples = w.size();
    for (size_t i = 0; i < w.size(); ++i) {
        if (i % 256 == 0) ctx.report("verify images", static_cast<int64_t>(i), static_cast<int64_t>(w.size()));
        const Sample& s = w.sample(i);
        r.synthesized += s.origin == Origin::Synthesized;
        const std::string path = w.absoluteImagePath(s);
        if (!fs::exists(path)) {
            r.missingImages.push_back(s.id);
            continue;
        }
        try {
            readImage(path);
        } catch (const SynoodError&) {
            r.unreadableImages.push_back(s.id);
        }
    }
    ctx.report("verify images", static_cast<int64_t>(w.size()), static_cast<int64_t>(w.size()));
    const fs::path shards = fs::path(workspaceDir) / "shards";
    if (fs::exists(shards)) {
        std::vector<fs::path> dirs;
        for (const auto& e : fs::directory_iterator(shards)) {
            if (Workspace::exists(e.path().string())) dirs.push_back(e.path());
        }
        std::sort(dirs.begin(), dirs.end());
        for (const auto& dir : dirs) {
            const Workspace shard = Workspace::load(dir.string());
            r.shards.emplace_back(dir.filename().string(), shard.size());
            for (const Sample& s : shard.samples()) r.unmerged += w.indexOf(s.id) < 0;
        }
    }
    return r;
}

}  // namespace synood
