//! `selaras check draft.docx [laporan.xlsx]`: the Word draft of the report, audited
//! before it is signed.
//!
//! Its tables go through the same rules and checks as a workbook's: each Word table
//! becomes a sheet (`read`), named after its caption (`Tabel 3.7`, or `Tabel #12`,
//! its position, when it has none), with the caption in the sheet's first row and the
//! table below it, so the cell `'Tabel 3.7'!H13` is the table's 12th row, column H.
//! Findings name the table's place in the document too ("Tabel 3.7. ... (#16: BAB
//! III ... > 3.2.1. ...)"). Its sentences are held against the tables they repeat
//! (`claims`, `sentences`); with a workbook given, against the workbook's tables
//! too, and the draft's tables against the workbook's (`draft-mismatch`).
//! `--fix` writes a copy with every correction a tracked change (`fix`).

pub mod claims;
pub mod fix;
pub mod read;
pub mod reading;
pub mod sentences;
pub mod texts;

use std::path::Path;

pub use read::Document;
use sentences::{SentenceFinding, Source};

use crate::finding::{Code, Finding, Severity, Value};
use crate::rules::Rules;
use crate::table::Table;
use crate::workbook::{CellAddr, Workbook};
use crate::FileReport;

/// Whether a path names a Word document selaras audits.
pub fn is_docx(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("docx") || e.eq_ignore_ascii_case("docm"))
}

/// `draft.docx` -> `draft.corrected.docx`, beside the input.
pub fn corrected_path(input: &Path) -> std::path::PathBuf {
    let stem = input
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "draft".into());
    input.with_file_name(format!("{stem}.corrected.docx"))
}

/// What the audit of a draft found: the report, and the sentence findings with
/// where their text lies (what `--fix` needs).
pub struct Audit {
    pub report: FileReport,
    pub sentences: Vec<SentenceFinding>,
}

/// The draft's tables and the table check's findings on them.
fn tables_of<'b>(
    book: &'b Workbook,
    rules: &Rules,
) -> (Vec<Table<'b>>, Vec<Finding>, Vec<crate::checks::CellKey>) {
    let (tables, mut findings) = crate::read_tables(book, rules);
    let (checked, judged) = crate::checks::run_counted(&tables, rules);
    findings.extend(checked);
    (tables, findings, judged)
}

/// Audits a draft read already, against the workbooks given with it (name, workbook).
pub fn audit(
    doc: &Document,
    book: &Workbook,
    rules: &Rules,
    workbooks: &[(String, Workbook)],
) -> Audit {
    let (tables, mut findings, judged) = tables_of(book, rules);
    let read: Vec<(String, Vec<Table>, Vec<Finding>)> = workbooks
        .iter()
        .map(|(name, wb)| {
            let (t, f, _) = tables_of(wb, rules);
            (name.clone(), t, f)
        })
        .collect();
    let mut sources = vec![Source {
        label: None,
        tables: &tables,
        findings: &findings,
    }];
    sources.extend(read.iter().map(|(name, t, f)| Source {
        label: Some(name.as_str()),
        tables: t,
        findings: f,
    }));
    let mut sentences = sentences::check(doc, &rules.claims, &sources, rules);
    // The reading's findings, less a count the claims already said at that place.
    for f in reading::check(doc, rules) {
        let said = sentences.iter().any(|s| {
            s.paragraph == f.paragraph && s.chars == f.chars && s.finding.code == f.finding.code
        });
        if !said {
            sentences.push(f);
        }
    }
    sentences.sort_by_key(|s| (s.paragraph, s.chars.0));
    findings.extend(reading::names(doc));
    for (name, wb) in workbooks {
        findings.extend(draft_mismatches(name, wb, book, rules));
    }
    if tables.is_empty() && sentences.is_empty() {
        findings.push(
            Finding::new(
                Code::NoTable,
                CellAddr::new(texts::whole_document(), 0, 0),
                texts::no_table(doc.tables.len()),
            )
            .help(texts::no_table_help()),
        );
    }
    let report = report_of(doc, &tables, findings, &sentences, &judged);
    Audit { report, sentences }
}

/// The draft's tables against the workbook's, by meaning (tables by kind, rows by
/// name, columns by what they mean).
fn draft_mismatches(name: &str, wb: &Workbook, book: &Workbook, rules: &Rules) -> Vec<Finding> {
    crate::diff::diff(wb, book, rules)
        .into_iter()
        .filter_map(|c| {
            let at = c.new_at.clone().or_else(|| c.old_at.clone())?;
            let inputs: Vec<CellAddr> = c.old_at.iter().map(|a| a.clone().in_file(name)).collect();
            let f = match c.kind {
                crate::diff::Kind::Changed => {
                    let f = Finding::new(
                        Code::DraftMismatch,
                        at,
                        texts::draft_differs(
                            &c.table,
                            &c.row,
                            &c.column,
                            name,
                            c.old.as_deref().unwrap_or(""),
                            c.new.as_deref().unwrap_or(""),
                        ),
                    );
                    // The draft's value found, the workbook's to compare.
                    let (old, new) = c.values.clone();
                    f.found_expected(new.unwrap_or(Value::Text(String::new())), old)
                }
                kind => Finding::new(
                    Code::DraftMismatch,
                    at,
                    texts::draft_row(kind.as_str(), &c.table, &c.row, name),
                )
                .severity(Severity::Warning),
            };
            Some(
                f.place(&c.table, &c.row, &c.column)
                    .inputs(inputs)
                    .help(texts::help_draft(name)),
            )
        })
        .collect()
}

/// The report in document order, each table finding naming the table's place.
fn report_of(
    doc: &Document,
    tables: &[Table],
    findings: Vec<Finding>,
    sentences: &[SentenceFinding],
    judged: &[crate::checks::CellKey],
) -> FileReport {
    let mut all: Vec<(usize, Finding)> = findings
        .into_iter()
        .map(|mut f| {
            let order = match doc.table_by_sheet(&f.at.sheet) {
                Some(t) => {
                    let caption = if f.table.is_empty() {
                        t.caption.clone().unwrap_or_else(|| t.sheet.clone())
                    } else {
                        f.table.clone()
                    };
                    f.table = texts::table_place(&caption, t.number, &t.headings);
                    t.cell_paragraph.values().min().copied().unwrap_or(0)
                }
                None => usize::MAX,
            };
            (order, f)
        })
        .collect();
    all.extend(sentences.iter().map(|s| (s.paragraph, s.finding.clone())));
    all.sort_by(|(a, f), (b, g)| {
        (a, f.at.row, f.at.col, f.code).cmp(&(b, g.at.row, g.at.col, g.code))
    });
    let mut findings: Vec<Finding> = all.into_iter().map(|(_, f)| f).collect();
    findings.dedup();
    let recomputed = crate::Recomputed::of(judged, &findings);
    FileReport {
        path: doc.path.display().to_string(),
        tables: tables
            .iter()
            .map(|t| crate::TableInfo {
                rule: t.rule_id.clone(),
                sheet: t.sheet.clone(),
                range: t.range(),
                name: t.name.clone(),
                recomputed: crate::Recomputed::within(judged, &findings, t),
            })
            .collect(),
        findings,
        hidden_sheets: Vec::new(),
        fixed: None,
        not_understood: Vec::new(),
        problems: Vec::new(),
        recomputed,
    }
}

/// Reads and audits a draft.
pub fn check_path(
    path: &Path,
    rules: &Rules,
    workbooks: &[(String, Workbook)],
    limits: &crate::workbook::Limits,
) -> Result<FileReport, crate::workbook::LoadError> {
    let doc = Document::open_limited(path, limits)?;
    let book = doc.workbook();
    Ok(audit(&doc, &book, rules, workbooks).report)
}
