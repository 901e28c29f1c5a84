//! `average-mismatch`: a Rata-rata row states the arithmetic mean of exactly the
//! rows the table lists above it in that column (the README, "What is checked": average). When the
//! stated mean is the mean of another set of rows (only the kegiatan, say), the
//! finding says so.
//!
//! | Program/Kegiatan           | % Capaian |
//! |----------------------------|-----------|
//! | Program Penunjang Urusan ..| 106,35    |
//! | Administrasi Keuangan ...  | 100,00    |
//! | Rata-rata                  | 103,18 (right: (106,35 + 100,00) / 2 = 103,175) |
//!
//! Under a column of NRR (`checks::nrr`: 3,52 … 3,60) the IKM row is their mean
//! × 25 (PermenPAN-RB 14/2017), and an NRR row under converted unsur their mean
//! ÷ 25: each figure is recomputed on the scale it is stated on.

use rust_decimal::Decimal;
use toml::Spanned;

use super::{judge, Derived, Verdict};
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::msg;
use crate::number::format_id;
use crate::rules::{Build, Check, CheckSpec, RowRole, RuleError, Rules};
use crate::table::{Figure, Row, Table};

use super::nrr::{self, NrrRule};

pub fn check(table: &Table, check: &Check, rules: &Rules) -> Vec<Finding> {
    let Check::Average {
        column,
        row: kind,
        rows,
        tolerance,
    } = check
    else {
        return Vec::new();
    };
    // The IKM row of a column that may hold NRR: recomputed on its own scale.
    let nrr_rule = nrr::rule_for(rules, table, *column).filter(|n| n.row == *kind);
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
            .filter(|r| r.kind != *kind && r.role != Some(RowRole::Total) && r.is(rows))
            .filter_map(|r| r.figure(*column).map(|f| (r, f)))
            .collect();
        if above.is_empty() {
            continue;
        }
        if let Some(n) = nrr_rule {
            if let Some(f) = scaled(table, row, &found, &above, n, *tolerance) {
                out.extend(f);
                continue;
            }
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

/// The IKM row where it and the unsur above are on different scales: the mean
/// brought to the row's own (× 25 or ÷ 25). None when both are on one scale (as
/// most tables state them, converted): the plain mean then.
fn scaled(
    table: &Table,
    row: &Row,
    found: &Figure,
    above: &[(&Row, Figure)],
    n: &NrrRule,
    tolerance: Decimal,
) -> Option<Option<Finding>> {
    let member = table
        .members(n.column)
        .iter()
        .position(|m| m.col == found.at.col)
        .unwrap_or(0);
    let unsur = nrr::column_reading(table, n, member);
    let this = nrr::summary_reading(n, row, found);
    let factor = nrr::factor(n, unsur.scale, this.scale);
    if factor == Decimal::ONE {
        return None;
    }
    let elements: Vec<Figure> = above.iter().map(|(_, f)| f.clone()).collect();
    let exact = mean(elements.iter().map(|f| f.exact)) * factor;
    let cells: Vec<String> = elements.iter().map(|f| f.at.a1()).collect();
    // NRR shown to 2 decimals fix their mean × 25 only to ±0,125: within that, the
    // IKM may be right (computed from the survey's exact scores).
    let slack = nrr::rounding_slack(&elements, factor);
    let formula = msg!(
        "average.formula-scaled",
        n = elements.len(),
        cells = super::sum::cell_list(&cells),
        op = if factor > Decimal::ONE { "×" } else { "÷" },
        factor = format_id(n.factor, 0),
        value = format_id(exact, found.scale + 2),
        unsur = unsur.describe(n),
        this = this.describe(n)
    );
    let formula = if slack > Decimal::ZERO {
        msg!(
            "average.with-slack",
            formula = formula,
            slack = nrr::show(slack)
        )
    } else {
        formula
    };
    Some(
        Derived {
            code: Code::AverageMismatch,
            table,
            row,
            col: n.column,
            found,
            exact,
            tolerance: tolerance.max(slack),
            formula,
            inputs: elements.iter().map(|f| f.at.clone()).collect(),
            note: None,
            relation: Some(Relation::MeanTimes(
                elements.iter().map(|f| f.at.clone()).collect(),
                factor,
            )),
        }
        .finding(),
    )
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

/// `[[check]] type = "average"`: the `row` kind states the mean of `column`
/// over the rows above it (of the `rows` kinds).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    column: Option<Spanned<String>>,
    row: Option<String>,
    rows: Option<Vec<String>>,
    tolerance: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        self.rows.iter().flatten().chain(self.row.iter()).collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Average {
            column: b.required(&self.column, "column")?,
            row: b.needs(
                &self.row,
                "row",
                "an `average` check needs `row`, the kind of row that states the mean",
            )?,
            tolerance: b.tolerance(&self.tolerance)?,
            rows: self.rows.unwrap_or_default(),
        })
    }
}
