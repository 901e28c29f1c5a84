//! selaras: checks and repairs the figures in performance-report (LKjIP) workbooks.
//!
//! The pipeline: read a workbook (`workbook`) -> find its tables by their headers
//! (`locate`) -> read their rows and figures (`table`, `number`) -> run the checks
//! the rules name (`checks`) -> findings (`finding`) -> render them (`render`).

pub mod checks;
pub mod cli;
pub mod finding;
pub mod locate;
pub mod number;
pub mod render;
pub mod rules;
pub mod scale;
pub mod table;
pub mod text;
pub mod workbook;

use std::path::Path;

use finding::{Finding, Tally};
use rules::Rules;
use table::Table;
use workbook::{LoadError, Workbook};

/// A table recognised in a workbook.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableInfo {
    pub rule: String,
    pub sheet: String,
    pub range: String,
    pub name: String,
}

/// Everything `check` found in one workbook.
#[derive(Debug, Clone)]
pub struct FileReport {
    pub path: String,
    pub tables: Vec<TableInfo>,
    pub findings: Vec<Finding>,
}

impl FileReport {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.findings)
    }
}

/// Finds and reads every table of every sheet.
pub fn read_tables(book: &Workbook, rules: &Rules) -> (Vec<Table>, Vec<Finding>) {
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

/// Checks a workbook already read.
pub fn check_workbook(book: &Workbook, rules: &Rules) -> FileReport {
    let (tables, mut findings) = read_tables(book, rules);
    findings.extend(checks::run(&tables, rules));
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
    FileReport {
        path: book.path.display().to_string(),
        tables: tables
            .iter()
            .map(|t| TableInfo {
                rule: t.rule_id.clone(),
                sheet: t.sheet.clone(),
                range: t.range(),
                name: t.name.clone(),
            })
            .collect(),
        findings,
    }
}

/// Reads and checks one workbook file.
pub fn check_path(path: &Path, rules: &Rules) -> Result<FileReport, LoadError> {
    let book = Workbook::open(path)?;
    Ok(check_workbook(&book, rules))
}
