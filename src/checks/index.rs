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
use toml::Spanned;

use super::nrr::{NrrRule, Reading};
use super::{judge, place, show, Verdict};
use crate::finding::{Code, Finding, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Build, Check, CheckSpec, RowRole, RuleError, Rules};
use crate::table::{Figure, Row, Table};
use crate::text::{any_matches, normalise};

/// The unsur figures an index is the mean of, with their sum and scale.
struct Unsur<'a> {
    source: &'a Table<'a>,
    elements: Vec<Figure>,
    n: Decimal,
    sum: Decimal,
    nrr_rule: Option<&'a NrrRule>,
    reading: Option<Reading>,
}

/// How a stated index's scale differs from the unsur's: the rule, the factor and both readings.
type Scaled<'a> = (&'a NrrRule, Decimal, &'a Reading, Reading);

pub fn check(table: &Table, check: &Check, source: &Table, rules: &Rules) -> Vec<Finding> {
    let Check::Index {
        cell,
        indicator,
        indicators,
        column,
        of_year,
        ..
    } = check
    else {
        return Vec::new();
    };
    // An IKM per year: the unsur table's caption names its survey's year.
    let year = match of_year {
        true => match crate::locate::year_in(std::slice::from_ref(&source.name)) {
            Some(y) => Some(y.to_string()),
            None => return Vec::new(),
        },
        false => None,
    };
    let Some(vc) = rules.tables[source.rule].column_index(column) else {
        return Vec::new();
    };
    let Some(unsur) = unsur_of(source, vc, rules) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let name = indicator.and_then(|c| row.text(c)).unwrap_or(row.label());
        let matched = match &year {
            Some(y) => name.trim() == y.as_str(),
            None => any_matches(indicators, &normalise(name)),
        };
        if !matched {
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
            if let Some(f) = judge_index(table, row, *cell, mi, name, found, &unsur) {
                out.push(f);
            }
        }
    }
    out
}

/// The unsur rows of the source's value column and their scale, or None when there are none.
fn unsur_of<'a>(source: &'a Table<'a>, vc: usize, rules: &'a Rules) -> Option<Unsur<'a>> {
    // The elements are the unsur rows, not a summary row under them (Nilai IKM, Rata-rata).
    let elements: Vec<Figure> = source
        .rows
        .iter()
        .filter(|r| {
            !matches!(
                r.role,
                Some(RowRole::Index | RowRole::Total | RowRole::Average)
            )
        })
        .filter_map(|r| r.figure(vc))
        .collect();
    if elements.is_empty() {
        return None;
    }
    let n = Decimal::from(elements.len() as u64);
    let sum: Decimal = elements.iter().map(|f| f.exact).sum();
    // The unsur's scale, where the source's rule says it may be NRR.
    let nrr_rule = super::nrr::rule_for(rules, source, vc);
    let reading = nrr_rule.map(|n| super::nrr::column_reading(source, n, 0));
    Some(Unsur {
        source,
        elements,
        n,
        sum,
        nrr_rule,
        reading,
    })
}

/// A finding for a stated index that is not the mean of the unsur, else None.
fn judge_index(
    table: &Table,
    row: &Row,
    cell: usize,
    mi: usize,
    name: &str,
    found: Figure,
    unsur: &Unsur,
) -> Option<Finding> {
    let elements = &unsur.elements;
    let sum = unsur.sum;
    let scale = found.scale;
    // Both on one scale (as most reports state them): the plain mean. Else
    // the mean brought to the stated figure's scale (× 25 or ÷ 25).
    let scaled = scaling(unsur, &found);
    let factor = scaled.as_ref().map_or(Decimal::ONE, |s| s.1);
    let mean = sum / unsur.n * factor;
    // The 0,111 convention: each unsur weighted 0,111 instead of 1/9.
    let weighted = sum * Decimal::new(111, 3) * factor;
    let slack = super::nrr::rounding_slack(elements, factor);
    if judge(&found, mean, slack) == Verdict::Agrees {
        return None;
    }
    let by_weight =
        judge(&found, weighted, Decimal::ZERO) == Verdict::Agrees && elements.len() == 9;
    let column = table.member_header(cell, mi);
    let message = if by_weight {
        msg!(
            "index.by-weight",
            column = column,
            name = name,
            found = show(&found),
            n = elements.len(),
            weighted = format_id(weighted, scale),
            mean = format_id(mean, scale)
        )
    } else {
        msg!(
            "index.differs",
            column = column,
            name = name,
            found = show(&found),
            n = elements.len(),
            source = unsur.source.short_name(),
            mean = format_id(mean, scale),
            weighted = format_id(weighted, scale),
            difference = format_id((found.value - mean).abs(), scale)
        )
    };
    let cells: Vec<String> = elements
        .iter()
        .map(|f| f.at.relative_to(&found.at.sheet))
        .collect();
    let addrs = || elements.iter().map(|f| f.at.clone()).collect();
    Some(
        place(
            Finding::new(Code::IndexMismatch, found.at.clone(), message),
            table,
            row,
            cell,
        )
        .severity(if by_weight {
            Severity::Warning
        } else {
            Severity::Error
        })
        .figures(
            crate::checks::scaled(found.value, scale),
            Some(crate::checks::scaled(mean, scale)),
        )
        .formula(formula(&cells, unsur, scale, scaled.as_ref()), addrs())
        .help(msg!(
            "index.help",
            exact = format_id(mean, scale + 2),
            rounded = format_id(round_half_up(mean, scale), scale)
        ))
        .fix(Some(round_half_up(mean, scale)))
        .relation(Some(if factor == Decimal::ONE {
            crate::finding::Relation::Mean(addrs())
        } else {
            crate::finding::Relation::MeanTimes(addrs(), factor)
        })),
    )
}

/// How the stated figure's scale differs from the unsur's, or None when both are on one scale.
fn scaling<'a>(unsur: &'a Unsur, found: &Figure) -> Option<Scaled<'a>> {
    match (unsur.nrr_rule, &unsur.reading) {
        (Some(nr), Some(u)) => {
            let this = super::nrr::value_reading(nr, found);
            let factor = super::nrr::factor(nr, u.scale, this.scale);
            (factor != Decimal::ONE).then_some((nr, factor, u, this))
        }
        _ => None,
    }
}

/// The formula of an index: the mean of the unsur cells, brought to the stated scale where it differs.
fn formula(cells: &[String], unsur: &Unsur, scale: u32, scaled: Option<&Scaled>) -> Msg {
    let n = unsur.elements.len();
    let sum = unsur.sum;
    match scaled {
        None => msg!(
            "index.formula",
            cells = super::sum::cell_list(cells),
            n = n,
            sum = format_id(sum, scale)
        ),
        Some((nr, factor, u, this)) => msg!(
            "index.formula-scaled",
            cells = super::sum::cell_list(cells),
            n = n,
            sum = format_id(sum, scale),
            op = if *factor >= Decimal::ONE { "×" } else { "÷" },
            factor = format_id(nr.factor, 0),
            unsur = u.describe(nr),
            this = this.describe(nr)
        ),
    }
}

/// `[[check]] type = "index"`: the index (IKM) in `cell`, on the rows whose
/// `indicator` matches `indicators`, is the mean of `column` over the rows of
/// the table of rule `from`; `of_year`: the rows are years.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    indicator: Option<Spanned<String>>,
    indicators: Option<Vec<Spanned<String>>>,
    from: Option<Spanned<String>>,
    column: Option<Spanned<String>>,
    of_year: Option<bool>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let from = b.needs(
            &self.from,
            "from",
            "an `index` check needs `from`, the rule of the elements' table",
        )?;
        let column = b.needs(
            &self.column,
            "column",
            "an `index` check needs `column`, the elements' value column in `from`",
        )?;
        Ok(Check::Index {
            cell: b.required(&self.cell, "cell")?,
            indicator: b.optional(&self.indicator, "indicator")?,
            indicators: self
                .indicators
                .iter()
                .flatten()
                .map(|p| b.pattern(p, "indicators"))
                .collect::<Result<_, _>>()?,
            from: from.into_inner(),
            column: column.into_inner(),
            of_year: self.of_year.unwrap_or(false),
        })
    }
}
