//! What a workbook holds that selaras did not read: the regions that look like a
//! table of figures (a row of labels over rows holding figures) but that no rule
//! took, each with the rule that came nearest and what that rule missed. The
//! report says them (`not-understood`), so a table is never skipped in silence.

use crate::locate::{self, Located};
use crate::rules::Rules;
use crate::workbook::{Raw, Sheet};

/// Blank rows that end a region.
const BLANK_ROWS_END: u32 = 2;
/// Blank rows bridged when the rows after them go on in the same columns.
const BLANK_ROWS_BRIDGED: u32 = 5;

/// A region that looks like a table and was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub sheet: String,
    /// 0-based, inclusive.
    pub top: u32,
    pub left: u32,
    pub bottom: u32,
    pub right: u32,
    /// The texts of its first row, as typed, joined by ` | `.
    pub header: String,
    /// The rule whose required columns its header comes closest to naming, with
    /// the keys of those it does not name.
    pub nearest: Option<Nearest>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nearest {
    pub rule: usize,
    pub rule_id: String,
    /// How many of the rule's required columns the header names.
    pub found: usize,
    /// The rule's required columns it does not name: indices and keys.
    pub missing: Vec<usize>,
    pub missing_keys: Vec<String>,
}

impl Unread {
    /// `A5:K59`.
    pub fn range(&self) -> String {
        format!(
            "{}:{}",
            crate::workbook::CellAddr::new(&self.sheet, self.top, self.left).a1(),
            crate::workbook::CellAddr::new(&self.sheet, self.bottom, self.right).a1()
        )
    }
}

/// Every region of `sheet` that looks like a table of figures and lies outside
/// the tables read (`taken`), top to bottom.
pub fn unread(sheet: &Sheet, rules: &Rules, taken: &[&Located]) -> Vec<Unread> {
    let (Some((top, _)), Some((bottom, _))) = (sheet.start(), sheet.end()) else {
        return Vec::new();
    };
    if written_by_selaras(sheet, top) {
        return Vec::new();
    }
    let inside = |r: u32| {
        taken
            .iter()
            .any(|t| r >= t.header_top && r <= t.body_end.max(t.header_bottom))
    };
    let mut out = Vec::new();
    let mut rows = sheet.rows_between(top, bottom).peekable();
    while let Some(r) = rows.next() {
        if inside(r) || !labels_row(sheet, r) {
            continue;
        }
        // The region: this row and the rows under it, up to two blank rows, a
        // table read, or the sheet's end.
        let mut last = r;
        let mut figures = 0;
        let mut figure_cols: Vec<u32> = Vec::new();
        while let Some(&next) = rows.peek() {
            if inside(next) {
                break;
            }
            // A longer gap is bridged when the row after it goes on with
            // figures in the region's own figure columns (a form that leaves
            // blank rows between its kegiatan blocks), not a new header.
            if next - last > BLANK_ROWS_END
                && !(next - last <= BLANK_ROWS_BRIDGED
                    && !labels_row(sheet, next)
                    && figure_columns(sheet, next)
                        .is_some_and(|cols| cols.iter().all(|c| figure_cols.contains(c))))
            {
                break;
            }
            rows.next();
            if row_is_empty(sheet, next) {
                continue;
            }
            figures += figure_count(sheet, next);
            for c in figure_columns(sheet, next).unwrap_or_default() {
                if !figure_cols.contains(&c) {
                    figure_cols.push(c);
                }
            }
            last = next;
        }
        if figures == 0 {
            continue;
        }
        let cols = (r..=last).flat_map(|row| {
            sheet
                .cols_in_row(row)
                .filter(move |&c| !sheet.is_blank(row, c))
                .collect::<Vec<_>>()
        });
        let (left, right) = cols.fold((u32::MAX, 0), |(l, h), c| (l.min(c), h.max(c)));
        let header: Vec<String> = (left..=right)
            .map(|c| {
                sheet
                    .text(r, c)
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .filter(|t| !t.is_empty())
            .collect();
        let mut header = header.join(" | ");
        if header.chars().count() > 160 {
            header = header.chars().take(157).collect::<String>() + "…";
        }
        out.push(Unread {
            sheet: sheet.name.clone(),
            top: r,
            left,
            bottom: last,
            right,
            header,
            nearest: nearest(sheet, rules, r, left, right),
        });
    }
    out
}

/// The findings sheet of a corrected copy (its header in either language).
fn written_by_selaras(sheet: &Sheet, top: u32) -> bool {
    let first: Vec<String> = sheet
        .cols_in_row(top)
        .map(|c| sheet.text(top, c))
        .filter(|t| !t.is_empty())
        .collect();
    [
        crate::i18n::Lang::english(),
        crate::i18n::Lang::indonesian(),
    ]
    .into_iter()
    .any(|lang| {
        crate::xlsx_patch::FindingsSheet::new(lang)
            .header
            .as_slice()
            == first.as_slice()
    })
}

/// A rule's id, the column keys it names in a region's header, and the
/// required ones it lacks.
pub type Candidate = (String, Vec<String>, Vec<String>);

/// For `selaras tables --explain`: each rule whose columns the region's header
/// names one of at least, with the keys it names and the required ones it lacks
/// (at the header depth that names most), most named first.
pub fn candidates(
    sheet: &Sheet,
    rules: &Rules,
    u: &Unread,
) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut out: Vec<(usize, String, Vec<String>, Vec<String>)> = Vec::new();
    for rule in &rules.tables {
        let all: Vec<usize> = (0..rule.columns.len()).collect();
        let best = (1..=6)
            .map(|depth| locate::missing_columns(sheet, rule, &all, u.top, depth, u.left, u.right))
            .min_by_key(Vec::len)
            .unwrap_or_default();
        let named: Vec<String> = all
            .iter()
            .filter(|i| !best.contains(i))
            .map(|&i| rule.columns[i].key.clone())
            .collect();
        if named.is_empty() {
            continue;
        }
        let lacks: Vec<String> = best
            .iter()
            .filter(|&&i| !rule.columns[i].optional)
            .map(|&i| rule.columns[i].key.clone())
            .collect();
        out.push((named.len(), rule.id.clone(), named, lacks));
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.3.len().cmp(&b.3.len())));
    out.into_iter().map(|(_, id, n, l)| (id, n, l)).collect()
}

/// The rule whose required columns the header at `row` names most of (two at
/// least; then the most columns in all), over header depths of one to six rows.
fn nearest(sheet: &Sheet, rules: &Rules, row: u32, left: u32, right: u32) -> Option<Nearest> {
    // Ranked by the required columns named, then by all the columns named.
    let mut best: Option<(usize, usize, Nearest)> = None;
    for (ri, rule) in rules.tables.iter().enumerate() {
        let all: Vec<usize> = (0..rule.columns.len()).collect();
        let required: Vec<usize> = all
            .iter()
            .copied()
            .filter(|&i| !rule.columns[i].optional)
            .collect();
        for depth in 1..=6 {
            let unnamed = locate::missing_columns(sheet, rule, &all, row, depth, left, right);
            let named = all.len() - unnamed.len();
            let missing: Vec<usize> = required
                .iter()
                .copied()
                .filter(|i| unnamed.contains(i))
                .collect();
            let found = required.len() - missing.len();
            // One column in common (a "Kode", a "Nilai") says nothing of a kind.
            if found < 2 {
                continue;
            }
            if best
                .as_ref()
                .is_none_or(|(f, n, _)| (found, named) > (*f, *n))
            {
                best = Some((
                    found,
                    named,
                    Nearest {
                        rule: ri,
                        rule_id: rule.id.clone(),
                        found,
                        missing_keys: missing
                            .iter()
                            .map(|&i| rule.columns[i].key.clone())
                            .collect(),
                        missing,
                    },
                ));
            }
        }
    }
    best.map(|(_, _, n)| n)
}

/// A row of two or more labels: words, not figures.
fn labels_row(sheet: &Sheet, row: u32) -> bool {
    let (mut words, mut other) = (0, 0);
    for c in sheet.cols_in_row(row) {
        if sheet.is_blank(row, c) {
            continue;
        }
        if sheet.has_words(row, c) {
            words += 1;
        } else {
            other += 1;
        }
    }
    words >= 2 && other <= words
}

fn row_is_empty(sheet: &Sheet, row: u32) -> bool {
    sheet.cols_in_row(row).all(|c| sheet.is_blank(row, c))
}

/// The columns of a row that hold a figure, None when none does.
fn figure_columns(sheet: &Sheet, row: u32) -> Option<Vec<u32>> {
    let cols: Vec<u32> = sheet
        .cols_in_row(row)
        .filter(|&c| is_figure(sheet, row, c))
        .collect();
    (!cols.is_empty()).then_some(cols)
}

/// The cells of a row that hold a figure: a number, or a number or a dash typed
/// as text (`7.023.180.935`, `2,17%`, `-`).
fn figure_count(sheet: &Sheet, row: u32) -> usize {
    sheet
        .cols_in_row(row)
        .filter(|&c| is_figure(sheet, row, c))
        .count()
}

/// Whether a cell holds a figure (a number, or one typed as text, or a dash).
fn is_figure(sheet: &Sheet, row: u32, col: u32) -> bool {
    match sheet.raw(row, col) {
        Raw::Number { .. } => true,
        Raw::Text(t) => {
            let t = t.trim();
            !t.is_empty()
                && t.chars().all(|ch| {
                    ch.is_ascii_digit() || matches!(ch, '.' | ',' | '%' | '-' | ' ' | '(' | ')')
                })
                && (t.chars().any(|ch| ch.is_ascii_digit()) || t == "-")
        }
        _ => false,
    }
}
