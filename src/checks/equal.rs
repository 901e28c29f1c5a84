//! `target-mismatch` within a row: a figure that must equal another, such as the
//! Renstra's "kondisi akhir" and its final year's target (the README, "What is checked").
//!
//! | Indikator                  | 2022 | ... | 2026 | Kondisi akhir Renstra |
//! |----------------------------|------|-----|------|-----------------------|
//! | Indeks Kepuasan Masyarakat | 83   | ... | 86   | 86 (right)            |
//! | Indeks Kepuasan Masyarakat | 83   | ... | 86   | 85 (wrong: 86)        |

use rust_decimal::Decimal;

use super::{show, Derived};
use crate::finding::Finding;
use crate::msg;
use crate::rules::Check;
use crate::table::Table;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Equal {
        cell,
        to,
        last,
        code,
    } = check
    else {
        return Vec::new();
    };
    let member = if *last {
        table.members(*to).len().saturating_sub(1)
    } else {
        0
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let (Some(found), Some(source)) = (row.figure(*cell), row.figure_at(*to, member)) else {
            continue;
        };
        let formula = msg!(
            "equal.formula",
            column = table.header(*cell),
            source = table.member_header(*to, member),
            cell = source.at.a1(),
            value = show(&source)
        );
        out.extend(
            Derived {
                code: *code,
                table,
                row,
                col: *cell,
                found: &found,
                exact: source.exact,
                tolerance: Decimal::ZERO,
                formula,
                inputs: vec![source.at.clone()],
                note: None,
                relation: None,
            }
            .finding(),
        );
    }
    out
}
