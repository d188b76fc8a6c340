// synood synth: near-boundary synthesis into a workspace (SynOOD stage 1).
#include "cli/Args.h"
#include "cli/Command.h"
#include "cli/Requests.h"
#include "cli/TerminalProgress.h"

#include "core/Error.h"
#include "core/Numbers.h"
#include "data/Provenance.h"
#include "data/Workspace.h"
#include "demo/DemoRun.h"
#include "ops/Synthesize.h"

#include <cmath>
#include <cstdio>
#include <set>
#include <sstream>

namespace synood::cli {

namespace {

// "A<sep>B" -> (A, B); throws with `what` and `example` when the text has another form.
std::pair<std::string, std::string> splitPair(const std::string& text, char sep, const std::string& what, const std::string& option,
                                              const std::string& example) {
    const auto at = text.find(sep);
    if (at == std::string::npos) throw SynoodError("expected " + what, option + " " + text, example);
    return {text.substr(0, at), text.substr(at + 1)};
}

void parseShard(const std::string& text, SynthRunOptions& o) {
    const auto [index, count] = splitPair(text, '/', "--shard i/N", "--shard", "e.g. --shard 0/4");
    const auto i = parseInteger(index), n = parseInteger(count);
    if (!i || !n || *n < 1 || *n > 100000 || *i < 0 || *i >= *n) {
        throw SynoodError("expected --shard i/N with 0 <= i < N <= 100000", "--shard " + text, "e.g. --shard 0/4");
    }
    o.shardIndex = static_cast<int>(*i);
    o.shardCount = static_cast<int>(*n);
}

void parseBand(const std::string& text, SynthRunOptions& o) {
    const auto [low, high] = splitPair(text, ',', "--band QLOW,QHIGH (InD quantiles)", "--band", "e.g. --band 0.01,0.10");
    const auto l = parseFiniteNumber(low), h = parseFiniteNumber(high);
    if (!l || !h) throw SynoodError("expected --band QLOW,QHIGH (InD quantiles, numbers)", "--band " + text, "e.g. --band 0.01,0.10");
    o.bandLow = *l;  // the run checks 0 <= QLOW < QHIGH <= 1
    o.bandHigh = *h;
}

int synthRun(const std::vector<std::string>& argv) {
    const Args args(argv, synthOptionNames(), {"no-exclusions"}, "synth");
    if (!args.has("workspace")) throw SynoodError("--workspace is required", "synood synth", "e.g. synood synth --workspace ws/");
    const ops::SynthesisRequest request = synthesisRequestOf(args);
    JobContext ctx;
    ctx.progress = terminalProgress();
    ops::ModelCache models;
    const SynthRunResult r = ops::synthesize(request, models, ctx);
    std::printf(
        "synthesized %d sample(s) (%d already present, %d stopped) into %s in %.1f s; score %s, target %.4f, "
        "band [%.4f, %.4f]: %d near-boundary; %d looking InD (zero-shot class probability >= %.4g, the InD seeds' median)\n",
        r.written, r.skipped, r.stopped, r.workspaceDir.c_str(), r.seconds, toString(request.run.score), r.target, r.band.low, r.band.high,
        r.inBand, r.looksInD, r.looksInDFrom);
    return 0;
}

int synthMerge(const std::vector<std::string>& argv) {
    Args args(argv, {"workspace"}, {}, "synth merge");
    if (!args.has("workspace"))
        throw SynoodError("--workspace is required", "synood synth merge", "e.g. synood synth merge --workspace ws/");
    const size_t added = mergeSynthesisShards(args.value("workspace"));
    std::printf("merged %zu sample(s) from %s/shards\n", added, args.value("workspace").c_str());
    return 0;
}

int synthVerify(const std::vector<std::string>& argv) {
    Args args(argv, {"workspace"}, {}, "synth verify");
    if (!args.has("workspace"))
        throw SynoodError("--workspace is required", "synood synth verify", "e.g. synood synth verify --workspace ws/");
    JobContext ctx;
    ctx.progress = terminalProgress();
    const SynthVerifyReport r = verifySynthesis(args.value("workspace"), ctx);
    std::printf("%zu sample(s), %zu synthesized\n", r.samples, r.synthesized);
    for (const auto& [dir, n] : r.shards) std::printf("shard %s: %zu sample(s)\n", dir.c_str(), n);
    for (const auto& id : r.missingImages) std::printf("missing image: %s\n", id.c_str());
    for (const auto& id : r.unreadableImages) std::printf("unreadable image: %s\n", id.c_str());
    if (r.unmerged > 0) std::printf("%zu shard sample(s) not merged yet: run synood synth merge\n", r.unmerged);
    std::printf("%s\n", r.ok() ? "ok" : "problems found");
    return r.ok() ? 0 : 1;
}

// Distribution of the final scores of a workspace's synthesized samples, against their target.
int synthStats(const std::vector<std::string>& argv) {
    Args args(argv, {"workspace", "lr", "run-seed"}, {}, "synth stats");
    if (!args.has("workspace"))
        throw SynoodError("--workspace is required", "synood synth stats", "e.g. synood synth stats --workspace ws/");
    const Workspace w = Workspace::load(args.value("workspace"));
    std::vector<double> scores, distances;
    int nearBoundary = 0, stopped = 0;
    double target = 0;
    for (const Sample& s : w.samples()) {
        if (s.origin != Origin::Synthesized) continue;
        const Provenance p = provenanceFromJson(s.provenance);
        if (!p.parameters) continue;
        if (args.has("lr") && p.parameters->lr != args.doubleValue("lr", 0, kRunChecks)) continue;
        if (args.has("run-seed") && p.runSeed != static_cast<uint64_t>(args.intValue("run-seed", 0, kSeedRange))) continue;
        if (!p.finalScore) {
            ++stopped;
            continue;
        }
        target = p.parameters->target;
        scores.push_back(*p.finalScore);
        distances.push_back(std::abs(*p.finalScore - target));
        nearBoundary += p.nearBoundary;
    }
    if (scores.empty()) throw SynoodError("no synthesized samples", w.filePath(), "run synood synth first");
    std::printf(
        "%zu synthesized sample(s) (%d stopped): target %.4f; final score median %.4f (5%%: %.4f, 95%%: %.4f); "
        "median |score - target| %.4f; near-boundary %d (%.1f%%)\n",
        scores.size(), stopped, target, quantileOf(scores, 0.5), quantileOf(scores, 0.05), quantileOf(scores, 0.95),
        quantileOf(distances, 0.5), nearBoundary, 100.0 * nearBoundary / static_cast<double>(scores.size()));
    return 0;
}

int synthMain(const std::vector<std::string>& argv) {
    if (!argv.empty() && argv[0] == "merge") return synthMerge({argv.begin() + 1, argv.end()});
    if (!argv.empty() && argv[0] == "stats") return synthStats({argv.begin() + 1, argv.end()});
    if (!argv.empty() && argv[0] == "verify") return synthVerify({argv.begin() + 1, argv.end()});
    return synthRun(argv);
}

}  // namespace

std::set<std::string> synthOptionNames() {
    return {"pack",  "diffusion",     "device", "workspace", "per-class",  "first-rank",   "per-seed",     "shard",
            "seed",  "prompt-source", "prompt", "mllm-url",  "mllm-model", "mllm-key-env", "mllm-timeout", "mask",
            "steps", "strength",      "cfg",    "eta",       "iterations", "lr",           "target",       "loss",
            "score", "band",          "batch",  "neglabels", "limit"};
}

// `synood synth`'s options as a request: every default from ops::synthesisRequest.
ops::SynthesisRequest synthesisRequestOf(const Args& args) {
    ops::SynthesisRequest request = ops::synthesisRequest(args.value("pack", demo::defaultDemoPackDir()));
    SynthRunOptions& o = request.run;
    o.diffusionPackDir = args.value("diffusion");
    o.device = args.value("device", o.device);
    o.workspaceDir = args.value("workspace");
    o.perClass = args.intValue("per-class", o.perClass, kRunChecks);
    o.firstRank = args.intValue("first-rank", o.firstRank, kRunChecks);
    o.perSeed = args.intValue("per-seed", o.perSeed, kRunChecks);
    if (args.has("shard")) parseShard(args.value("shard"), o);
    o.runSeed = static_cast<uint64_t>(args.intValue("seed", static_cast<int>(o.runSeed), kSeedRange));
    o.promptSource = args.value("prompt-source", o.promptSource);
    o.promptText = args.value("prompt");
    if (!o.promptText.empty() && !args.has("prompt-source")) o.promptSource = "text";
    o.mllm.baseUrl = args.value("mllm-url");
    o.mllm.model = args.value("mllm-model", o.mllm.model);
    o.mllm.apiKeyVariable = args.value("mllm-key-env", o.mllm.apiKeyVariable);
    o.mllm.timeoutSeconds = args.doubleValue("mllm-timeout", o.mllm.timeoutSeconds, kRunChecks);
    if (args.has("mask")) o.mask = maskChoiceFromText(args.value("mask"));
    auto& s = o.synthesis;  // the pack's own defaults, else METHOD.md's
    s.sampling.steps = args.intValue("steps", s.sampling.steps, kRunChecks);
    s.sampling.strength = args.doubleValue("strength", s.sampling.strength, kRunChecks);
    s.sampling.cfgScale = args.doubleValue("cfg", s.sampling.cfgScale, kRunChecks);
    s.sampling.eta = args.doubleValue("eta", s.sampling.eta, kRunChecks);
    s.guidance.iterations = args.intValue("iterations", s.guidance.iterations, kRunChecks);
    s.guidance.learningRate = args.doubleValue("lr", s.guidance.learningRate, kRunChecks);
    if (args.has("target") && args.value("target") != "auto") {
        o.autoTarget = false;
        s.guidance.target = args.doubleValue("target", 0, kRunChecks);
    }
    s.guidance.loss = guidanceLossFromString(args.value("loss", toString(s.guidance.loss)));
    o.score = scoreKindFromString(args.value("score", toString(o.score)));
    if (args.has("band")) parseBand(args.value("band"), o);
    o.batchSize = args.intValue("batch", o.batchSize, kRunChecks);
    o.negLabelsFile = args.value("neglabels");
    o.limit = args.intValue("limit", o.limit, kRunChecks);
    request.strictProtocol = !args.has("no-exclusions");
    return request;
}

namespace {

// The usage lines, with the defaults of SynthRunOptions and METHOD.md's SynthesisOptions.
std::string synthUsage() {
    const SynthRunOptions o;
    const SamplingOptions& s = o.synthesis.sampling;
    const GuidanceOptions& g = o.synthesis.guidance;
    const auto num = [](double v) {
        std::ostringstream out;
        out << v;
        return out.str();
    };
    return "usage:\n"
           "  synood synth --workspace W [--pack DIR] [--diffusion DIR] [--device cpu|cuda[:N]]\n"
           "               [--per-class " +
           std::to_string(o.perClass) + "] [--first-rank " + std::to_string(o.firstRank) + "] [--per-seed " + std::to_string(o.perSeed) +
           "] [--shard i/N] [--seed " + std::to_string(o.runSeed) +
           "]\n"
           "               [--prompt-source mllm|context|wordnet|hybrid|text] [--prompt TEXT] [--mask whole|box|half|strokes|FILE]\n"
           "               [--mllm-url URL --mllm-model NAME [--mllm-key-env " +
           o.mllm.apiKeyVariable + "] [--mllm-timeout " + num(o.mllm.timeoutSeconds) +
           "]]\n"
           "               [--steps " +
           std::to_string(s.steps) + "] [--strength " + num(s.strength) + "] [--cfg " + num(s.cfgScale) + "] [--eta " + num(s.eta) +
           "] [--iterations " + std::to_string(g.iterations) + "] [--lr " + num(g.learningRate) +
           "]\n"
           "               [--target auto|VALUE] [--loss squared|hinge] [--score " +
           toString(o.score) + "] [--band " + num(o.bandLow) + "," + num(o.bandHigh) +
           "]\n"
           "               [--batch " +
           std::to_string(o.batchSize) + "] [--neglabels FILE] [--limit N] [--no-exclusions]\n";
}

}  // namespace

std::vector<Command> synthCommands() {
    return {{"synth", "near-boundary synthesis from a workspace's InD seeds (SynOOD stage 1)",
             synthUsage() +
                 "      For the --per-class most informative InD seeds of each class (encoded bytes per pixel),\n"
                 "      after skipping the first --first-rank of them (held-out seeds, e.g. for validation):\n"
                 "      inpaint with the pack's diffusion model (DDIM, classifier-free guidance, SDEdit strength),\n"
                 "      adjusting the noise K = --iterations times by the gradient of the score towards the target\n"
                 "      (auto: the InD seeds' 5% score quantile). Samples whose final score lies in the band (InD\n"
                 "      quantiles) are tagged near-boundary; each gets a pseudo negative label (mined once into\n"
                 "      W/neglabels.json unless --neglabels is given) and its full provenance and trajectory.\n"
                 "      Each also gets a looks_ind score: the zero-shot probability of its most likely InD class\n"
                 "      (softmax over the InD classes and the negative labels), that class as looks_like, and the\n"
                 "      tag looks-ind when it is at least the InD seeds' median of it (a possible leak).\n"
                 "      Defaults are METHOD.md's official ones unless pack.json declares \"synthesis_defaults\" (the\n"
                 "      demo pack: lr 1). --lr 0 gives plain SDEdit. With the demo pack the held-out classes' names\n"
                 "      and synonyms are kept out of every prompt (strict protocol) unless --no-exclusions. A killed run resumes\n"
                 "      without duplicates; --shard i/N writes to W/shards/shard-i-of-N. --diffusion takes the diffusion\n"
                 "      model from its own pack (e.g. Stable Diffusion inpainting from tools/export_sd_inpaint.py).\n"
                 "      --prompt-source mllm asks an OpenAI-compatible chat-completions endpoint (the key from the\n"
                 "      environment variable --mllm-key-env) for each seed's context: \"A photo only remain {answer}.\";\n"
                 "      when it fails (timeout, HTTP error, malformed answer) WordNet relatives are used and the reason\n"
                 "      is kept in the sample's provenance. --prompt-source context answers the same question\n"
                 "      offline from the seed image's scene file (IMAGE.scene.json, written with the demo's scenes\n"
                 "      world), with the same template; seeds without one get WordNet relatives, the reason kept.\n"
                 "  synood synth merge --workspace W\n"
                 "      add the samples of every shard workspace under W/shards to W.\n"
                 "  synood synth verify --workspace W\n"
                 "      check that every sample's image exists and decodes, and that every shard's samples are\n"
                 "      merged; exit status 1 when not.\n"
                 "  synood synth stats --workspace W [--lr X] [--run-seed S]\n"
                 "      the synthesized samples' final scores against their target: median, 5%/95% quantiles,\n"
                 "      median distance to the target, share near-boundary (only those made with lr X / seed S).\n",
             synthMain}};
}

}  // namespace synood::cli
