"""Writes src/reportgen/writers/xlsx/_phetsarath.py: the advance widths of Phetsarath OT, the forms' font.

The forms set the height of every row whose labels wrap (Excel does not fit merged cells, and a printed
form must show all of its instructions), so the writer needs the width of each character in the font the
forms ask for. Reading them from a font file at run time would make the forms depend on the fonts of the
machine that writes them; the table is made once, here, from Debian's fonts-lao, and committed.

    apt-get install fonts-lao && python scripts/make_font_metrics.py
"""

from __future__ import annotations

import argparse
from pathlib import Path

from fontTools.ttLib import TTFont

FONT = Path("/usr/share/fonts/truetype/lao/Phetsarath_OT.ttf")
OUT = Path(__file__).resolve().parents[1] / "src" / "reportgen" / "writers" / "xlsx" / "_phetsarath.py"
# Printable ASCII, the Lao block, and the punctuation the forms' labels use.
CHARS = [*range(0x20, 0x7F), *range(0xE80, 0xF00), 0xD7, 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2026,
         0x2039, 0x203A, 0x20AD]


def render(font: TTFont) -> str:
    cmap, hmtx = font.getBestCmap(), font["hmtx"]
    widths = {chr(c): hmtx[cmap[c]][0] for c in CHARS if c in cmap}
    os2 = font["OS/2"]
    items = [f"{ch!r}: {w}" for ch, w in widths.items()]
    lines = [", ".join(items[i:i + 10]) + "," for i in range(0, len(items), 10)]
    body = "\n".join("    " + line for line in lines)
    return f'''"""Phetsarath OT's metrics (written by scripts/make_font_metrics.py from {FONT.name}; do not edit)."""

UNITS_PER_EM = {font["head"].unitsPerEm}
#: usWinAscent + usWinDescent: the line height Excel and LibreOffice give a line of this font.
LINE = {os2.usWinAscent + os2.usWinDescent}
#: The widest of the digits 0-9: Excel's unit of column width.
DIGIT = {max(widths[str(d)] for d in range(10))}
#: Advance widths, in font units; combining Lao vowels and tone marks take no width.
ADVANCE = {{
{body}
}}
'''


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--font", type=Path, default=FONT)
    ap.add_argument("--check", action="store_true", help="only say whether the committed table is up to date")
    args = ap.parse_args()
    text = render(TTFont(args.font))
    if args.check:
        raise SystemExit(0 if OUT.read_text(encoding="utf-8") == text else "the committed table differs")
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
