"""The Document as plain JSON-ready data: golden files in the tests, and a look at the model when debugging."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from .document import Document
from .submission import CellRef


def _plain(value: Any) -> Any:
    if isinstance(value, CellRef):
        return str(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = {"type": type(value).__name__}
        for f in dataclasses.fields(value):
            v = getattr(value, f.name)
            if v in ("", (), [], None, False, set()) and f.name != "value":
                continue  # defaults say nothing; leaving them out keeps the golden files readable
            out[f.name] = _plain(v)
        return out
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, set):
        return sorted(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def document_dict(doc: Document) -> dict[str, Any]:
    """Every block with its runs, figures, remarks, sources and ids, in reading order."""
    return {"meta": _plain(doc.meta), "blocks": [_plain(b) for b in doc.blocks]}
