//! selaras: checks and repairs the figures in performance-report (LKjIP) workbooks.
//!
//! The pipeline: read a workbook (`workbook`) -> find its tables by their headers
//! (`locate`) -> read their rows and figures (`table`, `number`) -> run the checks
//! the rules name (`checks`) -> findings (`finding`) -> render them (`render`).
//! Every module is the crate's own (`pub(crate)`), free to change; the binary, the
//! test suite, the fuzz targets and the examples use only the public API below.
//!
//! # The public API
//!
//! - **Read and check a workbook**: [`open`], [`open_limited`], [`check_path`],
//!   [`check_workbook`], [`check_workbook_drawn`] (with the tables as laid out, for
//!   the HTML page), [`draw`], [`read_tables`] (its [`Table`]s and their rows).
//! - **The workbook as read**: [`Workbook`], [`Sheet`], [`CellAddr`], [`Raw`] (a
//!   cell as stored), [`Override`] (a cell typed over, for a what-if), [`Limits`],
//!   [`column_name`].
//! - **The rules**: [`Rules`] (built in or from TOML files), [`BUILT_IN`], [`Check`].
//! - **The report**: [`FileReport`], [`TableInfo`], [`Recomputed`], [`FixSummary`],
//!   [`Finding`] with its [`Code`], [`Severity`], [`Relation`], [`Expectation`] and
//!   typed [`Value`]s, [`Tally`], [`Problem`] and [`Blame`] ([`group_problems`]),
//!   [`Unread`] (a region not understood), [`Drawn`] (the tables as laid out).
//! - **Errors**: [`LoadError`] (a file not read), [`WriteError`] (a copy not
//!   written), [`FileError`] (either), [`Outcome`] (a file's report or its error).
//! - **Messages**: [`Lang`], [`Msg`], [`placeholders`].
//! - [`numbers`]: a typed figure read Indonesian or English style, and written back.
//! - [`formula`]: a workbook's formulas parsed, compared by shape, computed, audited.
//! - [`repair`]: `--fix` as a library: what to correct, and the corrected copy.
//! - [`word`]: the Word draft of the report: checked, and corrected with tracked changes.
//! - [`compare`]: two drafts of a workbook compared by meaning, and the change rendered.
//! - [`html`]: the evaluator's HTML page.
//! - [`run_cli`]: the `selaras` command line, as the binary runs it.

pub(crate) mod app;
pub(crate) mod audit;
pub(crate) mod blame;
pub(crate) mod checks;
pub(crate) mod cli;
pub(crate) mod coverage;
pub(crate) mod diff;
pub(crate) mod docx;
pub(crate) mod error;
pub(crate) mod finding;
pub(crate) mod fix;
pub(crate) mod i18n;
pub(crate) mod layout;
pub(crate) mod locate;
pub(crate) mod number;
pub(crate) mod ooxml;
pub(crate) mod output;
pub(crate) mod problems;
pub(crate) mod reconcile;
pub(crate) mod render;
pub(crate) mod retype;
pub(crate) mod rules;
pub(crate) mod scale;
pub(crate) mod table;
pub(crate) mod text;
pub(crate) mod workbook;
pub(crate) mod xlsx_patch;
pub(crate) mod xlsx_rewrite;

pub use coverage::Unread;
pub use error::{FileError, LoadError, WriteError};
pub use finding::{Code, Expectation, Finding, Relation, Severity, Tally, Value};
pub use i18n::{placeholders, Lang, Msg};
pub use layout::Drawn;
pub use problems::{group as group_problems, Blame, Problem};
pub use render::Outcome;
pub use rules::{Check, Rules, BUILT_IN};
pub use table::Table;
pub use workbook::{column_name, CellAddr, Limits, Override, Raw, Sheet, Workbook};

pub mod numbers {
    //! Typed figures: read as a section typed them (Indonesian `1.234,5` or English
    //! `1,234.5`, percentages, units), and written back Indonesian style. The
    //! `number_reader` fuzz target drives these.

    pub use crate::number::{format_id, read_plain, read_text, Convention, ReadError, Reading};
}

pub mod formula {
    //! A workbook's own formulas: parsed ([`parse`], never a panic, however hostile),
    //! compared by shape ([`shape_hash`]), computed in exact decimals ([`eval`],
    //! [`compute_in`]), the levels they state ([`levels`]), and audited ([`audit`],
    //! [`audit_with`]: the findings of the formula checks).

    pub use crate::audit::eval::{eval, Cells, Val};
    pub use crate::audit::expr::{parse, shape_hash, Expr};
    pub use crate::audit::{audit, audit_with, compute_in, levels, Level};
}

pub mod repair {
    //! `--fix` as a library: which findings can be corrected ([`fixable`]), the
    //! corrections settled in memory ([`plan`]), and the corrected copy written:
    //! an .xlsx patched part by part ([`write_corrected`]), any other workbook written
    //! as a new .xlsx ([`write_new`]).

    pub use crate::fix::{fixable, plan, Options, Plan};
    pub use crate::xlsx_patch::{
        write_corrected, CellEdit, FindingRow, FindingsSheet, Mark, NewValue, PatchError,
    };
    pub use crate::xlsx_rewrite::write_new;
}

pub mod word {
    //! The Word draft of the report (.docx): its claims checked against its tables
    //! and sentences ([`check_path`]), and corrected with tracked changes
    //! ([`fix_file`], [`corrected_path`]).

    pub use crate::docx::fix::fix_file;
    pub use crate::docx::{check_path, corrected_path, Document};
}

pub mod compare {
    //! Two drafts of a workbook compared by meaning ([`diff`]: each [`Change`] of a
    //! [`Kind`]), and the comparison rendered for a person ([`human`]) or as JSON
    //! ([`json`]).

    pub use crate::diff::{diff, Change, Kind};
    pub use crate::render::diff::{human, json};
}

pub mod html {
    //! The evaluator's HTML page ([`render`]) and its escaping of text ([`esc`]).

    pub use crate::render::html::{esc, render};
}

/// The `selaras` command line as the binary runs it: parses the process's
/// arguments, runs the subcommand, and gives the exit code (0 no error found, 1
/// at least one error found, 2 input unreadable or bad arguments).
pub fn run_cli() -> std::process::ExitCode {
    use clap::Parser;
    app::quiet_panics_in_guarded_work();
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return std::process::ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    app::run(cli)
}

use std::path::Path;

/// A table recognised in a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub rule: String,
    pub sheet: String,
    pub range: String,
    pub name: String,
    /// The figures recomputed within the table, and how many agree.
    pub recomputed: Recomputed,
}

/// Everything `check` found in one workbook.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub tables: Vec<TableInfo>,
    pub findings: Vec<Finding>,
    /// Hidden sheets whose tables were checked: a user looking for a cell must unhide them.
    pub hidden_sheets: Vec<String>,
    /// With `--fix`: what was corrected and where the corrected copy is.
    pub fixed: Option<FixSummary>,
    /// The regions that look like tables and were not read.
    pub not_understood: Vec<coverage::Unread>,
    /// How many stated figures a relation recomputed, and how many of them agree
    /// (no error or warning stands at their cell).
    pub recomputed: Recomputed,
    /// The findings grouped into problems, with what waivers and a baseline
    /// say of them (`selaras check` attaches them); empty until then, and the
    /// renderers group the findings themselves ([`group_problems`]).
    pub problems: Vec<problems::Problem>,
}

/// The figures a check recomputed in one file, and how many of them agree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recomputed {
    pub figures: usize,
    pub agree: usize,
}

impl Recomputed {
    /// [`Recomputed::of`] over the cells of one table (its header to its last row).
    pub(crate) fn within(
        judged: &[checks::CellKey],
        findings: &[Finding],
        t: &table::Table,
    ) -> Self {
        let sheet = checks::cell_key(&workbook::CellAddr::new(&t.sheet, 0, 0)).0;
        let l = &t.located;
        let rows = l.header_top..=l.body_end.max(l.header_bottom);
        let inside: Vec<checks::CellKey> = judged
            .iter()
            .filter(|k| k.0 == sheet && rows.contains(&k.1) && (l.left..=l.right).contains(&k.2))
            .copied()
            .collect();
        Recomputed::of(&inside, findings)
    }

    /// Counts the recomputed cells (sorted, each once), and those of them no error
    /// or warning stands at.
    pub fn of(judged: &[checks::CellKey], findings: &[Finding]) -> Self {
        let mut flagged: Vec<checks::CellKey> = findings
            .iter()
            .filter(|f| f.severity != finding::Severity::Info)
            .flat_map(|f| std::iter::once(&f.at).chain(&f.also))
            .map(checks::cell_key)
            .collect();
        flagged.sort_unstable();
        Recomputed {
            figures: judged.len(),
            agree: judged
                .iter()
                .filter(|c| flagged.binary_search(c).is_err())
                .count(),
        }
    }
}

/// What `--fix` did to one workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FixSummary {
    pub output: String,
    /// Each corrected cell: where, before, after, and the finding code.
    pub changes: Vec<(workbook::CellAddr, String, String, finding::Code)>,
    /// Fixes not applied because they rest on a guess (`--unsafe-fixes` applies them).
    pub suggested: usize,
    /// The input was not an .xlsx (.xls, .xlsb, .ods): the copy is a new .xlsx
    /// written from what was read, so only part of the layout could be kept.
    pub partial_layout: bool,
}

impl FileReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }
}

/// Finds and reads every table of every sheet.
pub fn read_tables<'b>(book: &'b Workbook, rules: &Rules) -> (Vec<Table<'b>>, Vec<Finding>) {
    let mut tables = Vec::new();
    let mut findings = Vec::new();
    for sheet in &book.sheets {
        for located in locate::locate(sheet, rules) {
            let (t, f) = table::read(sheet, located, rules);
            tables.push(t);
            findings.extend(f);
        }
    }
    (tables, findings)
}

/// The regions of a workbook that look like tables but are none of `tables`.
pub fn unread_regions(book: &Workbook, rules: &Rules, tables: &[Table]) -> Vec<coverage::Unread> {
    book.sheets
        .iter()
        .flat_map(|s| {
            let taken: Vec<&locate::Located> = tables
                .iter()
                .filter(|t| t.sheet == s.name)
                .map(|t| &t.located)
                .collect();
            coverage::unread(s, rules, &taken)
        })
        .collect()
}

/// Checks a workbook already read.
pub fn check_workbook(book: &Workbook, rules: &Rules) -> FileReport {
    check_tables(book, rules).0
}

/// Checks a workbook and keeps its tables as laid out, for the HTML page.
pub fn check_workbook_drawn(book: &Workbook, rules: &Rules) -> (FileReport, layout::Drawn) {
    let (report, tables) = check_tables(book, rules);
    let drawn = layout::capture(book, &tables, &report.findings, rules);
    (report, drawn)
}

/// The tables of a workbook as laid out, with the loose cells of `findings`: what
/// the HTML page draws of a workbook checked elsewhere (a corrected copy).
pub fn draw(book: &Workbook, rules: &Rules, findings: &[Finding]) -> layout::Drawn {
    let (tables, _) = read_tables(book, rules);
    layout::capture(book, &tables, findings, rules)
}

/// What the sheet says around and beside each table: a numbering row's
/// relations (a Renja evaluation's `13 = 9+10+11+12`, held in the columns the
/// rule's own checks recomputed nothing in, said where nothing else is said),
/// the predikat under it, and the sample its survey states.
fn around_tables(
    book: &Workbook,
    tables: &[Table],
    judged: &[checks::CellKey],
    findings: &[Finding],
    rules: &Rules,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for table in tables {
        let Some(sheet) = book.sheet(&table.sheet) else {
            continue;
        };
        let key = checks::cell_key(&sheet.at(0, 0)).0;
        let ruled = |r: u32, c: u32| judged.binary_search(&(key, r, c)).is_ok();
        let known = |row: u32| {
            findings
                .iter()
                .filter(|f| f.at.sheet == sheet.at(0, 0).sheet && f.at.row == row)
                .filter_map(|f| Some((f.at.col, f.expected.as_ref()?.number()?)))
                .collect()
        };
        out.extend(checks::numbered::check_table(
            sheet, table, &ruled, &known, rules,
        ));
        out.extend(checks::predikat::check(sheet, table, rules));
        out.extend(checks::sample::check(sheet, table, rules));
    }
    out
}

/// The tables of a workbook with the findings of reading them, and the regions
/// that look like tables but are none of them (each a finding of its own, or
/// the one error that nothing was read).
fn read_workbook_tables<'b>(
    book: &'b Workbook,
    rules: &Rules,
) -> (Vec<Table<'b>>, Vec<Finding>, Vec<coverage::Unread>) {
    let (tables, mut findings) = read_tables(book, rules);
    let not_understood = unread_regions(book, rules, &tables);
    // Nothing read: one error that lists what looked like tables; else each
    // region not understood is a warning of its own.
    // A table no rule reads is still held to the relations its numbering row
    // writes (`8=(7/6)`, `10=(5+7+9)`).
    for u in &not_understood {
        if let Some(sheet) = book.sheets.iter().find(|s| s.name == u.sheet) {
            findings.extend(checks::numbered::check(sheet, u, rules));
        }
    }
    if tables.is_empty() {
        findings.push(no_table(book, rules, &not_understood));
    } else {
        findings.extend(not_understood.iter().map(|u| {
            let stated = book
                .sheet(&u.sheet)
                .map(|s| checks::numbered::stated(s, u))
                .unwrap_or_default();
            not_understood_finding(u, rules, &stated)
        }));
    }
    (tables, findings, not_understood)
}

fn check_tables<'b>(book: &'b Workbook, rules: &Rules) -> (FileReport, Vec<Table<'b>>) {
    // The workbook's own formulas are audited (all but what needs the tables)
    // while the tables are read and their relations checked: on a large
    // workbook both take a while, and each mostly keeps one core busy.
    let (((tables, mut findings, not_understood), (checked, judged)), early) = rayon::join(
        || {
            let read = read_workbook_tables(book, rules);
            let counted = checks::run_counted(&read.0, rules);
            (read, counted)
        },
        || audit::early(book),
    );
    findings.extend(checked);
    // What the sheet says around the tables, beside the audit's last checks.
    let (audited, numbered) = rayon::join(
        || audit::finish(early, &tables, Some(rules)),
        || around_tables(book, &tables, &judged, &findings, rules),
    );
    drop_explained(&mut findings, &numbered);
    merge_audit(&mut findings, audited, book);
    for f in numbered {
        if !findings.iter().any(|g| g.at == f.at) {
            findings.push(f);
        }
    }
    // Two totals off by the same amount through one typed figure they share:
    // that figure, said once.
    blame::one_cell(&mut findings, book);
    // Sheet order, then top to bottom, left to right: the order a person reads in.
    let sheet_index = |name: &str| {
        book.sheets
            .iter()
            .position(|s| s.name == name)
            .unwrap_or(usize::MAX)
    };
    findings.sort_by(|a, b| {
        (sheet_index(&a.at.sheet), a.at.row, a.at.col, a.code).cmp(&(
            sheet_index(&b.at.sheet),
            b.at.row,
            b.at.col,
            b.code,
        ))
    });
    findings.dedup();
    repeated_sheets(&mut findings);
    let recomputed = Recomputed::of(&judged, &findings);
    let report = FileReport {
        path: book.path.display().to_string(),
        tables: tables
            .iter()
            .map(|t| TableInfo {
                rule: t.rule_id.clone(),
                sheet: t.sheet.clone(),
                range: t.range(),
                name: t.name.clone(),
                recomputed: Recomputed::within(&judged, &findings, t),
            })
            .collect(),
        hidden_sheets: book
            .sheets
            .iter()
            .filter(|s| s.hidden && tables.iter().any(|t| t.sheet == s.name))
            .map(|s| s.name.clone())
            .collect(),
        findings,
        fixed: None,
        not_understood,
        problems: Vec::new(),
        recomputed,
    };
    (report, tables)
}

/// Adds the formula audit's findings to the tables' checks, each problem said
/// once: a total's formula that leaves out a row (`sum-range`) explains the
/// `sum-mismatch` at its cell, which is dropped; a figure the tables' checks
/// already find wrong (a `percent-mismatch`, a `sum-mismatch`) that is typed
/// over its column's formula keeps its finding, which the audit's formula then
/// corrects where both agree on the figure (`--fix` writes the formula). At a
/// cell that holds a formula, the tables' reading of which rows it adds is a
/// guess the formula outranks: a `sum-mismatch` there is what a wrong figure it
/// reads carries up, dropped where the audit names a formula in its column or
/// its row, and never corrected by overwriting the formula; at a total the
/// audit held to its block and found right, the table's other reading of its
/// rows is dropped.
/// Drops a total's `sum-mismatch` that a part's own mistake explains: the
/// part (a sub kegiatan's year Rp, a rekening's total) is found wrong by its own
/// row by exactly what the total differs from its parts, the other way. The
/// total is right; the part is said wrong once, by its own row.
fn drop_explained(findings: &mut Vec<Finding>, parts: &[Finding]) {
    use finding::Code;
    let gap = |f: &Finding| {
        (f.code == Code::SumMismatch)
            .then(|| f.difference())
            .flatten()
    };
    // The differences stated at each cell: the parts', then the findings' (by index).
    let mut at: std::collections::HashMap<
        &workbook::CellAddr,
        Vec<(Option<usize>, rust_decimal::Decimal)>,
    > = std::collections::HashMap::new();
    for p in parts {
        if let Some(d) = gap(p) {
            at.entry(&p.at).or_default().push((None, d));
        }
    }
    for (j, f) in findings.iter().enumerate() {
        if let Some(d) = gap(f) {
            at.entry(&f.at).or_default().push((Some(j), d));
        }
    }
    // Whether one of `g`'s inputs in its column states `wanted`, among those `counts`.
    let input_with =
        |g: &Finding, wanted: rust_decimal::Decimal, counts: &dyn Fn(Option<usize>) -> bool| {
            g.inputs
                .iter()
                .filter(|c| **c != g.at && c.col == g.at.col)
                .any(|c| {
                    at.get(c)
                        .is_some_and(|ds| ds.iter().any(|&(j, d)| d == wanted && counts(j)))
                })
        };
    let mut explained: Vec<bool> = findings
        .iter()
        .map(|g| gap(g).is_some_and(|total_gap| input_with(g, -total_gap, &|_| true)))
        .collect();
    // A total above an explained total, off by the same difference the same
    // way, carries that part's difference up: the program over a kegiatan
    // that a mistyped sub kegiatan throws off is right too.
    loop {
        let more: Vec<usize> = (0..findings.len())
            .filter(|&i| !explained[i])
            .filter(|&i| {
                let g = &findings[i];
                gap(g).is_some_and(|total_gap| {
                    input_with(g, total_gap, &|j| j.is_some_and(|j| explained[j]))
                })
            })
            .collect();
        if more.is_empty() {
            break;
        }
        for i in more {
            explained[i] = true;
        }
    }
    let mut keep = explained.iter().map(|e| !e);
    findings.retain(|_| keep.next().unwrap_or(true));
}

/// One finding said once for the sheets that repeat the same rows (an
/// export's sheet for the whole Dinas and one per bidang: a figure pasted
/// wrong in the Dinas's is wrong in its bidang's copy too): the same code at
/// the same cell of another sheet, with the same figures, row, column and
/// words, is one finding at its first sheet, the others listed in `also`.
/// Findings a fix corrects stay apart: each sheet's cell is corrected.
fn repeated_sheets(findings: &mut Vec<Finding>) {
    let same = |a: &Finding, b: &Finding| {
        a.code == b.code
            && a.at.row == b.at.row
            && a.at.col == b.at.col
            && a.at.sheet != b.at.sheet
            && a.found == b.found
            && a.expected == b.expected
            && a.row_label == b.row_label
            && a.column_label == b.column_label
            && a.message == b.message
            && a.fix.is_none()
            && b.fix.is_none()
            && !a.at.is_paragraph()
    };
    // Candidates by code and cell, so a file of many findings is not compared pairwise.
    let mut at: std::collections::HashMap<(finding::Code, u32, u32), Vec<usize>> =
        std::collections::HashMap::new();
    let mut merged: Vec<Finding> = Vec::with_capacity(findings.len());
    for f in findings.drain(..) {
        let key = (f.code, f.at.row, f.at.col);
        let slot = at.entry(key).or_default();
        match slot.iter().copied().find(|&i| same(&merged[i], &f)) {
            Some(i) => merged[i].also.push(f.at),
            None => {
                slot.push(merged.len());
                merged.push(f);
            }
        }
    }
    *findings = merged;
}

fn merge_audit(findings: &mut Vec<Finding>, audited: Vec<Finding>, book: &Workbook) {
    use finding::Code;
    let named: Vec<&workbook::CellAddr> = audited
        .iter()
        .filter(|a| {
            matches!(
                a.code,
                Code::SumRange | Code::TypedOverFormula | Code::AddsNumbering | Code::SumSkipsText
            )
        })
        .map(|a| &a.at)
        .collect();
    let formula_at = |at: &workbook::CellAddr| {
        book.sheet(&at.sheet)
            .is_some_and(|s| s.formula(at.row, at.col).is_some())
    };
    // A formula's error value is the audit's `formula-error`, said where the
    // error starts: the table's reading of the cell as an unreadable figure is
    // the same problem again.
    let error_formula = |at: &workbook::CellAddr| {
        book.sheet(&at.sheet).is_some_and(|s| {
            s.formula(at.row, at.col).is_some()
                && matches!(s.raw(at.row, at.col), workbook::Raw::Error(_))
        })
    };
    findings.retain(|f| !(f.code == Code::UnreadableNumber && error_formula(&f.at)));
    findings.retain_mut(|f| {
        if f.code != Code::SumMismatch || !formula_at(&f.at) {
            return true;
        }
        if named
            .iter()
            .any(|a| a.sheet == f.at.sheet && (a.col == f.at.col || a.row == f.at.row))
        {
            return false;
        }
        // A total whose own formula adds its block (the audit found nothing at
        // it), or a formula on the row of such totals (the year's Rp over the
        // quarters' totals), is right by the workbook's tree: the table read its
        // rows otherwise.
        let verified = |s: &workbook::Sheet, col: u32| {
            audit::is_total(s, f.at.row, col)
                && !named
                    .iter()
                    .any(|a| a.sheet == f.at.sheet && a.row == f.at.row && a.col == col)
        };
        if book.sheet(&f.at.sheet).is_some_and(|s| {
            verified(s, f.at.col) || s.cols_in_row(f.at.row).any(|c| verified(s, c))
        }) {
            return false;
        }
        f.fix = None;
        f.relation = None;
        true
    });
    for a in audited {
        let same_cell = |f: &Finding| f.at == a.at;
        match a.code {
            Code::SumRange | Code::AddsNumbering | Code::SumSkipsText => {
                findings.retain(|f| !(same_cell(f) && f.code == Code::SumMismatch));
                findings.push(a);
            }
            Code::TypedOverFormula | Code::FormulaShape => {
                let told = findings.iter_mut().find(|f| {
                    same_cell(f) && matches!(f.code, Code::PercentMismatch | Code::SumMismatch)
                });
                match told {
                    // The table's relation and the column's (or the row's)
                    // formula agree on the figure: the finding is the table's,
                    // corrected with the formula. (A formula cell's own figure
                    // fix was taken away above: a formula is not typed over.)
                    Some(f) => {
                        let expected = f.expected.as_ref().and_then(finding::Value::number);
                        if a.fix.is_some()
                            && (f.fix == a.fix || (f.fix.is_none() && expected == a.fix))
                        {
                            f.fix = a.fix;
                            f.relation = a.relation;
                            // What to do is the formula's correction, not a
                            // figure typed over it.
                            f.help = a.help;
                        }
                    }
                    None => findings.push(a),
                }
            }
            _ => findings.push(a),
        }
    }
}

/// A region that looks like a table and was not read: where, its header, and
/// the rule that came nearest with the columns it lacks.
/// `stated`: the formulas of its numbering row its rows were held to.
fn not_understood_finding(u: &coverage::Unread, rules: &Rules, stated: &[String]) -> Finding {
    let why = match &u.nearest {
        Some(n) => {
            let rule = &rules.tables[n.rule];
            msg!(
                "not-understood.near",
                table = rule.name.as_str(),
                missing = i18n::Arg::Join(missing_words(rule, &n.missing), "; ")
            )
        }
        None => msg!("not-understood.none"),
    };
    Finding::new(
        finding::Code::NotUnderstood,
        workbook::CellAddr::new(&u.sheet, u.top, u.left),
        msg!(
            "not-understood.message",
            range = u.range(),
            header = u.header.as_str(),
            why = why
        ),
    )
    .help(if stated.is_empty() {
        msg!("not-understood.help")
    } else {
        msg!("not-understood.help-numbered", formulas = stated.join(", "))
    })
}

/// Each missing column in words, with examples of the headers that name it.
fn missing_words(rule: &rules::TableRule, missing: &[usize]) -> Vec<i18n::Msg> {
    missing
        .iter()
        .map(|&i| {
            let c = &rule.columns[i];
            let examples: Vec<String> = c
                .headers
                .iter()
                .take(3)
                .map(|p| format!("'{}'", p.source))
                .collect();
            msg!(
                "no-table.column",
                key = c.key.as_str(),
                examples = examples.join(", ")
            )
        })
        .collect()
}

/// Says that nothing was checked, and which header came closest to a known table.
fn no_table(book: &Workbook, rules: &Rules, unread: &[coverage::Unread]) -> Finding {
    // The header that comes closest on a sheet; else the region not understood
    // that came nearest a rule (one known column or more).
    let near = book
        .sheets
        .iter()
        .find_map(|s| locate::nearest(s, rules).map(|n| (s, n)))
        .or_else(|| {
            let (u, n) = unread
                .iter()
                .filter_map(|u| u.nearest.as_ref().map(|n| (u, n)))
                .max_by_key(|(_, n)| n.found)?;
            let sheet = book.sheets.iter().find(|s| s.name == u.sheet)?;
            Some((
                sheet,
                locate::NearMiss {
                    rule: n.rule,
                    row: u.top,
                    col: u.left,
                    missing: n.missing.clone(),
                },
            ))
        });
    let kinds: Vec<&str> = rules.tables.iter().map(|t| t.name.as_str()).collect();
    let finding = match near {
        Some((sheet, n)) => {
            let rule = &rules.tables[n.rule];
            let missing = missing_words(rule, &n.missing);
            Finding::new(
                finding::Code::NoTable,
                workbook::CellAddr::new(&sheet.name, n.row, n.col),
                msg!(
                    "no-table.near",
                    row = n.row + 1,
                    table = rule.name.as_str(),
                    missing = i18n::Arg::Join(missing, "; ")
                ),
            )
            .help(msg!("no-table.near-help"))
        }
        None => Finding::new(
            finding::Code::NoTable,
            workbook::CellAddr::new(book.sheets.first().map_or("", |s| s.name.as_str()), 0, 0),
            msg!("no-table.none", kinds = kinds.join(", ")),
        )
        .help(msg!("no-table.none-help")),
    };
    if unread.is_empty() {
        return finding;
    }
    let regions: Vec<String> = unread
        .iter()
        .map(|u| {
            let header: String = u.header.chars().take(60).collect();
            let more = if u.header.chars().count() > 60 {
                "…"
            } else {
                ""
            };
            format!("'{}'!{} ('{header}{more}')", u.sheet, u.range())
        })
        .collect();
    let mut finding = finding;
    finding.message = msg!(
        "no-table.with-regions",
        message = finding.message,
        n = regions.len(),
        regions = regions.join("; ")
    );
    finding
}

/// Reads a workbook for checking: with .ods / .xls, whose number formats calamine
/// cannot read, the percentages its tables hold as bare fractions are given the
/// percent format they were shown with, so they read, are fixed and are written
/// back as percentages.
pub fn open(path: &Path, rules: &Rules, formulas: bool) -> Result<Workbook, LoadError> {
    open_limited(path, rules, formulas, &workbook::Limits::default())
}

/// [`open`] within `limits` (`--max-cells`, `--max-part-mb`).
pub fn open_limited(
    path: &Path,
    rules: &Rules,
    formulas: bool,
    limits: &workbook::Limits,
) -> Result<Workbook, LoadError> {
    let mut book = Workbook::open_limited(path, formulas, limits)?;
    for sheet in book.sheets.iter_mut().filter(|s| !s.formats_known) {
        let mut cells = Vec::new();
        for located in locate::locate(sheet, rules) {
            for col in table::fraction_columns(sheet, &located, rules) {
                for row in sheet
                    .rows_between(located.body_start, located.body_end)
                    .collect::<Vec<_>>()
                {
                    if matches!(sheet.raw(row, col), workbook::Raw::Number { .. }) {
                        cells.push((row, col));
                    }
                }
            }
        }
        for (row, col) in cells {
            sheet.set_format(row, col, "0.00%");
        }
    }
    Ok(book)
}

/// Reads and checks one workbook file.
pub fn check_path(path: &Path, rules: &Rules) -> Result<FileReport, LoadError> {
    let book = open(path, rules, true)?;
    Ok(check_workbook(&book, rules))
}
