#!/usr/bin/env bash
# Installs every Debian 12 package the project needs to build, run and test — only when one is
# missing, so it is fast on a machine that has them. Runs apt-get as root (or through sudo).
set -euo pipefail

PACKAGES=(
  meson ninja-build pkg-config gcc g++ python3
  libglib2.0-dev libgtk-4-dev libadwaita-1-dev libcairo2-dev libpango1.0-dev
  libopenblas-dev libpng-dev libjpeg62-turbo-dev libtiff-dev libgdcm-dev libnifti2-dev zlib1g-dev
  libjson-glib-dev libgcrypt20-dev libgsl-dev libfontconfig-dev
  xvfb xauth desktop-file-utils appstream gettext
  python3-torch python3-numpy python3-pydicom python3-pil
  clang-14 libfuzzer-14-dev libclang-rt-14-dev
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  SUDO="sudo"
fi
echo "Installing ${#missing[@]} missing packages: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
