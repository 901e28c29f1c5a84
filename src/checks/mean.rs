//! `average-mismatch` across a row: a column that states the mean of another
//! column's members in the same row (an index per triwulan and its
//! "Rata-rata": the mean of TW I … TW IV). An empty member is not counted; a
//! row with no member filled is not judged.
//!
//! | Layanan             | TW I | TW II | TW III | TW IV | Rata-rata |
//! |---------------------|------|-------|--------|-------|-----------|
//! | Sertifikasi Perangkat | 3,12 | 3,25 | 3,30 | 3,28 | 3,24 | = (3,12 + 3,25 + 3,30 + 3,28) / 4 = 3,2375

use rust_decimal::Decimal;
use toml::Spanned;

use super::Derived;
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::number::format_id;
use crate::rules::{Build, Check, CheckSpec, RowRole, RuleError};
use crate::table::{Figure, Table};

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Mean { cell, of } = check else {
        return Vec::new();
    };
    let members = table.members(*of).len();
    // (The mean of one column is that column: nothing to recompute.)
    if members < 2 || table.members(*cell).is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for mc in 0..table.members(*cell).len() {
        let averaged = averaged(table, (*cell, mc), *of);
        for (i, row) in table.rows.iter().enumerate() {
            let Some(found) = row.figure_at(*cell, mc) else {
                continue;
            };
            let across = mean_of(table, row, *cell, &found, &averaged, *of);
            // A Rata-rata row's Rata-rata: the mean of the rows above as well
            // as of its own periods; either is the form's, and a figure that
            // is neither is held to the rows above (the row says so).
            if row.role == Some(RowRole::Average) && across.is_some() {
                out.extend(down(table, (row, &table.rows[..i]), (*cell, mc), &found));
                continue;
            }
            out.extend(across);
        }
    }
    out
}

/// A Rata-rata row's figure in member `mc` of `cell` against the mean of the
/// rows `above` it in that member; None where it agrees.
fn down(
    table: &Table,
    (row, above): (&crate::table::Row, &[crate::table::Row]),
    (cell, mc): (usize, usize),
    found: &Figure,
) -> Option<Finding> {
    let figures: Vec<Figure> = above
        .iter()
        .filter(|r| r.role.is_none())
        .filter_map(|r| r.figure_at(cell, mc))
        .collect();
    if figures.len() < 2 {
        return None;
    }
    let exact = figures.iter().map(|f| f.exact).sum::<Decimal>() / Decimal::from(figures.len());
    let cells: Vec<String> = figures.iter().map(|f| f.at.a1()).collect();
    let formula = crate::msg!(
        "average.formula",
        n = figures.len(),
        cells = super::sum::cell_list(&cells),
        value = format_id(exact, found.scale + 2)
    );
    held_to_mean(table, (row, cell), found, (exact, formula), &figures)
}

/// `found` against the mean `exact` of `figures`, said by `formula`.
fn held_to_mean(
    table: &Table,
    (row, cell): (&crate::table::Row, usize),
    found: &Figure,
    (exact, formula): (Decimal, Msg),
    figures: &[Figure],
) -> Option<Finding> {
    Derived {
        code: Code::AverageMismatch,
        table,
        row,
        col: cell,
        found,
        exact,
        tolerance: Decimal::ZERO,
        formula,
        inputs: figures.iter().map(|f| f.at.clone()).collect(),
        note: None,
        relation: Some(Relation::Mean(
            figures.iter().map(|f| f.at.clone()).collect(),
        )),
    }
    .finding()
}

/// `found` (a row's figure in `cell`) against the mean of the members
/// `averaged` of `of` on its row.
fn mean_of(
    table: &Table,
    row: &crate::table::Row,
    cell: usize,
    found: &Figure,
    averaged: &[usize],
    of: usize,
) -> Option<Finding> {
    let figures: Vec<Figure> = averaged
        .iter()
        .filter_map(|&m| row.figure_at(of, m))
        .collect();
    if figures.len() < 2 {
        return None;
    }
    let n = Decimal::from(figures.len());
    let sum: Decimal = figures.iter().map(|f| f.exact).sum();
    let exact = sum.checked_div(n)?;
    let terms: Vec<String> = figures
        .iter()
        .map(|f| format!("{} ({})", super::show(f), f.at.a1()))
        .collect();
    let member = table
        .members(cell)
        .iter()
        .position(|m| m.col == found.at.col)
        .unwrap_or(0);
    let formula = Msg::new("mean.formula")
        .arg("column", table.member_header(cell, member))
        .arg("terms", terms.join(" + "))
        .arg("n", figures.len())
        .arg("value", format_id(exact, found.scale));
    held_to_mean(table, (row, cell), found, (exact, formula), &figures)
}

/// `[[check]] type = "mean"`: `cell` is the mean of the members of `of` (a
/// column with a member per period), in the same row.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    of: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Mean {
            cell: b.required(&self.cell, "cell")?,
            of: b.required(&self.of, "of")?,
        })
    }
}

/// The members of `of` the mean in `cell` averages: those of the year its header
/// names, where some others are of another year (`Tahun 2022 | Tahun 2023 > TW
/// I … TW IV, Rata-rata`: the 2023 mean averages 2023's quarters); else all.
fn averaged(table: &Table, (cell, member): (usize, usize), of: usize) -> Vec<usize> {
    let all: Vec<usize> = (0..table.members(of).len()).collect();
    let Some(year) = table.member(cell, member).and_then(|m| m.year) else {
        return all;
    };
    let same: Vec<usize> = all
        .iter()
        .copied()
        .filter(|&m| table.member(of, m).and_then(|x| x.year) == Some(year))
        .collect();
    if same.len() >= 2 && same.len() < all.len() {
        same
    } else {
        all
    }
}
