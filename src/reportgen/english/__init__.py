"""The English companion report and the international data tables (issue: the US Embassy's TIP reporting,
UNODC's GLOTIP questionnaire and SDG indicator 16.2.2).

- `terms.toml` / `terms.py`: the English terms of report concepts, keyed by the data contract's keys;
- `narrative.py`: what the English templates (templates/en/) have besides the Lao ones' filters: English
  numbers and dates, places by their English names, committees' own words quoted as the Lao original;
- `exports.py`: the figures mapped to GLOTIP and SDG 16.2.2, as XLSX and CSV (build/<year>/exports/).

The English report is made from the same ReportData as the Lao one, by the same narrative machinery and
writers: only its templates and these filters differ, so every figure is the Lao report's figure.
"""

from __future__ import annotations

LANGUAGE = "en"
DOCUMENT_LANGUAGE = "en-US"

__all__ = ["DOCUMENT_LANGUAGE", "LANGUAGE"]
