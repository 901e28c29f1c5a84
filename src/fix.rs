//! `selaras check --fix`: from findings to corrected cells.
//!
//! A finding whose fix is safe (a derived figure recomputed from its inputs) is
//! applied; one whose fix rests on a guess only with `--unsafe-fixes`. Fixes
//! settle: each round applies the fixes in memory and checks again, because a
//! corrected serapan can change a program total, and that the JUMLAH. What is
//! left is flagged, not changed. Each corrected cell keeps its representation
//! (a number stays a number, `106,35%` typed as text stays text typed alike), and
//! a formula is rewritten over the right operand cells where the relation is
//! known, otherwise replaced by the value and said so in the note.
//!
//! This module plans; `xlsx_patch` writes.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use crate::finding::{Code, Finding, Relation, Severity};
use crate::i18n::Lang;
use crate::msg;
use crate::number::format_id;
use crate::retype;
use crate::rules::Rules;
use crate::workbook::{CellAddr, Override, Raw, Workbook};
use crate::xlsx_patch::{CellEdit, FindingRow, Mark, NewValue};

/// How far `--fix` may go.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Also apply fixes that rest on a guess.
    pub unsafe_fixes: bool,
    /// Write each corrected derived figure as a live formula over its operands.
    pub formulas: bool,
    /// Recompute totals from their rows (when the rows' figures are known good:
    /// taken from the sections that own them).
    pub totals: bool,
    /// The language of the notes and the findings sheet.
    pub lang: Lang,
}

/// The settling gives up after this many rounds (a fix that never settles is a bug
/// in a rule, and the user still gets what settled).
const MAX_ROUNDS: usize = 12;

/// One corrected cell.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    pub at: CellAddr,
    /// The cell as it was, in the user's words (`81,71`, `Rp. 38.127.840.000,-`).
    pub old: String,
    /// The cell as written now.
    pub new: String,
    pub value: NewValue,
    pub finding: Finding,
    pub note: String,
}

/// The outcome of planning: corrected cells, and the findings that remain.
#[derive(Debug, Clone)]
pub struct Plan {
    pub changes: Vec<Change>,
    /// The workbook checked again with every correction applied.
    pub report: crate::FileReport,
    pub remaining: Vec<Finding>,
    /// Safe to apply but not applied: fixes that need `--unsafe-fixes`.
    pub suggested: Vec<Finding>,
    pub rounds: usize,
    /// The language of the notes and the findings sheet.
    pub lang: Lang,
    /// Formulas over corrected cells, recalculated: each cell, its formula and
    /// its new value (saved with the formula in the copy, as Excel would).
    pub recalculated: Vec<(CellAddr, String, Decimal)>,
}

impl Plan {
    /// The cell edits for the writer: corrections, then flags on what remains.
    pub fn edits(&self) -> Vec<CellEdit> {
        let mut edits: Vec<CellEdit> = self
            .changes
            .iter()
            .map(|c| CellEdit {
                sheet: c.at.sheet.to_string(),
                row: c.at.row,
                col: c.at.col,
                value: Some(c.value.clone()),
                mark: Mark::Corrected,
                note: c.note.clone(),
            })
            .collect();
        // The formulas over corrected cells, saved with the values they now give.
        for (at, formula, value) in &self.recalculated {
            if self.changes.iter().any(|c| c.at == *at) {
                continue;
            }
            edits.push(CellEdit {
                sheet: at.sheet.to_string(),
                row: at.row,
                col: at.col,
                value: Some(NewValue::Formula {
                    formula: formula.clone(),
                    cached: *value,
                }),
                mark: Mark::Corrected,
                note: msg!("note.recalculated", formula = format!("={formula}")).render(self.lang),
            });
        }
        // One flag per cell, with every remaining finding there in its note.
        let mut flags: BTreeMap<CellAddr, Vec<&Finding>> = BTreeMap::new();
        for f in &self.remaining {
            if f.severity != Severity::Info && !self.changes.iter().any(|c| c.at == f.at) {
                flags.entry(f.at.clone()).or_default().push(f);
            }
        }
        for (at, fs) in flags {
            let note = fs
                .iter()
                .map(|f| flag_note(f, self.lang))
                .collect::<Vec<_>>()
                .join("\n\n");
            edits.push(CellEdit {
                sheet: at.sheet.to_string(),
                row: at.row,
                col: at.col,
                value: None,
                mark: Mark::Flagged,
                note,
            });
        }
        edits
    }

    /// The rows of the findings sheet: what was corrected, then what remains,
    /// problem by problem (worst first): a problem's lead row says its other
    /// places and the cell most likely wrong, its other rows whose they are.
    pub fn finding_rows(&self) -> Vec<FindingRow> {
        let corrected = self
            .changes
            .iter()
            .map(|c| row_of(&c.finding, true, self.lang));
        let problems = crate::problems::group(&self.remaining, &[]);
        let remaining = problems.iter().flat_map(|p| {
            p.findings.iter().enumerate().map(move |(k, &i)| {
                let f = &self.remaining[i];
                let mut row = row_of(f, false, self.lang);
                let said = if k == 0 {
                    crate::render::human::problem_lines(p, &self.remaining, self.lang).join("; ")
                } else {
                    msg!(
                        "sheet.part-of",
                        id = p.id,
                        lead = self.remaining[p.findings[0]].at.to_string()
                    )
                    .render(self.lang)
                };
                if !said.is_empty() {
                    row.message = format!("{} ({said})", row.message);
                }
                row
            })
        });
        corrected.chain(remaining).collect()
    }
}

fn row_of(f: &Finding, corrected: bool, lang: Lang) -> FindingRow {
    FindingRow {
        code: f.code.as_str().to_string(),
        severity: f.severity.word(lang),
        sheet: f.at.sheet.to_string(),
        cell: f.at.a1(),
        // A scale's gap or overlap is kept as an interval for JSON; the sheet's
        // reader has it in words in the message.
        found: match f.code {
            crate::finding::Code::ScaleGap | crate::finding::Code::ScaleOverlap => String::new(),
            _ => shown(f.found.as_ref()),
        },
        // Another table's figure is not what the cell must hold: the message has it.
        expected: match f.expectation() {
            crate::finding::Expectation::Compared => String::new(),
            _ => shown(f.expected.as_ref()),
        },
        corrected,
        // The sheets that repeat the row, in the finding's own words.
        message: match f.also_said() {
            None => f.message.render(lang),
            Some(also) => format!("{} ({})", f.message.render(lang), also.render(lang)),
        },
    }
}

/// A JSON decimal string (`105.11`) as the report writes it (`105,11`); a text as it is.
fn shown(value: Option<&crate::finding::Value>) -> String {
    value.map(crate::finding::Value::shown).unwrap_or_default()
}

fn flag_note(f: &Finding, lang: Lang) -> String {
    let mut note = msg!(
        "note.flag",
        severity = f.severity.word(lang),
        code = f.code.as_str(),
        message = f.message.clone()
    )
    .render(lang);
    if let Some(formula) = &f.formula {
        note.push_str(&format!("\n{}", formula.render(lang)));
    }
    if let (Some(fix), false) = (f.fix, f.code.fix_is_safe()) {
        note.push('\n');
        note.push_str(&msg!("note.suggested", value = format_id(fix, fix.scale())).render(lang));
    }
    if !f.help.is_empty() {
        note.push_str(&format!("\n{}", f.help.render(lang)));
    }
    note
}

/// Applies fixes in memory until nothing more changes, and says what changed.
pub fn plan(book: &mut Workbook, rules: &Rules, options: Options) -> Plan {
    plan_with(book, rules, options, &[])
}

/// Applies `first` (findings from elsewhere, such as a section's figures for the
/// compiled report), then settles the workbook's own fixes as `plan` does.
pub fn plan_with(book: &mut Workbook, rules: &Rules, options: Options, first: &[Finding]) -> Plan {
    let mut settling = Settling::start(book, rules, options, first);
    settling.settle();
    settling.finish()
}

/// Fixes settling, a round at a time: `apply` the last check's fixes, `check`
/// again, until `apply` changes nothing. `plan_with` is the plain loop; `--fix`
/// also writes the copy of what a round applied while the next check runs.
pub struct Settling<'a> {
    book: &'a mut Workbook,
    rules: &'a Rules,
    options: Options,
    changes: Vec<Change>,
    report: crate::FileReport,
    rounds: usize,
    recalculated: Vec<(CellAddr, String, Decimal)>,
}

impl<'a> Settling<'a> {
    /// Applies `first` and checks the workbook.
    pub fn start(
        book: &'a mut Workbook,
        rules: &'a Rules,
        options: Options,
        first: &[Finding],
    ) -> Settling<'a> {
        let mut changes: Vec<Change> = Vec::new();
        for f in first {
            if let Some(fix) = f.fix {
                apply(book, f, fix, options, &mut changes);
            }
        }
        let report = crate::check_workbook(book, rules);
        Settling {
            book,
            rules,
            options,
            changes,
            report,
            rounds: 0,
            recalculated: Vec::new(),
        }
    }

    /// Applies the last check's fixes; false when nothing changed (the last check
    /// stands) or the rounds are spent.
    pub fn apply(&mut self) -> bool {
        if self.rounds >= MAX_ROUNDS {
            return false;
        }
        self.rounds += 1;
        let options = self.options;
        let mut applied = false;
        // The fix follows the blame: a cell the evidence says is right stays.
        let cleared = cleared_after(&self.report, &self.changes);
        for (f, _) in self
            .report
            .findings
            .iter()
            .zip(&cleared)
            .filter(|(_, cleared)| !**cleared)
        {
            let Some(fix) = f.fix else { continue };
            let allowed = f.code.fix_is_safe()
                || options.unsafe_fixes
                || (options.totals && f.code == Code::SumMismatch);
            if allowed && apply(self.book, f, fix, options, &mut self.changes) {
                applied = true;
            }
        }
        if applied {
            // The formulas over what changed, recalculated as Excel would.
            for (at, formula, value) in crate::audit::recalculate(self.book) {
                match self.recalculated.iter_mut().find(|(a, _, _)| *a == at) {
                    Some(seen) => seen.2 = value,
                    None => self.recalculated.push((at, formula, value)),
                }
            }
        }
        applied
    }

    /// Checks the workbook again, with what is applied.
    pub fn check(&mut self) {
        self.report = crate::check_workbook(self.book, self.rules);
    }

    /// Applies and checks again until nothing more changes.
    pub fn settle(&mut self) {
        while self.apply() {
            self.check();
        }
    }

    /// The plan should the next check find nothing more to fix and nothing new
    /// to flag: what the writer can start on while that check runs.
    pub fn guess(&self) -> Plan {
        self.plan()
    }

    /// The settled plan.
    pub fn finish(self) -> Plan {
        self.plan()
    }

    fn plan(&self) -> Plan {
        let mut changes = self.changes.clone();
        // A cell corrected and then corrected back (a section's wrong serapan, then
        // its recomputation) has not changed.
        changes.retain(|c| c.old != c.new);
        let report = &self.report;
        let cleared = cleared_after(report, &self.changes);
        let suggested = report
            .findings
            .iter()
            .zip(&cleared)
            .filter(|(f, cleared)| {
                f.fix.is_some() && !f.code.fix_is_safe() && !self.options.unsafe_fixes && !**cleared
            })
            .map(|(f, _)| f.clone())
            .collect();
        Plan {
            changes,
            remaining: report.findings.clone(),
            report: report.clone(),
            suggested,
            rounds: self.rounds,
            lang: self.options.lang,
            recalculated: self.recalculated.clone(),
        }
    }
}

/// Applies one finding's fix in memory and records it; false when nothing changed.
fn apply(
    book: &mut Workbook,
    f: &Finding,
    fix: Decimal,
    options: Options,
    changes: &mut Vec<Change>,
) -> bool {
    let Some(change) = correct(book, f, fix, options) else {
        return false;
    };
    // Already corrected to this value: a finding that outlives its fix must not loop.
    if changes
        .iter()
        .any(|c| c.at == change.at && c.value == change.value)
    {
        return false;
    }
    if let Some(sheet) = book.sheets.iter_mut().find(|s| s.name == f.at.sheet) {
        if let NewValue::Formula { formula, .. } = &change.value {
            sheet.set_formula(f.at.row, f.at.col, formula);
        }
        let value = match &change.value {
            NewValue::Number(v) | NewValue::Formula { cached: v, .. } => Override::Number(*v),
            NewValue::Text(t) => Override::Text(t.clone()),
        };
        sheet.set_override(f.at.row, f.at.col, value);
    }
    // A cell corrected twice keeps its first "before" and its last "after".
    match changes.iter_mut().find(|c| c.at == change.at) {
        Some(c) => {
            c.new = change.new;
            c.value = change.value;
            c.note = change.note;
        }
        None => changes.push(change),
    }
    true
}

/// The corrected cell for one finding, in the cell's own representation.
fn correct(book: &Workbook, f: &Finding, fix: Decimal, options: Options) -> Option<Change> {
    let sheet = book.sheet(&f.at.sheet)?;
    let (row, col) = (f.at.row, f.at.col);
    let scale = fix.scale();
    let formula = sheet.formula(row, col);
    let percent_format = sheet
        .number_format(row, col)
        .is_some_and(|code| code.contains('%'));
    let relation_formula = f
        .relation
        .as_ref()
        .and_then(|r| formula_of(r, &f.at.sheet, percent_format));
    let (old, value, new, how) = match sheet.raw(row, col) {
        Raw::Text(text) => {
            let hint = None;
            let typed = retype::like(text, fix, scale, hint);
            if typed == text.trim() || typed == text {
                return None;
            }
            (text.to_string(), NewValue::Text(typed.clone()), typed, None)
        }
        Raw::Number { value, .. } => {
            // A percent-formatted cell stores a fraction: 90,88% is 0.9088.
            let stored = if percent_format {
                fix / Decimal::ONE_HUNDRED
            } else {
                fix
            };
            let shown = if percent_format {
                value * Decimal::ONE_HUNDRED
            } else {
                value
            };
            // The figure as it was; a formula the audit corrects is shown at its
            // own precision (its correction's may carry ten decimals).
            let old = if matches!(f.relation, Some(Relation::Formula(_))) {
                format_id(shown, shown.normalize().scale().min(scale))
            } else {
                format_id(shown, scale)
            };
            let new = format_id(fix, scale);
            // Where a formula is there, or wanted, and the relation is known: a formula.
            // (The formula audit's correction is a formula whatever the cell held.)
            let audited = matches!(f.relation, Some(Relation::Formula(_)));
            let write_formula = relation_formula
                .as_ref()
                .filter(|_| formula.is_some() || options.formulas || audited);
            match (write_formula, formula) {
                (Some(rf), _) => (
                    old,
                    NewValue::Formula {
                        formula: rf.clone(),
                        // Saved as Excel saves it: the formula's own value, not
                        // the figure rounded as the cell shows it.
                        cached: crate::audit::compute_in(book, sheet, rf).unwrap_or(stored),
                    },
                    format!("={rf}"),
                    Some(msg!("note.formula-now", formula = format!("={rf}"))),
                ),
                (None, Some(old_formula)) => (
                    old,
                    NewValue::Number(stored),
                    new,
                    Some(msg!(
                        "note.formula-replaced",
                        formula = format!("={old_formula}")
                    )),
                ),
                (None, None) => (old, NewValue::Number(stored), new, None),
            }
        }
        _ => return None,
    };
    let note = note(f, &old, &new, fix, how, options.lang);
    Some(Change {
        at: f.at.clone(),
        old,
        new,
        value,
        finding: f.clone(),
        note,
    })
}

/// The note a corrected cell carries: what it was and is, how, and why.
fn note(
    f: &Finding,
    old: &str,
    new: &str,
    fix: Decimal,
    how: Option<crate::i18n::Msg>,
    lang: Lang,
) -> String {
    let was = msg!(
        "note.corrected",
        code = f.code.as_str(),
        old = old,
        // As written (`105,12%` typed as text), or the value a new formula gives.
        new = if new.starts_with('=') {
            format_id(fix, fix.scale())
        } else {
            new.to_string()
        }
    );
    let mut note = match how {
        Some(how) => msg!("note.corrected-how", note = was, how = how),
        None => was,
    }
    .render(lang);
    if let Some(formula) = &f.formula {
        note.push_str(&format!("\n{}", formula.render(lang)));
    }
    note.push_str(&format!("\n{}", f.message.render(lang)));
    note
}

/// The formula of a relation, relative to the sheet it is written on.
fn formula_of(relation: &Relation, sheet: &str, percent_format: bool) -> Option<String> {
    let r = |a: &CellAddr| a.relative_to(sheet);
    let points = if percent_format { "" } else { "*100" };
    Some(match relation {
        Relation::Ratio { part, whole } => format!("{}/{}{points}", r(part), r(whole)),
        Relation::NegativeRatio { target, actual } => {
            format!("(2*{t}-{a})/{t}{points}", t = r(target), a = r(actual))
        }
        Relation::Sum(cells) => format!("SUM({})", range_list(cells, sheet)?),
        Relation::Mean(cells) => format!("AVERAGE({})", range_list(cells, sheet)?),
        Relation::MeanTimes(cells, factor) => format!(
            "AVERAGE({})*{}",
            range_list(cells, sheet)?,
            factor.normalize()
        ),
        Relation::Formula(text) => text.clone(),
    })
}

/// `F10:F19` for one run of a column on one sheet, else the cells listed.
fn range_list(cells: &[CellAddr], sheet: &str) -> Option<String> {
    let first = cells.first()?;
    let contiguous = cells
        .windows(2)
        .all(|w| w[0].sheet == w[1].sheet && w[0].col == w[1].col && w[1].row == w[0].row + 1);
    if contiguous && cells.len() > 1 {
        let last = cells.last()?;
        let prefix = if first.sheet == sheet {
            String::new()
        } else {
            format!("{}!", crate::workbook::quote_sheet(&first.sheet))
        };
        return Some(format!("{prefix}{}:{}", first.a1(), last.a1()));
    }
    Some(
        cells
            .iter()
            .map(|c| c.relative_to(sheet))
            .collect::<Vec<_>>()
            .join(","),
    )
}

/// Fixable findings left after a fix: none when the fixes settled.
pub fn fixable(findings: &[Finding], options: Options) -> Vec<&Finding> {
    findings
        .iter()
        .filter(|f| f.fix.is_some() && (f.code.fix_is_safe() || options.unsafe_fixes))
        .filter(|f| f.code != Code::EfficiencyMismatch)
        .collect()
}

/// Which findings the blame clears (a cell the evidence says is right stays),
/// where a figure corrected in an earlier round is never blamed for what is
/// computed from it: its new figure is the one a fix settled on, and the
/// figures over it follow it (a kegiatan corrected to its sub kegiatan's sum,
/// then its program's sum and its percentage).
fn cleared_after(report: &crate::FileReport, changes: &[Change]) -> Vec<bool> {
    use crate::problems::Blame;
    let mut problems = crate::problems::group(&report.findings, &report.tables);
    for p in problems.iter_mut() {
        if let Blame::One { cell, .. } = &p.blame {
            let corrected = changes.iter().any(|c| c.at == *cell);
            let stated = p.findings.iter().any(|&i| report.findings[i].at == *cell);
            if corrected && !stated {
                p.blame = Blame::None;
            }
        }
    }
    crate::problems::cleared(&problems, &report.findings)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `--fix` writes the copy of the first round's corrections while it checks
    /// the workbook again, and writes it anew should that check settle
    /// elsewhere: both ways are run here (the first workbook holds to its first
    /// round's guess, the others do not), and either way the plan settled is
    /// [`plan`]'s. (The copy written byte for byte: tests/suite/fix.rs.)
    #[test]
    fn the_copy_begun_during_the_last_check_is_the_settled_copy() {
        let rules = Rules::built_in().expect("rules");
        let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for (name, unsafe_fixes, guess_holds) in [
            ("lkjip-setda-kebumen-2024.xlsx", false, true),
            ("dinkes-contoh-2024.xlsx", false, false),
            ("dinkes-contoh-2024.xlsx", true, false),
        ] {
            let options = Options {
                unsafe_fixes,
                ..Default::default()
            };
            let mut book = crate::open(&fixtures.join(name), &rules, true).expect("opens");
            let mut settling = Settling::start(&mut book, &rules, options, &[]);
            assert!(
                settling.apply(),
                "{name}: the first round corrects something"
            );
            let guess = settling.guess().edits();
            settling.check();
            settling.settle();
            let settled = settling.finish();
            assert_eq!(
                settled.edits() == guess,
                guess_holds,
                "{name} {unsafe_fixes}"
            );
            let mut again = crate::open(&fixtures.join(name), &rules, true).expect("opens");
            let planned = plan(&mut again, &rules, options);
            assert_eq!(planned.edits(), settled.edits(), "{name} {unsafe_fixes}");
            assert_eq!(
                planned.finding_rows(),
                settled.finding_rows(),
                "{name} {unsafe_fixes}"
            );
        }
    }
}
