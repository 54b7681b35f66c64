"""go-pin-mismatch (issue 13): a configuration pins another Go than the folder's version-manager pin file."""

from __future__ import annotations
