//! `stale-value`: a formula whose saved value is not what it computes from the
//! values its cells hold now. The workbook was changed and saved without being
//! recalculated (calculation set to manual, or a program that edits values and
//! leaves the formulas' results as they were): what Excel shows after F9, and
//! what a printed or exported copy shows, differ.

use super::eval::Val;
use super::{same, SheetFormulas};
use crate::finding::{Code, Finding, Relation};
use crate::msg;
use crate::workbook::Raw;

/// `found`: the audit's other findings on the sheet; a cell one of them already
/// names (a formula to correct) is not said to be stale as well.
pub fn check(f: &SheetFormulas, found: &[Finding]) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut cells: Vec<_> = f.formulas.iter().collect();
    cells.sort_by_key(|((r, c), _)| (*r, *c));
    for (&(row, col), e) in cells {
        let Raw::Number { value, .. } = f.sheet.raw(row, col) else {
            continue;
        };
        let Some(Val::Num(computed)) = f.compute(e) else {
            continue;
        };
        if same(computed, value) || found.iter().any(|x| x.at.row == row && x.at.col == col) {
            continue;
        }
        let text = f.sheet.formula(row, col).unwrap_or_default().to_string();
        let percent = f.percent(row, col);
        let points = |v: rust_decimal::Decimal| {
            if percent {
                v * rust_decimal::Decimal::ONE_HUNDRED
            } else {
                v
            }
        };
        out.push(
            Finding::new(
                Code::StaleValue,
                f.at(row, col),
                msg!(
                    "formula.stale",
                    formula = format!("={text}"),
                    expected = f.shown(row, col, computed),
                    value = f.shown(row, col, value)
                ),
            )
            .values(
                points(value).normalize().to_string(),
                Some(points(computed).normalize().to_string()),
            )
            .help(msg!("formula.stale-help"))
            .fix(Some(points(computed)))
            .relation(Some(Relation::Formula(text))),
        );
    }
    out
}
