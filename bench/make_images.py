#!/usr/bin/python3
"""Writes N deterministic JPEG images (500x375, ImageNet-like size) into OUT/class_k/ for benchmarks."""
import os
import sys

import numpy as np
from PIL import Image

out, n = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(0)
for i in range(n):
    d = os.path.join(out, f"class_{i % 4}")
    os.makedirs(d, exist_ok=True)
    base = rng.integers(0, 255, (375 // 8 + 1, 500 // 8 + 1, 3), dtype=np.uint8)
    img = Image.fromarray(base).resize((500, 375), Image.BILINEAR)  # smooth content, JPEG-friendly
    img.save(os.path.join(d, f"img_{i:05d}.jpg"), quality=90)
