#include "ood/Failures.h"

#include "core/Csv.h"
#include "core/Error.h"
#include "ood/BoundaryBand.h"
#include "ood/Metrics.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <limits>
#include <sstream>

namespace synood {

namespace {

constexpr int64_t kQueryChunk = 1024;  // rows of a distance matrix at once (1024 x P floats)

// The pool's rows of one origin.
struct PoolPart {
    std::vector<size_t> rows;  // into TrainingPool
    at::Tensor features;       // [rows, D]; undefined when empty
};

PoolPart partOf(const TrainingPool& pool, bool synthesized) {
    PoolPart part;
    for (size_t i = 0; i < pool.ids.size(); ++i) {
        if (pool.synthesized[i] == synthesized) part.rows.push_back(i);
    }
    if (part.rows.empty()) return part;
    std::vector<int64_t> index(part.rows.begin(), part.rows.end());
    part.features = pool.features.index_select(0, at::tensor(index, at::kLong));
    return part;
}

// Euclidean distances [Q, P] between unit rows (sqrt(2 - 2 cos), clamped at 0 for rounding).
at::Tensor distances(const at::Tensor& queries, const at::Tensor& pool) {
    return (2.0 - 2.0 * at::matmul(queries, pool.t())).clamp_min(0.0).sqrt();
}

// Each query row's distance to its nearest row of the part (chunked: a large OOD set stays small in memory).
std::vector<double> nearestDistance(const at::Tensor& queries, const PoolPart& part) {
    std::vector<double> out;
    if (!part.features.defined() || queries.size(0) == 0) return out;
    out.reserve(static_cast<size_t>(queries.size(0)));
    for (int64_t start = 0; start < queries.size(0); start += kQueryChunk) {
        const at::Tensor d =
            std::get<0>(distances(queries.narrow(0, start, std::min(kQueryChunk, queries.size(0) - start)), part.features).min(1));
        const at::Tensor c = d.to(at::kDouble).contiguous();
        out.insert(out.end(), c.data_ptr<double>(), c.data_ptr<double>() + c.numel());
    }
    return out;
}

std::vector<Neighbour> nearestOf(const at::Tensor& query, const TrainingPool& pool, const PoolPart& part, int k) {
    std::vector<Neighbour> out;
    if (!part.features.defined() || k <= 0) return out;
    const at::Tensor d = distances(query.unsqueeze(0), part.features).squeeze(0);
    const auto [values, indices] = d.topk(std::min<int64_t>(k, d.size(0)), 0, /*largest=*/false);
    for (int64_t j = 0; j < values.size(0); ++j) {
        const size_t row = part.rows[static_cast<size_t>(indices[j].item<int64_t>())];
        out.push_back({pool.ids[row], pool.images[row], pool.synthesized[row], values[j].item<double>()});
    }
    return out;
}

DistanceSummary summaryOf(const std::vector<double>& values) {
    DistanceSummary s;
    s.n = values.size();
    if (values.empty()) return s;
    s.q10 = quantileOf(values, 0.10);
    s.median = quantileOf(values, 0.50);
    s.q90 = quantileOf(values, 0.90);
    return s;
}

at::Tensor rowsOf(const at::Tensor& features, const std::vector<size_t>& rows) {
    std::vector<int64_t> index(rows.begin(), rows.end());
    return features.index_select(0, at::tensor(index, at::kLong));
}

// Lists images by rank, each with its nearest training samples.
class Lister {
public:
    Lister(const TrainingPool& pool, size_t limit, int neighbours)
        : m_pool(pool),
          m_limit(limit),
          m_neighbours(neighbours),
          m_synthesized(pool.empty() ? PoolPart{} : partOf(pool, true)),
          m_ind(pool.empty() ? PoolPart{} : partOf(pool, false)) {}

    // The first `limit` of rows ordered by `before`.
    template <class Before>
    std::vector<FailureImage> list(const ScoredImages& set, std::vector<size_t> rows, Before before) const {
        const size_t n = std::min(m_limit, rows.size());
        std::partial_sort(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(n), rows.end(), before);
        std::vector<FailureImage> out;
        for (size_t k = 0; k < n; ++k) {
            const size_t i = rows[k];
            FailureImage f{i, set.images.at(i), set.scores[i], set.zeroShot[i], {}};
            if (!m_pool.empty()) {
                const at::Tensor q = set.features[static_cast<int64_t>(i)];
                f.nearest = nearestOf(q, m_pool, m_synthesized, m_neighbours);
                const auto ind = nearestOf(q, m_pool, m_ind, m_neighbours);
                f.nearest.insert(f.nearest.end(), ind.begin(), ind.end());
                std::stable_sort(f.nearest.begin(), f.nearest.end(),
                                 [](const Neighbour& a, const Neighbour& b) { return a.distance < b.distance; });
            }
            out.push_back(std::move(f));
        }
        return out;
    }

    Coverage coverage(const ScoredImages& set, const std::vector<size_t>& falsePositives) const {
        Coverage c;
        if (m_pool.empty()) return c;
        const at::Tensor fp = rowsOf(set.features, falsePositives);
        const std::vector<double> toSynthesized = nearestDistance(fp, m_synthesized), toInD = nearestDistance(fp, m_ind);
        size_t closer = 0;
        for (size_t k = 0; k < falsePositives.size(); ++k) {
            const double s = k < toSynthesized.size() ? toSynthesized[k] : std::numeric_limits<double>::infinity();
            const double i = k < toInD.size() ? toInD[k] : std::numeric_limits<double>::infinity();
            if (s < i) ++closer;
        }
        c.synthesizedNearestShare = falsePositives.empty() ? 0.0 : double(closer) / double(falsePositives.size());
        c.falsePositivesToSynthesized = summaryOf(toSynthesized);
        c.falsePositivesToInD = summaryOf(toInD);
        c.oodToSynthesized = summaryOf(nearestDistance(set.features, m_synthesized));
        return c;
    }

private:
    const TrainingPool& m_pool;
    size_t m_limit;
    int m_neighbours;
    PoolPart m_synthesized, m_ind;
};

void checkSet(const ScoredImages& s) {
    const size_t n = s.scores.size();
    if (s.images.size() != n || s.zeroShot.size() != n || !s.features.defined() || s.features.size(0) != static_cast<int64_t>(n)) {
        throw SynoodError("images, scores and features of a set differ in number", s.name, "a bug: report it");
    }
}

nlohmann::ordered_json imagesJson(const std::vector<FailureImage>& images) {
    auto list = nlohmann::ordered_json::array();
    for (const FailureImage& f : images) {
        auto nearest = nlohmann::ordered_json::array();
        for (const Neighbour& n : f.nearest) {
            nearest.push_back(
                {{"id", n.id}, {"image", n.image}, {"origin", n.synthesized ? "synthesized" : "ind"}, {"distance", n.distance}});
        }
        list.push_back(
            {{"image", f.image}, {"index", f.index}, {"score", f.score}, {"score_zero_shot", f.scoreZeroShot}, {"nearest", nearest}});
    }
    return list;
}

nlohmann::ordered_json summaryJson(const DistanceSummary& s) { return {{"n", s.n}, {"q10", s.q10}, {"median", s.median}, {"q90", s.q90}}; }

}  // namespace

FailureReport findFailures(const std::string& score, const std::string& method, bool comparedToZeroShot, const ScoredImages& ind,
                           const std::vector<ScoredImages>& ood, const TrainingPool& pool, size_t limit, int neighbours) {
    checkSet(ind);
    const size_t poolSize = pool.ids.size();
    if (!pool.empty() && (pool.images.size() != poolSize || pool.synthesized.size() != poolSize ||
                          pool.features.size(0) != static_cast<int64_t>(poolSize))) {
        throw SynoodError("the training pool's ids and features differ in number", "failures", "a bug: report it");
    }
    FailureReport report;
    report.score = score;
    report.method = method;
    report.comparedToZeroShot = comparedToZeroShot;
    report.hasPool = !pool.empty();
    const Lister lister(pool, limit, neighbours);
    for (const ScoredImages& set : ood) {
        checkSet(set);
        SetFailures f;
        f.name = set.name;
        f.nInd = ind.scores.size();
        f.nOod = set.scores.size();
        f.threshold = rocPointAtTpr(ind.scores, set.scores).threshold;
        f.thresholdZeroShot = rocPointAtTpr(ind.zeroShot, set.zeroShot).threshold;
        std::vector<size_t> falsePositives, falseNegatives, fixed, broken;
        for (size_t i = 0; i < set.scores.size(); ++i) {
            const bool accepted = set.scores[i] >= f.threshold, acceptedBefore = set.zeroShot[i] >= f.thresholdZeroShot;
            if (accepted) falsePositives.push_back(i);
            if (acceptedBefore && !accepted) fixed.push_back(i);
            if (!acceptedBefore && accepted) broken.push_back(i);
        }
        for (size_t i = 0; i < ind.scores.size(); ++i) {
            const bool accepted = ind.scores[i] >= f.threshold, acceptedBefore = ind.zeroShot[i] >= f.thresholdZeroShot;
            if (!accepted) falseNegatives.push_back(i);
            if (!acceptedBefore && accepted) ++f.indFixed;
            if (acceptedBefore && !accepted) ++f.indBroken;
        }
        f.falsePositiveCount = falsePositives.size();
        f.falseNegativeCount = falseNegatives.size();
        f.oodFixed = fixed.size();
        f.oodBroken = broken.size();
        const auto& s = set.scores;
        const auto& z = set.zeroShot;
        f.falsePositives = lister.list(set, falsePositives, [&](size_t a, size_t b) { return s[a] > s[b]; });
        f.falseNegatives = lister.list(ind, falseNegatives, [&](size_t a, size_t b) { return ind.scores[a] < ind.scores[b]; });
        // Fixed: zero-shot's most confident mistakes first; broken: the method's most confident new ones.
        f.fixed = lister.list(set, fixed, [&](size_t a, size_t b) { return z[a] > z[b]; });
        f.broken = lister.list(set, broken, [&](size_t a, size_t b) { return s[a] > s[b]; });
        f.coverage = lister.coverage(set, falsePositives);
        report.sets.push_back(std::move(f));
    }
    return report;
}

nlohmann::ordered_json FailureReport::toJson() const {
    nlohmann::ordered_json j{{"score", score},
                             {"method", method},
                             {"compared_to_zero_shot", comparedToZeroShot},
                             {"nearest_training_samples", hasPool},
                             {"sets", nlohmann::ordered_json::object()}};
    for (const SetFailures& f : sets) {
        nlohmann::ordered_json set{{"threshold", f.threshold},
                                   {"threshold_zero_shot", f.thresholdZeroShot},
                                   {"n_ind", f.nInd},
                                   {"n_ood", f.nOod},
                                   {"false_positive_count", f.falsePositiveCount},
                                   {"false_negative_count", f.falseNegativeCount},
                                   {"false_positives", imagesJson(f.falsePositives)},
                                   {"false_negatives", imagesJson(f.falseNegatives)}};
        if (comparedToZeroShot) {
            set["changed"] = {
                {"ood_fixed", f.oodFixed}, {"ood_broken", f.oodBroken}, {"ind_fixed", f.indFixed}, {"ind_broken", f.indBroken}};
            set["fixed"] = imagesJson(f.fixed);
            set["broken"] = imagesJson(f.broken);
        }
        if (hasPool) {
            set["coverage"] = {{"synthesized_nearest_share", f.coverage.synthesizedNearestShare},
                               {"false_positives_to_synthesized", summaryJson(f.coverage.falsePositivesToSynthesized)},
                               {"false_positives_to_ind", summaryJson(f.coverage.falsePositivesToInD)},
                               {"ood_to_synthesized", summaryJson(f.coverage.oodToSynthesized)}};
        }
        j["sets"][f.name] = std::move(set);
    }
    return j;
}

std::string FailureReport::toCsv() const {
    std::ostringstream csv;
    csv.precision(9);
    csv << "set,kind,rank,image,index,score,score_zero_shot,nearest_id,nearest_distance,nearest_synthesized\n";
    const auto rows = [&](const std::string& set, const char* kind, const std::vector<FailureImage>& images) {
        for (size_t r = 0; r < images.size(); ++r) {
            const FailureImage& f = images[r];
            csv << csvField(set) << "," << kind << "," << r + 1 << "," << csvField(f.image) << "," << f.index << "," << f.score << ","
                << f.scoreZeroShot << ",";
            if (!f.nearest.empty())
                csv << f.nearest.front().id << "," << f.nearest.front().distance << "," << f.nearest.front().synthesized;
            else
                csv << ",,";
            csv << "\n";
        }
    };
    for (const SetFailures& f : sets) {
        rows(f.name, "false_positive", f.falsePositives);
        rows(f.name, "false_negative", f.falseNegatives);
        rows(f.name, "fixed", f.fixed);
        rows(f.name, "broken", f.broken);
    }
    return csv.str();
}

}  // namespace synood
