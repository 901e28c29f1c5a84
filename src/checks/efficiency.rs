//! `efficiency-mismatch` / `efficiency-variant`: budget efficiency per
//! PMK 214/PMK.02/2017 (regions keep using it; ministries moved to PMK 22/2021).
//!
//! Formula, over the outputs i (kegiatan): PAK budget, RAK spending, CK capaian
//! as a fraction, not capped at 100%:
//!   E = Σ (PAK_i × CK_i − RAK_i) / Σ (PAK_i × CK_i) × 100
//!   NE = 50% + (E / 20%) × 50%, with E clamped to −20%..+20%.
//! A stated E that the formula does not reproduce is held against each
//! reasonable variant (CK capped at 100% or not; kegiatan rows or program rows),
//! and the finding shows what each gives.
//!
//! | Kegiatan  | Target | Realisasi | Anggaran | Realisasi (Rp) |
//! |-----------|--------|-----------|----------|----------------|
//! | A         | 10     | 10        | 100      | 90             |
//! | B         | 4      | 5         | 100      | 100            |
//! E = (100×1 − 90 + 100×1,25 − 100) / (100 + 125) × 100 = 15,56

use rust_decimal::Decimal;
use toml::Spanned;

use super::capaian::polarity_of;
use super::{judge, show, Verdict};
use crate::finding::{Code, Finding};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules};
use crate::table::{Figure, Row, Table};
use crate::workbook::CellAddr;

/// One way of reading the formula, and what it gives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Which rows and how capaian is taken, in words.
    pub name: Msg,
    /// The row kinds it is over (`output`, `output/outcome`).
    pub kinds: String,
    pub value: Option<Decimal>,
    pub inputs: Vec<CellAddr>,
    pub rows: usize,
}

/// E over the given rows; None when no row has all four figures.
pub fn efficiency(
    rows: &[&Row],
    cols: [usize; 4],
    capped: bool,
    polarity: impl Fn(&Row) -> bool,
) -> (Option<Decimal>, Vec<CellAddr>, usize) {
    let [budget, spent, target, actual] = cols;
    let (mut num, mut den, mut used) = (Decimal::ZERO, Decimal::ZERO, 0);
    let mut inputs = Vec::new();
    for row in rows {
        let (Some(pak), Some(rak), Some(t), Some(r)) = (
            row.figure(budget),
            row.figure(spent),
            row.figure(target),
            row.figure(actual),
        ) else {
            continue;
        };
        if t.exact.is_zero() {
            continue;
        }
        let mut ck = if polarity(row) {
            (t.exact * Decimal::TWO - r.exact) / t.exact
        } else {
            r.exact / t.exact
        };
        if capped {
            ck = ck.min(Decimal::ONE);
        }
        num += pak.exact * ck - rak.exact;
        den += pak.exact * ck;
        used += 1;
        inputs.extend([pak.at.clone(), rak.at.clone(), t.at.clone(), r.at.clone()]);
    }
    if den.is_zero() {
        return (None, inputs, used);
    }
    (Some(num / den * Decimal::ONE_HUNDRED), inputs, used)
}

/// NE = 50 + (E / 20) × 50, E clamped to −20..20 (all in percent points).
pub fn score(e: Decimal) -> Decimal {
    let twenty = Decimal::from(20);
    let fifty = Decimal::from(50);
    fifty + e.clamp(-twenty, twenty) / twenty * fifty
}

pub fn check(
    table: &Table,
    check: &Check,
    source: &Table,
    negative: &[String],
    rules: &Rules,
) -> Vec<Finding> {
    let Check::Efficiency {
        cell,
        score: score_col,
        rows,
        alternative_rows,
        budget,
        spent,
        target,
        actual,
        ..
    } = check
    else {
        return Vec::new();
    };
    let src_rule = &rules.tables[source.rule];
    let col = |k: &str| src_rule.column_index(k);
    let (Some(b), Some(s), Some(t), Some(a)) = (col(budget), col(spent), col(target), col(actual))
    else {
        return Vec::new();
    };
    let indicator = col("indikator");
    let negative = |row: &Row| {
        polarity_of(
            row,
            indicator,
            None,
            super::capaian::Stated {
                notes: &source.located.notes,
                negative,
            },
            rules,
        )
        .polarity
            == super::capaian::Polarity::Negative
    };
    let cols = [b, s, t, a];
    let mut sets = vec![rows];
    if !alternative_rows.is_empty() {
        sets.push(alternative_rows);
    }
    let variants = read_variants(source, &sets, cols, negative);
    let Some(primary) = variants.first().cloned() else {
        return Vec::new();
    };
    let Some(e) = primary.value else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        if let Some(found) = row.figure(*cell) {
            out.extend(judge_efficiency(
                table, row, *cell, &found, e, &primary, &variants, source,
            ));
        }
        if let Some(found) = score_col.and_then(|c| row.figure(c)) {
            let col = score_col.unwrap_or(*cell);
            out.extend(score_finding(table, row, col, &found, e, &primary));
        }
    }
    out
}

/// Each way of reading the formula, over each set of row kinds: CK not capped, then capped.
fn read_variants(
    source: &Table,
    sets: &[&Vec<String>],
    cols: [usize; 4],
    negative: impl Fn(&Row) -> bool + Copy,
) -> Vec<Variant> {
    let mut variants = Vec::new();
    for kinds in sets {
        let picked: Vec<&Row> = source.rows_of(kinds).collect();
        for capped in [false, true] {
            let (value, inputs, used) = efficiency(&picked, cols, capped, negative);
            variants.push(Variant {
                name: if capped {
                    msg!("efficiency.variant-capped", kinds = kinds.join("/"))
                } else {
                    msg!("efficiency.variant-not-capped", kinds = kinds.join("/"))
                },
                kinds: kinds.join("/"),
                value,
                inputs,
                rows: used,
            });
        }
    }
    variants
}

/// A stated NE (efficiency score) against the score of E, or None when it agrees.
fn score_finding(
    table: &Table,
    row: &Row,
    col: usize,
    found: &Figure,
    e: Decimal,
    primary: &Variant,
) -> Option<Finding> {
    let ne = score(e);
    if judge(found, ne, Decimal::ZERO) == Verdict::Agrees {
        return None;
    }
    let expected = round_half_up(ne, found.scale);
    Some(
        super::place(
            Finding::new(
                Code::EfficiencyMismatch,
                found.at.clone(),
                msg!(
                    "efficiency.score-differs",
                    column = table.header(col),
                    found = show(found),
                    e = format_id(e, 2),
                    expected = format_id(expected, found.scale)
                ),
            ),
            table,
            row,
            col,
        )
        .figures(
            super::scaled(found.value, found.scale),
            Some(super::scaled(expected, found.scale)),
        )
        .formula(
            msg!("efficiency.score-formula", e = format_id(e, 4)),
            primary.inputs.clone(),
        )
        .help(msg!(
            "efficiency.write",
            expected = format_id(expected, found.scale)
        ))
        .fix(Some(expected)),
    )
}

/// Each variant and what it gives, for the message of a figure none reproduces.
fn variant_listing(variants: &[Variant], scale: u32) -> Vec<Msg> {
    variants
        .iter()
        .map(|v| match v.value {
            Some(x) => msg!(
                "efficiency.listing",
                variant = v.name.clone(),
                value = format_id(x, scale)
            ),
            None => msg!("efficiency.listing-none", variant = v.name.clone()),
        })
        .collect()
}

#[allow(clippy::too_many_arguments)]
fn judge_efficiency(
    table: &Table,
    row: &Row,
    col: usize,
    found: &Figure,
    e: Decimal,
    primary: &Variant,
    variants: &[Variant],
    source: &Table,
) -> Option<Finding> {
    let scale = found.scale;
    match judge(found, e, Decimal::ZERO) {
        Verdict::Agrees => return None,
        Verdict::Rounding(_) => {
            // Shared wording with the other derived figures.
            return super::Derived {
                code: Code::EfficiencyMismatch,
                table,
                row,
                col,
                found,
                exact: e,
                tolerance: Decimal::ZERO,
                formula: formula(primary, source),
                inputs: primary.inputs.clone(),
                note: None,
                relation: None,
            }
            .finding();
        }
        Verdict::Differs => {}
    }
    let listing = variant_listing(variants, scale);
    let reproducing = variants.iter().skip(1).find(|v| {
        v.value
            .is_some_and(|x| judge(found, x, Decimal::ZERO) == Verdict::Agrees)
    });
    let (code, message, fix) = match reproducing {
        Some(v) => (
            Code::EfficiencyVariant,
            msg!(
                "efficiency.variant",
                column = table.header(col),
                found = show(found),
                variant = v.name.clone(),
                kinds = primary.kinds.as_str(),
                expected = format_id(e, scale)
            ),
            Some(round_half_up(e, scale)),
        ),
        None => (
            Code::EfficiencyMismatch,
            msg!(
                "efficiency.differs",
                column = table.header(col),
                found = show(found),
                variants = crate::i18n::Arg::Join(listing, "; ")
            ),
            None,
        ),
    };
    Some(
        super::place(
            Finding::new(code, found.at.clone(), message),
            table,
            row,
            col,
        )
        .figures(
            super::scaled(found.value, scale),
            Some(super::scaled(e, scale)),
        )
        .formula(formula(primary, source), primary.inputs.clone())
        .help(msg!(
            "efficiency.help",
            source = source.short_name(),
            e = format_id(e, scale),
            score = format_id(score(e), scale)
        ))
        .fix(fix),
    )
}

fn formula(v: &Variant, source: &Table) -> Msg {
    msg!(
        "efficiency.formula",
        n = v.rows,
        variant = v.name.clone(),
        source = source.short_name(),
        range = source.range(),
        sheet = source.sheet.as_str()
    )
}

/// `[[check]] type = "efficiency"`: the PMK 214/2017 efficiency in `cell` (and
/// its `score`) over the output rows of the table of rule `from`, whose kinds
/// of row (`rows`, else `alternative_rows`) and columns (`budget`, `spent`,
/// `target`, `actual`) are that table's: checked when every rule is loaded.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    score: Option<Spanned<String>>,
    from: Option<Spanned<String>>,
    rows: Option<Vec<String>>,
    alternative_rows: Option<Vec<String>>,
    budget: Option<Spanned<String>>,
    spent: Option<Spanned<String>>,
    target: Option<Spanned<String>>,
    actual: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let name = |k: &Option<Spanned<String>>, key: &str| {
            k.as_ref()
                .map(|s| s.get_ref().clone())
                .ok_or_else(|| b.error(key, format!("an `efficiency` check needs `{key}`")))
        };
        let rows = self.rows.unwrap_or_default();
        Ok(Check::Efficiency {
            cell: b.required(&self.cell, "cell")?,
            score: b.optional(&self.score, "score")?,
            from: name(&self.from, "from")?,
            rows: if rows.is_empty() {
                vec!["kegiatan".into()]
            } else {
                rows
            },
            alternative_rows: self.alternative_rows.unwrap_or_default(),
            budget: name(&self.budget, "budget")?,
            spent: name(&self.spent, "spent")?,
            target: name(&self.target, "target")?,
            actual: name(&self.actual, "actual")?,
        })
    }
}
