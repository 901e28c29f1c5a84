//! `sum-mismatch`: each program equals the sum of its kegiatan, each kegiatan the
//! sum of its sub kegiatan, and the JUMLAH TOTAL the sum of the programs, in
//! exact Rupiah (the README, "What is checked": program total, grand total).
//!
//! | Program/Kegiatan               | Anggaran (Rp)  |
//! |--------------------------------|----------------|
//! | Program Perekonomian dan Pemb. | 1.565.899.000  | = 175.480.000 + 160.453.000 + 848.321.000 + 381.645.000
//! | Pelaksanaan Kebijakan Perekon. |   175.480.000  |
//! | JUMLAH TOTAL                   | 73.852.513.800 | = the sum of the programs

use rust_decimal::Decimal;
use toml::Spanned;

use super::{show, Derived};
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::msg;
use crate::number::format_id;
use crate::rules::{Build, Check, CheckSpec, RowRole, RuleError};
use crate::table::{Figure, Row, Table};
use crate::text::normalise;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Sum {
        columns,
        levels,
        total,
    } = check
    else {
        return Vec::new();
    };
    let rows: Vec<&Row> = table.rows.iter().collect();
    let by_kind: Vec<Option<usize>> = rows
        .iter()
        .map(|r| levels.iter().position(|l| *l == r.kind))
        .collect();
    let is_total: Vec<bool> = rows
        .iter()
        .map(|r| total.as_deref() == Some(r.kind.as_str()))
        .collect();
    let found = sums(
        table,
        &rows,
        &by_kind,
        &is_total,
        columns,
        levels.is_empty(),
    );
    // Without a kode, levels come from words ("Program ...") that a table may not
    // use: when totals fail, try the levels the figures themselves show, and keep
    // them if they explain the table better.
    let has_kode = table
        .located
        .columns
        .iter()
        .flatten()
        .any(|m| normalise(&m.header).contains("kode"));
    if found.is_empty() || has_kode {
        return found;
    }
    let inferred = infer_levels(&rows, &by_kind, &is_total, columns);
    if inferred == by_kind {
        return found;
    }
    let again = sums(
        table,
        &rows,
        &inferred,
        &is_total,
        columns,
        levels.is_empty(),
    );
    if again.len() <= found.len() {
        again
    } else {
        found
    }
}

/// Levels where a row is the sum of the rows of its own level that follow it: those
/// rows are one level down (a kegiatan typed without a kode over its sub kegiatan,
/// a program named without the word "Program").
///
/// Each figure is read once. In a column with no negative figure a running sum
/// only grows, so once it has passed the row's own figure (as rounded for the
/// comparison) no longer run can equal it and the search for that row stops: a
/// program of a hundred kegiatan costs a few steps a kegiatan, not a hundred.
fn infer_levels(
    rows: &[&Row],
    levels: &[Option<usize>],
    is_total: &[bool],
    columns: &[usize],
) -> Vec<Option<usize>> {
    // (stated value, exact value) of each column's figure in each row.
    let figures: Vec<Vec<Option<(Decimal, Decimal)>>> = columns
        .iter()
        .map(|&c| {
            rows.iter()
                .map(|r| r.figure(c).map(|f| (f.value, f.exact)))
                .collect()
        })
        .collect();
    let never_negative: Vec<bool> = figures
        .iter()
        .map(|col| {
            col.iter()
                .flatten()
                .all(|(_, exact)| !exact.is_sign_negative())
        })
        .collect();
    let mut out = levels.to_vec();
    for i in 0..rows.len() {
        let Some(l) = out[i] else { continue };
        let targets: Vec<(usize, Decimal)> = figures
            .iter()
            .enumerate()
            .filter_map(|(k, col)| col[i].map(|(value, _)| (k, value)))
            .collect();
        if targets.is_empty() {
            continue;
        }
        let mut sums = vec![Decimal::ZERO; targets.len()];
        let mut j = i + 1;
        while j < rows.len() && !is_total[j] && out[j] == Some(l) {
            for (s, (k, _)) in sums.iter_mut().zip(&targets) {
                *s += figures[*k][j].map_or(Decimal::ZERO, |(_, exact)| exact);
            }
            let rounded: Vec<Decimal> = targets
                .iter()
                .zip(&sums)
                .map(|((_, t), s)| s.round_dp(t.scale()))
                .collect();
            let equal = targets.iter().zip(&rounded).all(|((_, t), r)| r == t);
            if equal && j >= i + 2 {
                for level in out.iter_mut().take(j + 1).skip(i + 1) {
                    *level = Some(l + 1);
                }
                break;
            }
            let past = targets
                .iter()
                .zip(&rounded)
                .any(|((k, t), r)| never_negative[*k] && r > t);
            if past {
                break;
            }
            j += 1;
        }
    }
    out
}

/// The sum findings of a table whose rows have the given levels.
fn sums(
    table: &Table,
    rows: &[&Row],
    levels: &[Option<usize>],
    is_total: &[bool],
    columns: &[usize],
    no_levels: bool,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let parts: Vec<&Row> = if is_total[i] {
            // The total sums the highest level present above it, or every row when the
            // rule names no levels; a sub total only those since the total before it.
            let from = match subtotal(rows, is_total, i) {
                true => (0..i).rev().find(|&k| is_total[k]).map_or(0, |k| k + 1),
                false => 0,
            };
            let above: Vec<usize> = (from..i).filter(|&k| !is_total[k]).collect();
            match above.iter().filter_map(|&k| levels[k]).min() {
                Some(top) => above
                    .into_iter()
                    .filter(|&k| levels[k] == Some(top))
                    .map(|k| rows[k])
                    .collect(),
                None if no_levels => above
                    .into_iter()
                    .map(|k| rows[k])
                    .filter(|r| r.section.is_some() || r.role != Some(RowRole::Section))
                    .collect(),
                None => Vec::new(),
            }
        } else if let Some(li) = levels[i] {
            children(rows, levels, is_total, i, li)
        } else {
            continue;
        };
        if parts.is_empty() {
            continue;
        }
        let row_is_total = is_total[i];
        // Each member of a column that spans several (a sumber dana each) adds up.
        let members = columns
            .iter()
            .flat_map(|&col| (0..table.members(col).len().max(1)).map(move |mi| (col, mi)));
        for (col, mi) in members {
            let Some(found) = row.figure_at(col, mi) else {
                continue;
            };
            let figures: Vec<_> = parts.iter().filter_map(|r| r.figure_at(col, mi)).collect();
            if figures.is_empty() {
                continue;
            }
            let exact: Decimal = figures.iter().map(|f| f.exact).sum();
            if super::judge(&found, exact, Decimal::ZERO) == super::Verdict::Agrees {
                continue;
            }
            let formula = Msg::new(match (row_is_total, figures.len() == 1) {
                (true, false) => "sum.formula-total",
                (true, true) => "sum.formula-total-one",
                (false, false) => "sum.formula-under",
                (false, true) => "sum.formula-under-one",
            })
            .arg("column", table.member_header(col, mi))
            .arg("n", figures.len())
            .arg(
                "cells",
                cell_list(&figures.iter().map(|f| f.at.a1()).collect::<Vec<_>>()),
            )
            .arg("value", format_id(exact, found.scale));
            let note = difference_note(found.value - exact, &figures, found.scale);
            out.extend(
                Derived {
                    code: Code::SumMismatch,
                    table,
                    row,
                    col,
                    found: &found,
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

/// Whether total row `i` totals only the rows since the total before it: it
/// says so ("Sub Total Kecamatan"), or it repeats that total's words (a
/// "Jumlah" under each group).
fn subtotal(rows: &[&Row], is_total: &[bool], i: usize) -> bool {
    let label = normalise(rows[i].label());
    let before = (0..i).rev().find(|&k| is_total[k]);
    label.starts_with("sub") || before.is_some_and(|k| normalise(rows[k].label()) == label)
}

/// The rows directly under row `i` of level `li`: until the next row of the same
/// or a higher level, those of the nearest lower level present.
fn children<'a>(
    rows: &[&'a Row<'a>],
    levels: &[Option<usize>],
    is_total: &[bool],
    i: usize,
    li: usize,
) -> Vec<&'a Row<'a>> {
    let block: Vec<usize> = (i + 1..rows.len())
        .take_while(|&k| !is_total[k] && levels[k].is_none_or(|l| l > li))
        .filter(|&k| levels[k].is_some())
        .collect();
    let Some(next) = block.iter().filter_map(|&k| levels[k]).min() else {
        return Vec::new();
    };
    block
        .into_iter()
        .filter(|&k| levels[k] == Some(next))
        .map(|k| rows[k])
        .collect()
}

/// Says by how much a total is off, and whether one row explains it.
fn difference_note(diff: Decimal, figures: &[Figure], scale: u32) -> Option<Msg> {
    if diff.is_zero() {
        return None;
    }
    let by = format_id(diff.abs(), scale);
    let one_row = figures.iter().find(|f| f.value == diff.abs());
    Some(match (diff.is_sign_positive(), one_row) {
        (true, None) => msg!("sum.higher", by = by),
        (false, None) => msg!("sum.lower", by = by),
        (true, Some(f)) => msg!(
            "sum.higher-one-row",
            by = by,
            value = show(f),
            cell = f.at.a1()
        ),
        (false, Some(f)) => msg!(
            "sum.lower-one-row",
            by = by,
            value = show(f),
            cell = f.at.a1()
        ),
    })
}

/// A figure held to the sum of `parts` (a `sum-mismatch` where it differs); the
/// formula is `key` of the catalogue with `n`, `cells` and `value`.
pub fn held_to_sum(
    table: &Table,
    row: &Row,
    col: usize,
    found: &Figure,
    parts: &[Figure],
    key: &'static str,
) -> Option<Finding> {
    if parts.is_empty() {
        return None;
    }
    let exact: Decimal = parts.iter().map(|f| f.exact).sum();
    let cells: Vec<String> = parts.iter().map(|f| f.at.a1()).collect();
    Derived {
        code: Code::SumMismatch,
        table,
        row,
        col,
        found,
        exact,
        tolerance: Decimal::ZERO,
        formula: Msg::new(key)
            .arg("n", parts.len())
            .arg("cells", cell_list(&cells))
            .arg("value", format_id(exact, found.scale)),
        inputs: parts.iter().map(|f| f.at.clone()).collect(),
        note: None,
        relation: Some(Relation::Sum(parts.iter().map(|f| f.at.clone()).collect())),
    }
    .finding()
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

/// `[[check]] type = "sum"`: in each of `columns`, a row of `levels[i]` is the
/// sum of the `levels[i+1]` rows under it; the `total` row sums the highest level.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    columns: Option<Vec<Spanned<String>>>,
    levels: Option<Vec<String>>,
    total: Option<String>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        self.levels
            .iter()
            .flatten()
            .chain(self.total.iter())
            .collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let columns = b.listed(&self.columns)?;
        let levels = self.levels.unwrap_or_default();
        if levels.is_empty() && self.total.is_none() {
            return Err(b.error("levels", "a `sum` check needs `levels`, `total` or both"));
        }
        Ok(Check::Sum {
            columns,
            levels,
            total: self.total,
        })
    }
}
