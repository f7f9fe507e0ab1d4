"""A synthetic national year for the benchmark: the national committee, 18 provinces and all 148 districts.

Every workbook is made from `reportgen init`'s own form (`forms.build_form`) and filled by key, with the
content pools of `scripts/make_example.py`, at the volume a full committee reports: about 30 achievements,
10 shortcomings, 10 plans, 5 lessons, every statistics cell, every awareness channel, training and budget,
with long Lao sentences (each achievement names its place, means and purpose). The figures are sample
data and every workbook says so. The output is deterministic: each file is seeded by its committee.

    python benchmarks/national.py [--out build/benchmark/inputs] [--year 2019]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
for _p in (ROOT / "src", ROOT / "scripts"):
    if str(_p) not in sys.path:
        sys.path.insert(0, str(_p))

import make_example as ex  # noqa: E402  (the example's content pools and statistics)
from reportgen.contract import schema  # noqa: E402
from reportgen.contract.reference import DISTRICTS, DISTRICTS_BY_CODE, PROVINCES, PROVINCES_BY_CODE  # noqa: E402
from reportgen.writers.xlsx.forms import Identity, build_form, save_bytes, set_item, set_value  # noqa: E402

#: Bumped whenever the output changes, so a cached data set is regenerated (see run.py).
VERSION = 1

#: How one piece of work was done — added to an achievement to make the long sentences committees write.
MEANS = [
    "ໂດຍສົມທົບກັບອຳນາດການປົກຄອງບ້ານ, ສະຫະພັນແມ່ຍິງ ແລະ ຊາວໜຸ່ມປະຊາຊົນປະຕິວັດລາວ",
    "ໂດຍນຳໃຊ້ພາສາຊົນເຜົ່າ ແລະ ຮູບແບບທີ່ເໝາະສົມກັບວັດທະນະທຳທ້ອງຖິ່ນ",
    "ໂດຍໄດ້ຮັບການສະໜັບສະໜູນດ້ານງົບປະມານ ແລະ ວິຊາການຈາກອົງການຈັດຕັ້ງສາກົນ",
    "ໂດຍມີພະນັກງານຈາກຂະແໜງການປ້ອງກັນຄວາມສະຫງົບ, ແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ ເຂົ້າຮ່ວມ",
    "ໂດຍແບ່ງອອກເປັນຫຼາຍຈຸດ ເພື່ອໃຫ້ເຂົ້າເຖິງປະຊາຊົນໃນເຂດຫ່າງໄກສອກຫຼີກ",
    "ຕາມແຜນການປະຈຳປີ ທີ່ຄະນະກຳມະການໄດ້ຮັບຮອງເອົາໃນກອງປະຊຸມຕົ້ນປີ",
]

#: What the work was for.
PURPOSES = [
    "ເພື່ອຍົກສູງຄວາມຮັບຮູ້ ແລະ ຄວາມເຂົ້າໃຈຂອງປະຊາຊົນ ກ່ຽວກັບອັນຕະລາຍຂອງການຄ້າມະນຸດ",
    "ເພື່ອປ້ອງກັນບໍ່ໃຫ້ແມ່ຍິງ ແລະ ເດັກ ຕົກເປັນເຫຍື່ອຂອງການຫຼອກລວງໄປເຮັດວຽກຢູ່ຕ່າງປະເທດ",
    "ເພື່ອໃຫ້ການສືບສວນ-ສອບສວນ ແລະ ການດຳເນີນຄະດີ ມີຄວາມວ່ອງໄວ ແລະ ຖືກຕ້ອງຕາມກົດໝາຍ",
    "ເພື່ອໃຫ້ຜູ້ຖືກເຄາະຮ້າຍໄດ້ຮັບການຊ່ວຍເຫຼືອຢ່າງທັນການ ແລະ ສາມາດເຊື່ອມໂຍງຄືນສູ່ສັງຄົມ",
    "ເພື່ອເສີມຂະຫຍາຍການປະສານງານລະຫວ່າງຂະແໜງການ ແລະ ລະຫວ່າງຂັ້ນສູນກາງກັບທ້ອງຖິ່ນ",
    "ເພື່ອຈັດຕັ້ງປະຕິບັດແຜນດຳເນີນງານແຫ່ງຊາດວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ໃຫ້ປະກົດຜົນເປັນຈິງ",
]

#: Where a shortcoming was felt most, or a plan will be carried out first.
FOCUS = [
    "ໂດຍສະເພາະຢູ່ບ້ານທີ່ຢູ່ຕິດກັບຊາຍແດນ ແລະ ບ້ານທີ່ມີແຮງງານເຄື່ອນຍ້າຍຫຼາຍ",
    "ໂດຍສະເພາະໃນລະດູການເກັບກ່ຽວ ເມື່ອຊາວໜຸ່ມອອກໄປຊອກວຽກເຮັດຢູ່ນອກບ້ານ",
    "ໂດຍສະເພາະໃນເຂດທີ່ການຄົມມະນາຄົມຫຍຸ້ງຍາກ ແລະ ບໍ່ມີສັນຍານໂທລະສັບ",
    "ໂດຍສະເພາະກັບກຸ່ມແມ່ຍິງ ແລະ ເດັກທີ່ອອກໂຮງຮຽນກ່ອນກຳນົດ",
]


def committees(year: int) -> list[Identity]:
    """The national committee, every province, and every district of the reference list."""
    out = [Identity("national", year, sample=True)]
    out += [Identity("province", year, p.code, sample=True) for p in PROVINCES]
    out += [Identity("district", year, d.province, d.code, sample=True) for d in DISTRICTS]
    return out


def _place(ident: Identity, rng: random.Random) -> str:
    if ident.level == "district":
        d = DISTRICTS_BY_CODE[ident.district]
        return f"ຢູ່ {rng.randint(3, 25)} ບ້ານ ຂອງເມືອງ{d.lo}"
    if ident.level == "province":
        p = PROVINCES_BY_CODE[ident.province]
        return f"ຢູ່ {rng.randint(2, 9)} ເມືອງ ຂອງ{'' if p.code == 'LA-VT' else 'ແຂວງ'}{p.lo}"
    return f"ຢູ່ {rng.randint(4, 18)} ແຂວງ ໃນທົ່ວປະເທດ"


def fill(ident: Identity, year: int) -> bytes:
    """One committee's workbook, filled at full volume."""
    rng = random.Random(f"benchmark/{year}/{ident.file_stem}")
    wb = build_form(ident)
    level = ident.level
    scale = {"national": 2.5, "province": 1.0, "district": 0.35}[level]
    set_value(wb, "submission", "date_prepared", "value", dt.date(year + 1, 1, rng.randint(8, 24)))
    set_value(wb, "submission", "prepared_name", "value", ex._person(rng))
    set_value(wb, "submission", "prepared_position", "value", "ຫົວໜ້າກອງເລຂາຄະນະກຳມະການ")
    set_value(wb, "submission", "prepared_phone", "value", f"020 {rng.randint(2200, 9999)} {rng.randint(1000, 9999)}")
    set_value(wb, "submission", "approved_name", "value", ex._person(rng))
    set_value(wb, "submission", "approved_position", "value", "ປະທານຄະນະກຳມະການ")
    set_value(wb, "submission", "established", "value", ex.YES)
    set_value(wb, "submission", "decision_number", "value", f"{rng.randint(10, 480)}/ຈຂ")
    set_value(wb, "submission", "decision_date", "value", dt.date(year - 1, rng.randint(1, 12), rng.randint(1, 28)))
    members = {"national": 21, "province": rng.randint(11, 17), "district": rng.randint(7, 11)}[level]
    set_value(wb, "submission", "members_total", "value", members)
    set_value(wb, "submission", "members_women", "value", rng.randint(2, members // 3))

    highlights = {"national": 5, "province": 3, "district": 1}[level]
    for i in range(rng.randint(28, 32)):
        area, text, unit = rng.choice(ex.ACHIEVEMENTS)
        values: dict[str, object] = {
            "area": ex.AREA[area],
            "description": f"{text} {_place(ident, rng)}, {rng.choice(MEANS)}, {rng.choice(PURPOSES)}",
            "period": rng.choice(ex.TIMEFRAMES),
            "place": _place(ident, rng),
            "partners": rng.choice(["ສະຫະພັນແມ່ຍິງ", "ຊາວໜຸ່ມ", "ພະແນກແຮງງານ", "ປກສ", "IOM", "UNICEF"]),
            "highlight": ex.YES if i < highlights else ex.NO,
        }
        if unit:
            values["quantity"] = rng.randint(2, 40) * (3 if level == "national" else 1)
            values["unit"] = unit
        set_item(wb, "achievements", i, values)
    for i in range(10):
        area, text, cause, remedy = rng.choice(ex.SHORTCOMINGS)
        set_item(wb, "shortcomings", i, {"area": ex.AREA[area], "description": f"{text}, {rng.choice(FOCUS)}",
                                         "cause": cause, "remedy": remedy})
    for i, lesson in enumerate(rng.sample(ex.LESSONS, len(ex.LESSONS))):
        set_item(wb, "lessons", i, {"lesson": lesson})
    for i in range(10):
        area, activity, target, responsible = rng.choice(ex.PLANS)
        set_item(wb, "plans", i, {"area": ex.AREA[area], "activity": f"{activity}, {rng.choice(FOCUS)}",
                                  "target": target, "responsible": responsible, "timeframe": rng.choice(ex.TIMEFRAMES)})

    stats = ex._stats(rng, scale, True)
    for sheet_key, rows in stats.items():
        for row_key, cols in rows.items():
            for col_key, value in cols.items():
                set_value(wb, sheet_key, row_key, col_key, value)
    if stats["victim_places"]["other"]["total"]:
        set_value(wb, "victim_places", "other", "name", "ມຽນມາ")
    for i, ch in enumerate(schema.CHANNELS):
        reached = rng.randint(80, 2500) * (4 if level == "national" else 1)
        set_item(wb, "awareness", i, {"channel": ch.lo, "topic": rng.choice(ex.TOPICS),
                                      "activities": rng.randint(1, 12), "reached_total": reached,
                                      "reached_women": rng.randint(reached // 3, reached * 2 // 3)})
    for i, (topic, group) in enumerate(rng.sample(ex.TRAININGS, 6)):
        total = rng.randint(15, 60)
        set_item(wb, "training", i, {"topic": topic, "target_group": schema.option_label("target_group", group),
                                     "courses": rng.randint(1, 3), "participants_total": total,
                                     "participants_women": rng.randint(total // 5, total // 2)})
    partners = ex.COOPERATION if level == "national" else rng.sample(ex.COOPERATION, 3 if level == "province" else 1)
    for i, (partner, kind, activity) in enumerate(partners):
        set_item(wb, "cooperation", i, {"partner": partner, "type": schema.option_label("cooperation_type", kind),
                                        "activity": activity, "date": f"{rng.randint(1, 12):02d}/{year}"})
    set_value(wb, "budget", "government", "total", rng.choice([30, 60, 150, 200, 300]) * 1_000_000 * (3 if level == "national" else 1))
    set_value(wb, "budget", "external", "total", rng.choice([0, 20, 50, 120]) * 1_000_000)
    return save_bytes(wb)


def _write(job: tuple[Identity, int, Path]) -> None:
    ident, year, out = job
    (out / f"{ident.file_stem}.xlsx").write_bytes(fill(ident, year))


def generate(out: Path, year: int = 2019, workers: int = 2) -> list[Path]:
    """Write the 167 workbooks into `out` (emptied of .xlsx first); return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.xlsx"):
        old.unlink()
    idents = committees(year)
    jobs = [(ident, year, out) for ident in idents]
    if workers > 1:
        with ProcessPoolExecutor(workers) as pool:
            list(pool.map(_write, jobs, chunksize=4))
    else:
        for job in jobs:
            _write(job)
    return sorted(out / f"{i.file_stem}.xlsx" for i in idents)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "benchmark" / "inputs")
    ap.add_argument("--year", type=int, default=2019)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args()
    paths = generate(args.out, args.year, args.workers)
    print(f"wrote {len(paths)} workbooks to {args.out}")


if __name__ == "__main__":
    main()
