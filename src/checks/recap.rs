//! An SKM recapitulation with the unsur as columns (the PermenPAN-RB 14/2017
//! form): one row per respondent, then the rows that sum it up, column by column.
//!
//! | No Resp                | U1   | U2   | … | U9   |      |
//! |------------------------|------|------|---|------|------|
//! | 1                      | 4    | 3    | … | 4    |      |
//! | Σ Nilai / Unsur        | 4    | 3    | … | 4    |      |  sum of the respondents (`sum-mismatch`)
//! | NRR / Unsur            | 4,00 | 3,00 | … | 4,00 |      |  Σ / respondents (`average-mismatch`)
//! | NRR Tertimbang / Unsur | 0,44 | 0,33 | … | 0,44 | 3,89 |  NRR × 1/9 (`weight-mismatch`); beside: their sum
//! | IKM Unit Pelayanan     | 97,22|      |   |      |      |  Σ NRR tertimbang × 25 (`index-mismatch`)
//!
//! The weight is 1/n for n unsur. Reports write it 0,111 (1/9 to three
//! decimals): a figure that only that written weight reproduces is a `rounding`
//! warning naming it, not an error.

use rust_decimal::Decimal;

use super::{judge, Derived, Verdict};
use crate::finding::{Code, Finding, Relation};
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::Check;
use crate::table::{Figure, Row, Table};

/// IKM = Σ NRR tertimbang × 25 (NRR 1–4 converted to 25–100).
const FACTOR: Decimal = Decimal::from_parts(25, 0, 0, false, 0);

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Recap {
        column,
        total,
        mean,
        weighted,
        index,
    } = check
    else {
        return Vec::new();
    };
    let summary = [
        Some(mean.as_str()),
        total.as_deref(),
        weighted.as_deref(),
        index.as_deref(),
    ];
    let is_summary = |r: &Row| summary.contains(&Some(r.kind.as_str()));
    let responses: Vec<&Row> = table
        .rows
        .iter()
        .filter(|r| !is_summary(r) && r.kind != "total")
        .collect();
    let row_of = |kind: &Option<String>| {
        kind.as_ref()
            .and_then(|k| table.rows.iter().find(|r| &r.kind == k))
    };
    let (sum_row, weighted_row, index_row) = (row_of(total), row_of(weighted), row_of(index));
    let mean_row = table.rows.iter().find(|r| &r.kind == mean);
    let members = table.members(*column).len();
    if members == 0 {
        return Vec::new();
    }
    let weight = Decimal::ONE / Decimal::from(members as u64);
    let written_weight = round_half_up(weight, 3);
    let mut out = Vec::new();
    // The NRR of each unsur as the recap states it, for the IKM below.
    // Each with whether its exact value is known (the respondents' mean it
    // agrees with) or only the figure as shown.
    let mut stated_nrr: Vec<(Figure, bool)> = Vec::new();
    let mut stated_weighted: Vec<Figure> = Vec::new();
    for mi in 0..members {
        let scores: Vec<Figure> = responses
            .iter()
            .filter_map(|r| r.figure_at(*column, mi))
            .collect();
        let cells: Vec<String> = scores.iter().map(|f| f.at.a1()).collect();
        let sum: Decimal = scores.iter().map(|f| f.exact).sum();
        if let Some(row) = sum_row {
            if let (Some(found), false) = (row.figure_at(*column, mi), scores.is_empty()) {
                out.extend(
                    Derived {
                        code: Code::SumMismatch,
                        table,
                        row,
                        col: *column,
                        found: &found,
                        exact: sum,
                        tolerance: Decimal::ZERO,
                        formula: msg!(
                            "recap.sum",
                            n = scores.len(),
                            cells = super::sum::cell_list(&cells),
                            value = format_id(sum, found.scale)
                        ),
                        inputs: scores.iter().map(|f| f.at.clone()).collect(),
                        note: None,
                        relation: Some(Relation::Sum(
                            scores.iter().map(|f| f.at.clone()).collect(),
                        )),
                    }
                    .finding(),
                );
            }
        }
        if let Some(row) = mean_row {
            if let Some(found) = row.figure_at(*column, mi) {
                let mut known = None;
                if !scores.is_empty() {
                    let exact = sum / Decimal::from(scores.len() as u64);
                    // The respondents' mean is what the rows below build on, even
                    // where the NRR stated differs from it (that one is found here).
                    known = Some(exact);
                    out.extend(
                        Derived {
                            code: Code::AverageMismatch,
                            table,
                            row,
                            col: *column,
                            found: &found,
                            exact,
                            tolerance: Decimal::ZERO,
                            formula: msg!(
                                "recap.mean",
                                n = scores.len(),
                                cells = super::sum::cell_list(&cells),
                                value = format_id(exact, found.scale + 2)
                            ),
                            inputs: scores.iter().map(|f| f.at.clone()).collect(),
                            note: None,
                            relation: Some(Relation::Mean(
                                scores.iter().map(|f| f.at.clone()).collect(),
                            )),
                        }
                        .finding(),
                    );
                }
                stated_nrr.push(match known {
                    Some(exact) => (Figure { exact, ..found }, true),
                    None => (found, false),
                });
            }
        }
        if let (Some(row), Some((nrr, known))) = (weighted_row, stated_nrr.last()) {
            if let Some(found) = row.figure_at(*column, mi) {
                if nrr.at.col == found.at.col {
                    out.extend(weighed(
                        table,
                        row,
                        *column,
                        &found,
                        (nrr, *known),
                        weight,
                        written_weight,
                    ));
                }
                stated_weighted.push(found);
            }
        }
    }
    if let Some(row) = index_row {
        out.extend(ikm(
            table,
            row,
            *column,
            &stated_nrr,
            &stated_weighted,
            weight,
            written_weight,
        ));
    }
    out
}

/// NRR tertimbang = NRR × 1/n.
fn weighed(
    table: &Table,
    row: &Row,
    column: usize,
    found: &Figure,
    (nrr, known): (&Figure, bool),
    weight: Decimal,
    written: Decimal,
) -> Option<Finding> {
    let exact = nrr.exact * weight;
    // An NRR shown rounded fixes its weighted value only to within its half unit × weight.
    let slack = if known {
        Decimal::ZERO
    } else {
        half_unit(nrr) * weight
    };
    let finding = Derived {
        code: Code::WeightMismatch,
        table,
        row,
        col: column,
        found,
        exact,
        tolerance: slack,
        formula: msg!(
            "recap.weighted",
            nrr = nrr.at.a1(),
            value = super::show(nrr),
            weight = weight_words(weight),
            result = format_id(exact, found.scale + 2)
        ),
        inputs: vec![nrr.at.clone()],
        note: None,
        relation: None,
    }
    .finding()?;
    Some(written_weight(finding, found, nrr.exact * written, written))
}

/// IKM = Σ NRR tertimbang × 25 = (Σ NRR) × 1/n × 25: from the NRR where the
/// recap states them, else from the weighted ones.
fn ikm(
    table: &Table,
    row: &Row,
    column: usize,
    stated: &[(Figure, bool)],
    weighted: &[Figure],
    weight: Decimal,
    written: Decimal,
) -> Option<Finding> {
    let found = (0..table.members(column).len()).find_map(|mi| row.figure_at(column, mi))?;
    let nrr: Vec<Figure> = stated.iter().map(|(f, _)| f.clone()).collect();
    let nrr = nrr.as_slice();
    let (from, key) = if nrr.is_empty() {
        (weighted, "recap.ikm-weighted")
    } else {
        (nrr, "recap.ikm")
    };
    if from.is_empty() {
        return None;
    }
    let total: Decimal = from.iter().map(|f| f.exact).sum();
    let (exact, alternative) = if nrr.is_empty() {
        (total * FACTOR, None)
    } else {
        (total * weight * FACTOR, Some(total * written * FACTOR))
    };
    let cells: Vec<String> = from.iter().map(|f| f.at.a1()).collect();
    // Figures shown rounded fix the IKM only to within their half units, carried
    // through the formula (× 1/n × 25 for NRR, × 25 for NRR tertimbang).
    let half_units: Decimal = if nrr.is_empty() {
        from.iter().map(half_unit).sum()
    } else {
        stated
            .iter()
            .filter(|(_, known)| !known)
            .map(|(f, _)| half_unit(f))
            .sum()
    };
    let slack = if nrr.is_empty() {
        half_units * FACTOR
    } else {
        half_units * weight * FACTOR
    };
    let finding = Derived {
        code: Code::IndexMismatch,
        table,
        row,
        col: column,
        found: &found,
        exact,
        tolerance: slack,
        formula: crate::i18n::Msg::new(key)
            .arg("cells", super::sum::cell_list(&cells))
            .arg("weight", weight_words(weight))
            .arg("value", format_id(exact, found.scale + 2)),
        inputs: from.iter().map(|f| f.at.clone()).collect(),
        note: None,
        relation: None,
    }
    .finding()?;
    Some(match alternative {
        Some(a) => written_weight(finding, &found, a, written),
        None => finding,
    })
}

/// A figure the exact weight does not give but the weight as reports write it
/// (0,111) does: a `rounding` warning naming that weight, not an error.
fn written_weight(finding: Finding, found: &Figure, result: Decimal, written: Decimal) -> Finding {
    // (Before any other rounding: 0,337 is 3,04 × 0,111, not a truncation.)
    if judge(found, result, Decimal::ZERO) != Verdict::Agrees {
        return finding;
    }
    let message = msg!(
        "recap.written-weight",
        column = finding.column_label.clone(),
        found = super::show(found),
        weight = format_id(written, 3),
        exact = finding
            .expected
            .as_deref()
            .and_then(|e| e.parse::<Decimal>().ok())
            .map(|e| format_id(e, found.scale))
            .unwrap_or_default()
    );
    let mut f = finding;
    f.code = Code::Rounding;
    f.severity = crate::finding::Severity::Warning;
    f.message = message;
    f.help = msg!("recap.written-weight-help", weight = format_id(written, 3));
    f.fix = None;
    f
}

/// Half a unit of the last decimal a figure is stored with: 0,005 for 3,46.
fn half_unit(f: &Figure) -> Decimal {
    Decimal::new(5, f.scale.max(f.exact.scale()) + 1)
}

/// The exact weight of one of n unsur: "1/9".
fn weight_words(exact: Decimal) -> String {
    let n = (Decimal::ONE / exact).round();
    format!("1/{n}")
}
