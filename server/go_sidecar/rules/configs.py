"""Configuration rules: what vscode-go does with a launch.json or settings.json value that is not what it seems.

Each cites the vscode-go code it rests on (golang/vscode-go at 28e27ff, extension/src/goDebugConfiguration.ts
and utils/envUtils.ts; docs/facts.md "Debug configuration kinds").
"""

from __future__ import annotations

from collections.abc import Iterator

from go_sidecar.model import ZERO_RANGE, Fix, Location, Severity, TextEdit
from go_sidecar.probe import configs
from go_sidecar.probe.facts import Facts
from go_sidecar.rules.declare import Found, rule


@rule(
    code="config-syntax-error",
    family="configuration",
    severity=Severity.ERROR,
    summary="launch.json, settings.json or a GoLand project file is malformed",
    explanation="""
VS Code reads launch.json and settings.json as JSON with comments and trailing commas. A configuration that is
never closed or a missing comma makes VS Code drop what follows (the Run view shows fewer configurations, or
none, and settings silently fall back to their defaults). An editor underlines it, but `sidecar check` in a
terminal or CI is often the only place anyone looks. go-sidecar reports the first error and still checks every
configuration it could read. GoLand's `.idea/*.xml` and `.run/*.run.xml` are XML: a malformed one makes the IDE drop
its run configurations or project SDK.
""",
    fix="Correct the file at the position shown (a missing comma, quote or closing bracket or tag).",
    example='`{"name": "Launch" "type": "go"}`: a comma is missing after `"Launch"`.',
)
def config_syntax_error(facts: Facts) -> Iterator[Found]:
    ws = facts.workspace
    docs = [(ws.launch_path, ws.launch)] + ([(ws.settings_path, ws.settings)] if ws.settings is not ws.launch else [])
    for path, doc in docs:  # a .code-workspace is both, once
        if doc is None or doc.first_error is None or not doc.data.strip():
            continue
        start, end, what = doc.first_error
        tail = len(doc.data.rstrip())
        if end >= tail and start == 0:
            what = "the file ends before every { and [ is closed"
            start = end = tail
        line = doc.index.range(start, end).line + 1
        message = (
            f"{path.rsplit('/', 1)[-1].rsplit(chr(92), 1)[-1]} is not valid JSON from line {line}: {what}. "
            "VS Code ignores what it cannot read; the configurations go-sidecar could read are still checked."
        )
        yield Found(message, Location(path, doc.index.range(start, end)))
    gf = ws.goland_facts
    for problem in gf.problems if gf is not None else []:
        name = problem.location.path.replace("\\", "/").rsplit("/", 1)[-1]
        yield Found(
            f"{name} is not well-formed XML from line {problem.location.range.line + 1}: "
            f"{problem.message}. GoLand ignores what it cannot read; go-sidecar checks what comes before.",
            problem.location,
        )


@rule(
    code="envfile-missing",
    family="configuration",
    severity=Severity.ERROR,
    summary="A Go debug configuration's envFile names a file that does not exist",
    explanation="""
vscode-go reads `envFile` before it starts the debugger (`parseEnvFiles`, utils/envUtils.ts) and throws when
the file cannot be read: the session does not start, and VS Code shows `Cannot load environment variables from
file <path>: Error: ENOENT: no such file or directory`. A `.env` that each developer creates locally and that
is not in the repository is the usual cause.
""",
    fix="Create the file (it may be empty), point `envFile` at the right path, or remove `envFile`.",
    example='`"envFile": "${workspaceFolder}/.env"` in a fresh clone where `.env` is git-ignored.',
)
def envfile_missing(facts: Facts) -> Iterator[Found]:
    missing = facts.workspace.missing_env_files
    for cf in facts.configs:
        path = cf.env_file_path
        if path is None or path not in missing or cf.config.env_file_location is None:
            continue
        message = (
            f'Configuration "{cf.config.name}": envFile {path} does not exist. vscode-go does not start the '
            f"session: `Cannot load environment variables from file {path}: Error: ENOENT: no such file "
            f"or directory`."
        )
        yield Found(
            message,
            cf.config.env_file_location,
            (Fix(f"Create {path} (empty)", (TextEdit(path, ZERO_RANGE, ""),), creates=(path,)),),
        )


@rule(
    code="dlv-tool-path-ignored",
    family="configuration",
    severity=Severity.WARNING,
    summary="`dlvToolPath` in a debug configuration is ignored by vscode-go",
    explanation="""
vscode-go overwrites a configuration's `dlvToolPath` with the dlv it finds itself (`resolveDebugConfiguration`:
`debugConfiguration['dlvToolPath'] = getBinPath('dlv')`), so the path written there is never used and the
session runs another dlv — possibly one of another version or architecture. The supported way to choose a dlv is
`"go.alternateTools": {"dlv": "<absolute path>"}` in settings.json.
""",
    fix="Move the path to `go.alternateTools.dlv` in .vscode/settings.json and remove `dlvToolPath`.",
    example='`"dlvToolPath": "/home/me/go/bin/dlv-1.22"` in a launch configuration.',
)
def dlv_tool_path_ignored(facts: Facts) -> Iterator[Found]:
    from go_sidecar.rules.delve_fixes import alternate_tools_fix

    ws = facts.workspace
    launch = ws.launch
    if launch is None:  # no launch.json: no configuration with a view
        return
    for cf in facts.configs:
        view = cf.config.view
        if view is None:
            continue
        value, holder = view.member("dlvToolPath")
        if value is None or value.kind != "string" or not value.value:
            continue
        location = Location(ws.launch_path, launch.index.range(value.start, value.end))
        message = (
            f'Configuration "{cf.config.name}" sets dlvToolPath {value.value!r}, which vscode-go replaces '
            "with the dlv it finds itself: this path is never used. Set go.alternateTools.dlv instead."
        )
        fixes = []
        move = alternate_tools_fix(
            facts, value.value, "Move it to go.alternateTools.dlv in settings.json", preferred=True
        )
        if move is not None and not (move.creates and ws.settings is not None):
            from go_sidecar.edit.jsonc import JsoncEditor

            remove = JsoncEditor(ws.launch_path, launch).remove_member(holder, "dlvToolPath")
            fixes.append(Fix(move.title, move.edits + tuple(remove), preferred=True, creates=move.creates))
        yield Found(message, location, tuple(fixes))


@rule(
    code="remote-deprecated",
    family="configuration",
    severity=Severity.INFORMATION,
    summary="A remote debug configuration uses a deprecated form (`remotePath`, or `launch` with mode `remote`)",
    explanation="""
vscode-go deprecates `"request": "launch"` with `"mode": "remote"` ("please use request type 'attach' with mode
'remote' instead") and `remotePath`, which becomes the first `substitutePath` entry and does not work with the
dlv-dap adapter (docs/debugging.md). Such a configuration keeps working only through the legacy adapter.
""",
    fix='Use `"request": "attach"`, and replace `remotePath` with '
    '`"substitutePath": [{"from": "${workspaceFolder}", "to": "<remotePath>"}]`.',
)
def remote_deprecated(facts: Facts) -> Iterator[Found]:
    ws = facts.workspace
    launch = ws.launch
    if launch is None:  # no launch.json: no configuration with a view
        return
    for cf in facts.configs:
        cfg = cf.config
        if cfg.kind != configs.REMOTE or cfg.view is None:
            continue
        from go_sidecar.edit.jsonc import JsoncEditor, dump  # edits: only for a remote configuration

        editor = JsoncEditor(ws.launch_path, launch)
        request, _req_holder = cfg.view.member("request")
        if cfg.request == "launch" and request is not None and request.kind == "string":
            yield Found(
                f'Configuration "{cfg.name}" uses "request": "launch" with "mode": "remote", which vscode-go '
                'deprecates: use "request": "attach".',
                Location(ws.launch_path, launch.index.range(request.start, request.end)),
                (Fix('Use "request": "attach"', (editor.replace_value(request, "attach"),), preferred=True),),
            )
        remote, holder = cfg.view.member("remotePath")
        if remote is not None and remote.kind == "string":
            fixes: tuple[Fix, ...] = ()
            if cfg.view.value("substitutePath") is None:
                edits = editor.remove_member(holder, "remotePath") + editor.set_members(
                    holder, {"substitutePath": [{"from": "${workspaceFolder}", "to": remote.value}]}
                )
                fixes = (Fix(f"Replace remotePath with substitutePath ({dump(remote.value)})", tuple(edits)),)
            yield Found(
                f'Configuration "{cfg.name}" uses remotePath, which vscode-go deprecates and the dlv-dap '
                "adapter ignores: use substitutePath.",
                Location(ws.launch_path, launch.index.range(remote.start, remote.end)),
                fixes,
            )


@rule(
    code="dlv-alternate-missing",
    family="configuration",
    severity=Severity.WARNING,
    summary="`go.alternateTools.dlv` names a file that does not exist",
    explanation="""
vscode-go uses an absolute `go.alternateTools.dlv` only when the file exists; otherwise it silently searches
$GOBIN, $GOPATH/bin, $GOROOT/bin and PATH as if the setting were not there (`getBinPathWithExplanation`), so the
session runs another dlv than the one chosen, or none.
""",
    fix="Point the setting at an existing dlv (one found on this machine is offered), or remove it.",
)
def dlv_alternate_missing(facts: Facts) -> Iterator[Found]:
    from go_sidecar.rules.delve_fixes import alternate_tools_fix

    debug = facts.debug
    ws = facts.workspace
    if debug is None or ws.settings is None or not any(cf.config.local_dlv for cf in facts.configs):
        return
    value = debug.alternate
    if not value or debug.alternate_exists:
        return
    member = ws.settings_member("go.alternateTools")
    node = (
        member.value.get_value("dlv")
        if member is not None and member.value is not None and member.value.kind == "object"
        else None
    )
    if node is None:
        return
    used = (
        f"it uses {debug.chosen.candidate.path} ({debug.chosen.candidate.source}) instead"
        if debug.chosen is not None
        else "and finds no other dlv"
    )
    message = f"go.alternateTools.dlv is {value}, which does not exist: vscode-go ignores the setting, {used}."
    fixes = []
    for other in [debug.chosen, *debug.others]:
        if other is not None and other.is_delve and debug.runs_natively(other.exe):
            fix = alternate_tools_fix(facts, other.candidate.path, f"Use {other.candidate.path}", preferred=True)
            if fix is not None:
                fixes.append(fix)
            break
    yield Found(message, Location(ws.settings_path, ws.settings.index.range(node.start, node.end)), tuple(fixes))
