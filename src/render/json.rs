//! The machine report: one JSON document, `version` 1. Other tools build on it:
//! fields are only ever added, never renamed or removed.

use serde::Serialize;

use super::Outcome;
use crate::finding::{Finding, Tally};
use crate::problems::waivers::Note;
use crate::problems::{Blame, Problem};
use crate::workbook::Location;

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
    /// Waivers that do not do what they say: matched nothing, or past their date.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    waivers: Vec<WaiverNote>,
    /// `reconcile`: each section's counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    sections: Option<Vec<SectionCounts>>,
    /// `reconcile --budget`: the realisation export's counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    budget: Option<BudgetCounts>,
}

/// A section's submission against the compiled report.
#[derive(Serialize)]
struct SectionCounts {
    path: String,
    submitted: usize,
    matched: usize,
    inexact: usize,
    differing: usize,
    missing: usize,
}

/// The realisation export against the report's budget table.
#[derive(Serialize)]
struct BudgetCounts {
    path: String,
    rows: usize,
    matched: usize,
    inexact: usize,
    differing: usize,
    absent: usize,
}

#[derive(Serialize)]
struct WaiverNote {
    config: String,
    index: usize,
    line: usize,
    /// `stale` (matches nothing) or `expired`.
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    until: Option<String>,
    matches: String,
}

/// One mistake with all its symptoms (`problems` in a file).
#[derive(Serialize)]
struct ProblemItem {
    id: usize,
    fingerprint: String,
    code: &'static str,
    severity: &'static str,
    /// The lead finding's message.
    summary: String,
    cells: Vec<String>,
    blame: Option<BlameItem>,
    /// Where the evidence ties: every cell that may be the wrong one.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    candidates: Vec<String>,
    /// Indices into the file's `findings`, the lead first.
    findings: Vec<usize>,
    waived: Option<WaivedItem>,
    baseline: bool,
}

#[derive(Serialize)]
struct BlameItem {
    cell: String,
    reason: String,
}

#[derive(Serialize)]
struct WaivedItem {
    reason: String,
    owner: String,
    until: Option<String>,
}

#[derive(Serialize)]
struct File<'a> {
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
    tables: Vec<Table<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    hidden_sheets: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fixed: Option<Fixed>,
    /// How much of the file was read: the tables, and the regions that look
    /// like tables but were not understood (absent for a file not read).
    #[serde(skip_serializing_if = "Option::is_none")]
    coverage: Option<Coverage>,
    /// The findings grouped into problems (absent for a file not read).
    #[serde(skip_serializing_if = "Option::is_none")]
    problems: Option<Vec<ProblemItem>>,
    findings: Vec<Item<'a>>,
}

#[derive(Serialize)]
struct Coverage {
    tables: usize,
    /// Stated figures a relation recomputed (derived figures: percentages, totals,
    /// means, indices), and how many of them agree.
    figures: usize,
    agree: usize,
    not_understood: Vec<Unread>,
}

#[derive(Serialize)]
struct Unread {
    sheet: String,
    range: String,
    header: String,
    /// The id of the rule that came nearest, if any came near at all.
    nearest_rule: Option<String>,
    /// The keys of that rule's columns the header does not name.
    missing: Vec<String>,
}

#[derive(Serialize)]
struct Fixed {
    output: String,
    changes: Vec<Change>,
    suggested: usize,
    /// The copy is a new .xlsx written from a non-.xlsx input: only part of the layout was kept.
    partial_layout: bool,
}

#[derive(Serialize)]
struct Change {
    sheet: String,
    cell: String,
    old: String,
    new: String,
    code: &'static str,
}

#[derive(Serialize)]
struct Table<'a> {
    rule: &'a str,
    sheet: &'a str,
    range: &'a str,
    name: &'a str,
}

#[derive(Serialize)]
struct Item<'a> {
    code: &'static str,
    severity: &'static str,
    sheet: std::borrow::Cow<'a, str>,
    cell: String,
    found: Option<&'a crate::finding::Value>,
    expected: Option<&'a crate::finding::Value>,
    inputs: Vec<String>,
    message: String,
    fix: Option<String>,
    table: &'a str,
    row: &'a str,
    column: &'a str,
    formula: Option<String>,
    help: String,
    /// The same finding on the sheets that repeat this one's rows.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    also: Vec<String>,
    /// The id of the problem it belongs to.
    problem: usize,
    /// Stable across runs: what `--baseline` and a waiver's `fingerprint` match.
    fingerprint: String,
}

#[derive(Serialize)]
struct Summary {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    unreadable_files: usize,
    /// Problems in all, and how many of them are waived or already in the baseline.
    problems: usize,
    waived: usize,
    baseline: usize,
}

fn problem_item(p: &Problem, findings: &[Finding]) -> ProblemItem {
    let (blame, candidates) = match &p.blame {
        Blame::None => (None, Vec::new()),
        Blame::One { cell, reason } => (
            Some(BlameItem {
                cell: cell.qualified(),
                reason: reason.english(),
            }),
            Vec::new(),
        ),
        Blame::Tied { cells, .. } => (None, cells.iter().map(|c| c.qualified()).collect()),
    };
    ProblemItem {
        id: p.id,
        fingerprint: p.fingerprint.clone(),
        code: p.code.as_str(),
        severity: p.severity.as_str(),
        summary: findings
            .get(p.findings[0])
            .map(|f| f.message.english())
            .unwrap_or_default(),
        cells: p.cells.iter().map(|c| c.qualified()).collect(),
        blame,
        candidates,
        findings: p.findings.clone(),
        waived: p.waived.as_ref().map(|w| WaivedItem {
            reason: w.reason.clone(),
            owner: w.owner.clone(),
            until: w.until.clone(),
        }),
        baseline: p.baseline,
    }
}

fn item<'a>(f: &'a Finding, problem: usize, tables: &[crate::TableInfo]) -> Item<'a> {
    Item {
        problem,
        fingerprint: crate::problems::fingerprint(f, tables),
        code: f.code.as_str(),
        severity: f.severity.as_str(),
        // A sentence of a Word draft: `paragraph 57`, no cell.
        sheet: match f.at.location() {
            Location::Paragraph(n) => std::borrow::Cow::Owned(format!("paragraph {n}")),
            Location::Cell(at) => std::borrow::Cow::Borrowed(&*at.sheet),
        },
        cell: match f.at.location() {
            Location::Paragraph(_) => String::new(),
            Location::Cell(at) => at.a1(),
        },
        found: f.found.as_ref(),
        expected: f.expected.as_ref(),
        inputs: f
            .inputs
            .iter()
            .map(|i| i.relative_to(&f.at.sheet))
            .collect(),
        message: f.message.english(),
        fix: f.fix.map(|d| d.to_string()),
        table: &f.table,
        row: &f.row_label,
        column: &f.column_label,
        formula: f.formula.as_ref().map(|m| m.english()),
        help: f.help.english(),
        also: f.also.iter().map(|a| a.to_string()).collect(),
    }
}

/// One file read: its tables, what was corrected, what was checked, its
/// problems and its findings.
fn file<'a>(r: &'a crate::FileReport, problems: &[Problem]) -> File<'a> {
    let ids = crate::problems::of_findings(problems, r.findings.len());
    File {
        path: r.path.clone(),
        error: None,
        tables: r
            .tables
            .iter()
            .map(|t| Table {
                rule: &t.rule,
                sheet: &t.sheet,
                range: &t.range,
                name: &t.name,
            })
            .collect(),
        hidden_sheets: r.hidden_sheets.clone(),
        fixed: r.fixed.as_ref().map(|f| Fixed {
            output: f.output.clone(),
            changes: f
                .changes
                .iter()
                .map(|(at, old, new, code)| Change {
                    sheet: at.sheet.to_string(),
                    cell: at.a1(),
                    old: old.clone(),
                    new: new.clone(),
                    code: code.as_str(),
                })
                .collect(),
            suggested: f.suggested,
            partial_layout: f.partial_layout,
        }),
        coverage: Some(Coverage {
            tables: r.tables.len(),
            figures: r.recomputed.figures,
            agree: r.recomputed.agree,
            not_understood: r
                .not_understood
                .iter()
                .map(|u| Unread {
                    sheet: u.sheet.clone(),
                    range: u.range(),
                    header: u.header.clone(),
                    nearest_rule: u.nearest.as_ref().map(|n| n.rule_id.clone()),
                    missing: u
                        .nearest
                        .as_ref()
                        .map(|n| n.missing_keys.clone())
                        .unwrap_or_default(),
                })
                .collect(),
        }),
        problems: Some(
            problems
                .iter()
                .map(|p| problem_item(p, &r.findings))
                .collect(),
        ),
        findings: r
            .findings
            .iter()
            .zip(ids)
            .map(|(f, id)| item(f, id, &r.tables))
            .collect(),
    }
}

pub fn render(outcomes: &[Outcome]) -> String {
    render_with(outcomes, &[])
}

/// The report with what the waivers that did not do what they say.
pub fn render_with(outcomes: &[Outcome], notes: &[Note]) -> String {
    text(&document(outcomes, notes))
}

/// The document as pretty JSON, with a final newline.
fn text(doc: &Document) -> String {
    let mut text = serde_json::to_string_pretty(doc)
        .unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}

/// The check document of `outcomes`.
fn document<'a>(outcomes: &'a [Outcome], notes: &[Note]) -> Document<'a> {
    let mut tally = Tally::default();
    let mut unreadable = 0;
    let (mut problem_count, mut waived, mut baseline) = (0, 0, 0);
    let files = outcomes
        .iter()
        .map(|o| match o {
            Ok(r) => {
                for f in &r.findings {
                    tally.add(f.severity);
                }
                let problems = crate::problems::of(r);
                problem_count += problems.len();
                waived += problems.iter().filter(|p| p.waived.is_some()).count();
                baseline += problems.iter().filter(|p| p.baseline).count();
                file(r, &problems)
            }
            Err(e) => {
                unreadable += 1;
                File {
                    path: e.path().display().to_string(),
                    error: Some(e.reason().english()),
                    tables: Vec::new(),
                    hidden_sheets: Vec::new(),
                    fixed: None,
                    coverage: None,
                    problems: None,
                    findings: Vec::new(),
                }
            }
        })
        .collect();
    Document {
        version: 1,
        files,
        summary: Summary {
            files: outcomes.len(),
            errors: tally.errors,
            warnings: tally.warnings,
            infos: tally.infos,
            unreadable_files: unreadable,
            problems: problem_count,
            waived,
            baseline,
        },
        waivers: notes
            .iter()
            .map(|n| WaiverNote {
                config: n.path.clone(),
                index: n.index,
                line: n.line,
                status: if n.expired.is_some() {
                    "expired"
                } else {
                    "stale"
                },
                until: n.expired.clone(),
                matches: n.what.clone(),
            })
            .collect(),
        sections: None,
        budget: None,
    }
}

/// The reconcile report: the check document, with each section's counts.
pub fn render_reconcile(
    outcomes: &[Outcome],
    sections: &[(String, crate::reconcile::Summary)],
    budget: Option<&(String, crate::reconcile::Summary)>,
) -> String {
    let mut doc = document(outcomes, &[]);
    doc.sections = Some(
        sections
            .iter()
            .map(|(path, s)| SectionCounts {
                path: path.clone(),
                submitted: s.submitted,
                matched: s.matched,
                inexact: s.inexact,
                differing: s.differing,
                missing: s.missing,
            })
            .collect(),
    );
    doc.budget = budget.map(|(path, s)| BudgetCounts {
        path: path.clone(),
        rows: s.submitted,
        matched: s.matched,
        inexact: s.inexact,
        differing: s.differing,
        absent: s.missing,
    });
    text(&doc)
}
