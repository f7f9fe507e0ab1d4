"""Applies the data contract's rules to the submissions of one year and lists every problem found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .contract import schema
from .contract.figures import RULES, Part, Rule, describe_gaps, form_part
from .contract.roster import NATIONAL, CommitteeId, Level, committee_of
from .contract.roster import missing as missing_from_roster
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
        needed = row.required or (row.key == "province" and sub.level in (Level.PROVINCE, Level.DISTRICT)) or (
            row.key == "district" and sub.level == Level.DISTRICT)
        if needed and where not in bad_cells:
            out.append(issue("value.required", where, field=Text(row.lo, row.en),
                             sheet=Text(schema.SUBMISSION.title, schema.SUBMISSION.number)))
    if year is not None and sub.year is not None and sub.year != year:
        out.append(issue("year.mismatch", sub.ref("year"), found=sub.year, year=year))
    out.extend(_pairs(sub))
    out.extend(_consistency(sub))
    out.extend(_lists(sub))
    return out


def _label(sheet: str, row: str | None, key: str) -> Text:
    """What a form calls one cell of a (total, part) pair: the row's label on sheet 1, else the column's."""
    s = schema.SHEETS_BY_KEY[sheet]
    if sheet == "submission":
        r = next(r for r in s.rows if r.key == key)
        return Text(r.lo, r.en)
    c = s.column(key)
    if row is None:
        return Text(c.lo, c.en)
    r = next(r for r in s.rows if r.key == row)
    return Text(f"{r.lo}: {c.lo}", f"{r.en}: {c.en}")


def _pairs(sub: Submission) -> list[Issue]:
    out = []
    for sheet, row, total_key, part_key in schema.PAIRS:
        if sheet == "submission":
            candidates = [(sub.info.get(total_key), sub.info.get(part_key), sub.ref(part_key))]
        elif row is not None:
            candidates = [(sub.counts.get(f"{sheet}.{row}.{total_key}"), sub.counts.get(f"{sheet}.{row}.{part_key}"),
                           sub.ref(f"{sheet}.{row}.{part_key}"))]
        else:
            candidates = [(it.get(total_key), it.get(part_key), it.cell(part_key)) for it in sub.lists.get(sheet, [])]
        total_name, part_name = _label(sheet, row, total_key), _label(sheet, row, part_key)
        for total, part, where in candidates:
            if isinstance(total, int) and isinstance(part, int) and part > total:
                out.append(issue("pair.part_exceeds_total", where, part=part, total=total,
                                 part_name=part_name, total_name=total_name))
    return out


def _consistency(sub: Submission) -> list[Issue]:
    """The rules between figures (contract.figures.RULES), over this workbook's own figures."""
    out = []
    for rule in RULES:
        left, right = form_part(sub, rule.left), form_part(sub, rule.right)
        if left.value is not None and right.value is not None and not rule.holds(left.value, right.value):
            out.append(_broken(sub, rule, left, right))
    return out


def _broken(sub: Submission, rule: Rule, left: Part, right: Part) -> Issue:
    """The warning for a rule this workbook breaks; its figures carry a mark in the report."""
    cells = left.cells + right.cells
    if rule.code == "victims.places_mismatch":  # victims by form against by place: about the sheet that should add up
        by_form, by_place = left, right
        where = CellRef(sub.file, _sheet_of(sub, right.cells[0]))
        if by_form.partial or by_place.partial:
            gaps = describe_gaps(replace(r, file="") for p in (by_form, by_place) if p.partial for r in p.empty)
            return issue(rule.partial_code, where, figures=cells, by_place=by_place.value, by_form=by_form.value,
                         gaps=gaps)
        return issue(rule.code, where, figures=cells, by_place=by_place.value, by_form=by_form.value)
    return issue(rule.code, sub.ref(left.cells[0]), what=text(rule.what), more=left.value, fewer=right.value,
                 figures=cells)


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


def _duplicates(subs: list[Submission]) -> list[Issue]:
    seen: dict[CommitteeId, Submission] = {}
    out = []
    for sub in subs:
        key = committee_of(sub)
        if key is None or not key.placed:
            continue  # no level or no province: an error of its own, not a second workbook of anyone
        if key in seen:
            first = seen[key]
            who = key.name.label
            out.append(issue("committee.duplicate", CellRef(sub.file), who=who, first=first.file, second=sub.file))
        else:
            seen[key] = sub
    return out


def missing_committees(subs: list[Submission], expected_districts: Iterable[str] = (),
                       scope: CommitteeId = NATIONAL) -> list[Issue]:
    """One warning naming the expected committees of `scope` (see roster.expected) with no workbook."""
    missing = [c.name.label for c in missing_from_roster((committee_of(s) for s in subs), scope, expected_districts)]
    if not missing:
        return []
    names = ", ".join(missing)
    return [issue("committee.missing", CellRef(str(text("part.expected_submissions"))), n=len(missing), names=names)]
