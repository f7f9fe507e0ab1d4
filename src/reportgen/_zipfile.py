"""Reproducible zip packages (xlsx, docx): the same content always gives the same bytes."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

_ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def fixed_zip_times(data: bytes, edits: dict[str, Callable[[bytes], bytes]] | None = None,
                    drop: tuple[str, ...] = ()) -> bytes:
    """Rewrite a zip package with every member stamped 1980-01-01, in the same order.

    openpyxl and python-docx stamp members with the current time, so two builds of the same inputs
    would otherwise differ. `edits` rewrites named members on the way (e.g. a timestamp in core.xml);
    `drop` leaves members out, together with the package relationship that points at them.
    """
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            zi = zipfile.ZipInfo(info.filename, _ZIP_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            body = src.read(info.filename)
            if edits and info.filename in edits:
                body = edits[info.filename](body)
            if info.filename == "_rels/.rels":
                for name in drop:
                    body = re.sub(rb'<Relationship [^>]*Target="/?' + re.escape(name.encode()) + rb'"[^>]*/>', b"", body)
            dst.writestr(zi, body)
    return out.getvalue()
