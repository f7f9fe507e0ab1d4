"""Builds the PDF font bundled in src/reportgen/fonts/ from Debian's fonts-noto-core (OFL-1.1).

"Lao Report Sans" = Noto Sans Lao 2.001 (Lao letters) + the Latin, digits and punctuation of Noto Sans,
merged into one font so the PDF embeds one font per weight and every digit comes from it.

Why these sources (measured with WeasyPrint 70 and `pdftotext -raw`, see docs/lao-typesetting.md):
Noto Sans Lao 2.001 extracts exactly; Noto Sans Lao 2.003 (PyPI) loses ຳ (extracted as າ) and splits
every above/below mark onto its own line; Phetsarath OT turns ຳ into ໍ+າ.

    apt-get install fonts-noto-core && python scripts/make_font.py
"""

from __future__ import annotations

from pathlib import Path

from fontTools import subset
from fontTools.merge import Merger
from fontTools.ttLib import TTFont

NOTO = Path("/usr/share/fonts/truetype/noto")
OUT = Path(__file__).resolve().parents[1] / "src" / "reportgen" / "fonts"
FAMILY = "Lao Report Sans"
LATIN = [*range(0x20, 0x7F), *range(0xA0, 0x100), 0x2013, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
         0x2026, 0x2039, 0x203A, 0x20AD, 0x2116, 0x2212]


def build(style: str) -> Path:
    latin = TTFont(NOTO / f"NotoSans-{style}.ttf")
    opts = subset.Options()
    opts.layout_features = ["kern", "liga", "mark", "mkmk"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = True
    s = subset.Subsetter(opts)
    s.populate(unicodes=LATIN)
    s.subset(latin)
    tmp = OUT / f".latin-{style}.ttf"
    latin.save(tmp)
    merged = Merger().merge([str(NOTO / f"NotoSansLao-{style}.ttf"), str(tmp)])
    tmp.unlink()
    name = merged["name"]
    full = f"{FAMILY} {style}"
    ps = f"{FAMILY.replace(' ', '')}-{style}"
    for rec in list(name.names):
        if rec.nameID in (1, 16):
            rec.string = FAMILY
        elif rec.nameID == 4:
            rec.string = full
        elif rec.nameID == 6:
            rec.string = ps
        elif rec.nameID == 3:
            rec.string = f"2.001;reportgen;{ps}"
        elif rec.nameID == 5:
            rec.string = "Version 2.001; Noto Sans Lao 2.001 + Noto Sans Latin subset (reportgen)"
    merged["head"].created = merged["head"].modified = 3600 * 24 * 365 * 90  # reproducible files
    out = OUT / f"LaoReportSans-{style}.ttf"
    merged.save(out)
    return out


if __name__ == "__main__":
    for style in ("Regular", "Bold"):
        print(build(style))
