"""Whether a process is alive, behind one small function: `os.kill(pid, 0)` on Unix, OpenProcess on Windows
(ctypes, loaded only there); and whether something listens on a loopback port. Callers take them as parameters so
that tests inject their own answers."""

from __future__ import annotations

import os
import sys


def pid_alive(pid: int) -> bool:
    """Whether a process with this PID exists (any user's). Windows asks OpenProcess, loaded only there."""
    if pid <= 0:
        return False  # kill(0) and kill(-1) would mean process groups, never an IDE
    if os.name == "nt":
        return _pid_alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # exists, owned by someone else
    except (OSError, OverflowError):
        return False
    return True


def _pid_alive_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    # typeshed declares ctypes.WinDLL and get_last_error only for win32: the check tells mypy where the body runs
    # (`mypy --platform win32` checks it; other platforms skip it as unreachable). pid_alive calls it only there.
    if sys.platform != "win32":
        raise OSError("OpenProcess is a Windows API")
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = wintypes.DWORD()
        if kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return code.value == 259  # STILL_ACTIVE
        return True
    finally:
        kernel32.CloseHandle(handle)


def port_listening(port: int, timeout: float = 0.25) -> bool | None:
    """Whether a process accepts TCP connections on 127.0.0.1:`port`: True (it connected; closed at once, nothing
    sent), False (refused: nobody listens), None (cannot tell: a timeout, a firewall, a bad port)."""
    import socket

    if not 0 < port < 65536:
        return None
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout):
            return True
    except ConnectionRefusedError:
        return False
    except OSError:
        return None


_PORTS: dict[int, tuple[float, bool | None]] = {}


def port_listening_recently(port: int, ttl: float = 30.0) -> bool | None:
    """port_listening, answered from the last `ttl` seconds when it was asked then: every check (each edit) asks
    about an old IDE's port, and a running IDE need not see a connection per keystroke. The purge asks afresh."""
    import time

    now = time.monotonic()
    seen = _PORTS.get(port)
    if seen is not None and now - seen[0] < ttl:
        return seen[1]
    answer = port_listening(port)
    _PORTS[port] = (now, answer)
    return answer
