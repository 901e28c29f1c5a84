//! `percent-mismatch` for capaian kinerja, positive and negative indicators.
//!
//! Formula: positive indicator `R / T x 100` (PermenPAN-RB 53/2014 practice);
//! negative indicator, "semakin kecil semakin baik", `(2T - R) / T x 100`
//! (PermenPAN-RB 8/2021, Lampiran Bab VI). An indicator is negative when its
//! polarity column says so (`negatif`, `-`) or its name matches the rules'
//! `[indicators] negative` patterns. A capaian computed with the other polarity's
//! formula is reported saying which formula was used and which applies.
//!
//! | Indikator                 | Target | Realisasi | % Capaian |
//! |---------------------------|--------|-----------|-----------|
//! | Nilai IKM Setda           | 85     | 90,40     | 106,35 (right)      |
//! | Angka kematian ibu (neg.) | 100    | 80        | 80,00  (wrong: 120,00) |

use rust_decimal::Decimal;

use super::{judge, show, Derived, Verdict};
use crate::finding::{Code, Finding, Relation};
use crate::i18n::Msg;
use crate::msg;
use crate::rules::{Check, Rules};
use crate::table::{Figure, Row, Table};
use crate::text::{any_matches, name_key, normalise};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Polarity {
    Positive,
    Negative,
}

impl Polarity {
    pub fn capaian(self, target: Decimal, actual: Decimal) -> Decimal {
        match self {
            Polarity::Positive => actual / target * Decimal::ONE_HUNDRED,
            Polarity::Negative => (target * Decimal::TWO - actual) / target * Decimal::ONE_HUNDRED,
        }
    }

    fn words(self) -> Msg {
        match self {
            Polarity::Positive => msg!("capaian.positive"),
            Polarity::Negative => msg!("capaian.negative"),
        }
    }

    fn other(self) -> Polarity {
        match self {
            Polarity::Positive => Polarity::Negative,
            Polarity::Negative => Polarity::Positive,
        }
    }
}

/// What the workbook itself says about polarity: the notes under the table, and
/// the indicators some table of the workbook declares negative (in a Polaritas
/// column or a note), which are negative in every table that states them.
#[derive(Debug, Clone, Copy)]
pub struct Stated<'a> {
    pub notes: &'a [String],
    pub negative: &'a [String],
}

/// A Polaritas cell that says negative: "Negatif", "-", "(-)", "semakin kecil ...".
fn says_negative(text: &str) -> bool {
    let t = normalise(text);
    t.starts_with("neg") || t == "-" || t == "(-)" || t.contains("semakin kecil")
}

/// The indicators declared negative anywhere in the workbook, by name key.
pub fn declared_negative(tables: &[Table], rules: &Rules) -> Vec<String> {
    let mut names = Vec::new();
    for t in tables {
        for c in &rules.tables[t.rule].checks {
            let Check::Capaian {
                indicator,
                polarity,
                ..
            } = c
            else {
                continue;
            };
            // Only a Polaritas column or a note that speaks of negative indicators
            // declares: without them, nothing to look at.
            if polarity.is_none() && !t.located.notes.iter().any(|n| speaks_of_negative(n)) {
                continue;
            }
            // Only what the workbook declares counts here (a Polaritas column, a note),
            // not the name patterns: read once per distinct indicator.
            let mut seen = std::collections::HashSet::new();
            for row in &t.rows {
                let name = indicator.and_then(|c| row.text(c)).unwrap_or(row.label());
                let column = polarity.and_then(|c| row.text(c)).unwrap_or_default();
                if !seen.insert((name, column)) {
                    continue;
                }
                let by_column = says_negative(column);
                let by_note = t.located.notes.iter().any(|n| note_says_negative(n, name));
                if by_column || by_note {
                    names.push(name_key(name));
                }
            }
        }
    }
    names.sort();
    names.dedup();
    names
}

/// The polarity of a row's indicator, and why.
pub fn polarity_of(
    row: &Row,
    indicator: Option<usize>,
    polarity: Option<usize>,
    stated: Stated<'_>,
    rules: &Rules,
) -> (Polarity, Option<Msg>) {
    let notes = stated.notes;
    if let Some(text) = polarity.and_then(|c| row.text(c)) {
        let t = normalise(text);
        if says_negative(text) {
            return (
                Polarity::Negative,
                Some(msg!("capaian.by-column", text = text)),
            );
        }
        if t.starts_with("pos") || t == "+" || t == "(+)" {
            return (Polarity::Positive, None);
        }
    }
    let name = indicator.and_then(|c| row.text(c)).unwrap_or(row.label());
    if let Some(note) = notes.iter().find(|n| note_says_negative(n, name)) {
        return (
            Polarity::Negative,
            Some(msg!("capaian.by-note", note = note.as_str())),
        );
    }
    if stated.negative.contains(&name_key(name)) {
        return (
            Polarity::Negative,
            Some(msg!("capaian.declared-elsewhere", name = name)),
        );
    }
    let key = normalise(name);
    if any_matches(&rules.positive, &key) {
        return (Polarity::Positive, None);
    }
    if any_matches(&rules.negative, &key) {
        return (
            Polarity::Negative,
            Some(msg!("capaian.by-rules", name = name)),
        );
    }
    (Polarity::Positive, None)
}

/// Whether a note speaks of negative indicators at all ("negatif", "semakin kecil").
fn speaks_of_negative(note: &str) -> bool {
    let n = normalise(note);
    n.contains("negatif") || n.contains("semakin kecil") || n.contains("makin kecil")
}

/// A note under the table that makes this indicator negative: it says
/// "negatif" or "semakin kecil semakin baik", and either names the indicator or
/// starts with the footnote mark the indicator ends with (`*)`, `**`).
fn note_says_negative(note: &str, indicator: &str) -> bool {
    if !speaks_of_negative(note) {
        return false;
    }
    let n = normalise(note);
    let mark: String = indicator
        .trim_end()
        .chars()
        .rev()
        .take_while(|c| matches!(c, '*' | ')' | '¹' | '²'))
        .collect();
    let mark: String = mark.chars().filter(|c| *c != ')').collect();
    let named = name_key(&n).contains(&name_key(indicator)) && !name_key(indicator).is_empty();
    named || (!mark.is_empty() && note.trim_start().starts_with(&mark))
}

pub fn check(table: &Table, check: &Check, negative: &[String], rules: &Rules) -> Vec<Finding> {
    let Check::Capaian {
        cell,
        target,
        actual,
        indicator,
        polarity,
        rows,
        tolerance,
    } = check
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let stated = Stated {
        notes: &table.located.notes,
        negative,
    };
    // Keyed by the texts as the table holds them: no copy per row.
    let mut memo: std::collections::HashMap<(&str, &str), (Polarity, Option<Msg>)> =
        std::collections::HashMap::new();
    for row in table.rows_of(rows) {
        // A capaian per year (2023 > C, 2024 > C) uses that year's target and realisasi.
        for mi in 0..table.members(*cell).len() {
            let figure = |col: usize| {
                table
                    .aligned(*cell, mi, col)
                    .and_then(|j| row.figure_at(col, j))
            };
            let (Some(found), Some(t), Some(r)) =
                (row.figure_at(*cell, mi), figure(*target), figure(*actual))
            else {
                continue;
            };
            if t.exact.is_zero() {
                continue;
            }
            // Polarity depends only on the indicator's words: read once per indicator.
            let key = (
                indicator.and_then(|c| row.text(c)).unwrap_or(row.label()),
                polarity.and_then(|c| row.text(c)).unwrap_or_default(),
            );
            let (pol, why) = &*memo
                .entry(key)
                .or_insert_with(|| polarity_of(row, *indicator, *polarity, stated, rules));
            let pol = *pol;
            let exact = pol.capaian(t.exact, r.exact);
            if judge(&found, exact, *tolerance) == Verdict::Agrees {
                continue;
            }
            let wrong_formula = judge(&found, exact, *tolerance) == Verdict::Differs
                && judge(&found, pol.other().capaian(t.exact, r.exact), *tolerance)
                    != Verdict::Differs;
            let note = wrong_formula.then(|| {
                let n = match &why {
                    Some(w) => msg!(
                        "capaian.wrong-formula-because",
                        done = pol.other().words(),
                        kind = pol.words(),
                        why = w.clone()
                    ),
                    None => msg!(
                        "capaian.wrong-formula",
                        done = pol.other().words(),
                        kind = pol.words()
                    ),
                };
                if pol == Polarity::Negative {
                    msg!("capaian.if-positive", note = n)
                } else {
                    n
                }
            });
            out.extend(
                Derived {
                    code: Code::PercentMismatch,
                    table,
                    row,
                    col: *cell,
                    found: &found,
                    exact,
                    tolerance: *tolerance,
                    formula: formula(table, pol, *target, *actual, &t, &r),
                    inputs: vec![r.at.clone(), t.at.clone()],
                    note,
                    relation: Some(match pol {
                        Polarity::Positive => Relation::Ratio {
                            part: r.at.clone(),
                            whole: t.at.clone(),
                        },
                        Polarity::Negative => Relation::NegativeRatio {
                            target: t.at.clone(),
                            actual: r.at.clone(),
                        },
                    }),
                }
                .finding(),
            );
        }
    }
    out
}

fn formula(
    table: &Table,
    pol: Polarity,
    target: usize,
    actual: usize,
    t: &Figure,
    r: &Figure,
) -> Msg {
    let (tn, rn) = (table.header(target), table.header(actual));
    let key = match pol {
        Polarity::Positive => "capaian.formula-positive",
        Polarity::Negative => "capaian.formula-negative",
    };
    Msg::new(key)
        .arg("target", tn)
        .arg("actual", rn)
        .arg("target_cell", t.at.a1())
        .arg("actual_cell", r.at.a1())
        .arg("target_value", show(t))
        .arg("actual_value", show(r))
}
