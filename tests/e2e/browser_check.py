#!/usr/bin/python3
"""Checks what headless Chromium made of a `goalpath run --format html` page.

usage: browser_check.py SCREENSHOT.png DOM.html CHECK.txt [--min-width N]

SCREENSHOT.png  Chromium's --screenshot of the page
DOM.html        Chromium's --dump-dom of the page (the DOM after parsing)
CHECK.txt       `goalpath check` of the same scenario ("indicators N, targets M")

Checks that the screenshot is not blank (many distinct colours, a fair share
of non-white pixels, the status colours of the dashboard bars present) and
that the DOM holds one fan chart per indicator, one target dashboard with a
bar per target, and nothing that refers outside the page. Standard library
only: the PNG is decoded here with zlib.
"""
import re
import struct
import sys
import zlib

STATUS_COLOURS = {(0x00, 0x72, 0xB2): "on_track", (0xE6, 0x9F, 0x00): "at_risk", (0xD5, 0x5E, 0x00): "off_track"}


def decode_png(path):
    """Returns (width, height, rows) with rows as lists of (r, g, b) tuples."""
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("%s is not a PNG file" % path)
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour_type, _, _, interlace = header
    if depth != 8 or colour_type not in (2, 6) or interlace != 0:
        raise ValueError("unsupported PNG layout: depth %d, colour type %d, interlace %d" % (depth, colour_type, interlace))
    channels = 3 if colour_type == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            up_left = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - up_left
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - up_left)
                predictor = left if pa <= pb and pa <= pc else up if pb <= pc else up_left
                line[i] = (line[i] + predictor) & 255
        rows.append([tuple(line[i:i + 3]) for i in range(0, stride, channels)])
        previous = line
    return width, height, rows


def main():
    png, dom_file, check_file = sys.argv[1:4]
    min_width = int(sys.argv[sys.argv.index("--min-width") + 1]) if "--min-width" in sys.argv else 1000
    failures = []

    def check(condition, what):
        if not condition:
            failures.append(what)

    width, height, rows = decode_png(png)
    pixels = [p for row in rows for p in row]
    colours = set(pixels)
    non_white = sum(1 for p in pixels if p != (255, 255, 255))
    status_pixels = {name: 0 for name in STATUS_COLOURS.values()}
    for p in pixels:
        if p in STATUS_COLOURS:
            status_pixels[STATUS_COLOURS[p]] += 1
    print("screenshot %dx%d: %d distinct colours, %.1f%% not white, status pixels %s"
          % (width, height, len(colours), 100.0 * non_white / len(pixels), status_pixels))
    check(width >= min_width, "screenshot is %d px wide, expected at least %d" % (width, min_width))
    check(len(colours) >= 16, "screenshot has only %d distinct colours: the page looks blank" % len(colours))
    check(non_white > 0.03 * len(pixels), "screenshot is %.1f%% non-white: the page looks blank"
          % (100.0 * non_white / len(pixels)))
    check(sum(status_pixels.values()) > 200, "no status colour (dashboard bars) visible in the screenshot")

    summary = open(check_file, encoding="utf-8").read()
    counts = re.search(r"indicators (\d+), targets (\d+)", summary)
    check(counts is not None, "`goalpath check` output has no 'indicators N, targets M' line")
    indicators, targets = (int(counts.group(1)), int(counts.group(2))) if counts else (0, 0)

    dom = open(dom_file, encoding="utf-8").read()
    fan_charts = len(re.findall(r'<svg[^>]*class="fan-chart"', dom))
    dashboards = len(re.findall(r'<svg[^>]*class="target-dashboard"', dom))
    bars = len(re.findall(r'<g[^>]*class="target-bar"', dom))
    print("DOM: %d fan charts (expected %d), %d dashboards, %d target bars (expected %d)"
          % (fan_charts, indicators, dashboards, bars, targets))
    check(fan_charts == indicators, "DOM has %d fan charts, expected one per indicator (%d)" % (fan_charts, indicators))
    check(dashboards == 1, "DOM has %d target dashboards, expected 1" % dashboards)
    check(bars == targets, "DOM has %d target bars, expected %d" % (bars, targets))
    for pattern in (r"\bsrc=", r"\bhref=", r"url\(", r"<link\b", r"https?://"):
        check(re.search(pattern, dom) is None, "DOM refers outside the page: /%s/ matches" % pattern)

    for f in failures:
        print("FAIL: " + f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
