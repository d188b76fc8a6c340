#!/usr/bin/env bash
# Encoding throughput of a ViT-B/16-sized CLIP (random weights, generated here, never committed):
# `synood bench encode` in float32 and bfloat16 against Debian's python3-torch running the same archive
# (float32, and under autocast bfloat16) on the same images
# with the same thread counts. Usage: scripts/bench-encode.sh [BUILD_DIR] [N_IMAGES] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
n=${2:-256}
threads=${3:-$(nproc)}
work=${SYNOOD_BENCH_DIR:-/tmp/synood-bench-encode}
for pkg in python3-torch python3-torchvision python3-pil; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || {
    echo "installing $pkg for the Python peer"; apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null; }
done
mkdir -p "$work"
[ -f "$work/clip_vit_b16_random.pt" ] || /usr/bin/python3 tests/fixtures/make_tiny_clip.py "$work" --size vit-b-16 2>/dev/null
[ -d "$work/images" ] || /usr/bin/python3 bench/make_images.py "$work/images" "$n"
cat > "$work/pack.json" <<JSON
{"name": "ViT-B/16-sized CLIP, random weights", "kind": "clip-torchscript", "image_size": 224, "embed_dim": 512,
 "mean": [0.48145466, 0.4578275, 0.40821073], "std": [0.26862954, 0.26130258, 0.27577711], "tokenizer": "clip-bpe",
 "files": [{"role": "model", "path": "clip_vit_b16_random.pt"}]}
JSON
echo "== $(nproc) cores, threads $threads, $n JPEG images 500x375, batch 32, 2 decode threads =="
# ViT-B/16 image tower: 12 layers x (12*197*768^2 + 2*197^2*768) + 196*768*768 MACs = 17.56 G MACs = 35.1 GFLOP
echo "-- synood, --precision fp32, without the tensor cache (freed buffers not kept):"
"$build/app/synood" --threads "$threads" bench encode --pack "$work" --precision fp32 --tensor-cache-mb 0 --images "$work/images" \
  --batch 32 --decode-threads 2 --gflop-per-image 35.1
for precision in fp32 bf16; do
  echo "-- synood, --precision $precision:"
  "$build/app/synood" --threads "$threads" bench encode --pack "$work" --precision "$precision" --images "$work/images" --batch 32 \
    --decode-threads 2 --gflop-per-image 35.1
done
# glibc's allocator settings for the peer: the nearest a Python user gets to synood's allocator without code.
tuned=(env MALLOC_MMAP_THRESHOLD_=33554432 MALLOC_TRIM_THRESHOLD_=268435456 MALLOC_TOP_PAD_=268435456)
peer=(/usr/bin/python3 bench/python_encode.py "$work/clip_vit_b16_random.pt" "$work/images" --batch 32 --threads "$threads" --decode-threads 2)
echo "-- the Python peer, float32, default glibc settings:"
"${peer[@]}"
echo "-- the Python peer, float32, with synood's heap settings through glibc's environment variables:"
"${tuned[@]}" "${peer[@]}"
echo "-- the Python peer under torch.cpu.amp.autocast(bfloat16), with the same heap settings:"
"${tuned[@]}" "${peer[@]}" --autocast bf16
echo "-- the text tower (negative-label mining), both precisions:"
"$build/app/synood" --threads "$threads" bench text --pack "$work" --texts 256 --batch 64
