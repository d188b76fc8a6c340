#!/usr/bin/python3
"""The README's demo figures, drawn from what `synood demo run --out DIR` wrote (never typed):

  scripts/demo-figures.py DIR [--synood build/app/synood] [--docs docs]

docs/demo-validation.png   validation NegLabel AUROC and InD accuracy at every checkpoint (guided,
                           stage A then stage B of synood_stage_ab), the chosen step marked, per seed
docs/demo-crossings.png    near-OOD test images that stage A trained to its whole budget (the
                           unselected diagnostic) lets through (broken) or stops (fixed), seed 0
docs/demo-synthesized.png  guided training samples of seed 0 beside their seeds, with pseudo labels

Needs Debian's python3-matplotlib and python3-numpy (for /usr/bin/python3).
"""
import argparse
import json
import os
import subprocess
import tempfile

import matplotlib

matplotlib.use("Agg")
import matplotlib.image as mpimg  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402


def validation_figure(report, out):
    seeds = sorted(report["selection"], key=lambda s: int(s.split()[1]))
    fig, axes = plt.subplots(2, 2, figsize=(11, 6), sharex="col")
    for col, stage in enumerate(["stage_a", "stage_b"]):
        for seed in seeds:
            rec = report["selection"][seed]["variants"]["synood_stage_ab"][stage]
            steps = [c["step"] for c in rec["checkpoints"]]
            auroc = [100 * c["auroc"] for c in rec["checkpoints"]]
            acc = [100 * c["accuracy"] for c in rec["checkpoints"]]
            line = axes[0][col].plot(steps, auroc, label=seed)[0]
            axes[1][col].plot(steps, acc, color=line.get_color())
            chosen = rec["chosen_step"]
            k = steps.index(chosen)
            axes[0][col].plot([chosen], [auroc[k]], "o", color=line.get_color(), markersize=8, markerfacecolor="none")
            axes[1][col].plot([chosen], [acc[k]], "o", color=line.get_color(), markersize=8, markerfacecolor="none")
        zero = 100 * report["validation_ind_accuracy"]["zero_shot"]["accuracy"]
        axes[1][col].axhline(zero - 0.5, color="grey", linestyle="--", linewidth=1, label="zero-shot − 0.5 (floor)")
        axes[0][col].set_title("guided, " + stage.replace("_", " ") + " (circle: chosen checkpoint)")
        axes[1][col].set_xlabel("optimiser step")
    axes[0][0].set_ylabel("validation NegLabel AUROC %")
    axes[1][0].set_ylabel("validation InD accuracy %")
    axes[0][0].legend(fontsize=8)
    axes[1][0].legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out, dpi=90)


def crossings_figure(report, near_dir, out, per_row=12):
    c = report["crossings"]["seed 0"]["diagnostic_stage_a_unselected"]["near"]
    rows = [("broken", c["broken_images"][:per_row]), ("fixed", c["fixed_images"][:per_row])]
    fig, axes = plt.subplots(2, per_row, figsize=(per_row * 0.9, 2.6))
    for r, (name, images) in enumerate(rows):
        for k in range(per_row):
            ax = axes[r][k]
            ax.axis("off")
            if k < len(images):
                ax.imshow(mpimg.imread(os.path.join(near_dir, "%05d.png" % images[k])), cmap="gray")
        axes[r][0].set_title("%s: %d" % (name, c[name]), fontsize=9, loc="left")
    steps = report["protocol"]["stage_a_steps"]
    fig.suptitle("near-OOD test images across the FPR95 threshold: stage A trained %d steps (unselected) vs zero-shot, "
                 "seed 0" % steps, fontsize=9)
    fig.savefig(out, dpi=90)


def synthesized_figure(cache, out, count=12):
    ws_dir = os.path.join(cache, "synood", "workspace")
    with open(os.path.join(ws_dir, "workspace.json")) as f:
        samples = json.load(f)["samples"]
    picked = [s for s in samples if s.get("origin") == "synthesized" and s["provenance"].get("run_seed") == 0
              and s["provenance"]["parameters"].get("lr", 0) != 0 and s["provenance"].get("seed_rank", -1) < 50]
    picked = picked[::max(1, len(picked) // count)][:count]
    fig, axes = plt.subplots(2, count, figsize=(count * 1.0, 2.8))
    for k, s in enumerate(picked):
        axes[0][k].imshow(mpimg.imread(s["provenance"]["seed_image"]), cmap="gray")
        axes[1][k].imshow(mpimg.imread(os.path.join(ws_dir, s["image"])), cmap="gray")
        axes[1][k].set_title(s["provenance"]["pseudo_label"][:12], fontsize=7)
        axes[0][k].set_title(s["provenance"]["seed_class"][:12], fontsize=7)
        for r in (0, 1):
            axes[r][k].axis("off")
    fig.suptitle("seed 0: InD seeds (top, their class) and their guided samples (bottom, pseudo label)", fontsize=9)
    fig.savefig(out, dpi=90)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("dir", help="the --out folder of synood demo run")
    p.add_argument("--synood", default="build/app/synood")
    p.add_argument("--docs", default="docs")
    a = p.parse_args()
    with open(os.path.join(a.dir, "report.json")) as f:
        report = json.load(f)
    validation_figure(report, os.path.join(a.docs, "demo-validation.png"))
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([a.synood, "demo", "export", "near", "--out", tmp], check=True, stdout=subprocess.DEVNULL)
        crossings_figure(report, os.path.join(tmp, "near"), os.path.join(a.docs, "demo-crossings.png"))
    synthesized_figure(os.path.join(a.dir, "cache"), os.path.join(a.docs, "demo-synthesized.png"))
    print("wrote demo-validation.png, demo-crossings.png, demo-synthesized.png into " + a.docs)


if __name__ == "__main__":
    main()
