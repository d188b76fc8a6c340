#pragma once
// Scores diffusion-space images with a vision-language model, differentiably (guidance needs the
// gradient of the score with respect to the image): images → the model's preprocessing as tensor
// operations (resize shortest side, centre crop, channels, mean/std) → features → a backend score.
#include "models/InpaintingDiffusion.h"
#include "models/VisionLanguageModel.h"
#include "ood/LooksInD.h"
#include "ood/Scores.h"

namespace synood {

class ImageScorer {
public:
    // indText: normalised InD prompt features [C, D]; negText: negative-label features [M, D]
    // (NegLabel and pseudo labels need them; may be undefined otherwise).
    ImageScorer(VisionLanguageModel& model, InpaintingDiffusion& diffusion, at::Tensor indText, at::Tensor negText, ScoreKind kind,
                ScoreOptions options);

    // Diffusion-space images [N, C, S, S] in [-1, 1] to the model's normalised input [N, 3, s, s].
    at::Tensor modelInput(const at::Tensor& images) const;
    at::Tensor features(const at::Tensor& images);  // normalised [N, D]
    at::Tensor score(const at::Tensor& images);     // [N], higher = more InD
    at::Tensor scoreOfFeatures(const at::Tensor& features) const;
    // Index of the most similar negative label per image (pseudo negative label), [N].
    at::Tensor nearestNegative(const at::Tensor& features) const;
    // How InD each image still looks (ood/LooksInD.h), against this scorer's InD classes and negatives.
    LooksInD looksInD(const at::Tensor& features) const;

    ScoreKind kind() const { return m_kind; }
    const at::Tensor& negativeText() const { return m_negText; }

private:
    VisionLanguageModel& m_model;
    InpaintingDiffusion& m_diffusion;
    at::Tensor m_indText, m_negText, m_mean, m_std;
    ScoreKind m_kind;
    ScoreOptions m_options;
};

}  // namespace synood
