"""Checks Lao Report Phetsarath (make_font.py) glyph by glyph: exact PDF text layer, same pixels as its source.

For every Lao consonant with ຳ, with each tone mark and ຳ, with າ, ໍ, each tone, and with the vowels
above and below, and for every word of the example report's templates: (1) the text pdftotext and pypdf
take back from a WeasyPrint PDF set in the built font equals what went in; (2) the same words set in
the source WOFF, as HarfBuzz shapes them without reportgen's ZWNJ (the way LibreOffice draws the DOCX in
Phetsarath), give the same pixels as the built font with the text reportgen writes for the PDF.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CONSONANTS = "ກຂຄງຈຊຍດຕຖທນບປຜຝພຟມຢຣລວສຫອຮໜໝ"
TONES = "\u0ec8\u0ec9\u0eca\u0ecb"
MARKS = "\u0eb1\u0eb4\u0eb5\u0eb6\u0eb7\u0eb8\u0eb9\u0ebb\u0ecd\u0ecc"


def samples() -> list[str]:
    words = []
    for c in CONSONANTS:
        words += [c + "\u0eb3", c + "\u0eb2", c + "\u0ecd", c + "\u0ecd\u0ec8"]
        words += [c + t + "\u0eb3" for t in TONES] + [c + t for t in TONES] + [c + t + "\u0eb2" for t in TONES]
        words += [c + m for m in MARKS] + [c + m + t for m in MARKS[:8] for t in TONES[:2]]
        words += [c + "\u0ebc\u0eb3", c + "\u0ebc" + TONES[1] + "\u0eb3", "ໂ" + c + "\u0ebb"]
    text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "templates" / "lo").rglob("*.j2"))
    words += sorted(set(re.findall("[\u0e80-\u0eff]+", text)))
    return words


def _page(font: Path, words: list[str]) -> str:
    cells = "".join(f'<p>{w}</p>' for w in words)
    return (f'<html lang="lo"><style>@font-face {{ font-family: F; src: url("{font.as_uri()}"); }}'
            "@page { size: A4; margin: 1cm } body { font-family: F; font-size: 14pt; line-height: 2 }"
            "p { margin: 0; white-space: nowrap }</style>"
            f"<body>{cells}</body></html>")


def _pdf(font: Path, words: list[str]) -> bytes:
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    return HTML(string=_page(font, words)).write_pdf()


def _pixels(pdf: bytes, folder: Path, name: str) -> list[bytes]:
    (folder / f"{name}.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "110", "-gray", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return [p.read_bytes() for p in sorted(folder.glob(f"{name}-*.pgm"))]


def check_phetsarath(source: Path) -> None:
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader

    from reportgen.writers.html.linebreak import keep_tone_am_apart

    words = samples()
    out = ROOT / "src" / "reportgen" / "fonts"
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for style, woff in (("Regular", "phetsarath-lao-400-normal.woff"), ("Bold", "phetsarath-lao-700-normal.woff")):
            built = out / f"LaoReportPhetsarath-{style}.ttf"
            pdf = _pdf(built, [keep_tone_am_apart(w) for w in words])
            raw = subprocess.run(["pdftotext", "-raw", "-", "-"], input=pdf, capture_output=True, check=True).stdout
            got = raw.decode().replace("\f", "").splitlines()
            pypdf = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).splitlines()
            for name, taken in (("pdftotext", got), ("pypdf", pypdf)):
                wrong = [(w, g) for w, g in zip(words, taken, strict=False) if w != g]
                if wrong or len(taken) != len(words):
                    failures.append(f"{style} {name}: {len(wrong)} words differ, first {wrong[:5]}, "
                                    f"{len(taken)} of {len(words)} words")
            src = TTFont(source / woff)
            src.flavor = None
            src.save(folder / f"src-{style}.ttf")
            before = _pixels(_pdf(folder / f"src-{style}.ttf", words), folder, f"src{style}")
            after = _pixels(pdf, folder, f"built{style}")
            differ = sum(a != b for a, b in zip(before, after, strict=False)) + abs(len(before) - len(after))
            if differ:
                failures.append(f"{style}: the built font draws {differ} of {len(before)} pages differently")
            print(f"{style}: {len(words)} words checked: text layer (pdftotext, pypdf) and {len(after)} pages of pixels")
    if failures:
        raise SystemExit("\n".join(failures))


if __name__ == "__main__":
    check_phetsarath(Path(sys.argv[1]))
