"""The secretariat's own text (secretariat.txt) as the narrative templates see it: paragraphs by part."""

from __future__ import annotations

from dataclasses import dataclass, field

#: The parts, by key: the Lao heading (and its English, both accepted in the file) and where the report prints it.
PARTS: dict[str, tuple[str, str]] = {
    "opening": ("ຄຳເປີດ", "opening"),  # the leadership's opening, before the overview
    "decree": ("ດຳລັດ", "decree"),  # the decree's number and date, after its name: "ສະບັບເລກທີ 245/ນຍ, ລົງວັນທີ …"
    "context": ("ສະພາບລວມ", "context"),  # the year's context, in the overview
    "strengths": ("ດ້ານດີ", "strengths"),  # the assessment's strengths, before what committees reported
    "shortcomings": ("ດ້ານຄົງຄ້າງ", "shortcomings"),  # the assessment's shortcomings, likewise
}


@dataclass(frozen=True)
class SecretariatText:
    """The secretariat's paragraphs by part (PARTS); a part not in the file is an empty tuple."""

    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    file: str = ""

    def __getattr__(self, name: str) -> tuple[str, ...]:  # s_text.context, s_text.decree…
        if name in PARTS:
            return self.parts.get(name, ())
        raise AttributeError(name)
