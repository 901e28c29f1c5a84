"""Peer: python-calamine doing selaras's recomputation of the benchmark table.

    bench/.venv/bin/python bench/peer_calamine.py FILE.xlsx    # prints the number of findings

python-calamine gives numbers as floats without their format: a number <= 5 in a
percent column is taken for a fraction (0.9045 for 90,45%).
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from python_calamine import CalamineWorkbook  # noqa: E402

from peer_common import count_findings  # noqa: E402


def rows(sheet):
    for row in sheet.iter_rows():
        yield [(v, None) for v in row]


def main(path):
    wb = CalamineWorkbook.from_path(path)
    total = 0
    for name in wb.sheet_names:
        total += count_findings(rows(wb.get_sheet_by_name(name)))
    print(total)


if __name__ == "__main__":
    main(sys.argv[1])
