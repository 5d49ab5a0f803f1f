"""The tiny PNG writer: valid file, exact pixels back, curves drawn where the data says."""

import zlib

import numpy as np

from logicsim.plotpng import Canvas, read_png, save_curves, write_png


def test_png_round_trip_is_exact(tmp_path):
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, size=(7, 11, 3), dtype=np.uint8)
    path = tmp_path / "x.png"
    write_png(path, img)
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    # every chunk's CRC is right
    pos = 8
    while pos < len(data):
        n = int.from_bytes(data[pos : pos + 4], "big")
        body = data[pos + 4 : pos + 8 + n]
        assert int.from_bytes(data[pos + 8 + n : pos + 12 + n], "big") == zlib.crc32(body)
        pos += 12 + n
    np.testing.assert_array_equal(read_png(path), img)


def test_line_and_text_draw_ink():
    c = Canvas(40, 20)
    c.line(np.array([0, 39]), np.array([10, 10]), (255, 0, 0), width=1)
    assert np.all(c.rgb[10, :, 0] == 255) and np.all(c.rgb[10, :, 1] == 0)
    c.text(2, 2, "7")
    assert (c.rgb[2:12, 2:8] == 0).any()


def test_save_curves_draws_each_series_in_its_colour(tmp_path):
    e = np.arange(1, 11, dtype=float)
    path = tmp_path / "c.png"
    save_curves(path, [("LOSS", [("A", e, 1 / e), ("B", e, np.c_[e, e] / 10)], None)])
    img = read_png(path)
    assert img.shape == (300, 420, 3)
    blue = np.all(img == [31, 119, 180], axis=-1).sum()
    red = np.all(img == [214, 39, 40], axis=-1).sum()
    assert blue > 200 and red > 200
