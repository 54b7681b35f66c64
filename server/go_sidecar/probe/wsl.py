"""WSL facts: whether this Linux runs inside WSL, which go its PATHs lead to, and Linux toolchains used from Windows.

Sources (docs/facts.md, Machine and environment, WSL):
- WSL registers its interop with binfmt_misc: `/proc/sys/fs/binfmt_misc/WSLInterop` (`WSLInterop-late` on newer
  kernels) exists while interop is on; every WSL process has `WSL_DISTRO_NAME` in its environment (Microsoft
  Learn, "Working across Windows and Linux file systems"; microsoft/WSL).
- `/etc/wsl.conf`: `[automount] root` (default `/mnt/`) is where Windows drives appear (`/mnt/c`);
  `[interop] appendWindowsPath` (default true) appends the Windows PATH to the Linux PATH, so
  `/mnt/c/Program Files/Go/bin` lands on it (Microsoft Learn, "Advanced settings configuration in WSL").
  VS Code in WSL then may run the Windows host's go (golang/vscode-go#3160).
- From Windows, a distribution's files are under `\\\\wsl$\\<distro>\\` or `\\\\wsl.localhost\\<distro>\\`; a
  toolchain there is Linux's (bin/go, no go.exe) and Windows cannot run it; gopls failed on such folders
  (golang/vscode-go#801, #1485).

Read statically through the System (FakeSystem drives it in tests); nothing is run.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from go_sidecar._record import dataclass, field
from go_sidecar.probe.system import System

if TYPE_CHECKING:
    from go_sidecar.probe.facts import ConfigFacts  # facts imports this module: types only

INTEROP = ("/proc/sys/fs/binfmt_misc/WSLInterop", "/proc/sys/fs/binfmt_misc/WSLInterop-late")
WSL_CONF = "/etc/wsl.conf"
DEFAULT_MOUNT_ROOT = "/mnt/"
SHARES = ("\\\\wsl$\\", "\\\\wsl.localhost\\")  # how Windows names a distribution's files
MAX_PATH_ENTRIES = 256  # PATH entries looked at for a go.exe (a PATH of 100,000 characters is bounded)


@dataclass(frozen=True)
class WindowsGo:
    """A go on a WSL PATH that is Windows', or on the Windows drive."""

    exe: str  # /mnt/c/Program Files/Go/bin/go.exe
    how: str  # "drive": the first go on PATH lies on the Windows drive; "exe": no Linux go, a Windows go.exe


@dataclass
class WslFacts:
    inside: bool = False  # this Linux runs inside WSL
    evidence: str = ""  # what said so
    distro: str = ""
    mount_root: str = DEFAULT_MOUNT_ROOT  # where Windows drives are mounted (wsl.conf [automount] root)
    append_windows_path: bool = True  # wsl.conf [interop] appendWindowsPath
    ide: WindowsGo | None = None  # the IDE's PATH (the server's environment)
    configs: list[WindowsGo | None] = field(default_factory=list)  # per Facts.configs: its PATH's go
    share: str = ""  # on Windows: `\\wsl$\Ubuntu` when the workspace is on a WSL share
    linux_roots: dict[str, str] = field(default_factory=dict)  # on Windows: Go root -> why it is Linux's

    def on_windows_drive(self, path: str | None) -> bool:
        """Inside WSL: path lies on a mounted Windows drive (`/mnt/c/...`)."""
        if not path:
            return False
        root = self.mount_root.rstrip("/") + "/"
        if not path.startswith(root):
            return False
        rest = path[len(root) :]
        return len(rest) >= 1 and rest[0].isascii() and rest[0].isalpha() and (len(rest) == 1 or rest[1] == "/")


def share_of(path: str | None) -> str:
    """`\\\\wsl$\\Ubuntu` for a path on a WSL share seen from Windows (either spelling, / or \\), else ""."""
    if not path:
        return ""
    p = path.replace("/", "\\")
    low = p.lower()
    for share in SHARES:
        if low.startswith(share):
            distro = p[len(share) :].split("\\", 1)[0]
            return p[: len(share)] + distro if distro else ""
    return ""


def read_wsl_facts(
    sys_: System,
    root: str,
    configs: Sequence[ConfigFacts],
    roots: Sequence[str | None] = (),
    ide_path: str | None = None,
) -> WslFacts | None:
    """WSL facts, or None on a machine that has nothing to do with WSL (macOS, Linux outside WSL, a Windows
    workspace that is not on a WSL share and names no root there). `configs`: probe.facts.ConfigFacts in order;
    `roots`: Go roots the workspace names or uses (toolchains, pins, GOROOT, the first go on PATH); `ide_path`:
    the PATH the IDE hands to its tools (the environment's, with go.goroot's bin first)."""
    os_ = sys_.host.os
    if os_ == "linux":
        return _inside(sys_, configs, ide_path if ide_path is not None else sys_.env.get("PATH"))
    if os_ == "windows":
        return _from_windows(sys_, root, configs, roots)
    return None


def _inside(sys_: System, configs: Sequence[ConfigFacts], process_path: str | None) -> WslFacts | None:
    distro = sys_.env.get("WSL_DISTRO_NAME", "")
    interop = next((p for p in INTEROP if sys_.is_file(p)), "")
    if not distro and not interop:
        return None
    facts = WslFacts(True, f"{interop} exists" if interop else f"WSL_DISTRO_NAME={distro}", distro)
    facts.mount_root, facts.append_windows_path = _wsl_conf(sys_)
    seen: dict[str | None, WindowsGo | None] = {}

    def windows_go(path_value: str | None) -> WindowsGo | None:
        if path_value not in seen:
            seen[path_value] = _windows_go(sys_, facts, path_value)
        return seen[path_value]

    facts.ide = windows_go(process_path)
    for cf in configs:
        env: Mapping[str, str] = cf.env
        facts.configs.append(windows_go(env.get("PATH", process_path)))
    return facts


def _wsl_conf(sys_: System) -> tuple[str, bool]:
    """(automount root, appendWindowsPath) from /etc/wsl.conf (INI; defaults when absent or unreadable)."""
    root, append = DEFAULT_MOUNT_ROOT, True
    try:
        text = sys_.read_bytes(WSL_CONF, 64 * 1024).decode("utf-8", "replace")
    except OSError:
        return root, append
    section = ""
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip().lower()
            continue
        key, sep, value = line.partition("=")
        if not sep:
            continue
        key, value = key.strip().lower(), value.strip().strip('"')
        if section == "automount" and key == "root" and value.startswith("/"):
            root = value if value.endswith("/") else value + "/"
        elif section == "interop" and key == "appendwindowspath":
            append = value.lower() not in ("false", "0", "no")
    return root, append


def _windows_go(sys_: System, facts: WslFacts, path_value: str | None) -> WindowsGo | None:
    """The go a WSL PATH leads to when it is Windows': the first `go` lies on a Windows drive, or there is no Linux
    go at all and a Windows `go.exe` is on the PATH (appendWindowsPath)."""
    if not path_value:
        return None
    first_exe = ""
    for entry in [e for e in path_value.split(":") if e][:MAX_PATH_ENTRIES]:
        go = sys_.join(entry, "go")
        if sys_.is_file(go):
            return WindowsGo(go, "drive") if facts.on_windows_drive(sys_.norm(go)) else None
        if not first_exe and facts.on_windows_drive(sys_.norm(entry)):
            exe = sys_.join(entry, "go.exe")
            if sys_.is_file(exe):
                first_exe = exe
    return WindowsGo(first_exe, "exe") if first_exe else None


def _from_windows(
    sys_: System, root: str, configs: Sequence[ConfigFacts], roots: Sequence[str | None]
) -> WslFacts | None:
    share = share_of(root)
    used: list[str] = [r for r in roots if r]
    for cf in configs:
        if cf.pin is not None and cf.pin.value:
            used.append(cf.pin.value)
        if cf.path_go is not None and cf.path_go.root:
            used.append(cf.path_go.root)
    linux: dict[str, str] = {}
    for r in dict.fromkeys(used):
        where = share_of(r)
        if where:
            linux[r] = f"it lies on the WSL share {where}"
        elif share and _linux_binaries(sys_, r):
            # Only looked at when the workspace is on a share: a Windows machine without WSL pays nothing.
            linux[r] = "its bin holds a Linux `go` and no `go.exe`"
    if not share and not linux:
        return None
    return WslFacts(share=share, linux_roots=linux, distro=share.rsplit("\\", 1)[-1] if share else "")


def _linux_binaries(sys_: System, root: str) -> bool:
    bin_dir = sys_.join(root, "bin")
    return sys_.is_file(sys_.join(bin_dir, "go")) and not sys_.is_file(sys_.join(bin_dir, "go.exe"))
