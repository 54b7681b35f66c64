"""The real-editor tests say why they cannot run: without code-server they skip (a developer's machine) or fail
(CI) with the reason. ruff's F823 found `missing` shadowed by a local in test_vscode_real, which turned that skip
into an UnboundLocalError."""

from __future__ import annotations

import pytest

from tests import needs
from tests import test_vscode_real as real
from tests import vscode_harness as vh

REASON = "code-server is not installed"


@pytest.mark.parametrize("test", [real.test_vscode_real, real.test_vscode_real_multiroot])
def test_a_missing_code_server_skips_with_the_reason(monkeypatch, tmp_path, test):
    monkeypatch.setattr(vh, "missing", lambda: REASON)
    monkeypatch.setattr(needs, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match=REASON):
        test(tmp_path)


def test_in_ci_a_missing_code_server_fails_with_the_reason(monkeypatch, tmp_path):
    monkeypatch.setattr(vh, "missing", lambda: REASON)
    monkeypatch.setattr(needs, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match=f"CI installs what this test needs, but: {REASON}"):
        real.test_vscode_real(tmp_path)
