//! `sum-mismatch` across a row: a total column is the sum of the columns it
//! totals in the same row (a budget export's total anggaran = belanja operasi +
//! belanja modal; its realisasi likewise), less the columns it subtracts (the
//! sisa = anggaran − realisasi). An empty cell among them counts as nothing.
//!
//! | Operasi Anggaran | Modal Anggaran | Total Anggaran |
//! |------------------|----------------|----------------|
//! | 265.768.653.966  | 4.643.654.825  | 270.412.308.791 | = 265.768.653.966 + 4.643.654.825
//!
//! | Anggaran   | Realisasi | Sisa       |
//! |------------|-----------|------------|
//! | 22.696.700 | 3.076.751 | 19.619.949 | = 22.696.700 − 3.076.751

use rust_decimal::Decimal;
use toml::Spanned;

use super::Derived;
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::number::format_id;
use crate::rules::{Build, Check, CheckSpec, RuleError};
use crate::table::{Figure, Table};

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Add { cell, parts, less } = check else {
        return Vec::new();
    };
    // Every column the total adds must be in the table: a total over columns
    // the table does not show cannot be recomputed.
    if parts
        .iter()
        .chain(less)
        .any(|&p| table.members(p).is_empty())
    {
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
        let taken: Vec<(usize, Figure)> = less
            .iter()
            .filter_map(|&p| row.figure(p).map(|f| (p, f)))
            .collect();
        let figures: Vec<Figure> = pairs.iter().map(|(_, f)| f.clone()).collect();
        let exact: Decimal = figures.iter().map(|f| f.exact).sum::<Decimal>()
            - taken.iter().map(|(_, f)| f.exact).sum::<Decimal>();
        let term = |(p, f): &(usize, Figure)| {
            format!("{} {} ({})", table.header(*p), super::show(f), f.at.a1())
        };
        let added: Vec<String> = pairs.iter().map(term).collect();
        let mut terms = added.join(" + ");
        for t in &taken {
            terms.push_str(&format!(" − {}", term(t)));
        }
        // The relation written as a formula where it subtracts (`--fix` writes
        // =C5-D5); a plain total as a SUM of its cells.
        let relation = if taken.is_empty() {
            Relation::Sum(figures.iter().map(|f| f.at.clone()).collect())
        } else {
            let minus: Vec<String> = taken
                .iter()
                .map(|(_, f)| format!("-{}", f.at.a1()))
                .collect();
            let plus: Vec<String> = figures.iter().map(|f| f.at.a1()).collect();
            Relation::Formula(format!("{}{}", plus.join("+"), minus.concat()))
        };
        let inputs: Vec<_> = pairs
            .iter()
            .chain(&taken)
            .map(|(_, f)| f.at.clone())
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
                    .arg("terms", terms)
                    .arg("value", format_id(exact, found.scale)),
                inputs,
                note: None,
                relation: Some(relation),
            }
            .finding(),
        );
    }
    out
}

/// `[[check]] type = "add"`: `cell` is the sum of `columns` less the sum of
/// `less`, in the same row.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    columns: Option<Vec<Spanned<String>>>,
    less: Option<Vec<Spanned<String>>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let parts = b.listed(&self.columns)?;
        Ok(Check::Add {
            cell: b.required(&self.cell, "cell")?,
            parts,
            less: b.each(self.less.as_deref().unwrap_or_default(), "columns")?,
        })
    }
}
