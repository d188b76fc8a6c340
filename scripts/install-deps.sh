#!/usr/bin/env bash
# Installs every build, run and test dependency of SynOOD Studio from Debian 12's packages.
# Idempotent: when everything is present it only checks (dpkg-query) and exits in about a second.
set -euo pipefail

PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config file dpkg-dev
  qt6-base-dev qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6
  libtorch-dev libopenblas0-pthread
  libopencv-dev
  libqcustomplot-dev libhnswlib-dev
  nlohmann-json3-dev libicu-dev zlib1g-dev libssl-dev libcurl4-openssl-dev libsqlite3-dev
  wordnet-base
  dataset-fashion-mnist
  python3-torch
  xvfb xauth
  clang-format-14
  slurm-wlm munge
  fonts-wqy-microhei
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
