"""wsl-mixed-toolchain (issue 13): a Windows go inside WSL, or a Linux toolchain used from Windows through \\\\wsl$."""

from __future__ import annotations
