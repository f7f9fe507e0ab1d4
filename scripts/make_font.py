"""Builds the PDF fonts bundled in src/reportgen/fonts/ (both OFL-1.1).

"Lao Report Phetsarath" (the report's PDF font) = Phetsarath 1.01 (Lao Ministry of Posts and
Telecommunications, the looped face of the government's Phetsarath OT; npm @fontsource/phetsarath 5.3.0)
+ the Latin, digits and punctuation of Lao Report Sans, scaled to Phetsarath's 2048 units per em.
"Lao Report Sans" (status page; the report's PDF font before) = Noto Sans Lao 2.001 (Lao letters) + the
Latin, digits and punctuation of Noto Sans. Each is merged into one font so the PDF embeds one font per
weight and every digit comes from it.

Why these sources (measured with WeasyPrint 70 and `pdftotext -raw`, see docs/lao-typesetting.md):
Noto Sans Lao 2.001 extracts exactly; Noto Sans Lao 2.003 (PyPI) loses ຳ (extracted as າ) and splits
every above/below mark onto its own line; Phetsarath OT turns ຳ into ໍ+າ.

    apt-get install fonts-noto-core && python scripts/make_font.py sans
    (cd /tmp && npm pack @fontsource/phetsarath@5.3.0 && tar xzf fontsource-phetsarath-5.3.0.tgz)
    python scripts/make_font.py phetsarath --source /tmp/package/files   # builds, then checks (_check_font.py)
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


TONES = ("maiEk-lao", "maiTho-lao", "maiTi-lao", "maiCatawa-lao")


def _remap_lookups(gsub, at: int) -> None:
    """Shift every reference to lookups at index >= `at` by one (a lookup is being inserted there)."""
    from fontTools.ttLib.tables import otTables as ot

    for fr in gsub.FeatureList.FeatureRecord:
        fr.Feature.LookupListIndex = [i + 1 if i >= at else i for i in fr.Feature.LookupListIndex]
    for lookup in gsub.LookupList.Lookup:
        for st in lookup.SubTable:
            st = st.ExtSubTable if isinstance(st, ot.ExtensionSubst) else st
            for attr in ("SubstLookupRecord",):
                for rec in getattr(st, attr, None) or []:
                    if rec.LookupListIndex >= at:
                        rec.LookupListIndex += 1
            for rules in (getattr(st, "ChainSubRuleSet", None) or []) + (getattr(st, "ChainSubClassSet", None) or []):
                for rule in (getattr(rules, "ChainSubRule", None) or getattr(rules, "ChainSubClassRule", None) or []):
                    for rec in rule.SubstLookupRecord:
                        if rec.LookupListIndex >= at:
                            rec.LookupListIndex += 1


def _treat_like(table, new: str, old: str) -> None:
    """Wherever a context looks for `old` (coverage tables, glyph classes), let it find `new` as well."""
    from fontTools.ttLib.tables import otTables as ot

    seen = set()

    def visit(obj):
        if id(obj) in seen or obj is None:
            return
        seen.add(id(obj))
        if isinstance(obj, ot.Coverage):
            if old in obj.glyphs and new not in obj.glyphs:
                obj.glyphs.append(new)
            return
        if isinstance(obj, ot.ClassDef):
            if old in obj.classDefs:
                obj.classDefs[new] = obj.classDefs[old]
            return
        if isinstance(obj, list):
            for x in obj:
                visit(x)
            return
        if hasattr(obj, "__dict__") and type(obj).__module__.endswith("otTables"):
            for k, v in vars(obj).items():
                if k not in ("mapping", "ligatures", "alternates"):
                    visit(v)

    visit(table)


def tone_before_am(font: TTFont) -> None:
    """Shape tone mark + ຳ without merging clusters, so the PDF text layer can say which glyph is which.

    HarfBuzz decomposes ຳ and moves its nikhahit across a preceding tone mark, merging consonant, tone
    and vowel into one cluster; WeasyPrint can then only map the whole cluster to one glyph, and ຫຼວງນ້ຳທາ
    came out of the PDF as ຫຼວງນ້ຳທ້ຳ. reportgen puts a ZWNJ between tone and ຳ in the HTML (invisible,
    not in the text layer), which stops that reordering; this lookup then draws the pair the way the font
    draws it after the reordering — the tone on the nikhahit ligature, followed by a copy of the aa glyph
    that stands only for ຳ — each glyph in its own cluster. (HarfBuzz has already split ຳ into nikhahit +
    aa by then; the copy replaces that pair.)
    """
    import copy

    from fontTools.ttLib.tables import otTables as ot

    am = "aaVowel-lao.am"
    order = font.getGlyphOrder()
    font["glyf"].glyphs[am] = copy.deepcopy(font["glyf"]["aaVowel-lao"])
    font["hmtx"].metrics[am] = font["hmtx"]["aaVowel-lao"]
    font.setGlyphOrder(order + [am])
    font["glyf"].glyphOrder = order + [am]
    gdef = font["GDEF"].table
    if gdef.GlyphClassDef:
        gdef.GlyphClassDef.classDefs[am] = gdef.GlyphClassDef.classDefs.get("aaVowel-lao", 1)
    gsub = font["GSUB"].table
    _treat_like(gsub, am, "aaVowel-lao")

    def single(mapping):
        lk = ot.Lookup()
        lk.LookupType, lk.LookupFlag = 1, 0
        st = ot.SingleSubst()
        st.mapping = mapping
        lk.SubTable = [st]
        lk.SubTableCount = 1
        return lk

    def coverage(glyphs):
        c = ot.Coverage()
        c.glyphs = list(glyphs)
        return c

    tone_lookup = len(gsub.LookupList.Lookup) + 1  # after the context lookup inserted below
    gsub.LookupList.Lookup.append(single({t: t.replace("mai", "niggahita_mai", 1) for t in TONES}))
    lig = ot.Lookup()  # HarfBuzz hands ຳ over already split into nikhahit + aa: join them into the copy
    lig.LookupType, lig.LookupFlag = 4, 0
    ligs = ot.LigatureSubst()
    component = ot.Ligature()
    component.Component, component.LigGlyph = ["aaVowel-lao"], am
    ligs.ligatures = {"niggahita-lao": [component]}
    lig.SubTable = [ligs]
    lig.SubTableCount = 1
    gsub.LookupList.Lookup.append(lig)
    ctx = ot.Lookup()
    ctx.LookupType, ctx.LookupFlag = 6, 0
    ctx.SubTable = []
    zwnj = font.getBestCmap()[0x200C]
    # with the ZWNJ between them (as reportgen writes it) and, should a shaper skip it, without
    for inputs, positions in (([TONES, [zwnj], ["niggahita-lao"], ["aaVowel-lao"]], (0, 2)),
                              ([TONES, ["niggahita-lao"], ["aaVowel-lao"]], (0, 1))):
        st = ot.ChainContextSubst()
        st.Format = 3
        st.BacktrackCoverage, st.LookAheadCoverage = [], []
        st.InputCoverage = [coverage(g) for g in inputs]
        recs = []
        for seq, idx in zip(positions, (tone_lookup, tone_lookup + 1), strict=True):
            r = ot.SubstLookupRecord()
            r.SequenceIndex, r.LookupListIndex = seq, idx
            recs.append(r)
        st.SubstLookupRecord = recs
        st.SubstCount = len(recs)
        ctx.SubTable.append(st)
    ctx.SubTableCount = len(ctx.SubTable)
    first_ccmp = min(i for fr in gsub.FeatureList.FeatureRecord if fr.FeatureTag == "ccmp"
                     for i in fr.Feature.LookupListIndex)
    _remap_lookups(gsub, first_ccmp)
    gsub.LookupList.Lookup.insert(first_ccmp, ctx)
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == "ccmp":
            fr.Feature.LookupListIndex = [first_ccmp] + list(fr.Feature.LookupListIndex)
            fr.Feature.LookupCount = len(fr.Feature.LookupListIndex)
    gsub.LookupList.LookupCount = len(gsub.LookupList.Lookup)


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
    tone_before_am(merged)
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
    merged.recalcTimestamp = False
    out = OUT / f"LaoReportSans-{style}.ttf"
    merged.save(out)
    return out


PHETSARATH = "Lao Report Phetsarath"
# npm @fontsource/phetsarath 5.3.0: Google Fonts' Phetsarath 1.01 (OFL), Lao glyphs only; pinned by content
PHETSARATH_SOURCES = {
    "Regular": ("phetsarath-lao-400-normal.woff", "347570860f0b091590f416c927a1b315aaaa35be09d1a5553b7cc8d21117f51a"),
    "Bold": ("phetsarath-lao-700-normal.woff", "04f085d2eb1b3cb978c785ec74939d3c8e9c19539d088a40adf839e3094ab2c4"),
}
LAO = range(0x0E80, 0x0F00)
INVISIBLE = [0x200B, 0x200C, 0x200D]  # ZWSP (ICU break marks), ZWNJ (tone + ຳ), ZWJ: zero-width, from Noto Sans Lao
PH_TONES = ("uni0EC8", "uni0EC9", "uni0ECA", "uni0ECB")
PH_NIKHAHIT, PH_AA = "uni0ECD", "uni0EB2"


def _source(folder: Path, style: str) -> TTFont:
    import hashlib

    name, sha = PHETSARATH_SOURCES[style]
    data = (folder / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != sha:
        raise SystemExit(f"{folder / name}: not the pinned @fontsource/phetsarath 5.3.0 file")
    font = TTFont(folder / name)
    font.flavor = None
    return font


def _copy_glyph(font: TTFont, new: str, old: str, components: list[str] | None = None) -> None:
    """Add glyph `new`: a copy of `old`, or a composite of `components` all placed at the origin (advance of `old`)."""
    import copy

    from fontTools.ttLib.tables._g_l_y_f import Glyph, GlyphComponent

    glyf, order = font["glyf"], font.getGlyphOrder()
    if components:
        g = Glyph()
        g.numberOfContours = -1
        g.components = []
        for c in components:
            gc = GlyphComponent()
            gc.glyphName, gc.x, gc.y, gc.flags = c, 0, 0, 0
            g.components.append(gc)
        glyf.glyphs[new] = g
    else:
        glyf.glyphs[new] = copy.deepcopy(glyf[old])
    font.setGlyphOrder(order + [new])
    glyf.glyphOrder = order + [new]
    glyf[new].recalcBounds(glyf)
    font["hmtx"].metrics[new] = (font["hmtx"][old][0], getattr(glyf[new], "xMin", 0))
    if "GDEF" in font and font["GDEF"].table.GlyphClassDef:
        classes = font["GDEF"].table.GlyphClassDef.classDefs
        if old in classes:
            classes[new] = classes[old]


def split_am_glyphs(font: TTFont) -> None:
    """Give ຳ glyphs of its own, so that the PDF's text layer can say which glyph is which.

    HarfBuzz (Pango, LibreOffice) splits ຳ into nikhahit + aa before the font sees it; Phetsarath then
    draws ຳ with the very glyph of າ and WeasyPrint, which keeps one text per glyph for the whole
    document, wrote ການ as ກຳນ (or ກຳ as ກາ, and lost the ໍ of ບໍ່). A last lookup joins the pair the
    font made (nikhahit, lowered after a consonant, + aa) into one glyph drawn from the same two
    outlines at the same places. With a tone mark before ຳ, reportgen writes a ZWNJ between them
    (writers/html/linebreak.py), which stops HarfBuzz from moving the nikhahit in front of the tone and
    merging consonant, tone and vowel into one cluster; a first lookup then draws tone and nikhahit as
    the font does after that move — the tone high, the nikhahit lowered where it follows a consonant —
    the tone with a copy of its glyph. `_check_font.check_phetsarath` compares the pixels with the source.
    """
    from fontTools.ttLib.tables import otTables as ot

    gsub = font["GSUB"].table
    lookups = gsub.LookupList.Lookup
    lower = next(i for i, lk in enumerate(lookups) if lk.LookupType == 1
                 and lk.SubTable[0].mapping.get(PH_NIKHAHIT) == PH_NIKHAHIT + ".blw")
    lowering = next(lk for lk in lookups if lk.LookupType == 6 and all(
        PH_NIKHAHIT in st.InputCoverage[0].glyphs and st.SubstLookupRecord[0].LookupListIndex == lower
        for st in lk.SubTable))
    low = PH_NIKHAHIT + ".blw"
    joined = {PH_NIKHAHIT: "uni0EB3.split", low: "uni0EB3.split.blw"}
    for mark, glyph in joined.items():
        _copy_glyph(font, glyph, PH_AA, components=[mark, PH_AA])
        _treat_like(gsub, glyph, PH_AA)  # contexts that look for າ after a consonant see the ຳ glyph too
    high = {t: f"{t}.above_am" for t in PH_TONES}
    for t, h in high.items():
        _copy_glyph(font, h, t)

    def lookup(kind: int, subtables) -> ot.Lookup:
        lk = ot.Lookup()
        lk.LookupType, lk.LookupFlag, lk.SubTable, lk.SubTableCount = kind, 0, subtables, len(subtables)
        return lk

    def coverage(glyphs):
        c = ot.Coverage()
        c.glyphs = list(glyphs)
        return c

    def rule(backtrack, records):
        st = ot.ChainContextSubst()
        st.Format = 3
        st.BacktrackCoverage, st.LookAheadCoverage = [coverage(g.glyphs) for g in backtrack], []
        st.InputCoverage = [coverage(PH_TONES), coverage([zwnj]), coverage([PH_NIKHAHIT])]
        st.SubstLookupRecord = []
        for seq, idx in records:
            r = ot.SubstLookupRecord()
            r.SequenceIndex, r.LookupListIndex = seq, idx
            st.SubstLookupRecord.append(r)
        st.SubstCount = len(st.SubstLookupRecord)
        return st

    zwnj = font.getBestCmap()[0x200C]
    tones = ot.SingleSubst()
    tones.mapping = dict(high)
    join = ot.LigatureSubst()
    join.ligatures = {}
    for mark, glyph in joined.items():
        lig = ot.Ligature()
        lig.Component, lig.LigGlyph = [PH_AA], glyph
        join.ligatures[mark] = [lig]
    for _ in range(2):
        _remap_lookups(gsub, 0)
    lower += 2
    # 0: tone + ZWNJ + nikhahit (ຳ split): the tone high (lookup 1), the nikhahit lowered where the font
    # lowers it (after a consonant, ຸ or ູ: the font's own contexts), else left as it is
    ctx = [rule(st.BacktrackCoverage, [(0, 1), (2, lower)]) for st in lowering.SubTable]
    ctx.append(rule([], [(0, 1)]))
    lookups[0:0] = [lookup(6, ctx), lookup(1, [tones])]
    lookups.append(lookup(4, [join]))  # last: nikhahit (lowered or not) + aa → the ຳ glyph
    gsub.LookupList.LookupCount = len(lookups)
    for fr in gsub.FeatureList.FeatureRecord:
        if fr.FeatureTag == "rlig":
            fr.Feature.LookupListIndex = [0, *fr.Feature.LookupListIndex, len(lookups) - 1]
        fr.Feature.LookupCount = len(fr.Feature.LookupListIndex)


def build_phetsarath(style: str, source: Path) -> Path:
    """Lao Report Phetsarath `style`: Phetsarath's Lao glyphs + Lao Report Sans' Latin (scaled), ຳ split (above)."""
    from fontTools.ttLib.scaleUpem import scale_upem

    opts = subset.Options()
    opts.layout_features = ["*"]
    opts.name_IDs = ["*"]
    opts.notdef_outline = True
    opts.glyph_names = True
    opts.drop_tables = []
    lao = _source(source, style)
    s = subset.Subsetter(opts)
    s.populate(unicodes=[u for u in LAO if u in lao.getBestCmap()])
    s.subset(lao)
    latin = TTFont(OUT / f"LaoReportSans-{style}.ttf")  # its Latin is Noto Sans' (make it first: `sans`)
    opts.layout_features = ["kern", "liga", "mark", "mkmk"]
    s = subset.Subsetter(opts)
    s.populate(unicodes=LATIN + INVISIBLE)
    s.subset(latin)
    scale_upem(latin, lao["head"].unitsPerEm)  # Noto's x-height/ascender ratio matches Phetsarath's consonants
    tmp_lao, tmp_latin = OUT / f".lao-{style}.ttf", OUT / f".latin-{style}.ttf"
    lao.save(tmp_lao)
    latin.save(tmp_latin)
    try:
        merged = Merger().merge([str(tmp_lao), str(tmp_latin)])
    finally:
        tmp_lao.unlink()
        tmp_latin.unlink()
    if "GDEF" not in lao:  # Regular has none: HarfBuzz then takes mark classes from Unicode, so ຼ+ູ has no width
        del merged["GDEF"]
    split_am_glyphs(merged)
    for table, attrs in (("hhea", ("ascent", "descent", "lineGap")),  # lines stand as in Phetsarath, whose
                         ("OS/2", ("sTypoAscender", "sTypoDescender", "sTypoLineGap", "usWinAscent",
                                   "usWinDescent"))):  # letters reach higher than Noto's Latin
        for attr in attrs:
            setattr(merged[table], attr, getattr(lao[table], attr))
    merged["head"].flags = lao["head"].flags  # its integer-ppem flag: glyph widths round as in Phetsarath
    ps = f"{PHETSARATH.replace(' ', '')}-{style}"
    version = "Version 1.01; Phetsarath 1.01 (@fontsource/phetsarath 5.3.0) + Noto Sans Latin subset (reportgen)"
    for rec in list(merged["name"].names):
        rec.string = {1: PHETSARATH, 16: PHETSARATH, 4: f"{PHETSARATH} {style}", 6: ps,
                      3: f"1.01;reportgen;{ps}", 5: version}.get(rec.nameID, rec.string)
    merged["head"].created = merged["head"].modified = 3600 * 24 * 365 * 90  # reproducible files
    merged.recalcTimestamp = False  # else saving stamps `modified` with the time of the build
    out = OUT / f"{ps}.ttf"
    merged.save(out)
    return out


if __name__ == "__main__":
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("font", choices=("sans", "phetsarath"))
    ap.add_argument("--source", type=Path, help="phetsarath: the folder of the @fontsource/phetsarath WOFF files")
    args = ap.parse_args()
    for style in ("Regular", "Bold"):
        if args.font == "sans":
            print(build(style))
        else:
            print(build_phetsarath(style, args.source))
    if args.font == "phetsarath":
        from _check_font import check_phetsarath  # noqa: I001 (next to this script)

        check_phetsarath(args.source)
