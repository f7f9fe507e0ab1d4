"""The international tables: the report's figures mapped to UNODC's GLOTIP questionnaire and to SDG indicator
16.2.2, as XLSX (with a sheet stating the mapping, its caveats and what the forms do not collect) and CSV.

`export_files(data, settings)` → {"glotip.xlsx": …, "glotip.csv": …, "sdg-16-2-2.xlsx": …, "sdg-16-2-2.csv": …},
written by the build into build/<year>/exports/. Every value is one of the report's figures (the same totals,
from the same ReportData), or a difference or rate worked out from them and said to be one. A figure nobody
reported is an empty cell, never 0; one some committees left empty, wholly or in part, is "complete: no".
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from ..aggregate import ReportData, Total
from ..config import Settings
from ..contract import schema
from ..writers.xlsx._headers import HEADER_FILL
from ..writers.xlsx.forms import lao_workbook, save_bytes
from .terms import TERMS

#: GLOTIP's forms of exploitation for each row of the forms' sheet 7 (victims).
GLOTIP_FORMS = {
    "sexual": "Sexual exploitation",
    "labour": "Forced labour or services",
    "marriage": "Other purposes: forced marriage",
    "pregnancy": "Other purposes: other (forced pregnancy or surrogacy)",
    "other": "Other purposes: not specified",
}
#: The forms' age and sex columns as GLOTIP and SDG 16.2.2 break them down: (sex, age).
GROUPS = {"women": ("female", "adult (18+)"), "girls": ("female", "child (<18)"),
          "men": ("male", "adult (18+)"), "boys": ("male", "child (<18)")}
ALL = "total"


@dataclass(frozen=True)
class Row:
    """One value of an international table, with where it comes from."""

    indicator: str
    sex: str
    age: str
    form: str
    citizenship: str
    value: int | float | None
    unit: str
    complete: bool
    source: str  # the report's figure key(s), or how the value was worked out from them
    note: str = ""


COLUMNS = (("indicator", "Indicator", 34), ("sex", "Sex", 10), ("age", "Age", 13), ("form", "Form of exploitation", 34),
           ("citizenship", "Citizenship", 13), ("value", "Value", 12), ("unit", "Unit", 18),
           ("complete", "Complete", 10), ("source", "reportgen figure", 40), ("note", "Note", 60))


def _figure(data: ReportData, key: str) -> tuple[int | None, bool, str]:
    t: Total = data.t(key)
    note = "a check warned about this figure (see the Word report's comments)" if t.warnings else ""
    return t.value, t.value is not None and not t.missing, note


def _row(data: ReportData, indicator: str, key: str, unit: str = "persons", sex: str = ALL, age: str = ALL,
         form: str = ALL, citizenship: str = ALL, note: str = "") -> Row:
    value, complete, warned = _figure(data, key)
    return Row(indicator, sex, age, form, citizenship, value, unit, complete, key, "; ".join(n for n in (note, warned) if n))


def _difference(data: ReportData, indicator: str, whole: str, part: str, unit: str = "persons", **dims: str) -> Row:
    """`whole` − `part` (e.g. nationals = victims − foreign victims): empty when either is not reported."""
    a, a_complete, _ = _figure(data, whole)
    b, b_complete, _ = _figure(data, part)
    value = a - b if a is not None and b is not None else None
    return Row(indicator, dims.get("sex", ALL), dims.get("age", ALL), dims.get("form", ALL),
               dims.get("citizenship", ALL), value, unit, a_complete and b_complete and value is not None,
               f"{whole} − {part}", "worked out: the forms do not ask for it directly")


def glotip_rows(data: ReportData) -> list[Row]:
    victims = "Persons detected as victims"
    rows = [_row(data, victims, "victims.all.total")]
    for a, (sex, age) in GROUPS.items():
        rows.append(_row(data, victims, f"victims.all.{a}", sex=sex, age=age))
    rows.append(_row(data, victims, "victims.all.foreign", citizenship="foreign"))
    rows.append(_difference(data, victims, "victims.all.total", "victims.all.foreign", citizenship="national (Lao)"))
    for f in schema.VICTIMS.rows:
        form = GLOTIP_FORMS[f.key]
        rows.append(_row(data, victims, f"victims.{f.key}.total", form=form))
        for a, (sex, age) in GROUPS.items():
            rows.append(_row(data, victims, f"victims.{f.key}.{a}", sex=sex, age=age, form=form))
        rows.append(_row(data, victims, f"victims.{f.key}.foreign", form=form, citizenship="foreign"))
    suspected = "Persons suspected (arrested)"
    rows += [
        _row(data, suspected, "cases.suspects.total",
             note="persons arrested as suspects; the forms do not count suspects investigated without arrest"),
        _row(data, suspected, "cases.suspects.women", sex="female"),
        _difference(data, suspected, "cases.suspects.total", "cases.suspects.women", sex="male"),
        _row(data, suspected, "cases.suspects.foreign", citizenship="foreign"),
        _difference(data, suspected, "cases.suspects.total", "cases.suspects.foreign", citizenship="national (Lao)"),
        Row("Persons prosecuted", ALL, ALL, ALL, ALL, None, "persons", False, "",
            "not collected: the forms count cases sent to prosecutors (next row), not persons prosecuted"),
        _row(data, "Cases referred to prosecutors (not persons)", "cases.to_prosecutor.total", unit="cases",
             note="the nearest figure the forms collect; not GLOTIP's 'persons prosecuted'"),
        _row(data, "Persons convicted", "cases.convicted.total"),
        _row(data, "Persons convicted", "cases.convicted.women", sex="female"),
        _difference(data, "Persons convicted", "cases.convicted.total", "cases.convicted.women", sex="male"),
        Row("Persons convicted", ALL, ALL, ALL, "foreign", None, "persons", False, "",
            "not collected: the forms do not ask for the citizenship of convicted persons"),
    ]
    return rows


def _rate(count: int | None, population: int) -> float | None:
    if count is None or population <= 0:
        return None
    return round(count / population * 100_000, 2)


def sdg_rows(data: ReportData, settings: Settings) -> list[Row]:
    """SDG 16.2.2: detected victims per 100,000 population, by sex, age and form; the counts beside the rates."""
    pop = {"women": settings.population_women, "men": settings.population_men,
           "girls": settings.population_girls, "boys": settings.population_boys}
    given = all(v > 0 for v in pop.values())
    source = f"population: {settings.population_source}" if settings.population_source else ""
    missing = "" if given else "no rate: the population is not given (settings population_women … population_boys)"
    groups = {  # (sex, age): (figure keys added up, population)
        (ALL, ALL): (("victims.all.total",), sum(pop.values())),
        ("female", ALL): (("victims.all.women", "victims.all.girls"), pop["women"] + pop["girls"]),
        ("male", ALL): (("victims.all.men", "victims.all.boys"), pop["men"] + pop["boys"]),
        (ALL, "adult (18+)"): (("victims.all.women", "victims.all.men"), pop["women"] + pop["men"]),
        (ALL, "child (<18)"): (("victims.all.girls", "victims.all.boys"), pop["girls"] + pop["boys"]),
        **{GROUPS[a]: ((f"victims.all.{a}",), pop[a]) for a in GROUPS},
    }
    indicator = "16.2.2 Detected victims of trafficking per 100,000 population"
    rows = []

    def add(keys: tuple[str, ...], population: int, sex: str = ALL, age: str = ALL, form: str = ALL) -> None:
        figures = [_figure(data, k) for k in keys]
        count = None if any(v is None for v, _, _ in figures) else sum(v for v, _, _ in figures)  # type: ignore[misc]
        complete = count is not None and all(c for _, c, _ in figures)
        src = " + ".join(keys)
        rows.append(Row("Detected victims (count)", sex, age, form, ALL, count, "persons", complete, src))
        rows.append(Row(indicator, sex, age, form, ALL, _rate(count, population if given else 0),
                        "per 100,000 population", complete and given, f"({src}) / {population:,} × 100,000"
                        if given else src, "; ".join(n for n in (source, missing) if n)))

    for (sex, age), (keys, population) in groups.items():
        add(keys, population, sex, age)
    for f in schema.VICTIMS.rows:
        add((f"victims.{f.key}.total",), sum(pop.values()), form=GLOTIP_FORMS[f.key])
    return rows


GLOTIP_MAPPING = (
    ("Persons detected as victims", "Sheet 7 (ຜູ້ຖືກເຄາະຮ້າຍ, victims): women 18+, girls <18, men 18+, boys <18 for each form of "
     "exploitation, summed over the national, provincial and district committees (each reports its own work).",
     "Victims identified by the committees in the calendar year; no record-level data, so a victim counted by two "
     "committees (e.g. a district and the national level) may be counted twice if committees do not follow the "
     "forms' rule to report only their own work."),
    ("Form of exploitation", "Rows of sheet 7: " + "; ".join(f"{TERMS.row('victims', k)} → {v}"
                                                          for k, v in GLOTIP_FORMS.items()) + ".",
     "ແຕ່ງດອງແອບແຝງ (disguised marriage, ATIP Law Art. 2) is reported under GLOTIP's 'other purposes: forced "
     "marriage'. Each victim is counted under one form: the forms have no 'mixed forms' row."),
    ("Citizenship of victims", "Sheet 7, column 'of whom foreign nationals'; nationals = total − foreign.",
     "The victims' countries of citizenship are not collected, only whether they are foreign nationals."),
    ("Persons suspected", "Sheet 6 (ສະຖິຕິຄະດີ, cases), row 'suspects arrested': total, women, foreign nationals; "
     "males = total − women.", "Counts arrests only; the age of suspects (adults/minors) is not collected."),
    ("Persons prosecuted", "Not collected.", "The forms count cases sent to prosecutors (sheet 6), not persons; "
     "the cases are given in a row of their own so that they are not read as persons."),
    ("Persons convicted", "Sheet 6, row 'persons convicted': total, women; males = total − women.",
     "Citizenship and age of convicted persons are not collected."),
    ("Complete", "'no' when some committee left the figure, or part of it, empty: the value is the sum of what was "
     "reported and the true figure may be higher (marked * in the report).", ""),
)

SDG_MAPPING = (
    ("16.2.2 numerator", "Detected victims: sheet 7 (victims), as the GLOTIP victims table.",
     "Victims detected by the anti-trafficking committees only; victims detected by other bodies and not reported "
     "to a committee are not included."),
    ("16.2.2 denominator", "Population from the settings population_women, population_men, population_girls, "
     "population_boys (persons, same year).", "Supplied by the secretariat (e.g. the Lao Statistics Bureau's "
     "projection); reportgen does not hold population data. No rate is given when it is not set."),
    ("Disaggregation", "Sex (female/male), age (adult 18+/child <18), their four combinations, and form of "
     "exploitation (per 100,000 total population).", "The forms' age split is 18 years, as the SDG metadata's."),
)

NOT_COLLECTED = (
    "Persons prosecuted (the forms count cases sent to prosecutors, not persons)",
    "Age (adult/minor) of suspects and of convicted persons",
    "Citizenship of convicted persons; countries of citizenship of foreign victims and suspects",
    "Convictions and sentences by form of exploitation; length of prison terms; restitution ordered",
    "Victims by form of exploitation in GLOTIP's finer categories (begging, organ removal, criminal activity, "
    "illegal adoption, mixed forms): these are in 'other forms'",
    "Who identified the victims (the identifying authority) and referrals",
    "Record-level (case-by-case) data: all figures are totals reported by each committee",
)


def _csv(rows: list[Row]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([label for _, label, _ in COLUMNS])
    for r in rows:
        w.writerow(["" if getattr(r, k) is None else ("yes" if getattr(r, k) else "no") if k == "complete"
                    else getattr(r, k) for k, _, _ in COLUMNS])
    return ("\ufeff" + buf.getvalue()).encode("utf-8")  # with a BOM: Excel reads it as UTF-8


def _header(ws, labels: list[tuple[str, float]]) -> None:
    for j, (label, width) in enumerate(labels, start=1):
        cell = ws.cell(1, j, label)
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = "A2"


def _xlsx(sheets: list[tuple[str, list[Row]]], mapping, data: ReportData, title: str) -> bytes:
    wb = lao_workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        _header(ws, [(label, width) for _, label, width in COLUMNS])
        for i, r in enumerate(rows, start=2):
            for j, (k, _, _) in enumerate(COLUMNS, start=1):
                v = getattr(r, k)
                ws.cell(i, j, ("yes" if v else "no") if k == "complete" else v)
        ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{len(rows) + 1}"
    ws = wb.create_sheet("Mapping and caveats")
    _header(ws, [("Item", 28), ("Where it comes from in the committees' forms", 70), ("Caveat", 70)])
    wrap = Alignment(wrap_text=True, vertical="top")
    n = 2
    for row in ((title, f"Lao PDR, calendar year {data.year}, from the national anti-human-trafficking report's data "
                 f"({len(data.committees)} committees' workbooks){'; SAMPLE DATA, not real figures' if data.sample else ''}.",
                 "Every value is a figure of the Lao national report (and of its English companion), or a difference "
                 "or rate worked out from them, as the column 'reportgen figure' says."), *mapping):
        for j, v in enumerate(row, start=1):
            ws.cell(n, j, v).alignment = wrap
        n += 1
    n += 1
    ws.cell(n, 1, "Not collected by the forms").font = Font(bold=True)
    for item in NOT_COLLECTED:
        n += 1
        ws.cell(n, 2, item).alignment = wrap
    created = dt.datetime(data.year, 1, 1)
    wb.properties.created = wb.properties.modified = created
    wb.properties.title = title
    return save_bytes(wb)


def export_files(data: ReportData, settings: Settings) -> dict[str, bytes]:
    """The international tables of the national report's data, by file name (see the module's note)."""
    glotip = glotip_rows(data)
    victims = [r for r in glotip if r.indicator.startswith("Persons detected")]
    offenders = [r for r in glotip if r not in victims]
    sdg = sdg_rows(data, settings)
    return {
        "glotip.xlsx": _xlsx([("Victims", victims), ("Offenders", offenders)], GLOTIP_MAPPING, data,
                             "UNODC Global Report on Trafficking in Persons (GLOTIP) questionnaire"),
        "glotip.csv": _csv(glotip),
        "sdg-16-2-2.xlsx": _xlsx([("SDG 16.2.2", sdg)], SDG_MAPPING, data, "SDG indicator 16.2.2"),
        "sdg-16-2-2.csv": _csv(sdg),
    }
