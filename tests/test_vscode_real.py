"""The built .vsix in a real VS Code: code-server in headless Chromium, driven by tests/vscode/drive.js.

A temporary HOME holds two Go toolchains (~/sdk/go1.21.5, ~/sdk/go1.22.5; the older one's bin first on PATH) and a
synthetic Go build cache. The test installs the .vsix into code-server, opens a copy of tests/vscode/workspace (a
go.mod asking for go 1.22.0, a launch.json pinning no GOROOT) and checks, as a user would see them:
  problems  a go-sidecar diagnostic (goroot-unpinned or goroot-too-old) in the Problems panel;
  quickfix  the "Pin GOROOT to go1.22.5 …" quick fix applied from the editor and saved: on disk, env.GOROOT is
            the ~/sdk/go1.22.5 path and the comments are still there;
  purge     "Go Sidecar: Purge Caches…" on the go-build target: the 00..ff entries are gone, README and trim.txt
            stay.
Screenshots of each step go to test-artifacts/vscode/ (git-ignored), with code-server's log and the driver's
results.json.

Needs scripts/install-vscode-test-deps.sh (CI runs it); skipped with the reason when code-server, Chromium or
playwright-core are missing. The .vsix: $GO_SIDECAR_VSIX, else the newest vscode-extension/go-sidecar-*.vsix after
`make vsix`.
"""

from __future__ import annotations

import glob
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import make_root
from tests.sandbox import sandbox_env

REPO = Path(__file__).resolve().parent.parent
HARNESS = REPO / "tests" / "vscode"
ARTIFACTS = REPO / "test-artifacts" / "vscode"
DEPS = Path(os.environ.get("GO_SIDECAR_VSCODE_DEPS", "/var/tmp/go-sidecar-vscode"))
CODE_SERVER = DEPS / "code-server" / "node_modules" / "code-server" / "out" / "node" / "entry.js"
CHROMIUM = Path(os.environ.get("GO_SIDECAR_CHROMIUM", "/usr/bin/chromium"))
NODE = shutil.which("node")

# Bounded, generous: the first start of the extension creates its virtual environment from the bundled wheels.
TIMEOUTS_MS = {"workbench": 90_000, "diagnostics": 180_000, "step": 60_000}
DRIVER_TIMEOUT_S = 600

OLD, NEW = "1.21.5", "1.22.5"
GO_BUILD_README = (
    "This directory holds cached build artifacts from the Go build system.\n"
    "Run \"go clean -cache\" if the directory is getting too large.\n"
    "Run \"go clean -fuzzcache\" to delete the fuzz cache.\n"
    "See go.dev to learn more about Go.\n"
)


def _missing() -> str | None:
    if NODE is None:
        return "node is not on PATH"
    if not CODE_SERVER.is_file():
        return f"code-server is not installed ({CODE_SERVER}); run scripts/install-vscode-test-deps.sh"
    if not CHROMIUM.is_file():
        return f"Chromium is not installed ({CHROMIUM}); run scripts/install-vscode-test-deps.sh"
    if not (HARNESS / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed in tests/vscode; run scripts/install-vscode-test-deps.sh"
    return None


pytestmark = [pytest.mark.e2e, pytest.mark.skipif(_missing() is not None, reason=str(_missing()))]


def _vsix() -> Path:
    if os.environ.get("GO_SIDECAR_VSIX"):
        p = Path(os.environ["GO_SIDECAR_VSIX"])
        assert p.is_file(), f"GO_SIDECAR_VSIX={p} does not exist"
        return p
    # `make vsix` at the top when the Makefile has that target, else the extension's own Makefile.
    top = (REPO / "Makefile").read_text()
    cmd = ["make", "vsix"] if "\nvsix:" in top or "\nvsix :" in top else ["make", "-C", "vscode-extension", "vsix"]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, f"`{' '.join(cmd)}` failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    found = sorted(glob.glob(str(REPO / "vscode-extension" / "go-sidecar-*.vsix")), key=os.path.getmtime)
    assert found, "`make vsix` made no vscode-extension/go-sidecar-*.vsix"
    return Path(found[-1])


def _python_dir() -> Path:
    """The folder of the real Python >= 3.11 running the tests: not a venv's bin, not a pyenv shim (shims need the
    real HOME). The extension creates its environment with the `python3` it finds there."""
    for cand in (Path(sys.base_prefix) / "bin" / "python3", Path(getattr(sys, "_base_executable", sys.executable))):
        real = Path(os.path.realpath(cand))
        if real.is_file() and "shims" not in real.parts and (real.parent / "python3").exists():
            return real.parent
    raise AssertionError(f"no real python3 found beside {sys.base_prefix} or {sys.executable}")


def _jsonc(text: str):
    """launch.json as VS Code reads it: // and /* */ comments, trailing commas."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i:j + 1])
            i = j + 1
        elif text.startswith("//", i):
            i = text.find("\n", i) if "\n" in text[i:] else n
        elif text.startswith("/*", i):
            i = text.index("*/", i) + 2
        else:
            out.append(c)
            i += 1
    return json.loads(re.sub(r",(\s*[}\]])", r"\1", "".join(out)))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_go_build_cache(cache: Path) -> list[str]:
    cache.mkdir(parents=True)
    (cache / "README").write_text(GO_BUILD_README)
    (cache / "trim.txt").write_text(f"{int(time.time()) - 3600}\n")  # trimmed an hour ago: a healthy cache
    subdirs = ["00", "3f", "a7", "ff"]
    for i, d in enumerate(subdirs):
        (cache / d).mkdir()
        for j in range(3):
            (cache / d / f"{d}{i:02x}{j:02x}{'0' * 58}-a").write_bytes(bytes([i, j]) * 2048)
            (cache / d / f"{d}{i:02x}{j:02x}{'1' * 58}-d").write_text("go build output\n")
    return subdirs


class Sandbox:
    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.home = tmp / "home"
        self.sdk = self.home / "sdk"
        self.sdk.mkdir(parents=True)
        self.old = make_root(self.sdk, OLD)
        self.new = make_root(self.sdk, NEW)
        self.go_build = self.home / ".cache" / "go-build"
        self.subdirs = _make_go_build_cache(self.go_build)
        self.ws = tmp / "work space" / "hello"
        shutil.copytree(HARNESS / "workspace", self.ws)
        self.launch = self.ws / ".vscode" / "launch.json"
        self.launch_before = self.launch.read_text()
        self.user_data = tmp / "code-server" / "user-data"
        self.extensions = tmp / "code-server" / "extensions"
        (self.user_data / "User").mkdir(parents=True)
        (self.user_data / "User" / "settings.json").write_text(json.dumps({
            "workbench.startupEditor": "none",
            "workbench.tips.enabled": False,
            "workbench.enableExperiments": False,
            "telemetry.telemetryLevel": "off",
            "update.mode": "none",
            "extensions.autoCheckUpdates": False,
            "extensions.autoUpdate": False,
            "extensions.ignoreRecommendations": True,
            "security.workspace.trust.enabled": True,
            "chat.disableAIFeatures": True,
        }, indent=2))
        (tmp / "tmp").mkdir()
        path = os.pathsep.join([
            str(self.old / "bin"),            # the older Go first on PATH
            str(_python_dir()),               # a real python3 >= 3.11 for the extension's environment
            str(Path(NODE).parent),
            "/usr/local/bin", "/usr/bin", "/bin",
        ])
        self.env = sandbox_env(self.home, Path(path), LANG="C.UTF-8", TMPDIR=str(tmp / "tmp"), SHELL="/bin/bash")
        # VS Code's server takes the extension host's environment from a login shell (`bash -ilc env`), whose
        # /etc/profile resets PATH: the user's ~/.profile puts the older Go and Python first, as a real one would.
        (self.home / ".profile").write_text(
            "# The test user's profile: VS Code's server reads the environment of a login shell.\n"
            f"export PATH='{self.old / 'bin'}:{_python_dir()}':\"$PATH\"\n"
        )
        found = shutil.which("go", path=path)
        assert found == str(self.old / "bin" / "go"), f"the sandbox PATH finds {found} first, not go{OLD}"


def _wait_http(url: str, proc: subprocess.Popen, timeout: float) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"code-server exited with {proc.returncode}; see {ARTIFACTS / 'code-server.log'}")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"code-server did not answer on {url} within {timeout} s")


def test_vscode_real(tmp_path: Path):
    vsix = _vsix()
    if ARTIFACTS.exists():
        shutil.rmtree(ARTIFACTS)
    ARTIFACTS.mkdir(parents=True)
    sb = Sandbox(tmp_path)
    cs = [NODE, str(CODE_SERVER)]
    dirs = ["--extensions-dir", str(sb.extensions), "--user-data-dir", str(sb.user_data)]

    t0 = time.monotonic()
    r = subprocess.run([*cs, *dirs, "--install-extension", str(vsix)], env=sb.env, capture_output=True, text=True,
                       timeout=300)
    assert r.returncode == 0, f"code-server --install-extension {vsix} failed:\n{r.stdout}\n{r.stderr}"
    install_s = time.monotonic() - t0

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = open(ARTIFACTS / "code-server.log", "w")
    server = subprocess.Popen(
        [*cs, *dirs, "--auth", "none", "--bind-addr", f"127.0.0.1:{port}", "--disable-telemetry",
         "--disable-update-check", "--disable-getting-started-override",
         "--config", str(tmp_path / "code-server" / "config.yaml")],
        env=sb.env, cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    results_file = ARTIFACTS / "results.json"
    try:
        _wait_http(url, server, 60)
        config = {
            "url": url + "?folder=" + urllib.parse.quote(str(sb.ws)),
            "workspace": str(sb.ws),
            "launchJson": str(sb.launch),
            "goBuildCache": str(sb.go_build),
            "pinRoot": str(sb.new),
            "pinVersion": f"go{NEW}",
            "artifacts": str(ARTIFACTS),
            "results": str(results_file),
            "chromium": str(CHROMIUM),
            "timeouts": TIMEOUTS_MS,
            "deadline": (DRIVER_TIMEOUT_S - 30) * 1000,
        }
        (tmp_path / "drive.json").write_text(json.dumps(config, indent=2))
        browser_home = tmp_path / "browser-home"
        browser_home.mkdir()
        denv = sandbox_env(browser_home, Path(os.environ.get("PATH", "")), LANG="C.UTF-8", TMPDIR=str(tmp_path / "tmp"))
        t1 = time.monotonic()
        # Its own process group, so that a driver past its time goes with its Chromium.
        driver = subprocess.Popen([NODE, str(HARNESS / "drive.js"), str(tmp_path / "drive.json")], cwd=HARNESS,
                                  env=denv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                  stdin=subprocess.DEVNULL, start_new_session=True)
        try:
            out, _ = driver.communicate(timeout=DRIVER_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            os.killpg(driver.pid, 9)
            out, _ = driver.communicate()
            out += f"\n(killed after {DRIVER_TIMEOUT_S} s)\n"
        drive_s = time.monotonic() - t1
        (ARTIFACTS / "drive.log").write_text(out)
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
        log.close()

    assert results_file.exists(), f"the driver wrote no results (exit {driver.returncode}):\n{out[-5000:]}"
    res = json.loads(results_file.read_text())
    summary = {
        "install_extension_s": round(install_s, 1), "drive_s": round(drive_s, 1), **res.get("timings", {}),
        "steps": {s["step"]: ("ok" if s["ok"] else "FAILED") for s in res["steps"]},
    }
    print("vscode-real:", json.dumps(summary))
    (ARTIFACTS / "summary.json").write_text(json.dumps(summary, indent=2))
    failures = [f"driver: {res['fatal']}"] if "fatal" in res else []
    steps = {s["step"]: s for s in res["steps"]}
    for name in ("problems", "quickfix", "purge", "warm-start"):
        s = steps.get(name)
        if s is None:
            failures.append(f"step {name}: not run (see the driver's error above)")
        elif not s["ok"]:
            failures.append(f"step {name} failed: {s.get('error', '').splitlines()[0]}\n  notes: {s.get('notes')}")

    # On disk, whatever the driver saw.
    text = sb.launch.read_text()
    if steps.get("quickfix", {}).get("ok"):
        try:
            goroot = _jsonc(text)["configurations"][0].get("env", {}).get("GOROOT")
        except (ValueError, KeyError, IndexError) as e:
            goroot = f"(launch.json does not parse: {e})"
        if goroot != str(sb.new):
            failures.append(f"launch.json on disk has env.GOROOT {goroot!r}, want {str(sb.new)!r}:\n{text}")
        for comment in [line.strip() for line in sb.launch_before.splitlines() if "//" in line]:
            comment = comment[comment.index("//"):]
            if comment not in text:
                failures.append(f"the quick fix lost the comment {comment!r}:\n{text}")
    if steps.get("purge", {}).get("ok"):
        left = sorted(p.name for p in sb.go_build.iterdir())
        if left != ["README", "trim.txt"]:
            failures.append(f"go-build after the purge holds {left}; want only README and trim.txt")
        if sb.go_build.joinpath("README").read_text() != GO_BUILD_README:
            failures.append("the purge changed go-build/README")

    ran = list(tmp_path.rglob("RAN"))
    if ran:
        failures.append(f"a fake toolchain's go was executed: {ran}")
    assert not failures, "\n".join(failures) + f"\nscreenshots and logs: {ARTIFACTS}"
