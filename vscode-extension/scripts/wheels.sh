#!/usr/bin/env bash
# Fills vscode-extension/wheels/ with what the extension installs on first start, offline: the go-sidecar wheel
# and its runtime dependencies' wheels, for each CPython in PY_VERSIONS on the VS Code target TARGET, and a pip
# wheel to install them with. The dependencies are pinned to the versions in the build's venv (those the tests
# ran with); pip is the newest.
#
#   scripts/wheels.sh VENV_PYTHON [TARGET] [PY_VERSIONS]
#   scripts/wheels.sh ../.venv/bin/python linux-x64 "3.11 3.12 3.13 3.14"
set -euo pipefail

py=${1:?usage: scripts/wheels.sh VENV_PYTHON [TARGET] [PY_VERSIONS]}
target=${2:-linux-x64}
versions=${3:-3.11 3.12 3.13 3.14}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
repo=$(dirname "$here")
out=$here/wheels.new  # renamed to wheels/ when complete

case $target in
  linux-x64) platforms="manylinux_2_28_x86_64 manylinux_2_17_x86_64 manylinux2014_x86_64 manylinux_2_5_x86_64 manylinux1_x86_64 linux_x86_64" ;;
  linux-arm64) platforms="manylinux_2_28_aarch64 manylinux_2_17_aarch64 manylinux2014_aarch64 linux_aarch64" ;;
  win32-x64) platforms="win_amd64" ;;
  win32-arm64) platforms="win_arm64" ;;
  # macOS: pip expands a release to every older one and to universal2; 11.0 is the oldest VS Code supports
  # (code.visualstudio.com/docs/supporting/requirements). cp314 wheels start at 10.15, not 10.13.
  darwin-x64) platforms="macosx_11_0_x86_64" ;;
  darwin-arm64) platforms="macosx_11_0_arm64" ;;
  *) echo "wheels.sh: unknown target $target" >&2; exit 2 ;;
esac
platform_args=()
for p in $platforms; do platform_args+=(--platform "$p"); done

rm -rf "$out"
mkdir -p "$out"
pins=$(mktemp)
trap 'rm -f "$pins"; rm -rf "$out"' EXIT
"$py" -m pip freeze --exclude go-sidecar --exclude-editable > "$pins"

"$py" -m pip wheel --quiet --no-deps "$repo" -w "$out"
# pip itself, run from its wheel into a venv made --without-pip: faster than ensurepip, and Debian's python3
# needs no python3-venv package for it.
"$py" -m pip download --quiet --no-deps --only-binary=:all: -d "$out" pip
sidecar=$(ls "$out"/go_sidecar-*.whl)
# A Python for which some dependency has no wheel on this target is left out (its wheels are not kept) and named in
# MISSING with pip's reason, rather than failing the whole target: the extension serves the Pythons whose wheels
# are all there (environment.ts wheelPythons) and says so on a machine that has only another one.
: > "$out/MISSING"
for v in $versions; do
  echo "wheels for CPython $v on $target"
  trial=$(mktemp -d)
  if log=$("$py" -m pip download --quiet --only-binary=:all: --implementation cp --python-version "$v" \
      "${platform_args[@]}" -c "$pins" --find-links "$out" -d "$trial" "$sidecar" 2>&1); then
    cp -n "$trial"/*.whl "$out"/ 2>/dev/null || true
  else
    reason=$(printf '%s\n' "$log" | grep -E '^ERROR' | head -1 | cut -c1-200)
    echo "$v ${reason:-pip could not resolve the wheels}" >> "$out/MISSING"
    echo "  no complete set of wheels for CPython $v on $target: ${reason:-?}" >&2
  fi
  rm -rf "$trial"
done
rm -rf "$here/wheels"
mv "$out" "$here/wheels"
ls "$here/wheels"
