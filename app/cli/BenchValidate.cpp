// synood bench validate: validating stage B's checkpoints, each alone (validateOn) against one
// CheckpointValidator that keeps what the checkpoints share, in the same run, at the demo's sizes.
#include "cli/Args.h"
#include "cli/BenchTiming.h"
#include "cli/Command.h"

#include "train/CheckpointValidator.h"

#include <ATen/ATen.h>

#include <cmath>
#include <cstdio>

namespace synood::cli {

int benchValidate(const std::vector<std::string>& argv) {
    Args args(argv, {"ind", "ood", "negatives", "dim", "changing", "checkpoints"}, {}, "bench validate");
    const int ind = args.intValue("ind", 3000, {1, 1e7}), ood = args.intValue("ood", 180, {1, 1e7});
    const int negatives = args.intValue("negatives", 11909, {100, 1e6}), dim = args.intValue("dim", 64, {2, 4096});
    const int changing = args.intValue("changing", 150, {0, static_cast<double>(negatives)}),
              checkpoints = args.intValue("checkpoints", 60, {1, 10000});
    at::manual_seed(0);
    const auto unit = [](const at::Tensor& x) { return x / x.norm(2, 1, true); };
    const at::Tensor indText = unit(at::randn({6, dim}));
    const at::Tensor indLabels = at::arange(ind, at::kLong) % 6;
    const ValidationSet set{indText.index_select(0, indLabels) + 0.8 * at::randn({ind, dim}), indLabels, at::randn({ood, dim})};
    const at::Tensor base = unit(at::randn({negatives, dim}));
    const at::Tensor rows = at::randperm(negatives, at::kLong).narrow(0, 0, changing);
    // Stage B's checkpoints: no adapter, the same rows moving a little further each time.
    std::vector<TunedModel> models;
    for (int k = 0; k < checkpoints; ++k) {
        const at::Tensor moved = unit(base.index_select(0, rows) + 0.05 * k * at::randn({changing, dim}));
        models.push_back({nullptr, base.index_copy(0, rows, moved), {}});
    }
    ScoreOptions so;
    so.negLabelTau = 1.0 / 13.97;  // the toy CLIP's own
    std::vector<Validation> alone, kept;
    const auto t0 = BenchClock::now();
    for (const TunedModel& m : models) alone.push_back(validateOn(m, set, indText, so));
    const double aloneSeconds = secondsSince(t0);
    const CheckpointValidator validator(set, indText, so);
    const auto t1 = BenchClock::now();
    for (const TunedModel& m : models) kept.push_back(validator(m));
    const double keptSeconds = secondsSince(t1);
    double worstAuroc = 0, worstFpr = 0;
    for (size_t i = 0; i < models.size(); ++i) {
        worstAuroc = std::max(worstAuroc, std::abs(alone[i].auroc - kept[i].auroc));
        worstFpr = std::max(worstFpr, std::abs(alone[i].fpr95 - kept[i].fpr95));
    }
    std::printf("%d checkpoints, %d InD + %d OOD images, %d negatives (%d changing), %d dimensions, %d threads\n", checkpoints, ind, ood,
                negatives, changing, dim, at::get_num_threads());
    std::printf("| validation | ms per checkpoint | total s |\n|---|---:|---:|\n");
    std::printf("| each alone (validateOn) | %.1f | %.2f |\n", 1000 * aloneSeconds / checkpoints, aloneSeconds);
    std::printf("| CheckpointValidator | %.1f | %.2f |\n", 1000 * keptSeconds / checkpoints, keptSeconds);
    std::printf("speed-up %.1fx; largest difference: AUROC %.2e, FPR95 %.2e\n", aloneSeconds / keptSeconds, worstAuroc, worstFpr);
    return 0;
}

}  // namespace synood::cli
