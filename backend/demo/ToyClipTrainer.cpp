#include "demo/ToyClipTrainer.h"

#include "core/AtomicFile.h"
#include "core/Error.h"
#include "core/Sha256.h"
#include "data/WordNet.h"
#include "demo/FashionMnist.h"
#include "demo/Scenes.h"
#include "demo/WorldImages.h"
#include "models/DemoClip.h"
#include "models/ModuleWeights.h"
#include "ood/NegativeLabels.h"
#include "synth/MllmPromptSource.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>
#include <torch/optim/adam.h>
#include <torch/serialize.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <random>
#include <set>

namespace fs = std::filesystem;

namespace synood::demo {

namespace {

constexpr float kMean = 0.2860f, kStd = 0.3530f;         // Fashion-MNIST training pixels
constexpr float kScenesMean = 0.5f, kScenesStd = 0.25f;  // the scenes' colours, roughly (a BatchNorm follows)

const std::vector<std::string>& templates() {
    static const std::vector<std::string> t{"a photo of a {}.",
                                            "a photo of the {}.",
                                            "the nice {}",
                                            "a nice {}",
                                            "a {}",
                                            "{}",
                                            "a picture of a {}.",
                                            "a grayscale photo of a {}.",
                                            "a low resolution photo of a {}.",
                                            "a product photo of a {}.",
                                            "an image of a {}.",
                                            "this is a {}."};
    return t;
}

// The WordNet lemma of each class and extra everyday names.
const std::array<const char*, kNumClasses> kLemmas{"t-shirt", "trouser", "pullover", "dress", "coat",
                                                   "sandal",  "shirt",   "sneaker",  "bag",   "boot"};
const std::array<std::vector<std::string>, kNumClasses>& extraNames() {
    static const std::array<std::vector<std::string>, kNumClasses> e{{{"top", "tee"},
                                                                      {"trousers", "pants"},
                                                                      {"sweater"},
                                                                      {"gown"},
                                                                      {"jacket"},
                                                                      {"sandals"},
                                                                      {"button-down shirt"},
                                                                      {"trainer"},
                                                                      {"handbag"},
                                                                      {"boot"}}};
    return e;
}

struct ClassWords {
    std::vector<std::string> names;      // prompt name, extra names, WordNet synonyms
    std::vector<std::string> hypernyms;  // WordNet hypernyms that name no other class
};

const std::array<ClassWords, kNumClasses>& classWords() {
    static const std::array<ClassWords, kNumClasses> words = [] {
        std::array<ClassWords, kNumClasses> w;
        std::set<std::string> classNames;
        for (int c = 0; c < kNumClasses; ++c) {
            classNames.insert(promptNames()[static_cast<size_t>(c)]);
            classNames.insert(kLemmas[static_cast<size_t>(c)]);
        }
        for (int c = 0; c < kNumClasses; ++c) {
            auto& cw = w[static_cast<size_t>(c)];
            cw.names.push_back(promptNames()[static_cast<size_t>(c)]);
            for (const auto& e : extraNames()[static_cast<size_t>(c)]) cw.names.push_back(e);
            const NounRelatives r = nounRelatives(kLemmas[static_cast<size_t>(c)]);
            for (const auto& s : r.synonyms) cw.names.push_back(s);
            for (const auto& h : r.hypernyms) {
                if (!classNames.count(h)) cw.hypernyms.push_back(h);  // "shirt" is not a T-shirt's caption
            }
        }
        return w;
    }();
    return words;
}

at::Tensor tokenize(const std::vector<std::string>& texts) {
    DemoWordTokenizer tok;
    at::Tensor ids = at::zeros({static_cast<int64_t>(texts.size()), tok.contextLength()}, at::kLong);
    for (size_t i = 0; i < texts.size(); ++i) {
        const auto row = tok.tokenizeRow(texts[i]);
        ids[static_cast<int64_t>(i)].copy_(at::tensor(row, at::kLong));
    }
    return ids;
}

// As the model's input: float, normalised, three channels.
at::Tensor normalised(const at::Tensor& pixels, ToyWorld world) {
    const float mean = world == ToyWorld::Scenes ? kScenesMean : kMean, std = world == ToyWorld::Scenes ? kScenesStd : kStd;
    at::Tensor x = pixels.to(at::kFloat).div_(255.0f).sub_(mean).div_(std);
    return x.size(1) == 1 ? x.expand({-1, 3, -1, -1}).contiguous() : x;
}

ToyWorld worldOf(const nlohmann::json& pack) {
    return pack.value("world", std::string("fashion")) == "scenes" ? ToyWorld::Scenes : ToyWorld::Fashion;
}

nlohmann::json optionsJson(const ToyClipOptions& o) {
    nlohmann::json j = {{"epochs", o.epochs}, {"batch_size", o.batchSize}, {"learning_rate", o.learningRate},
                        {"seed", o.seed},     {"embed_dim", o.embedDim},   {"width", o.width}};
    if (o.world == ToyWorld::Scenes) j["world"] = "scenes";  // absent for Fashion-MNIST: its shipped pack stays trained
    return j;
}

}  // namespace

const std::vector<std::string>& promptNames() {
    static const std::vector<std::string> names{"t-shirt", "trouser", "pullover", "dress", "coat",
                                                "sandal",  "shirt",   "sneaker",  "bag",   "ankle boot"};
    return names;
}

std::vector<std::string> heldOutWords() {
    std::vector<std::string> words;
    for (int c : kHeldOutClasses) {
        for (const auto& n : classWords()[static_cast<size_t>(c)].names) words.push_back(n);
        words.push_back(kLemmas[static_cast<size_t>(c)]);
    }
    return words;
}

std::vector<std::string> indPromptNames() {
    std::vector<std::string> names;
    for (int c : kInDClasses) names.push_back(promptNames()[static_cast<size_t>(c)]);
    return names;
}

std::vector<std::string> nameCaptionsFor(int label) {
    std::vector<std::string> out;
    for (const auto& t : templates()) {
        for (const auto& n : classWords().at(static_cast<size_t>(label)).names) out.push_back(fillTemplate(t, n));
    }
    return out;
}

std::vector<std::string> sceneCaptionsFor(int label, int background) {
    std::vector<std::string> out;
    for (const auto& t : templates()) {
        for (const auto& n : classWords().at(static_cast<size_t>(label)).names) {
            out.push_back(fillTemplate(t, n + " on " + backgroundContext(background)));
        }
    }
    return out;
}

std::string classPrompt(const std::string& name) { return "a photo of a " + name + "."; }
std::string scenePrompt(const std::string& name, const std::string& context) { return "a photo of a " + name + " on " + context + "."; }
std::string contextAlonePrompt(const std::string& context) { return "a photo of " + context + "."; }

std::vector<std::string> contextCaptionsFor(int background) {
    const std::string c = backgroundContext(background);
    return {contextAlonePrompt(c), "a picture of " + c + ".", "an image of " + c + ".", c, contextualPrompt(c)};
}

std::vector<std::string> captionsFor(int label) {
    const ClassWords& w = classWords().at(static_cast<size_t>(label));
    std::vector<std::string> out;
    for (const auto& t : templates()) {
        for (const auto& n : w.names) out.push_back(fillTemplate(t, n));
        for (const auto& h : w.hypernyms) out.push_back(fillTemplate(t, h));
    }
    return out;
}

namespace {

// Cosine similarities of every test image with every prompt, [N, prompts].
at::Tensor similarities(VisionLanguageModel& model, const at::Tensor& pixels, ToyWorld world, const std::vector<std::string>& prompts) {
    const at::Tensor text = normalizeFeatures(model.encodeTexts(prompts));
    std::vector<at::Tensor> parts;
    for (int64_t s = 0; s < pixels.size(0); s += 500) {
        parts.push_back(
            normalizeFeatures(model.encodeImages(normalised(pixels.narrow(0, s, std::min<int64_t>(500, pixels.size(0) - s)), world))));
    }
    return at::matmul(at::cat(parts), text.t());
}

}  // namespace

ZeroShotAccuracy zeroShotAccuracy(VisionLanguageModel& model) {
    at::NoGradGuard noGrad;
    const ToyWorld world = worldOf(model.pack().json);
    std::vector<std::string> prompts;
    for (const auto& n : promptNames()) prompts.push_back(classPrompt(n));
    const WorldImages test = loadWorld(world, Split::Test);
    const at::Tensor& labels = test.labels;
    const at::Tensor sim = similarities(model, test.pixels, world, prompts);
    const at::Tensor all10 = sim.argmax(1).eq(labels).to(at::kDouble).mean();
    std::vector<int64_t> ind(kInDClasses.begin(), kInDClasses.end());
    const at::Tensor indIdx = at::tensor(ind, at::kLong);
    const at::Tensor isInd = at::isin(labels, indIdx);
    const at::Tensor simInd = sim.index({isInd}).index_select(1, indIdx);
    const at::Tensor predicted = indIdx.index_select(0, simInd.argmax(1));
    const at::Tensor ind6 = predicted.eq(labels.index({isInd})).to(at::kDouble).mean();
    ZeroShotAccuracy a{ind6.item<double>(), all10.item<double>(), -1};
    if (world == ToyWorld::Scenes) {
        std::vector<std::string> contexts;
        for (int k = 0; k < kBackgroundKindCount; ++k) contexts.push_back(contextAlonePrompt(backgroundContext(k)));
        a.context = similarities(model, test.pixels, world, contexts).argmax(1).eq(test.backgrounds).to(at::kDouble).mean().item<double>();
    }
    return a;
}

ToyClipResult trainToyClip(const std::string& dir, const ToyClipOptions& o, const JobContext& ctx) {
    using Clock = std::chrono::steady_clock;
    const auto t0 = Clock::now();
    if (fs::exists(fs::path(dir) / "pack.json")) {  // trained before with these options: keep it
        try {
            const ModelPack existing = ModelPack::load(dir);
            if (existing.json.value("training", nlohmann::json()) == optionsJson(o)) {
                auto model = loadVisionLanguageModel(existing);
                return {dir, zeroShotAccuracy(*model), 0.0, 0};
            }
        } catch (const SynoodError&) {  // damaged or partial pack: train again
        }
    }
    fs::create_directories(fs::path(dir) / "checkpoint");
    const std::string stateFile = (fs::path(dir) / "checkpoint" / "state.json").string();
    const std::string modelFile = (fs::path(dir) / "checkpoint" / "model.pt").string();
    const std::string optimFile = (fs::path(dir) / "checkpoint" / "optimizer.pt").string();

    at::manual_seed(o.seed);
    DemoClipNet net(o.embedDim, o.width);
    torch::optim::Adam optimizer(net->parameters(), torch::optim::AdamOptions(o.learningRate).weight_decay(1e-4));
    int startEpoch = 0;
    if (fs::exists(stateFile)) {
        const auto state = nlohmann::json::parse(readWholeFile(stateFile));
        if (state.value("options", nlohmann::json()) == optionsJson(o)) {  // same run: resume it
            torch::load(net, modelFile);
            torch::load(optimizer, optimFile);
            startEpoch = state.at("epochs_done").get<int>();
        }
    }
    const WorldImages train = loadWorld(o.world, Split::Train, ctx);
    const at::Tensor& images = train.pixels;
    // Caption groups: a class, or for scenes a class on a background ("a sandal on a sandy beach").
    const bool scenes = o.world == ToyWorld::Scenes;
    const int perClass = scenes ? kBackgroundKindCount : 1, groupCount = kNumClasses * perClass;
    const at::Tensor groups = scenes ? train.labels * kBackgroundKindCount + train.backgrounds : train.labels;
    const int64_t n = images.size(0);
    const int64_t stepsPerEpoch = n / o.batchSize;
    const int64_t totalSteps = stepsPerEpoch * o.epochs;
    // Caption pools, tokenized once per class.
    std::vector<std::vector<std::string>> names(kNumClasses), hypernyms(kNumClasses);
    for (int c = 0; c < kNumClasses; ++c) {
        names[static_cast<size_t>(c)] = classWords()[static_cast<size_t>(c)].names;
        hypernyms[static_cast<size_t>(c)] = classWords()[static_cast<size_t>(c)].hypernyms;
    }
    net->train();
    for (int epoch = startEpoch; epoch < o.epochs; ++epoch) {
        std::mt19937_64 rng(o.seed * 7919 + static_cast<uint64_t>(epoch));  // per epoch: resumable exactly
        at::manual_seed(o.seed * 7919 + static_cast<uint64_t>(epoch));
        const at::Tensor order = at::randperm(n, at::kLong);
        for (int64_t step = 0; step < stepsPerEpoch; ++step) {
            ctx.checkCancelled();
            const int64_t global = epoch * stepsPerEpoch + step;
            const double lr = o.learningRate * 0.5 * (1 + std::cos(M_PI * static_cast<double>(global) / static_cast<double>(totalSteps)));
            for (auto& group : optimizer.param_groups()) static_cast<torch::optim::AdamOptions&>(group.options()).lr(lr);
            const at::Tensor idx = order.narrow(0, step * o.batchSize, o.batchSize);
            at::Tensor batch = normalised(images.index_select(0, idx), o.world);
            const at::Tensor flip = at::rand({o.batchSize}) < 0.5;  // horizontal flips
            batch = at::where(flip.view({-1, 1, 1, 1}), batch.flip({3}), batch).contiguous();
            const at::Tensor y = groups.index_select(0, idx);
            std::vector<std::string> captions;
            for (int g = 0; g < groupCount; ++g) {
                const auto c = static_cast<size_t>(g / perClass);
                const auto& t = templates()[rng() % templates().size()];
                const auto& pool = (!hypernyms[c].empty() && rng() % 100 < 15) ? hypernyms[c] : names[c];
                const std::string& object = pool[rng() % pool.size()];
                captions.push_back(fillTemplate(t, scenes ? object + " on " + backgroundContext(g % perClass) : object));
            }
            const at::Tensor img = normalizeFeatures(net->encodeImage(batch));
            const at::Tensor txt = normalizeFeatures(net->encodeText(tokenize(captions)));
            const at::Tensor logits = net->logitScaleLog.exp().clamp_max(100.0) * at::matmul(img, txt.t());  // [B, groups]
            const at::Tensor imageToText = at::cross_entropy_loss(logits, y);
            // Text to image: every image of the caption's group is a positive.
            const at::Tensor positives = at::one_hot(y, groupCount).t().to(at::kFloat);  // [groups, B]
            const at::Tensor logp = at::log_softmax(logits.t(), 1);
            const at::Tensor count = positives.sum(1);
            const at::Tensor present = count > 0;
            const at::Tensor textToImage = -((positives * logp).sum(1) / count.clamp_min(1)).index({present}).mean();
            const at::Tensor loss = (imageToText + textToImage) / 2;
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
            if (step % 10 == 0 || step + 1 == stepsPerEpoch) {
                char msg[64];
                std::snprintf(msg, sizeof msg, "epoch %d loss %.3f", epoch + 1, loss.item<double>());
                ctx.report("train toy CLIP", global + 1, totalSteps, msg);
            }
        }
        torch::save(net, modelFile);
        torch::save(optimizer, optimFile);
        writeFileAtomically(stateFile, nlohmann::json{{"options", optionsJson(o)}, {"epochs_done", epoch + 1}}.dump());
    }
    net->eval();
    ToyClipResult result;
    result.packDir = dir;
    result.epochsRun = o.epochs - startEpoch;
    const std::string weights = (fs::path(dir) / "toy_clip.pt").string();
    saveModuleHalf(*net, weights);
    const float mean = scenes ? kScenesMean : kMean, std = scenes ? kScenesStd : kStd;
    nlohmann::json pack = {{"name", scenes ? "SynOOD demo: toy CLIP for the scenes world" : "SynOOD demo: toy CLIP for Fashion-MNIST"},
                           {"kind", "demo-native"},
                           {"image_size", scenes ? kSceneSide : 28},
                           {"mean", {mean, mean, mean}},
                           {"std", {std, std, std}},
                           {"embed_dim", o.embedDim},
                           {"width", o.width},
                           {"tokenizer", "demo-words"},
                           {"training", optionsJson(o)},
                           {"files", {{{"role", "model"}, {"path", "toy_clip.pt"}, {"sha256", sha256OfFile(weights)}}}}};
    if (scenes) pack["world"] = "scenes";
    writeFileAtomically((fs::path(dir) / "pack.json").string(), pack.dump(2) + "\n");
    result.trainSeconds = std::chrono::duration<double>(Clock::now() - t0).count();
    auto model = loadVisionLanguageModel(dir);
    result.accuracy = zeroShotAccuracy(*model);
    fs::remove_all(fs::path(dir) / "checkpoint");
    return result;
}

}  // namespace synood::demo
