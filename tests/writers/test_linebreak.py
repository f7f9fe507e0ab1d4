"""ICU line-break marks for the PDF only: between Lao letters, never changing the text itself."""

from reportgen.writers.html.linebreak import ZWSP, mark_breaks

SEED = "ຄະນະກຳມະການຕ້ານການຄ້າມະນຸດລະດັບຊາດ ໄດ້ຈັດກອງປະຊຸມສະຫຼູບ 2019, ແລະ ທິດທາງແຜນການປີ 2020."


def test_marks_word_boundaries_inside_lao_runs():
    marked = mark_breaks(SEED)
    assert marked.replace(ZWSP, "") == SEED
    assert marked.split(" ")[0].split(ZWSP) == ["ຄະນະ", "ກຳມະການ", "ຕ້ານ", "ການຄ້າ", "ມະນຸດ", "ລະດັບ", "ຊາດ"]


def test_never_next_to_spaces_digits_or_punctuation():
    marked = mark_breaks(SEED)
    for i, ch in enumerate(marked):
        if ch == ZWSP:
            assert "\u0e80" <= marked[i - 1] <= "\u0eff" and "\u0e80" <= marked[i + 1] <= "\u0eff"


def test_latin_text_is_untouched():
    assert mark_breaks("sample data 2019") == "sample data 2019"
