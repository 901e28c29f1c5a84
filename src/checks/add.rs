//! `sum-mismatch` across a row: a total column is the sum of the columns it
//! totals in the same row (a budget export's total anggaran = belanja operasi +
//! belanja modal; its realisasi likewise).
//!
//! | Operasi Anggaran | Modal Anggaran | Total Anggaran |
//! |------------------|----------------|----------------|
//! | 265.768.653.966  | 4.643.654.825  | 270.412.308.791 | = 265.768.653.966 + 4.643.654.825

use rust_decimal::Decimal;

use super::Derived;
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::number::format_id;
use crate::rules::Check;
use crate::table::{Figure, Table};

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Add { cell, parts } = check else {
        return Vec::new();
    };
    // Every column the total adds must be in the table: a total over columns
    // the table does not show cannot be recomputed.
    if parts.iter().any(|&p| table.members(p).is_empty()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(found) = row.figure(*cell) else {
            continue;
        };
        let pairs: Vec<(usize, Figure)> = parts
            .iter()
            .filter_map(|&p| row.figure(p).map(|f| (p, f)))
            .collect();
        if pairs.is_empty() {
            continue;
        }
        let figures: Vec<Figure> = pairs.iter().map(|(_, f)| f.clone()).collect();
        let exact: Decimal = figures.iter().map(|f| f.exact).sum();
        let terms: Vec<String> = pairs
            .iter()
            .map(|(p, f)| format!("{} {} ({})", table.header(*p), super::show(f), f.at.a1()))
            .collect();
        out.extend(
            Derived {
                code: Code::SumMismatch,
                table,
                row,
                col: *cell,
                found: &found,
                exact,
                tolerance: Decimal::ZERO,
                formula: Msg::new("add.formula")
                    .arg("column", table.header(*cell))
                    .arg("terms", terms.join(" + "))
                    .arg("value", format_id(exact, found.scale)),
                inputs: figures.iter().map(|f| f.at.clone()).collect(),
                note: None,
                relation: Some(Relation::Sum(
                    figures.iter().map(|f| f.at.clone()).collect(),
                )),
            }
            .finding(),
        );
    }
    out
}
