"""Write every corpus case to OUT/<case>/inputs, to open the files or run reportgen on them by hand.

    cd tests && PYTHONPATH=../src python -m corpus /tmp/corpus
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # conftest.py, for the filled forms

from corpus.cases import CASES  # noqa: E402


def main(out: Path) -> None:
    for case in CASES:
        inputs = out / case.name / "inputs"
        inputs.mkdir(parents=True, exist_ok=True)
        case.make(inputs)
        print(f"{inputs}  ({'exit ' + str(case.exit_code)})")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m corpus OUT")
    main(Path(sys.argv[1]))
