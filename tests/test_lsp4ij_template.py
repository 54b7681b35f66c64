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

import fnmatch
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
import tomllib
from pathlib import Path

import jsonschema
import pytest

from go_sidecar.lsp.invalidate import DIAGNOSED_FILES
from go_sidecar.probe.goland import GOLAND_PATTERNS
from go_sidecar.probe.pinfiles import PIN_FILES
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


def lsp4ij_patterns() -> dict[str, str]:
    """The server's one list of diagnosed files (lsp/invalidate.py DIAGNOSED_FILES) as LSP4IJ file name patterns:
    the last part of each path pattern, GoLand's XML files as `*.xml` (a shared run configuration has any name)."""
    out: dict[str, str] = {}
    for pattern, language_id in DIAGNOSED_FILES:
        name = "*.xml" if language_id == "xml" else pattern.rsplit("/", 1)[-1]
        assert out.setdefault(name, language_id) == language_id, f"{name}: two language ids"
    return out


def template_patterns() -> dict[str, str]:
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
    assert "languageMappings" not in t or all("language" in m for m in t["languageMappings"])
    return language_ids


def test_template_mappings_cover_the_files_the_server_checks():
    language_ids = template_patterns()
    assert language_ids == lsp4ij_patterns()
    # Every name the probes read, and every file name the check diagnoses, is matched by a pattern.
    names = [p.rsplit("/", 1)[-1].replace("*", "App") for p, _ in DIAGNOSED_FILES]
    for name in [*WATCHED_NAMES, *(g.replace("*", "App") for g in GOLAND_PATTERNS), *PIN_FILES, *names]:
        assert any(fnmatch.fnmatchcase(name, p) for p in language_ids), name
    # The language ids VS Code (and vscode-go) use for these files; GoLand's project files are XML.
    assert language_ids["launch.json"] == language_ids["settings.json"] == "jsonc"
    assert language_ids["go.mod"] == "go.mod" and language_ids["go.work"] == "go.work"
    assert language_ids["go.sum"] == "go.sum" and language_ids["*.xml"] == "xml"
    assert language_ids[".tool-versions"] == language_ids[".go-version"] == "plaintext"
    assert language_ids["mise.toml"] == language_ids[".mise.toml"] == "toml"


def test_readme_and_guide_list_the_template_mappings():
    """The template's README table and docs/goland.md's Mappings row name every pattern with its language id."""
    readme_row = next(
        line
        for line in (TEMPLATE / "README.md").read_text(encoding="utf-8").splitlines()
        if line.startswith("| `template.json`")
    )
    guide_row = next(
        line
        for line in (ROOT / "docs" / "goland.md").read_text(encoding="utf-8").splitlines()
        if line.strip().startswith("| Mappings |")
    )
    for row in (readme_row, guide_row):
        shown = set(re.findall(r"`([^`]+)`", row))
        for pattern, language_id in lsp4ij_patterns().items():
            assert pattern in shown and language_id in shown, (pattern, row)


def test_vscode_document_selector_follows_the_diagnosed_files():
    """vscode-extension/src/client.ts DOCUMENT_SELECTOR: `**/` + each pattern of the server's list, files only."""
    source = (ROOT / "vscode-extension" / "src" / "client.ts").read_text(encoding="utf-8")
    body = source.split("export const DOCUMENT_SELECTOR = [", 1)[1].split("];", 1)[0]
    entries = re.findall(r"\{\s*scheme:\s*'([^']*)',\s*pattern:\s*'([^']*)'\s*\}", body)
    assert len(entries) == body.count("{"), body
    assert {scheme for scheme, _ in entries} == {"file"}
    patterns = [p for _, p in entries]
    assert len(patterns) == len(set(patterns))
    assert set(patterns) == {f"**/{p}" for p, _ in DIAGNOSED_FILES}


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


# --- `*.xml` maps every XML file: the server answers the ones it does not read with nothing, at once ----------


async def test_xml_files_the_server_does_not_read_cost_nothing(machine: Machine):
    """LSP4IJ sends every opened XML file (pom.xml, .idea/misc.xml...): no diagnostics, no lens, no hover for them,
    each answered within a fraction of a second although the file is large; the server's own files still work."""
    import asyncio

    from lsprotocol import types as lsp

    from tests.e2e.conftest import start_client
    from tests.e2e.test_server import wait_for

    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH, encoding="utf-8")
    (machine.ws / ".idea").mkdir()
    pom = machine.ws / "pom.xml"
    misc = machine.ws / ".idea" / "misc.xml"
    big = '<?xml version="1.0"?>\n<project>\n' + "  <dependency><id>x</id></dependency>\n" * 8000 + "</project>\n"
    pom.write_text(big, encoding="utf-8")
    misc.write_text('<?xml version="1.0"?>\n<project version="4"><component name="GOROOT"/></project>\n')

    client = await start_client(machine, "visual-studio-code")
    try:
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(launch.as_uri(), "jsonc", 1, LAUNCH))
        )
        await wait_for(client, launch.as_uri(), lambda d: len(d) > 0)

        started = time.perf_counter()
        for f in (pom, misc):
            text = f.read_text(encoding="utf-8")
            client.text_document_did_open(
                lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(f.as_uri(), "xml", 1, text))
            )
        for version in range(2, 12):  # typing in pom.xml
            big = big.replace("<id>x</id>", "<id>y</id>", 1)
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    lsp.VersionedTextDocumentIdentifier(uri=pom.as_uri(), version=version),
                    [lsp.TextDocumentContentChangeWholeDocument(text=big)],
                )
            )
        for f in (pom, misc):
            doc = lsp.TextDocumentIdentifier(f.as_uri())
            lenses = await asyncio.wait_for(client.text_document_code_lens_async(lsp.CodeLensParams(doc)), TIMEOUT)
            hover = await asyncio.wait_for(
                client.text_document_hover_async(lsp.HoverParams(doc, lsp.Position(1, 3))), TIMEOUT
            )
            assert not lenses and hover is None, (f, lenses, hover)
        elapsed = time.perf_counter() - started
        assert elapsed < 3, f"{elapsed:.2f} s for XML files the server does not read"

        # The server's own file is still checked, and the XML files got no diagnostics at all.
        edited = LAUNCH.replace('"name": "Launch Package"', '"name": "Launch Package 2"')
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=launch.as_uri(), version=2),
                [lsp.TextDocumentContentChangeWholeDocument(text=edited)],
            )
        )
        await wait_for(client, launch.as_uri(), lambda d: any("Launch Package 2" in x.message for x in d))
        assert pom.as_uri() not in client.diagnostics and misc.as_uri() not in client.diagnostics
    finally:
        await client.shutdown_session()
