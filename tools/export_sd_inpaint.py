#!/usr/bin/env python3
"""Export Stable Diffusion inpainting to a SynOOD Studio diffusion pack (TorchScript modules + pack.json).

Run it where Python, torch and diffusers are installed and the weights can be downloaded (or lie in a
local folder); SynOOD Studio itself never downloads anything:

    python3 tools/export_sd_inpaint.py --device cuda --out packs/sd2-inpaint
    python3 tools/export_sd_inpaint.py --device cuda --model /models/stable-diffusion-2-inpainting --out packs/sd2-inpaint

Then:  synood synth --pack CLIP_PACK --diffusion packs/sd2-inpaint --device cuda --workspace W

It writes, with the call signatures backend/models/SdInpaintDiffusion.h states:
    unet.pt          forward(sample [N, 9, h, w], timestep int64 [N], encoder_hidden_states [N, 77, D])
    vae_encoder.pt   forward(images [N, 3, H, W] in [-1, 1]) -> latent mean (unscaled)
    vae_decoder.pt   forward(latents, unscaled) -> images in about [-1, 1]
    text_encoder.pt  forward(input_ids int64 [N, 77]) -> hidden states [N, 77, D]
    merges.txt       the CLIP BPE merges of the pipeline's tokenizer
    pack.json        image size, latent channels and scale, VAE scaling factor, pad token, noise
                     schedule, and each file's sha256

The modules are traced on --device in --dtype (float16 on CUDA by default): TorchScript traces record
device and dtype constants, so export for where the pack will run. The studio runs them as exported.
What was tested where: the argument handling runs in the project's test suite (tests/test_cli.cpp),
and the C++ side of this contract is tested on a tiny fixture with the same signatures
(tests/fixtures/make_tiny_sd_inpaint.py, which writes its pack.json with diffusion_pack_json below).
This script has not been run against the real weights on the project's machines (no GPU, no download
there); check its output with --verify, which compares each module with the pipeline on one input.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys

DEFAULT_MODEL = "stabilityai/stable-diffusion-2-inpainting"
EXIT_USAGE, EXIT_MISSING_PACKAGE, EXIT_VERIFY = 2, 3, 4


def diffusion_pack_json(name, image_size, vae_scaling_factor, pad_token_id, schedule, files, latent_channels=4,
                        latent_scale=8):
    """The pack.json of a diffusion-only pack; `files` maps role -> (relative path, sha256 or None)."""
    return {
        "name": name,
        "kind": "diffusion-only",
        "diffusion": {
            "kind": "sd-inpaint-torchscript", "image_size": image_size, "latent_channels": latent_channels,
            "latent_scale": latent_scale, "vae_scaling_factor": vae_scaling_factor, "pad_token_id": pad_token_id,
            "schedule": schedule,
        },
        "files": [dict({"role": role, "path": path}, **({"sha256": sha} if sha else {}))
                  for role, (path, sha) in files.items()],
    }


def schedule_from_diffusers(config):
    """NoiseSchedule's pack.json fields from a diffusers scheduler config."""
    kind = config.get("beta_schedule", "linear")
    if kind not in ("linear", "scaled_linear"):
        raise ValueError(f"beta_schedule {kind!r} is not supported (linear or scaled_linear)")
    prediction = config.get("prediction_type", "epsilon")
    if prediction not in ("epsilon", "v_prediction"):
        raise ValueError(f"prediction_type {prediction!r} is not supported (epsilon or v_prediction)")
    return {"beta_schedule": kind, "beta_start": float(config.get("beta_start", 0.00085)),
            "beta_end": float(config.get("beta_end", 0.012)), "train_steps": int(config.get("num_train_timesteps", 1000)),
            "steps_offset": int(config.get("steps_offset", 0)), "prediction": prediction}


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__.split("\n\n", 1)[1])
    p.add_argument("--model", default=DEFAULT_MODEL, help="Hugging Face id or local folder (default: %(default)s)")
    p.add_argument("--out", required=True, help="the pack folder to write")
    p.add_argument("--device", default="cpu", help="where to trace: cpu or cuda[:N] (default: %(default)s); "
                   "traces record device and dtype constants, so export for where the pack will run")
    p.add_argument("--dtype", choices=["float32", "float16"], default=None,
                   help="weights and trace precision (default: float16 on cuda, float32 on cpu)")
    p.add_argument("--overwrite", action="store_true", help="replace an existing pack folder")
    p.add_argument("--verify", action="store_true", help="compare each exported module with the pipeline")
    args = p.parse_args(argv)
    if os.path.exists(args.out) and os.listdir(args.out) and not args.overwrite:
        p.error(f"{args.out} exists and is not empty; give --overwrite to replace it")
    if args.device != "cpu" and not args.device.startswith("cuda"):
        p.error(f"--device must be cpu or cuda[:N], not {args.device!r}")
    if args.dtype is None:
        args.dtype = "float32" if args.device == "cpu" else "float16"
    if args.dtype == "float16" and args.device == "cpu":
        p.error("--dtype float16 needs --device cuda (no half-precision kernels on the CPU)")
    return args


def import_packages():
    try:
        import torch  # noqa: F401
        import diffusers  # noqa: F401
    except ImportError as e:
        print(f"export_sd_inpaint: {e.name} is not installed; run this script where torch and diffusers are "
              f"(pip install torch diffusers transformers)", file=sys.stderr)
        sys.exit(EXIT_MISSING_PACKAGE)


def export(args):
    import torch
    from diffusers import StableDiffusionInpaintPipeline

    class Unet(torch.nn.Module):
        def __init__(self, unet):
            super().__init__()
            self.unet = unet

        def forward(self, sample, timestep, encoder_hidden_states):
            return self.unet(sample, timestep, encoder_hidden_states=encoder_hidden_states, return_dict=False)[0]

    class VaeEncoder(torch.nn.Module):
        def __init__(self, vae):
            super().__init__()
            self.vae = vae

        def forward(self, images):
            return self.vae.encode(images).latent_dist.mean

    class VaeDecoder(torch.nn.Module):
        def __init__(self, vae):
            super().__init__()
            self.vae = vae

        def forward(self, latents):
            return self.vae.decode(latents, return_dict=False)[0]

    class TextEncoder(torch.nn.Module):
        def __init__(self, encoder):
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids):
            return self.encoder(input_ids, return_dict=False)[0]

    dtype = getattr(torch, args.dtype)
    pipe = StableDiffusionInpaintPipeline.from_pretrained(args.model, torch_dtype=dtype).to(args.device)
    latent_scale = 2 ** (len(pipe.vae.config.block_out_channels) - 1)
    image_size = pipe.unet.config.sample_size * latent_scale
    latent, channels = image_size // latent_scale, pipe.vae.config.latent_channels
    if pipe.unet.config.in_channels != 2 * channels + 1:
        sys.exit(f"export_sd_inpaint: {args.model} is not an inpainting UNet (in_channels {pipe.unet.config.in_channels})")
    ids = pipe.tokenizer(["a photo of a cat.", ""], padding="max_length", max_length=77, return_tensors="pt").input_ids
    ids = ids.to(args.device)
    dev = torch.device(args.device)
    with torch.no_grad():
        hidden = pipe.text_encoder(ids, return_dict=False)[0]
        examples = {
            "text_encoder": (TextEncoder(pipe.text_encoder), (ids,)),
            "unet": (Unet(pipe.unet), (torch.randn(2, 2 * channels + 1, latent, latent, device=dev, dtype=dtype),
                                       torch.tensor([501, 501], device=dev), hidden)),
            "vae_encoder": (VaeEncoder(pipe.vae), (torch.rand(1, 3, image_size, image_size, device=dev, dtype=dtype) * 2 - 1,)),
            "vae_decoder": (VaeDecoder(pipe.vae), (torch.randn(1, channels, latent, latent, device=dev, dtype=dtype),)),
        }
        if os.path.exists(args.out):
            shutil.rmtree(args.out)
        os.makedirs(args.out)
        files = {}
        for role, (module, inputs) in examples.items():
            traced = torch.jit.trace(module.eval(), inputs, check_trace=False)
            path = os.path.join(args.out, role + ".pt")
            traced.save(path)
            if args.verify:
                err = (traced(*inputs) - module(*inputs)).abs().max().item()
                print(f"verify {role}: max difference {err:.2e}")
                if err > 1e-3:
                    sys.exit(EXIT_VERIFY)
            files[role] = (role + ".pt", sha256_of(path))
    merges = getattr(pipe.tokenizer, "merges_file", None) or os.path.join(pipe.tokenizer.name_or_path, "merges.txt")
    shutil.copyfile(merges, os.path.join(args.out, "merges.txt"))
    files["bpe"] = ("merges.txt", sha256_of(os.path.join(args.out, "merges.txt")))
    pad = pipe.tokenizer.pad_token_id if pipe.tokenizer.pad_token_id is not None else pipe.tokenizer.eos_token_id
    pack = diffusion_pack_json(os.path.basename(str(args.model).rstrip("/")), image_size,
                               float(pipe.vae.config.scaling_factor), int(pad), schedule_from_diffusers(pipe.scheduler.config),
                               files, channels, latent_scale)
    with open(os.path.join(args.out, "pack.json"), "w") as f:
        json.dump(pack, f, indent=1)
    print(f"wrote {args.out}: image {image_size}, latents {channels}x{latent}x{latent}, pad token {pad}")


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import_packages()
    export(args)


if __name__ == "__main__":
    main()
