"""What a test needs from the machine, and what happens when it is missing: a skip on a developer's machine (with
the reason and the command that installs it), a failure in CI, where `.ci/run` installs everything the suite
needs (so a missing tool there is a broken set-up, never a silently skipped test)."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def missing(reason: str) -> None:
    """Skip (a developer's machine) or fail (CI) because `reason`."""
    if IN_CI:
        pytest.fail(f"CI installs what this test needs, but: {reason}", pytrace=False)
    pytest.skip(reason)
