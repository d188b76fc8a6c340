#pragma once
// Trains a demo world's toy inpainting diffusion (DemoUnet) as a DDPM on the training images of all
// ten classes, with random masks (whole image, boxes, halves, free-form strokes), conditioned on the
// toy CLIP's text features of the images' captions, with condition dropout for classifier-free
// guidance. Adds it to an existing demo pack (the toy CLIP's). Fashion-MNIST: 32×32 gray (padded),
// captions name the class. Scenes: 48×48 colour, captions name the class on its context (now and
// then the class alone), and a quarter of the images are contexts alone, captioned by the context
// ("A photo only remain a lawn." among them): what SynOOD's context prompts ask for.
#include "core/Job.h"
#include "demo/DemoWorld.h"
#include "models/NoiseSchedule.h"

#include <array>
#include <cstdint>
#include <string>

namespace synood::demo {

struct ToyDiffusionOptions {
    ToyWorld world = ToyWorld::Fashion;
    int steps = 9000;  // optimiser steps
    int batchSize = 64;
    double learningRate = 1e-3;
    double conditionDropout = 0.1;
    double emaDecay = 0.999;
    int width = 32;
    uint64_t seed = 0;
    int checkpointEvery = 250;
    Prediction prediction = Prediction::Epsilon;
    // Scenes: the share of garment images captioned by their class alone ("a photo of a sandal."),
    // so that the class is a condition of its own and not only a small part of a scene's caption.
    double classAloneShare = 0;
};
// A world's defaults (the scenes: smaller batches, as 48×48 colour costs more a step, and v-prediction).
ToyDiffusionOptions toyDiffusionDefaults(ToyWorld world);

struct ToyDiffusionResult {
    double trainSeconds = 0;
    int stepsRun = 0;  // this call (fewer when resumed)
    double finalLoss = 0;
};

// Trains (resuming from DIR/diffusion-checkpoint when options and toy CLIP match), writes
// DIR/toy_unet.pt (EMA weights, half precision) and adds "diffusion" to DIR/pack.json.
ToyDiffusionResult trainToyDiffusion(const std::string& packDir, const ToyDiffusionOptions& options, const JobContext& ctx = {});

// How `synood demo quality` generates (its defaults are the command's).
struct GenerationOptions {
    int perClass = 50;    // images per class and measure
    int steps = 25;       // DDIM steps
    double cfgScale = 3;  // classifier-free guidance scale
    uint64_t seed = 0;
    // Scenes only (other packs throw SynoodError): guide from-noise and into-box generations away
    // from their context alone ("a photo of a lawn.", a negative prompt) rather than the empty prompt.
    bool againstContext = false;
    std::string gridPng;  // when given, a PNG grid of the first ten images of each class, a row each
};

struct GenerationAccuracy {
    GenerationOptions options;
    double accuracy = 0;                // generated images classified as their prompt's class
    std::array<double, 10> perClass{};  // by class
    // Scenes: the share of InD scenes closer to their context alone than to their garment on it,
    // repainted from their context prompt, and as they were.
    double context = -1, contextBefore = -1;
    // Scenes: garments painted into a central box of empty backgrounds, classified as their class.
    double intoBackgrounds = -1;
    std::array<double, 10> perClassIntoBackgrounds{};
    // Scenes: generated from pure noise prompted "a photo of a {name}." (no context), as the first world's.
    double classAlone = -1;
    double seconds = 0;
};
// Generates `perClass` images per class from "a photo of a {name}." (the scenes: "… on {context}.")
// with the whole image masked and classifies them by the toy CLIP's ten-class zero-shot; for the
// scenes, also from "a photo of a {name}." alone, garments painted into a central box of empty
// backgrounds, and 8 x `perClass` InD test scenes repainted as SynOOD synthesizes (whole image,
// strength 0.6) from "A photo only remain {context}." with their own context: is the garment gone
// (the toy CLIP prefers "a photo of {context}." to "a photo of a {class} on {context}.")? The grid's
// scenes rows: from noise, into a box, from the class alone, then ten seeds and their repaintings.
GenerationAccuracy generationAccuracy(const std::string& packDir, const GenerationOptions& options = {}, const JobContext& ctx = {});

}  // namespace synood::demo
