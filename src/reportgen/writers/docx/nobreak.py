"""Place names kept on one line with their ແຂວງ / ເມືອງ in Word and LibreOffice, as far as search allows.

Word and LibreOffice break Lao text themselves, with their own dictionaries: in the example LibreOffice put
38 line ends inside the names the PDF keeps whole, 31 of them between ແຂວງ (ເມືອງ, ນະຄອນຫຼວງ…) and the name.
A WORD JOINER (U+2060: invisible, no width, "no break here" in Unicode's line breaking) after that word stops
those. It goes nowhere else: LibreOffice's Find does not see through it (searching ປາກເຊ in ປາ⁠ກ⁠ເຊ finds
nothing), so a joiner between a name's syllables would hide the name from a reviewer's search; after the
prefix it hides only the prefixed form, and ໄຊສົມບູນ is found as typed. Text read back from a draft
(`without_joiners`) has them taken out.
"""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"

_PREFIX = re.compile("(?:^|(?<=[\\s(]))(ແຂວງ|ເມືອງ|ນະຄອນຫຼວງ|ນະຄອນ|ບ້ານ)(?=[\u0e81-\u0eae\u0ec0-\u0ec4\u0edc-\u0edf])")


def unbreakable(name: str) -> str:
    """`name` with a WORD JOINER after its ແຂວງ / ເມືອງ / ນະຄອນຫຼວງ / ບ້ານ."""
    return _PREFIX.sub("\\1" + WORD_JOINER, name)


def without_joiners(text: str) -> str:
    """Text read back from a DOCX, as it was before `unbreakable`."""
    return text.replace(WORD_JOINER, "") if WORD_JOINER in text else text

