"""Applies the data contract's rules to the submissions of one year and lists every problem found."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from .contract import schema
from .contract.figures import RULES, Part, Rule, describe_gaps, form_part
from .contract.roster import NATIONAL, CommitteeId, Level, committee_of
from .contract.roster import missing as missing_from_roster
from .model.submission import CellRef, Issue, Submission, error, warning


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
            out.append(error(where, f"ຕ້ອງໃສ່ \"{row.lo}\"", f"\"{row.en}\" is required",
                             f"ໃສ່ {row.lo} ໃນແຜ່ນ {schema.SUBMISSION.title}", f"fill in {row.en} on sheet 1",
                             "value.required"))
    if year is not None and sub.year is not None and sub.year != year:
        out.append(error(sub.ref("year"), f"ປີລາຍງານແມ່ນ {sub.year}, ແຕ່ກຳລັງສ້າງບົດລາຍງານປີ {year}",
                         f"the reporting year is {sub.year}, but the report being built is for {year}",
                         f"ກວດປີໃນໄຟລ໌ ຫຼື ຍ້າຍໄຟລ໌ໄປໂຟນເດີຂອງປີ {sub.year}",
                         f"correct the year, or move the file to the folder for {sub.year}", "year.mismatch"))
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
            candidates = [(it.get(total_key), it.get(part_key), it.cell(part_key)) for it in sub.lists.get(sheet, [])]
        for total, part, where in candidates:
            if isinstance(total, int) and isinstance(part, int) and part > total:
                out.append(error(where, f"ຈຳນວນຍ່ອຍ ({part}) ຫຼາຍກວ່າຈຳນວນທັງໝົດ ({total})",
                                 f"the part ({part}) is larger than the total ({total})",
                                 "ກວດຄືນທັງສອງຕົວເລກ", "check both numbers", "pair.part_exceeds_total"))
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
            return warning(where, f"ຜູ້ຖືກເຄາະຮ້າຍຕາມສະຖານທີ່ ({by_place.value}) ບໍ່ເທົ່າກັບຕາມຮູບການ ({by_form.value}), "
                                  f"ແລະ ບາງຫ້ອງປະວ່າງ ({gaps}): ປຽບທຽບໄດ້ບໍ່ຄົບ",
                           f"victims by place ({by_place.value}) and by form ({by_form.value}) differ, and some "
                           f"cells are empty ({gaps}): they cannot be fully compared",
                           "ໃສ່ 0 ໃນຫ້ອງທີ່ບໍ່ມີ, ແລ້ວກວດແຜ່ນທີ 7 ແລະ 8", "enter 0 where there were none, then check "
                           "sheets 7 and 8", rule.partial_code, cells)
        return warning(where, f"ຜູ້ຖືກເຄາະຮ້າຍຕາມສະຖານທີ່ ({by_place.value}) ບໍ່ເທົ່າກັບຕາມຮູບການ ({by_form.value})",
                       f"victims by place ({by_place.value}) do not add up to victims by form ({by_form.value})",
                       "ກວດແຜ່ນທີ 7 ແລະ 8", "check sheets 7 and 8", rule.code, cells)
    a, b, sign = left.value, right.value, ">" if rule.op == "<=" else "≠"
    return warning(sub.ref(left.cells[0]), f"{rule.lo} ({a} {sign} {b})", f"{rule.en} ({a} {sign} {b})",
                   "ກວດຄືນຕົວເລກ (ຄະດີຈາກປີກ່ອນ?)", "check the numbers (cases from an earlier year?)", rule.code, cells)


def _lists(sub: Submission) -> list[Issue]:
    """An empty list sheet is "not reported" unless the committee said it has nothing to list; say which."""
    out = []
    for sheet in schema.SHEETS:
        if sheet.form:
            continue
        items, none = sub.lists.get(sheet.key), sub.none.get(sheet.key)
        where = sub.refs.get(f"{sheet.key}.none") or sub.refs.get(sheet.key) or CellRef(sub.file, sheet.title)
        if not items and not none:
            out.append(warning(where, f"ແຜ່ນ \"{sheet.title}\" ປະວ່າງ: ບົດລາຍງານຈະບອກວ່າ ບໍ່ໄດ້ລາຍງານ",
                               f"sheet \"{sheet.number} {sheet.en}\" is empty: the report will say \"not reported\"",
                               f"ໃສ່ລາຍການ, ຫຼື ເລືອກ \"ແມ່ນ\" ໃນຫ້ອງ \"{schema.NONE_LO}\" ຖ້າບໍ່ມີຫຍັງລາຍງານ",
                               f"fill in the list, or choose \"ແມ່ນ\" (yes) in \"{schema.NONE_EN}\" if there is nothing "
                               "to report", "list.not_reported"))
        elif items and none:
            out.append(warning(where, f"ເລືອກ \"{schema.NONE_LO}\" ແຕ່ມີ {len(items)} ລາຍການ: ລາຍການເຫຼົ່ານີ້ຢູ່ໃນບົດລາຍງານ",
                               f"\"{schema.NONE_EN}\" is chosen but the sheet lists {len(items)} items: the items are "
                               "in the report", f"ລຶບ \"ແມ່ນ\" ອອກຈາກຫ້ອງ {where.cell} ຖ້າລາຍການຖືກຕ້ອງ",
                               f"clear \"ແມ່ນ\" in {where.cell} if the items are right", "list.none_and_items"))
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
            out.append(error(CellRef(sub.file), f"ສອງໄຟລ໌ສຳລັບຄະນະກຳມະການດຽວກັນ ({who}): {first.file} ແລະ {sub.file}",
                             f"two workbooks for the same committee ({who}): {first.file} and {sub.file}",
                             "ເກັບໄວ້ພຽງໄຟລ໌ດຽວ (ສະບັບຫຼ້າສຸດ) ໃນໂຟນເດີ", "keep only one (the latest) in the folder",
                             "committee.duplicate"))
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
    return [warning(CellRef("ບົດລາຍງານທີ່ຄາດໄວ້ / expected submissions"),
                    f"ຍັງບໍ່ໄດ້ຮັບ {len(missing)} ສະບັບ: {names}", f"{len(missing)} not received yet: {names}",
                    "ບົດລາຍງານຈະລະບຸວ່າຍັງບໍ່ໄດ້ຮັບ; ຕິດຕາມຄະນະກຳມະການເຫຼົ່ານີ້",
                    "the report will list them as missing; follow up with these committees", "committee.missing")]
