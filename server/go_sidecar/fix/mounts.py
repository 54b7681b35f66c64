"""The mount points this process sees: a folder below one is another file system, never purged.

Linux: /proc/self/mountinfo, since a bind mount of the same file system keeps its st_dev. Elsewhere st_dev
tells (macOS) or a mount point is a reparse point (Windows): no list is needed, the empty set is returned.
"""

from __future__ import annotations

import os
import re
import sys

MOUNTINFO = "/proc/self/mountinfo"
_MAX_MOUNTINFO = 64 * 1024 * 1024
_OCTAL = re.compile(r"\\([0-7]{3})")


def parse_mountinfo(text: str) -> frozenset[str]:
    """The mount points (5th field, with the kernel's octal escapes of space, tab, newline, backslash undone)."""
    points = set()
    for line in text.splitlines():
        fields = line.split(" ")
        if len(fields) > 4:
            points.add(_OCTAL.sub(lambda m: chr(int(m.group(1), 8)), fields[4]))
    return frozenset(points)


def mount_points() -> frozenset[str]:
    """Every mount point this process sees on Linux; the empty set elsewhere or when mountinfo is unreadable."""
    if not sys.platform.startswith("linux"):
        return frozenset()
    from go_sidecar.fsread import read_regular

    try:
        return parse_mountinfo(os.fsdecode(read_regular(MOUNTINFO, _MAX_MOUNTINFO)))
    except OSError:
        return frozenset()
