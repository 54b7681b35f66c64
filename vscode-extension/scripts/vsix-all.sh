#!/usr/bin/env bash
# One .vsix per VS Code target, each carrying the go-sidecar wheel and its dependencies' wheels for CPython
# 3.11-3.14 on that platform (scripts/wheels.sh), into OUT_DIR. A (target, Python) pair with no wheel for some
# dependency is not shipped silently broken: wheels.sh leaves that Python's wheels out (the extension then offers
# the Pythons its wheels serve, environment.ts wheelPythons) and it is listed in OUT_DIR/MATRIX.md.
# Afterwards wheels/ is rebuilt for this machine, as `make test-extension` expects it.
#
#   scripts/vsix-all.sh VENV_PYTHON OUT_DIR [TARGETS] [PY_VERSIONS]
set -euo pipefail

py=${1:?usage: scripts/vsix-all.sh VENV_PYTHON OUT_DIR [TARGETS] [PY_VERSIONS]}
out=${2:?usage: scripts/vsix-all.sh VENV_PYTHON OUT_DIR [TARGETS] [PY_VERSIONS]}
targets=${3:-win32-x64 win32-arm64 darwin-x64 darwin-arm64 linux-x64 linux-arm64}
versions=${4:-3.11 3.12 3.13 3.14}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
version=$(node -p "require('$here/package.json').version")
host_python=$("$py" -c 'import sys; print("%d.%d" % sys.version_info[:2])')
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) host=linux-x64 ;; Linux-aarch64|Linux-arm64) host=linux-arm64 ;;
  Darwin-x86_64) host=darwin-x64 ;; Darwin-arm64) host=darwin-arm64 ;; *) host= ;;
esac
restore() { [ -n "$host" ] && "$here/scripts/wheels.sh" "$py" "$host" "$host_python" >/dev/null || true; }
trap restore EXIT

matrix="$out/MATRIX.md"
{
  echo "| target | CPython | wheels |"
  echo "| --- | --- | --- |"
} > "$matrix"
cd "$here"
node esbuild.mjs --production >/dev/null
for t in $targets; do
  "$here/scripts/wheels.sh" "$py" "$t" "$versions" > "$out/wheels-$t.log" 2>&1 || {
    echo "vsix-all: wheels for $t failed, see $out/wheels-$t.log" >&2; exit 1; }
  for v in $versions; do
    if grep -q "^$v " "$here/wheels/MISSING" 2>/dev/null; then
      echo "| $t | $v | missing: $(grep "^$v " "$here/wheels/MISSING" | cut -d' ' -f2-) |" >> "$matrix"
    else
      echo "| $t | $v | complete |" >> "$matrix"
    fi
  done
  rm -f "$out/go-sidecar-$t-$version.vsix"
  npx vsce package --no-dependencies --target "$t" --out "$out/go-sidecar-$t-$version.vsix" > "$out/vsce-$t.log" 2>&1 || {
    echo "vsix-all: vsce package for $t failed, see $out/vsce-$t.log" >&2; exit 1; }
  echo "$(du -k "$out/go-sidecar-$t-$version.vsix" | cut -f1) KiB  go-sidecar-$t-$version.vsix"
done
