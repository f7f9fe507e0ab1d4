"""Applies the data contract's rules to the submissions of one year and lists every problem found."""

from __future__ import annotations

from collections.abc import Iterable

from .contract import schema
from .contract.figures import form_part
from .contract.reference import DISTRICTS_BY_CODE, PROVINCES_BY_CODE
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
        needed = row.required or (row.key == "province" and sub.level in ("province", "district")) or (
            row.key == "district" and sub.level == "district")
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
            candidates = [(it.get(total_key), it.get(part_key), it.ref) for it in sub.lists.get(sheet, [])]
        for total, part, where in candidates:
            if isinstance(total, int) and isinstance(part, int) and part > total:
                out.append(error(where, f"ຈຳນວນຍ່ອຍ ({part}) ຫຼາຍກວ່າຈຳນວນທັງໝົດ ({total})",
                                 f"the part ({part}) is larger than the total ({total})",
                                 "ກວດຄືນທັງສອງຕົວເລກ", "check both numbers", "pair.part_exceeds_total"))
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
            out.append(warning(where, f"ຜູ້ຖືກເຄາະຮ້າຍຕາມສະຖານທີ່ ({by_place.value}) ບໍ່ເທົ່າກັບຕາມຮູບການ ({by_form.value}), "
                                      f"ແລະ ບາງຫ້ອງປະວ່າງ ({gaps}): ປຽບທຽບໄດ້ບໍ່ຄົບ",
                               f"victims by place ({by_place.value}) and by form ({by_form.value}) differ, and some "
                               f"cells are empty ({gaps}): they cannot be fully compared",
                               "ໃສ່ 0 ໃນຫ້ອງທີ່ບໍ່ມີ, ແລ້ວກວດແຜ່ນທີ 7 ແລະ 8", "enter 0 where there were none, then check "
                               "sheets 7 and 8", "victims.places_partial", cells))
        else:
            out.append(warning(where, f"ຜູ້ຖືກເຄາະຮ້າຍຕາມສະຖານທີ່ ({by_place.value}) ບໍ່ເທົ່າກັບຕາມຮູບການ ({by_form.value})",
                               f"victims by place ({by_place.value}) do not add up to victims by form ({by_form.value})",
                               "ກວດແຜ່ນທີ 7 ແລະ 8", "check sheets 7 and 8", "victims.places_mismatch", cells))
    for lower, upper, lo, en in (
        ("to_prosecutor", "investigated", "ຄະດີສົ່ງໄອຍະການ ຫຼາຍກວ່າຄະດີທີ່ສືບສວນ", "more cases sent to prosecutors than investigated"),
        ("convicted_cases", "court_decided", "ຄະດີທີ່ມີການລົງໂທດ ຫຼາຍກວ່າຄະດີທີ່ສານຕັດສິນ", "more cases with a conviction than decided"),
    ):
        a, b = c.get(f"cases.{lower}.total"), c.get(f"cases.{upper}.total")
        if a is not None and b is not None and a > b:
            out.append(warning(sub.ref(f"cases.{lower}.total"), f"{lo} ({a} > {b})", f"{en} ({a} > {b})",
                               "ກວດຄືນຕົວເລກ (ຄະດີຈາກປີກ່ອນ?)", "check the numbers (cases from an earlier year?)",
                               "cases.order", (f"cases.{lower}.total", f"cases.{upper}.total")))
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
            out.append(error(CellRef(sub.file), f"ສອງໄຟລ໌ສຳລັບຄະນະກຳມະການດຽວກັນ ({who}): {first.file} ແລະ {sub.file}",
                             f"two workbooks for the same committee ({who}): {first.file} and {sub.file}",
                             "ເກັບໄວ້ພຽງໄຟລ໌ດຽວ (ສະບັບຫຼ້າສຸດ) ໃນໂຟນເດີ", "keep only one (the latest) in the folder",
                             "committee.duplicate"))
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
    return [warning(CellRef("ບົດລາຍງານທີ່ຄາດໄວ້ / expected submissions"),
                    f"ຍັງບໍ່ໄດ້ຮັບ {len(missing)} ສະບັບ: {names}", f"{len(missing)} not received yet: {names}",
                    "ບົດລາຍງານຈະລະບຸວ່າຍັງບໍ່ໄດ້ຮັບ; ຕິດຕາມຄະນະກຳມະການເຫຼົ່ານີ້",
                    "the report will list them as missing; follow up with these committees", "committee.missing")]
