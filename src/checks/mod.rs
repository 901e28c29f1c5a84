//! The checks: pure functions from located tables to findings, one file per kind
//! of relation. Nothing here reads a file or prints.
//!
//! A recomputed figure is compared at the precision the stated figure is written
//! with, rounding half up (the README, "How figures are read and compared"). A figure that only another rounding
//! reproduces is a `rounding` warning naming that rounding, not an error.

pub mod add;
pub mod average;
pub mod capaian;
pub mod category;
pub mod efficiency;
pub mod equal;
pub mod group_sum;
pub mod hierarchy;
pub mod index;
pub(crate) mod kinds;
pub mod kke;
pub mod limit;
pub mod link;
pub mod mean;
pub mod nrr;
pub mod numbered;
pub mod predikat;
pub mod quarters;
pub mod range;
pub mod ratio;
pub mod recap;
pub mod repeat;
pub mod sample;
pub mod scale_table;
pub mod set_out;
pub mod sum;
pub mod tree;
pub mod wording;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::finding::{Code, Finding, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Check, Rules};
use crate::table::{Figure, Row, Table};
use crate::workbook::CellAddr;

/// A cell as a key that costs nothing to make: its sheet's interned name (one
/// address per name for the whole run), row and column.
pub type CellKey = (usize, u32, u32);

/// The key of a cell.
pub fn cell_key(at: &CellAddr) -> CellKey {
    (at.sheet.as_ptr() as usize, at.row, at.col)
}

thread_local! {
    /// The cells of the figures recomputed by the check running on this thread
    /// (set by [`run_counted`] around each check; None outside it).
    static JUDGED: std::cell::RefCell<Option<Vec<CellKey>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs every check, as [`run`], and says which figures were recomputed: the cells
/// every relation held a stated figure at, whether it agreed or not (sorted, each
/// once).
pub fn run_counted(tables: &[Table], rules: &Rules) -> (Vec<Finding>, Vec<CellKey>) {
    let mut judged = Vec::new();
    let findings = run_with(tables, rules, &mut |cells| judged.extend(cells));
    judged.sort_unstable();
    judged.dedup();
    (findings, judged)
}

/// Runs every check of every table's rule, and every cross-table link, handing
/// `judged` the cells each check recomputed. The checks are independent of each
/// other, so they run side by side on the cores there are; the findings come
/// back in the same order as one after another.
fn run_with(tables: &[Table], rules: &Rules, judged: &mut dyn FnMut(Vec<CellKey>)) -> Vec<Finding> {
    use rayon::prelude::*;
    let year = report_year(tables);
    let negative = capaian::declared_negative(tables, rules);
    // (table, Ok(its rule's check) or Err(its rule's link))
    let jobs: Vec<(&Table, Result<&Check, &crate::rules::Link>)> = tables
        .iter()
        .flat_map(|table| {
            let rule = &rules.tables[table.rule];
            rule.checks
                .iter()
                .map(move |c| (table, Ok(c)))
                .chain(rule.links.iter().map(move |l| (table, Err(l))))
        })
        .collect();
    let found: Vec<(Vec<Finding>, Vec<CellKey>)> = jobs
        .par_iter()
        .with_max_len(1)
        .map(|&(table, job)| {
            JUDGED.with(|j| *j.borrow_mut() = Some(Vec::new()));
            let findings = match job {
                Ok(check) => run_check(table, check, tables, &negative, rules),
                Err(l) if !l.group.is_empty() => {
                    let details: Vec<&Table> =
                        tables.iter().filter(|t| t.rule_id == l.with).collect();
                    group_sum::check(table, l, &details, rules)
                }
                Err(l) => match first_of(tables, &l.with) {
                    Some(other) => link::check(table, l, other, rules, year),
                    None => Vec::new(),
                },
            };
            let cells = JUDGED.with(|j| j.borrow_mut().take()).unwrap_or_default();
            (findings, cells)
        })
        .collect();
    let mut out = Vec::new();
    for (findings, cells) in found {
        out.extend(findings);
        judged(cells);
    }
    out
}

/// One check of a table's rule.
fn run_check(
    table: &Table,
    check: &Check,
    tables: &[Table],
    negative: &[String],
    rules: &Rules,
) -> Vec<Finding> {
    match check {
        Check::Ratio { .. } => ratio::check(table, check),
        Check::Capaian { .. } => capaian::check(table, check, negative, rules),
        Check::Sum { .. } => sum::check(table, check),
        Check::Average { .. } => average::check(table, check, rules),
        Check::Mean { .. } => mean::check(table, check),
        Check::Efficiency { from, .. } => match first_of(tables, from) {
            Some(source) => efficiency::check(table, check, source, negative, rules),
            None => Vec::new(),
        },
        Check::Equal { .. } => equal::check(table, check),
        Check::Range { .. } => range::check(table, check, rules),
        Check::Repeat { .. } => repeat::check(table, check),
        Check::Index { from, .. } => match first_of(tables, from) {
            Some(source) => index::check(table, check, source, rules),
            None => Vec::new(),
        },
        Check::Quarters { .. } => quarters::check(table, check, rules),
        Check::Scale { .. } => scale_table::check(table, check, rules),
        Check::Category { .. } => category::check(table, check, tables, rules),
        Check::Recap { .. } => recap::check(table, check, tables, rules),
        // A table whose kode says each row's level is summed by its tree.
        Check::Hierarchy { .. }
            if rules.tables[table.rule]
                .checks
                .iter()
                .any(|c| matches!(c, Check::Tree { by, .. } if tree::kode_read(table, *by))) =>
        {
            Vec::new()
        }
        Check::Hierarchy { .. } => hierarchy::check(table, check),
        Check::Tree { .. } => tree::check(table, check),
        Check::Add { .. } => add::check(table, check, rules),
        Check::AtMost { .. } => limit::check(table, check),
        Check::Kke { from, .. } => {
            let resumes: Vec<&Table> = tables
                .iter()
                .filter(|t| Some(t.rule_id.as_str()) == from.as_deref())
                .collect();
            kke::check(table, check, &resumes, rules)
        }
    }
}

/// The year the report is about: the year its captions name most often
/// ("Realisasi Anggaran ... Tahun 2024"). Ties go to the later year.
pub fn report_year(tables: &[Table]) -> Option<u32> {
    let mut counts: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
    for t in tables {
        let words: Vec<String> = t
            .name
            .split_whitespace()
            .map(crate::text::normalise)
            .collect();
        for w in words.windows(2) {
            if w[0] == crate::rules::vocabulary::words().year_word {
                if let Ok(y) = w[1].trim_end_matches(['.', ',']).parse::<u32>() {
                    if (1900..2100).contains(&y) {
                        *counts.entry(y).or_default() += 1;
                    }
                }
            }
        }
    }
    counts
        .into_iter()
        .max_by_key(|(y, n)| (*n, *y))
        .map(|(y, _)| y)
}

/// The latest year a text names (`SKM 2013`, `2019 s.d. 2023`).
pub(crate) fn latest_year(text: &str) -> Option<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|w| w.len() == 4)
        .filter_map(|w| w.parse::<u32>().ok())
        .filter(|y| (1990..2100).contains(y))
        .max()
}

/// The year a table's caption names, else its sheet's name.
pub(crate) fn table_year(table: &Table) -> Option<u32> {
    latest_year(&table.name).or_else(|| latest_year(&table.sheet))
}

/// The scales that stand in for `scale` for earlier surveys, with their last year.
pub(crate) fn earlier_scales<'r>(
    scale: &'r str,
    rules: &'r Rules,
) -> impl Iterator<Item = (&'r crate::rules::ScaleRule, u32)> + Clone + 'r {
    rules
        .scales
        .iter()
        .filter_map(move |s| match &s.instead_of {
            Some((of, until)) if of == scale => Some((s, *until)),
            _ => None,
        })
}

/// The table a cross-table relation holds against: the first one of that rule.
fn first_of<'a>(tables: &'a [Table<'a>], rule_id: &str) -> Option<&'a Table<'a>> {
    tables.iter().find(|t| t.rule_id == rule_id)
}

/// How a stated figure stands against its exact recomputation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    Agrees,
    /// Reproduced only by this other rounding (its message key).
    Rounding(&'static str),
    Differs,
}

/// Compares a stated figure with the exact value at the figure's own precision.
pub fn judge(found: &Figure, exact: Decimal, tolerance: Decimal) -> Verdict {
    JUDGED.with(|j| {
        if let Some(cells) = j.borrow_mut().as_mut() {
            cells.push(cell_key(&found.at));
        }
    });
    let shown = round_half_up(exact, found.scale);
    if found.value == shown || (found.value - exact).abs() <= tolerance {
        return Verdict::Agrees;
    }
    let others = [
        ("rounding.truncation", RoundingStrategy::ToZero),
        ("rounding.up", RoundingStrategy::AwayFromZero),
        ("rounding.half-even", RoundingStrategy::MidpointNearestEven),
    ];
    for (name, strategy) in others {
        if exact.round_dp_with_strategy(found.scale, strategy) == found.value {
            return Verdict::Rounding(name);
        }
    }
    Verdict::Differs
}

/// Cells named for a reader: up to three each (`H11, T11`), more as the first
/// and last (`H24 s.d. H28`); another sheet's with its name.
fn cells_named(cells: &[CellAddr], sheet: &str) -> crate::i18n::Arg {
    let name = |c: &CellAddr| c.relative_to(sheet);
    match cells {
        [first, .., last] if cells.len() > 3 => crate::i18n::Arg::Msg(msg!(
            "derived.cells-range",
            first = name(first),
            last = name(last),
            n = cells.len()
        )),
        _ => crate::i18n::Arg::Plain(cells.iter().map(name).collect::<Vec<_>>().join(", ")),
    }
}

/// A figure in the user's style: `81,70`, `38.127.840.000`.
pub fn show(f: &Figure) -> String {
    format_id(f.value, f.scale)
}

/// An exact recomputation shown to four more decimals than the stated figure.
pub fn show_exact(value: Decimal, scale: u32) -> String {
    let shown = format_id(value, scale + 4);
    if round_half_up(value, scale + 4) == value {
        format_id(value.normalize(), value.normalize().scale().max(scale))
    } else {
        format!("{shown}…")
    }
}

/// The place of a figure in the user's words.
/// A column with several members (years, quarters, the Setda's and the
/// Kabupaten's) is named by the member the finding's cell lies in.
pub fn place(f: Finding, table: &Table, row: &Row, col: usize) -> Finding {
    let header = match table.members(col).iter().position(|m| m.col == f.at.col) {
        Some(i) if table.members(col).len() > 1 => table.member_header(col, i),
        _ => table.header(col).to_string(),
    };
    f.place(&table.name, row.label(), &header)
}

/// What a derived figure's check produces: nothing, a rounding warning or a mismatch.
pub struct Derived<'a> {
    pub code: Code,
    pub table: &'a Table<'a>,
    pub row: &'a Row<'a>,
    pub col: usize,
    pub found: &'a Figure,
    pub exact: Decimal,
    pub tolerance: Decimal,
    /// The formula in the user's words with each operand's cell and value.
    pub formula: Msg,
    pub inputs: Vec<CellAddr>,
    /// Anything more to say about why (another reading that reproduces it).
    pub note: Option<Msg>,
    /// The relation, for writing the corrected figure as a formula.
    pub relation: Option<crate::finding::Relation>,
}

impl Derived<'_> {
    pub fn finding(self) -> Option<Finding> {
        let verdict = judge(self.found, self.exact, self.tolerance);
        let scale = self.found.scale;
        let expected = round_half_up(self.exact, scale);
        // The member the figure sits in, for a column that spans several (`R 2023`).
        let member = self
            .table
            .members(self.col)
            .iter()
            .position(|m| m.col == self.found.at.col)
            .unwrap_or(0);
        let column_label = self.table.member_header(self.col, member);
        let column = column_label.as_str();
        let (code, message, help) = match verdict {
            Verdict::Agrees => return None,
            Verdict::Rounding(how) => (
                Code::Rounding,
                msg!(
                    "derived.rounding",
                    column = column,
                    found = show(self.found),
                    how = Msg::new(how),
                    exact = show_exact(self.exact, scale),
                    expected = format_id(expected, scale)
                ),
                msg!(
                    "derived.rounding-help",
                    expected = format_id(expected, scale),
                    scale = scale
                ),
            ),
            Verdict::Differs => (
                self.code,
                if self.code == Code::TargetMismatch {
                    msg!(
                        "derived.must-equal",
                        column = column,
                        found = show(self.found),
                        expected = format_id(expected, scale)
                    )
                } else {
                    msg!(
                        "derived.differs",
                        column = column,
                        found = show(self.found),
                        expected = format_id(expected, scale)
                    )
                },
                // A figure that must equal one other stated figure (a target
                // and its plan): either may be the typo. A computed one: its
                // operands may be.
                match (self.code, self.inputs.as_slice()) {
                    (Code::TargetMismatch, [source]) => msg!(
                        "derived.equal-help",
                        expected = format_id(expected, scale),
                        cell = self.found.at.a1(),
                        source = source.a1()
                    ),
                    (_, []) => msg!(
                        "derived.differs-help",
                        expected = format_id(expected, scale),
                        cell = self.found.at.a1()
                    ),
                    // The cells it is computed from, by name.
                    (_, inputs) => msg!(
                        "derived.differs-help-cells",
                        expected = format_id(expected, scale),
                        cell = self.found.at.a1(),
                        inputs = cells_named(inputs, &self.found.at.sheet)
                    ),
                },
            ),
        };
        let message = match self.note {
            Some(n) => msg!("derived.with-note", message = message, note = n),
            None => message,
        };
        let severity = if code == Code::Rounding {
            Severity::Warning
        } else {
            code.default_severity()
        };
        Some(
            Finding::new(code, self.found.at.clone(), message)
                .place(&self.table.name, self.row.label(), column)
                .severity(severity)
                .figures(
                    scaled(self.found.value, scale),
                    Some(scaled(expected, scale)),
                )
                .formula(self.formula, self.inputs)
                .help(help)
                .fix(Some(expected))
                .relation(self.relation),
        )
    }
}

/// A decimal string with a dot and exactly `scale` decimals, for the JSON report.
/// A figure rounded half up to `scale` places, and shown with them (12.30).
pub fn scaled(value: Decimal, scale: u32) -> Decimal {
    let mut v = round_half_up(value, scale);
    v.rescale(scale);
    v
}
