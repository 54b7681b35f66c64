"""path-go-shadowed, goroot-env-set (issue 13): the PATH and GOROOT of the machine around the workspace."""

from __future__ import annotations
