"""Applies the data contract's rules to the submissions of one year and lists every problem found."""

from __future__ import annotations

from collections.abc import Iterable

from .contract import schema
from .contract.figures import form_part
from .contract.reference import DISTRICTS_BY_CODE, PROVINCES_BY_CODE
from .messages import Text, issue, text
from .model.submission import CellRef, Issue, Submission


def check(submissions: Iterable[Submission], year: int | None) -> list[Issue]:
    """All problems: those found while reading, each workbook's own rules, and conflicts between files."""
    subs = list(submissions)
    issues: list[Issue] = []
    for sub in subs:
        issues.extend(sub.issues)
        if any(i.code.startswith(("file.", "form.", "sheet.")) for i in sub.issues if i.is_error):
            continue  # the workbook could not be read as a form: its values mean nothing yet
        issues.extend(_check_one(sub, year))
    issues.extend(_duplicates(subs))
    return issues


def _check_one(sub: Submission, year: int | None) -> list[Issue]:
    out: list[Issue] = []
    bad_cells = {i.where for i in sub.issues}
    for row in schema.SUBMISSION.rows:
        if sub.info.get(row.key) not in (None, ""):
            continue
        where = sub.ref(row.key)
        needed = row.required or (row.key == "province" and sub.level in ("province", "district")) or (
            row.key == "district" and sub.level == "district")
        if needed and where not in bad_cells:
            out.append(issue("value.required", where, field=Text(row.lo, row.en),
                             sheet=Text(schema.SUBMISSION.title, schema.SUBMISSION.number)))
    if year is not None and sub.year is not None and sub.year != year:
        out.append(issue("year.mismatch", sub.ref("year"), found=sub.year, year=year))
    out.extend(_pairs(sub))
    out.extend(_consistency(sub))
    out.extend(_lists(sub))
    return out


def _pairs(sub: Submission) -> list[Issue]:
    out = []
    for sheet, row, total_key, part_key in schema.PAIRS:
        if sheet == "submission":
            candidates = [(sub.info.get(total_key), sub.info.get(part_key), sub.ref(part_key))]
        elif row is not None:
            candidates = [(sub.counts.get(f"{sheet}.{row}.{total_key}"), sub.counts.get(f"{sheet}.{row}.{part_key}"),
                           sub.ref(f"{sheet}.{row}.{part_key}"))]
        else:
            candidates = [(it.get(total_key), it.get(part_key), it.ref) for it in sub.lists.get(sheet, [])]
        for total, part, where in candidates:
            if isinstance(total, int) and isinstance(part, int) and part > total:
                out.append(issue("pair.part_exceeds_total", where, part=part, total=total))
    return out


def _consistency(sub: Submission) -> list[Issue]:
    out = []
    c = sub.counts
    by_form, by_place = form_part(sub, "victims.all.total"), form_part(sub, "victim_places.all.total")
    if by_form.value is not None and by_place.value is not None and by_form.value != by_place.value:
        cells = by_form.cells + by_place.cells
        where = CellRef(sub.file, _sheet_of(sub, "victim_places.domestic.total"))
        if by_form.partial or by_place.partial:
            gaps = "; ".join(p.empty for p in (by_form, by_place) if p.partial)
            out.append(issue("victims.places_partial", where, figures=cells, by_place=by_place.value,
                             by_form=by_form.value, gaps=gaps))
        else:
            out.append(issue("victims.places_mismatch", where, figures=cells, by_place=by_place.value,
                             by_form=by_form.value))
    for lower, upper, what in (
        ("to_prosecutor", "investigated", "part.more_to_prosecutor"),
        ("convicted_cases", "court_decided", "part.more_convicted"),
    ):
        a, b = c.get(f"cases.{lower}.total"), c.get(f"cases.{upper}.total")
        if a is not None and b is not None and a > b:
            out.append(issue("cases.order", sub.ref(f"cases.{lower}.total"), what=text(what), more=a, fewer=b,
                             figures=(f"cases.{lower}.total", f"cases.{upper}.total")))
    return out


def _lists(sub: Submission) -> list[Issue]:
    """An empty list sheet is "not reported" unless the committee said it has nothing to list; say which."""
    out = []
    for sheet in schema.SHEETS:
        if sheet.form:
            continue
        items, none = sub.lists.get(sheet.key), sub.none.get(sheet.key)
        where = sub.refs.get(f"{sheet.key}.none") or sub.refs.get(sheet.key) or CellRef(sub.file, sheet.title)
        if not items and not none:
            out.append(issue("list.not_reported", where, sheet=Text(sheet.title, f"{sheet.number} {sheet.en}"),
                             none=Text(schema.NONE_LO, schema.NONE_EN)))
        elif items and none:
            out.append(issue("list.none_and_items", where, none=Text(schema.NONE_LO, schema.NONE_EN), n=len(items),
                             cell=where.cell))
    return out


def _sheet_of(sub: Submission, key: str) -> str:
    return sub.ref(key).sheet


def describe_committee(key: tuple[str, str, str]) -> str:
    level, province, district = key
    if level == "national":
        return "ຄະນະກຳມະການລະດັບຊາດ / national committee"
    p = PROVINCES_BY_CODE.get(province)
    name = p.lo if p else province
    if level == "province":
        return f"{name} ({province})"
    d = DISTRICTS_BY_CODE.get(district)
    return f"ເມືອງ{d.lo if d else district}, {name}"


def _duplicates(subs: list[Submission]) -> list[Issue]:
    seen: dict[tuple[str, str, str], Submission] = {}
    out = []
    for sub in subs:
        key = sub.committee_key
        if key is None:
            continue
        if key in seen:
            first = seen[key]
            who = describe_committee(key)
            out.append(issue("committee.duplicate", CellRef(sub.file), who=who, first=first.file, second=sub.file))
        else:
            seen[key] = sub
    return out


def missing_committees(subs: list[Submission], expected_districts: tuple[str, ...] = ()) -> list[Issue]:
    """One warning naming the expected committees (national, 18 provinces, listed districts) with no workbook."""
    from .contract.reference import PROVINCES

    have = {s.committee_key for s in subs}
    missing = []
    if ("national", "", "") not in have:
        missing.append("ລະດັບຊາດ / national")
    missing += [f"{p.lo} ({p.code})" for p in PROVINCES if ("province", p.code, "") not in have]
    for code in expected_districts:
        d = DISTRICTS_BY_CODE.get(code)
        if d and ("district", d.province, code) not in have:
            missing.append(f"ເມືອງ{d.lo} ({code})")
    if not missing:
        return []
    names = ", ".join(missing)
    return [issue("committee.missing", CellRef(str(text("part.expected_submissions"))), n=len(missing), names=names)]
