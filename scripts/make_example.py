"""Writes the example year (2019) into inputs/: the national form, 18 provinces and 28 districts; and the
year before it (2018) as the data.json a build of its workbooks writes, for the example to compare with.

Every workbook is made from `reportgen init`'s own forms and filled by key, so the example cannot drift
from the schema; the figures are sample data (not real statistics) and every workbook says so. The
output is deterministic: running this twice gives byte-identical files (tests check the committed files
against it).

    python scripts/make_example.py [--out inputs] [--year 2019]
    python scripts/make_example.py --previous [--out examples/2018/data.json]   # the 2018 workbooks, built

The 2018 workbooks are made the same way (another year, other random figures in the same ranges), built
in a temporary folder and not kept: only their data.json is shipped, as `previous` in reportgen.toml. To see
them, `python scripts/make_example.py --year 2018 --out somewhere/inputs`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
from pathlib import Path

from reportgen.contract import schema
from reportgen.contract.reference import DISTRICTS, PROVINCES, districts_of
from reportgen.writers.xlsx.forms import Identity, build_form, save_bytes, set_item, set_none, set_value

AREA = {o.key: o.lo for o in schema.AREAS}
YES, NO = "ແມ່ນ", "ບໍ່ແມ່ນ"
ESTABLISHED = schema.option_label("established", "yes")  # "ສ້າງຕັ້ງແລ້ວ", as the form's list offers it
#: Achievements whose quantity the example must not make up: a quarterly meeting is held at most 4 times a year,
#: and the cases sent to the prosecutors are the committee's own figure on sheet 6.
QUARTERLY = "ຈັດກອງປະຊຸມປະຈຳໄຕມາດຂອງຄະນະກຳມະການ ເພື່ອຕິດຕາມ ແລະ ປະເມີນຜົນການຈັດຕັ້ງປະຕິບັດວຽກງານ"
TO_PROSECUTOR = "ສືບສວນ-ສອບສວນ ແລະ ສຳເລັດສຳນວນຄະດີຄ້າມະນຸດ ສົ່ງໃຫ້ອົງການໄອຍະການປະຊາຊົນ"

#: (area, description, unit or None) — achievements a committee at any level might report.
ACHIEVEMENTS = [
    ("organisation", QUARTERLY, "ຄັ້ງ"),
    ("organisation", "ແບ່ງຄວາມຮັບຜິດຊອບໃຫ້ແຕ່ລະຂະແໜງການທີ່ເປັນສະມາຊິກຂອງຄະນະກຳມະການ ຢ່າງຈະແຈ້ງ", None),
    ("organisation", "ປະສານງານກັບອຳນາດການປົກຄອງບ້ານ ໃນການຕິດຕາມກຸ່ມສ່ຽງ ແລະ ແຮງງານທີ່ເຄື່ອນຍ້າຍໄປຕ່າງປະເທດ", "ບ້ານ"),
    ("legislation", "ເຜີຍແຜ່ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ ແລະ ດຳລັດວ່າດ້ວຍການຈັດຕັ້ງ ແລະ ການເຄື່ອນໄຫວຂອງຄະນະກຳມະການ ໃຫ້ພະນັກງານທຸກຂັ້ນ", "ຄົນ"),
    ("legislation", "ປະກອບຄຳເຫັນໃສ່ຮ່າງຂໍ້ແນະນຳແຫ່ງຊາດ ກ່ຽວກັບການປົກປ້ອງ ແລະ ການສົ່ງຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ", None),
    ("prevention", "ໂຄສະນາເຜີຍແຜ່ຄວາມຮູ້ກ່ຽວກັບອັນຕະລາຍຂອງການຄ້າມະນຸດ ໃຫ້ປະຊາຊົນໃນບ້ານເປົ້າໝາຍ", "ບ້ານ"),
    ("prevention", "ຈັດລາຍການວິທະຍຸ ກ່ຽວກັບການເຄື່ອນຍ້າຍແຮງງານທີ່ຖືກຕ້ອງຕາມກົດໝາຍ ແລະ ວິທີປ້ອງກັນຕົນເອງ", "ຄັ້ງ"),
    ("prevention", "ແຈກຢາຍໂປສເຕີ ແລະ ໃບປິວ ຢູ່ດ່ານຊາຍແດນ, ສະຖານີລົດເມ ແລະ ຕະຫຼາດ", "ແຜ່ນ"),
    ("prevention", "ໂຄສະນາໃນໂຮງຮຽນມັດທະຍົມ ກ່ຽວກັບວິທີປ້ອງກັນຕົນເອງຈາກການຖືກຫຼອກລວງໄປເຮັດວຽກ", "ແຫ່ງ"),
    ("prosecution", TO_PROSECUTOR, "ຄະດີ"),
    ("prosecution", "ປະສານສົມທົບກັບເຈົ້າໜ້າທີ່ດ່ານຊາຍແດນ ສະກັດກັ້ນການນຳພາຄົນຂ້າມແດນແບບຜິດກົດໝາຍ", "ຄັ້ງ"),
    ("prosecution", "ກວດກາສະຖານບັນເທີງ ແລະ ບ່ອນພັກເຊົາ ທີ່ມີຄວາມສ່ຽງຕໍ່ການຂູດຮີດທາງເພດ", "ແຫ່ງ"),
    ("protection", "ຮັບຜູ້ຖືກເຄາະຮ້າຍເຂົ້າສູນປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອ ເພື່ອໃຫ້ຄຳປຶກສາ ແລະ ປິ່ນປົວສຸຂະພາບ", "ຄົນ"),
    ("protection", "ສົ່ງຜູ້ຖືກເຄາະຮ້າຍກັບຄືນສູ່ຄອບຄົວ ແລະ ຕິດຕາມການເຊື່ອມໂຍງຄືນສູ່ຊຸມຊົນ", "ຄົນ"),
    ("protection", "ຮ່ວມກັບສະຫະພັນແມ່ຍິງ ສະໜອງການຝຶກອາຊີບໃຫ້ຜູ້ຖືກເຄາະຮ້າຍ", "ຄົນ"),
    ("cooperation", "ຮ່ວມມືກັບເຈົ້າໜ້າທີ່ຝ່າຍໄທ ໃນການຮັບຜູ້ຖືກເຄາະຮ້າຍກັບຄືນປະເທດ", "ຄົນ"),
    ("cooperation", "ເຂົ້າຮ່ວມກອງປະຊຸມຮ່ວມມືສອງຝ່າຍ ລາວ-ສປ ຈີນ ກ່ຽວກັບການຕ້ານການຄ້າມະນຸດ", None),
]

#: (area, shortcoming, cause, remedy)
SHORTCOMINGS = [
    ("organisation", "ການປະສານງານລະຫວ່າງຂະແໜງການ ຍັງບໍ່ທັນເປັນປົກກະຕິ",
     "ຄະນະກຳມະການຫາກໍ່ສ້າງຕັ້ງ ແລະ ສະມາຊິກສ່ວນຫຼາຍເຮັດວຽກນີ້ເປັນວຽກສຳຮອງ",
     "ກຳນົດກອງປະຊຸມປະສານງານປະຈຳເດືອນ ແລະ ມອບໝາຍຈຸດປະສານງານໃນແຕ່ລະຂະແໜງການ"),
    ("organisation", "ການລາຍງານຂໍ້ມູນຈາກລະດັບເມືອງຂຶ້ນມາລະດັບແຂວງ ຍັງຊັກຊ້າ ແລະ ບໍ່ຄົບຖ້ວນ",
     "ຍັງຂາດແບບຟອມລາຍງານທີ່ເປັນເອກະພາບ ແລະ ພະນັກງານຮັບຜິດຊອບສະເພາະ",
     "ນຳໃຊ້ແບບຟອມລາຍງານດຽວກັນທົ່ວປະເທດ ແລະ ຝຶກອົບຮົມພະນັກງານຮັບຜິດຊອບ"),
    ("prevention", "ການໂຄສະນາເຜີຍແຜ່ຍັງບໍ່ທົ່ວເຖິງ ໂດຍສະເພາະເຂດຫ່າງໄກສອກຫຼີກ",
     "ງົບປະມານ ແລະ ພາຫະນະຍັງມີຈຳກັດ", "ສົມທົບກັບອຳນາດການປົກຄອງບ້ານ ແລະ ສື່ມວນຊົນທ້ອງຖິ່ນ"),
    ("prosecution", "ການເກັບກຳຫຼັກຖານໃນຄະດີທີ່ມີລັກສະນະຂ້າມຊາດ ຍັງມີຄວາມຫຍຸ້ງຍາກ",
     "ການແລກປ່ຽນຂໍ້ມູນກັບຕ່າງປະເທດຍັງຊັກຊ້າ", "ຍົກສູງການຮ່ວມມືສອງຝ່າຍ ແລະ ຈຸດປະສານງານຕາມຊາຍແດນ"),
    ("protection", "ສະຖານທີ່ພັກເຊົາຊົ່ວຄາວສຳລັບຜູ້ຖືກເຄາະຮ້າຍ ຍັງບໍ່ພຽງພໍ",
     "ງົບປະມານສຳລັບການຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍຍັງມີຈຳກັດ",
     "ສະເໜີງົບປະມານ ແລະ ຊອກຫາການສະໜັບສະໜູນຈາກພາກສ່ວນຕ່າງໆ"),
    ("protection", "ການຕິດຕາມຜູ້ຖືກເຄາະຮ້າຍ ພາຍຫຼັງກັບຄືນສູ່ຊຸມຊົນ ຍັງບໍ່ສະໝ່ຳສະເໝີ",
     "ພະນັກງານສັງຄົມຂັ້ນເມືອງມີໜ້ອຍ", "ມອບໝາຍໃຫ້ອຳນາດການປົກຄອງບ້ານຕິດຕາມ ແລະ ລາຍງານ"),
    ("cooperation", "ການແລກປ່ຽນຂໍ້ມູນກັບແຂວງຊາຍແດນຂອງປະເທດເພື່ອນບ້ານ ຍັງມີໜ້ອຍ",
     "ຍັງບໍ່ທັນມີກົນໄກປະສານງານປະຈຳ", "ສ້າງກົນໄກພົບປະປະຈຳປີກັບແຂວງຊາຍແດນ"),
]

LESSONS = [
    "ການຊີ້ນຳຢ່າງໃກ້ຊິດຂອງຄະນະພັກ ແລະ ອຳນາດການປົກຄອງທ້ອງຖິ່ນ ແມ່ນປັດໄຈສຳຄັນຂອງຜົນສຳເລັດ",
    "ການປະສານງານຢ່າງເປັນລະບົບລະຫວ່າງຂະແໜງການ ຊ່ວຍໃຫ້ການແກ້ໄຂຄະດີວ່ອງໄວຂຶ້ນ",
    "ການໂຄສະນາທີ່ນຳໃຊ້ພາສາ ແລະ ວັດທະນະທຳທ້ອງຖິ່ນ ເຂົ້າເຖິງປະຊາຊົນໄດ້ດີກວ່າ",
    "ການມີສ່ວນຮ່ວມຂອງອຳນາດການປົກຄອງບ້ານ ຊ່ວຍໃຫ້ກວດພົບກຸ່ມສ່ຽງໄດ້ແຕ່ເນີ່ນໆ",
    "ການຮ່ວມມືກັບອົງການຈັດຕັ້ງສາກົນ ຊ່ວຍເພີ່ມຄວາມສາມາດຂອງພະນັກງານ ແລະ ການຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ",
]

#: (area, activity, target, responsible)
PLANS = [
    ("organisation", "ສ້າງຕັ້ງຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບເມືອງ ໃຫ້ຄົບທຸກເມືອງ", "ທຸກເມືອງມີຄະນະກຳມະການ",
     "ຫ້ອງວ່າການປົກຄອງແຂວງ"),
    ("legislation", "ເຜີຍແຜ່ກົດໝາຍ ແລະ ນິຕິກຳໃໝ່ ໃຫ້ພະນັກງານຂັ້ນເມືອງ ແລະ ຂັ້ນບ້ານ", "ພະນັກງານທຸກເມືອງໄດ້ຮັບການເຜີຍແຜ່",
     "ພະແນກຍຸຕິທຳ"),
    ("prevention", "ສືບຕໍ່ໂຄສະນາເຜີຍແຜ່ ຢູ່ບ້ານທີ່ມີຄວາມສ່ຽງສູງ ແລະ ໂຮງຮຽນ", "ບ້ານເປົ້າໝາຍທັງໝົດ",
     "ພະແນກຖະແຫຼງຂ່າວ, ວັດທະນະທຳ ແລະ ທ່ອງທ່ຽວ"),
    ("prosecution", "ຍົກສູງຄວາມສາມາດຂອງພະນັກງານສືບສວນ-ສອບສວນຄະດີຄ້າມະນຸດ", "ພະນັກງານສືບສວນທຸກຄົນໄດ້ຮັບການຝຶກອົບຮົມ",
     "ກອງບັນຊາການປ້ອງກັນຄວາມສະຫງົບ"),
    ("protection", "ຍົກລະດັບການຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ ຕາມຂໍ້ແນະນຳແຫ່ງຊາດວ່າດ້ວຍການປົກປ້ອງ ແລະ ສົ່ງຕໍ່",
     "ຜູ້ຖືກເຄາະຮ້າຍທຸກຄົນໄດ້ຮັບການຊ່ວຍເຫຼືອ", "ພະແນກແຮງງານ ແລະ ສະຫວັດດີການສັງຄົມ"),
    ("cooperation", "ສືບຕໍ່ຮ່ວມມືກັບແຂວງຊາຍແດນຂອງປະເທດເພື່ອນບ້ານ", "ກອງປະຊຸມຮ່ວມມືປະຈຳປີ", "ພະແນກການຕ່າງປະເທດ"),
]
TIMEFRAMES = ["ໄຕມາດ 1", "ໄຕມາດ 2", "ໄຕມາດ 3", "ໄຕມາດ 4", "ຕະຫຼອດປີ"]

#: (topic, target group key)
TRAININGS = [
    ("ການກຳນົດຕົວ ແລະ ການສົ່ງຕໍ່ຜູ້ຖືກເຄາະຮ້າຍ", "police"),
    ("ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ", "local"),
    ("ເຕັກນິກການສືບສວນ-ສອບສວນຄະດີຄ້າມະນຸດ", "police"),
    ("ການກວດກາເອກະສານ ແລະ ການສະກັດກັ້ນຢູ່ດ່ານຊາຍແດນ", "border"),
    ("ການເຄື່ອນຍ້າຍແຮງງານທີ່ປອດໄພ", "labour"),
    ("ການດຳເນີນຄະດີ ແລະ ການພິຈາລະນາຕັດສິນຄະດີຄ້າມະນຸດ", "prosecutors"),
    ("ການປົກປ້ອງສິດຂອງຜູ້ຖືກເຄາະຮ້າຍໃນຂະບວນການຍຸຕິທຳ", "judges"),
    ("ບົດບາດຂອງຊຸມຊົນໃນການປ້ອງກັນການຄ້າມະນຸດ", "community"),
]

#: (partner, type key, activity) — national committee and border provinces
COOPERATION = [
    ("ໄທ", "bilateral", "ກອງປະຊຸມປະຈຳປີ ລາວ-ໄທ ກ່ຽວກັບການຮ່ວມມືຕ້ານການຄ້າມະນຸດ"),
    ("ສປ ຈີນ", "bilateral", "ແລກປ່ຽນຂໍ້ມູນ ແລະ ຮັບຜູ້ຖືກເຄາະຮ້າຍກັບຄືນປະເທດ"),
    ("ຫວຽດນາມ", "bilateral", "ປະສານງານການສົ່ງຜູ້ຖືກເຄາະຮ້າຍກັບຄືນ ຕາມດ່ານຊາຍແດນ"),
    ("ກຳປູເຈຍ-ລາວ-ຫວຽດນາມ", "regional", "ກອງປະຊຸມຮ່ວມມືສາມຝ່າຍ ວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ"),
    ("UNODC", "international", "ຝຶກອົບຮົມການສືບສວນຄະດີຄ້າມະນຸດ ໃຫ້ພະນັກງານຕຳຫຼວດ"),
    ("IOM", "international", "ສະໜັບສະໜູນການຊ່ວຍເຫຼືອ ແລະ ການສົ່ງຜູ້ຖືກເຄາະຮ້າຍກັບຄືນ"),
    ("World Vision", "ngo", "ໂຄສະນາປ້ອງກັນການຄ້າມະນຸດໃນໂຮງຮຽນ"),
]
BORDER = {"thailand": ["LA-VT", "LA-VI", "LA-BK", "LA-XA", "LA-BL", "LA-KH", "LA-SV", "LA-SL", "LA-CH"],
          "china": ["LA-PH", "LA-LM", "LA-OU", "LA-BK"], "vietnam": ["LA-HO", "LA-XI", "LA-KH", "LA-SV", "LA-AT"]}

TOPICS = ["ອັນຕະລາຍຂອງການຄ້າມະນຸດ", "ການເຄື່ອນຍ້າຍແຮງງານທີ່ປອດໄພ", "ສິດທິຂອງແມ່ຍິງ ແລະ ເດັກ",
          "ກົດໝາຍວ່າດ້ວຍການຕ້ານການຄ້າມະນຸດ"]
GIVEN = ["ສົມພອນ", "ບຸນມີ", "ຄຳແພງ", "ວັນນະສອນ", "ສີສຸກ", "ພອນສະຫວັນ", "ບົວສອນ", "ສຸກສະຫວັນ", "ແສງເດືອນ", "ມະນີວອນ",
         "ທອງດີ", "ຈັນທະລາ"]
FAMILY = ["ພົມມະຈັນ", "ສີຫາລາດ", "ແກ້ວມະນີ", "ວົງສະຫວັນ", "ຈັນທະວົງ", "ສຸລິຍະ", "ພັນທະວົງ", "ອິນທະວົງ", "ໄຊຍະວົງ"]


def example_districts() -> list[str]:
    """28 district committees: the first district of every province, and a second one in the ten largest."""
    codes = [districts_of(p.code)[0].code for p in PROVINCES]
    largest = sorted(PROVINCES, key=lambda p: (-p.district_count, p.number))[:10]
    codes += [districts_of(p.code)[1].code for p in largest]
    return sorted(codes)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def _stats(rng: random.Random, scale: float, full: bool) -> dict[str, dict[str, int | None]]:
    """Figures for one committee, consistent with the data contract's rules."""
    def n(lo: int, hi: int) -> int:
        return int(round(rng.randint(lo, hi) * scale))

    received = n(2, 9)
    investigated = min(received, n(1, 7))
    to_prosecutor = min(investigated, n(0, 5))
    court = min(to_prosecutor, n(0, 4))
    convicted_cases = min(court, n(0, 4))
    suspects = n(1, 9)
    convicted = min(suspects, n(0, 6)) if convicted_cases else 0
    cases = {
        "received": {"total": received}, "investigated": {"total": investigated},
        "to_prosecutor": {"total": to_prosecutor}, "court_decided": {"total": court},
        "convicted_cases": {"total": convicted_cases},
        "suspects": {"total": suspects, "women": rng.randint(0, suspects // 2), "foreign": rng.randint(0, suspects // 3)},
        "convicted": {"total": convicted, "women": rng.randint(0, convicted // 2)},
        "fines": {"total": convicted_cases * rng.choice([5, 10, 20, 50]) * 1_000_000 if full else None},
        "assets": {"total": convicted_cases * rng.choice([0, 2, 15, 30]) * 1_000_000 if full else None},
    }
    victims = {}
    total_victims = 0
    for r in schema.VICTIMS.rows:
        weights = {"sexual": (2, 1, 0, 0), "labour": (2, 1, 2, 1), "marriage": (2, 1, 0, 0),
                   "pregnancy": (1, 0, 0, 0), "other": (1, 0, 0, 0)}[r.key]
        row = {k: n(0, w * 3) for k, w in zip(("women", "girls", "men", "boys"), weights, strict=True)}
        row["foreign"] = rng.randint(0, sum(row.values()) // 4)
        total_victims += sum(row[k] for k in ("women", "girls", "men", "boys"))
        victims[r.key] = row
    places = {"domestic": 0, "thailand": 0, "china": 0, "malaysia": 0, "vietnam": 0, "other": 0}
    for _ in range(total_victims):
        places[rng.choices(list(places), weights=(2, 6, 3, 1, 1, 1))[0]] += 1
    female = sum(victims[r]["women"] + victims[r]["girls"] for r in victims)
    assistance = {}
    for r in schema.ASSISTANCE.rows:
        t = rng.randint(total_victims // 2, total_victims) if total_victims else 0
        assistance[r.key] = {"total": t, "women": min(t, rng.randint(t // 2, t), female)}
    return {"cases": cases, "victims": victims, "victim_places": {k: {"total": v} for k, v in places.items()},
            "assistance": assistance}


def fill(ident: Identity, rng: random.Random, year: int) -> bytes:
    wb = build_form(ident)
    level = ident.level
    scale = {"national": 2.5, "province": 1.0, "district": 0.35}[level]
    full = level != "district" or rng.random() < 0.6  # some districts leave fines and assets empty
    set_value(wb, "submission", "date_prepared", "value", dt.date(year + 1, 1, rng.randint(8, 24)))
    set_value(wb, "submission", "prepared_name", "value", _person(rng))
    set_value(wb, "submission", "prepared_position", "value", "ຫົວໜ້າກອງເລຂາຄະນະກຳມະການ")
    set_value(wb, "submission", "prepared_phone", "value", f"020 {rng.randint(2200, 9999)} {rng.randint(1000, 9999)}")
    set_value(wb, "submission", "approved_name", "value", _person(rng))
    set_value(wb, "submission", "approved_position", "value",
              {"national": "ຮອງປະທານຄະນະກຳມະການ", "province": "ຮອງເຈົ້າແຂວງ, ປະທານຄະນະກຳມະການ",
               "district": "ຮອງເຈົ້າເມືອງ, ປະທານຄະນະກຳມະການ"}[level])
    set_value(wb, "submission", "established", "value", ESTABLISHED)
    set_value(wb, "submission", "decision_number", "value", f"{rng.randint(10, 480)}/{'ນຍ' if level == 'national' else 'ຈຂ' if level == 'province' else 'ຈມ'}")
    set_value(wb, "submission", "decision_date", "value", dt.date(year - (1 if level != "district" else 0),
                                                                 rng.randint(1, 12), rng.randint(1, 28)))
    members = {"national": 21, "province": rng.randint(11, 17), "district": rng.randint(7, 11)}[level]
    set_value(wb, "submission", "members_total", "value", members)
    set_value(wb, "submission", "members_women", "value", rng.randint(2, members // 3))

    n_ach = {"national": 9, "province": 5, "district": 3}[level]
    chosen = rng.sample(ACHIEVEMENTS, n_ach)
    sent_to_prosecutor: tuple[int, dict] | None = None
    for i, (area, text, unit) in enumerate(chosen):
        values: dict[str, object] = {"area": AREA[area], "description": text,
                                     "period": rng.choice(["ໄຕມາດ 1", "ໄຕມາດ 2", "ໄຕມາດ 3", "ໄຕມາດ 4", "ຕະຫຼອດປີ"])}
        if unit:
            values["quantity"] = rng.randint(2, 40) * (3 if level == "national" else 1)
            values["unit"] = unit
        if level != "district" and i < (3 if level == "national" else 1):
            values["highlight"] = YES
        else:
            values["highlight"] = NO
        if text == QUARTERLY:  # four meetings, one a quarter, through the year
            values["quantity"], values["period"] = 4, "ຕະຫຼອດປີ"
        if text == TO_PROSECUTOR:
            sent_to_prosecutor = (i, values)  # its quantity is sheet 6's, once the statistics are drawn
        set_item(wb, "achievements", i, values)
    for i, (area, text, cause, remedy) in enumerate(rng.sample(SHORTCOMINGS, 2 if level != "district" else 1)):
        set_item(wb, "shortcomings", i, {"area": AREA[area], "description": text, "cause": cause, "remedy": remedy})
    for i, lesson in enumerate(rng.sample(LESSONS, 2 if level != "district" else 1)):
        set_item(wb, "lessons", i, {"lesson": lesson})
    if level != "district":
        for i, (area, activity, target, responsible) in enumerate(rng.sample(PLANS, 3 if level == "province" else 6)):
            set_item(wb, "plans", i, {"area": AREA[area], "activity": activity, "target": target,
                                      "responsible": responsible, "timeframe": rng.choice(TIMEFRAMES)})

    stats = _stats(rng, scale, full)
    if sent_to_prosecutor:
        i, values = sent_to_prosecutor
        values["quantity"] = stats["cases"]["to_prosecutor"]["total"]
        if not values["quantity"]:  # none sent: the item says what was done, with no count
            values["quantity"] = values["unit"] = None
        set_item(wb, "achievements", i, values)
    for sheet_key, rows in stats.items():
        for row_key, cols in rows.items():
            for col_key, value in cols.items():
                if value is not None:
                    set_value(wb, sheet_key, row_key, col_key, value)
    if stats["victim_places"]["other"]["total"]:
        set_value(wb, "victim_places", "other", "name", "ມຽນມາ")

    channels = rng.sample(schema.CHANNELS, {"national": 6, "province": 4, "district": 2}[level])
    for i, ch in enumerate(channels):
        reached = rng.randint(80, 2500) * (4 if level == "national" else 1)
        set_item(wb, "awareness", i, {"channel": ch.lo, "topic": rng.choice(TOPICS),
                                      "activities": rng.randint(1, 12), "reached_total": reached,
                                      "reached_women": rng.randint(reached // 3, reached * 2 // 3)})
    for i, (topic, group) in enumerate(rng.sample(TRAININGS, {"national": 4, "province": 2, "district": 1}[level])):
        total = rng.randint(15, 60)
        set_item(wb, "training", i, {"topic": topic, "target_group": schema.option_label("target_group", group),
                                     "courses": rng.randint(1, 3), "participants_total": total,
                                     "participants_women": rng.randint(total // 5, total // 2)})
    if level == "national":
        partners = COOPERATION
    elif level == "province":
        partners = [c for c in COOPERATION[:3] if ident.province in BORDER[{"ໄທ": "thailand", "ສປ ຈີນ": "china",
                                                                           "ຫວຽດນາມ": "vietnam"}[c[0]]]]
    else:
        partners = []
    for i, (partner, kind, activity) in enumerate(partners):
        set_item(wb, "cooperation", i, {"partner": partner, "type": schema.option_label("cooperation_type", kind),
                                        "activity": activity, "date": f"{rng.randint(1, 12):02d}/{year}"})
    if not partners:
        set_none(wb, "cooperation")  # nothing to list, said so: not the same as a sheet left empty
    if level == "district":
        set_none(wb, "plans")
    if level != "district":
        set_value(wb, "budget", "government", "total", rng.choice([150, 200, 300]) * 1_000_000 * (3 if level == "national" else 1))
        set_value(wb, "budget", "external", "total", rng.choice([0, 50, 120]) * 1_000_000)
    return save_bytes(wb)


def committees(year: int) -> list[Identity]:
    out = [Identity("national", year, sample=True)]
    out += [Identity("province", year, p.code, sample=True) for p in PROVINCES]
    out += [Identity("district", year, next(d for d in DISTRICTS if d.code == c).province, c, sample=True)
            for c in example_districts()]
    return out


EXAMPLE_YEAR = 2019
ROOT = Path(__file__).resolve().parents[1]
PREVIOUS_JSON = ROOT / "examples" / str(EXAMPLE_YEAR - 1) / "data.json"


def write_year(out: Path, year: int) -> int:
    """The example workbooks of `year` in `out` (replacing the .xlsx files there); how many."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.xlsx"):
        old.unlink()
    idents = committees(year)
    for ident in idents:
        rng = random.Random(f"{year}/{ident.file_stem}")
        (out / f"{ident.file_stem}.xlsx").write_bytes(fill(ident, rng, year))
    return len(idents)


def previous_data_json(year: int = EXAMPLE_YEAR - 1) -> bytes:
    """The data.json `reportgen build` writes for the example workbooks of `year`, built in a temporary project
    folder (its workbooks named inputs/…, as in any secretariat's folder)."""
    from reportgen.aggregate import aggregate
    from reportgen.pipeline import check_folder
    from reportgen.writers.xlsx.data import write_data_json

    here = Path.cwd()
    with tempfile.TemporaryDirectory() as tmp:
        write_year(Path(tmp) / "inputs", year)
        os.chdir(tmp)
        try:
            result = check_folder(Path("inputs"), year, workers=1)
        finally:
            os.chdir(here)
    if result.errors:
        raise SystemExit("\n".join(i.format() for i in result.errors))
    return write_data_json(aggregate(result.submissions, year, warnings=result.warnings))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="folder of the workbooks (default: inputs/), or with --previous the "
                                             "data.json to write (default: examples/2018/data.json)")
    ap.add_argument("--year", type=int, default=EXAMPLE_YEAR)
    ap.add_argument("--previous", action="store_true", help="write the data.json of the year before the example")
    args = ap.parse_args()
    if args.previous:
        out = args.out or PREVIOUS_JSON
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(previous_data_json())
        print(f"wrote {out} (the {EXAMPLE_YEAR - 1} workbooks, built)")
        return
    out = args.out or ROOT / "inputs"
    n = write_year(out, args.year)
    idents = committees(args.year)
    print(f"wrote {n} workbooks to {out} "
          f"({sum(1 for i in idents if i.level == 'province')} provinces, "
          f"{sum(1 for i in idents if i.level == 'district')} districts)")


if __name__ == "__main__":
    main()
