"""gosumdb-off and friends (issue 13): checksum and transport settings that give up verified downloads."""

from __future__ import annotations
