#!/bin/bash
# Runs the libFuzzer targets (README, "Fuzzing") for SECONDS each, JOBS at a time, each starting from
# its committed corpus (tests/fuzz/corpus/TARGET, read only) and a working corpus under OUT; prints
# per target the executions, executions per second, coverage (edges, features), the corpus it
# grew and the crashes found (OUT/TARGET/crash-*, leak-*, oom-*, timeout-*).
#   CXX=clang++ cmake -B build-fuzz -DSYNOOD_FUZZ=ON && cmake --build build-fuzz -j2
#   scripts/fuzz.sh [-b build-fuzz] [-t 600] [-j 2] [-o /tmp/synood-fuzz] [TARGET...]
# A crash found: copy its file into tests/fuzz/corpus/TARGET/ (every build replays it), then fix.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-fuzz seconds=600 jobs=2 out=/tmp/synood-fuzz
while getopts "b:t:j:o:" opt; do
  case $opt in
    b) build=$OPTARG ;; t) seconds=$OPTARG ;; j) jobs=$OPTARG ;; o) out=$OPTARG ;;
    *) sed -n '2,9p' "$0"; exit 2 ;;
  esac
done
shift $((OPTIND - 1))
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  mapfile -t targets < <(sed -n '/^set(SYNOOD_FUZZ_TARGETS/,/)/p' tests/fuzz/CMakeLists.txt | tr ' ()' '\n\n\n' |
    grep -v -e '^$' -e '^set$' -e SYNOOD_FUZZ_TARGETS)
fi
for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$t" ] || { echo "no $build/tests/fuzz/fuzz_$t: build with -DSYNOOD_FUZZ=ON (see above)" >&2; exit 2; }
done
mkdir -p "$out"

run_one() {  # target: fuzzes for $seconds, its log in $out/TARGET/log
  local t=$1 dir=$out/$1
  mkdir -p "$dir/corpus"
  # ASan's leak check is off: LibTorch keeps allocations for the process's life (not findings).
  ASAN_OPTIONS=detect_leaks=0:allocator_may_return_null=1 \
    "$build/tests/fuzz/fuzz_$t" "$dir/corpus" "tests/fuzz/corpus/$t" -max_total_time="$seconds" -print_final_stats=1 \
    -rss_limit_mb=2048 -malloc_limit_mb=1024 -timeout=20 -artifact_prefix="$dir/" -close_fd_mask=1 >"$dir/log" 2>&1 || true
}
export -f run_one
export build seconds out
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'

printf '%-14s %10s %9s %7s %7s %7s %8s\n' target executions exec/s edges features corpus findings
for t in "${targets[@]}"; do
  dir=$out/$t log=$out/$t/log
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  ft=$(grep -o 'ft: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
  corpus=$(find "$dir/corpus" -type f | wc -l)
  found=$(find "$dir" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'oom-*' -o -name 'timeout-*' \) | wc -l)
  printf '%-14s %10s %9s %7s %7s %7s %8s\n' "$t" "${execs:-?}" "${rate:-?}" "${cov:-?}" "${ft:-?}" "$corpus" "$found"
done
echo "logs and findings: $out/TARGET/"
