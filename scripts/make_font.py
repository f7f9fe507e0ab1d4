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
    out = OUT / f"LaoReportSans-{style}.ttf"
    merged.save(out)
    return out


if __name__ == "__main__":
    for style in ("Regular", "Bold"):
        print(build(style))
