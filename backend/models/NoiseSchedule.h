#pragma once
// A diffusion model's noise schedule and the DDIM update, as diffusers' DDIMScheduler computes them
// ("leading" timestep spacing, steps_offset, set_alpha_to_one = false as Stable Diffusion ships it).
#include <ATen/core/Tensor.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace synood {

enum class Prediction { Epsilon, VPrediction };

class NoiseSchedule {
public:
    // pack.json "schedule": {"beta_schedule": "linear"|"scaled_linear", "beta_start", "beta_end",
    // "train_steps", "steps_offset", "prediction": "epsilon"|"v_prediction"}.
    static NoiseSchedule fromJson(const nlohmann::json& j, const std::string& where = "pack.json schedule");
    nlohmann::json toJson() const;
    static NoiseSchedule linear(int trainSteps = 1000, double betaStart = 1e-4, double betaEnd = 0.02);
    NoiseSchedule withPrediction(Prediction prediction) const;

    int trainSteps() const { return static_cast<int>(m_alphaBar.size()); }
    Prediction prediction() const { return m_prediction; }
    double alphaBar(int t) const { return m_alphaBar.at(static_cast<size_t>(t)); }
    // ᾱ per timestep as a float tensor [T] (for batched training).
    at::Tensor alphaBarTensor() const;

    // x_t = sqrt(ᾱ_t) x0 + sqrt(1-ᾱ_t) ε, with t a single timestep.
    at::Tensor addNoise(const at::Tensor& x0, const at::Tensor& noise, int t) const;

    // Timesteps of a `steps`-step DDIM run, descending (diffusers' "leading" spacing).
    std::vector<int> ddimTimesteps(int steps) const;
    // The timesteps an SDEdit run of strength s walks: the last int(steps·s) of ddimTimesteps(steps).
    std::vector<int> sdeditTimesteps(int steps, double strength) const;

    // The model output at (x_t, t) turned into the noise estimate ε̂ and the predicted x̂0.
    void epsilonAndX0(const at::Tensor& modelOutput, const at::Tensor& xt, int t, at::Tensor& eps, at::Tensor& x0) const;
    // What the model learns to output for x_t = sqrt(ᾱ) x0 + sqrt(1−ᾱ) ε (ε, or v = sqrt(ᾱ) ε − sqrt(1−ᾱ) x0),
    // with ᾱ per sample ([N, 1, 1, 1]).
    at::Tensor trainingTarget(const at::Tensor& x0, const at::Tensor& noise, const at::Tensor& alphaBar) const;
    // Min-SNR-γ loss weights (Hang et al., 2023) for ᾱ per sample: min(SNR, γ) over SNR for ε, over
    // SNR + 1 for v, so low-noise steps count less in either.
    at::Tensor minSnrWeight(const at::Tensor& alphaBar, double gamma) const;
    // One DDIM update from t to tPrev (tPrev < 0: the final step). η = 0 is deterministic; η > 0
    // adds `noise` scaled by η·σ_t.
    at::Tensor ddimStep(const at::Tensor& eps, const at::Tensor& x0, int t, int tPrev, double eta, const at::Tensor& noise) const;

private:
    std::vector<double> m_alphaBar;
    std::string m_betaSchedule = "linear";
    double m_betaStart = 1e-4, m_betaEnd = 0.02;
    int m_stepsOffset = 0;
    Prediction m_prediction = Prediction::Epsilon;
    void build(int trainSteps);
};

}  // namespace synood
