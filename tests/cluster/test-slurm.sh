#!/usr/bin/env bash
# tools/slurm/synth-array.sbatch on a real one-node Slurm cluster (Debian's slurm-wlm and munge):
# slurmctld and slurmd configured into a temporary folder, started here and stopped on exit. A 4-task
# array synthesizes into a small demo workspace; `synood synth merge` joins the shards and the result
# must equal a single-process run byte for byte (sample records and images). Then one task of a second
# array is cancelled mid-run (scancel), resubmitted alone, and the merged result must again equal the
# single-process run: resumed without duplicates. Needs root (the daemons run as root, as in
# ../shared/GUIDE.md); exits 77 (skipped) when Slurm or munge is not installed or not root.
# Usage: test-slurm.sh SYNOOD_BINARY REPO_DIR
set -euo pipefail
synood=$(readlink -f "$1")
repo=$(cd "$2" && pwd)
for tool in slurmctld slurmd sbatch squeue scancel sinfo munged munge unmunge python3; do
  command -v "$tool" > /dev/null || { echo "SKIP: $tool is not installed (scripts/install-deps.sh installs it)"; exit 77; }
done
[ "$(id -u)" -eq 0 ] || { echo "SKIP: the one-node cluster runs its daemons as root"; exit 77; }

work=$(mktemp -d /tmp/synood-slurm.XXXXXX)
started_munge=""
cleanup() {
  for daemon in slurmd slurmctld; do
    [ -f "$work/$daemon.pid" ] && kill "$(cat "$work/$daemon.pid")" 2> /dev/null || true
  done
  [ -n "$started_munge" ] && [ -f /run/munge/munged.pid ] && kill "$(cat /run/munge/munged.pid)" 2> /dev/null || true
  sleep 1
  if [ -n "${SYNOOD_TEST_KEEP:-}" ]; then echo "kept $work"; else rm -rf "$work"; fi
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$work"/*.log "$work"/logs/*; do [ -f "$f" ] && { echo "== $f"; tail -20 "$f"; }; done; exit 1; }

# munge: the package made the key; start the daemon unless one answers already.
if ! munge -n 2> /dev/null | unmunge > /dev/null 2>&1; then
  mkdir -p /run/munge /var/lib/munge /var/log/munge
  chown -R munge:munge /etc/munge /run/munge /var/lib/munge /var/log/munge
  runuser -u munge -- munged
  started_munge=yes
  for _ in $(seq 50); do munge -n 2> /dev/null | unmunge > /dev/null 2>&1 && break; sleep 0.1; done
  munge -n | unmunge > /dev/null || fail "munged did not start"
fi

# The cluster: this host as its only node, ports of its own (from this process id, away from 6817/6818).
port=$((20000 + ($$ % 20000)))
node=$(hostname)
mkdir -p "$work/state" "$work/spool" "$work/logs"
cat > "$work/slurm.conf" << CONF
ClusterName=synood-test
SlurmctldHost=$node
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
JobAcctGatherType=jobacct_gather/none
ReturnToService=2
MpiDefault=none
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
NodeName=$node CPUs=$(nproc) RealMemory=2000 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF="$work/slurm.conf"
slurmctld -f "$SLURM_CONF"
slurmd -f "$SLURM_CONF"
for _ in $(seq 100); do sinfo -h -o %T 2> /dev/null | grep -q idle && break; sleep 0.2; done
sinfo -h -o %T | grep -q idle || fail "the node did not become idle: $(sinfo 2>&1)"
echo "cluster up: node $node, slurmctld port $port"

# The reference: the same synthesis in one process. Its negative labels are the array's.
export PATH="$(dirname "$synood"):$PATH"
per_class=2
# Batch 1: a shard batches other seeds together than one process does, and batched float32 products
# differ in their last bits; with one seed per batch every sample is computed the same way.
synth_args="--steps 8 --iterations 2 --batch 1"
"$synood" workspace demo "$work/reference" --per-class 4 > /dev/null
"$synood" synth --workspace "$work/reference" --device cpu --per-class $per_class $synth_args > "$work/reference.log" 2>&1 ||
  fail "the single-process run failed"

# Image bytes and sample records (sorted by id) of the synthesized samples of a workspace; in the
# records the wall-clock `seconds` is dropped, the seed image's path is taken relative to the
# workspace and the image's to its folder (merged samples keep their images in their shard's folder).
digest() {
  rm -f "$1.export.json"
  "$synood" workspace export-json "$1" --out "$1.export.json" > /dev/null || fail "export-json of $1 failed"
  python3 - "$1" << 'PY'
import hashlib, json, os, sys
ws = sys.argv[1]
with open(ws + ".export.json") as f:
    samples = [s for s in json.load(f)["samples"] if s.get("origin") == "synthesized"]
for s in sorted(samples, key=lambda s: s["id"]):
    p = s["provenance"]
    p.pop("seconds")
    p["seed_image"] = os.path.relpath(p["seed_image"], ws)
    path, s["image"] = s["image"], os.path.basename(s["image"])
    with open(os.path.join(ws, path), "rb") as img:
        print(s["id"], hashlib.sha256(img.read()).hexdigest(), hashlib.sha256(json.dumps(s, sort_keys=True).encode()).hexdigest())
PY
}
digest "$work/reference" > "$work/reference.digest"
expected=$(wc -l < "$work/reference.digest")
[ "$expected" -eq $((6 * per_class)) ] || fail "the reference run wrote $expected samples, not $((6 * per_class))"

synthesized_in() {  # synthesized_in WORKSPACE: how many synthesized samples its database holds (origin 2)
  python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1] + '/workspace.sqlite').execute('SELECT count(*) FROM samples WHERE origin = 2').fetchone()[0])" "$1"
}
submit() {  # submit WORKSPACE ARRAY [SHARD_COUNT]: prints the job id
  env WORKSPACE="$1" CLIP_PACK="$repo/resources/demo-pack" DEVICE=cpu PER_CLASS=$per_class SYNOOD_SYNTH_ARGS="$synth_args" \
    ${3:+SHARD_COUNT=$3} sbatch --parsable --array="$2" --gres=none --cpus-per-task=1 --mem=400M \
    --output="$work/logs/%A_%a.log" --chdir="$work" "$repo/tools/slurm/synth-array.sbatch"
}
wait_for() {  # wait_for JOB_ID: until none of its tasks is pending or running (at most 5 minutes)
  for _ in $(seq 1500); do [ -z "$(squeue -h -j "$1" 2> /dev/null)" ] && return 0; sleep 0.2; done
  fail "job $1 did not finish: $(squeue -j "$1")"
}
prepare() {  # prepare WORKSPACE: a demo workspace with the reference's negative labels
  "$synood" workspace demo "$1" --per-class 4 > /dev/null
  cp "$work/reference/neglabels.json" "$work/reference/neglabels.features" "$1/" 2> /dev/null ||
    cp "$work/reference/neglabels.json" "$1/"
}
same_as_reference() {  # same_as_reference WORKSPACE WHAT
  "$synood" synth merge --workspace "$1" > /dev/null || fail "$2: merge failed"
  "$synood" synth verify --workspace "$1" > /dev/null || fail "$2: verify failed"
  digest "$1" > "$1.digest"
  diff "$work/reference.digest" "$1.digest" > "$1.diff" || fail "$2 differs from the single-process run: $(head -5 "$1.diff")"
  [ "$(cut -d' ' -f1 "$1.digest" | sort | uniq -d | wc -l)" -eq 0 ] || fail "$2 has duplicate ids"
  echo "$2: $(wc -l < "$1.digest") samples, identical to the single-process run"
}

# 1. A 4-task array.
prepare "$work/array"
job=$(submit "$work/array" 0-3)
wait_for "$job"
same_as_reference "$work/array" "4-task array"

# 2. Task 1 cancelled once it has written a sample, then resubmitted alone.
prepare "$work/cancelled"
job=$(submit "$work/cancelled" 0-3)
shard="$work/cancelled/shards/shard-1-of-4"
cancelled=""
for _ in $(seq 1500); do
  state=$(squeue -h -j "${job}_1" -o %T 2> /dev/null || true)
  if [ "$state" = RUNNING ] && [ -f "$shard/workspace.sqlite" ] && [ "$(synthesized_in "$shard" 2> /dev/null)" -gt 0 ]; then
    scancel "${job}_1"
    cancelled=yes
    break
  fi
  [ -z "$state" ] && [ -n "$(ls "$work"/logs/"${job}"_1.log 2> /dev/null)" ] && break  # finished before it could be caught
  sleep 0.1
done
[ -n "$cancelled" ] || fail "task 1 finished before it could be cancelled mid-run (make the shard larger)"
wait_for "$job"
written=$(synthesized_in "$shard")
echo "task 1 cancelled mid-run with $written of $((6 * per_class / 4)) samples written; resubmitting it"
[ "$written" -lt $((6 * per_class / 4)) ] || fail "task 1 had already written all its samples when cancelled"
job=$(submit "$work/cancelled" 1 4)
wait_for "$job"
same_as_reference "$work/cancelled" "cancelled and resubmitted array"
