"""Draws the extension's icon (vscode-extension/images/icon.png, 128x128): Go's cyan on a dark rounded square, a
large wheel and, beside it, the smaller wheel of a sidecar joined by a bar, with a check mark in the large wheel.
Pure Python (zlib) so that no imaging library is needed; 4x4 supersampling for smooth edges.

    python scripts/make_icon.py [OUT]
"""

from __future__ import annotations

import math
import struct
import sys
import zlib
from pathlib import Path

SIZE = 128
SS = 4
BG = (31, 41, 55)
CYAN = (0, 173, 216)
WHITE = (255, 255, 255)


def inside_rounded_square(x: float, y: float) -> bool:
    r, lo, hi = 24.0, 4.0, SIZE - 4.0
    cx = min(max(x, lo + r), hi - r)
    cy = min(max(y, lo + r), hi - r)
    return lo <= x <= hi and lo <= y <= hi and (x - cx) ** 2 + (y - cy) ** 2 <= r * r


def ring(x: float, y: float, cx: float, cy: float, r: float, w: float) -> bool:
    return abs(math.hypot(x - cx, y - cy) - r) <= w / 2


def segment(x: float, y: float, a: tuple[float, float], b: tuple[float, float], w: float) -> bool:
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - (ax + t * dx), y - (ay + t * dy)) <= w / 2


def colour(x: float, y: float) -> tuple[int, int, int, int]:
    if not inside_rounded_square(x, y):
        return (0, 0, 0, 0)
    if segment(x, y, (40, 62), (56, 78), 9) or segment(x, y, (56, 78), (84, 44), 9):
        return (*WHITE, 255)
    if ring(x, y, 58, 62, 34, 9) or ring(x, y, 106, 88, 14, 7) or segment(x, y, (92, 62), (106, 74), 7):
        return (*CYAN, 255)
    return (*BG, 255)


def render() -> bytes:
    rows = []
    for py in range(SIZE):
        row = bytearray([0])  # filter type 0
        for px in range(SIZE):
            acc = [0, 0, 0, 0]
            for sy in range(SS):
                for sx in range(SS):
                    c = colour(px + (sx + 0.5) / SS, py + (sy + 0.5) / SS)
                    for i in range(3):
                        acc[i] += c[i] * c[3]
                    acc[3] += c[3]
            alpha = acc[3] / (SS * SS)
            rgb = [round(acc[i] / acc[3]) if acc[3] else 0 for i in range(3)]
            row += bytes([*rgb, round(alpha)])
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", SIZE, SIZE, 8, 6, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"".join(rows), 9))
        + chunk(b"IEND", b"")
    )


if __name__ == "__main__":
    out = Path(sys.argv[1] if len(sys.argv) > 1 else "vscode-extension/images/icon.png")
    out.write_bytes(render())
    print(out, out.stat().st_size, "bytes")
