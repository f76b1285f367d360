#!/usr/bin/env python3
"""Turn a terminal capture with colours (`tmux capture-pane -e -p`) into a PNG, drawing
half-block cells as two square pixels each and text with DejaVu Sans Mono.

usage: tmux capture-pane -e -p -t SESSION | scripts/screenshot.py OUT.png [COLS ROWS]
Needs Pillow. Used to make the README's screenshots; not part of the build or the tests.
"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

CW, CH = 10, 20
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"
DEFAULT_FG, DEFAULT_BG = (220, 220, 220), (24, 24, 28)
BASE16 = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200),
          (188, 63, 188), (17, 168, 205), (229, 229, 229), (102, 102, 102), (241, 76, 76),
          (35, 209, 139), (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219),
          (255, 255, 255)]


def xterm256(n):
    if n < 16:
        return BASE16[n]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[n // 36], steps[(n // 6) % 6], steps[n % 6]
    v = 8 + 10 * (n - 232)
    return v, v, v


def parse(lines):
    """Each line as a list of (char, fg, bg, bold, reverse)."""
    out = []
    sgr = re.compile(r"\x1b\[([0-9;:]*)m")
    for line in lines:
        cells, fg, bg, bold, rev = [], None, None, False, False
        i = 0
        while i < len(line):
            m = sgr.match(line, i)
            if m:
                codes = [int(c) if c else 0 for c in re.split("[;:]", m.group(1))] or [0]
                j = 0
                while j < len(codes):
                    c = codes[j]
                    if c == 0:
                        fg, bg, bold, rev = None, None, False, False
                    elif c == 1:
                        bold = True
                    elif c == 22:
                        bold = False
                    elif c == 7:
                        rev = True
                    elif c == 27:
                        rev = False
                    elif 30 <= c <= 37:
                        fg = BASE16[c - 30]
                    elif 90 <= c <= 97:
                        fg = BASE16[c - 90 + 8]
                    elif 40 <= c <= 47:
                        bg = BASE16[c - 40]
                    elif 100 <= c <= 107:
                        bg = BASE16[c - 100 + 8]
                    elif c == 39:
                        fg = None
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and j + 1 < len(codes):
                        if codes[j + 1] == 2 and j + 4 < len(codes):
                            col = tuple(codes[j + 2:j + 5])
                            j += 4
                        elif codes[j + 1] == 5 and j + 2 < len(codes):
                            col = xterm256(codes[j + 2])
                            j += 2
                        else:
                            col = None
                        if c == 38:
                            fg = col
                        else:
                            bg = col
                    j += 1
                i = m.end()
                continue
            if line[i] == "\x1b":
                i += 1
                continue
            cells.append((line[i], fg, bg, bold, rev))
            i += 1
        out.append(cells)
    return out


def main():
    out_path = sys.argv[1]
    rows = parse(sys.stdin.read().split("\n"))
    cols = int(sys.argv[2]) if len(sys.argv) > 2 else max(len(r) for r in rows)
    nrows = int(sys.argv[3]) if len(sys.argv) > 3 else len(rows)
    img = Image.new("RGB", (cols * CW, nrows * CH), DEFAULT_BG)
    d = ImageDraw.Draw(img)
    font, bold = ImageFont.truetype(FONT, 16), ImageFont.truetype(BOLD, 16)
    for y, row in enumerate(rows[:nrows]):
        for x, (ch, fg, bg, b, rev) in enumerate(row[:cols]):
            fg, bg = fg or DEFAULT_FG, bg or DEFAULT_BG
            if rev:
                fg, bg = bg, fg
            x0, y0 = x * CW, y * CH
            d.rectangle([x0, y0, x0 + CW - 1, y0 + CH - 1], fill=bg)
            if ch == "▀":
                d.rectangle([x0, y0, x0 + CW - 1, y0 + CH // 2 - 1], fill=fg)
            elif ch == "▄":
                d.rectangle([x0, y0 + CH // 2, x0 + CW - 1, y0 + CH - 1], fill=fg)
            elif ch == "█":
                d.rectangle([x0, y0, x0 + CW - 1, y0 + CH - 1], fill=fg)
            elif ch != " ":
                d.text((x0, y0 + 1), ch, fill=fg, font=bold if b else font)
    img.save(out_path)


main()
