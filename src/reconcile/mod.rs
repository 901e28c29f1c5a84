//! `selaras reconcile`: each section's (Bagian's) submission held against the
//! compiled report, as the report's SOP "Mekanisme Pengumpulan Data Kinerja" has
//! the finance subsection and the planner do by hand.
//!
//! The same kind of table is found in each workbook by its headers (each Bagian
//! has its own header wording and column order); rows are matched by kode where
//! both have one, otherwise by name, allowing small spelling differences (said so);
//! then every figure both state is compared. What comes out:
//! - `reconcile-mismatch`: a figure differs (at the compiled cell; the section's
//!   cell is the input, and its value the fix: a section is the source of its rows);
//! - `reconcile-missing`: a row a section submitted that the compiled report lacks;
//! - `reconcile-unsubmitted`: a compiled row no section submitted;
//! - `reconcile-duplicate`: a compiled row two sections both claim;
//! - `label-mismatch` (info): a row matched by a name spelt differently.

use std::collections::BTreeMap;

mod budget;

use crate::finding::{Code, Finding, Severity};
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{ColumnKind, Rules};
use crate::table::{Row, Table};
use crate::text::{name_key, similarity};
use crate::workbook::{CellAddr, Workbook};
use crate::FileReport;

/// Names at least this alike (in thousandths) are the same row, spelt differently.
const SAME_ROW: u32 = 750;

/// One section's submission, reconciled.
#[derive(Debug, Clone)]
pub struct SectionResult {
    /// The section's own check, plus its reconcile-missing rows.
    pub report: FileReport,
    pub summary: Summary,
}

/// Counts per section, as the finance subsection reports them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub submitted: usize,
    pub matched: usize,
    pub inexact: usize,
    pub differing: usize,
    pub missing: usize,
}

#[derive(Debug, Clone)]
pub struct Reconciliation {
    /// The compiled report's reconcile findings (mismatches, unsubmitted, duplicates).
    pub compiled: FileReport,
    pub sections: Vec<SectionResult>,
    /// The realisation export (`--budget`): its own check, and the report's
    /// budget rows held against it, counted.
    pub budget: Option<SectionResult>,
}

/// Rows that carry a section's figures: not totals, means or headings.
fn is_item(row: &Row) -> bool {
    row.role.is_none()
}

fn file_name(path: &str) -> String {
    std::path::Path::new(path)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.to_string())
}

/// The row's name cell (or its first cell) as an address.
fn name_cell(table: &Table, rules: &Rules, row: &Row) -> CellAddr {
    let rule = &rules.tables[table.rule];
    let col = rule
        .column_index("nama")
        .and_then(|i| table.sheet_col(i))
        .unwrap_or(table.located.left);
    CellAddr::new(&table.sheet, row.row, col)
}

fn kode(table: &Table, rules: &Rules, row: &Row) -> Option<String> {
    let i = rules.tables[table.rule].column_index("kode")?;
    row.text(i)
        .map(|k| k.trim().to_string())
        .filter(|k| !k.is_empty())
}

fn name(table: &Table, rules: &Rules, row: &Row) -> String {
    let rule = &rules.tables[table.rule];
    rule.column_index("nama")
        .and_then(|i| row.text(i))
        .unwrap_or(row.label())
        .to_string()
}

/// The compiled report the sections are held against, and what holding them finds.
struct Compiled<'a> {
    path: &'a str,
    tables: Vec<Table<'a>>,
    rules: &'a Rules,
    /// The compiled report's reconcile findings.
    findings: Vec<Finding>,
    /// Compiled rows claimed: (table index, row index) -> the sections' name cells.
    claims: BTreeMap<(usize, usize), Vec<CellAddr>>,
    /// The kinds of row the sections submit, per compiled table.
    kinds_submitted: Vec<(usize, crate::workbook::Name)>,
}

/// Reconciles section workbooks against the compiled one, and the compiled
/// one's budget tables against a realisation export (`budget`).
pub fn reconcile(
    compiled: (&str, &Workbook),
    sections: &[(String, Workbook)],
    budget: Option<(&str, &Workbook)>,
    rules: &Rules,
) -> Reconciliation {
    let (compiled_path, compiled_book) = compiled;
    let (compiled_tables, _) = crate::read_tables(compiled_book, rules);
    let mut compiled = Compiled {
        path: compiled_path,
        tables: compiled_tables,
        rules,
        findings: Vec::new(),
        claims: BTreeMap::new(),
        kinds_submitted: Vec::new(),
    };
    let mut results = Vec::new();
    for (path, book) in sections {
        results.push(compiled.section(path, book));
    }
    // Rows two sections claim, and rows of a kind sections submit that none did.
    compiled.duplicates();
    compiled.unsubmitted();
    let budget = budget.map(|(path, book)| compiled.budget(path, book));
    Reconciliation {
        compiled: compiled.into_report(),
        sections: results,
        budget,
    }
}

impl Compiled<'_> {
    /// One section's submission: its own check, its rows matched to the compiled
    /// report's (and what differs), counted.
    fn section(&mut self, path: &str, book: &Workbook) -> SectionResult {
        let file = file_name(path);
        let mut report = crate::check_workbook(book, self.rules);
        report.path = path.to_string();
        let (tables, _) = crate::read_tables(book, self.rules);
        let mut summary = Summary::default();
        for t in &tables {
            let Some(ci) = self.tables.iter().position(|c| c.rule_id == t.rule_id) else {
                continue;
            };
            self.section_table(ci, t, &file, &mut report, &mut summary);
        }
        SectionResult { report, summary }
    }

    /// Matches a section table's rows to the rows of compiled table `ci`: a row not
    /// found goes to the section's `report`, a row spelt differently or whose figures
    /// differ to the compiled report's findings.
    fn section_table(
        &mut self,
        ci: usize,
        t: &Table,
        file: &str,
        report: &mut FileReport,
        summary: &mut Summary,
    ) {
        let rules = self.rules;
        let c = &self.tables[ci];
        let theirs: Vec<(usize, &Row)> = c
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| is_item(r))
            .collect();
        let mut taken = vec![false; theirs.len()];
        for row in t.rows.iter().filter(|r| is_item(r)) {
            summary.submitted += 1;
            let my_name = name(t, rules, row);
            let my_kode = kode(t, rules, row);
            let found = match_row(c, rules, &theirs, &taken, my_kode.as_deref(), &my_name);
            let Some((j, inexact)) = found else {
                summary.missing += 1;
                report
                    .findings
                    .push(missing_row(t, row, &my_name, c, self.path, rules));
                continue;
            };
            taken[j] = true;
            summary.matched += 1;
            let (row_index, their) = theirs[j];
            let their_name = name(c, rules, their);
            self.claims
                .entry((ci, row_index))
                .or_default()
                .push(name_cell(t, rules, row).in_file(file));
            if !self.kinds_submitted.contains(&(ci, their.kind.clone())) {
                self.kinds_submitted.push((ci, their.kind.clone()));
            }
            if inexact {
                summary.inexact += 1;
                self.findings.push(
                    Finding::new(
                        Code::LabelMismatch,
                        name_cell(c, rules, their),
                        msg!(
                            "reconcile.spelt-differently",
                            name = their_name.as_str(),
                            file = file,
                            section_name = my_name.as_str()
                        ),
                    )
                    .severity(Severity::Info)
                    .place(&c.name, their.label(), c.header(0))
                    .values(their_name.clone(), Some(my_name.clone()))
                    .inputs(vec![name_cell(t, rules, row).in_file(file)])
                    .help(msg!("reconcile.spelt-differently-help")),
                );
            }
            if compare(
                c,
                their,
                t,
                row,
                file,
                rules,
                &report.findings,
                &mut self.findings,
            ) {
                summary.differing += 1;
            }
        }
    }

    /// Compiled rows two sections (or more) claim.
    fn duplicates(&mut self) {
        let rules = self.rules;
        for ((ci, ri), cells) in &self.claims {
            if cells.len() > 1 {
                let c = &self.tables[*ci];
                let row = &c.rows[*ri];
                let names: Vec<String> = cells
                    .iter()
                    .map(|a| a.file.clone().unwrap_or_default())
                    .collect();
                self.findings.push(
                    Finding::new(
                        Code::ReconcileDuplicate,
                        name_cell(c, rules, row),
                        msg!(
                            "reconcile.duplicate",
                            name = name(c, rules, row),
                            n = cells.len(),
                            files = names.join(", ")
                        ),
                    )
                    .place(&c.name, row.label(), c.header(0))
                    .values(name(c, rules, row), None)
                    .inputs(cells.clone())
                    .help(msg!("reconcile.duplicate-help")),
                );
            }
        }
    }

    /// Compiled rows of a kind the sections submit that no section did.
    fn unsubmitted(&mut self) {
        let rules = self.rules;
        for (ci, c) in self.tables.iter().enumerate() {
            for (ri, row) in c.rows.iter().enumerate() {
                let submitted_kind = self
                    .kinds_submitted
                    .iter()
                    .any(|(k, kind)| *k == ci && *kind == row.kind);
                if submitted_kind && is_item(row) && !self.claims.contains_key(&(ci, ri)) {
                    self.findings.push(
                        Finding::new(
                            Code::ReconcileUnsubmitted,
                            name_cell(c, rules, row),
                            msg!("reconcile.unsubmitted", name = name(c, rules, row)),
                        )
                        .place(&c.name, row.label(), c.header(0))
                        .values(name(c, rules, row), None)
                        .help(msg!("reconcile.unsubmitted-help")),
                    );
                }
            }
        }
    }

    /// The compiled report's reconcile findings, in sheet and cell order, as a file report.
    fn into_report(self) -> FileReport {
        let tables_info = self
            .tables
            .iter()
            .map(|t| crate::TableInfo {
                rule: t.rule_id.clone(),
                sheet: t.sheet.clone(),
                range: t.range(),
                name: t.name.clone(),
                recomputed: Default::default(),
            })
            .collect();
        let mut findings = self.findings;
        findings.sort_by(|a, b| {
            (&a.at.sheet, a.at.row, a.at.col, a.code).cmp(&(
                &b.at.sheet,
                b.at.row,
                b.at.col,
                b.code,
            ))
        });
        FileReport {
            path: self.path.to_string(),
            tables: tables_info,
            findings,
            hidden_sheets: Vec::new(),
            fixed: None,
            not_understood: Vec::new(),
            problems: Vec::new(),
            recomputed: crate::Recomputed::default(),
        }
    }
}

/// The compiled row (an index into `theirs`) a section's row is, and whether only
/// by an alike name: by kode where both have one, then by the same name, then by an
/// alike one (rows already `taken` are passed over by name).
fn match_row(
    c: &Table,
    rules: &Rules,
    theirs: &[(usize, &Row)],
    taken: &[bool],
    my_kode: Option<&str>,
    my_name: &str,
) -> Option<(usize, bool)> {
    let by_kode = my_kode.and_then(|k| {
        theirs
            .iter()
            .position(|(_, r)| kode(c, rules, r).as_deref() == Some(k))
    });
    let key = name_key(my_name);
    let exact = || {
        theirs
            .iter()
            .enumerate()
            .position(|(j, (_, r))| !taken[j] && name_key(&name(c, rules, r)) == key)
    };
    let alike = || {
        theirs
            .iter()
            .enumerate()
            .filter(|(j, _)| !taken[*j])
            .map(|(j, (_, r))| (similarity(&key, &name_key(&name(c, rules, r))), j))
            .filter(|(s, _)| *s >= SAME_ROW)
            .max_by_key(|(s, j)| (*s, std::cmp::Reverse(*j)))
            .map(|(_, j)| j)
    };
    match by_kode.or_else(exact) {
        Some(j) => Some((j, false)),
        None => alike().map(|j| (j, true)),
    }
}

/// `reconcile-missing`: a row a section submitted that compiled table `c` lacks.
fn missing_row(
    t: &Table,
    row: &Row,
    my_name: &str,
    c: &Table,
    compiled_path: &str,
    rules: &Rules,
) -> Finding {
    let at = name_cell(t, rules, row);
    Finding::new(
        Code::ReconcileMissing,
        at,
        msg!(
            "reconcile.missing",
            name = my_name,
            compiled = file_name(compiled_path),
            table = c.short_name()
        ),
    )
    .place(&t.name, row.label(), t.header(0))
    .values(my_name.to_string(), None)
    .help(msg!("reconcile.missing-help"))
}

/// A JSON decimal string as the report writes it (`91.90` -> `91,90`).
/// Compares every figure both rows state; true when any differs.
/// Holds a compiled row against the section's; `section_findings` are the
/// section workbook's own findings: a section figure that is itself wrong is not
/// offered as the fix.
#[allow(clippy::too_many_arguments)]
fn compare(
    c: &Table,
    their: &Row,
    t: &Table,
    mine: &Row,
    file: &str,
    rules: &Rules,
    section_findings: &[Finding],
    out: &mut Vec<Finding>,
) -> bool {
    let rule = &rules.tables[c.rule];
    let mut differs = false;
    for (i, col) in rule.columns.iter().enumerate() {
        if col.kind == ColumnKind::Text {
            continue;
        }
        let (Some(g), Some(f)) = (their.figure(i), mine.figure(i)) else {
            continue;
        };
        let scale = f.scale.min(g.scale);
        if round_half_up(f.value, scale) == round_half_up(g.value, scale) {
            continue;
        }
        differs = true;
        let source = f.at.clone().in_file(file);
        // The section's own check found this figure wrong: copying it would copy the error.
        let own_error = section_findings
            .iter()
            .find(|e| e.at == f.at && e.severity == crate::finding::Severity::Error);
        out.push(
            Finding::new(
                Code::ReconcileMismatch,
                g.at.clone(),
                msg!(
                    "reconcile.differs",
                    column = c.header(i),
                    name = name(c, rules, their),
                    value = format_id(g.value, g.scale),
                    section_value = format_id(f.value, f.scale),
                    file = file,
                    cell = f.at.relative_to("")
                ),
            )
            .place(&c.name, their.label(), c.header(i))
            .figures(
                crate::checks::scaled(g.value, g.scale),
                Some(crate::checks::scaled(f.value, f.scale)),
            )
            .formula(
                msg!(
                    "reconcile.formula",
                    column = c.header(i),
                    section_column = t.header(i),
                    file = file,
                    cell = f.at.relative_to("")
                ),
                vec![source],
            )
            .help(match own_error {
                Some(e) => msg!(
                    "reconcile.section-wrong",
                    file = file,
                    cell = e.at.relative_to(""),
                    expected = e
                        .expected
                        .as_ref()
                        .map(crate::finding::Value::shown)
                        .unwrap_or_default()
                ),
                None => msg!(
                    "reconcile.differs-help",
                    value = format_id(f.value, f.scale),
                    file = file
                ),
            })
            .fix(own_error.is_none().then(|| round_half_up(f.value, g.scale))),
        );
    }
    differs
}
