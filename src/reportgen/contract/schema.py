"""The data contract as data: every sheet, row, column and closed list a committee workbook carries.

The template writer, the reader and the checks all work from this one description, so a template can
never drift from what the reader expects. Keys are stable machine names stored inside each workbook;
labels (Lao first, English beside) are for people and may be changed without breaking anything.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum

#: Bumped whenever a key is added, removed or changes meaning. Workbooks carry the version they were
#: made with; the reader refuses other versions instead of guessing.
SCHEMA_VERSION = 2
#: Older versions the reader still understands: version 2 only added the "nothing to report" row of
#: list sheets, so a version-1 workbook reads the same, with every list's answer left open.
READABLE_VERSIONS = (1, 2)

#: The cell that names a sheet's key (hidden column A, hidden row 1).
SHEET_KEY_PREFIX = "rg:"
META_SHEET = "_meta"
LISTS_SHEET = "_lists"


class Kind(Enum):
    TEXT = "text"
    COUNT = "count"  # whole number >= 0; empty = not reported
    MONEY = "money"  # whole number of kip >= 0; empty = not reported
    YEAR = "year"
    DATE = "date"
    CHOICE = "choice"  # one of a closed list (see CHOICES)


@dataclass(frozen=True)
class Option:
    key: str
    lo: str
    en: str
    former: tuple[str, ...] = ()  # labels older forms offered: a workbook made with one still reads


@dataclass(frozen=True)
class Column:
    key: str
    lo: str
    en: str
    kind: Kind = Kind.TEXT
    choices: str | None = None  # name in CHOICES for Kind.CHOICE
    required: bool = False
    width: float = 14
    short_lo: str = ""  # the label beside a value in the report's lists, when `lo` is too long there
    phrase_lo: str = ""  # how a sentence says a value in the report's lists, "{}" the value: "ໂດຍມອບໃຫ້ {} ເປັນເຈົ້າການ"

    @property
    def label_lo(self) -> str:
        return self.short_lo or self.lo


@dataclass(frozen=True)
class Row:
    """One labelled row of a form sheet; `inputs` names the columns that take a value on this row."""

    key: str
    lo: str
    en: str
    inputs: tuple[str, ...]
    kind: Kind = Kind.COUNT
    choices: str | None = None
    required: bool = False
    levels: tuple[str, ...] = ("national", "province", "district")


@dataclass(frozen=True)
class Sheet:
    key: str
    number: str
    lo: str
    en: str
    form: bool  # True: labelled rows x value columns; False: a list of items, one per row
    columns: tuple[Column, ...]
    rows: tuple[Row, ...] = ()
    note_lo: str = ""
    note_en: str = ""
    item_rows: int = 0  # list sheets: how many input rows the template offers

    @property
    def header_row(self) -> int:
        """The row of column headings: list sheets have the "nothing to report" row above it."""
        return HEADER_ROW + (0 if self.form else 1)

    @property
    def first_data_row(self) -> int:
        return self.header_row + 1

    @property
    def title(self) -> str:
        """The sheet's tab name in a template: number and Lao title (Excel allows 31 characters)."""
        return f"{self.number} {self.lo}"[:31]

    def column(self, key: str) -> Column:
        for c in self.columns:
            if c.key == key:
                return c
        raise KeyError(key)


LEVELS = (
    Option("national", "ລະດັບຊາດ", "national"),
    Option("province", "ລະດັບແຂວງ / ນະຄອນຫຼວງ", "province"),
    Option("district", "ລະດັບເມືອງ", "district"),
)

AREAS = (
    Option("organisation", "ການຈັດຕັ້ງ ແລະ ການປະສານງານ", "organisation and coordination"),
    Option("legislation", "ນິຕິກຳ ແລະ ນະໂຍບາຍ", "legislation and policy"),
    Option("prevention", "ການປ້ອງກັນ ແລະ ການໂຄສະນາສຶກສາອົບຮົມ", "prevention and awareness"),
    Option("prosecution", "ການສືບສວນ-ສອບສວນ ແລະ ການດຳເນີນຄະດີ", "investigation and prosecution"),
    Option("protection", "ການປົກປ້ອງ ແລະ ຊ່ວຍເຫຼືອຜູ້ຖືກເຄາະຮ້າຍ", "victim protection and assistance"),
    Option("cooperation", "ການຮ່ວມມືສາກົນ", "international cooperation"),
)

YESNO = (Option("yes", "ແມ່ນ", "yes"), Option("no", "ບໍ່ແມ່ນ", "no"))

#: Whether a committee is established: answered "established / not yet", not "yes / no" (older forms offered
#: ແມ່ນ / ບໍ່ແມ່ນ, and still read).
ESTABLISHED = (Option("yes", "ສ້າງຕັ້ງແລ້ວ", "established", former=("ແມ່ນ", "ມີ", "y", "true", "1")),
               Option("no", "ຍັງບໍ່ທັນສ້າງຕັ້ງ", "not yet", former=("ບໍ່ແມ່ນ", "ບໍ່", "ຍັງບໍ່ທັນ", "n", "false", "0")))

CHANNELS = (
    Option("meetings", "ກອງປະຊຸມ, ສຳມະນາ", "meetings and seminars"),
    Option("radio", "ວິທະຍຸ", "radio"),
    Option("television", "ໂທລະພາບ", "television"),
    Option("print", "ສິ່ງພິມ (ໂປສເຕີ, ໃບປິວ)", "print (posters, leaflets)"),
    Option("online", "ສື່ອອນລາຍ ແລະ ສັງຄົມອອນລາຍ", "online and social media"),
    Option("culture", "ບົດເພງ, ລະຄອນ, ງານວັດທະນະທຳ", "songs, plays, cultural events"),
    Option("schools", "ໂຮງຮຽນ", "schools"),
)

TARGET_GROUPS = (
    Option("police", "ຕຳຫຼວດ", "police"),
    Option("prosecutors", "ໄອຍະການ", "prosecutors"),
    Option("judges", "ຜູ້ພິພາກສາ", "judges"),
    Option("border", "ເຈົ້າໜ້າທີ່ດ່ານຊາຍແດນ", "border officials"),
    Option("labour", "ເຈົ້າໜ້າທີ່ແຮງງານ", "labour officials"),
    Option("local", "ອຳນາດການປົກຄອງທ້ອງຖິ່ນ", "local authorities"),
    Option("community", "ຊຸມຊົນ", "community"),
)

COOPERATION_TYPES = (
    Option("bilateral", "ສອງຝ່າຍ", "bilateral"),
    Option("regional", "ສາມຝ່າຍ / ພາກພື້ນ", "trilateral or regional"),
    Option("international", "ອົງການຈັດຕັ້ງສາກົນ", "international organisation"),
    Option("ngo", "ອົງການຈັດຕັ້ງທີ່ບໍ່ສັງກັດລັດຖະບານ", "non-governmental organisation",
           former=("ອົງການຈັດຕັ້ງທີ່ບໍ່ແມ່ນລັດຖະບານ",)),
)

#: Closed lists by name. "province" is filled from the reference data (see reference.py).
CHOICES: dict[str, tuple[Option, ...]] = {
    "level": LEVELS,
    "area": AREAS,
    "yesno": YESNO,
    "established": ESTABLISHED,
    "channel": CHANNELS,
    "target_group": TARGET_GROUPS,
    "cooperation_type": COOPERATION_TYPES,
}

_VALUE = (Column("value", "ຂໍ້ມູນ", "value", width=46),)

SUBMISSION = Sheet(
    key="submission",
    number="1",
    lo="ຂໍ້ມູນທົ່ວໄປ",
    en="General information",
    form=True,
    columns=_VALUE,
    rows=(
        Row("level", "ຂັ້ນຂອງຄະນະກຳມະການ", "level", ("value",), Kind.CHOICE, "level", True),
        Row("province", "ແຂວງ / ນະຄອນຫຼວງ", "province", ("value",), Kind.CHOICE, "province",
            levels=("province", "district")),
        Row("district", "ເມືອງ", "district", ("value",), Kind.TEXT, levels=("district",)),
        Row("committee_name", "ຊື່ຄະນະກຳມະການ", "committee name", ("value",), Kind.TEXT, required=True),
        Row("year", "ປີລາຍງານ", "reporting year", ("value",), Kind.YEAR, required=True),
        Row("period", "ໄລຍະລາຍງານ", "reporting period", ("value",), Kind.TEXT),
        Row("date_prepared", "ວັນທີກະກຽມ", "date prepared", ("value",), Kind.DATE),
        Row("prepared_name", "ຜູ້ກະກຽມ: ຊື່ ແລະ ນາມສະກຸນ", "prepared by: name", ("value",), Kind.TEXT),
        Row("prepared_position", "ຜູ້ກະກຽມ: ຕຳແໜ່ງ", "prepared by: position", ("value",), Kind.TEXT),
        Row("prepared_phone", "ຜູ້ກະກຽມ: ເບີໂທລະສັບ", "prepared by: phone", ("value",), Kind.TEXT),
        Row("approved_name", "ຜູ້ຮັບຮອງ: ຊື່ ແລະ ນາມສະກຸນ", "approved by: name", ("value",), Kind.TEXT),
        Row("approved_position", "ຜູ້ຮັບຮອງ: ຕຳແໜ່ງ", "approved by: position", ("value",), Kind.TEXT),
        Row("established", "ການສ້າງຕັ້ງຄະນະກຳມະການ", "committee established", ("value",),
            Kind.CHOICE, "established", True),
        Row("decision_number", "ເລກທີຂໍ້ຕົກລົງສ້າງຕັ້ງ", "decision number", ("value",), Kind.TEXT),
        Row("decision_date", "ວັນທີຂໍ້ຕົກລົງສ້າງຕັ້ງ", "decision date", ("value",), Kind.DATE),
        Row("members_total", "ຈຳນວນສະມາຊິກ: ທັງໝົດ", "members: total", ("value",), Kind.COUNT),
        Row("members_women", "ຈຳນວນສະມາຊິກ: ຍິງ", "members: women", ("value",), Kind.COUNT),
    ),
    note_lo="ໃສ່ຂໍ້ມູນໃນຫ້ອງສີເຫຼືອງເທົ່ານັ້ນ.",
    note_en="Fill in the yellow cells only.",
)

_OWN_WORK_LO = "ລາຍງານສະເພາະວຽກງານຂອງຄະນະກຳມະການຂອງທ່ານເອງ — ບໍ່ລວມຕົວເລກຂອງຂັ້ນລຸ່ມ (ເມືອງ)."
_OWN_WORK_EN = "Report your own committee's work only — do not include the figures of lower levels (districts)."

ACHIEVEMENTS = Sheet(
    key="achievements",
    number="2",
    lo="ຜົນງານ",
    en="Achievements",
    form=False,
    columns=(
        Column("area", "ຂົງເຂດວຽກ", "area", Kind.CHOICE, "area", True, 30),
        Column("description", "ເນື້ອໃນຜົນງານ", "description", Kind.TEXT, required=True, width=60),
        Column("quantity", "ຈຳນວນ", "quantity", Kind.COUNT, width=10),
        Column("unit", "ຫົວໜ່ວຍ", "unit", width=12),
        Column("period", "ວັນທີ ຫຼື ໄລຍະ", "date or period", width=16, phrase_lo="{}"),
        Column("place", "ສະຖານທີ່", "place", width=18, phrase_lo="ທີ່ {}"),
        Column("partners", "ພາກສ່ວນຮ່ວມ", "partners", width=20, phrase_lo="ຮ່ວມກັບ {}"),
        Column("highlight", "ຜົນງານພົ້ນເດັ່ນ", "highlight", Kind.CHOICE, "yesno", width=12),
    ),
    note_lo=_OWN_WORK_LO,
    note_en=_OWN_WORK_EN,
    item_rows=80,
)

SHORTCOMINGS = Sheet(
    key="shortcomings",
    number="3",
    lo="ດ້ານຄົງຄ້າງ",
    en="Shortcomings",
    form=False,
    columns=(
        Column("area", "ຂົງເຂດວຽກ", "area", Kind.CHOICE, "area", True, 30),
        Column("description", "ດ້ານຄົງຄ້າງ", "shortcoming", Kind.TEXT, required=True, width=50),
        Column("cause", "ສາເຫດ", "cause", width=40),
        Column("remedy", "ວິທີແກ້ໄຂທີ່ສະເໜີ", "proposed remedy", width=40, phrase_lo="ສະເໜີແກ້ໄຂໂດຍ {}"),
    ),
    item_rows=40,
)

LESSONS = Sheet(
    key="lessons",
    number="4",
    lo="ບົດຮຽນ",
    en="Lessons learned",
    form=False,
    columns=(Column("lesson", "ບົດຮຽນທີ່ຖອດຖອນໄດ້", "lesson learned", Kind.TEXT, required=True, width=100),),
    item_rows=30,
)

PLANS = Sheet(
    key="plans",
    number="5",
    lo="ທິດທາງແຜນການ",
    en="Plan for next year",
    form=False,
    columns=(
        Column("area", "ຂົງເຂດວຽກ", "area", Kind.CHOICE, "area", True, 30),
        Column("activity", "ກິດຈະກຳທີ່ວາງແຜນ", "planned activity", Kind.TEXT, required=True, width=50),
        Column("target", "ຄາດໝາຍ ຫຼື ຕົວຊີ້ວັດ", "target or indicator", width=30, phrase_lo="ຄາດໝາຍ {}"),
        Column("responsible", "ຜູ້ຮັບຜິດຊອບ", "responsible unit", width=22,
               phrase_lo="ໂດຍມອບໃຫ້{} ເປັນເຈົ້າການ"),
        Column("timeframe", "ໄລຍະເວລາ", "timeframe", width=16, phrase_lo="{}"),
    ),
    item_rows=40,
)

_T = Column("total", "ທັງໝົດ", "total", Kind.COUNT, width=14)
_W = Column("women", "ຍິງ", "women", Kind.COUNT, width=14)

CASES = Sheet(
    key="cases",
    number="6",
    lo="ສະຖິຕິຄະດີ",
    en="Cases",
    form=True,
    columns=(_T, _W, Column("foreign", "ຄົນຕ່າງປະເທດ", "foreign nationals", Kind.COUNT, width=14)),
    rows=(
        Row("received", "ການແຈ້ງຄວາມ ແລະ ຄຳຮ້ອງ ທີ່ໄດ້ຮັບ (ເລື່ອງ)", "reports and complaints received", ("total",)),
        Row("investigated", "ຄະດີທີ່ສືບສວນ-ສອບສວນ", "cases investigated", ("total",)),
        Row("to_prosecutor", "ຄະດີທີ່ສົ່ງໃຫ້ອົງການໄອຍະການ", "cases sent to the prosecutors", ("total",)),
        Row("court_decided", "ຄະດີທີ່ສານຕັດສິນ", "cases decided by courts", ("total",)),
        Row("convicted_cases", "ຄະດີທີ່ມີການລົງໂທດ", "cases with a conviction", ("total",)),
        Row("suspects", "ຜູ້ຕ້ອງສົງໄສທີ່ຖືກຈັບ (ຄົນ)", "suspects arrested", ("total", "women", "foreign")),
        Row("convicted", "ຜູ້ຖືກລົງໂທດ (ຄົນ)", "persons convicted", ("total", "women")),
        Row("fines", "ຄ່າປັບໃໝ (ກີບ)", "fines (kip)", ("total",), Kind.MONEY),
        Row("assets", "ມູນຄ່າຊັບສິນທີ່ຖືກຍຶດ (ກີບ)", "value of assets confiscated (kip)", ("total",), Kind.MONEY),
    ),
    note_lo=_OWN_WORK_LO + " ຫ້ອງທີ່ປະວ່າງ = ບໍ່ໄດ້ລາຍງານ; ຖ້າບໍ່ມີ ໃຫ້ໃສ່ 0.",
    note_en=_OWN_WORK_EN + " An empty cell means 'not reported'; enter 0 for none.",
)

_VICTIM_COLS = (
    Column("women", "ແມ່ຍິງ ອາຍຸ 18 ປີຂຶ້ນໄປ", "women aged 18 or over", Kind.COUNT, width=13),
    Column("girls", "ເດັກຍິງ ອາຍຸຕ່ຳກວ່າ 18 ປີ", "girls under 18", Kind.COUNT, width=13),
    Column("men", "ຜູ້ຊາຍ ອາຍຸ 18 ປີຂຶ້ນໄປ", "men aged 18 or over", Kind.COUNT, width=13),
    Column("boys", "ເດັກຊາຍ ອາຍຸຕ່ຳກວ່າ 18 ປີ", "boys under 18", Kind.COUNT, width=13),
    Column("foreign", "ໃນນັ້ນ ຄົນຕ່າງປະເທດ", "of whom foreign nationals", Kind.COUNT, width=15),
)
_VICTIM_IN = ("women", "girls", "men", "boys", "foreign")

VICTIMS = Sheet(
    key="victims",
    number="7",
    lo="ຜູ້ຖືກເຄາະຮ້າຍ",
    en="Victims by form of exploitation",
    form=True,
    columns=_VICTIM_COLS,
    rows=(
        Row("sexual", "ຂູດຮີດທາງເພດ", "sexual exploitation", _VICTIM_IN),
        Row("labour", "ຂູດຮີດແຮງງານ", "labour exploitation", _VICTIM_IN),
        Row("marriage", "ແຕ່ງດອງແອບແຝງ", "disguised marriage", _VICTIM_IN),
        Row("pregnancy", "ການໃຫ້ຖືພາ", "forced pregnancy or surrogacy", _VICTIM_IN),
        Row("other", "ຮູບການອື່ນໆ", "other forms", _VICTIM_IN),
    ),
    note_lo=_OWN_WORK_LO,
    note_en=_OWN_WORK_EN,
)

VICTIM_PLACES = Sheet(
    key="victim_places",
    number="8",
    lo="ສະຖານທີ່ຖືກຂູດຮີດ",
    en="Victims by place of exploitation",
    form=True,
    columns=(Column("total", "ຈຳນວນຜູ້ຖືກເຄາະຮ້າຍ", "victims", Kind.COUNT, width=16),
             Column("name", "ຊື່ປະເທດອື່ນ", "name of other country", Kind.TEXT, width=24)),
    rows=(
        Row("domestic", "ພາຍໃນປະເທດ", "within Laos", ("total",)),
        Row("thailand", "ໄທ", "Thailand", ("total",)),
        Row("china", "ສປ ຈີນ", "China", ("total",)),
        Row("malaysia", "ມາເລເຊຍ", "Malaysia", ("total",)),
        Row("vietnam", "ຫວຽດນາມ", "Vietnam", ("total",)),
        Row("other", "ປະເທດອື່ນ (ລະບຸຊື່)", "other country (name it)", ("total", "name")),
    ),
    note_lo="ຈຳນວນລວມຕ້ອງເທົ່າກັບຈຳນວນຜູ້ຖືກເຄາະຮ້າຍໃນແຜ່ນທີ 7.",
    note_en="The total should equal the number of victims on sheet 7.",
)

ASSISTANCE = Sheet(
    key="assistance",
    number="9",
    lo="ການຊ່ວຍເຫຼືອ",
    en="Assistance to victims",
    form=True,
    columns=(_T, Column("women", "ແມ່ຍິງ ແລະ ເດັກຍິງ", "women and girls", Kind.COUNT, width=16)),
    rows=(
        Row("shelter", "ຮັບເຂົ້າສູນ ຫຼື ບ່ອນພັກເຊົາ", "received at a shelter or centre", ("total", "women")),
        Row("counselling", "ໃຫ້ຄຳປຶກສາ", "counselling", ("total", "women")),
        Row("medical", "ປິ່ນປົວສຸຂະພາບ", "medical care", ("total", "women")),
        Row("legal", "ຊ່ວຍເຫຼືອທາງດ້ານກົດໝາຍ", "legal aid", ("total", "women")),
        Row("vocational", "ຝຶກອາຊີບ", "vocational training", ("total", "women")),
        Row("returned", "ສົ່ງກັບຄືນສູ່ຄອບຄົວ ແລະ ຊຸມຊົນ", "returned to family or community", ("total", "women")),
        Row("repatriated", "ຮັບຕົວກັບຄືນຈາກຕ່າງປະເທດ", "repatriated from abroad", ("total", "women")),
    ),
    note_lo=_OWN_WORK_LO,
    note_en=_OWN_WORK_EN,
)

AWARENESS = Sheet(
    key="awareness",
    number="10",
    lo="ການໂຄສະນາ",
    en="Awareness",
    form=False,
    columns=(
        Column("channel", "ຊ່ອງທາງ", "channel", Kind.CHOICE, "channel", True, 28),
        Column("topic", "ເນື້ອໃນ ຫຼື ຫົວຂໍ້", "topic", width=40),
        Column("activities", "ຈຳນວນຄັ້ງ", "activities", Kind.COUNT, width=12),
        Column("reached_total", "ຜູ້ໄດ້ຮັບຂໍ້ມູນ: ທັງໝົດ", "people reached: total", Kind.COUNT, width=16,
               short_lo="ຜູ້ໄດ້ຮັບຂໍ້ມູນ"),
        Column("reached_women", "ຜູ້ໄດ້ຮັບຂໍ້ມູນ: ຍິງ", "people reached: women", Kind.COUNT, width=16,
               short_lo="ຍິງ"),
    ),
    item_rows=40,
)

TRAINING = Sheet(
    key="training",
    number="11",
    lo="ການຝຶກອົບຮົມ",
    en="Training",
    form=False,
    columns=(
        Column("topic", "ຫົວຂໍ້ຝຶກອົບຮົມ", "topic", Kind.TEXT, required=True, width=40),
        Column("target_group", "ກຸ່ມເປົ້າໝາຍ", "target group", Kind.CHOICE, "target_group", width=24),
        Column("courses", "ຈຳນວນຊຸດ", "courses", Kind.COUNT, width=12),
        Column("participants_total", "ຜູ້ເຂົ້າຮ່ວມ: ທັງໝົດ", "participants: total", Kind.COUNT, width=14,
               short_lo="ຜູ້ເຂົ້າຮ່ວມ"),
        Column("participants_women", "ຜູ້ເຂົ້າຮ່ວມ: ຍິງ", "participants: women", Kind.COUNT, width=14,
               short_lo="ຍິງ"),
    ),
    item_rows=40,
)

COOPERATION = Sheet(
    key="cooperation",
    number="12",
    lo="ການຮ່ວມມື",
    en="Cooperation",
    form=False,
    columns=(
        Column("partner", "ປະເທດ ຫຼື ອົງການຮ່ວມມື", "partner", Kind.TEXT, required=True, width=30),
        Column("type", "ປະເພດການຮ່ວມມື", "type", Kind.CHOICE, "cooperation_type", width=26),
        Column("activity", "ກິດຈະກຳ", "activity", width=50),
        Column("date", "ວັນທີ ຫຼື ໄລຍະ", "date or period", width=16, phrase_lo="{}"),
    ),
    item_rows=30,
)

BUDGET = Sheet(
    key="budget",
    number="13",
    lo="ງົບປະມານ",
    en="Budget",
    form=True,
    columns=(Column("total", "ຈຳນວນເງິນ (ກີບ)", "amount (kip)", Kind.MONEY, width=22),),
    rows=(
        Row("government", "ງົບປະມານຂອງລັດ", "government budget", ("total",), Kind.MONEY),
        Row("external", "ການຊ່ວຍເຫຼືອຈາກພາກສ່ວນອື່ນ", "external support", ("total",), Kind.MONEY),
    ),
    note_lo="ບໍ່ບັງຄັບ: ປະວ່າງໄວ້ຖ້າບໍ່ມີຂໍ້ມູນ.",
    note_en="Optional: leave empty if not known.",
)

SHEETS: tuple[Sheet, ...] = (
    SUBMISSION, ACHIEVEMENTS, SHORTCOMINGS, LESSONS, PLANS, CASES, VICTIMS, VICTIM_PLACES,
    ASSISTANCE, AWARENESS, TRAINING, COOPERATION, BUDGET,
)
SHEETS_BY_KEY = {s.key: s for s in SHEETS}

#: (total, part) pairs that must satisfy part <= total: (sheet, row or None for list sheets, total, part).
PAIRS: tuple[tuple[str, str | None, str, str], ...] = (
    ("submission", None, "members_total", "members_women"),
    ("cases", "suspects", "total", "women"),
    ("cases", "suspects", "total", "foreign"),
    ("cases", "convicted", "total", "women"),
    *(("assistance", r.key, "total", "women") for r in ASSISTANCE.rows),
    ("awareness", None, "reached_total", "reached_women"),
    ("training", None, "participants_total", "participants_women"),
)

#: The layout of a form sheet / list sheet in a template (1-based rows and columns).
KEY_ROW = 1  # hidden: A1 = sheet key, then one column key per column
KEY_COL = 1  # hidden: one row key per row
TITLE_ROW = 2
NOTE_ROW = 3
HEADER_ROW = 4  # form sheets; list sheets one row lower (Sheet.header_row)
FIRST_DATA_ROW = 5  # form sheets; list sheets: Sheet.first_data_row
NONE_ROW = 4  # list sheets: "nothing to report on this sheet this year" (label in B:C, answer in NONE_COL)
NONE_COL = 4
FORM_LABEL_COLS = 3  # B: number, C: Lao label, D: English label — values start in E
LIST_FIRST_COL = 3  # B: item number, values start in C

ROW_KEY_ITEM = "item"
ROW_KEY_NONE = "none"
ROW_KEYS_LABEL = ("title", "note", "header")
NONE_LO = "ບໍ່ມີຫຍັງລາຍງານໃນແຜ່ນນີ້ ໃນປີນີ້"
NONE_EN = "nothing to report on this sheet this year"


def choices(name: str) -> tuple[Option, ...]:
    if name == "province":
        from .reference import PROVINCE_OPTIONS

        return PROVINCE_OPTIONS
    return CHOICES[name]


def option_label(name: str, key: str | None) -> str:
    for o in choices(name):
        if o.key == key:
            return o.lo
    return key or ""


@dataclass
class Layout:
    """Where each key sits in a template: computed from the schema, used by the template writer only.

    The reader never uses positions: it finds the keys written into the workbook.
    """

    sheet: Sheet
    column_at: dict[str, int] = field(default_factory=dict)
    row_at: dict[str, int] = field(default_factory=dict)


def layout(sheet: Sheet) -> Layout:
    lay = Layout(sheet)
    first = FORM_LABEL_COLS + 2 if sheet.form else LIST_FIRST_COL
    for i, c in enumerate(sheet.columns):
        lay.column_at[c.key] = first + i
    if sheet.form:
        for i, r in enumerate(sheet.rows):
            lay.row_at[r.key] = sheet.first_data_row + i
    return lay
