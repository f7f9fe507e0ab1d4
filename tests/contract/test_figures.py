"""The one table of figures: what each adds up, its labels, the rules between figures, and the gaps it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reportgen import check as check_module
from reportgen.aggregate import aggregate
from reportgen.check import check
from reportgen.contract import figures, schema
from reportgen.contract.figures import FIGURE_KEYS, FIGURES, RULES, Rule, describe_gaps, gap_texts, part
from reportgen.model.submission import CellRef, Item, Submission

VICTIM_CELLS = [f"victims.{r.key}.{a}" for r in schema.VICTIMS.rows for a in figures.AGES]


def sub_with(file: str = "A.xlsx", counts: dict[str, int | None] | None = None, **lists: list[dict]) -> Submission:
    """A province workbook as the reader gives it, every form cell at its template place; lists answered "none"."""
    sub = Submission(Path(file), file, info={"level": "province", "province": "LA-XA", "established": "yes"})
    for sh in schema.SHEETS:
        lay = schema.layout(sh)
        if sh.form:
            for r in sh.rows:
                for c in r.inputs:
                    key = f"{sh.key}.{r.key}.{c}"
                    sub.refs[key] = CellRef(file, sh.title, f"{chr(64 + lay.column_at[c])}{lay.row_at[r.key]}")
                    if sh.column(c).kind is not schema.Kind.TEXT and sh is not schema.SUBMISSION:
                        sub.counts[key] = None
        else:
            sub.refs[sh.key] = CellRef(file, sh.title)
            sub.refs[f"{sh.key}.none"] = CellRef(file, sh.title, "D4")
            letters = {c: chr(64 + j) for c, j in lay.column_at.items()}
            sub.lists[sh.key] = [Item(fields, file, sh.title, sh.first_data_row + i, letters)
                                 for i, fields in enumerate(lists.get(sh.key, []))]
            sub.none[sh.key] = not sub.lists[sh.key]
    sub.counts.update(counts or {})
    return sub


def test_the_table_is_the_set_of_figure_keys_and_every_part_is_a_cell_or_column_of_the_form():
    assert FIGURE_KEYS == frozenset(FIGURES) and len(FIGURES) == 135
    cells = {f"{sh.key}.{r.key}.{c}" for sh in schema.SHEETS if sh.form for r in sh.rows for c in r.inputs}
    cells |= {f"submission.{r.key}" for r in schema.SUBMISSION.rows}
    for key, fig in FIGURES.items():
        assert fig.key == key and fig.label_lo and fig.label_en
        if fig.of_list:
            sheet = schema.SHEETS_BY_KEY[fig.sheet]
            assert not sheet.form and fig.parts == ()
            assert not fig.column or sheet.column(fig.column).kind is schema.Kind.COUNT
            if fig.rows:
                column = sheet.column(fig.rows[0])
                assert fig.rows[1] in {o.key for o in schema.choices(column.choices or "")} | {figures.UNSPECIFIED}
        else:
            assert fig.parts and set(fig.parts) <= cells, key
    labels = [(f.label_lo, f.label_en) for f in FIGURES.values()]
    assert len(set(labels)) == len(labels)  # two figures never read the same in a table or an export


def test_derived_figures_add_up_what_their_labels_say():
    assert FIGURES["victims.all.total"].parts == tuple(VICTIM_CELLS)
    assert FIGURES["victims.all.children"].parts == tuple(c for c in VICTIM_CELLS if c.endswith(("girls", "boys")))
    assert "domestic" not in "".join(FIGURES["victim_places.abroad.total"].parts)
    assert FIGURES["budget.all.total"].kind is schema.Kind.MONEY
    assert FIGURES["cases.fines.total"].kind is schema.Kind.MONEY and FIGURES["cases.received.total"].kind is schema.Kind.COUNT
    assert FIGURES["cases.suspects.women"].label_en == "Cases: suspects arrested, women"
    assert FIGURES["training.unspecified.courses"].rows == ("target_group", "unspecified")


@given(st.lists(st.one_of(st.none(), st.integers(0, 1000)), min_size=20, max_size=20))
def test_a_committee_figure_is_the_sum_of_what_it_gave_and_names_every_empty_cell(values):
    sub = sub_with(counts=dict(zip(VICTIM_CELLS, values, strict=True)))
    p = part(sub, "victims.all.total")
    given_ = [v for v in values if v is not None]
    assert p.value == (sum(given_) if given_ else None)
    assert p.empty == tuple(sub.refs[k] for k, v in zip(VICTIM_CELLS, values, strict=True) if v is None)
    assert p.sources == tuple(sub.refs[k] for k, v in zip(VICTIM_CELLS, values, strict=True) if v is not None)
    assert p.partial == (bool(given_) and None in values)
    assert p.cells == tuple(VICTIM_CELLS)


def test_list_figures_sum_a_column_by_option_and_a_silent_list_is_its_sheet():
    channel = schema.CHANNELS[0]
    sub = sub_with(awareness=[{"channel": channel.key, "activities": 3}, {"channel": channel.key},
                              {"channel": schema.CHANNELS[1].key, "activities": 2}])
    p = part(sub, f"awareness.{channel.key}.activities")
    assert (p.value, p.partial) == (3, True)
    lay = schema.layout(schema.AWARENESS)
    col = chr(64 + lay.column_at["activities"])
    assert p.empty == (CellRef("A.xlsx", schema.AWARENESS.title, f"{col}{schema.AWARENESS.first_data_row + 1}"),)
    assert part(sub, "awareness.all.activities").value == 5
    assert part(sub, f"awareness.{schema.CHANNELS[2].key}.activities").value == 0  # a channel not used: 0
    assert part(sub, "awareness.count").value == 3
    assert part(sub, "lessons.count").value == 0  # "nothing to report" answered
    sub.none["lessons"] = False
    silent = part(sub, "lessons.count")
    assert (silent.value, silent.empty) == (None, (CellRef("A.xlsx", schema.LESSONS.title),))


def test_totals_keep_every_empty_cell_and_every_source_never_cut():
    subs = [sub_with(f"{i:02}.xlsx", {c: 1 for c in VICTIM_CELLS[1:]}) for i in range(30)]
    total = aggregate(subs, 2019).t("victims.all.total")
    assert (total.value, total.missing, total.partial) == (30 * 19, 30, True)
    assert total.missing_from == tuple(s.refs[VICTIM_CELLS[0]] for s in subs)
    assert len(total.sources) == 30 * 19 and total.sources[0] == subs[0].refs[VICTIM_CELLS[1]]
    assert total.reported_by == tuple(s.file for s in subs)


def test_gaps_read_by_workbook_and_sheet_in_the_order_met():
    refs = [CellRef("A.xlsx", "7 ຜູ້ຖືກເຄາະຮ້າຍ", "F7"), CellRef("A.xlsx", "7 ຜູ້ຖືກເຄາະຮ້າຍ", "G7"),
            CellRef("B.xlsx", "4 ບົດຮຽນ"), CellRef("C.xlsx")]
    assert gap_texts(refs) == ["A.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7, G7", "B.xlsx › 4 ບົດຮຽນ › ບໍ່ໄດ້ກອກ / not filled in",
                               "C.xlsx"]
    assert describe_gaps(refs[:2]) == "A.xlsx › 7 ຜູ້ຖືກເຄາະຮ້າຍ › F7, G7"


def _issues(sub: Submission) -> list:
    return [i for i in check([sub], 2019) if not i.code.startswith(("list.", "value."))]


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.left} {r.op} {r.right}")
def test_each_rule_of_the_table_gives_its_warning(rule: Rule):
    left, right = FIGURES[rule.left].parts, FIGURES[rule.right].parts
    counts = {k: 2 for k in left} | {k: 1 for k in right}
    issues = _issues(sub_with(counts=counts))
    assert [(i.code, i.is_error, i.figures) for i in issues] == [(rule.code, False, left + right)]
    agreeing = {k: 1 for k in left} | {k: 0 for k in right} | {right[0]: len(left)}  # equal, and left <= right
    assert not _issues(sub_with(counts=agreeing))


def test_victims_rule_with_empty_cells_says_which_cells_it_could_not_compare():
    counts = {k: 1 for k in VICTIM_CELLS} | {"victims.labour.men": None}
    counts |= {k: 1 for k in FIGURES["victim_places.all.total"].parts}
    [issue] = _issues(sub_with(counts=counts))
    assert issue.code == "victims.places_partial"
    assert f"({schema.VICTIMS.title} › G6)" in issue.en and "(19)" in issue.en


def test_the_check_applies_the_rules_of_the_table(monkeypatch):
    rule = Rule("cases.convicted.total", "<=", "cases.suspects.total", "cases.order", what="part.more_convicted")
    monkeypatch.setattr(check_module, "RULES", (rule,))
    [issue] = _issues(sub_with(counts={"cases.convicted.total": 5, "cases.suspects.total": 2}))
    assert (issue.code, issue.en, issue.where.cell) == ("cases.order", "more cases with a conviction than decided (5 > 2)",
                                                         "E11")


def test_a_key_outside_the_table_is_an_error_not_a_blank():
    data = aggregate([sub_with()], 2019)
    assert data.t("victims.all.total").value is None  # in the table: not reported
    with pytest.raises(KeyError, match="unknown figure 'victims.all.totl'"):
        data.t("victims.all.totl")
    with pytest.raises(KeyError):
        data.provinces[0].t("cases.received")
