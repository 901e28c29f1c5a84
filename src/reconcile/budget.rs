//! `selaras reconcile --budget`: the report's budget tables held against the
//! books of record, a realisation export (SIPD, SIMDA) of the same year.
//!
//! A rule says which of its columns the books hold (`[ledger]`: the anggaran
//! and the realisasi). Every program, kegiatan or sub kegiatan row of a report
//! table with a ledger is looked up among the export's rows of the same
//! standing: by kode where the report has one, otherwise by name (the level
//! word `Program` / `Kegiatan` that one of them writes set aside, and a name
//! spelt a little differently allowed, said so). The export's accounts
//! (rekening, `[ledger] accounts`) are never matched: their names repeat under
//! every sub kegiatan. An export that lists a row on several sheets (an
//! agency's sheet and one per bidang) offers each; a report figure any of them
//! states agrees.
//!
//! What comes out, at the report's cells:
//! - `reconcile-mismatch`: the report's anggaran or realisasi differs from the
//!   export's (the export's cell is the input and its figure the fix: the
//!   export is the book of record, unless its own check finds that cell wrong);
//! - `reconcile-unsubmitted`: a report row the export has no row for;
//! - `label-mismatch` (info): matched by a name spelt differently.

use rust_decimal::Decimal;

use crate::finding::{Code, Finding, Severity};
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{ColumnKind, LedgerFigure, Rules};
use crate::table::{Cell, Figure, Row, Table};
use crate::text::{name_key, normalise, similarity, spelt_alike};
use crate::workbook::{CellAddr, Workbook};

use super::{file_name, is_item, name, name_cell, Compiled, SectionResult, Summary};

/// A row of the export that may be a report's program, kegiatan or sub kegiatan.
struct Entry<'t, 's> {
    table: &'t Table<'s>,
    row: &'t Row<'s>,
    /// The row's own kode (the last one typed in its kode columns).
    kode: Option<String>,
    /// Its name, keyed for matching, the level word set aside.
    key: String,
}

impl Compiled<'_> {
    /// The report's budget tables held against the export `book` at `path`.
    pub(super) fn budget(&mut self, path: &str, book: &Workbook) -> SectionResult {
        let rules = self.rules;
        let file = file_name(path);
        let mut report = crate::check_workbook(book, rules);
        report.path = path.to_string();
        let (tables, _) = crate::read_tables(book, rules);
        let levels = level_words(rules);
        let entries: Vec<Entry> = tables
            .iter()
            .filter(|t| rules.tables[t.rule].ledger.is_some())
            .flat_map(|t| entries(t, rules, &levels))
            .collect();
        let mut summary = Summary::default();
        for ci in 0..self.tables.len() {
            let c = &self.tables[ci];
            let Some(ledger) = &rules.tables[c.rule].ledger else {
                continue;
            };
            let kode_by = rules.tables[c.rule].column_index("kode");
            // The table's differences: (row index, figure, gap, finding).
            let mut differences: Vec<(usize, usize, Decimal, Finding)> = Vec::new();
            let figures: Vec<(LedgerFigure, usize)> =
                [LedgerFigure::Anggaran, LedgerFigure::Realisasi]
                    .into_iter()
                    .filter_map(|f| ledger.column(f).map(|i| (f, i)))
                    .collect();
            for (ri, their) in c.rows.iter().enumerate().filter(|(_, r)| is_item(r)) {
                if figures.iter().all(|&(_, i)| their.figure(i).is_none())
                    || account(c, rules, their)
                {
                    continue;
                }
                summary.submitted += 1;
                let my_name = name(c, rules, their);
                let Some((found, inexact)) = lookup(
                    &entries,
                    kode_by.and_then(|by| own_kode(c, their, by)).as_deref(),
                    &key(&my_name, &levels),
                ) else {
                    summary.missing += 1;
                    self.findings.push(absent(c, rules, their, &file));
                    continue;
                };
                summary.matched += 1;
                if inexact {
                    summary.inexact += 1;
                    let spelt = spelt_differently(c, rules, their, &my_name, found[0], &file);
                    self.findings.push(spelt);
                }
                for &(figure, i) in &figures {
                    let held = Held {
                        c,
                        their,
                        name: &my_name,
                        figure,
                        col: i,
                        file: &file,
                    };
                    differences.extend(held.difference(&found, rules, &report, ri));
                }
            }
            let explained = explained(c, rules, &differences);
            let kept: Vec<(usize, usize, Decimal, Finding)> = differences
                .into_iter()
                .enumerate()
                .filter(|(k, _)| !explained.contains(k))
                .map(|(_, d)| d)
                .collect();
            // Rows that differ, once each: a program its kegiatan explain is not counted.
            let mut rows: Vec<usize> = kept.iter().map(|d| d.0).collect();
            rows.dedup();
            summary.differing += rows.len();
            self.findings.extend(kept.into_iter().map(|d| d.3));
        }
        SectionResult { report, summary }
    }
}

/// One figure of a report row held against the export rows found for it.
struct Held<'a, 's> {
    c: &'a Table<'s>,
    their: &'a Row<'s>,
    name: &'a str,
    figure: LedgerFigure,
    /// The report table's column of the figure.
    col: usize,
    file: &'a str,
}

impl Held<'_, '_> {
    /// The difference, when no export row states the report's figure: (row
    /// index, column, gap, finding).
    fn difference(
        &self,
        found: &[&Entry],
        rules: &Rules,
        report: &crate::FileReport,
        ri: usize,
    ) -> Option<(usize, usize, Decimal, Finding)> {
        let Held {
            c,
            their,
            name,
            figure,
            col: i,
            file,
        } = *self;
        let my_name = name;
        let g = their.figure(i)?;
        let held: Vec<(&Entry, Figure)> = found
            .iter()
            .filter_map(|&e| Some((e, export_figure(e, rules, figure)?)))
            .collect();
        let (e, f) = held.first()?;
        if held.iter().any(|(_, f)| same(f, &g)) {
            return None;
        }
        let source = f.at.clone().in_file(file);
        // The export's own check finds its figure wrong: copying it
        // would copy the error.
        let own_error = report
            .findings
            .iter()
            .find(|x| x.at == f.at && x.severity == Severity::Error);
        let export_column = rules.tables[e.table.rule]
            .ledger
            .as_ref()
            .and_then(|l| l.column(figure))
            .map_or("", |k| e.table.header(k));
        // What the export means there: its own check's figure where
        // it finds the cell wrong (its totals above add up to that).
        let meant = own_error
            .and_then(|x| x.expected.as_ref())
            .and_then(crate::finding::Value::number)
            .unwrap_or(f.value);
        let gap = meant - g.value;
        // The report agrees with what the export's own parts give:
        // the export's total is the odd one, the report is right.
        let export_odd = own_error.is_some() && gap.is_zero();
        let message = crate::i18n::Msg::new(if export_odd {
            "reconcile.budget-export-odd"
        } else {
            "reconcile.budget-differs"
        })
        .arg("column", c.header(i))
        .arg("name", my_name)
        .arg("value", format_id(g.value, g.scale))
        .arg("export_value", format_id(f.value, f.scale))
        .arg("file", file)
        .arg("cell", f.at.relative_to(""));
        Some((
            ri,
            i,
            gap,
            Finding::new(Code::ReconcileMismatch, g.at.clone(), message)
                .severity(if export_odd {
                    Severity::Warning
                } else {
                    Code::ReconcileMismatch.default_severity()
                })
                .place(&c.name, their.label(), c.header(i))
                .figures(
                    crate::checks::scaled(g.value, g.scale),
                    // Where the export is the odd one, nothing else is meant here.
                    (!export_odd).then(|| crate::checks::scaled(f.value, f.scale)),
                )
                .formula(
                    msg!(
                        "reconcile.budget-formula",
                        column = c.header(i),
                        export_column = export_column,
                        file = file,
                        cell = f.at.relative_to("")
                    ),
                    vec![source],
                )
                .help(advice(own_error, export_odd, f, file))
                .fix(own_error.is_none().then(|| round_half_up(f.value, g.scale))),
        ))
    }
}

/// What to do about a difference: take the export's figure, or, where the
/// export's own check finds its cell wrong, correct the export first (or
/// trust the report, where it is what the export's parts give).
fn advice(
    own_error: Option<&Finding>,
    export_odd: bool,
    f: &Figure,
    file: &str,
) -> crate::i18n::Msg {
    match own_error {
        Some(x) => crate::i18n::Msg::new(if export_odd {
            "reconcile.budget-export-odd-help"
        } else {
            "reconcile.budget-export-wrong"
        })
        .arg("file", file)
        .arg("cell", x.at.relative_to("")),
        None => msg!(
            "reconcile.budget-differs-help",
            value = format_id(f.value, f.scale),
            file = file
        ),
    }
}

/// The differences (indices into `differences`) at a program or kegiatan whose
/// rows below it, down to the next row of its level, differ by as much in all:
/// the program's figure differs because its kegiatan's do, and is corrected
/// with them (`--fix` recomputes it), so it is not said again.
fn explained(
    c: &Table,
    rules: &Rules,
    differences: &[(usize, usize, Decimal, Finding)],
) -> Vec<usize> {
    let rule = &rules.tables[c.rule];
    // A level's rank: the order the rule first names its kinds in.
    let rank = |row: &Row| rule.rows.iter().position(|r| r.kind == row.kind);
    let mut out = Vec::new();
    for (k, (ri, col, gap, _)) in differences.iter().enumerate() {
        let Some(level) = rank(&c.rows[*ri]) else {
            continue;
        };
        let end = c.rows[ri + 1..]
            .iter()
            .position(|r| !is_item(r) || rank(r).is_none_or(|l| l <= level))
            .map_or(c.rows.len(), |n| ri + 1 + n);
        // The level right under it (a kegiatan's sub kegiatan, not their rows too).
        let Some(under) = c.rows[ri + 1..end].iter().filter_map(rank).min() else {
            continue;
        };
        let below: Decimal = differences
            .iter()
            .filter(|(r, cl, _, _)| {
                cl == col && (ri + 1..end).contains(r) && rank(&c.rows[*r]) == Some(under)
            })
            .map(|d| d.2)
            .sum();
        if !below.is_zero() && below == *gap {
            out.push(k);
        }
    }
    out
}

/// Two figures agree when they are equal at the fewer decimals either shows.
fn same(a: &Figure, b: &Figure) -> bool {
    let scale = a.scale.min(b.scale);
    round_half_up(a.value, scale) == round_half_up(b.value, scale)
}

/// The export's figure of `figure` on an entry's row.
fn export_figure(e: &Entry, rules: &Rules, figure: LedgerFigure) -> Option<Figure> {
    let col = rules.tables[e.table.rule].ledger.as_ref()?.column(figure)?;
    e.row.figure(col)
}

/// The words a name may start with to say its level: the row kinds of the
/// rules (`program`, `kegiatan`, `sub kegiatan`), longest first.
fn level_words(rules: &Rules) -> Vec<String> {
    let mut words: Vec<String> = rules
        .tables
        .iter()
        .filter(|t| t.ledger.is_some())
        .flat_map(|t| t.rows.iter().map(|r| name_key(&r.kind)))
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_alphabetic() || c == ' '))
        .collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.dedup();
    words
}

/// A name keyed for matching: normalised, punctuation dropped, a leading
/// level word (`Program`, `Kegiatan`, `Sub Kegiatan`) set aside.
fn key(name: &str, levels: &[String]) -> String {
    let k = name_key(name);
    for w in levels {
        if let Some(rest) = k.strip_prefix(w.as_str()) {
            if let Some(rest) = rest.strip_prefix(' ') {
                return rest.to_string();
            }
        }
    }
    k
}

/// The rows of an export table a report row may be: every row with a name
/// that is not a total or an account (rekening).
fn entries<'t, 's>(table: &'t Table<'s>, rules: &Rules, levels: &[String]) -> Vec<Entry<'t, 's>> {
    let by = rules.tables[table.rule].column_index("kode");
    table
        .rows
        .iter()
        .filter(|r| is_item(r) && !account(table, rules, r))
        .filter_map(|row| {
            let kode = by.and_then(|by| own_kode(table, row, by));
            let key = key(row.label(), levels);
            (!key.is_empty()).then_some(Entry {
                table,
                row,
                kode,
                key,
            })
        })
        .collect()
}

/// The cell of a row's name: the text column that holds its label (an
/// export's uraian), else where the sections' names are.
fn label_cell(table: &Table, rules: &Rules, row: &Row) -> CellAddr {
    let rule = &rules.tables[table.rule];
    (0..rule.columns.len())
        .filter(|&i| rule.columns[i].kind == ColumnKind::Text)
        .find(|&i| row.text(i) == Some(row.label()))
        .and_then(|i| table.sheet_col(i))
        .map_or_else(
            || name_cell(table, rules, row),
            |col| CellAddr::new(&table.sheet, row.row, col),
        )
}

/// Whether a row is an account (rekening): its own kode is of the pattern the
/// rule's `[ledger] accounts` gives.
fn account(table: &Table, rules: &Rules, row: &Row) -> bool {
    let rule = &rules.tables[table.rule];
    let (Some(ledger), Some(by)) = (&rule.ledger, rule.column_index("kode")) else {
        return false;
    };
    own_kode(table, row, by).is_some_and(|k| {
        let k = normalise(&k);
        ledger.accounts.iter().any(|p| p.matches(&k))
    })
}

/// The last kode typed in a row's kode columns (an export types the program's
/// kode in one column and the account's in the next).
fn own_kode(table: &Table, row: &Row, by: usize) -> Option<String> {
    (0..table.members(by).len())
        .rev()
        .find_map(|m| match row.cell(by, m) {
            Cell::Text(t) if !t.trim().is_empty() => Some(t.trim().to_string()),
            Cell::Figure(f) => Some(f.value.normalize().to_string()),
            _ => None,
        })
}

/// The export rows a report row is: those of its kode, else of its name, else
/// the one of the most alike name (true: only so). None when there is none.
fn lookup<'e, 't, 's>(
    entries: &'e [Entry<'t, 's>],
    kode: Option<&str>,
    key: &str,
) -> Option<(Vec<&'e Entry<'t, 's>>, bool)> {
    let all = |keep: &dyn Fn(&Entry) -> bool| -> Vec<&'e Entry<'t, 's>> {
        entries.iter().filter(|e| keep(e)).collect()
    };
    if let Some(k) = kode {
        let found = all(&|e| e.kode.as_deref() == Some(k));
        if !found.is_empty() {
            return Some((found, false));
        }
    }
    let found = all(&|e| e.key == key);
    if !found.is_empty() {
        return Some((found, false));
    }
    // A name spelt differently: the same words, each nearly so; the most
    // alike of them.
    let best = entries
        .iter()
        .filter(|e| spelt_alike(key, &e.key))
        .max_by_key(|e| similarity(key, &e.key))?;
    let found = all(&|e| e.key == best.key);
    Some((found, true))
}

/// `label-mismatch` (info): a report row found in the export by a name spelt
/// differently.
fn spelt_differently(
    c: &Table,
    rules: &Rules,
    their: &Row,
    my_name: &str,
    e: &Entry,
    file: &str,
) -> Finding {
    Finding::new(
        Code::LabelMismatch,
        name_cell(c, rules, their),
        msg!(
            "reconcile.budget-spelt-differently",
            name = my_name,
            file = file,
            export_name = e.row.label()
        ),
    )
    .severity(Severity::Info)
    .place(&c.name, their.label(), c.header(0))
    .values(my_name.to_string(), Some(e.row.label().to_string()))
    .inputs(vec![label_cell(e.table, rules, e.row).in_file(file)])
    .help(msg!("reconcile.budget-spelt-differently-help"))
}

/// `reconcile-unsubmitted`: a report row the export has no row for.
fn absent(c: &Table, rules: &Rules, row: &Row, file: &str) -> Finding {
    let n = name(c, rules, row);
    Finding::new(
        Code::ReconcileUnsubmitted,
        name_cell(c, rules, row),
        msg!("reconcile.budget-absent", name = n.as_str(), file = file),
    )
    .place(&c.name, row.label(), c.header(0))
    .values(n.clone(), None)
    .help(msg!("reconcile.budget-absent-help", file = file))
}
