"""A tiny line-chart rasteriser and PNG writer in pure NumPy (no matplotlib).

Enough to save training curves from the command line: one or more panels side by side, each
with a frame, horizontal grid lines, tick numbers, a title and a legend, lines drawn as
anti-alias-free 2-pixel polylines.  Text uses a built-in 3x5 pixel font scaled by 2.

The PNG is written by hand: 8-bit RGB, filter type 0 per row, one zlib-compressed IDAT chunk.
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Sequence

import numpy as np

from logicsim.files import write_atomic

# 3x5 glyphs: five rows top to bottom separated by '|', '#' = ink.
_FONT_ROWS = {
    "0": "###|# #|# #|# #|###",
    "1": " # |## | # | # |###",
    "2": "###|  #|###|#  |###",
    "3": "###|  #| ##|  #|###",
    "4": "# #|# #|###|  #|  #",
    "5": "###|#  |###|  #|###",
    "6": "###|#  |###|# #|###",
    "7": "###|  #|  #|  #|  #",
    "8": "###|# #|###|# #|###",
    "9": "###|# #|###|  #|###",
    ".": "   |   |   |   | # ",
    "-": "   |   |###|   |   ",
    "%": "# #|  #| # |#  |# #",
    " ": "   |   |   |   |   ",
    ":": "   | # |   | # |   ",
    "(": "  #| # | # | # |  #",
    ")": "#  | # | # | # |#  ",
    "=": "   |###|   |###|   ",
    "/": "  #|  #| # |#  |#  ",
    "_": "   |   |   |   |###",
    "A": " # |# #|###|# #|# #",
    "B": "## |# #|## |# #|## ",
    "C": " ##|#  |#  |#  | ##",
    "D": "## |# #|# #|# #|## ",
    "E": "###|#  |## |#  |###",
    "F": "###|#  |## |#  |#  ",
    "G": " ##|#  |# #|# #| ##",
    "H": "# #|# #|###|# #|# #",
    "I": "###| # | # | # |###",
    "J": "  #|  #|  #|# #| # ",
    "K": "# #|# #|## |# #|# #",
    "L": "#  |#  |#  |#  |###",
    "M": "# #|###|###|# #|# #",
    "N": "## |# #|# #|# #|# #",
    "O": " # |# #|# #|# #| # ",
    "P": "## |# #|## |#  |#  ",
    "Q": " # |# #|# #|###| ##",
    "R": "## |# #|## |# #|# #",
    "S": " ##|#  | # |  #|## ",
    "T": "###| # | # | # | # ",
    "U": "# #|# #|# #|# #|###",
    "V": "# #|# #|# #|# #| # ",
    "W": "# #|# #|###|###|# #",
    "X": "# #|# #| # |# #|# #",
    "Y": "# #|# #| # | # | # ",
    "Z": "###|  #| # |#  |###",
}


def _glyph(ch: str) -> np.ndarray:
    rows = _FONT_ROWS.get(ch.upper(), _FONT_ROWS[" "]).split("|")
    return np.array([[c == "#" for c in row] for row in rows], dtype=bool)  # (5, 3)


#: Line colours (RGB) used in order.
PALETTE = np.array(
    [[31, 119, 180], [214, 39, 40], [44, 160, 44], [255, 127, 14], [148, 103, 189], [23, 190, 207]],
    dtype=np.uint8,
)


class Canvas:
    """An RGB image, white by default, with drawing helpers (pixel coordinates, y down)."""

    def __init__(self, width: int, height: int) -> None:
        self.rgb = np.full((height, width, 3), 255, dtype=np.uint8)  # (H, W, 3)

    def rect(self, x0: int, y0: int, x1: int, y1: int, color: Sequence[int]) -> None:
        """Fill the rectangle ``[x0, x1) x [y0, y1)``, clipped to the image."""
        h, w = self.rgb.shape[:2]
        x0, x1 = max(0, int(x0)), min(w, int(x1))
        y0, y1 = max(0, int(y0)), min(h, int(y1))
        if x0 < x1 and y0 < y1:
            self.rgb[y0:y1, x0:x1] = color

    def line(self, xs: np.ndarray, ys: np.ndarray, color: Sequence[int], width: int = 2) -> None:
        """Draw a polyline through the points, sampling each segment densely."""
        xs, ys = np.asarray(xs, float), np.asarray(ys, float)
        ok = np.isfinite(xs) & np.isfinite(ys)
        xs, ys = xs[ok], ys[ok]
        if xs.size == 1:
            xs, ys = np.repeat(xs, 2), np.repeat(ys, 2)
        for k in range(xs.size - 1):
            n = int(max(abs(xs[k + 1] - xs[k]), abs(ys[k + 1] - ys[k]))) + 2
            px = np.rint(np.linspace(xs[k], xs[k + 1], n)).astype(int)
            py = np.rint(np.linspace(ys[k], ys[k + 1], n)).astype(int)
            for dx in range(width):
                for dy in range(width):
                    self._dots(px + dx - width // 2, py + dy - width // 2, color)

    def _dots(self, px: np.ndarray, py: np.ndarray, color: Sequence[int]) -> None:
        h, w = self.rgb.shape[:2]
        keep = (px >= 0) & (px < w) & (py >= 0) & (py < h)
        self.rgb[py[keep], px[keep]] = color

    def text(self, x: int, y: int, s: str, color: Sequence[int] = (0, 0, 0), scale: int = 2) -> int:
        """Write ``s`` with its top-left corner at ``(x, y)``; returns the x after the text."""
        for ch in s:
            g = np.kron(_glyph(ch), np.ones((scale, scale), dtype=bool))  # (5s, 3s)
            ys, xs = np.nonzero(g)
            self._dots(xs + x, ys + y, color)
            x += 4 * scale
        return x


def text_width(s: str, scale: int = 2) -> int:
    """Width in pixels of ``s`` written with :meth:`Canvas.text`."""
    return len(s) * 4 * scale


def _fmt(v: float) -> str:
    return f"{v:.0f}" if abs(v) >= 10 or float(v).is_integer() else f"{v:.2g}"


def draw_panel(
    canvas: Canvas,
    box: tuple[int, int, int, int],
    series: Sequence[tuple[str, np.ndarray, np.ndarray]],
    title: str = "",
    ylim: tuple[float, float] | None = None,
) -> None:
    """Draw one chart of ``(label, x, y)`` series into ``box = (left, top, width, height)``."""
    left, top, width, height = box
    px0, py0 = left + 50, top + 24  # plot area inside the box, room for ticks and title
    pw, ph = width - 60, height - 50
    allx = np.concatenate([np.asarray(s[1], float) for s in series]) if series else np.zeros(1)
    ally = (
        np.concatenate([np.asarray(s[2], float).ravel() for s in series]) if series else np.zeros(1)
    )
    ally = ally[np.isfinite(ally)]
    x0, x1 = float(np.min(allx)), float(np.max(allx))
    y0, y1 = (
        ylim if ylim is not None else (float(ally.min(initial=0.0)), float(ally.max(initial=1.0)))
    )
    if x1 <= x0:
        x1 = x0 + 1
    if y1 <= y0:
        y1 = y0 + 1

    def to_px(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return px0 + (x - x0) / (x1 - x0) * pw, py0 + ph - (y - y0) / (y1 - y0) * ph

    for k in range(5):  # grid and y ticks
        yv = y0 + (y1 - y0) * k / 4
        _, yp = to_px(np.array([x0]), np.array([yv]))
        canvas.rect(px0, int(yp[0]), px0 + pw, int(yp[0]) + 1, (225, 225, 225))
        label = _fmt(yv)
        canvas.text(px0 - 6 - text_width(label), int(yp[0]) - 5, label, (90, 90, 90))
    for xv in (x0, (x0 + x1) / 2, x1):  # x ticks
        label = _fmt(xv)
        xp, _ = to_px(np.array([xv]), np.array([y0]))
        canvas.text(int(xp[0]) - text_width(label) // 2, py0 + ph + 6, label, (90, 90, 90))
    for edge in (
        (px0, py0, px0 + pw, py0 + 1),
        (px0, py0 + ph, px0 + pw + 1, py0 + ph + 1),
        (px0, py0, px0 + 1, py0 + ph),
        (px0 + pw, py0, px0 + pw + 1, py0 + ph),
    ):
        canvas.rect(*edge, (60, 60, 60))
    lx = canvas.text(px0, top + 4, title) + 16  # legend follows the title, above the plot
    for n, (label, xs, ys) in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        ys = np.asarray(ys, float)
        for col in ys.reshape(ys.shape[0], -1).T:  # one line per column (e.g. per seed)
            canvas.line(*to_px(np.asarray(xs, float), col), color)
        if label:
            canvas.rect(lx, top + 7, lx + 14, top + 11, color)
            lx = canvas.text(lx + 18, top + 4, label, color) + 12


def write_png(path: str | os.PathLike[str], rgb: np.ndarray, *, overwrite: bool = False) -> None:
    """Write an ``(H, W, 3)`` uint8 image as PNG, atomically (see :mod:`logicsim.files`)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    h, w = rgb.shape[:2]
    raw = np.concatenate([np.zeros((h, 1), np.uint8), rgb.reshape(h, w * 3)], axis=1)  # filter 0

    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    png = b"\x89PNG\r\n\x1a\n"
    png += chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
    png += chunk(b"IDAT", zlib.compress(raw.tobytes(), 9))
    png += chunk(b"IEND", b"")
    write_atomic(path, png, overwrite=overwrite)


def read_png(path: str | os.PathLike[str]) -> np.ndarray:
    """Read back a PNG written by :func:`write_png` (8-bit RGB, filter 0) as ``(H, W, 3)``."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError(f"{path}: not a PNG file")
    pos, w, h, idat = 8, 0, 0, b""
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos : pos + 4])
        tag, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + n]
        if tag == b"IHDR":
            w, h = struct.unpack(">II", body[:8])
        elif tag == b"IDAT":
            idat += body
        pos += 12 + n
    raw = np.frombuffer(zlib.decompress(idat), np.uint8).reshape(h, 1 + 3 * w)
    return raw[:, 1:].reshape(h, w, 3).copy()


def save_curves(
    path: str | os.PathLike[str],
    panels: Sequence[
        tuple[str, Sequence[tuple[str, np.ndarray, np.ndarray]], tuple[float, float] | None]
    ],
    panel_size: tuple[int, int] = (420, 300),
    overwrite: bool = False,
) -> None:
    """Save panels ``(title, series, ylim)`` side by side as one PNG (no silent overwrite)."""
    pw, ph = panel_size
    canvas = Canvas(pw * max(1, len(panels)), ph)
    for n, (title, series, ylim) in enumerate(panels):
        draw_panel(canvas, (n * pw, 0, pw, ph), series, title, ylim)
    write_png(path, canvas.rgb, overwrite=overwrite)
