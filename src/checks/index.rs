//! `index-mismatch`: an IKM stated in a table equals the mean of the unit's unsur
//! (PermenPAN-RB 14/2017: IKM = Σ NRR_i × 1/9 × 25, i.e. the mean of the nine
//! "NRR × 25" unsur values). Some write the weight as 0,111 and land up to 0,1
//! lower: a figure only that reproduces is a warning that says so.
//!
//! | Unsur       | Nilai |      | Indikator                  | Realisasi |
//! |-------------|-------|      |----------------------------|-----------|
//! | Persyaratan | 90,88 |      | Indeks Kepuasan Masyarakat | 91,31 (right: mean of 9) |
//! | ... 8 more  |       |      |                            |           |
//!
//! Unsur typed as NRR (`checks::nrr`: 3,52 …) give an IKM of their mean × 25; an
//! IKM stated as an NRR (3,55) is held against their mean on that scale.

use rust_decimal::Decimal;

use super::{decimal_string, judge, place, show, Verdict};
use crate::finding::{Code, Finding, Severity};
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Check, Rules};
use crate::table::{Figure, Table};
use crate::text::{any_matches, normalise};

pub fn check(table: &Table, check: &Check, source: &Table, rules: &Rules) -> Vec<Finding> {
    let Check::Index {
        cell,
        indicator,
        indicators,
        column,
        ..
    } = check
    else {
        return Vec::new();
    };
    let Some(vc) = rules.tables[source.rule].column_index(column) else {
        return Vec::new();
    };
    // The elements are the unsur rows, not a summary row under them (Nilai IKM, Rata-rata).
    let elements: Vec<Figure> = source
        .rows
        .iter()
        .filter(|r| !matches!(r.kind.as_str(), "ikm" | "total" | "average"))
        .filter_map(|r| r.figure(vc))
        .collect();
    if elements.is_empty() {
        return Vec::new();
    }
    let n = Decimal::from(elements.len() as u64);
    let sum: Decimal = elements.iter().map(|f| f.exact).sum();
    // The unsur's scale, where the source's rule says it may be NRR.
    let nrr_rule = super::nrr::rule_for(rules, source, vc);
    let unsur = nrr_rule.map(|n| super::nrr::column_reading(source, n, 0));
    let mut out = Vec::new();
    for row in &table.rows {
        let name = indicator.and_then(|c| row.text(c)).unwrap_or(row.label());
        if !any_matches(indicators, &normalise(name)) {
            continue;
        }
        for mi in 0..table.members(*cell).len() {
            let Some(found) = row.figure_at(*cell, mi) else {
                continue;
            };
            // A member of another year (Realisasi 2023) is not this year's index.
            if table.member(*cell, mi).is_some_and(|m| m.year.is_some()) && mi > 0 {
                continue;
            }
            let scale = found.scale;
            // Both on one scale (as most reports state them): the plain mean. Else
            // the mean brought to the stated figure's scale (× 25 or ÷ 25).
            let scaled = match (nrr_rule, &unsur) {
                (Some(nr), Some(u)) => {
                    let this = super::nrr::value_reading(nr, &found);
                    let factor = super::nrr::factor(nr, u.scale, this.scale);
                    (factor != Decimal::ONE).then_some((nr, factor, u, this))
                }
                _ => None,
            };
            let factor = scaled.as_ref().map_or(Decimal::ONE, |s| s.1);
            let mean = sum / n * factor;
            // The 0,111 convention: each unsur weighted 0,111 instead of 1/9.
            let weighted = sum * Decimal::new(111, 3) * factor;
            let slack = super::nrr::rounding_slack(&elements, factor);
            if judge(&found, mean, slack) == Verdict::Agrees {
                continue;
            }
            let by_weight =
                judge(&found, weighted, Decimal::ZERO) == Verdict::Agrees && elements.len() == 9;
            let message = if by_weight {
                msg!(
                    "index.by-weight",
                    column = table.member_header(*cell, mi),
                    name = name,
                    found = show(&found),
                    n = elements.len(),
                    weighted = format_id(weighted, scale),
                    mean = format_id(mean, scale)
                )
            } else {
                msg!(
                    "index.differs",
                    column = table.member_header(*cell, mi),
                    name = name,
                    found = show(&found),
                    n = elements.len(),
                    source = source.short_name(),
                    mean = format_id(mean, scale),
                    weighted = format_id(weighted, scale),
                    difference = format_id((found.value - mean).abs(), scale)
                )
            };
            let cells: Vec<String> = elements
                .iter()
                .map(|f| f.at.relative_to(&found.at.sheet))
                .collect();
            out.push(
                place(
                    Finding::new(Code::IndexMismatch, found.at.clone(), message),
                    table,
                    row,
                    *cell,
                )
                .severity(if by_weight {
                    Severity::Warning
                } else {
                    Severity::Error
                })
                .values(
                    decimal_string(found.value, scale),
                    Some(decimal_string(mean, scale)),
                )
                .formula(
                    match &scaled {
                        None => msg!(
                            "index.formula",
                            cells = super::sum::cell_list(&cells),
                            n = elements.len(),
                            sum = format_id(sum, scale)
                        ),
                        Some((nr, factor, u, this)) => msg!(
                            "index.formula-scaled",
                            cells = super::sum::cell_list(&cells),
                            n = elements.len(),
                            sum = format_id(sum, scale),
                            op = if *factor >= Decimal::ONE { "×" } else { "÷" },
                            factor = format_id(nr.factor, 0),
                            unsur = u.describe(nr),
                            this = this.describe(nr)
                        ),
                    },
                    elements.iter().map(|f| f.at.clone()).collect(),
                )
                .help(msg!(
                    "index.help",
                    exact = format_id(mean, scale + 2),
                    rounded = format_id(round_half_up(mean, scale), scale)
                ))
                .fix(Some(round_half_up(mean, scale)))
                .relation(Some(if factor == Decimal::ONE {
                    crate::finding::Relation::Mean(elements.iter().map(|f| f.at.clone()).collect())
                } else {
                    crate::finding::Relation::MeanTimes(
                        elements.iter().map(|f| f.at.clone()).collect(),
                        factor,
                    )
                })),
            );
        }
    }
    out
}
