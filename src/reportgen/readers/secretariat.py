"""Reads the secretariat's own text (secretariat.txt beside reportgen.toml): the year's sentences the forms cannot give.

The file is plain text a clerk edits in Notepad or Word (saved as text): a heading in square brackets, then the
paragraphs that go under it, one paragraph a line (an empty line between them is fine):

    [ສະພາບລວມ]
    ປີ 2019 ເປັນປີທີ່ …
    [ດ້ານດີ]
    …

Every part is optional and the file itself too. Lines starting with # are notes for whoever edits the file. Text
the report has no place for (before the first heading, under a heading it does not know) is never dropped
silently: each such line is a warning with its line number, and the report is built without it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..messages import issue
from ..model.secretariat import PARTS, SecretariatText
from ..model.submission import CellRef, Issue


def _heading(line: str) -> str | None:
    """The part a "[…]" line names (its Lao or English heading, or both "ສະພາບລວມ / context"), "" if unknown."""
    inner = line.strip()[1:-1].strip()
    names = {n.strip().casefold() for n in inner.split("/")}
    for key, (lo, en) in PARTS.items():
        if names & {lo.casefold(), en.casefold(), key}:
            return key
    return ""


def read_secretariat_text(path: Path, shown: str) -> tuple[SecretariatText, list[Issue]]:
    """The parts of `path` (shown in messages as `shown`), and a warning for each line the report has no place for.
    A missing file is an empty text and no warning: the file is optional."""
    if not path.is_file():
        return SecretariatText(file=shown), []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return SecretariatText(file=shown), [issue("secretariat.encoding", CellRef(shown))]
    parts: dict[str, list[str]] = {}
    issues: list[Issue] = []
    current: str | None = None  # None: before any heading
    for n, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if stripped.startswith("[") and stripped.endswith("]"):
            current = _heading(stripped)
            if current == "":
                issues.append(issue("secretariat.heading", CellRef(shown), line=n, heading=stripped, known=", ".join(f"[{lo}]" for lo, _ in PARTS.values())))
            continue
        if current:
            parts.setdefault(current, []).append(stripped)
        elif current is None:
            issues.append(issue("secretariat.unplaced", CellRef(shown), line=n, text=_short(stripped)))
        # under an unknown heading: that heading's warning says its lines are not in the report
    return SecretariatText({k: tuple(v) for k, v in parts.items()}, shown), issues


def _short(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[:n] + "…"


def secretariat_digest(path: Path) -> bytes:
    """What the reports depend on in the file: its bytes (nothing when there is none)."""
    return hashlib.sha256(path.read_bytes() if path.is_file() else b"").digest()
