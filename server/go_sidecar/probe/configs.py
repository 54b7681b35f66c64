"""What a Go debug configuration really does, as vscode-go decides it, so that every rule can ask.

From golang/vscode-go `extension/src/goDebugConfiguration.ts` (resolveDebugConfiguration, read at 28e27ff):
- a configuration without `mode` gets `auto` for `request: launch` and `local` for `request: attach`;
- `launch` with `auto`, `debug` or `test` builds the program with a Go toolchain and runs a local dlv;
- `launch` + `exec` runs a prebuilt `program`; `replay` replays an rr trace; `core` opens a core dump: nothing is
  built, a local dlv runs;
- `attach` + `local` attaches a local dlv to a running process: nothing is built;
- `mode: remote` (attach, or the deprecated launch form) connects to a dlv already running at host:port:
  nothing local is built or run;
- `launch` with a `port` and the dlv-dap adapter connects to an external `dlv dap` server ("Running debugee
  externally", docs/debugging.md): that server builds and runs, not this machine's dlv.

VS Code merges a platform block (`"windows"`, `"osx"`, `"linux"` inside a configuration) over the configuration
on that OS, recursively for objects (`objects.mixin` with overwrite): `env` keys of the block win one by one.
`ConfigView` is that merged view, and remembers which JSON node each value comes from so that fixes edit the
value where it is written.
"""

from __future__ import annotations

from go_sidecar.parse import jsonc

PLATFORM_KEY = {"windows": "windows", "darwin": "osx", "linux": "linux"}

BUILD, EXEC, ATTACH, REMOTE, EXTERNAL, UNKNOWN = "build", "exec", "attach", "remote", "external", "unknown"
BUILD_MODES = ("auto", "debug", "test")
NO_BUILD_MODES = ("exec", "replay", "core")


class ConfigView:
    """A configuration object with the block of the host's OS merged over it (VS Code's order)."""

    def __init__(self, node: jsonc.JNode, host_os: str):
        self.node = node
        block = node.get_value(PLATFORM_KEY.get(host_os, "linux"))
        self.block = block if block is not None and block.kind == "object" else None

    def member(self, key: str) -> tuple[jsonc.JNode | None, jsonc.JNode]:
        """(the effective value, the object that holds it): the platform block wins over the configuration."""
        if self.block is not None:
            value = self.block.get_value(key)
            if value is not None:
                return value, self.block
        return self.node.get_value(key), self.node

    def value(self, key: str) -> jsonc.JNode | None:
        return self.member(key)[0]

    def string(self, key: str) -> str | None:
        v = self.value(key)
        return v.value if v is not None and v.kind == "string" else None

    def strings(self, key: str) -> dict[str, tuple[str, jsonc.JNode, jsonc.Member]]:
        """A string map (env) merged key by key: name -> (value, the env object holding it, its member)."""
        out: dict[str, tuple[str, jsonc.JNode, jsonc.Member]] = {}
        for holder in (self.node, self.block):
            obj = holder.get_value(key) if holder is not None else None
            if obj is None or obj.kind != "object":
                continue
            for m in obj.members:
                if m.value is not None and m.value.kind == "string":
                    out[m.key] = (m.value.value, obj, m)
                elif m.value is not None and m.value.kind == "null":
                    out.pop(m.key, None)
        return out

    def env_parent(self, key: str) -> jsonc.JNode:
        """The object whose `env` a fix should edit to set `key`: the platform block when its env already
        names the key (a value written at the top would be overridden there), else the configuration."""
        if self.block is not None:
            env = self.block.get_value("env")
            if env is not None and env.kind == "object" and env.get(key) is not None:
                return self.block
        return self.node


def default_mode(request: str, mode: str | None) -> str:
    if mode:
        return mode
    return "local" if request == "attach" else "auto"


def kind_of(request: str, mode: str, view: ConfigView, default_adapter: str | None = None) -> str:
    """BUILD, EXEC, ATTACH, REMOTE, EXTERNAL or UNKNOWN (a request or mode that is a variable, or unknown).

    `default_adapter` is `go.delveConfig.debugAdapter` from settings.json, which vscode-go uses when the
    configuration names none (its default is dlv-dap)."""
    if "${" in request or "${" in mode:
        return UNKNOWN
    if mode == "remote":
        return REMOTE
    if request == "attach":
        return ATTACH if mode == "local" else UNKNOWN
    if request != "launch":
        return UNKNOWN
    adapter = view.string("debugAdapter") or default_adapter
    port = view.value("port")
    if port is not None and port.kind in ("number", "string") and adapter in (None, "dlv-dap"):
        return EXTERNAL
    if mode in BUILD_MODES:
        return BUILD
    if mode in NO_BUILD_MODES:
        return EXEC
    return UNKNOWN


def builds(kind: str) -> bool:
    """A Go toolchain on this machine builds the debug target."""
    return kind == BUILD


def runs_local_dlv(kind: str) -> bool:
    """A dlv on this machine runs for this configuration."""
    return kind in (BUILD, EXEC, ATTACH)
