"""What both Python peers share: on the layout examples/make_bench.rs writes, read
Indonesian figures exactly and recompute what selaras recomputes for that table.

A peer hands `count_findings` the rows of a sheet, each a sequence of
(value, is_percent_formatted) pairs, where is_percent_formatted is True, False, or
None when the reader does not know formats (then a number <= 5 in a percent column
is taken for a fraction). Recomputed, in exact decimals rounded half up:

* % Capaian = Realisasi / Target x 100, % Serapan = Realisasi (Rp) / Anggaran x 100,
  compared at 2 decimals;
* each kegiatan's Anggaran and Realisasi (Rp) = the sum of its sub kegiatan, each
  program's = the sum of its kegiatan, the JUMLAH = the sum of the programs.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

HUNDRED = Decimal(100)
CENT = Decimal("0.01")

HEADERS = {
    "kode": "kode",
    "target": "target",
    "realisasi": "realisasi",
    "% capaian": "capaian",
    "anggaran (rp)": "anggaran",
    "realisasi (rp)": "realisasi_rp",
    "% serapan": "serapan",
}
PERCENT = {"capaian", "serapan"}
MONEY = {"anggaran", "realisasi_rp"}


def parse(value, pct_format, key):
    """An exact Decimal from a cell, percentages in percent points; None if blank."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        d = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if key in PERCENT:
            if pct_format is True or (pct_format is None and abs(d) <= 5):
                d = d * HUNDRED
        return d
    text = str(value).strip()
    if not text:
        return None
    for junk in ("Rp.", "Rp", "%", " ", "\u00a0"):
        text = text.replace(junk, "")
    text = text.rstrip(",-")
    negative = text.startswith("(") and text.endswith(")")
    text = text.strip("()")
    dots, commas = text.count("."), text.count(",")
    if commas and dots:
        text = text.replace(".", "").replace(",", ".")
    elif commas == 1:
        text = text.replace(",", ".")
    elif dots > 1 or (dots == 1 and key in MONEY):
        text = text.replace(".", "")
    try:
        d = Decimal(text)
    except InvalidOperation:
        return None
    return -d if negative else d


def level(code):
    """program 1.02.01 -> 1, kegiatan 1.02.01.2.01 -> 2, sub kegiatan ...0001 -> 3."""
    parts = code.count(".") + 1
    return {3: 1, 5: 2, 6: 3}.get(parts)


def percent_of(part, whole):
    return (part / whole * HUNDRED).quantize(CENT, rounding=ROUND_HALF_UP)


def count_findings(rows):
    cols = None
    table = []  # (level or "total", {key: Decimal})
    for row in rows:
        if cols is None:
            texts = [str(v).strip().lower() if isinstance(v, str) else "" for v, _ in row]
            if "kode" in texts and "anggaran (rp)" in texts:
                cols = {}
                for i, t in enumerate(texts):
                    key = HEADERS.get(t)
                    if key and key not in cols:
                        cols[key] = i
            continue
        first = row[0][0] if row else None
        first = first.strip() if isinstance(first, str) else ""
        if first.upper().startswith("JUMLAH"):
            kind = "total"
        else:
            kind = level(first) if first else None
            if kind is None:
                if table:
                    break  # the table ends at its first row without a kode
                continue
        figures = {}
        for key, i in cols.items():
            if key == "kode" or i >= len(row):
                continue
            value, fmt = row[i]
            figures[key] = parse(value, fmt, key)
        table.append((kind, figures))
        if kind == "total":
            break
    if cols is None:
        return 0
    return recompute(table)


def recompute(table):
    findings = 0
    # Percentages, row by row.
    for _, f in table:
        for cell, part, whole in (
            ("capaian", "realisasi", "target"),
            ("serapan", "realisasi_rp", "anggaran"),
        ):
            stated, p, w = f.get(cell), f.get(part), f.get(whole)
            if stated is None or p is None or not w:
                continue
            if stated.quantize(CENT, rounding=ROUND_HALF_UP) != percent_of(p, w):
                findings += 1
    # Sums: each row of level L is the sum of the rows of level L+1 below it, up to
    # the next row of level <= L; the total is the sum of the level-1 rows.
    n = len(table)
    for i, (kind, f) in enumerate(table):
        if kind == "total":
            parts = [g for k, g in table[:i] if k == 1]
        else:
            parts = []
            j = i + 1
            while j < n and table[j][0] not in ("total",) and table[j][0] > kind:
                if table[j][0] == kind + 1:
                    parts.append(table[j][1])
                j += 1
        if not parts:
            continue
        for key in ("anggaran", "realisasi_rp"):
            stated = f.get(key)
            if stated is None:
                continue
            total = sum((g[key] for g in parts if g.get(key) is not None), Decimal(0))
            if total != stated:
                findings += 1
    return findings
