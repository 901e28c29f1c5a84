//! `sum-mismatch`: each program equals the sum of its kegiatan, each kegiatan the
//! sum of its sub kegiatan, and the JUMLAH TOTAL the sum of the programs, in
//! exact Rupiah (DOMAIN.md: program total, grand total).
//!
//! | Program/Kegiatan               | Anggaran (Rp)  |
//! |--------------------------------|----------------|
//! | Program Perekonomian dan Pemb. | 1.565.899.000  | = 175.480.000 + 160.453.000 + 848.321.000 + 381.645.000
//! | Pelaksanaan Kebijakan Perekon. |   175.480.000  |
//! | JUMLAH TOTAL                   | 73.852.513.800 | = the sum of the programs

use rust_decimal::Decimal;

use super::{show, Derived};
use crate::finding::{Code, Finding, Relation};
use crate::number::format_id;
use crate::rules::Check;
use crate::table::{Figure, Row, Table};

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Sum {
        columns,
        levels,
        total,
    } = check
    else {
        return Vec::new();
    };
    let level = |row: &Row| levels.iter().position(|l| *l == row.kind);
    let is_total = |row: &Row| total.as_deref() == Some(row.kind.as_str());
    let rows: Vec<&Row> = table.rows.iter().collect();
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let parts: Vec<&Row> = if is_total(row) {
            // The total sums the highest level present above it, or every row when the
            // rule names no levels.
            let above: Vec<&Row> = rows[..i].iter().copied().filter(|r| !is_total(r)).collect();
            match above.iter().filter_map(|r| level(r)).min() {
                Some(top) => above
                    .into_iter()
                    .filter(|r| level(r) == Some(top))
                    .collect(),
                None if levels.is_empty() => above
                    .into_iter()
                    .filter(|r| r.section.is_some() || r.kind != "section")
                    .collect(),
                None => Vec::new(),
            }
        } else if let Some(li) = level(row) {
            children(&rows[i + 1..], li, &level, &is_total)
        } else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        for &col in columns {
            let Some(found) = row.figure(col) else {
                continue;
            };
            let figures: Vec<_> = parts.iter().filter_map(|r| r.figure(col)).collect();
            if figures.is_empty() {
                continue;
            }
            let exact: Decimal = figures.iter().map(|f| f.exact).sum();
            if super::judge(found, exact, Decimal::ZERO) == super::Verdict::Agrees {
                continue;
            }
            let what = if is_total(row) {
                "rows it totals"
            } else {
                "rows under it"
            };
            let formula = format!(
                "{} = sum of the {} {} = {} = {}",
                table.header(col),
                figures.len(),
                what,
                cell_list(&figures.iter().map(|f| f.at.a1()).collect::<Vec<_>>()),
                format_id(exact, found.scale)
            );
            let note = difference_note(found.value - exact, &figures, found.scale);
            out.extend(
                Derived {
                    code: Code::SumMismatch,
                    table,
                    row,
                    col,
                    found,
                    exact,
                    tolerance: Decimal::ZERO,
                    formula,
                    inputs: figures.iter().map(|f| f.at.clone()).collect(),
                    note,
                    relation: Some(Relation::Sum(
                        figures.iter().map(|f| f.at.clone()).collect(),
                    )),
                }
                .finding(),
            );
        }
    }
    out
}

/// The rows directly under a row of level `li`: until the next row of the same or
/// a higher level, those of the nearest lower level present.
fn children<'a>(
    after: &[&'a Row],
    li: usize,
    level: &dyn Fn(&Row) -> Option<usize>,
    is_total: &dyn Fn(&Row) -> bool,
) -> Vec<&'a Row> {
    let block: Vec<&Row> = after
        .iter()
        .copied()
        .take_while(|r| !is_total(r) && level(r).is_none_or(|l| l > li))
        .filter(|r| level(r).is_some())
        .collect();
    let Some(next) = block.iter().filter_map(|r| level(r)).min() else {
        return Vec::new();
    };
    block
        .into_iter()
        .filter(|r| level(r) == Some(next))
        .collect()
}

/// Says by how much a total is off, and whether one row explains it.
fn difference_note(diff: Decimal, figures: &[&Figure], scale: u32) -> Option<String> {
    if diff.is_zero() {
        return None;
    }
    let higher = if diff.is_sign_positive() {
        "higher"
    } else {
        "lower"
    };
    let mut note = format!(
        "the stated figure is {higher} by {}",
        format_id(diff.abs(), scale)
    );
    if let Some(f) = figures.iter().find(|f| f.value == diff.abs()) {
        note.push_str(&format!(
            ", exactly {} ({}): a row counted twice or left out?",
            show(f),
            f.at.a1()
        ));
    }
    Some(note)
}

/// `F7 + F8 + F9`, or `F7 + … + F16` for a long run.
pub fn cell_list(cells: &[String]) -> String {
    if cells.len() <= 6 {
        cells.join(" + ")
    } else {
        format!(
            "{} + {} + … + {}",
            cells[0],
            cells[1],
            cells[cells.len() - 1]
        )
    }
}
