//! `out-of-range`: a figure outside what its kind can take. An IKM and each of
//! its unsur lie in [25, 100] (NRR x 25 with NRR in [1, 4], PermenPAN-RB 14/2017).
//!
//! | Unsur       | Nilai  |
//! |-------------|--------|
//! | Persyaratan | 90,88  (right)             |
//! | Biaya/Tarif | 107,30 (wrong: above 100)  |
//!
//! A column of NRR (`checks::nrr`) is held to the NRR's own range, 1–4, and the
//! IKM row under it to the one its own figure is on; the formula says which.

use rust_decimal::Decimal;
use toml::Spanned;

use super::{place, show};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::number::format_id;
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules};
use crate::table::Table;

use super::nrr::{self, Scale};

pub fn check(table: &Table, check: &Check, rules: &Rules) -> Vec<Finding> {
    let Check::Range { column, min, max } = check else {
        return Vec::new();
    };
    let nrr_rule = nrr::rule_for(rules, table, *column);
    // How each member states its unsur: NRR or converted (only where the rule says it may vary).
    let readings: Vec<Option<nrr::Reading>> = (0..table.members(*column).len())
        .map(|mi| nrr_rule.map(|n| nrr::column_reading(table, n, mi)))
        .collect();
    let mut out = Vec::new();
    for row in &table.rows {
        for (mi, column_reading) in readings.iter().enumerate() {
            let Some(f) = row.figure_at(*column, mi) else {
                continue;
            };
            let reading = match (nrr_rule, column_reading) {
                (Some(n), Some(r)) if nrr::is_summary(n, row) => {
                    Some(nrr::summary_reading(n, row, &f))
                }
                (_, r) => r.clone(),
            };
            // A table stating the converted scale throughout is held to the rule's range, as written.
            let scaled = match (nrr_rule, &reading) {
                (Some(n), Some(r))
                    if r.scale == Scale::Nrr
                        || column_reading
                            .as_ref()
                            .is_some_and(|c| c.scale == Scale::Nrr) =>
                {
                    let (lo, hi) = nrr::range(n, r.scale);
                    Some((lo, hi, r.describe(n)))
                }
                _ => None,
            };
            let (min, max) = scaled
                .as_ref()
                .map_or((*min, *max), |(lo, hi, _)| (*lo, *hi));
            if f.value >= min && f.value <= max {
                continue;
            }
            let (lo, hi) = (format_id(min, min.scale()), format_id(max, max.scale()));
            out.push(
                place(
                    Finding::new(
                        Code::OutOfRange,
                        f.at.clone(),
                        msg!(
                            "range.outside",
                            column = table.member_header(*column, mi),
                            value = show(&f),
                            lo = lo.as_str(),
                            hi = hi.as_str()
                        ),
                    ),
                    table,
                    row,
                    *column,
                )
                .figures(crate::checks::scaled(f.value, f.scale), None)
                .formula(
                    match scaled {
                        Some((_, _, scale)) => msg!(
                            "range.formula-scale",
                            lo = lo,
                            hi = hi,
                            column = table.member_header(*column, mi),
                            scale = scale
                        ),
                        None => msg!(
                            "range.formula",
                            lo = lo,
                            hi = hi,
                            column = table.member_header(*column, mi)
                        ),
                    },
                    Vec::new(),
                )
                .help(msg!("range.help")),
            );
        }
    }
    out
}

/// `[[check]] type = "range"`: every figure of `column` lies in `[min, max]`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    column: Option<Spanned<String>>,
    min: Option<Spanned<String>>,
    max: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let num = |k: &Option<Spanned<String>>, key: &str| {
            let v = k
                .as_ref()
                .ok_or_else(|| b.error(key, format!("a `range` check needs `{key}`")))?;
            v.get_ref().parse::<Decimal>().map_err(|_| {
                b.error_at(
                    v.span().start,
                    key,
                    "write a number with a dot, e.g. \"100\" or \"88.31\"",
                )
            })
        };
        Ok(Check::Range {
            column: b.required(&self.column, "column")?,
            min: num(&self.min, "min")?,
            max: num(&self.max, "max")?,
        })
    }
}
