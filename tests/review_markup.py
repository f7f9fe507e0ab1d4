"""What a reviewer does to report.docx in Word, written to the spec: comments, replies, tracked changes.

    reviewed = annotate(report_bytes, [
        Comment("ຜູ້ຖືກເຄາະຮ້າຍ", "ກວດຕົວເລກນີ້ຄືນ", replies=(Reply("ກວດແລ້ວ"),)),
        Insert(after="ປີ 2019", text=" (ສະບັບປັບປຸງ)"),
        Delete("ປະມານ "),
        Move("ທີ່ສຳຄັນ", after="ຜົນງານ"),
        Format("ຄະດີ"),
        Align("ພາບລວມ", "center"),
    ])
    saved = through_libreoffice(reviewed)    # the same file as LibreOffice saves it (needs soffice)

Each mark finds its place by text: the first paragraph whose text contains `find` (after `within`, a bookmark
name, when given: the search starts at that bookmark), and the text may cross runs — runs are split where the
mark begins and ends, as Word splits them. A mark that finds nothing raises LookupError (a test that marks
nothing could not fail). What Word writes is followed: a comment's range is commentRangeStart … commentRangeEnd
then a run with its commentReference; its text goes in comments.xml with a w14:paraId, the reply link and the
resolved flag in commentsExtended.xml (w15:paraIdParent, w15:done), its UTC date in commentsIds.xml and
commentsExtensible.xml; a reply has its own range on the same text; w:date holds the reviewer's local time
(with a "Z", as Word writes it). Tracked changes: w:ins, w:del with w:delText, w:moveFrom/w:moveTo between
move range marks, w:rPrChange and w:pPrChange holding the properties before.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import os
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W14 = "http://schemas.microsoft.com/office/word/2010/wordml"
W15 = "http://schemas.microsoft.com/office/word/2012/wordml"
W16CID = "http://schemas.microsoft.com/office/word/2016/wordml/cid"
W16CEX = "http://schemas.microsoft.com/office/word/2018/wordml/cex"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"

REVIEWER = "ທ. ສົມພອນ"  # a reviewer with a Lao name
WHEN = dt.datetime(2024, 3, 4, 10, 30)  # UTC; Word's w:date shows it in the reviewer's time (Vientiane, UTC+7)
LOCAL = dt.timedelta(hours=7)

_PARTS = {  # part → (content type, relationship type), for the parts Word adds when comments have replies
    "commentsExtended": ("application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtended+xml",
                         "http://schemas.microsoft.com/office/2011/relationships/commentsExtended", W15, "commentsEx"),
    "commentsIds": ("application/vnd.openxmlformats-officedocument.wordprocessingml.commentsIds+xml",
                    "http://schemas.microsoft.com/office/2016/09/relationships/commentsIds", W16CID, "commentsIds"),
    "commentsExtensible": ("application/vnd.openxmlformats-officedocument.wordprocessingml.commentsExtensible+xml",
                           "http://schemas.microsoft.com/office/2018/08/relationships/commentsExtensible", W16CEX,
                           "commentsExtensible"),
}


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


# ---- the marks ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Reply:
    text: str
    author: str = "Ms Reviewer"
    when: dt.datetime = WHEN + dt.timedelta(hours=1)


@dataclass(frozen=True)
class Comment:
    """A comment on `find`; `to`: the range goes on to the end of this text in a later paragraph; `point`: no
    range at all, only the comment's mark after `find` (Word does this for a comment made with nothing
    selected in some versions, and docx2python then reads no comments at all)."""

    find: str
    text: str
    author: str = REVIEWER
    when: dt.datetime = WHEN
    within: str = ""
    to: str = ""
    point: bool = False
    resolved: bool = False
    replies: tuple[Reply, ...] = ()


@dataclass(frozen=True)
class Insert:
    """Tracked insertion of `text` right after `after` (or before `before`)."""

    text: str
    after: str = ""
    before: str = ""
    author: str = REVIEWER
    when: dt.datetime = WHEN
    within: str = ""


@dataclass(frozen=True)
class Delete:
    find: str
    author: str = REVIEWER
    when: dt.datetime = WHEN
    within: str = ""


@dataclass(frozen=True)
class Move:
    """Tracked move of `find` to right after `after` (in the same or another paragraph)."""

    find: str
    after: str
    author: str = REVIEWER
    when: dt.datetime = WHEN
    within: str = ""


@dataclass(frozen=True)
class Format:
    """Tracked formatting change: `find` made bold."""

    find: str
    author: str = REVIEWER
    when: dt.datetime = WHEN
    within: str = ""


@dataclass(frozen=True)
class Align:
    """Tracked paragraph change: the paragraph holding `find` aligned `align` (left, center, right, both)."""

    find: str
    align: str = "center"
    author: str = REVIEWER
    when: dt.datetime = WHEN
    within: str = ""


Mark = Comment | Insert | Delete | Move | Format | Align


def word_date(when: dt.datetime) -> str:
    """w:date as Word writes it: the reviewer's local time, marked Z all the same."""
    return (when + LOCAL).strftime("%Y-%m-%dT%H:%M:00Z")


# ---- finding text across runs ------------------------------------------------------------------------------

def _explode(p) -> None:
    """One text (or break, tab) per run, so that any run can be split at a character."""
    for r in list(p.iter(w("r"))):
        content = [c for c in r if c.tag != w("rPr")]
        rpr = r.find(w("rPr"))
        prev = r
        for c in content[1:]:
            new = etree.Element(w("r"))
            if rpr is not None:
                new.append(copy.deepcopy(rpr))
            new.append(c)
            prev.addnext(new)
            prev = new


def _run_text(r) -> str:
    t = r.find(w("t"))
    return t.text or "" if t is not None else ""


def _split(r, at: int):
    """Split a one-text run at character `at`; returns the second half (a new run after `r`)."""
    t = r.find(w("t"))
    text = t.text or ""
    second = copy.deepcopy(r)
    t.text, second.find(w("t")).text = text[:at], text[at:]
    for x in (t, second.find(w("t"))):
        x.set(_XML_SPACE, "preserve")
    r.addnext(second)
    return second


class _Doc:
    def __init__(self, body):
        self.body = body
        self.next_id = 9000  # ids of marks added (above any the writer gave)

    def id(self) -> str:
        self.next_id += 1
        return str(self.next_id)

    def runs(self, p):
        """The paragraph's direct text runs (those holding a w:t), in order."""
        return [r for r in p if r.tag == w("r") and r.find(w("t")) is not None]

    def find(self, text: str, within: str = "", after_p=None):
        """(paragraph, runs covering `text` exactly), splitting runs at its ends."""
        start_at = None
        paras = list(self.body.iter(w("p")))
        if within:
            mark = next((b for b in self.body.iter(w("bookmarkStart")) if b.get(w("name")) == within), None)
            if mark is None:
                raise LookupError(f"no bookmark {within!r}")
            start_p = next(a for a in mark.iterancestors(w("p")))
            paras = paras[paras.index(start_p):]
            start_at = mark
        if after_p is not None:
            paras = paras[paras.index(after_p) + 1:]
        for p in paras:
            _explode(p)
            runs = self.runs(p)
            if start_at is not None and p is paras[0]:
                following = set(start_at.itersiblings())
                runs = [r for r in runs if r in following]
            joined = "".join(_run_text(r) for r in runs)
            at = joined.find(text)
            if at < 0 or not text:
                continue
            return p, self._cover(runs, at, at + len(text))
        raise LookupError(f"text not found: {text!r}")

    @staticmethod
    def _cover(runs, start: int, end: int):
        out, pos = [], 0
        for r in runs:
            n = len(_run_text(r))
            lo, hi = pos, pos + n
            pos = hi
            if hi <= start or lo >= end:
                continue
            if lo < start:
                r = _split(r, start - lo)
                lo = start
            if hi > end:
                _split(r, end - lo)
            out.append(r)
        return out


def _el(tag: str, **attrs: str):
    e = etree.Element(w(tag))
    for k, v in attrs.items():
        e.set(w(k), v)
    return e


def _t(tag: str, text: str):
    e = _el(tag)
    e.text = text
    e.set(_XML_SPACE, "preserve")
    return e


def _who(mark) -> dict[str, str]:
    return {"author": mark.author, "date": word_date(mark.when)}


# ---- applying them -------------------------------------------------------------------------------------------

class _Comments:
    """comments.xml and the parts Word keeps beside it."""

    def __init__(self, comments_xml: bytes):
        self.root = etree.fromstring(comments_xml)
        self.ext: list[tuple[str, str, bool]] = []  # (paraId, parent paraId, done)
        self.ids: list[tuple[str, str, dt.datetime]] = []  # (paraId, durableId, date)
        self.n = 0x10000000

    def add(self, id_: str, author: str, when: dt.datetime, text: str, parent_para: str = "",
            resolved: bool = False) -> str:
        self.n += 1
        para_id = f"{self.n:08X}"
        c = _el("comment", id=id_, author=author, date=word_date(when),
                initials="".join(x[0] for x in author.split() if x)[:3])
        for i, line in enumerate(text.split("\n")):
            p = etree.SubElement(c, w("p"))
            if i == len(text.split("\n")) - 1:
                p.set(f"{{{W14}}}paraId", para_id)
                p.set(f"{{{W14}}}textId", "77777777")
            r = etree.SubElement(p, w("r"))
            r.append(_t("t", line))
        self.root.append(c)
        self.ext.append((para_id, parent_para, resolved))
        self.ids.append((para_id, f"{self.n + 0x20000000:08X}", when))
        return para_id

    def parts(self) -> dict[str, bytes]:
        ext = etree.Element(f"{{{W15}}}commentsEx", nsmap={"w15": W15})
        for para, parent, done in self.ext:
            e = etree.SubElement(ext, f"{{{W15}}}commentEx")
            e.set(f"{{{W15}}}paraId", para)
            if parent:
                e.set(f"{{{W15}}}paraIdParent", parent)
            e.set(f"{{{W15}}}done", "1" if done else "0")
        ids = etree.Element(f"{{{W16CID}}}commentsIds", nsmap={"w16cid": W16CID})
        exl = etree.Element(f"{{{W16CEX}}}commentsExtensible", nsmap={"w16cex": W16CEX})
        for para, durable, when in self.ids:
            e = etree.SubElement(ids, f"{{{W16CID}}}commentId")
            e.set(f"{{{W16CID}}}paraId", para)
            e.set(f"{{{W16CID}}}durableId", durable)
            x = etree.SubElement(exl, f"{{{W16CEX}}}commentExtensible")
            x.set(f"{{{W16CEX}}}durableId", durable)
            x.set(f"{{{W16CEX}}}dateUtc", when.strftime("%Y-%m-%dT%H:%M:00Z"))
        out = {"word/comments.xml": self.root}
        out.update({"word/commentsExtended.xml": ext, "word/commentsIds.xml": ids,
                    "word/commentsExtensible.xml": exl})
        return {k: etree.tostring(v, xml_declaration=True, encoding="UTF-8", standalone=True) for k, v in out.items()}


def _comment(doc: _Doc, comments: _Comments, m: Comment) -> None:
    p, runs = doc.find(m.find, m.within)
    first, last = runs[0], runs[-1]
    if m.to:
        _, end_runs = doc.find(m.to, after_p=p)
        last = end_runs[-1]
    thread = [(m.author, m.when, m.text)] + [(r.author, r.when, r.text) for r in m.replies]
    parent_para = ""
    starts_after, ends_after = first, last  # as Word nests a thread: S1 S2 … text … E1 R1 E2 R2
    for i, (author, when, text) in enumerate(thread):
        id_ = doc.id()
        if not m.point:
            start = _el("commentRangeStart", id=id_)
            (starts_after.addprevious if i == 0 else starts_after.addnext)(start)
            starts_after = start
            end = _el("commentRangeEnd", id=id_)
            ends_after.addnext(end)
            ends_after = end
        ref = _el("r")
        ref.append(_el("commentReference", id=id_))
        ends_after.addnext(ref)
        ends_after = ref
        para = comments.add(id_, author, when, text, parent_para, m.resolved)
        if i == 0:
            parent_para = para


def _insert(doc: _Doc, m: Insert) -> None:
    p, runs = doc.find(m.after or m.before, m.within)
    ins = _el("ins", id=doc.id(), **_who(m))
    r = copy.deepcopy(runs[-1] if m.after else runs[0])
    for c in [c for c in r if c.tag != w("rPr")]:
        r.remove(c)
    r.append(_t("t", m.text))
    ins.append(r)
    (runs[-1].addnext if m.after else runs[0].addprevious)(ins)


def _wrap(runs, tag: str, deleted: bool, **attrs):
    wrapper = _el(tag, **attrs)
    runs[0].addprevious(wrapper)
    for r in runs:
        if deleted:
            for t in r.findall(w("t")):
                t.tag = w("delText")
        wrapper.append(r)
    return wrapper


def _delete(doc: _Doc, m: Delete) -> None:
    _, runs = doc.find(m.find, m.within)
    _wrap(runs, "del", True, id=doc.id(), **_who(m))


def _move(doc: _Doc, m: Move) -> None:
    _, runs = doc.find(m.find, m.within)
    copies = [copy.deepcopy(r) for r in runs]
    name = f"move{doc.next_id}"
    start = _el("moveFromRangeStart", id=doc.id(), name=name, **_who(m))
    runs[0].addprevious(start)
    moved = _wrap(runs, "moveFrom", False, id=doc.id(), **_who(m))
    moved.addnext(_el("moveFromRangeEnd", id=start.get(w("id"))))
    _, target = doc.find(m.after, m.within)
    to_start = _el("moveToRangeStart", id=doc.id(), name=name, **_who(m))
    to = _el("moveTo", id=doc.id(), **_who(m))
    for r in copies:
        to.append(r)
    target[-1].addnext(to_start)
    to_start.addnext(to)
    to.addnext(_el("moveToRangeEnd", id=to_start.get(w("id"))))


def _format(doc: _Doc, m: Format) -> None:
    _, runs = doc.find(m.find, m.within)
    for r in runs:
        rpr = r.find(w("rPr"))
        if rpr is None:
            rpr = _el("rPr")
            r.insert(0, rpr)
        old = copy.deepcopy(rpr)
        change = _el("rPrChange", id=doc.id(), **_who(m))
        change.append(old)
        old.tag = w("rPr")
        rpr.append(_el("b"))
        rpr.append(_el("bCs"))
        rpr.append(change)


def _align(doc: _Doc, m: Align) -> None:
    p, _ = doc.find(m.find, m.within)
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = _el("pPr")
        p.insert(0, ppr)
    old = copy.deepcopy(ppr)
    for jc in ppr.findall(w("jc")):
        ppr.remove(jc)
    ppr.append(_el("jc", val=m.align))
    change = _el("pPrChange", id=doc.id(), **_who(m))
    change.append(old)
    ppr.append(change)


def annotate(docx: bytes, marks: list[Mark]) -> bytes:
    """`docx` with the reviewer's `marks` added, as Word writes them (see the module's note)."""
    z = zipfile.ZipFile(io.BytesIO(docx))
    body_root = etree.fromstring(z.read("word/document.xml"))
    doc = _Doc(body_root.find(w("body")))
    comments = _Comments(z.read("word/comments.xml") if "word/comments.xml" in z.namelist()
                         else b'<w:comments xmlns:w="%s"/>' % W.encode())
    for m in marks:
        if isinstance(m, Comment):
            _comment(doc, comments, m)
        elif isinstance(m, Insert):
            _insert(doc, m)
        elif isinstance(m, Delete):
            _delete(doc, m)
        elif isinstance(m, Move):
            _move(doc, m)
        elif isinstance(m, Format):
            _format(doc, m)
        elif isinstance(m, Align):
            _align(doc, m)
        else:
            raise TypeError(f"not a review mark: {m!r}")
    parts = comments.parts()
    parts["word/document.xml"] = etree.tostring(body_root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return _repack(z, parts)


def _repack(z: zipfile.ZipFile, parts: dict[str, bytes]) -> bytes:
    """The package with `parts` replaced or added, their content types and relationships declared."""
    names = z.namelist()
    types = etree.fromstring(z.read("[Content_Types].xml"))
    rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
    declared = {o.get("PartName") for o in types}
    targets = {r.get("Target") for r in rels}
    wanted = {"comments": ("application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml",
                           "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments")}
    wanted.update({k: v[:2] for k, v in _PARTS.items()})
    for stem, (ctype, rtype) in wanted.items():
        name = f"word/{stem}.xml"
        if name not in parts:
            continue
        if f"/{name}" not in declared:
            o = etree.SubElement(types, f"{{{_CT}}}Override")
            o.set("PartName", f"/{name}")
            o.set("ContentType", ctype)
        if f"{stem}.xml" not in targets:
            r = etree.SubElement(rels, f"{{{_PKG_REL}}}Relationship")
            r.set("Id", f"rIdReview{stem}")
            r.set("Type", rtype)
            r.set("Target", f"{stem}.xml")
    parts["[Content_Types].xml"] = etree.tostring(types, xml_declaration=True, encoding="UTF-8", standalone=True)
    parts["word/_rels/document.xml.rels"] = etree.tostring(rels, xml_declaration=True, encoding="UTF-8",
                                                           standalone=True)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in names:
            dst.writestr(name, parts.pop(name) if name in parts else z.read(name))
        for name, data in parts.items():
            dst.writestr(name, data)
    return out.getvalue()


# ---- a real client -----------------------------------------------------------------------------------------

def have_libreoffice() -> bool:
    return shutil.which("soffice") is not None


def through_libreoffice(docx: bytes, timeout: int = 240) -> bytes:
    """`docx` opened and saved again as DOCX by LibreOffice (headless), with a profile of its own so that
    tests running side by side do not share one. Raises RuntimeError when soffice is missing or fails."""
    soffice = shutil.which("soffice")
    if soffice is None:
        raise RuntimeError("LibreOffice (soffice) is not installed")
    with tempfile.TemporaryDirectory(prefix="rg-lo-") as tmp:
        folder = Path(tmp)
        src = folder / "in" / "report.docx"
        src.parent.mkdir()
        src.write_bytes(docx)
        out = folder / "out"
        done = subprocess.run([soffice, f"-env:UserInstallation={(folder / 'profile').as_uri()}", "--headless",
                               "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(out), str(src)],
                              capture_output=True, timeout=timeout, env={**os.environ, "HOME": tmp})
        saved = out / "report.docx"
        if done.returncode != 0 or not saved.exists():
            raise RuntimeError(f"LibreOffice did not save the file: {done.stderr.decode(errors='replace')[-500:]}")
        return saved.read_bytes()


__all__ = ["Align", "Comment", "Delete", "Format", "Insert", "Mark", "Move", "Reply", "annotate", "have_libreoffice",
           "through_libreoffice", "word_date"]
