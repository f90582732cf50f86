"""Take docs/nvim-diagnostics.png: real Neovim in tmux with `healthlint server` attached.

    python editors/neovim/screenshot.py [ARTICLE] [-o docs/nvim-diagnostics.png]

Needs tmux, nvim, `healthlint server` on PATH, Pillow (`pip install pillow`, only for this
script) and the DejaVu Sans Mono font. Starts nvim with editors/neovim/healthlint.lua in a
detached tmux session, waits for the diagnostics, opens the float for the problem under the
cursor, captures the pane with its colours (`tmux capture-pane -e`) and draws the cells.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf")
BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf")
SIZE, COLS, ROWS = 15, 128, 44
FG, BG = (220, 220, 220), (24, 26, 30)
BASE16 = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200), (188, 63, 188),
          (17, 168, 205), (229, 229, 229), (102, 102, 102), (241, 76, 76), (35, 209, 139),
          (245, 245, 67), (59, 142, 234), (214, 112, 214), (41, 184, 219), (255, 255, 255)]
SGR = re.compile(r"\x1b\[([0-9;:]*)m")
INIT = """
vim.cmd("filetype on")
vim.cmd("syntax on")
vim.o.number = true
vim.o.signcolumn = "yes"
vim.o.laststatus = 2
vim.o.wrap = false
vim.o.statusline = " %f  %=healthlint server  "
vim.cmd("highlight SignColumn ctermbg=NONE")
vim.keymap.set("n", "<F5>", vim.diagnostic.open_float)
dofile(os.getenv("HEALTHLINT_LUA"))
"""


def palette(index: int) -> tuple[int, int, int]:
    if index < 16:
        return BASE16[index]
    if index < 232:
        index -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return steps[index // 36], steps[index // 6 % 6], steps[index % 6]
    grey = 8 + (index - 232) * 10
    return grey, grey, grey


def cells(line: str) -> list[tuple[str, tuple[int, int, int], tuple[int, int, int], bool]]:
    """Characters of one captured line with their colours and weight."""
    out = []
    fg, bg, bold, reverse = FG, BG, False, False
    pos = 0
    for match in [*SGR.finditer(line), None]:
        end = match.start() if match else len(line)
        for char in line[pos:end]:
            shown_fg, shown_bg = (bg, fg) if reverse else (fg, bg)
            out.append((char, shown_fg, shown_bg, bold))
        if match is None:
            break
        pos = match.end()
        codes = [int(c) if c else 0 for c in re.split("[;:]", match.group(1))] or [0]
        i = 0
        while i < len(codes):
            code = codes[i]
            if code == 0:
                fg, bg, bold, reverse = FG, BG, False, False
            elif code == 1:
                bold = True
            elif code == 22:
                bold = False
            elif code == 7:
                reverse = True
            elif code == 27:
                reverse = False
            elif 30 <= code <= 37 or 90 <= code <= 97:
                fg = BASE16[code - 30 if code < 90 else code - 82]
            elif 40 <= code <= 47 or 100 <= code <= 107:
                bg = BASE16[code - 40 if code < 100 else code - 92]
            elif code == 39:
                fg = FG
            elif code == 49:
                bg = BG
            elif code in (38, 48) and i + 1 < len(codes):
                if codes[i + 1] == 5 and i + 2 < len(codes):
                    color, i = palette(codes[i + 2]), i + 2
                elif codes[i + 1] == 2 and i + 4 < len(codes):
                    color, i = (codes[i + 2], codes[i + 3], codes[i + 4]), i + 4
                else:
                    color = FG if code == 38 else BG
                fg, bg = (color, bg) if code == 38 else (fg, color)
            i += 1
    return out


def render(capture: str, target: Path) -> None:
    font, bold = ImageFont.truetype(str(FONT), SIZE), ImageFont.truetype(str(BOLD), SIZE)
    left, top, right, bottom = font.getbbox("M")
    width, height = int(font.getlength("M")), int(SIZE * 1.35)
    lines = capture.rstrip("\n").split("\n")[:ROWS]
    pad = 14
    image = Image.new("RGB", (COLS * width + 2 * pad, len(lines) * height + 2 * pad), BG)
    draw = ImageDraw.Draw(image)
    for row, line in enumerate(lines):
        for col, (char, fg, bg, is_bold) in enumerate(cells(line)):
            x, y = pad + col * width, pad + row * height
            if bg != BG:
                draw.rectangle([x, y, x + width, y + height], fill=bg)
            if char.strip():
                draw.text((x, y + (height - (bottom - top)) // 2 - top), char, fill=fg,
                          font=bold if is_bold else font)
    image.save(target, optimize=True)


def capture(article: Path, top: int, line: int) -> str:
    session = f"healthlint-shot-{os.getpid()}"
    with tempfile.TemporaryDirectory() as home:
        init = Path(home) / "init.lua"
        init.write_text(INIT, encoding="utf-8")
        env = {**os.environ, "HOME": home, "XDG_CONFIG_HOME": home, "XDG_STATE_HOME": home,
               "XDG_DATA_HOME": home, "HEALTHLINT_LUA": str(HERE / "healthlint.lua"),
               "TERM": "xterm-256color"}
        subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", str(COLS), "-y", str(ROWS),
                        f"nvim -i NONE -n -u {init} +{top} {article}"], env=env, check=True,
                       cwd=article.parent)
        try:
            time.sleep(4)  # the server starts and publishes
            for keys in ("zt", f"{line}G", "F5"):
                subprocess.run(["tmux", "send-keys", "-t", session, keys], check=True)
                time.sleep(0.5)
            time.sleep(1)
            return subprocess.run(["tmux", "capture-pane", "-t", session, "-p", "-e"], check=True,
                                  capture_output=True, text=True).stdout
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], check=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", nargs="?", type=Path, default=ROOT / "sample_articles/tonsillectomy.md")
    parser.add_argument("--top", type=int, default=26, help="first line shown")
    parser.add_argument("--line", type=int, default=55, help="line to put the cursor on")
    parser.add_argument("-o", "--output", type=Path, default=ROOT / "docs/nvim-diagnostics.png")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:  # a copy: nothing touches the sample
        copy = Path(folder) / args.article.name
        copy.write_bytes(args.article.read_bytes())
        render(capture(copy, args.top, args.line), args.output)
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
