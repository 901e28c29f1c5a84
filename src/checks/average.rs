//! `average-mismatch`: a Rata-rata row states the arithmetic mean of exactly the
//! rows the table lists above it in that column (DOMAIN.md, average). When the
//! stated mean is the mean of another set of rows (only the kegiatan, say), the
//! finding says so.
//!
//! | Program/Kegiatan           | % Capaian |
//! |----------------------------|-----------|
//! | Program Penunjang Urusan ..| 106,35    |
//! | Administrasi Keuangan ...  | 100,00    |
//! | Rata-rata                  | 103,18 (right: (106,35 + 100,00) / 2 = 103,175) |

use rust_decimal::Decimal;

use super::{judge, Derived, Verdict};
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::msg;
use crate::number::format_id;
use crate::rules::Check;
use crate::table::{Figure, Row, Table};

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Average {
        column,
        row: kind,
        rows,
        tolerance,
    } = check
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (i, row) in table.rows.iter().enumerate() {
        if row.kind != *kind {
            continue;
        }
        let Some(found) = row.figure(*column) else {
            continue;
        };
        let above: Vec<(&Row, Figure)> = table.rows[..i]
            .iter()
            .filter(|r| r.kind != *kind && r.kind != "total" && r.is(rows))
            .filter_map(|r| r.figure(*column).map(|f| (r, f)))
            .collect();
        if above.is_empty() {
            continue;
        }
        let exact = mean(above.iter().map(|(_, f)| f.exact));
        let cells: Vec<String> = above.iter().map(|(_, f)| f.at.a1()).collect();
        let formula = msg!(
            "average.formula",
            n = above.len(),
            cells = super::sum::cell_list(&cells),
            value = format_id(exact, found.scale + 2)
        );
        let note = if judge(&found, exact, *tolerance) == Verdict::Differs {
            other_reading(&above, &found, *tolerance)
        } else {
            None
        };
        out.extend(
            Derived {
                code: Code::AverageMismatch,
                table,
                row,
                col: *column,
                found: &found,
                exact,
                tolerance: *tolerance,
                formula,
                inputs: above.iter().map(|(_, f)| f.at.clone()).collect(),
                note,
                relation: Some(Relation::Mean(
                    above.iter().map(|(_, f)| f.at.clone()).collect(),
                )),
            }
            .finding(),
        );
    }
    out
}

fn mean(values: impl Iterator<Item = Decimal>) -> Decimal {
    let (sum, n) = values.fold((Decimal::ZERO, 0u32), |(s, n), v| (s + v, n + 1));
    if n == 0 {
        Decimal::ZERO
    } else {
        sum / Decimal::from(n)
    }
}

/// Says which subset of the rows (one kind only) reproduces the stated mean, if any.
fn other_reading(above: &[(&Row, Figure)], found: &Figure, tolerance: Decimal) -> Option<Msg> {
    let mut kinds: Vec<&str> = above.iter().map(|(r, _)| r.kind.as_str()).collect();
    kinds.dedup();
    kinds.sort_unstable();
    kinds.dedup();
    if kinds.len() < 2 {
        return None;
    }
    kinds.into_iter().find_map(|k| {
        let values: Vec<Decimal> = above
            .iter()
            .filter(|(r, _)| r.kind == k)
            .map(|(_, f)| f.exact)
            .collect();
        let m = mean(values.iter().copied());
        (judge(found, m, tolerance) != Verdict::Differs).then(|| {
            msg!(
                "average.other-reading",
                n = values.len(),
                kind = k,
                value = format_id(m, found.scale)
            )
        })
    })
}
