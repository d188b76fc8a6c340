#include "ood/LooksInD.h"

#include "core/Error.h"

#include <ATen/ATen.h>

namespace synood {

LooksInD looksInD(const at::Tensor& features, const at::Tensor& indText, const at::Tensor& negText, double logitScale) {
    if (features.dim() != 2 || indText.dim() != 2 || indText.size(0) == 0 || features.size(1) != indText.size(1)) {
        throw SynoodError("image and InD text features do not match", "looks InD", "a bug: report it");
    }
    const bool withNegatives = negText.defined() && negText.numel() > 0;
    const at::Tensor labels = withNegatives ? at::cat({indText, negText.to(indText.scalar_type())}, 0) : indText;
    const at::Tensor f = features.to(at::kCPU, at::kFloat), text = labels.to(at::kCPU, at::kFloat);
    const at::Tensor logProbability = at::log_softmax(logitScale * at::matmul(f, text.t()), 1).narrow(1, 0, indText.size(0));
    const auto [best, index] = logProbability.max(1);
    LooksInD out;
    const at::Tensor p = best.exp().to(at::kDouble).contiguous(), i = index.contiguous();
    out.probability.assign(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
    out.classIndex.assign(i.data_ptr<int64_t>(), i.data_ptr<int64_t>() + i.numel());
    return out;
}

}  // namespace synood
