//! `target-mismatch` for triwulan targets (the README, "What is checked"): for a
//! non-cumulative indicator the triwulan IV target equals the annual target; for
//! a cumulative one the four quarters add up to it. An indicator is cumulative
//! when its `cumulative` column says "kumulatif" or its name matches the rules'
//! `[indicators] cumulative` patterns. An indicator no column or pattern says
//! is cumulative, and that counts things rather than states a level (the
//! `[indicators] level` patterns: a percentage, an index), is also right when
//! its quarters add up to the annual target (DOMAIN's rule 5).
//!
//! | Indikator                  | Target | I | II | III | IV |
//! |----------------------------|--------|---|----|-----|----|
//! | Indeks Kepuasan Masyarakat | 85     |   |    |     | 85 (right) |
//! | Indeks Kepuasan Masyarakat | 85     |   |    |     | 84 (wrong) |

use rust_decimal::Decimal;
use toml::Spanned;

use super::{show, Derived};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::number::format_id;
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules};
use crate::table::{Figure, Table};
use crate::text::{any_matches, normalise};

pub fn check(table: &Table, check: &Check, rules: &Rules) -> Vec<Finding> {
    let Check::Quarters {
        target,
        quarters,
        indicator,
        cumulative,
    } = check
    else {
        return Vec::new();
    };
    let n = table.members(*quarters).len();
    if n == 0 {
        return Vec::new();
    }
    let mut out = Vec::new();
    for row in &table.rows {
        let Some(annual) = row.figure(*target) else {
            continue;
        };
        let qs: Vec<Figure> = (0..n).filter_map(|i| row.figure_at(*quarters, i)).collect();
        if qs.is_empty() {
            continue;
        }
        let name = indicator.and_then(|c| row.text(c)).unwrap_or(row.label());
        let says_cumulative = cumulative.and_then(|c| row.text(c)).map(normalise);
        let is_cumulative = match says_cumulative.as_deref() {
            Some(t) if t.contains("non") || t.contains("tidak") => false,
            Some(t) if t.contains("kumulatif") || t.contains("cumulative") => true,
            _ => any_matches(&rules.cumulative, &normalise(name)),
        };
        // Unsaid, an indicator that counts things (not a level: the rules'
        // `[indicators] level`) may have its quarters add up to the year's
        // (DOMAIN's rule 5): that reading is taken when it holds.
        let said = says_cumulative.as_deref().is_some_and(|t| {
            ["non", "tidak", "kumulatif", "cumulative"]
                .iter()
                .any(|w| t.contains(w))
        });
        let level = any_matches(&rules.level, &normalise(name));
        let count = !said && !is_cumulative && !level;
        let annual_shown = show(&annual);
        let annual_scale = annual.scale;
        let sum: Decimal = qs.iter().map(|f| f.exact).sum();
        if count && crate::number::round_half_up(sum, annual.scale) == annual.value {
            continue;
        }
        let (found, exact, formula, inputs) = if is_cumulative {
            let sum: Decimal = qs.iter().map(|f| f.exact).sum();
            (
                annual,
                sum,
                msg!(
                    "quarters.cumulative",
                    column = table.header(*target),
                    cells = qs.iter().map(|f| f.at.a1()).collect::<Vec<_>>().join(" + ")
                ),
                qs.iter().map(|f| f.at.clone()).collect(),
            )
        } else {
            // The last quarter is the year's end: a non-cumulative target is reached there.
            let Some(last) = row.figure_at(*quarters, n - 1) else {
                continue;
            };
            let formula = if count {
                msg!(
                    "quarters.count",
                    cells = qs.iter().map(|f| f.at.a1()).collect::<Vec<_>>().join(" + "),
                    sum = format_id(sum, annual.scale),
                    quarter = table.member_header(*quarters, n - 1),
                    last = show(&last),
                    column = table.header(*target),
                    value = show(&annual)
                )
            } else {
                msg!(
                    "quarters.non-cumulative",
                    quarter = table.member_header(*quarters, n - 1),
                    column = table.header(*target),
                    cell = annual.at.a1(),
                    value = show(&annual)
                )
            };
            (last, annual.exact, formula, vec![annual.at.clone()])
        };
        let col = if is_cumulative { *target } else { *quarters };
        let mut f = Derived {
            code: Code::TargetMismatch,
            table,
            row,
            col,
            found: &found,
            exact,
            tolerance: Decimal::ZERO,
            formula,
            inputs,
            note: None,
            relation: None,
        }
        .finding();
        if let Some(f) = f.as_mut() {
            if !is_cumulative {
                f.column_label = table.member_header(*quarters, n - 1);
            }
            // A count read either way has no one cell to correct.
            if count {
                f.fix = None;
                f.expected = None;
                f.message = msg!(
                    "quarters.count-message",
                    sum = format_id(sum, annual_scale),
                    quarter = table.member_header(*quarters, n - 1),
                    last = show(&found),
                    column = table.header(*target),
                    value = annual_shown.as_str()
                );
                f.help = msg!("quarters.count-help", column = table.header(*target));
            }
        }
        out.extend(f);
    }
    out
}

/// `[[check]] type = "quarters"`: the triwulan targets (`quarters`, a `many`
/// column) against the annual `target`: IV equals it, or for a cumulative
/// indicator (its name in `indicator`, or its word in `cumulative`) they sum to it.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    target: Option<Spanned<String>>,
    quarters: Option<Spanned<String>>,
    indicator: Option<Spanned<String>>,
    cumulative: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Quarters {
            target: b.required(&self.target, "target")?,
            quarters: b.required(&self.quarters, "quarters")?,
            indicator: b.optional(&self.indicator, "indicator")?,
            cumulative: b.optional(&self.cumulative, "cumulative")?,
        })
    }
}
