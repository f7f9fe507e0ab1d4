"""Reproducible zip packages (xlsx, docx): the same content always gives the same bytes."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_zip_times(data: bytes, edits: dict[str, Callable[[bytes], bytes]] | None = None) -> bytes:
    """Rewrite a zip package with every member stamped 1980-01-01, in the same order.

    openpyxl and python-docx stamp members with the current time, so two builds of the same inputs
    would otherwise differ. `edits` rewrites named members on the way (e.g. a timestamp in core.xml).
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if edits and info.filename in edits:
                body = edits[info.filename](body)
            dst.writestr(zi, body)
    return out.getvalue()
