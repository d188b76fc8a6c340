#!/usr/bin/env bash
# Builds the C++ compute core against the CUDA LibTorch inside an installed PyTorch (no OpenCV,
# libcurl, hnswlib or Qt needed: -DSYNOOD_COMPUTE_ONLY=ON) and runs synood-gpu-bench beside its
# PyTorch peer tools/gpu_bench.py on the same random-weight archives (BENCHMARKS.md).
#   tools/gpu_build_and_bench.sh OUT_DIR [DEPS_PREFIX]
# DEPS_PREFIX: where ICU and nlohmann_json development files are when the system lacks them
# (include/, lib/, share/cmake/), e.g. copied from a Debian machine; lib/*.so links are made here.
set -euo pipefail
out=$1
deps=${2:-}
repo=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p "$out"
torch_cmake=$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')
prefix="$torch_cmake"
if [ -n "$deps" ]; then
  deps=$(cd "$deps" && pwd)
  for f in "$deps"/lib/*.so.*.*; do
    base=${f%.*}; ln -sf "$(basename "$f")" "$base"; ln -sf "$(basename "$base")" "${base%.*}"
  done
  prefix="$deps;$torch_cmake"
  export LD_LIBRARY_PATH="$deps/lib:${LD_LIBRARY_PATH:-}"
fi
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$out/gpu.txt"
t0=$(date +%s)
cmake -S "$repo" -B /tmp/synood-cuda -G Ninja -DCMAKE_BUILD_TYPE=Release -DSYNOOD_COMPUTE_ONLY=ON \
  -DCMAKE_PREFIX_PATH="$prefix" -DICU_ROOT="${deps:-/usr}" > "$out/configure.log" 2>&1 || { tail -40 "$out/configure.log"; exit 1; }
cmake --build /tmp/synood-cuda -j "$(nproc)" > "$out/build.log" 2>&1 || { grep -m20 -A5 error "$out/build.log"; exit 1; }
echo "configured and built in $(( $(date +%s) - t0 )) s" | tee "$out/build-time.txt"
python3 "$repo/tests/fixtures/make_tiny_clip.py" --size vit-b-16 --device cuda --half /tmp/clip > "$out/fixtures.log" 2>&1
python3 "$repo/tests/fixtures/make_tiny_sd_inpaint.py" --size sd2 --device cuda --dtype float16 /tmp/sd2 >> "$out/fixtures.log" 2>&1
/tmp/synood-cuda/synood-gpu-bench --clip /tmp/clip/clip_vit_b16_random.pt --sd /tmp/sd2 --device cuda --batch 1 8 | tee "$out/cpp.json"
python3 "$repo/tools/gpu_bench.py" --clip /tmp/clip/clip_vit_b16_random.pt --sd /tmp/sd2 --out "$out/python.json" > /dev/null
cat "$out/python.json"
