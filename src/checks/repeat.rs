//! `repeat-mismatch`: one table names the same indicator in two rows (the tujuan
//! and the sasaran often share one) with different figures for the same year.
//! The names need not be identical ("Indeks Kepuasan Masyarakat" /
//! "Indeks Kepuasan Masyarakat Setda"): alike is enough.
//!
//! | Sasaran                  | Indikator                        | Realisasi |
//! |--------------------------|----------------------------------|-----------|
//! | Mewujudkan Kualitas ...  | Indeks Kepuasan Masyarakat       | 90,38     |
//! | Meningkatkan Kualitas ...| Indeks Kepuasan Masyarakat Setda | 90,40  (the same indicator, another figure) |

use super::{decimal_string, place, show};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::rules::Check;
use crate::table::{Row, Table};
use crate::text::{name_key, similarity};

/// Two indicator names name the same indicator: equal; one is the other with a
/// word or two more ("Indeks Kepuasan Masyarakat" / "... Masyarakat Setda",
/// "... Masyarakat (IKM)"); or they differ by a typo only.
pub fn same_indicator(a: &str, b: &str) -> bool {
    let (a, b) = (name_key(a), name_key(b));
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (wa, wb): (Vec<&str>, Vec<&str>) = (a.split(' ').collect(), b.split(' ').collect());
    let (small, big) = if wa.len() <= wb.len() {
        (&wa, &wb)
    } else {
        (&wb, &wa)
    };
    let contained = small.iter().all(|w| big.contains(w));
    (contained && small.len() >= 2 && big.len() - small.len() <= 2) || similarity(&a, &b) >= TYPO
}

/// Names this alike (in thousandths) differ by a typo, not in meaning.
const TYPO: u32 = 950;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Repeat { by, columns, rows } = check else {
        return Vec::new();
    };
    let named: Vec<(&Row, &str)> = table
        .rows_of(rows)
        .filter_map(|r| r.text(*by).map(|t| (r, t)))
        .collect();
    let mut out = Vec::new();
    for (i, (later, name)) in named.iter().enumerate() {
        // Held against the first earlier row of the same indicator only, so three
        // rows that disagree give two findings, not three.
        let Some((first, first_name)) = named[..i].iter().find(|(_, n)| same_indicator(n, name))
        else {
            continue;
        };
        for &col in columns {
            for mi in 0..table.members(col).len() {
                let (Some(f), Some(g)) = (first.figure_at(col, mi), later.figure_at(col, mi))
                else {
                    continue;
                };
                let scale = f.scale.min(g.scale);
                if crate::number::round_half_up(f.value, scale)
                    == crate::number::round_half_up(g.value, scale)
                {
                    continue;
                }
                // Reported at the first row: which of the two is right, only the
                // evidence behind them can say; the finding names both.
                let column = table.member_header(col, mi);
                out.push(
                    place(
                        Finding::new(
                            Code::RepeatMismatch,
                            f.at.clone(),
                            msg!(
                                "repeat.differs",
                                column = column.as_str(),
                                first = first_name,
                                value = show(&f),
                                other = show(&g),
                                row = later.row + 1,
                                name = name
                            ),
                        ),
                        table,
                        first,
                        col,
                    )
                    .values(
                        decimal_string(f.value, f.scale),
                        Some(decimal_string(g.value, g.scale)),
                    )
                    .formula(
                        msg!(
                            "repeat.formula",
                            column = column.as_str(),
                            row = first.row + 1,
                            other_row = later.row + 1,
                            cell = g.at.a1()
                        ),
                        vec![g.at.clone()],
                    )
                    .help(msg!("repeat.help")),
                );
            }
        }
    }
    out
}
