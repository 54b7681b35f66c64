"""`check` and `rules` run with the cyclic garbage collector off (cli.py _one_shot); called in-process (tests, the
bench's probe) they give it back as they found it and freeze nothing: only the process's own command line, which
exits next, leaves it off and frozen."""

from __future__ import annotations

import contextlib
import gc
import io
import shutil
from pathlib import Path

import pytest

from go_sidecar import cli

DEMO = Path(__file__).resolve().parents[2] / "examples" / "demo"


@pytest.mark.parametrize("enabled", [True, False])
@pytest.mark.parametrize("argv", [["rules"], ["rules", "--format", "json"], ["check", "--format", "json"]])
def test_an_in_process_call_restores_the_collector_and_freezes_nothing(tmp_path: Path, argv: list[str], enabled: bool):
    if argv[0] == "check":
        ws = tmp_path / "demo"
        shutil.copytree(DEMO, ws)
        argv = [*argv, str(ws)]
    was = gc.isenabled()
    frozen = gc.get_freeze_count()
    (gc.enable if enabled else gc.disable)()
    seen: list[bool] = []
    real = cli._rules if argv[0] == "rules" else cli._check
    try:
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(
                cli, "_rules" if argv[0] == "rules" else "_check", lambda *a: seen.append(gc.isenabled()) or real(*a)
            )
            with contextlib.redirect_stdout(io.StringIO()) as out:
                code = cli.main(argv)
        assert code in (0, 1) and out.getvalue()
        assert seen == [False]  # off while the command ran
        assert gc.isenabled() is enabled and gc.get_freeze_count() == frozen
    finally:
        (gc.enable if was else gc.disable)()


def test_an_error_inside_the_command_restores_the_collector_too(monkeypatch: pytest.MonkeyPatch):
    def broken(*_: object) -> int:
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "_rules", broken)
    assert gc.isenabled()
    with contextlib.redirect_stderr(io.StringIO()) as err:
        assert cli.main(["rules"]) == cli.EXIT_ERROR
    assert "boom" in err.getvalue() and gc.isenabled()
