"""The LSP4IJ template (editors/lsp4ij/go-sidecar/): valid as LSP4IJ reads it, settings valid against our schema,
and its command really starts the server, which then works with the template's settings.

LSP4IJ (github.com/redhat-developer/lsp4ij) reads a template folder as follows, and this test mirrors it:
- template.json: `id`, `name`, `programArgs` {"default", "windows", ...} (the entry for the OS, else "default");
  `fileTypeMappings`: [{"fileType": {"name"?, "patterns": [...]}, "languageId"}]; `languageMappings`
  (ServerTemplateJsonDeserializer / LanguageServerTemplateDeserializer).
- The command line is split at spaces outside double quotes, quotes dropped (CommandUtils.createCommands), and
  started with the IDE's environment (EnvironmentUtil.getEnvironmentMap(): the login shell's on macOS/Linux).
- settings.json answers `workspace/configuration`: the key equal to the section, else the dotted path
  (SettingsHelper.findSettings); it is also pushed whole with `workspace/didChangeConfiguration` when the server
  has started (UserDefinedLanguageClient). initializationOptions.json is sent as is in `initialize`.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import jsonschema
import pytest

from go_sidecar.probe.goland import GOLAND_PATTERNS
from go_sidecar.probe.workspace import WATCHED_NAMES
from tests.e2e.conftest import LAUNCH, Machine, make_root

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "editors" / "lsp4ij" / "go-sidecar"
SCHEMA = json.loads((ROOT / "schemas" / "settings.schema.json").read_text(encoding="utf-8"))
TIMEOUT = 20


def load(name: str):
    # LSP4IJ parses these with Gson (strict JSON); Python's json is as strict about comments and commas.
    return json.loads((TEMPLATE / name).read_text(encoding="utf-8"))


def lsp4ij_split(command_line: str) -> list[str]:
    """CommandUtils.createCommands: split at spaces outside double quotes; the quotes themselves are dropped."""
    args, part, in_string = [], [], False
    for c in command_line:
        if c == '"':
            in_string = not in_string
        elif c == " " and not in_string:
            if "".join(part).strip():
                args.append("".join(part).strip())
            part = []
        else:
            part.append(c)
    if "".join(part).strip():
        args.append("".join(part).strip())
    return args


def find_settings(section: str, settings: dict):
    """SettingsHelper.findSettings, the part our one-word section uses: the key itself, else the dotted path."""
    if section in settings:
        return settings[section]
    current = settings
    for key in section.split("."):
        if not isinstance(current, dict) or key not in current:
            return None
        current = current[key]
    return current


# --- the files as LSP4IJ reads them ------------------------------------------------------------------------


def test_template_fields():
    t = load("template.json")
    assert t["id"] == "go-sidecar" and t["name"] == "go-sidecar"
    args = t["programArgs"]
    assert set(args) >= {"default", "windows"}
    assert all(isinstance(v, str) and v.strip() for v in args.values())
    # The command names the console script that `pip install` / `pipx install` puts on PATH.
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["sidecar"] == "go_sidecar.cli:main"
    assert lsp4ij_split(args["default"]) == ["sidecar", "serve"]
    assert lsp4ij_split(args["windows"]) == ["sidecar.exe", "serve"]
    assert t["url"].endswith("docs/goland.md")


def test_template_mappings_cover_the_files_the_server_checks():
    t = load("template.json")
    language_ids: dict[str, str] = {}
    for m in t["fileTypeMappings"]:
        # A mapping without languageId is dropped by older LSP4IJ releases: every one has it.
        assert isinstance(m["languageId"], str) and m["languageId"]
        ft = m["fileType"]
        assert isinstance(ft["patterns"], list) and ft["patterns"]
        # No file type "name": mapping IntelliJ's "JSON" type would start the server for every JSON file.
        assert "name" not in ft
        for p in ft["patterns"]:
            assert p not in language_ids, f"{p} mapped twice"
            language_ids[p] = m["languageId"]
    assert set(language_ids) == set(WATCHED_NAMES) | set(GOLAND_PATTERNS)
    # The language ids VS Code (and vscode-go) use for these files; GoLand's project files are XML.
    assert language_ids == {
        "launch.json": "jsonc",
        "settings.json": "jsonc",
        "go.mod": "go.mod",
        "go.work": "go.work",
        "workspace.xml": "xml",
        "*.run.xml": "xml",
    }
    assert "languageMappings" not in t or all("language" in m for m in t["languageMappings"])


def test_settings_and_initialization_options_match_the_schema():
    init = load("initializationOptions.json")
    jsonschema.Draft202012Validator(SCHEMA).validate(init)
    settings = load("settings.json")
    assert list(settings) == ["goSidecar"]
    section = find_settings("goSidecar", settings)
    jsonschema.Draft202012Validator(SCHEMA).validate(section)
    # Every list and object setting is there at its default (empty: "not set"), so the user edits values rather
    # than looking up names. A scalar setting is left out: written here, its default would always win over the
    # workspace's .vscode/settings.json (the editor's settings win where they set something).
    expected = {k: v["default"] for k, v in SCHEMA["properties"].items() if v.get("type") in ("array", "object")}
    assert all(v in ([], {}) for v in expected.values())
    assert init == expected
    assert section == expected


def test_readme_and_guide_describe_this_template():
    readme = (TEMPLATE / "README.md").read_text(encoding="utf-8")
    assert "docs/goland.md" in readme and "sidecar serve" in readme
    guide = (ROOT / "docs" / "goland.md").read_text(encoding="utf-8")
    assert "editors/lsp4ij/go-sidecar" in guide and "Import from custom template" in guide
    t = load("template.json")
    for command in t["programArgs"].values():
        assert f"`{command}`" in guide


# --- the template's command starts the server ------------------------------------------------------------


class RawClient:
    """A JSON-RPC client over the server's stdio with Content-Length framing, as LSP4IJ (LSP4J) speaks it."""

    def __init__(self, argv: list[str], env: dict[str, str], cwd: Path):
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd
        )
        self.inbox: queue.Queue = queue.Queue()
        self.stderr = b""
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._drain_stderr, daemon=True).start()
        self.next_id = 0

    def _drain_stderr(self) -> None:
        for line in self.proc.stderr:
            self.stderr += line

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            headers = {}
            while True:
                line = out.readline()
                if not line:
                    self.inbox.put(None)
                    return
                line = line.strip()
                if not line:
                    break
                k, _, v = line.decode("ascii").partition(":")
                headers[k.strip().lower()] = v.strip()
            body = out.read(int(headers["content-length"]))
            self.inbox.put(json.loads(body.decode("utf-8")))

    def send(self, msg: dict) -> None:
        body = json.dumps({"jsonrpc": "2.0", **msg}, ensure_ascii=False).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def request(self, method: str, params) -> int:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        return self.next_id

    def receive(self, timeout: float) -> dict:
        msg = self.inbox.get(timeout=timeout)
        assert msg is not None, f"the server closed its output; stderr:\n{self.stderr.decode(errors='replace')}"
        return msg


@pytest.fixture
def machine(tmp_path: Path):
    """As tests/e2e's machine: HOME, caches and PATH inside tmp_path; booby-trapped go binaries never run."""
    m = Machine(tmp_path)
    yield m
    assert not list(tmp_path.rglob("RAN")), "a go binary named by the machine's configuration was executed"


def test_default_command_starts_the_server_with_the_template_settings(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH, encoding="utf-8")

    t = load("template.json")
    argv = lsp4ij_split(t["programArgs"]["windows" if os.name == "nt" else "default"])
    # The IDE finds `sidecar` on its PATH; here it is the test environment's own console script.
    exe = Path(sys.executable).parent / argv[0]
    assert exe.is_file(), f"{exe} missing: install go-sidecar into the test environment (make venv)"
    settings = load("settings.json")

    started = time.perf_counter()
    client = RawClient([str(exe), *argv[1:]], machine.env, cwd=machine.ws)
    try:
        init_id = client.request(
            "initialize",
            {
                "processId": os.getpid(),
                "clientInfo": {"name": "LSP4IJ (test)"},
                "rootUri": machine.ws.as_uri(),
                "workspaceFolders": [{"uri": machine.ws.as_uri(), "name": machine.ws.name}],
                "initializationOptions": load("initializationOptions.json"),
                "capabilities": {
                    "workspace": {"configuration": True, "didChangeConfiguration": {}},
                    "textDocument": {"publishDiagnostics": {}, "codeAction": {}},
                },
            },
        )
        msg = client.receive(TIMEOUT)
        assert msg.get("id") == init_id, msg
        caps = msg["result"]["capabilities"]
        initialized_in = time.perf_counter() - started
        assert caps["codeActionProvider"]["codeActionKinds"] == ["quickfix"]
        assert caps["textDocumentSync"]["openClose"] is True
        assert msg["result"]["serverInfo"]["name"] == "go-sidecar"

        client.send({"method": "initialized", "params": {}})
        # As LSP4IJ: push the whole settings.json once the server is up, open launch.json with the mapped id.
        client.send({"method": "workspace/didChangeConfiguration", "params": {"settings": settings}})
        client.send(
            {
                "method": "textDocument/didOpen",
                "params": {
                    "textDocument": {"uri": launch.as_uri(), "languageId": "jsonc", "version": 1, "text": LAUNCH}
                },
            }
        )

        answered_configuration = False
        messages: list[str] = []
        codes: set[str] = set()
        deadline = time.monotonic() + TIMEOUT
        while not ({"goroot-too-old"} <= codes and answered_configuration):
            assert time.monotonic() < deadline, f"no goroot-too-old diagnostic; got {codes}, messages {messages}"
            msg = client.receive(max(0.1, deadline - time.monotonic()))
            method = msg.get("method")
            if method == "workspace/configuration" and "id" in msg:
                result = [find_settings(item.get("section", ""), settings) for item in msg["params"]["items"]]
                client.send({"id": msg["id"], "result": result})
                answered_configuration = True
            elif "id" in msg and method:  # registerCapability, workDoneProgress/create: accept
                client.send({"id": msg["id"], "result": None})
            elif method == "window/showMessage":
                messages.append(msg["params"]["message"])
            elif method == "textDocument/publishDiagnostics" and msg["params"]["uri"] == launch.as_uri():
                codes = {d.get("code") for d in msg["params"]["diagnostics"]}
        assert answered_configuration, "the server never asked for the goSidecar section"
        # The template's settings are all valid: no "must be ..." message about them.
        assert not [m for m in messages if "goSidecar" in m], messages

        shutdown_id = client.request("shutdown", None)
        while True:
            msg = client.receive(TIMEOUT)
            if msg.get("id") == shutdown_id and "method" not in msg:
                assert msg.get("result") is None and "error" not in msg
                break
        client.send({"method": "exit"})
        assert client.proc.wait(timeout=TIMEOUT) == 0
        print(
            f"\nLSP4IJ template command: initialize answered in {initialized_in * 1000:.0f} ms, "
            f"diagnostics in {(time.perf_counter() - started) * 1000:.0f} ms"
        )
    finally:
        if client.proc.poll() is None:
            client.proc.kill()
            client.proc.wait()
