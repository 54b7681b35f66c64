#!/usr/bin/env bash
# Installs what the real-VS-Code test (tests/test_vscode_real.py) needs, offline but for the package registries:
#   - Debian: chromium (headless browser), ripgrep (VS Code's search binary), and the build tools code-server's
#     native modules compile with (libkrb5-dev pkg-config build-essential);
#   - code-server (VS Code in a browser), pinned, under $GO_SIDECAR_VSCODE_DEPS (default /var/tmp/go-sidecar-vscode),
#     outside the clone so that later runs on this machine reuse it;
#   - playwright-core, from tests/vscode/package-lock.json, into tests/vscode/node_modules.
# Idempotent: each part is skipped when it is already there (warm: about a second).
# Needs root (or sudo) only for the Debian packages, and only when one is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PREFIX="${GO_SIDECAR_VSCODE_DEPS:-/var/tmp/go-sidecar-vscode}"
# 4.100.x is the last line whose engines.node admits Node 20 (VS Code 1.100).
CS_VERSION=4.100.3
# code-server 4.100.3 bundles @vscode/ripgrep 1.15.11, whose postinstall downloads ripgrep release v13.0.0-10 from
# GitHub; offline it first looks in $TMPDIR/vscode-ripgrep-cache-<pkg version>/ripgrep-<tag>-<target>.tar.gz, so a
# tarball of Debian's rg put there lets the install finish.
RG_PKG_VERSION=1.15.11
RG_TAG=v13.0.0-10
CS_DIR="$PREFIX/code-server"
CS_STAMP="$CS_DIR/.installed-$CS_VERSION"

log() { echo "install-vscode-test-deps: $*"; }
t0=$SECONDS

# --- Debian packages -----------------------------------------------------------------------------------------------
missing=()
for pkg in libkrb5-dev pkg-config build-essential ripgrep chromium; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null || { log "need root to apt-get install ${missing[*]}" >&2; exit 1; }
        SUDO="sudo"
    fi
    log "apt-get install ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
else
    log "Debian packages present"
fi

# --- code-server -----------------------------------------------------------------------------------------------------
if [ -f "$CS_STAMP" ] && [ -x "$CS_DIR/node_modules/.bin/code-server" ]; then
    log "code-server $CS_VERSION present in $CS_DIR"
else
    log "npm install code-server@$CS_VERSION into $CS_DIR (a few minutes: native modules compile)"
    rm -rf "$CS_DIR"
    mkdir -p "$CS_DIR"
    printf '{"name": "go-sidecar-code-server", "private": true}\n' > "$CS_DIR/package.json"
    case "$(uname -m)" in
        x86_64) rg_target=x86_64-unknown-linux-musl ;;
        aarch64|arm64) rg_target=aarch64-unknown-linux-musl ;;
        *) log "unsupported machine $(uname -m)" >&2; exit 1 ;;
    esac
    tmp="$PREFIX/tmp"
    rm -rf "$tmp"
    mkdir -p "$tmp/vscode-ripgrep-cache-$RG_PKG_VERSION" "$tmp/rg"
    cp "$(command -v rg)" "$tmp/rg/rg"
    tar -C "$tmp/rg" -czf "$tmp/vscode-ripgrep-cache-$RG_PKG_VERSION/ripgrep-$RG_TAG-$rg_target.tar.gz" rg
    logfile="$PREFIX/code-server-install.log"
    if ! (cd "$CS_DIR" && TMPDIR="$tmp" npm_config_yes=true npm install "code-server@$CS_VERSION" \
            --unsafe-perm --foreground-scripts --no-audit --no-fund >"$logfile" 2>&1); then
        tail -40 "$logfile" >&2
        log "npm install of code-server failed; full log: $logfile" >&2
        exit 1
    fi
    "$CS_DIR/node_modules/.bin/code-server" --version >/dev/null
    rm -rf "$tmp"
    touch "$CS_STAMP"
    log "code-server $CS_VERSION installed"
fi

# --- playwright-core (the harness's own lock file) ---------------------------------------------------------------------
PW_STAMP=tests/vscode/node_modules/.installed-lock
if [ -f "$PW_STAMP" ] && cmp -s tests/vscode/package-lock.json "$PW_STAMP"; then
    log "playwright-core present"
else
    log "npm ci in tests/vscode"
    (cd tests/vscode && npm ci --no-audit --no-fund --loglevel=error)
    cp tests/vscode/package-lock.json "$PW_STAMP"
fi

log "done in $((SECONDS - t0)) s (code-server: $CS_DIR/node_modules/.bin/code-server)"
