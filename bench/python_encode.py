#!/usr/bin/python3
"""The Python peer of `synood bench encode`: the same TorchScript CLIP archive, the same images,
the same thread counts, with CLIP's own preprocessing (PIL decode, torchvision Resize(bicubic),
CenterCrop, ToTensor, Normalize) through a DataLoader. Prints images/s end to end. --autocast bf16 runs the encoder under
torch.cpu.amp.autocast(dtype=torch.bfloat16), what a PyTorch user does for bfloat16 on CPU.

usage: python_encode.py ARCHIVE IMAGE_DIR [--batch 32] [--threads 2] [--decode-threads 2] [--size 224]
                        [--autocast fp32|bf16]
"""
import contextlib
import argparse
import glob
import os
import time

import torch
from PIL import Image
from torchvision import transforms

MEAN = (0.48145466, 0.4578275, 0.40821073)
STD = (0.26862954, 0.26130258, 0.27577711)


class Files(torch.utils.data.Dataset):
    def __init__(self, paths, size):
        self.paths = paths
        self.t = transforms.Compose([
            transforms.Resize(size, interpolation=transforms.InterpolationMode.BICUBIC),
            transforms.CenterCrop(size),
            lambda im: im.convert("RGB"),
            transforms.ToTensor(),
            transforms.Normalize(MEAN, STD),
        ])

    def __len__(self):
        return len(self.paths)

    def __getitem__(self, i):
        return self.t(Image.open(self.paths[i]))


def main():
    p = argparse.ArgumentParser()
    p.add_argument("archive")
    p.add_argument("images")
    p.add_argument("--batch", type=int, default=32)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--decode-threads", type=int, default=2)
    p.add_argument("--size", type=int, default=224)
    p.add_argument("--autocast", choices=["fp32", "bf16"], default="fp32")
    a = p.parse_args()

    def precision():
        return torch.cpu.amp.autocast(dtype=torch.bfloat16) if a.autocast == "bf16" else contextlib.nullcontext()

    torch.set_num_threads(a.threads)
    paths = sorted(glob.glob(os.path.join(a.images, "**", "*.jpg"), recursive=True))
    model = torch.jit.load(a.archive, map_location="cpu").eval()
    loader = torch.utils.data.DataLoader(Files(paths, a.size), batch_size=a.batch, num_workers=a.decode_threads)
    with torch.no_grad(), precision():
        model.encode_image(torch.zeros(1, 3, a.size, a.size))  # warm-up
        t0 = time.perf_counter()
        n = 0
        for batch in loader:
            model.encode_image(batch)
            n += batch.shape[0]
        dt = time.perf_counter() - t0
    print(f"python3-torch {torch.__version__}, {a.autocast}: {n} images in {dt:.2f} s = {n / dt:.2f} images/s "
          f"(threads {a.threads}, decode workers {a.decode_threads}, batch {a.batch})")
    batch = torch.stack([loader.dataset[i] for i in range(min(a.batch, len(paths)))])
    with torch.no_grad(), precision():
        t1 = time.perf_counter()
        for _ in range(2):
            model.encode_image(batch)
        print(f"  encoder alone (preprocessed batch of {batch.shape[0]}, twice): "
              f"{2 * batch.shape[0] / (time.perf_counter() - t1):.2f} images/s")


if __name__ == "__main__":
    main()
