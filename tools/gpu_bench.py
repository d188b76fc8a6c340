#!/usr/bin/env python3
"""GPU throughput of the model parts SynOOD Studio loads, at their real sizes, with random weights.

    python3 tests/fixtures/make_tiny_clip.py --size vit-b-16 --device cuda --half /tmp/clip
    python3 tests/fixtures/make_tiny_sd_inpaint.py --size sd2 --device cuda --dtype float16 /tmp/sd2
    python3 tools/gpu_bench.py --clip /tmp/clip/clip_vit_b16_random.pt --sd /tmp/sd2 --out bench.json

It loads the same kind of TorchScript archives the C++ backend loads (CLIP with OpenAI's interface; the
SD inpainting modules with the signatures of backend/models/SdInpaintDiffusion.h), traced on CUDA in
half precision, and times: CLIP image encoding (images/s), one UNet denoising step with classifier-free guidance
(ms), and one guided synthesis as METHOD.md gives it (20 DDIM steps at strength 0.6 = 12 steps, CFG 8,
K = 3 iterations, decode with gradient, energy over CLIP zero-shot logits, ε update), with the peak GPU
memory. The guided loop here is written with PyTorch, mirroring backend/synth/GuidedSynthesis.cpp; it
measures the models' cost, not the C++ code around them.
"""
import argparse
import json
import time

import torch
import torch.nn.functional as F


def timed(fn, warmup=2, repeat=5):
    for _ in range(warmup):
        fn()
    SYNC()
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn()
    SYNC()
    return (time.perf_counter() - t0) / repeat


SYNC = None  # waits for queued GPU work before a timer is read


def alphas_cumprod(start=0.00085, end=0.012, steps=1000):
    betas = torch.linspace(start ** 0.5, end ** 0.5, steps, dtype=torch.float64) ** 2
    return torch.cumprod(1 - betas, 0)


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--clip", required=True)
    p.add_argument("--sd", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--batch", type=int, nargs="+", default=[1, 8])
    p.add_argument("--device", default="cuda", help="cpu only for a smoke test of this script (float32)")
    a = p.parse_args()
    dev = torch.device(a.device)
    half = torch.float16 if dev.type == "cuda" else torch.float32
    global SYNC
    SYNC = torch.cuda.synchronize if dev.type == "cuda" else (lambda: None)
    report = {"device": torch.cuda.get_device_name(0) if dev.type == "cuda" else "cpu", "torch": torch.__version__,
              "precision": str(half)}
    with open(f"{a.sd}/pack.json") as f:
        latent = json.load(f)["diffusion"]["image_size"] // 8

    clip = torch.jit.load(a.clip, map_location=dev).eval()
    res = int(clip.input_resolution)
    with torch.no_grad():
        embed = clip.encode_image(torch.zeros(1, 3, res, res, device=dev, dtype=half)).shape[-1]
        for n in (1, 256 if dev.type == "cuda" else 4):
            x = torch.randn(n, 3, res, res, device=dev, dtype=half)
            s = timed(lambda: clip.encode_image(x))
            report[f"clip_images_per_s_batch{n}"] = n / s

    load = lambda name: torch.jit.load(f"{a.sd}/{name}.pt", map_location=dev).eval()
    unet, enc, dec, text = load("unet"), load("vae_encoder"), load("vae_decoder"), load("text_encoder")
    for m in (clip, unet, enc, dec, text):
        for q in m.parameters():
            q.requires_grad_(False)
    ac = alphas_cumprod().to(dev)
    ids = torch.zeros(2, 77, dtype=torch.long, device=dev)
    ids[:, 0], ids[0, 1], ids[1, 1:3] = 49406, 49407, torch.tensor([320, 49407], device=dev)
    with torch.no_grad():
        hidden = text(ids)
    unc, cond = hidden[:1], hidden[1:]
    ind_text = F.normalize(torch.randn(1000, embed, device=dev), dim=-1).to(half)
    steps = [t + 1 for t in range(0, 1000, 1000 // 20)][::-1][-12:]  # leading spacing, offset 1, strength 0.6

    for n in a.batch:
        z = torch.randn(n, 4, latent, latent, device=dev, dtype=half)
        mask = torch.ones(n, 1, latent, latent, device=dev, dtype=half)

        def unet_step():
            with torch.no_grad():
                sample = torch.cat([z, mask, z], 1).repeat(2, 1, 1, 1)
                c = torch.cat([unc.expand(n, -1, -1), cond.expand(n, -1, -1)])
                return unet(sample, torch.full((2 * n,), 501, device=dev, dtype=torch.long), c)

        report[f"unet_step_cfg_ms_batch{n}"] = 1000 * timed(unet_step)

        seed = torch.rand(n, 3, 8 * latent, 8 * latent, device=dev, dtype=half) * 2 - 1
        if dev.type == "cuda":
            torch.cuda.reset_peak_memory_stats()

        def guided():
            with torch.no_grad():
                z_in = enc(seed) * 0.18215
                masked = enc(seed * 0) * 0.18215
            eps = torch.randn_like(z_in)
            for _ in range(3):
                with torch.no_grad():
                    zt = ac[steps[0]].sqrt().to(half) * z_in + (1 - ac[steps[0]]).sqrt().to(half) * eps
                    for i, t in enumerate(steps):
                        sample = torch.cat([zt, mask, masked], 1).repeat(2, 1, 1, 1)
                        c = torch.cat([unc.expand(n, -1, -1), cond.expand(n, -1, -1)])
                        e_u, e_c = unet(sample, torch.full((2 * n,), t, device=dev, dtype=torch.long), c).chunk(2)
                        e = e_u + 8 * (e_c - e_u)
                        at = ac[t].to(half)
                        x0 = (zt - (1 - at).sqrt() * e) / at.sqrt()
                        prev = ac[steps[i + 1]].to(half) if i + 1 < len(steps) else ac[0].to(half)
                        zt = prev.sqrt() * x0 + (1 - prev).sqrt() * e
                z0 = zt.detach().requires_grad_(True)
                x = dec(z0 / 0.18215)
                f = F.normalize(clip.encode_image(F.interpolate((x + 1) / 2, size=res, mode="bilinear")), dim=-1)
                score = torch.logsumexp(100 * f @ ind_text.t(), dim=-1).float()
                loss = ((score - score.detach().mean() + 5) ** 2).mean()
                (g,) = torch.autograd.grad(loss, z0)
                eps = eps - 10 * g
            return x

        s = timed(guided, warmup=1, repeat=2)
        report[f"guided_synthesis_s_per_batch{n}"] = s
        report[f"guided_synthesis_samples_per_s_batch{n}"] = n / s
        if dev.type == "cuda":
            report[f"guided_synthesis_peak_gib_batch{n}"] = torch.cuda.max_memory_allocated() / 2 ** 30
    report["unet_parameters"] = sum(q.numel() for q in unet.parameters())
    report["clip_parameters"] = sum(q.numel() for q in clip.parameters())
    print(json.dumps(report, indent=1))
    with open(a.out, "w") as f:
        json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
