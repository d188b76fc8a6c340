#include "synth/SynthesisRun.h"

#include "core/Error.h"
#include "core/Sha256.h"
#include "data/ImageDataset.h"
#include "data/ImageIO.h"
#include "data/Provenance.h"
#include "data/Workspace.h"
#include "data/WordNet.h"
#include "data/WorkspaceLayout.h"
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"
#include "ood/NegativeLabels.h"
#include "synth/Masks.h"
#include "synth/PromptSources.h"
#include "features/FeatureCache.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <chrono>
#include <cmath>
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

SynthesisParameters parametersOf(const SynthRunOptions& o, double target) {
    const auto& s = o.synthesis;
    SynthesisParameters p;
    p.steps = s.sampling.steps;
    p.strength = s.sampling.strength;
    p.cfg = s.sampling.cfgScale;
    p.eta = s.sampling.eta;
    p.iterations = s.guidance.iterations;
    p.lr = s.guidance.learningRate;
    p.target = target;
    p.loss = toString(s.guidance.loss);
    p.score = toString(o.score);
    p.promptSource = o.promptSource;
    p.promptText = o.promptText;
    p.mask = toString(o.mask);
    return p;
}

NegativeLabelSet negativeLabelsFor(VisionLanguageModel& model, const std::vector<std::string>& classes, const SynthRunOptions& o,
                                   const JobContext& ctx) {
    const std::string used = WorkspaceLayout(o.workspaceDir).negativeLabels();
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

// The workspace's labelled InD samples by class, classes in order of first appearance.
struct SeedRows {
    std::vector<std::string> classes;
    std::map<std::string, std::vector<size_t>> byClass;
};

SeedRows seedRowsOf(const Workspace& seeds) {
    SeedRows r;
    for (size_t row = 0; row < seeds.size(); ++row) {
        const Sample& s = seeds.sample(row);
        if (s.origin != Origin::InD || s.className.empty()) continue;
        if (!r.byClass.count(s.className)) r.classes.push_back(s.className);
        r.byClass[s.className].push_back(row);
    }
    if (r.classes.empty()) {
        throw SynoodError("the workspace has no labelled InD samples to use as seeds", seeds.filePath(),
                          "add InD images with their class (e.g. synood workspace demo)");
    }
    return r;
}

// The InD seeds' scores give the band and the automatic target.
// The InD seeds' features (class by class), encoded once into the workspace's cache.
at::Tensor indSeedFeatures(VisionLanguageModel& model, const Workspace& seeds, const SeedRows& rows, const std::string& workspaceDir,
                           const JobContext& ctx) {
    std::vector<std::string> paths;
    for (const auto& c : rows.classes) {
        for (size_t r : rows.byClass.at(c)) paths.push_back(seeds.absoluteImagePath(seeds.sample(r)));
    }
    const WorkspaceLayout layout(workspaceDir);
    fs::create_directories(layout.cacheDir());
    return normalizeFeatures(encodeDataset(model, *imageFilesDataset(paths), layout.cacheFile("ind-seeds"), {}, ctx));
}

struct WorkItem {
    size_t seedRow;
    int rank;  // the seed's rank in its class (0: the most informative); -1 for chosen seeds
    int repeat;
    std::string id;
    uint64_t noiseSeed;
};

// Every item of the run (all shards), with ids from (seed, repeat, run seed, parameters, packs):
// the chosen seeds in order, else each class's most informative seeds from firstRank on.
std::vector<WorkItem> planItems(const SynthRunOptions& o, const Workspace& seeds, const SeedRows& rows, const std::string& runKey) {
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
    for (const auto& c : o.seedIds.empty() ? rows.classes : std::vector<std::string>()) {
        std::vector<std::pair<double, size_t>> ranked;
        for (size_t r : rows.byClass.at(c)) ranked.push_back({-bytesPerPixel(seeds.absoluteImagePath(seeds.sample(r))), r});
        std::stable_sort(ranked.begin(), ranked.end());
        const size_t end = std::min(ranked.size(), static_cast<size_t>(o.firstRank) + static_cast<size_t>(o.perClass));
        for (size_t k = static_cast<size_t>(o.firstRank); k < end; ++k) addItems(ranked[k].second, static_cast<int>(k));
    }
    return items;
}

// The workspace that receives the samples: W itself, or a staging one under W/shards.
std::string outputDirOf(const SynthRunOptions& o) {
    const WorkspaceLayout layout(o.workspaceDir);
    if (o.shardCount > 1) return layout.shardDir(WorkspaceLayout::shardName(o.shardIndex, o.shardCount));
    return o.workspaceDir;
}

// One batch's inputs: seeds, masks, prompts and noise of each item.
struct BatchInput {
    SynthesisInput input;
    std::vector<PromptChoice> prompts;
    std::vector<std::string> maskNames;
};

class BatchBuilder {
public:
    BatchBuilder(const SynthRunOptions& o, InpaintingDiffusion& diffusion, const PromptSource& source, const Workspace& seeds)
        : m_o(o), m_diffusion(diffusion), m_source(source), m_seeds(seeds) {
        if (const auto* file = std::get_if<MaskFile>(&o.mask)) m_maskImage = maskFromImageFile(file->path);
    }

    BatchInput build(const std::vector<WorkItem>& items) const {
        BatchInput b;
        std::vector<at::Tensor> images, masks, noises;
        std::vector<std::string> promptTexts;
        const int size = m_diffusion.imageSize();
        const ChannelMode channels = m_diffusion.imageChannels() == 1 ? ChannelMode::Gray : ChannelMode::RGB;
        for (const WorkItem& item : items) {
            const Sample& seed = m_seeds.sample(item.seedRow);
            std::mt19937_64 rng(item.noiseSeed);
            PromptChoice prompt = m_source.promptFor({seed.className, m_seeds.absoluteImagePath(seed)}, rng);
            const cv::Mat seedPixels = readImage(m_seeds.absoluteImagePath(seed));
            const at::Tensor image = m_diffusion.imagesFromPixels(imageToTensor(seedPixels, channels).unsqueeze(0));
            auto [mask, maskName] = maskFor(prompt, seedPixels, size, rng);
            at::Generator gen = at::detail::createCPUGenerator(item.noiseSeed);
            const at::Tensor latents = m_diffusion.encodeImages(image);
            noises.push_back(at::randn(latents.sizes(), gen, latents.options()));
            images.push_back(image);
            masks.push_back(mask);
            b.maskNames.push_back(maskName);
            promptTexts.push_back(prompt.prompt);
            b.prompts.push_back(std::move(prompt));
        }
        b.input = {at::cat(images), at::cat(masks), m_diffusion.encodePrompts(promptTexts), at::cat(noises)};
        return b;
    }

private:
    // A prompt source's own mask kind first, else the run's kind, else the run's mask file.
    std::pair<at::Tensor, std::string> maskFor(const PromptChoice& prompt, const cv::Mat& seedPixels, int size,
                                               std::mt19937_64& rng) const {
        if (prompt.mask) return {randomMaskOfKind(parseMaskKind(*prompt.mask), size, rng), *prompt.mask};
        if (const auto* kind = std::get_if<MaskKind>(&m_o.mask)) return {randomMaskOfKind(*kind, size, rng), toString(*kind)};
        const at::Tensor mask = fitMaskToModel(m_maskImage, seedPixels.rows, seedPixels.cols, size,
                                               [&](const at::Tensor& m) { return m_diffusion.imagesFromPixels(m).mean(1, true); });
        return {mask, "file:" + fs::path(std::get<MaskFile>(m_o.mask).path).filename().string()};
    }

    const SynthRunOptions& m_o;
    InpaintingDiffusion& m_diffusion;
    const PromptSource& m_source;
    const Workspace& m_seeds;
    at::Tensor m_maskImage;
};

}  // namespace

void checkSynthRunOptions(const SynthRunOptions& o) {
    if (o.shardCount < 1 || o.shardIndex < 0 || o.shardIndex >= o.shardCount) {
        throw SynoodError("the shard must be i/N with 0 <= i < N", "--shard", "e.g. --shard 0/4");
    }
    if (o.perClass < 1 || o.perSeed < 1 || o.batchSize < 1) {
        throw SynoodError("--per-class, --per-seed and --batch must be positive", "synood synth", "e.g. --per-class 8");
    }
    if (o.firstRank < 0) throw SynoodError("--first-rank must be 0 or more", "synood synth", "e.g. --first-rank 50");
    if (o.limit < 0) throw SynoodError("--limit must be 0 (no limit) or more", "synood synth", "e.g. --limit 100");
    const SamplingOptions& s = o.synthesis.sampling;
    const GuidanceOptions& g = o.synthesis.guidance;
    const auto within = [](double v, double lo, double hi) { return std::isfinite(v) && v >= lo && v <= hi; };
    if (s.steps < 1 || s.steps > 1000) throw SynoodError("--steps must be between 1 and 1000", "synood synth", "e.g. --steps 20");
    if (!within(s.strength, 0, 1) || s.strength == 0) {
        throw SynoodError("--strength must be above 0 and at most 1 (the share of the schedule re-noised)", "synood synth",
                          "e.g. --strength 0.6");
    }
    if (!within(s.cfgScale, 0, 100)) throw SynoodError("--cfg must be between 0 and 100", "synood synth", "e.g. --cfg 8");
    if (!within(s.eta, 0, 1)) throw SynoodError("--eta must be between 0 (DDIM) and 1", "synood synth", "e.g. --eta 0");
    if (g.iterations < 1 || g.iterations > 100)
        throw SynoodError("--iterations must be between 1 and 100", "synood synth", "e.g. --iterations 3");
    if (!within(g.learningRate, 0, 1e6)) throw SynoodError("--lr must be 0 (plain SDEdit) or more", "synood synth", "e.g. --lr 10");
    if (!o.autoTarget && !std::isfinite(g.target))
        throw SynoodError("--target must be a number or auto", "synood synth", "e.g. --target auto");
    if (!within(o.bandLow, 0, 1) || !within(o.bandHigh, 0, 1) || o.bandLow > o.bandHigh) {
        throw SynoodError("--band takes two InD quantiles 0 <= QLOW <= QHIGH <= 1", "synood synth", "e.g. --band 0.01,0.10");
    }
    if (!within(o.targetQuantile, 0, 1)) throw SynoodError("the target quantile must be between 0 and 1", "synood synth", "e.g. 0.05");
    if (!(o.mllm.timeoutSeconds > 0) || !std::isfinite(o.mllm.timeoutSeconds)) {
        throw SynoodError("--mllm-timeout must be a positive number of seconds", "synood synth", "e.g. --mllm-timeout 60");
    }
    if (const auto* file = std::get_if<MaskFile>(&o.mask); file && !fs::is_regular_file(file->path)) {
        throw SynoodError("no such mask image (and not a mask kind)", file->path, "use whole, box, half, strokes or a mask image file");
    }
}

SynthRunResult runSynthesis(const SynthRunOptions& o, VisionLanguageModel& vision, InpaintingDiffusion& diffusion, const JobContext& ctx) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    checkSynthRunOptions(o);
    // Seeds need no provenance: reading it for a million samples would only churn memory.
    Workspace seeds = Workspace::load(o.workspaceDir, Workspace::Provenances::OnDemand);
    const SeedRows rows = seedRowsOf(seeds);
    const auto source = makePromptSource(o.promptSource, rows.classes, o.excludedWords, o.promptText, &o.mllm);

    at::NoGradGuard noGrad;
    const NegativeLabelSet negatives = negativeLabelsFor(vision, rows.classes, o, ctx);
    const at::Tensor indText = encodeClassPrompts(vision, rows.classes, negatives.options.indTemplate);
    ScoreOptions scoreOptions;
    scoreOptions.logitScale = vision.logitScale();
    ImageScorer scorer(vision, diffusion, indText, negatives.features, o.score, scoreOptions);

    const at::Tensor seedFeatures = indSeedFeatures(vision, seeds, rows, o.workspaceDir, ctx);
    const std::vector<double> indScores = toDoubles(scorer.scoreOfFeatures(seedFeatures));
    SynthRunResult result;
    result.looksInDFrom = quantileOf(scorer.looksInD(seedFeatures).probability, kLooksInDSeedQuantile);
    result.band = bandFromQuantiles(indScores, o.bandLow, o.bandHigh);
    SynthesisOptions synthesis = o.synthesis;
    if (o.autoTarget) synthesis.guidance.target = quantileOf(indScores, o.targetQuantile);
    result.target = synthesis.guidance.target;

    SynthesisParameters parameters = parametersOf(o, result.target);
    const std::string packFingerprint =
        o.diffusionPackDir.empty() ? vision.pack().fingerprint()
                                   : sha256OfBytes(vision.pack().fingerprint() + ModelPack::load(o.diffusionPackDir).fingerprint());
    const std::string runKey = std::to_string(o.runSeed) + "|" + toJson(parameters).dump() + "|" + packFingerprint;
    const std::vector<WorkItem> items = planItems(o, seeds, rows, runKey);
    std::vector<WorkItem> mine;  // this shard's
    for (size_t i = 0; i < items.size(); ++i) {
        if (static_cast<int>(i % static_cast<size_t>(o.shardCount)) == o.shardIndex) mine.push_back(items[i]);
    }
    result.planned = static_cast<int>(mine.size());

    const std::string outDir = outputDirOf(o);
    const bool separate = outDir != o.workspaceDir;
    Workspace out = separate ? (Workspace::exists(outDir) ? Workspace::load(outDir)
                                                          : Workspace::create(outDir, seeds.name() + " shard", {}, Journal::Rollback))
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

    const BatchBuilder builder(o, diffusion, *source, seedView);
    for (size_t start = 0; start < todo.size(); start += static_cast<size_t>(o.batchSize)) {
        ctx.checkCancelled();
        const auto batchStart = Clock::now();
        const size_t n = std::min(todo.size() - start, static_cast<size_t>(o.batchSize));
        const std::vector<WorkItem> batch(todo.begin() + static_cast<std::ptrdiff_t>(start),
                                          todo.begin() + static_cast<std::ptrdiff_t>(start + n));
        const BatchInput b = builder.build(batch);
        SynthesisCallback onStep;
        if (o.onLive) {
            onStep = [&](const SynthesisProgress& p) {
                SynthesisLive live{batch.front().id,
                                   p.iteration,
                                   p.iterations,
                                   p.step.index,
                                   p.step.count,
                                   p.stepScores.empty() ? NAN : p.stepScores.front(),
                                   {},
                                   {}};
                const at::Tensor x0 = diffusion.decodeLatents(p.step.predictedX0.narrow(0, 0, 1));
                live.pixels = diffusion.pixelsFromImages(x0)[0].to(at::kCPU, at::kFloat);
                live.features = scorer.features(x0)[0].to(at::kCPU, at::kFloat);
                o.onLive(live);
            };
        }
        const SynthesisOutput output = synthesizeGuided(diffusion, scorer, b.input, synthesis, onStep, ctx);
        const at::Tensor pseudo = scorer.nearestNegative(output.features);
        const LooksInD looks = scorer.looksInD(output.features);
        const at::Tensor pixels = diffusion.pixelsFromImages(output.images);
        // The masks in the samples' pixel geometry (the same mapping as the images), kept for the inspector.
        const at::Tensor maskPixels = diffusion.pixelsFromImages(b.input.masks.to(output.images.device()) * 2 - 1).gt(0.5).to(at::kFloat);
        const double perSample = std::chrono::duration<double>(Clock::now() - batchStart).count() / static_cast<double>(n);
        std::vector<Sample> written;
        for (size_t i = 0; i < n; ++i) {
            const WorkItem& item = batch[i];
            const auto row = static_cast<int64_t>(i);
            const Sample& seed = seedView.sample(item.seedRow);
            const std::string relImage = "synth/" + item.id + ".png";
            const std::string maskFile = item.id + ".mask.png";  // beside the image (stays so when shards merge)
            writeImage((fs::path(outDir) / relImage).string(), tensorToImage(pixels[row]), false);
            writeImage((fs::path(outDir) / "synth" / maskFile).string(), tensorToImage(maskPixels[row]), false);
            const double score = output.scores[i];
            const bool stopped = !output.stopReasons[i].empty();
            const bool near = !stopped && result.band.contains(score);
            const SampleTrajectory& tr = output.trajectories[i];
            const int64_t pseudoIndex = pseudo[row].item<int64_t>();
            Provenance p;
            p.seedId = seed.id;
            p.seedImage = seedView.absoluteImagePath(seed);
            p.seedClass = seed.className;
            p.prompt = b.prompts[i].prompt;
            p.promptSource = b.prompts[i].source;
            p.promptDetail = b.prompts[i].detail;
            p.mask = b.maskNames[i];
            p.maskImage = maskFile;
            p.noiseSeed = item.noiseSeed;
            p.runSeed = o.runSeed;
            p.repeat = item.repeat;
            p.seedRank = item.rank;
            p.parameters = parameters;
            p.iterationScores = tr.iterationScores;
            p.stepScores = tr.stepScores;
            p.gradientNorms = tr.gradientNorms;
            if (std::isfinite(score)) p.finalScore = score;
            p.band = {result.band.low, result.band.high};
            p.nearBoundary = near;
            p.pseudoLabel = negatives.labels.at(static_cast<size_t>(pseudoIndex)).word;
            p.pseudoLabelIndex = pseudoIndex;
            p.looksLike = rows.classes.at(static_cast<size_t>(looks.classIndex[i]));
            p.looksInDFrom = result.looksInDFrom;
            p.stopReason = output.stopReasons[i];
            p.seconds = perSample;
            p.pack = packFingerprint;
            Sample s;
            s.id = item.id;
            s.image = relImage;
            s.origin = Origin::Synthesized;
            s.tags = {near ? "near-boundary" : "outside-band"};
            if (std::isfinite(score)) s.scores[toString(o.score)] = score;
            s.scores[kLooksInDScore] = looks.probability[i];
            const bool looksInD = looks.probability[i] >= result.looksInDFrom;
            if (looksInD) s.tags.push_back(kLooksInDTag);
            s.provenance = toJson(p);
            written.push_back(std::move(s));
            if (stopped) ++result.stopped;
            if (near) ++result.inBand;
            if (looksInD) ++result.looksInD;
        }
        out.add(written);  // one transaction per batch: a killed run loses at most one batch
        result.written += static_cast<int>(written.size());
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
    s.sampling.cfgScale = d.value("cfg", s.sampling.cfgScale);
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
    const fs::path shards = WorkspaceLayout(workspaceDir).shardsDir();
    if (!fs::exists(shards)) throw SynoodError("no shards to merge", shards.string(), "run synood synth --shard i/N first");
    std::vector<fs::path> dirs;
    for (const auto& e : fs::directory_iterator(shards)) {
        if (Workspace::exists(e.path().string())) dirs.push_back(e.path());
    }
    std::sort(dirs.begin(), dirs.end());
    std::vector<Sample> merged;
    for (const auto& dir : dirs) {
        for (Sample& s : unmergedShardSamples(target, dir.string())) merged.push_back(std::move(s));
    }
    target.add(merged);  // one transaction: every shard's samples or none
    return merged.size();
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
    const fs::path shards = WorkspaceLayout(workspaceDir).shardsDir();
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
