#!/usr/bin/env bash
# Installs Neovim (Debian's `neovim`, 0.7.x) for tests/test_neovim_real.py, which drives the real editor's
# built-in LSP client. Idempotent: nothing happens when `nvim` is already on PATH. Needs root and apt-get
# (as CI has); elsewhere it says what to do and exits 0, and the test skips itself.
set -euo pipefail

if command -v nvim >/dev/null 2>&1; then
    echo "== nvim: $(nvim --version | head -n 1) ($(command -v nvim))"
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1 || [ "$(id -u)" != 0 ]; then
    echo "install-neovim.sh: no nvim, and apt-get as root is not available here; install Neovim >= 0.7" \
         "yourself to run tests/test_neovim_real.py (it is skipped without nvim)" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
# Other set-up steps may run apt-get at the same time: wait for dpkg's lock instead of failing.
apt=(apt-get -y -q -o DPkg::Lock::Timeout=600)
# A fresh machine may have no package lists yet; update only when the first try finds nothing.
if ! "${apt[@]}" install --no-install-recommends neovim >/dev/null 2>&1; then
    "${apt[@]}" update
    "${apt[@]}" install --no-install-recommends neovim
fi
echo "== nvim: $(nvim --version | head -n 1) ($(command -v nvim))"
