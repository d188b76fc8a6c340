// OOD scores against plain double-precision loops written here from METHOD.md's formulas
// (independent of the torch expressions under test), float32 overflow safety, and gradients.
#include "core/Error.h"
#include "ood/LooksInD.h"
#include "ood/Scores.h"

#include <ATen/ATen.h>
#include <torch/autograd.h>

#include <QtTest>

#include <cmath>

using namespace synood;

namespace {

using Matrix = std::vector<std::vector<double>>;

Matrix toMatrix(const at::Tensor& t) {
    const at::Tensor d = t.to(at::kDouble).contiguous();
    Matrix m(static_cast<size_t>(d.size(0)), std::vector<double>(static_cast<size_t>(d.size(1))));
    for (int64_t i = 0; i < d.size(0); ++i)
        for (int64_t j = 0; j < d.size(1); ++j) m[size_t(i)][size_t(j)] = d[i][j].item<double>();
    return m;
}

double refMsp(const std::vector<double>& logits) {
    double mx = *std::max_element(logits.begin(), logits.end()), z = 0;
    for (double l : logits) z += std::exp(l - mx);
    return 1.0 / z;  // the max entry's softmax: exp(0) / z
}
double refEnergy(const std::vector<double>& logits, double T) {
    double z = 0;
    for (double l : logits) z += std::exp(l / T);
    return T * std::log(z);
}
// Plain exponentials in double: fine for |cos/tau| <= 100.
double refNegLabel(const std::vector<double>& pos, const std::vector<double>& neg, double tau) {
    double p = 0, n = 0;
    for (double c : pos) p += std::exp(c / tau);
    for (double c : neg) n += std::exp(c / tau);
    return p / (p + n);
}

double compare(const at::Tensor& got, const std::vector<double>& expected) {
    double worst = 0;
    for (size_t i = 0; i < expected.size(); ++i) {
        worst = std::max(worst, std::abs(got[int64_t(i)].item<double>() - expected[i]));
    }
    return worst;
}

}  // namespace

class TestScores : public QObject {
    Q_OBJECT
    at::Tensor m_img, m_ind, m_neg;  // normalised features

private Q_SLOTS:
    void init() {
        at::manual_seed(3);
        auto norm = [](at::Tensor t) { return t / t.norm(2, -1, true); };
        m_img = norm(at::randn({7, 16}, at::kDouble));
        m_ind = norm(at::randn({5, 16}, at::kDouble));
        m_neg = norm(at::randn({23, 16}, at::kDouble));
    }

    void logitScoresMatchReference() {
        const Matrix cos = toMatrix(at::matmul(m_img, m_ind.t()));
        std::vector<double> msp, energy, energyT, maxLogit, mcm;
        for (const auto& row : cos) {
            std::vector<double> logits, scaled;
            for (double c : row) {
                logits.push_back(100 * c);
                scaled.push_back(c / 1.0);
            }
            msp.push_back(refMsp(logits));
            energy.push_back(refEnergy(logits, 1.0));
            energyT.push_back(refEnergy(logits, 2.5));
            maxLogit.push_back(*std::max_element(logits.begin(), logits.end()));
            mcm.push_back(refMsp(scaled));
        }
        const at::Tensor none;
        QVERIFY(compare(computeScore(ScoreKind::MSP, m_img, m_ind, none), msp) < 1e-12);
        QVERIFY(compare(computeScore(ScoreKind::Energy, m_img, m_ind, none), energy) < 1e-9);
        ScoreOptions o;
        o.temperature = 2.5;
        QVERIFY(compare(computeScore(ScoreKind::Energy, m_img, m_ind, none, o), energyT) < 1e-9);
        QVERIFY(compare(computeScore(ScoreKind::MaxLogit, m_img, m_ind, none), maxLogit) < 1e-9);
        QVERIFY(compare(computeScore(ScoreKind::MCM, m_img, m_ind, none), mcm) < 1e-12);
    }

    void negLabelMatchesReferenceWithAndWithoutGroups() {
        const Matrix pos = toMatrix(at::matmul(m_img, m_ind.t()));
        const Matrix neg = toMatrix(at::matmul(m_img, m_neg.t()));
        ScoreOptions o;
        o.negLabelGroups = 1;
        std::vector<double> ungrouped;
        for (size_t i = 0; i < pos.size(); ++i) ungrouped.push_back(refNegLabel(pos[i], neg[i], 0.01));
        QVERIFY(compare(computeScore(ScoreKind::NegLabel, m_img, m_ind, m_neg, o), ungrouped) < 1e-12);

        // 4 groups of 23 negatives: permutation by the seed, groups of 5, the last 3 dropped.
        o.negLabelGroups = 4;
        o.groupSeed = 11;
        at::Generator gen = at::detail::createCPUGenerator(11);
        const at::Tensor perm = at::randperm(23, gen, at::TensorOptions().dtype(at::kLong));
        std::vector<double> grouped;
        for (size_t i = 0; i < pos.size(); ++i) {
            double sum = 0;
            for (int g = 0; g < 4; ++g) {
                std::vector<double> part;
                for (int k = 0; k < 5; ++k) part.push_back(neg[i][size_t(perm[g * 5 + k].item<int64_t>())]);
                sum += refNegLabel(pos[i], part, 0.01);
            }
            grouped.push_back(sum / 4);
        }
        QVERIFY(compare(computeScore(ScoreKind::NegLabel, m_img, m_ind, m_neg, o), grouped) < 1e-12);
        QVERIFY_THROWS_EXCEPTION(SynoodError, computeScore(ScoreKind::NegLabel, m_img, m_ind, at::Tensor()));
    }

    void negLabelInBlocksEqualsTheWholeMatrix() {
        // 600 images against 4,096 negatives: computeScore works in blocks of 256 images; the whole
        // similarity matrix (negLabelScore) must give the same scores.
        at::manual_seed(11);
        const auto unit = [](const at::Tensor& x) { return x / x.norm(2, 1, true); };
        const at::Tensor img = unit(at::randn({600, 8})), ind = unit(at::randn({3, 8})), neg = unit(at::randn({4096, 8}));
        ScoreOptions o;
        o.negLabelTau = 0.07;
        o.groupSeed = 5;
        const at::Tensor blocks = computeScore(ScoreKind::NegLabel, img, ind, neg, o);
        const at::Tensor whole = negLabelScore(at::matmul(img, ind.t()), at::matmul(img, neg.t()), 0.07, 100, 5);
        QCOMPARE(blocks.size(0), int64_t(600));
        QVERIFY(at::allclose(blocks, whole, 1e-6, 1e-7));
    }

    void negLabelWithChangingRowsEqualsTheWholeScore() {
        // Stage B's checkpoints: the same images against negatives that differ in some rows only.
        at::manual_seed(12);
        const auto unit = [](const at::Tensor& x) { return x / x.norm(2, 1, true); };
        const at::Tensor img = unit(at::randn({600, 8})), ind = unit(at::randn({3, 8})), neg = unit(at::randn({4096, 8}));
        for (double tau : {0.07, 0.01}) {  // 0.01: exp(cos / tau) overflows float32 outside log space
            ScoreOptions o;
            o.negLabelTau = tau;
            o.groupSeed = 5;
            const at::Tensor some = at::randperm(4096, at::kLong).narrow(0, 0, 150);
            const at::Tensor before = computeScore(ScoreKind::NegLabel, img, ind, neg, o);
            for (const at::Tensor& changing : {some, at::arange(4096, at::kLong), at::empty({0}, at::kLong)}) {
                const NegLabelWithChangingRows partial(img, ind, neg, changing, o);
                for (int round = 0; round < 2; ++round) {
                    const at::Tensor rows = unit(at::randn({changing.size(0), 8}));
                    const at::Tensor whole = computeScore(ScoreKind::NegLabel, img, ind, neg.index_copy(0, changing, rows), o);
                    const at::Tensor got = partial.score(rows);
                    QVERIFY2(at::allclose(got, whole, 1e-5, 1e-7), qPrintable(QString("tau %1, %2 rows: worst %3")
                                                                                  .arg(tau)
                                                                                  .arg(changing.size(0))
                                                                                  .arg((got - whole).abs().max().item<double>())));
                    QCOMPARE(at::allclose(got, before, 1e-5, 1e-7), changing.size(0) == 0);  // the new rows count
                }
            }
        }
    }

    void float32DoesNotOverflow() {
        // cos = 0.99 with tau 0.01: exp(99) is above float32's maximum (3.4e38).
        const at::Tensor cosPos = at::full({2, 3}, 0.99f);
        const at::Tensor cosNeg = at::full({2, 400}, 0.98f);
        const at::Tensor s = negLabelScore(cosPos, cosNeg, 0.01, 4);
        QVERIFY(at::isfinite(s).all().item<bool>());
        const double expected = 3 * std::exp(99.0) / (3 * std::exp(99.0) + 100 * std::exp(98.0));
        QVERIFY(std::abs(s[0].item<double>() - expected) < 1e-6);
        const at::Tensor e = energyScore(at::full({1, 3}, 95.0f), 1.0);
        QVERIFY(std::abs(e[0].item<double>() - (95.0 + std::log(3.0))) < 1e-4);
    }

    void gradientsMatchFiniteDifferences() {
        for (const std::string& name : scoreNames()) {
            const ScoreKind kind = scoreKindFromString(name);
            ScoreOptions o;
            o.negLabelGroups = 3;
            o.negLabelTau = 0.05;
            o.logitScale = 10;
            at::Tensor x = m_img.slice(0, 0, 1).clone().requires_grad_(true);
            computeScore(kind, x, m_ind, m_neg, o).sum().backward();
            const at::Tensor grad = x.grad().clone();
            QVERIFY(at::isfinite(grad).all().item<bool>());
            for (int64_t j : {0, 5, 11}) {
                const double h = 1e-6;
                at::Tensor up = m_img.slice(0, 0, 1).clone(), down = up.clone();
                up[0][j] += h;
                down[0][j] -= h;
                at::NoGradGuard g;
                const double numeric =
                    (computeScore(kind, up, m_ind, m_neg, o).item<double>() - computeScore(kind, down, m_ind, m_neg, o).item<double>()) /
                    (2 * h);
                QVERIFY2(std::abs(numeric - grad[0][j].item<double>()) < 1e-5 * std::max(1.0, std::abs(numeric)),
                         qPrintable(QString::fromStdString(name)));
            }
        }
    }

    // Looks InD: the top InD class's share of one softmax over InD classes and negatives, by hand.
    void looksInDIsTheTopInDClassProbability() {
        const at::Tensor ind = at::eye(4, at::kFloat).narrow(0, 0, 2);                             // classes e0, e1
        const at::Tensor neg = at::eye(4, at::kFloat).narrow(0, 2, 2);                             // negatives e2, e3
        const at::Tensor f = at::tensor({1.f, 0.f, 0.f, 0.f, 0.f, 0.6f, 0.8f, 0.f}).view({2, 4});  // on e1 and between e1 and e2
        const LooksInD looks = looksInD(f, ind, neg, 2.0);
        QCOMPARE(looks.classIndex, (std::vector<int64_t>{0, 1}));
        const double first = std::exp(2.0) / (std::exp(2.0) + 3);
        const double second = std::exp(1.2) / (std::exp(1.2) + std::exp(1.6) + 2);
        QVERIFY(std::abs(looks.probability[0] - first) < 1e-6);
        QVERIFY(std::abs(looks.probability[1] - second) < 1e-6);
        // Without negatives the InD classes share all the mass.
        const LooksInD alone = looksInD(f, ind, at::Tensor(), 2.0);
        QVERIFY(std::abs(alone.probability[1] - std::exp(1.2) / (std::exp(1.2) + 1)) < 1e-6);
        QVERIFY_THROWS_EXCEPTION(SynoodError, looksInD(f.narrow(1, 0, 3), ind, neg, 2.0));
    }

    void namesRoundTrip() {
        for (const auto& n : scoreNames()) QCOMPARE(std::string(toString(scoreKindFromString(n))), n);
        QVERIFY_THROWS_EXCEPTION(SynoodError, scoreKindFromString("odin"));
    }
};

QTEST_APPLESS_MAIN(TestScores)
#include "test_scores.moc"
