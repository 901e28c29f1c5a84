//! What the HTML page (`--format html`, `--html PATH`) draws of a workbook,
//! captured while the workbook is still in memory: each located table's range
//! as the user laid it out (the text each cell shows, the merged ranges, which
//! rows are its header) and the headline figures it states.
//!
//! Captured only when a page is wanted (`check_workbook_drawn`): a plain check
//! keeps no copy of the cells. Nothing here judges a figure; the findings do.

use crate::finding::Finding;
use crate::rules::{Check, ColumnKind, RowRole, Rules};
use crate::table::{self, Table};
use crate::text::{any_matches, normalise};
use crate::workbook::{CellAddr, Raw, Sheet, Workbook};

/// Everything the page draws of one workbook.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Drawn {
    /// The located tables, then one small drawing per finding cell that lies in
    /// no table (a `no-table` finding at the header that came closest), so every
    /// finding's cell is on the page.
    pub tables: Vec<TableLayout>,
    /// The headline figures the workbook states (capaian, serapan, IKM, efficiency).
    pub headlines: Vec<Headline>,
}

/// One rectangle of a sheet, as the user laid it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLayout {
    pub sheet: String,
    /// The caption as the user typed it, or the rule's name.
    pub caption: String,
    /// The rule that recognised it; empty for a drawing of loose finding cells.
    pub rule: String,
    /// First sheet row and column of the rectangle (0-based).
    pub top: u32,
    pub left: u32,
    /// Rows of the rectangle that are its header (repeated on every printed page).
    pub header_rows: u32,
    /// The text each cell shows, row by row from `top`, column by column from `left`.
    pub cells: Vec<Vec<String>>,
    /// Merged ranges within the rectangle, clipped to it and to the header/body
    /// split: (first row, first column, rows, columns), sheet coordinates.
    pub merges: Vec<(u32, u32, u32, u32)>,
    /// Lines under the table (Sumber, Keterangan, footnotes).
    pub notes: Vec<String>,
}

impl TableLayout {
    pub fn bottom(&self) -> u32 {
        self.top + self.cells.len().saturating_sub(1) as u32
    }

    pub fn right(&self) -> u32 {
        self.left + self.cells.first().map_or(0, Vec::len).saturating_sub(1) as u32
    }

    pub fn contains(&self, at: &CellAddr) -> bool {
        at.file.is_none()
            && at.sheet == self.sheet
            && (self.top..=self.bottom()).contains(&at.row)
            && (self.left..=self.right()).contains(&at.col)
    }

    /// The merged range a cell lies in (first row, first column, rows, columns).
    pub fn merge_at(&self, row: u32, col: u32) -> Option<(u32, u32, u32, u32)> {
        self.merges
            .iter()
            .copied()
            .find(|&(r, c, h, w)| row >= r && row < r + h && col >= c && col < c + w)
    }
}

/// What kind of headline figure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum HeadlineKind {
    /// Capaian kinerja: realisasi against target.
    Capaian,
    /// Serapan anggaran: realisasi (Rp) against anggaran.
    Serapan,
    /// Indeks Kepuasan Masyarakat: the mean of its unsur.
    Ikm,
    /// Efisiensi anggaran (PMK 214/2017).
    Efisiensi,
}

/// One column of headline figures in one table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub kind: HeadlineKind,
    pub table: String,
    pub column: String,
    pub figures: Vec<HeadlineFigure>,
}

/// One stated headline figure; the page sets the finding at its cell beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeadlineFigure {
    pub at: CellAddr,
    pub row_label: String,
    /// The text the cell shows.
    pub stated: String,
    /// Whether the row is the table's total (JUMLAH).
    pub total: bool,
}

/// Captures the tables of a workbook and the loose cells of its findings.
pub fn capture(book: &Workbook, tables: &[Table], findings: &[Finding], rules: &Rules) -> Drawn {
    let mut drawn = Drawn::default();
    for t in tables {
        let Some(sheet) = book.sheet(&t.sheet) else {
            continue;
        };
        let l = &t.located;
        let bottom = l.body_end.max(l.header_bottom);
        drawn.tables.push(rectangle(
            sheet,
            &t.name,
            &t.rule_id,
            (l.header_top, l.left),
            (bottom, l.right),
            l.header_bottom - l.header_top + 1,
            // The next table's caption is no note of this one.
            l.notes
                .iter()
                .filter(|n| !tables.iter().any(|o| normalise(&o.name) == normalise(n)))
                .cloned()
                .collect(),
        ));
        drawn.headlines.extend(headlines(t, sheet, rules));
    }
    for f in findings {
        if f.at.file.is_some() || drawn.tables.iter().any(|t| t.contains(&f.at)) {
            continue;
        }
        let Some(sheet) = book.sheet(&f.at.sheet) else {
            continue;
        };
        let caption = if f.table.is_empty() {
            f.at.sheet.to_string()
        } else {
            f.table.clone()
        };
        drawn.tables.push(rectangle(
            sheet,
            &caption,
            "",
            (f.at.row, f.at.col),
            (f.at.row, f.at.col),
            0,
            Vec::new(),
        ));
    }
    drawn
}

fn rectangle(
    sheet: &Sheet,
    caption: &str,
    rule: &str,
    (top, left): (u32, u32),
    (bottom, right): (u32, u32),
    header_rows: u32,
    notes: Vec<String>,
) -> TableLayout {
    let cells = (top..=bottom)
        .map(|r| (left..=right).map(|c| shown(sheet, r, c)).collect())
        .collect();
    let header_bottom = top + header_rows; // first body row
    let mut merges = Vec::new();
    for m in &sheet.merges {
        let (r0, c0) = (m.start.0.max(top), m.start.1.max(left));
        let (r1, c1) = (m.end.0.min(bottom), m.end.1.min(right));
        if r0 > r1 || c0 > c1 {
            continue;
        }
        // A merge may not cross from the header into the body: a printed page
        // repeats the header alone.
        let parts = if r0 < header_bottom && r1 >= header_bottom {
            vec![(r0, header_bottom - 1), (header_bottom, r1)]
        } else {
            vec![(r0, r1)]
        };
        for (a, b) in parts {
            if (a, c0) != (b, c1) {
                merges.push((a, c0, b - a + 1, c1 - c0 + 1));
            }
        }
    }
    TableLayout {
        sheet: sheet.name.clone(),
        caption: caption.to_string(),
        rule: rule.to_string(),
        top,
        left,
        header_rows,
        cells,
        merges,
        notes,
    }
}

/// The text a person sees in a cell.
fn shown(sheet: &Sheet, row: u32, col: u32) -> String {
    match sheet.raw(row, col) {
        Raw::Empty => String::new(),
        Raw::Text(s) => s.trim().to_string(),
        Raw::Number { value, format } => table::shown_number(value, format),
        Raw::BadNumber(s) | Raw::Error(s) | Raw::Date(s) => s,
        Raw::Uncalculated(f) => format!("={f}"),
        Raw::Bool(b) => if b { "TRUE" } else { "FALSE" }.to_string(),
    }
}

/// The headline figures of a table: the cells its capaian, serapan, IKM and
/// efficiency checks recompute, in the rows those checks cover.
fn headlines(t: &Table, sheet: &Sheet, rules: &Rules) -> Vec<Headline> {
    let rule = &rules.tables[t.rule];
    let mut out = Vec::new();
    for check in &rule.checks {
        let (kind, cell, rows): (HeadlineKind, usize, Vec<&table::Row>) = match check {
            Check::Capaian {
                cell,
                target,
                actual,
                rows,
                ..
            } => (
                HeadlineKind::Capaian,
                *cell,
                t.rows_of(rows)
                    .filter(|r| r.figure(*target).is_some() && r.figure(*actual).is_some())
                    .collect(),
            ),
            // A ratio of two sums of money is a serapan; other ratios (tingkat
            // kemajuan) are not headline figures.
            Check::Ratio {
                cell,
                part,
                whole,
                rows,
                ..
            } if [part, whole].iter().all(|&&c| {
                rule.columns
                    .get(c)
                    .is_some_and(|k| k.kind == ColumnKind::Money)
            }) =>
            {
                (
                    HeadlineKind::Serapan,
                    *cell,
                    t.rows_of(rows)
                        .filter(|r| r.figure(*part).is_some() && r.figure(*whole).is_some())
                        .collect(),
                )
            }
            Check::Index {
                cell,
                indicator,
                indicators,
                ..
            } => (
                HeadlineKind::Ikm,
                *cell,
                t.rows
                    .iter()
                    .filter(|r| {
                        let name = indicator.and_then(|c| r.text(c)).unwrap_or(r.label());
                        any_matches(indicators, &normalise(name))
                    })
                    .collect(),
            ),
            // Its `rows` name the rows of the source table it is computed over.
            Check::Efficiency { cell, .. } => {
                (HeadlineKind::Efisiensi, *cell, t.rows.iter().collect())
            }
            _ => continue,
        };
        let figures: Vec<HeadlineFigure> = rows
            .into_iter()
            .filter_map(|r| {
                let f = r.figure(cell)?;
                Some(HeadlineFigure {
                    at: f.at.clone(),
                    row_label: r.label().to_string(),
                    stated: shown(sheet, f.at.row, f.at.col),
                    total: r.role == Some(RowRole::Total),
                })
            })
            .collect();
        if !figures.is_empty() {
            out.push(Headline {
                kind,
                table: t.name.clone(),
                column: t.member_header(cell, 0),
                figures,
            });
        }
    }
    out
}
