#!/usr/bin/env bash
# The .deb: built with CPack from the build folder, unpacked with dpkg -x into a temporary root
# (nothing is installed on the machine), then the programs run from there and the package's files
# are checked. Usage: test-deb.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" > cpack.log 2>&1) ||
  { cat "$work/cpack.log"; exit 1; }
deb=$(ls "$work"/out/*.deb)
echo "built $(basename "$deb") ($(du -h "$deb" | cut -f1))"
dpkg-deb --info "$deb" | grep -E "Package|Version|Depends" | sed 's/^ */  /'
dpkg -x "$deb" "$work/root"
root="$work/root/usr"
version=$("$root/bin/synood" --version)
echo "unpacked synood --version: $version"
[[ "$version" == "synood "* ]] || { echo "unexpected --version output"; exit 1; }
QT_QPA_PLATFORM=offscreen XDG_RUNTIME_DIR="$work" "$root/bin/synood-studio" --version | grep -q "SynOOD\|synood" ||
  { echo "synood-studio --version failed"; exit 1; }
for f in share/applications/synood-studio.desktop share/icons/hicolor/scalable/apps/synood-studio.svg \
         share/metainfo/io.github.synood.studio.metainfo.xml share/man/man1/synood.1 share/man/man1/synood-studio.1 \
         share/synood/demo-pack/pack.json share/synood/demo-pack/toy_clip.pt share/synood/demo-pack/toy_unet.pt \
         share/synood/scenes-pack/pack.json share/synood/scenes-pack/toy_clip.pt; do
  [[ -s "$root/$f" ]] || { echo "missing from the package: /usr/$f"; exit 1; }
done
grep -q '^\.SH "SYNOOD synth"' "$root/share/man/man1/synood.1" || { echo "synood.1 lacks the synth section"; exit 1; }
# The unpacked CLI finds its demo pack beside itself (<prefix>/share/synood/demo-pack): run it from a
# folder with no resources/ and no SYNOOD_DEMO_PACK.
(cd "$work" && env -u SYNOOD_DEMO_PACK "$root/bin/synood" demo quality --per-class 1 --steps 2 > quality.txt 2>&1) ||
  { echo "the unpacked synood could not use its own demo pack:"; cat "$work/quality.txt"; exit 1; }
echo "ok: the package's programs run from an unpacked root"
