#!/usr/bin/env bash
# Unpacks an older Go (Debian's golang-1.19-go and golang-1.19-src) for tests/e2e/test_launch_fixtures.py, which
# builds a Delve stand-in with a Go older than 1.25 to show dlv-dwarf5-unsupported on real binaries.
#
# The packages are unpacked into $SIDECAR_OLD_GO_DIR (default /var/tmp/go-sidecar-old-go, kept between CI runs
# on one machine), not installed: an installed /usr/lib/go-1.19 is a system toolchain that go-sidecar finds
# (probe/toolchains.py `candidate_roots`), and every test that counts a machine's toolchains would see it.
# The go is then $SIDECAR_OLD_GO_DIR/usr/lib/go-1.19/bin/go (src links to ../../share/go-1.19/src, unpacked
# beside it). Idempotent: nothing happens when that go is there. Needs apt-get (root for `apt-get update` on a
# machine without package lists); elsewhere it says so and exits 0, and the test skips itself.
set -euo pipefail

VERSION=1.19
DEST="${SIDECAR_OLD_GO_DIR:-/var/tmp/go-sidecar-old-go}"
GO_OLD="$DEST/usr/lib/go-$VERSION/bin/go"
if [ -x "$GO_OLD" ] && "$GO_OLD" version >/dev/null 2>&1; then
    echo "== old go: $("$GO_OLD" version) ($GO_OLD)"
    exit 0
fi
skip() {
    echo "install-old-go.sh: $1; the older-Delve case of tests/e2e/test_launch_fixtures.py will be skipped" >&2
    exit 0
}
command -v apt-get >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1 || skip "no apt-get/dpkg-deb here"

packages=("golang-$VERSION-go" "golang-$VERSION-src")
debs="$(mktemp -d)"
trap 'rm -rf "$debs"' EXIT
download() { (cd "$debs" && apt-get download -q "${packages[@]}") >/dev/null 2>&1; }
# A fresh machine may have no package lists yet; update (as root) only when the first try finds nothing.
if ! download; then
    [ "$(id -u)" = 0 ] || skip "apt-get download ${packages[*]} failed and only root may run apt-get update"
    apt-get -q -o DPkg::Lock::Timeout=600 update >/dev/null
    download || skip "this Debian or Ubuntu release carries no ${packages[*]}"
fi
# Unpack into a fresh folder, then move it into place: an interrupted run leaves no half-unpacked Go behind.
rm -rf "$DEST.partial"
mkdir -p "$DEST.partial"
for deb in "$debs"/*.deb; do
    dpkg-deb -x "$deb" "$DEST.partial"
done
rm -rf "$DEST"
mv "$DEST.partial" "$DEST"
echo "== old go: $("$GO_OLD" version) ($GO_OLD)"
