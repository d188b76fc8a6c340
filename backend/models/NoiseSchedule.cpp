#include "models/NoiseSchedule.h"

#include "core/Error.h"
#include "models/ModelPack.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

namespace synood {

void NoiseSchedule::build(int trainSteps) {
    if (trainSteps < 2) throw SynoodError("a noise schedule needs at least 2 training steps", "schedule", "check pack.json");
    m_alphaBar.resize(static_cast<size_t>(trainSteps));
    double product = 1.0;
    for (int i = 0; i < trainSteps; ++i) {
        const double f = static_cast<double>(i) / (trainSteps - 1);
        double beta;
        if (m_betaSchedule == "scaled_linear") {
            const double s = std::sqrt(m_betaStart) + f * (std::sqrt(m_betaEnd) - std::sqrt(m_betaStart));
            beta = s * s;
        } else {
            beta = m_betaStart + f * (m_betaEnd - m_betaStart);
        }
        product *= 1.0 - beta;
        m_alphaBar[static_cast<size_t>(i)] = product;
    }
}

NoiseSchedule NoiseSchedule::linear(int trainSteps, double betaStart, double betaEnd) {
    NoiseSchedule s;
    s.m_betaStart = betaStart;
    s.m_betaEnd = betaEnd;
    s.build(trainSteps);
    return s;
}

NoiseSchedule NoiseSchedule::withPrediction(Prediction prediction) const {
    NoiseSchedule s = *this;
    s.m_prediction = prediction;
    return s;
}

NoiseSchedule NoiseSchedule::fromJson(const nlohmann::json& j, const std::string& where) {
    NoiseSchedule s;
    s.m_betaSchedule = packText(j, "beta_schedule", "linear", where);
    if (s.m_betaSchedule != "linear" && s.m_betaSchedule != "scaled_linear") {
        throw SynoodError("unknown beta_schedule '" + s.m_betaSchedule + "'", where, "use linear or scaled_linear");
    }
    // Betas are variances of the noise added per step: in (0, 1), growing or flat.
    s.m_betaStart = packNumber(j, "beta_start", 1e-4, 1e-8, 0.999, where);
    s.m_betaEnd = packNumber(j, "beta_end", 0.02, s.m_betaStart, 0.999, where);
    s.m_stepsOffset = packInteger(j, "steps_offset", 0, 0, 100, where);
    const std::string prediction = packText(j, "prediction", "epsilon", where);
    if (prediction == "epsilon") {
        s.m_prediction = Prediction::Epsilon;
    } else if (prediction == "v_prediction") {
        s.m_prediction = Prediction::VPrediction;
    } else {
        throw SynoodError("unknown prediction type '" + prediction + "'", where, "use epsilon or v_prediction");
    }
    s.build(packInteger(j, "train_steps", 1000, 2, 100000, where));
    return s;
}

nlohmann::json NoiseSchedule::toJson() const {
    return {{"beta_schedule", m_betaSchedule}, {"beta_start", m_betaStart},
            {"beta_end", m_betaEnd},           {"train_steps", trainSteps()},
            {"steps_offset", m_stepsOffset},   {"prediction", m_prediction == Prediction::Epsilon ? "epsilon" : "v_prediction"}};
}

at::Tensor NoiseSchedule::alphaBarTensor() const { return at::tensor(m_alphaBar, at::kDouble).to(at::kFloat); }

at::Tensor NoiseSchedule::addNoise(const at::Tensor& x0, const at::Tensor& noise, int t) const {
    const double a = alphaBar(t);
    return std::sqrt(a) * x0 + std::sqrt(1.0 - a) * noise;
}

std::vector<int> NoiseSchedule::ddimTimesteps(int steps) const {
    if (steps < 1 || steps > trainSteps()) {
        throw SynoodError("the number of sampling steps must lie in 1.." + std::to_string(trainSteps()), "--steps", "e.g. --steps 20");
    }
    const int ratio = trainSteps() / steps;
    std::vector<int> ts;
    for (int i = steps - 1; i >= 0; --i) ts.push_back(std::min(i * ratio + m_stepsOffset, trainSteps() - 1));
    return ts;
}

std::vector<int> NoiseSchedule::sdeditTimesteps(int steps, double strength) const {
    if (!(strength > 0.0 && strength <= 1.0)) throw SynoodError("strength must lie in (0, 1]", "--strength", "e.g. --strength 0.6");
    const std::vector<int> all = ddimTimesteps(steps);
    const int run = std::max(1, std::min(steps, static_cast<int>(steps * strength)));
    return {all.end() - run, all.end()};
}

void NoiseSchedule::epsilonAndX0(const at::Tensor& out, const at::Tensor& xt, int t, at::Tensor& eps, at::Tensor& x0) const {
    const double a = alphaBar(t);
    const double sa = std::sqrt(a), sb = std::sqrt(1.0 - a);
    if (m_prediction == Prediction::Epsilon) {
        eps = out;
        x0 = (xt - sb * out) / sa;
    } else {  // v = sqrt(ᾱ) ε − sqrt(1−ᾱ) x0
        x0 = sa * xt - sb * out;
        eps = sa * out + sb * xt;
    }
}

at::Tensor NoiseSchedule::trainingTarget(const at::Tensor& x0, const at::Tensor& noise, const at::Tensor& alphaBar) const {
    if (m_prediction == Prediction::Epsilon) return noise;
    return alphaBar.sqrt() * noise - (1 - alphaBar).sqrt() * x0;
}

at::Tensor NoiseSchedule::minSnrWeight(const at::Tensor& alphaBar, double gamma) const {
    const at::Tensor snr = alphaBar / (1 - alphaBar);
    return at::clamp_max(snr, gamma) / (m_prediction == Prediction::Epsilon ? snr : snr + 1);
}

at::Tensor NoiseSchedule::ddimStep(const at::Tensor& eps, const at::Tensor& x0, int t, int tPrev, double eta,
                                   const at::Tensor& noise) const {
    const double a = alphaBar(t);
    const double aPrev = tPrev >= 0 ? alphaBar(tPrev) : alphaBar(0);  // set_alpha_to_one = false
    const double variance = (1.0 - aPrev) / (1.0 - a) * (1.0 - a / aPrev);
    const double sigma = eta * std::sqrt(std::max(0.0, variance));
    at::Tensor next = std::sqrt(aPrev) * x0 + std::sqrt(std::max(0.0, 1.0 - aPrev - sigma * sigma)) * eps;
    if (sigma > 0.0) next = next + sigma * noise;
    return next;
}

}  // namespace synood
