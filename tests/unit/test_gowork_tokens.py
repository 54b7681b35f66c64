"""A go.work byte no modfile token can start with (a vertical tab or a form feed outside a string) is cmd/go's
"unexpected input character" (golang.org/x/mod/modfile/read.go readToken, isIdent): an error of the file, which
is then not judged, never a crash of the reader."""

from __future__ import annotations

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host
from go_sidecar.parse.gowork import parse_gowork
from go_sidecar.testing import FakeSystem

WS = "/home/dev/repo"


@pytest.mark.parametrize("byte", [b"\x0b", b"\x0c"])
@pytest.mark.parametrize(
    "text",
    [b"go 1.22\nuse %s./a\n", b"go 1.22\nuse (\n\t./a%s\n)\n", b"%suse ./a\n", b"go 1.22\nuse (\n)%s\n"],
)
def test_a_vertical_tab_or_form_feed_is_an_error_not_a_crash(text, byte):
    w = parse_gowork(WS + "/go.work", text.replace(b"%s", byte))
    assert any("unexpected input character" in e for e in w.errors), w.errors


def test_a_form_feed_inside_a_quoted_path_is_part_of_it():
    w = parse_gowork(WS + "/go.work", b'use "./a\x0cb"\n')
    assert not w.errors and [u.path for u in w.uses] == ["./a\x0cb"]


def test_check_of_a_workspace_whose_go_work_has_a_form_feed_does_not_crash():
    launch = b'{"version": "0.2.0", "configurations": [{"name": "t", "type": "go", "request": "launch", '
    launch += b'"mode": "debug", "program": "${workspaceFolder}/tools/gen"}]}'
    sys_ = FakeSystem(
        Host("linux", "amd64"),
        "/home/dev",
        env={"HOME": "/home/dev", "PATH": "/usr/bin"},
        files={
            WS + "/.vscode/launch.json": launch,
            WS + "/go.work": b"go 1.22\n\nuse \x0c./api\n",
            WS + "/api/go.mod": b"module example.com/api\n\ngo 1.22\n",
            WS + "/tools/go.mod": b"module example.com/tools\n\ngo 1.22\n",
            WS + "/tools/gen/main.go": b"package main\n\nfunc main() {}\n",
        },
    )
    report, _ = run_check(sys_, WS)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    assert not [f for f in report.findings if f.code == "program-outside-module"]  # not judged: cmd/go stops first
