//! `stale-value`: a formula whose saved value is not what it computes from the
//! values its cells hold now. The workbook was changed and saved without being
//! recalculated (calculation set to manual, or a program that edits values and
//! leaves the formulas' results as they were): what Excel shows after F9, and
//! what a printed or exported copy shows, differ.

use super::eval::Val;
use super::expr::Expr;
use super::{same, SheetFormulas};
use crate::finding::{Code, Finding, Relation};
use crate::msg;
use crate::workbook::Raw;

/// `found`: the audit's other findings on the sheet; a cell one of them already
/// names (a formula to correct) is not said to be stale as well.
pub fn check(f: &SheetFormulas, found: &[Finding]) -> Vec<Finding> {
    use rayon::prelude::*;
    let mut named: Vec<(u32, u32)> = found.iter().map(|x| (x.at.row, x.at.col)).collect();
    named.sort_unstable();
    let cells: Vec<(&(u32, u32), &super::Parsed)> = f.formulas.iter().collect();
    let spent = std::sync::atomic::AtomicU64::new(0);
    let mut out: Vec<Finding> = cells
        .par_iter()
        .with_min_len(4096)
        .filter_map(|(&(row, col), parsed)| {
            if !super::within_budget(parsed.reads, &spent) {
                return None;
            }
            let Raw::Number { value, .. } = f.sheet.raw(row, col) else {
                return None;
            };
            let Some(Val::Num(computed)) = f.computed(parsed) else {
                return None;
            };
            if same(computed, value) || named.binary_search(&(row, col)).is_ok() {
                return None;
            }
            Some(finding(f, row, col, value, computed))
        })
        .collect();
    out.sort_by_key(|f| (f.at.row, f.at.col));
    // A formula over a stale cell computes, from that cell's saved value, what
    // its own (right) saved value is not: it is the stale cell's consequence,
    // not a second stale value. Only the cells the staleness starts at are said.
    let stale: Vec<(u32, u32)> = out.iter().map(|x| (x.at.row, x.at.col)).collect();
    let follows = |x: &Finding| {
        f.formulas.get(&(x.at.row, x.at.col)).is_some_and(|p| {
            stale
                .iter()
                .any(|&s| s != (x.at.row, x.at.col) && reads(&f.formulas.expr(p), s))
        })
    };
    let roots: Vec<Finding> = out.iter().filter(|x| !follows(x)).cloned().collect();
    // (Cells that only read each other, all stale: none is the start; each is said.)
    if roots.is_empty() {
        out
    } else {
        roots
    }
}

/// Whether a formula reads the cell `(row, col)` of its own sheet, by itself
/// or within a range.
fn reads(e: &Expr, cell: (u32, u32)) -> bool {
    e.boxes().iter().any(|b| b.sheet.is_none() && b.holds(cell))
}

fn finding(
    f: &SheetFormulas,
    row: u32,
    col: u32,
    value: rust_decimal::Decimal,
    computed: rust_decimal::Decimal,
) -> Finding {
    let text = f.sheet.formula(row, col).unwrap_or_default().to_string();
    let percent = f.percent(row, col);
    let points = |v: rust_decimal::Decimal| {
        if percent {
            v * rust_decimal::Decimal::ONE_HUNDRED
        } else {
            v
        }
    };
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
    .figures(
        points(value).normalize(),
        Some(super::tidy(points(computed))),
    )
    .help(msg!("formula.stale-help"))
    .fix(Some(super::tidy(points(computed))))
    .relation(Some(Relation::Formula(text)))
}
