"""status.html: one self-contained page (styles, sorting script and Lao fonts inside) that opens from disk.

The page template, its CSS and its script are in reportgen/html/ (status.*). The bundled Lao Report Sans is
embedded, so the Lao shows the same on a computer without a Lao font. Measured on the example: as TrueType it
would be 66 KB a weight in base64; as WOFF (its tables zlib-packed) 37 KB, so 74 KB of a 122 KB page; WOFF 2
would save 15 KB more but needs Brotli and 0.2 s a weight. The font is already only Lao with Latin letters
and digits, so subsetting it per page would save little and cost time. Phetsarath OT and Noto Sans Lao follow
in the font stack for a browser that refuses embedded fonts.
"""

from __future__ import annotations

import base64
import datetime as dt
import struct
import zlib
from functools import cache
from importlib import resources
from urllib.parse import quote

import jinja2
from markupsafe import Markup

from .._format import date_lo
from ..messages import Text, text
from .status import COLUMNS, STATE_RANK, TOTAL_COLUMNS, Row, State, Status

_FONTS = (("LaoReportSans-Regular.ttf", "normal"), ("LaoReportSans-Bold.ttf", "bold"))
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")


def woff(sfnt: bytes) -> bytes:
    """A TrueType font as WOFF 1.0 (W3C, 2012): the same tables, each zlib-packed when that makes it smaller.

    Written here rather than by fontTools, which takes a quarter of a second to load for this; the same font
    always gives the same bytes.
    """
    n = struct.unpack(">H", sfnt[4:6])[0]
    records = sorted(struct.unpack(">4sIII", sfnt[12 + 16 * i:28 + 16 * i]) for i in range(n))  # by tag
    offset = 44 + 20 * n
    directory, data = [], []
    for tag, checksum, start, length in records:
        table = sfnt[start:start + length]
        packed = zlib.compress(table, 9)
        stored = packed if len(packed) < length else table
        directory.append(struct.pack(">4sIIII", tag, offset, len(stored), length, checksum))
        data.append(stored + b"\0" * (-len(stored) % 4))
        offset += len(data[-1])
    sfnt_size = 12 + 16 * n + sum(length + (-length % 4) for _, _, _, length in records)
    header = struct.pack(">4s4sIHHIHHIIIII", b"wOFF", sfnt[:4], offset, n, 0, sfnt_size, 1, 0, 0, 0, 0, 0, 0)
    return header + b"".join(directory) + b"".join(data)


@cache
def font_faces() -> str:
    """@font-face rules with the bundled fonts inside, as data: URLs."""
    rules = []
    for name, weight in _FONTS:
        ttf = resources.files("reportgen").joinpath("fonts", name).read_bytes()
        data = base64.b64encode(woff(ttf)).decode("ascii")
        rules.append(f'@font-face {{ font-family: "Lao Report Sans"; font-weight: {weight}; font-style: normal; '
                     f'src: url(data:font/woff;base64,{data}) format("woff"); }}')
    return "\n".join(rules)


def _asset(name: str) -> str:
    return resources.files("reportgen").joinpath("html", name).read_text(encoding="utf-8")


def local_time(when: dt.datetime | None) -> str:
    """A moment in this computer's time, as tables show it: 2020-01-15 15:30."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""


def _checked(when: dt.datetime) -> Text:
    here = when.astimezone()
    clock = here.strftime("%H:%M")
    return Text(f"{date_lo(here.date())}, {clock}", f"{here.day} {_MONTHS_EN[here.month - 1]} {here.year}, {clock}")


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share * 100:.0f}%"


def _link(path: str) -> str:
    """A relative link as an href: every character that could be read as part of a URL's syntax escaped."""
    return quote(path, safe="/")


def _row(r: Row) -> dict:
    missing = r.state is State.MISSING
    return {
        "state": r.state.value, "n": r.n, "committee": r.committee is not None, "name_lo": r.name.lo, "name_en": r.name.en, "code": r.code,
        "level": r.level_label, "level_rank": r.level.rank if r.level else 9,
        "state_label": r.state.label, "state_rank": STATE_RANK[r.state], "file": r.file,
        "saved": local_time(r.saved), "saved_sort": f"{r.saved.timestamp():.0f}" if r.saved else "",
        "errors": "" if missing else r.errors, "warnings": "" if missing else r.warnings,
        "complete": _percent(r.complete), "complete_sort": "" if r.complete is None else f"{r.complete:.6f}",
        "complete_title": f"{r.filled[0]} / {r.filled[1]}" if r.filled else "",
        "link": _link(r.returned) if r.returned else "", "link_text": r.returned.rsplit("/", 1)[-1],
        "notes": r.notes,
    }


def write_status_html(status: Status) -> bytes:
    """The page, UTF-8."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("reportgen", "html"), autoescape=True,
                             trim_blocks=False, keep_trailing_newline=True)
    page = env.get_template("status.html.j2")
    all_ = status.overall
    html = page.render(
        title=text("part.status.title", year=status.year or ""),
        checked=text("part.status.checked", when=_checked(status.checked), folder=status.folder),
        sample=text("part.status.sample") if status.sample else None,
        summary=text("part.status.summary", received=all_.expected - all_.missing, expected=all_.expected,
                     missing=all_.missing),
        totals_title=text("part.status.totals"), rows_title=text("part.status.committees"),
        sort_hint=text("part.status.sort_hint"),
        total_columns=[c.label for c in TOTAL_COLUMNS],
        totals=[{"key": t.level.value if t.level else ("all" if t is all_ else "unplaced"), "label": t.label,
                 "counts": t.values} for t in status.totals],
        columns=COLUMNS, rows=[_row(r) for r in status.rows],
        legend=[text("part.status.legend.expected"), text("part.status.legend.state"),
                text("part.status.legend.saved"), text("part.status.legend.complete"),
                text("part.status.legend.returned")],
        fonts=Markup(font_faces()), css=Markup(_asset("status.css")), js=Markup(_asset("status.js")),
    )
    return html.encode("utf-8")
