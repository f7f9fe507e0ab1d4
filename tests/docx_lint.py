"""Complex-script lint for DOCX: what font, size, bold and language would Word use for each Lao run?

Resolves every run's effective properties through the style chain (direct run properties → character
style chain → paragraph style chain → docDefaults), the way Word does, and lists the runs whose Lao text
would not come out in the Lao font, at the Lao size, bold where bold.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LAO = re.compile("[\u0e80-\u0eff]")
SLOTS = ("ascii", "hAnsi", "eastAsia", "cs")


def _styles(z: zipfile.ZipFile):
    root = etree.fromstring(z.read("word/styles.xml"))
    styles = {}
    for s in root.iter(f"{W}style"):
        based = s.find(f"{W}basedOn")
        styles[s.get(f"{W}styleId")] = (based.get(f"{W}val") if based is not None else None, s.find(f"{W}rPr"),
                                        s.get(f"{W}type"))
    defaults = root.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr")
    default_para = next((sid for sid, (b, r, t) in styles.items() if t == "paragraph" and sid == "Normal"), None)
    return styles, defaults, default_para


def _chain(styles, style_id):
    seen = set()
    while style_id and style_id in styles and style_id not in seen:
        seen.add(style_id)
        based, rpr, _ = styles[style_id]
        yield rpr
        style_id = based


def _toggle(el) -> bool | None:
    if el is None:
        return None
    return el.get(f"{W}val", "true") not in ("0", "false", "off")


def effective(run, para_style, styles, defaults) -> dict:
    """Effective font slots, sz, szCs, b, bCs, lang/bidi of one w:r."""
    rpr = run.find(f"{W}rPr")
    layers = [rpr]
    rstyle = rpr.find(f"{W}rStyle").get(f"{W}val") if rpr is not None and rpr.find(f"{W}rStyle") is not None else None
    layers += list(_chain(styles, rstyle))
    layers += list(_chain(styles, para_style))
    layers.append(defaults)
    out: dict = {}
    for layer in layers:
        if layer is None:
            continue
        fonts = layer.find(f"{W}rFonts")
        if fonts is not None:
            for slot in SLOTS:
                if fonts.get(f"{W}{slot}") is not None:
                    out.setdefault(slot, fonts.get(f"{W}{slot}"))
                if any(k.endswith(slot + "Theme") or k.endswith("cstheme") for k in fonts.attrib):
                    out.setdefault("theme", True)
        for tag in ("sz", "szCs"):
            el = layer.find(f"{W}{tag}")
            if el is not None:
                out.setdefault(tag, el.get(f"{W}val"))
        for tag in ("b", "bCs"):
            v = _toggle(layer.find(f"{W}{tag}"))
            if v is not None:
                out.setdefault(tag, v)
        lang = layer.find(f"{W}lang")
        if lang is not None and lang.get(f"{W}bidi"):
            out.setdefault("bidi", lang.get(f"{W}bidi"))
    return out


def lint(docx: Path, lao_font: str = "Phetsarath OT") -> list[str]:
    """Problems with Lao runs, one line each; [] when every Lao run is right."""
    problems = []
    with zipfile.ZipFile(docx) as z:
        styles, defaults, default_para = _styles(z)
        parts = [n for n in z.namelist() if re.match(r"word/(document|header\d*|footer\d*|comments)\.xml$", n)]
        for name in parts:
            root = etree.fromstring(z.read(name))
            for p in root.iter(f"{W}p"):
                ps = p.find(f"{W}pPr/{W}pStyle")
                para_style = ps.get(f"{W}val") if ps is not None else default_para
                for run in p.iter(f"{W}r"):
                    text = "".join(t.text or "" for t in run.iter(f"{W}t"))
                    if not LAO.search(text):
                        continue
                    e = effective(run, para_style, styles, defaults)
                    where = f"{name}: {text[:30]!r}"
                    if e.get("theme"):
                        problems.append(f"{where}: theme font")
                    bad = [s for s in SLOTS if e.get(s) != lao_font]
                    if bad:
                        problems.append(f"{where}: font slots {bad} = {[e.get(s) for s in bad]}")
                    if e.get("szCs") is None or e.get("szCs") != e.get("sz"):
                        problems.append(f"{where}: szCs {e.get('szCs')} vs sz {e.get('sz')}")
                    if e.get("b") and not e.get("bCs"):
                        problems.append(f"{where}: bold without bCs")
                    if e.get("bidi") != "lo-LA":
                        problems.append(f"{where}: language {e.get('bidi')}")
    return problems
