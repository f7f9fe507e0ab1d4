"""The English terms of the report's concepts (terms.toml), looked up by the data contract's keys."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources


@cache
def _terms() -> dict:
    with (resources.files("reportgen") / "english" / "terms.toml").open("rb") as f:
        return tomllib.load(f)


class Terms:
    """`en` in the English templates: en.sheet("cases"), en.row("cases", "received"), en.column("victims",
    "girls"), en.option("area", "prevention"), en.report("prosecution"). An unknown key is an error (KeyError),
    so a template cannot print a concept the glossary lacks."""

    def sheet(self, key: str) -> str:
        return _terms()["sheet"][key]

    def row(self, sheet: str, key: str) -> str:
        return _terms()["row"][sheet][key]

    def column(self, sheet: str, key: str) -> str:
        return _terms()["column"][sheet][key]

    def option(self, name: str, key: str | None) -> str:
        if name == "province":
            from ..contract.reference import PROVINCES_BY_CODE

            p = PROVINCES_BY_CODE.get(key or "")
            return p.en if p else (key or "")
        if key is None or key == "":
            return ""
        return _terms()["option"][name][key]

    def report(self, key: str, **values: object) -> str:
        return _terms()["report"][key].format(**values)


TERMS = Terms()


def all_terms() -> dict:
    """The whole table, for the glossary and the tests."""
    return _terms()
