"""cgo-no-compiler, cc-path-unquoted (issue 13): cgo switched on without a usable C compiler."""

from __future__ import annotations
