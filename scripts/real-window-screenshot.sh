#!/bin/bash
# The studio as a person sees it on first start: a real X window on a virtual screen (Xvfb), with
# settings and data of its own (nothing saved before), photographed from the screen after a wait.
#   scripts/real-window-screenshot.sh OUT.png [WIDTHxHEIGHT [SECONDS [studio arguments...]]]
# Needs xvfb and imagemagick (apt-get install xvfb imagemagick).
set -euo pipefail
out=$(realpath -m "$1")
size=${2:-1366x768}
wait=${3:-30}
shift $(($# < 3 ? $# : 3))
studio=$(dirname "$0")/../build/app/studio/synood-studio
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export XDG_CONFIG_HOME=$home/config XDG_DATA_HOME=$home/data XDG_CACHE_HOME=$home/cache
xvfb-run -a -s "-screen 0 ${size}x24" bash -c '
  "$0" "${@:4}" >"$3" 2>&1 &
  pid=$!
  sleep "$1"
  import -window root "$2"
  kill $pid
  wait $pid || true' "$studio" "$wait" "$out" "$home/studio.log" "$@"
cat "$home/studio.log"
echo "wrote $out"
