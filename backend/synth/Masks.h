#pragma once
// Inpainting masks: float tensors [1, 1, S, S], 1 where the diffusion model paints, 0 where it keeps
// the seed. Whole image (the official SynOOD default), a box, a half, random free-form strokes, or a
// mask image painted by the user.
#include <ATen/core/Tensor.h>

#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <variant>

namespace synood {

enum class MaskKind { Whole, Box, Half, Strokes };

// What a synthesis run paints over: a random mask of a kind per sample, or one mask image file.
struct MaskFile {
    std::string path;
};
using MaskChoice = std::variant<MaskKind, MaskFile>;
// A kind's name ("whole", "box", "half", "strokes") is that kind; any other text is a file's path.
MaskChoice maskChoiceFromText(const std::string& text);
std::string toString(const MaskChoice& mask);  // the kind's name, or the file's path
const char* toString(MaskKind kind);

at::Tensor wholeMask(int size);
// The box [x, x+w) × [y, y+h), clipped to the image.
at::Tensor boxMask(int size, int x, int y, int w, int h);
// side: 0 left, 1 right, 2 top, 3 bottom.
at::Tensor halfMask(int size, int side);
// 1–4 thick random polylines (free-form, as inpainting models are trained with).
at::Tensor randomStrokeMask(int size, std::mt19937_64& rng);
// A random mask of the given kind (a random box of 1/4 to 3/4 of each side, a random half, strokes).
at::Tensor randomMaskOfKind(MaskKind kind, int size, std::mt19937_64& rng);
// A random mask of a random kind: whole, box, half or strokes (weights for training inpainting).
at::Tensor randomTrainingMask(int size, std::mt19937_64& rng);
// A mask image (white = paint) at its own size, thresholded at half intensity: [1, 1, H, W] of 0/1.
at::Tensor maskFromImageFile(const std::string& path);
// A mask painted on a seed of seedH×seedW, for a model working at modelSize: a mask of the model's
// size is used as it is; one of the seed's size goes through `toModel`, the same mapping as the
// seed's pixels (resize, or the demo's padding), and is thresholded again. Any other size is a
// SynoodError naming both sizes.
at::Tensor fitMaskToModel(const at::Tensor& mask, int64_t seedH, int64_t seedW, int modelSize,
                          const std::function<at::Tensor(const at::Tensor&)>& toModel);

MaskKind parseMaskKind(const std::string& name);  // "whole", "box", "half", "strokes"

}  // namespace synood
