"""Runs the built .vsix in a real VS Code (code-server in headless Chromium, driven by tests/vscode/drive.js), for
tests/test_vscode_real.py and bench/vscode_start.py.

A temporary HOME holds two Go toolchains (~/sdk/go1.21.5, ~/sdk/go1.22.5; the older one's bin first on PATH) and a
synthetic Go build cache; code-server gets the .vsix and the timing probe (tests/vscode/timing-probe, the reference
for the start-up figure) installed, opens a copy of tests/vscode/workspace, and drive.js does what a user does.
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

from tests.sandbox import make_root, sandbox_env

REPO = Path(__file__).resolve().parent.parent
HARNESS = REPO / "tests" / "vscode"
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
    'Run "go clean -cache" if the directory is getting too large.\n'
    'Run "go clean -fuzzcache" to delete the fuzz cache.\n'
    "See go.dev to learn more about Go.\n"
)


def missing() -> str | None:
    if NODE is None:
        return "node is not on PATH"
    if not CODE_SERVER.is_file():
        return f"code-server is not installed ({CODE_SERVER}); run scripts/install-vscode-test-deps.sh"
    if not CHROMIUM.is_file():
        return f"Chromium is not installed ({CHROMIUM}); run scripts/install-vscode-test-deps.sh"
    if not (HARNESS / "node_modules" / "playwright-core").is_dir():
        return "playwright-core is not installed in tests/vscode; run scripts/install-vscode-test-deps.sh"
    return None


def vsix() -> Path:
    if os.environ.get("GO_SIDECAR_VSIX"):
        p = Path(os.environ["GO_SIDECAR_VSIX"])
        assert p.is_file(), f"GO_SIDECAR_VSIX={p} does not exist"
        return p
    # `make vsix` at the top when the Makefile has that target, else the extension's own Makefile.
    top = (REPO / "Makefile").read_text()
    cmd = ["make", "vsix"] if "\nvsix:" in top or "\nvsix :" in top else ["make", "-C", "vscode-extension", "vsix"]
    r = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=600, check=False)
    assert r.returncode == 0, f"`{' '.join(cmd)}` failed ({r.returncode}):\n{r.stdout[-3000:]}\n{r.stderr[-3000:]}"
    found = sorted(glob.glob(str(REPO / "vscode-extension" / "go-sidecar-*.vsix")), key=os.path.getmtime)
    assert found, "`make vsix` made no vscode-extension/go-sidecar-*.vsix"
    return Path(found[-1])


def python_dir() -> Path:
    """The folder of the real Python >= 3.11 running the tests: not a venv's bin, not a pyenv shim (shims need the
    real HOME). The extension creates its environment with the `python3` it finds there."""
    for cand in (Path(sys.base_prefix) / "bin" / "python3", Path(getattr(sys, "_base_executable", sys.executable))):
        real = Path(os.path.realpath(cand))
        if real.is_file() and "shims" not in real.parts and (real.parent / "python3").exists():
            return real.parent
    raise AssertionError(f"no real python3 found beside {sys.base_prefix} or {sys.executable}")


def jsonc(text: str):
    """launch.json as VS Code reads it: // and /* */ comments, trailing commas."""
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
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
        (self.user_data / "User" / "settings.json").write_text(
            json.dumps(
                {
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
                },
                indent=2,
            )
        )
        (tmp / "tmp").mkdir()
        path = os.pathsep.join(
            [
                str(self.old / "bin"),  # the older Go first on PATH
                str(python_dir()),  # a real python3 >= 3.11 for the extension's environment
                str(Path(NODE).parent),
                "/usr/local/bin",
                "/usr/bin",
                "/bin",
            ]
        )
        self.env = sandbox_env(self.home, Path(path), LANG="C.UTF-8", TMPDIR=str(tmp / "tmp"), SHELL="/bin/bash")
        # VS Code's server takes the extension host's environment from a login shell (`bash -ilc env`), whose
        # /etc/profile resets PATH: the user's ~/.profile puts the older Go and Python first, as a real one would.
        (self.home / ".profile").write_text(
            "# The test user's profile: VS Code's server reads the environment of a login shell.\n"
            f"export PATH='{self.old / 'bin'}:{python_dir()}':\"$PATH\"\n"
        )
        found = shutil.which("go", path=path)
        assert found == str(self.old / "bin" / "go"), f"the sandbox PATH finds {found} first, not go{OLD}"


def _wait_http(url: str, proc: subprocess.Popen, timeout: float, artifacts: Path) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"code-server exited with {proc.returncode}; see {artifacts / 'code-server.log'}")
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.25)
    raise AssertionError(f"code-server did not answer on {url} within {timeout} s")


PROBE = HARNESS / "timing-probe"
PROBE_ID = "go-sidecar-tests.timing-probe"


def probe_vsix(dest: Path) -> Path:
    """tests/vscode/timing-probe packed as a .vsix (a zip: extension/ plus the two manifests VS Code's installer
    reads), so that code-server installs it as it installs any extension."""
    import zipfile

    manifest = json.loads((PROBE / "package.json").read_text())
    out = dest / "timing-probe.vsix"
    vsixmanifest = f"""<?xml version="1.0" encoding="utf-8"?>
<PackageManifest Version="2.0.0" xmlns="http://schemas.microsoft.com/developer/vsx-schema/2011">
  <Metadata>
    <Identity Language="en-US" Id="{manifest["name"]}" Version="{manifest["version"]}" Publisher="{manifest["publisher"]}"/>
    <DisplayName>{manifest["displayName"]}</DisplayName>
    <Description xml:space="preserve">{manifest["description"]}</Description>
    <Properties>
      <Property Id="Microsoft.VisualStudio.Code.Engine" Value="{manifest["engines"]["vscode"]}" />
      <Property Id="Microsoft.VisualStudio.Code.ExtensionKind" Value="workspace" />
    </Properties>
  </Metadata>
  <Installation><InstallationTarget Id="Microsoft.VisualStudio.Code"/></Installation>
  <Dependencies/>
  <Assets><Asset Type="Microsoft.VisualStudio.Code.Manifest" Path="extension/package.json" Addressable="true" /></Assets>
</PackageManifest>
"""
    types = (
        '<?xml version="1.0" encoding="utf-8"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension=".js" ContentType="application/javascript"/><Default Extension='
        '".json" ContentType="application/json"/><Default Extension=".vsixmanifest" ContentType="text/xml"/>'
        "</Types>"
    )
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("extension.vsixmanifest", vsixmanifest)
        z.writestr("[Content_Types].xml", types)
        for f in ("package.json", "extension.js"):
            z.write(PROBE / f, f"extension/{f}")
    return out


class Run:
    """What one drive of code-server left: the driver's results, the sandbox, its output and times (s)."""

    def __init__(self, results: dict, sandbox: Sandbox, out: str, install_s: float, drive_s: float, exit_code: int):
        self.results, self.sandbox, self.out = results, sandbox, out
        self.install_s, self.drive_s, self.exit_code = install_s, drive_s, exit_code


def run(
    tmp_path: Path,
    artifacts: Path,
    vsix_path: Path,
    extra: dict | None = None,
    driver_timeout_s: int = DRIVER_TIMEOUT_S,
    prepare=None,
) -> Run:
    """Install the .vsix and the timing probe into a fresh code-server, serve it, run drive.js with the
    configuration plus `extra` (for example {"steps": [...], "warmReloads": 5})."""
    if artifacts.exists():
        shutil.rmtree(artifacts)
    artifacts.mkdir(parents=True)
    sb = Sandbox(tmp_path)
    opened = prepare(sb) if prepare is not None else None  # a .code-workspace to open instead of the folder
    timing_file = tmp_path / "timing.jsonl"
    sb.env["GO_SIDECAR_TIMING_FILE"] = str(timing_file)
    cs = [NODE, str(CODE_SERVER)]
    dirs = ["--extensions-dir", str(sb.extensions), "--user-data-dir", str(sb.user_data)]

    t0 = time.monotonic()
    install_started = time.time()  # wall clock: the driver reports its first diagnostic in epoch milliseconds
    for ext in (vsix_path, probe_vsix(tmp_path)):
        r = subprocess.run(
            [*cs, *dirs, "--install-extension", str(ext)],
            env=sb.env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert r.returncode == 0, f"code-server --install-extension {ext} failed:\n{r.stdout}\n{r.stderr}"
    install_s = time.monotonic() - t0

    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    log = open(artifacts / "code-server.log", "w")  # noqa: SIM115 - code-server writes to it until the finally below
    server = subprocess.Popen(
        [
            *cs,
            *dirs,
            "--auth",
            "none",
            "--bind-addr",
            f"127.0.0.1:{port}",
            "--disable-telemetry",
            "--disable-update-check",
            "--disable-getting-started-override",
            "--config",
            str(tmp_path / "code-server" / "config.yaml"),
        ],
        env=sb.env,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    results_file = artifacts / "results.json"
    try:
        _wait_http(url, server, 60, artifacts)
        config = {
            "url": url
            + (
                "?workspace=" + urllib.parse.quote(str(opened))
                if opened is not None
                else "?folder=" + urllib.parse.quote(str(sb.ws))
            ),
            "workspace": str(sb.ws),
            "launchJson": str(sb.launch),
            "goBuildCache": str(sb.go_build),
            "pinRoot": str(sb.new),
            "pinVersion": f"go{NEW}",
            # The readiness lens above "Launch package" (drive.js steps lens, lens-report): before the quick fix the
            # older Go first on PATH, after it the pinned one; no dlv on this machine either time.
            "configName": "Launch package",
            "lensBefore": rf"^go{re.escape(OLD)} \(~/sdk\) · \d+ problems?: ",
            "lensAfter": rf"^go{re.escape(NEW)} \(~/sdk\) · ",
            "lensImage": str(artifacts / "code-lens.png"),
            "artifacts": str(artifacts),
            "results": str(results_file),
            "chromium": str(CHROMIUM),
            "timeouts": TIMEOUTS_MS,
            "deadline": (driver_timeout_s - 30) * 1000,
            "timingFile": str(timing_file),
            **(extra or {}),
        }
        (tmp_path / "drive.json").write_text(json.dumps(config, indent=2))
        browser_home = tmp_path / "browser-home"
        browser_home.mkdir()
        denv = sandbox_env(browser_home, Path(os.environ.get("PATH", "")), LANG="C.UTF-8", TMPDIR=str(tmp_path / "tmp"))
        t1 = time.monotonic()
        # Its own process group, so that a driver past its time goes with its Chromium.
        driver = subprocess.Popen(
            [NODE, str(HARNESS / "drive.js"), str(tmp_path / "drive.json")],
            cwd=HARNESS,
            env=denv,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            out, _ = driver.communicate(timeout=driver_timeout_s)
        except subprocess.TimeoutExpired:
            os.killpg(driver.pid, 9)
            out, _ = driver.communicate()
            out += f"\n(killed after {driver_timeout_s} s)\n"
        drive_s = time.monotonic() - t1
        (artifacts / "drive.log").write_text(out)
    finally:
        os.killpg(server.pid, 15)
        try:
            server.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, 9)
            server.wait()
        log.close()
        # VS Code's own logs (the extension hosts' activation events, the extensions' output channels).
        if (sb.user_data / "logs").is_dir():
            shutil.copytree(sb.user_data / "logs", artifacts / "logs", dirs_exist_ok=True)

    assert results_file.exists(), f"the driver wrote no results (exit {driver.returncode}):\n{out[-5000:]}"
    results = json.loads(results_file.read_text())
    first = results.get("timings", {}).get("first_diagnostic_epoch_ms")
    if first:
        # What a user waits on a fresh profile: the install, code-server's start, the window, the trust prompt, the
        # extension's first start (its private environment from the bundled wheels) and the first check.
        results["timings"]["install_to_first_diagnostic_s"] = round(first / 1000 - install_started, 1)
    return Run(results, sb, out, install_s, drive_s, driver.returncode)
