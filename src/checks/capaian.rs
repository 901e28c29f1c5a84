//! `percent-mismatch` for capaian kinerja, positive and negative indicators.
//!
//! Formula: positive indicator `R / T x 100` (PermenPAN-RB 53/2014 practice);
//! negative indicator, "semakin kecil semakin baik", `(2T - R) / T x 100`
//! (PermenPAN-RB 8/2021, Lampiran Bab VI). An indicator is negative when its
//! polarity column says so (`Negatif`, `-`, `Minimize`, `Menurun`: the rules'
//! `[polarity]` words) or its name matches the rules' `[indicators]` patterns. A
//! capaian computed with the other polarity's formula is reported saying which
//! formula was used and which applies. A polarity column holding a word of
//! neither side is `unreadable-polarity`, never taken as positive.
//!
//! | Indikator                 | Target | Realisasi | % Capaian |
//! |---------------------------|--------|-----------|-----------|
//! | Nilai IKM Setda           | 85     | 90,40     | 106,35 (right)      |
//! | Angka kematian ibu (neg.) | 100    | 80        | 80,00  (wrong: 120,00) |

use rust_decimal::Decimal;
use toml::Spanned;

use super::{judge, show, Derived, Verdict};
use crate::finding::{Code, Finding, Relation};
use crate::i18n::{Arg, Msg};
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Build, Check, CheckSpec, RuleError, Rules};
use crate::table::{Figure, Row, Table};
use crate::text::{any_matches, name_key, normalise};
use crate::workbook::CellAddr;

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

/// What a Polaritas cell says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Said {
    /// Nothing: the cell is empty.
    Nothing,
    Side(Polarity),
    /// A word of neither side's vocabulary, or words of both ("Sedang",
    /// "Stabilize", "Naik/Turun").
    Unreadable,
}

/// Reads a Polaritas cell with the rules' `[polarity]` words.
pub fn read_polarity(text: &str, rules: &Rules) -> Said {
    if normalise(text).is_empty() {
        return Said::Nothing;
    }
    let negative = rules.polarity_negative.iter().any(|w| holds(text, w));
    let positive = rules.polarity_positive.iter().any(|w| holds(text, w));
    match (negative, positive) {
        (true, false) => Said::Side(Polarity::Negative),
        (false, true) => Said::Side(Polarity::Positive),
        _ => Said::Unreadable,
    }
}

/// Whether a cell's text is a polarity word or holds it as whole words
/// ("Negatif (semakin kecil semakin baik)" holds "Negatif"). A word made only of
/// signs (`-`, `(+)`) must be the whole cell: in a longer text a dash is a dash.
fn holds(text: &str, word: &str) -> bool {
    let bare = |s: &str| -> String { normalise(s).chars().filter(|c| *c != ' ').collect() };
    if bare(text) == bare(word) {
        return true;
    }
    let w = name_key(word);
    !w.is_empty() && format!(" {} ", name_key(text)).contains(&format!(" {w} "))
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
            if polarity.is_none() && !t.located.notes.iter().any(|n| speaks_of_negative(n, rules)) {
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
                let by_column = read_polarity(column, rules) == Said::Side(Polarity::Negative);
                let by_note = t
                    .located
                    .notes
                    .iter()
                    .any(|n| note_says_negative(n, name, rules));
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

/// The polarity of a row's indicator, why, and whether the workbook or the rules
/// say it (`stated` false: nothing says anything and it is taken as positive).
#[derive(Debug, Clone)]
pub struct Reading {
    pub polarity: Polarity,
    pub why: Option<Msg>,
    /// Said by the row's own Polaritas column.
    pub by_column: bool,
}

/// The polarity of a row's indicator, and why. A Polaritas word selaras cannot
/// read counts here as no word (the name decides); `check` reports it and
/// refuses to guess a capaian from it.
pub fn polarity_of(
    row: &Row,
    indicator: Option<usize>,
    polarity: Option<usize>,
    stated: Stated<'_>,
    rules: &Rules,
) -> Reading {
    let reading = |polarity, why, by_column| Reading {
        polarity,
        why,
        by_column,
    };
    let notes = stated.notes;
    if let Some(text) = polarity.and_then(|c| row.text(c)) {
        if let Said::Side(p) = read_polarity(text, rules) {
            return reading(p, Some(msg!("capaian.by-column", text = text)), true);
        }
    }
    let name = indicator.and_then(|c| row.text(c)).unwrap_or(row.label());
    if let Some(note) = notes.iter().find(|n| note_says_negative(n, name, rules)) {
        return reading(
            Polarity::Negative,
            Some(msg!("capaian.by-note", note = note.as_str())),
            false,
        );
    }
    if stated.negative.contains(&name_key(name)) {
        return reading(
            Polarity::Negative,
            Some(msg!("capaian.declared-elsewhere", name = name)),
            false,
        );
    }
    let key = normalise(name);
    let by_rules = Some(msg!("capaian.by-rules", name = name));
    if any_matches(&rules.negative_first, &key) {
        return reading(Polarity::Negative, by_rules, false);
    }
    if let Some(p) = rules.positive.iter().find(|p| p.matches(&key)) {
        let why = msg!(
            "capaian.by-rules-positive",
            name = name,
            pattern = p.source.as_str()
        );
        return reading(Polarity::Positive, Some(why), false);
    }
    if any_matches(&rules.negative, &key) {
        return reading(Polarity::Negative, by_rules, false);
    }
    reading(Polarity::Positive, None, false)
}

/// Whether a note speaks of negative indicators at all: "negatif", "makin
/// kecil", or a negative polarity phrase of the rules ("semakin rendah semakin
/// baik"; single words such as "turun" say nothing in a sentence).
fn speaks_of_negative(note: &str, rules: &Rules) -> bool {
    let n = normalise(note);
    crate::rules::vocabulary::words()
        .negative_words
        .iter()
        .any(|w| n.contains(w.as_str()))
        || rules
            .polarity_negative
            .iter()
            .any(|w| w.contains(' ') && holds(note, w))
}

/// A note under the table that makes this indicator negative: it says
/// "negatif" or "semakin kecil semakin baik", and either names the indicator or
/// starts with the footnote mark the indicator ends with (`*)`, `**`).
fn note_says_negative(note: &str, indicator: &str, rules: &Rules) -> bool {
    if !speaks_of_negative(note, rules) {
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
    let mut memo: std::collections::HashMap<(&str, &str), Reading> =
        std::collections::HashMap::new();
    let mut said: std::collections::HashMap<&str, Said> = std::collections::HashMap::new();
    for row in table.rows_of(rows) {
        let word = polarity.and_then(|c| row.text(c)).unwrap_or_default();
        let reads = *said
            .entry(word)
            .or_insert_with(|| read_polarity(word, rules));
        if reads == Said::Unreadable {
            out.extend(unreadable(table, row, check, word, rules));
            continue;
        }
        // A capaian per year (2023 > C, 2024 > C) uses that year's target and realisasi.
        for mi in 0..table.members(*cell).len() {
            let Some((found, t, r)) = operands(table, row, check, mi) else {
                continue;
            };
            // Polarity depends only on the indicator's words: read once per indicator.
            let key = (
                indicator.and_then(|c| row.text(c)).unwrap_or(row.label()),
                word,
            );
            let reading = memo
                .entry(key)
                .or_insert_with(|| polarity_of(row, *indicator, *polarity, stated, rules));
            let pol = reading.polarity;
            let exact = pol.capaian(t.exact, r.exact);
            if judge(&found, exact, *tolerance) == Verdict::Agrees {
                continue;
            }
            let wrong_formula = judge(&found, exact, *tolerance) == Verdict::Differs
                && judge(&found, pol.other().capaian(t.exact, r.exact), *tolerance)
                    != Verdict::Differs;
            let note = wrong_formula.then(|| wrong_formula_note(reading));
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
                    relation: Some(relation(pol, &t, &r)),
                }
                .finding(),
            );
        }
    }
    out
}

/// Why a capaian computed with the other polarity's formula is wrong, and what
/// to do should the polarity selaras took be the wrong one.
fn wrong_formula_note(reading: &Reading) -> Msg {
    let pol = reading.polarity;
    let n = match &reading.why {
        Some(w) => msg!(
            "capaian.wrong-formula-because",
            done = pol.other().words(),
            kind = pol.words(),
            why = w.clone()
        ),
        // Nothing says the indicator is positive: it is taken so by default.
        None => msg!(
            "capaian.wrong-formula-default",
            done = pol.other().words(),
            kind = pol.words()
        ),
    };
    match (pol, reading.by_column) {
        (Polarity::Negative, _) => msg!("capaian.if-positive", note = n),
        (Polarity::Positive, false) => msg!("capaian.if-negative", note = n),
        (Polarity::Positive, true) => n,
    }
}

/// The capaian of member `mi` and the target and realisasi it is computed from.
fn operands(
    table: &Table,
    row: &Row,
    check: &Check,
    mi: usize,
) -> Option<(Figure, Figure, Figure)> {
    let Check::Capaian {
        cell,
        target,
        actual,
        ..
    } = check
    else {
        return None;
    };
    let figure = |col: usize| {
        table
            .aligned(*cell, mi, col)
            .and_then(|j| row.figure_at(col, j))
    };
    let (found, t, r) = (
        row.figure_at(*cell, mi)?,
        figure(*target)?,
        figure(*actual)?,
    );
    (!t.exact.is_zero()).then_some((found, t, r))
}

fn relation(pol: Polarity, t: &Figure, r: &Figure) -> Relation {
    match pol {
        Polarity::Positive => Relation::Ratio {
            part: r.at.clone(),
            whole: t.at.clone(),
        },
        Polarity::Negative => Relation::NegativeRatio {
            target: t.at.clone(),
            actual: r.at.clone(),
        },
    }
}

/// A row whose Polaritas cell holds a word selaras cannot read ("Sedang",
/// "Stabilize", "Naik/Turun").
///
/// The column is the workbook's own word on the indicator and outranks the name
/// patterns, so the name is no safe stand-in for it, and neither is "positive"
/// (the bug this answers: "Minimize" read as positive made `--fix` overwrite a
/// right negative capaian). Without a polarity there is no one expected figure,
/// so: a capaian that either formula reproduces (at its precision, or under
/// another rounding) is accepted and only the unreadable word is reported,
/// saying which formula the figure fits, which helps the reader choose the word;
/// a capaian that neither formula gives is wrong whatever the polarity and is a
/// `percent-mismatch` showing both results. No finding of the row carries a fix:
/// `--fix` must not write a figure that rests on a guessed polarity. The word is
/// reported only on a row with a capaian to check: elsewhere it decides nothing.
fn unreadable(table: &Table, row: &Row, check: &Check, word: &str, rules: &Rules) -> Vec<Finding> {
    let Check::Capaian {
        cell,
        target,
        actual,
        polarity: Some(pc),
        tolerance,
        ..
    } = check
    else {
        return Vec::new();
    };
    let Some(sheet_col) = table.sheet_col(*pc) else {
        return Vec::new();
    };
    let unread = Unreadable {
        table,
        row,
        word,
        at: CellAddr::new(&table.sheet, row.row, sheet_col),
    };
    let mut fits = Vec::new();
    let mut wrong = Vec::new();
    let mut any = false;
    for mi in 0..table.members(*cell).len() {
        any |= row.figure_at(*cell, mi).is_some();
        let Some((found, t, r)) = operands(table, row, check, mi) else {
            continue;
        };
        let column = table.member_header(*cell, mi);
        let value = |p: Polarity| p.capaian(t.exact, r.exact);
        let fit = |p: Polarity| judge(&found, value(p), *tolerance) != Verdict::Differs;
        let (pos, neg) = (fit(Polarity::Positive), fit(Polarity::Negative));
        if pos != neg {
            let kind = if pos {
                Polarity::Positive
            } else {
                Polarity::Negative
            };
            fits.push(msg!(
                "capaian.fits",
                column = column.as_str(),
                found = show(&found),
                cell = found.at.a1(),
                kind = kind.words()
            ));
            continue;
        }
        if pos {
            continue;
        }
        wrong.push(unread.neither(&column, &found, &t, &r, *target, *actual));
    }
    if !any {
        return Vec::new();
    }
    let polarity_finding = unread.polarity_finding(*pc, fits, rules);
    std::iter::once(polarity_finding).chain(wrong).collect()
}

/// A row whose polarity word cannot be read, and the cell that word stands in.
struct Unreadable<'a> {
    table: &'a Table<'a>,
    row: &'a Row<'a>,
    word: &'a str,
    at: CellAddr,
}

impl Unreadable<'_> {
    /// The `percent-mismatch` of a capaian neither formula gives, showing both results.
    fn neither(
        &self,
        column: &str,
        found: &Figure,
        t: &Figure,
        r: &Figure,
        target: usize,
        actual: usize,
    ) -> Finding {
        let (table, row, at) = (self.table, self.row, &self.at);
        let value = |p: Polarity| p.capaian(t.exact, r.exact);
        let shown = |p: Polarity| format_id(round_half_up(value(p), found.scale), found.scale);
        let message = msg!(
            "capaian.neither",
            column = column,
            found = show(found),
            positive = shown(Polarity::Positive),
            negative = shown(Polarity::Negative),
            text = self.word
        );
        let help = msg!(
            "capaian.neither-help",
            polarity_cell = at.a1(),
            cell = found.at.a1(),
            positive = shown(Polarity::Positive),
            negative = shown(Polarity::Negative)
        );
        let both = msg!(
            "capaian.formula-either",
            positive = formula(table, Polarity::Positive, target, actual, t, r),
            negative = formula(table, Polarity::Negative, target, actual, t, r)
        );
        Finding::new(Code::PercentMismatch, found.at.clone(), message)
            .place(&table.name, row.label(), column)
            .figures(crate::checks::scaled(found.value, found.scale), None)
            .formula(both, vec![r.at.clone(), t.at.clone()])
            .help(help)
    }

    /// The `unreadable-polarity` finding on the Polaritas cell, noting the
    /// formula each capaian fits.
    fn polarity_finding(&self, pc: usize, fits: Vec<Msg>, rules: &Rules) -> Finding {
        let (table, row, at, word) = (self.table, self.row, &self.at, self.word);
        let quoted = |words: &[String]| {
            words
                .iter()
                .map(|w| format!("'{w}'"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut message = msg!("capaian.unreadable-polarity", text = word);
        if !fits.is_empty() {
            message = msg!(
                "derived.with-note",
                message = message,
                note = Arg::Join(fits, "; ")
            );
        }
        Finding::new(Code::UnreadablePolarity, at.clone(), message)
            .place(&table.name, row.label(), table.header(pc))
            .values(word, None)
            .help(msg!(
                "capaian.unreadable-polarity-help",
                cell = at.a1(),
                negative = quoted(&rules.polarity_negative),
                positive = quoted(&rules.polarity_positive)
            ))
    }
}

fn formula(
    table: &Table,
    pol: Polarity,
    target: usize,
    actual: usize,
    t: &Figure,
    r: &Figure,
) -> Msg {
    // Each figure named by its own member's header ("Target TRIWULAN III").
    let name = |col: usize, f: &Figure| {
        table
            .members(col)
            .iter()
            .position(|m| m.col == f.at.col)
            .map_or_else(
                || table.header(col).to_string(),
                |j| table.member_header(col, j),
            )
    };
    let (tn, rn) = (name(target, t), name(actual, r));
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

/// `[[check]] type = "capaian"`: `cell = actual / target × 100`, or
/// `(2 target − actual) / target × 100` for a negative indicator (its name
/// in `indicator`, or its word in a `polarity` column).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    target: Option<Spanned<String>>,
    actual: Option<Spanned<String>>,
    indicator: Option<Spanned<String>>,
    polarity: Option<Spanned<String>>,
    rows: Option<Vec<String>>,
    tolerance: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        self.rows.iter().flatten().collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Capaian {
            cell: b.required(&self.cell, "cell")?,
            target: b.required(&self.target, "target")?,
            actual: b.required(&self.actual, "actual")?,
            indicator: b.optional(&self.indicator, "indicator")?,
            polarity: b.optional(&self.polarity, "polarity")?,
            tolerance: b.tolerance(&self.tolerance)?,
            rows: self.rows.unwrap_or_default(),
        })
    }
}
