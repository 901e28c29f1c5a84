"""Peer: openpyxl (read_only) doing selaras's recomputation of the benchmark table.

    bench/.venv/bin/python bench/peer_openpyxl.py FILE.xlsx    # prints the number of findings

Numbers come with their number format, so a fraction formatted 0.00% is known to be
a percentage.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from openpyxl import load_workbook  # noqa: E402

from peer_common import count_findings  # noqa: E402


def rows(ws):
    for row in ws.iter_rows():
        yield [
            (c.value, "%" in (getattr(c, "number_format", None) or "")) for c in row
        ]


def main(path):
    wb = load_workbook(path, read_only=True, data_only=True)
    total = 0
    for ws in wb.worksheets:
        total += count_findings(rows(ws))
    wb.close()
    print(total)


if __name__ == "__main__":
    main(sys.argv[1])
