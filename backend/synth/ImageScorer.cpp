#include "synth/ImageScorer.h"

#include "core/Error.h"

#include <ATen/ATen.h>

#include <cmath>

namespace synood {

ImageScorer::ImageScorer(VisionLanguageModel& model, InpaintingDiffusion& diffusion, at::Tensor indText, at::Tensor negText, ScoreKind kind,
                         ScoreOptions options)
    : m_model(model),
      m_diffusion(diffusion),
      m_indText(std::move(indText)),
      m_negText(std::move(negText)),
      m_kind(kind),
      m_options(options) {
    const ModelPack& p = model.pack();
    m_mean = at::tensor({p.mean[0], p.mean[1], p.mean[2]}).view({1, 3, 1, 1});
    m_std = at::tensor({p.std[0], p.std[1], p.std[2]}).view({1, 3, 1, 1});
    if (kind == ScoreKind::NegLabel && (!m_negText.defined() || m_negText.size(0) == 0)) {
        throw SynoodError("the NegLabel score needs negative labels", "guided synthesis", "give --neglabels FILE");
    }
}

at::Tensor ImageScorer::modelInput(const at::Tensor& images) const {
    at::Tensor x = m_diffusion.pixelsFromImages(images);
    const int64_t size = m_model.pack().imageSize;
    const int64_t h = x.size(2), w = x.size(3);
    if (std::min(h, w) != size) {  // CLIP's Resize: the shorter side becomes `size`
        const double f = static_cast<double>(size) / static_cast<double>(std::min(h, w));
        x = at::upsample_bicubic2d(x, {std::max(size, static_cast<int64_t>(h * f)), std::max(size, static_cast<int64_t>(w * f))}, false);
    }
    const int64_t top = (x.size(2) - size) / 2, left = (x.size(3) - size) / 2;
    x = x.narrow(2, top, size).narrow(3, left, size);
    if (x.size(1) == 1) x = x.expand({-1, 3, -1, -1});
    // mean and std live on the CPU; the images are wherever the diffusion model runs.
    return ((x - m_mean.to(x.device(), x.scalar_type())) / m_std.to(x.device(), x.scalar_type())).contiguous();
}

at::Tensor ImageScorer::features(const at::Tensor& images) { return normalizeFeatures(m_model.encodeImages(modelInput(images))); }

at::Tensor ImageScorer::score(const at::Tensor& images) { return scoreOfFeatures(features(images)); }

at::Tensor ImageScorer::scoreOfFeatures(const at::Tensor& f) const { return computeScore(m_kind, f, m_indText, m_negText, m_options); }

at::Tensor ImageScorer::nearestNegative(const at::Tensor& f) const {
    if (!m_negText.defined() || m_negText.size(0) == 0) {
        throw SynoodError("pseudo labels need negative labels", "guided synthesis", "give --neglabels FILE");
    }
    return at::matmul(f, m_negText.t()).argmax(1);  // argmax of softmax(100·cos) = argmax of cos
}

LooksInD ImageScorer::looksInD(const at::Tensor& f) const { return synood::looksInD(f, m_indText, m_negText, m_options.logitScale); }

}  // namespace synood
