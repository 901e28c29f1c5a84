//! A located table read into rows: each row with its kind (program, kegiatan,
//! total, ...), its section (`Tujuan` / `Sasaran`) and its label in the user's
//! words; each figure an exact decimal with the precision it was written with. A
//! figure that cannot be read is an `unreadable-number` finding, never a guess.
//!
//! A table borrows its sheet, and a row holds no copy of its cells: reading the
//! table looks at every cell once (to learn each row's kind and label, to find the
//! unreadable cells and the number convention a column proves), and a check that
//! asks for a figure gets it read from the sheet's grid then. A table of a million
//! rows costs about 80 bytes a row. A big table's rows are looked at a block per
//! core; what a row owes to the rows above it (its section) is settled after, in
//! order, so the result is the same on any number of cores.

use std::borrow::Cow;
use std::sync::{Arc, OnceLock};

use rust_decimal::Decimal;

use crate::finding::{Code, Finding};
use crate::i18n::Msg;
use crate::locate::{Located, Member};
use crate::msg;
use crate::number::{self, Convention, ReadError};
use crate::rules::{Check, ColumnKind, RowRole, RowRule, Rules, TableRule};
use crate::text::{any_matches, normalise};
use crate::workbook::{CellAddr, Look, Name, Raw, Sheet};

/// A figure as written: its value (percentages in percent points) and the number
/// of decimals it shows, which decides how a recomputation is compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// The figure as shown.
    pub value: Decimal,
    pub scale: u32,
    pub at: CellAddr,
    /// The figure as stored: a numeric cell may hold sen or more decimals than its
    /// format shows. Recomputations start from what is stored, as Excel does.
    pub exact: Decimal,
}

/// What a cell of a table holds, read from the sheet when a check asks for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell<'s> {
    Empty,
    /// Text as typed (trimmed), borrowed from the sheet where it can be.
    Text(Cow<'s, str>),
    Figure(Figure),
    /// Something is there but is no figure selaras can trust; a finding says why.
    Unreadable,
}

/// What every row of a table shares: the sheet its cells are read from, and how
/// each rule column reads (its kind, its sheet columns, and the number convention
/// each of them proved for its ambiguous texts).
struct Frame<'s> {
    sheet: &'s Sheet,
    columns: Vec<FrameColumn>,
    /// The shape of each number format met while the table was read.
    shapes: Vec<(&'s str, FormatShape)>,
}

struct FrameColumn {
    kind: ColumnKind,
    /// The ranges the column's figures must lie in, from the rule's `range` checks
    /// and its `[nrr]` block (an NRR 1–4 or its IKM 25–100): a text such as "3.012"
    /// that reads two ways is read the one way that lies in them.
    bounds: Vec<(Decimal, Decimal)>,
    /// Per member: its sheet column and the convention its column proved.
    members: Vec<(u32, Option<Convention>)>,
}

impl Frame<'_> {
    fn shape(&self, code: &str) -> FormatShape {
        self.shapes
            .iter()
            .find(|(c, _)| std::ptr::eq(*c, code) || *c == code)
            .map_or_else(|| format_shape(code), |(_, s)| *s)
    }
}

/// A row of a table: its kind, section and label, worked out once when the table
/// is read, and its cells, read from the sheet each time they are asked for (a
/// table of a million rows holds no copy of its figures).
#[derive(Clone)]
pub struct Row<'s> {
    frame: Arc<Frame<'s>>,
    pub row: u32,
    pub kind: Name,
    /// What the row means to the engine (a total, an average, a heading, an index).
    pub role: Option<RowRole>,
    pub section: Option<Name>,
    /// The sheet column of this row whose text is the row's label; the label is
    /// among `made` when it is no cell's own text.
    label_at: Option<u32>,
    /// Texts that are not the sheet's own text as typed (a name merged down from
    /// the row above, a number in a text column): (rule column, member, text).
    made: Option<Box<[Made]>>,
}

/// A text made for a cell rather than typed in it: (rule column, member, text);
/// a label made so is at (`LABEL`, `LABEL`).
type Made = (u32, u32, Box<str>);
const LABEL: u32 = u32::MAX;

impl std::fmt::Debug for Row<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Row")
            .field("row", &self.row)
            .field("kind", &self.kind)
            .field("section", &self.section)
            .field("label", &self.label())
            .finish()
    }
}

impl<'s> Row<'s> {
    /// The figure of a rule column (its first sheet column).
    pub fn figure(&self, col: usize) -> Option<Figure> {
        self.figure_at(col, 0)
    }

    /// The figure of one member of a rule column.
    pub fn figure_at(&self, col: usize, member: usize) -> Option<Figure> {
        match self.cell(col, member) {
            Cell::Figure(f) => Some(f),
            _ => None,
        }
    }

    /// The row's name in the user's words (the program, indicator or unsur).
    pub fn label(&self) -> &str {
        if let Some(c) = self.label_at {
            if let Raw::Text(t) = self.frame.sheet.raw(self.row, c) {
                return t.trim();
            }
        }
        self.made_text(LABEL, LABEL).unwrap_or("")
    }

    /// The label as typed, leading spaces kept, and how its cell is set out
    /// (indent, bold); None for a label no cell holds (merged down from above).
    pub fn label_as_typed(&self) -> Option<(&'s str, Look)> {
        let c = self.label_at?;
        match self.frame.sheet.raw(self.row, c) {
            Raw::Text(t) => Some((t, self.frame.sheet.look(self.row, c))),
            _ => None,
        }
    }

    fn made_text(&self, col: u32, member: u32) -> Option<&str> {
        self.made.as_deref().and_then(|made| {
            made.iter()
                .find(|(c, m, _)| *c == col && *m == member)
                .map(|(_, _, t)| &**t)
        })
    }

    /// The text of a rule column (its first sheet column), trimmed.
    pub fn text(&self, col: usize) -> Option<&str> {
        self.text_at(col, 0)
    }

    fn text_at(&self, col: usize, member: usize) -> Option<&str> {
        match self.cell(col, member) {
            Cell::Text(Cow::Borrowed(t)) => Some(t),
            Cell::Text(Cow::Owned(_)) => self.made_text(col as u32, member as u32),
            _ => None,
        }
    }

    /// Every cell of the row: each rule column's members in turn.
    pub fn cells(&self) -> impl Iterator<Item = Cell<'s>> + '_ {
        (0..self.frame.columns.len())
            .flat_map(move |col| (0..self.members(col)).map(move |m| self.cell(col, m)))
    }

    /// How many sheet columns a rule column matched (one, or one per year).
    pub fn members(&self, col: usize) -> usize {
        self.frame.columns.get(col).map_or(0, |c| c.members.len())
    }

    /// The cell of one member of a rule column, read from the sheet.
    pub fn cell(&self, col: usize, member: usize) -> Cell<'s> {
        let frame = &*self.frame;
        let Some(column) = frame.columns.get(col) else {
            return Cell::Empty;
        };
        let Some(&(c, convention)) = column.members.get(member) else {
            return Cell::Empty;
        };
        read_cell(
            frame,
            self.row,
            c,
            column,
            &mut || convention,
            &mut Vec::new(),
        )
    }

    /// The number format of one member's cell, if not General.
    pub fn number_format_at(&self, col: usize, member: usize) -> Option<&'s str> {
        let frame = &*self.frame;
        let &(c, _) = frame.columns.get(col)?.members.get(member)?;
        frame.sheet.number_format(self.row, c)
    }

    /// The formula of one member of a rule column, where the workbook was read
    /// with its formulas (without the `=`).
    pub fn formula_at(&self, col: usize, member: usize) -> Option<&'s str> {
        let frame = &*self.frame;
        let &(c, _) = frame.columns.get(col)?.members.get(member)?;
        frame.sheet.formula(self.row, c)
    }

    /// Whether the row is of one of `kinds`; an empty list means every row.
    pub fn is(&self, kinds: &[String]) -> bool {
        kinds.is_empty() || kinds.iter().any(|k| k == "*" || *k == self.kind)
    }
}

#[derive(Debug, Clone)]
pub struct Table<'s> {
    pub rule: usize,
    pub rule_id: String,
    pub sheet: String,
    /// The caption above the table as the user typed it, or the rule's name.
    pub name: String,
    pub located: Located,
    pub rows: Vec<Row<'s>>,
}

impl<'s> Table<'s> {
    /// How another table's finding refers to this one: `Tabel 3.7` when the
    /// caption numbers it, otherwise the caption or the rule's name.
    pub fn short_name(&self) -> String {
        let words: Vec<&str> = self.name.split_whitespace().collect();
        match words.as_slice() {
            [t, n, ..]
                if t.eq_ignore_ascii_case("tabel")
                    && n.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                format!("{t} {}", n.trim_end_matches(['.', ':']))
            }
            _ => self.name.clone(),
        }
    }

    /// The header of a rule column as the user wrote it.
    pub fn header(&self, col: usize) -> &str {
        self.member(col, 0).map_or("", |m| m.header.as_str())
    }

    /// The sheet column of a rule column.
    pub fn sheet_col(&self, col: usize) -> Option<u32> {
        self.member(col, 0).map(|m| m.col)
    }

    pub fn member(&self, col: usize, i: usize) -> Option<&Member> {
        self.located.columns.get(col).and_then(|c| c.get(i))
    }

    pub fn members(&self, col: usize) -> &[Member] {
        self.located.columns.get(col).map_or(&[], Vec::as_slice)
    }

    /// The member of `col` that lines up with member `i` of `of`: the one of the
    /// same year, or the only one, or the one in the same position.
    pub fn aligned(&self, of: usize, i: usize, col: usize) -> Option<usize> {
        let members = self.members(col);
        match self.member(of, i).and_then(|m| m.year) {
            Some(y) if members.iter().any(|m| m.year.is_some()) => {
                members.iter().position(|m| m.year == Some(y))
            }
            _ if members.len() == 1 => Some(0),
            _ => (i < members.len()).then_some(i),
        }
    }

    /// The header of one member, with its year when the header alone does not
    /// say it (`2023 > R` shows as `R 2023`).
    pub fn member_header(&self, col: usize, i: usize) -> String {
        match self.member(col, i) {
            Some(m) => match m.year {
                Some(y) if !m.header.contains(&y.to_string()) => format!("{} {y}", m.header),
                _ => m.header.clone(),
            },
            None => String::new(),
        }
    }

    /// `A4:H29`.
    pub fn range(&self) -> String {
        let top = CellAddr::new(&self.sheet, self.located.header_top, self.located.left);
        let bottom = CellAddr::new(
            &self.sheet,
            self.located.body_end.max(self.located.header_bottom),
            self.located.right,
        );
        format!("{}:{}", top.a1(), bottom.a1())
    }

    pub fn rows_of<'a>(&'a self, kinds: &'a [String]) -> impl Iterator<Item = &'a Row<'s>> + 'a {
        self.rows.iter().filter(move |r| r.is(kinds))
    }
}

/// The sheet columns of a located table that hold percentages as bare fractions:
/// a file that does not tell number formats (.ods, .xls) gives a percentage as the
/// fraction Excel stores (1,0424 for 104,24%). A percent column whose numbers all
/// lie within ±5 holds fractions, as no capaian or serapan column does.
pub fn fraction_columns(sheet: &Sheet, located: &Located, rules: &Rules) -> Vec<u32> {
    if sheet.formats_known {
        return Vec::new();
    }
    let rule = &rules.tables[located.rule];
    let body: Vec<u32> = sheet
        .rows_between(located.body_start, located.body_end)
        .collect();
    rule.columns
        .iter()
        .zip(&located.columns)
        .filter(|(spec, _)| spec.kind == ColumnKind::Percent)
        .flat_map(|(_, members)| members.iter().map(|m| m.col))
        .filter(|&c| {
            let numbers: Vec<Decimal> = body
                .iter()
                .filter_map(|&r| match sheet.raw(r, c) {
                    Raw::Number { value, .. } => Some(value),
                    _ => None,
                })
                .collect();
            !numbers.is_empty() && numbers.iter().all(|v| v.abs() <= Decimal::from(5))
        })
        .collect()
}

/// Reads the body of a located table: which rows it has, their kinds, sections
/// and labels, and a finding for each cell where a figure belongs but none can be
/// read. The figures themselves stay in the sheet until a check asks for them.
pub fn read<'s>(sheet: &'s Sheet, located: Located, rules: &Rules) -> (Table<'s>, Vec<Finding>) {
    let rule = &rules.tables[located.rule];
    let name = located.caption.clone().unwrap_or_else(|| rule.name.clone());
    let body: Vec<u32> = sheet
        .rows_between(located.body_start, located.body_end)
        .filter(|r| !located.repeated_headers.contains(r))
        .collect();
    let mut frame = Frame::new(sheet, rule, &located);
    // The convention each column proves settles its ambiguous texts (`1.234`); it is
    // worked out only for a column that holds such a text, once.
    let hints: Vec<Vec<OnceLock<Option<Convention>>>> = located
        .columns
        .iter()
        .map(|members| members.iter().map(|_| OnceLock::new()).collect())
        .collect();
    // Each row is looked at on its own, a block of rows per core; what a row owes
    // to the rows above it (its section) is settled after, in order.
    let looked: Vec<Vec<Looked<'_>>> = {
        use rayon::prelude::*;
        let context = Context {
            frame: &frame,
            hints: &hints,
            body: &body,
            rule,
            located: &located,
        };
        body.par_chunks(ROWS_PER_TASK)
            .map(|rows| rows.iter().filter_map(|&r| context.look(r)).collect())
            .collect()
    };
    frame.settle_conventions(hints);
    let frame = Arc::new(frame);
    let (rows, findings) = settle_rows(looked, &frame, rule, &located, &name);
    let table = Table {
        rule: located.rule,
        rule_id: rule.id.clone(),
        sheet: sheet.name.clone(),
        name,
        located,
        rows,
    };
    (table, findings)
}

impl<'s> Frame<'s> {
    /// The frame of a located table: each rule column's kind and sheet columns, and
    /// the shape of every number format of the sheet.
    fn new(sheet: &'s Sheet, rule: &TableRule, located: &Located) -> Self {
        Frame {
            sheet,
            columns: rule
                .columns
                .iter()
                .zip(&located.columns)
                .enumerate()
                .map(|(i, (spec, members))| FrameColumn {
                    kind: spec.kind,
                    bounds: column_bounds(rule, i),
                    members: members.iter().map(|m| (m.col, None)).collect(),
                })
                .collect(),
            shapes: sheet
                .format_codes()
                .iter()
                .map(|code| (code.as_str(), format_shape(code)))
                .collect(),
        }
    }

    /// Keeps, for each member column, the number convention its column proved
    /// while the rows were looked at.
    fn settle_conventions(&mut self, hints: Vec<Vec<OnceLock<Option<Convention>>>>) {
        for (column, hints) in self.columns.iter_mut().zip(hints) {
            for (member, hint) in column.members.iter_mut().zip(hints) {
                member.1 = hint.into_inner().flatten();
            }
        }
    }
}

/// Turns the rows looked at into the table's rows, in order (each owing its
/// section to the rows above it), with a finding for each unreadable cell.
fn settle_rows<'s>(
    looked: Vec<Vec<Looked<'_>>>,
    frame: &Arc<Frame<'s>>,
    rule: &TableRule,
    located: &Located,
    name: &str,
) -> (Vec<Row<'s>>, Vec<Finding>) {
    let mut findings = Vec::new();
    let mut rows = Vec::with_capacity(looked.iter().map(Vec::len).sum());
    let mut sections = Sections::default();
    for row in looked.into_iter().flatten() {
        let (r, kind_rule) = (row.r, row.kind);
        let (label, unreadable) = match row.more {
            Some(more) => *more,
            None => (String::new(), Vec::new()),
        };
        let kind = sections.kind(kind_rule, &label);
        for bad in unreadable {
            let at = (frame.sheet.name.as_str(), r);
            findings.push(unreadable_finding(at, bad, rule, located, name, &label));
        }
        rows.push(Row {
            frame: Arc::clone(frame),
            row: r,
            kind,
            role: kind_rule.role,
            section: if kind_rule.section {
                None
            } else {
                sections.section.clone()
            },
            label_at: row.label_at,
            made: row.made,
        });
    }
    (rows, findings)
}

/// What the rows read so far settle for the next: the section they are in, and
/// each kind's name, shared by every row of that kind.
#[derive(Default)]
struct Sections {
    section: Option<Name>,
    kinds: Vec<Name>,
}

impl Sections {
    /// The kind of a row labelled `label`; a section's row opens its section.
    fn kind(&mut self, kind_rule: &RowRule, label: &str) -> Name {
        if kind_rule.section {
            self.section = Some(Name::from(normalise(label)));
        }
        // A row whose kind comes from its section (Tujuan / Sasaran) is named after it.
        match (&self.section, kind_rule.from_section && !kind_rule.section) {
            (Some(s), true) => s.clone(),
            _ => match self.kinds.iter().find(|k| ***k == *kind_rule.kind) {
                Some(k) => k.clone(),
                None => {
                    self.kinds.push(Name::from(kind_rule.kind.as_str()));
                    self.kinds[self.kinds.len() - 1].clone()
                }
            },
        }
    }
}

/// The finding for one cell of row `at` (sheet, row) where a figure belongs but
/// none can be read: an unreadable number or a formula never calculated.
fn unreadable_finding(
    (sheet, r): (&str, u32),
    (col, text, err, code): (u32, String, Msg, Code),
    rule: &TableRule,
    located: &Located,
    name: &str,
    label: &str,
) -> Finding {
    let column = rule_column_at(rule, located, col);
    let (message, help) = if code == Code::UncalculatedFormula {
        (
            msg!("cell.uncalculated", formula = text.as_str()),
            msg!("cell.uncalculated-help"),
        )
    } else {
        (
            msg!("cell.unreadable", text = text.as_str(), why = err),
            msg!("cell.unreadable-help"),
        )
    };
    Finding::new(code, CellAddr::new(sheet, r, col), message)
        .place(name, label, column)
        .values(text.clone(), None)
        .help(help)
}

/// How many body rows make one task for a core: enough that handing them out
/// costs nothing next to reading them.
const ROWS_PER_TASK: usize = 2048;

/// What a row is, worked out from its own cells (kept small: a table of a
/// million rows holds a million of these for a moment).
struct Looked<'a> {
    r: u32,
    kind: &'a RowRule,
    label_at: Option<u32>,
    made: Option<Box<[Made]>>,
    /// For a section's row or a row with unreadable cells: its label, and the
    /// cells where a figure belongs but none can be read.
    more: Option<Box<(String, Unreadable)>>,
}

/// What looking at one row needs of its table.
struct Context<'a, 's, 'r> {
    frame: &'a Frame<'s>,
    hints: &'a [Vec<OnceLock<Option<Convention>>>],
    body: &'a [u32],
    rule: &'r TableRule,
    located: &'a Located,
}

impl<'s, 'r> Context<'_, 's, 'r> {
    /// Reads every cell of row `r` once: its kind (None for a row no rule
    /// describes, or an empty one), its label, and the cells where a figure
    /// belongs but none can be read.
    fn look(&self, r: u32) -> Option<Looked<'r>> {
        let (sheet, located) = (self.frame.sheet, self.located);
        if sheet.is_row_empty(r, located.left, located.right) {
            return None;
        }
        let mut unreadable = Vec::new();
        let cells: Vec<Vec<Cell<'s>>> = self
            .frame
            .columns
            .iter()
            .zip(self.hints)
            .map(|(column, hints)| {
                column
                    .members
                    .iter()
                    .zip(hints)
                    .map(|(&(col, _), hint)| {
                        let mut convention = || {
                            *hint.get_or_init(|| {
                                number::column_convention(
                                    self.body.iter().filter_map(|&r| sheet.string_at(r, col)),
                                )
                            })
                        };
                        read_cell(self.frame, r, col, column, &mut convention, &mut unreadable)
                    })
                    .collect()
            })
            .collect();
        let kind = kind_of(self.rule, sheet, located, r, &cells)?;
        let label = row_label(sheet, located, r, kind, &cells);
        let mut made: Vec<Made> = cells
            .iter()
            .enumerate()
            .flat_map(|(i, group)| {
                group
                    .iter()
                    .enumerate()
                    .filter_map(move |(j, cell)| match cell {
                        Cell::Text(Cow::Owned(t)) => Some((i as u32, j as u32, t.as_str().into())),
                        _ => None,
                    })
            })
            .collect();
        // The label is nearly always a cell's own text, read again when asked for.
        let label_at = kind
            .column
            .into_iter()
            .chain(0..located.columns.len())
            .filter_map(|i| located.columns.get(i)?.first().map(|m| m.col))
            .chain(first_text_col(sheet, located, r))
            .find(|&c| matches!(sheet.raw(r, c), Raw::Text(t) if t.trim() == label));
        if label_at.is_none() {
            made.push((LABEL, LABEL, label.as_str().into()));
        }
        Some(Looked {
            r,
            kind,
            label_at,
            made: (!made.is_empty()).then(|| made.into_boxed_slice()),
            more: (kind.section || !unreadable.is_empty()).then(|| Box::new((label, unreadable))),
        })
    }
}

fn rule_column_at<'a>(_rule: &TableRule, located: &'a Located, col: u32) -> &'a str {
    located
        .columns
        .iter()
        .flatten()
        .find(|m| m.col == col)
        .map_or("", |m| m.header.as_str())
}

/// The first row rule that fits the row; None for a row no rule describes. Each
/// text a rule looks at is normalised once, however many rules look at it.
fn kind_of<'a>(
    rule: &'a TableRule,
    sheet: &Sheet,
    located: &Located,
    r: u32,
    cells: &[Vec<Cell<'_>>],
) -> Option<&'a RowRule> {
    // (the column a rule reads, or None for the row's first text; the text; its
    // normalised text, None when the cell holds nothing). The row's first text is
    // most often the very cell a rule names: it is normalised once, not twice.
    let mut seen: Vec<(Option<usize>, std::borrow::Cow<'_, str>, Option<String>)> =
        Vec::with_capacity(2);
    rule.rows.iter().find(|rr| {
        let i = match seen.iter().position(|(c, _, _)| *c == rr.column) {
            Some(i) => i,
            None => {
                let text = match rr.column {
                    Some(i) => match cells.get(i).and_then(|c| c.first()) {
                        Some(Cell::Text(t)) => std::borrow::Cow::Borrowed(&**t),
                        Some(Cell::Figure(f)) => std::borrow::Cow::Owned(f.value.to_string()),
                        _ => std::borrow::Cow::Borrowed(""),
                    },
                    None => std::borrow::Cow::Owned(first_text(sheet, located, r)),
                };
                let n = match seen.iter().find(|(_, t, _)| *t == text) {
                    Some((_, _, n)) => n.clone(),
                    None => (!text.is_empty()).then(|| normalise(&text)),
                };
                seen.push((rr.column, text, n));
                seen.len() - 1
            }
        };
        match &seen[i].2 {
            None => false,
            Some(n) => {
                rr.labels.is_empty()
                    || any_matches(&rr.labels, n)
                    || after_number(n).is_some_and(|rest| any_matches(&rr.labels, rest))
            }
        }
    })
}

/// The name after a kode or a number typed before it in the same cell
/// ("2.16.01 PROGRAM PENUNJANG …", "1. Program …"): the words that say what
/// the row is. None where the text starts otherwise.
fn after_number(text: &str) -> Option<&str> {
    let (first, rest) = text.split_once(' ')?;
    let number = first.chars().any(|c| c.is_ascii_digit())
        && first.chars().all(|c| c.is_ascii_digit() || c == '.');
    let rest = rest.trim_start();
    (number && rest.starts_with(char::is_alphabetic)).then_some(rest)
}

fn first_text(sheet: &Sheet, located: &Located, r: u32) -> String {
    first_text_col(sheet, located, r)
        .map(|c| sheet.text(r, c))
        .unwrap_or_default()
}

/// The first column of the row, within the table, that holds words.
fn first_text_col(sheet: &Sheet, located: &Located, r: u32) -> Option<u32> {
    sheet
        .cols_in_row(r)
        .find(|c| *c >= located.left && *c <= located.right && sheet.has_words(r, *c))
}

fn row_label(
    sheet: &Sheet,
    located: &Located,
    r: u32,
    kind: &RowRule,
    cells: &[Vec<Cell<'_>>],
) -> String {
    if let Some(Cell::Text(t)) = kind
        .column
        .and_then(|i| cells.get(i))
        .and_then(|c| c.first())
    {
        // A kode: digits and dots, or a numbering like "A.1" (one word with a digit).
        let kode = t.chars().all(|c| c.is_ascii_digit() || c == '.')
            || (!t.contains(char::is_whitespace) && t.chars().any(|c| c.is_ascii_digit()));
        if kind.labels.is_empty() || !kode {
            return t.to_string();
        }
        // A kode decides the kind, but people know the row by its name: the rule's
        // first other text column that holds words (the uraian beside the kode).
        let named = cells
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != kind.column)
            .find_map(|(_, c)| match c.first() {
                Some(Cell::Text(t)) if t.chars().any(char::is_alphabetic) => Some(t.trim()),
                _ => None,
            });
        if let Some(name) = named {
            return name.to_string();
        }
    }
    // Else the row's first words.
    first_text(sheet, located, r)
}

/// Cells where a figure belongs but none can be read: column, text, why, code.
type Unreadable = Vec<(u32, String, Msg, Code)>;

/// The cell at row `r`, sheet column `c`, read as its rule column's `kind` reads
/// it; a cell where a figure belongs but none can be read is put in `bad`.
fn read_cell<'s>(
    frame: &Frame<'s>,
    r: u32,
    c: u32,
    column: &FrameColumn,
    hint: &mut dyn FnMut() -> Option<Convention>,
    bad: &mut Unreadable,
) -> Cell<'s> {
    let (kind, bounds) = (column.kind, column.bounds.as_slice());
    let sheet = frame.sheet;
    let at = || sheet.at(r, c);
    match (kind, sheet.raw(r, c)) {
        (ColumnKind::Text, Raw::Empty) => merged_down_text(sheet, r, c),
        (_, Raw::Empty) => Cell::Empty,
        (ColumnKind::Text, raw) => match raw {
            Raw::Text(t) => Cell::Text(Cow::Borrowed(t.trim())),
            Raw::Uncalculated(_) => Cell::Empty,
            _ => Cell::Text(Cow::Owned(sheet.text(r, c))),
        },
        // Rupiah in a cell formatted as a percentage (a style copied down a
        // column) are still rupiah: the format's percent is not applied.
        (ColumnKind::Money, Raw::Number { value, format }) => {
            let mut shape: FormatShape = format.map(|f| frame.shape(f)).unwrap_or_default();
            if shape.percent {
                shape = FormatShape::default();
            }
            Cell::Figure(number_cell(value, shape, at()))
        }
        (_, Raw::Number { value, format }) => Cell::Figure(number_cell(
            value,
            format.map(|f| frame.shape(f)).unwrap_or_default(),
            at(),
        )),
        (_, Raw::Text(t)) => typed_cell(t, (kind, bounds), hint, &at, c, bad),
        (_, Raw::Error(e)) => unreadable(
            bad,
            (c, e.clone()),
            msg!("cell.error-value", error = e.as_str()),
            Code::UnreadableNumber,
        ),
        (_, Raw::BadNumber(s)) => unreadable(
            bad,
            (c, s.clone()),
            msg!("cell.too-large"),
            Code::UnreadableNumber,
        ),
        (_, Raw::Date(s)) => unreadable(
            bad,
            (c, s.clone()),
            msg!("cell.date"),
            Code::UnreadableNumber,
        ),
        (_, Raw::Uncalculated(f)) => unreadable(
            bad,
            (c, format!("={f}")),
            msg!("cell.never-saved"),
            Code::UncalculatedFormula,
        ),
        (_, Raw::Bool(b)) => unreadable(
            bad,
            (c, b.to_string()),
            msg!("cell.boolean"),
            Code::UnreadableNumber,
        ),
    }
}

/// An empty cell of a text column: a name merged down over several rows (a
/// sasaran over its indicators) names each of them; a figure merged down is
/// stated once, in its first row.
fn merged_down_text(sheet: &Sheet, r: u32, c: u32) -> Cell<'_> {
    let text = |r: u32, c: u32| match sheet.raw(r, c) {
        Raw::Text(t) => Cow::Borrowed(t.trim()),
        _ => Cow::Owned(sheet.text(r, c)),
    };
    match sheet.merge_at(r, c) {
        Some(m) if m.start.0 < r => {
            let t = text(m.start.0, m.start.1);
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t)
            }
        }
        _ => Cell::Empty,
    }
}

/// A text typed where a figure belongs (sheet column `c`), read as a number;
/// words with no digit stay text, anything else unreadable goes in `bad`.
fn typed_cell<'s>(
    t: &'s str,
    (kind, bounds): (ColumnKind, &[(Decimal, Decimal)]),
    hint: &mut dyn FnMut() -> Option<Convention>,
    at: &dyn Fn() -> CellAddr,
    c: u32,
    bad: &mut Unreadable,
) -> Cell<'s> {
    // "3.012" in an NRR column is 3,012, never 3012: where a text reads two ways and
    // only one of them lies in the column's ranges, that one is the figure.
    if let Some(value) = bounded_reading(t, bounds) {
        return Cell::Figure(Figure {
            value,
            scale: value.scale(),
            at: at(),
            exact: value,
        });
    }
    match read_number(t, hint) {
        Ok(Some(value)) => Cell::Figure(Figure {
            value,
            scale: value.scale(),
            at: at(),
            exact: value,
        }),
        Ok(None) => Cell::Empty,
        // Rupiah has no thousandths (sen are two digits), so in a money column
        // "950.000" can only be nine hundred fifty thousand.
        Err(ReadError::Ambiguous { as_thousands, .. }) if kind == ColumnKind::Money => {
            Cell::Figure(Figure {
                value: as_thousands,
                scale: 0,
                at: at(),
                exact: as_thousands,
            })
        }
        // Words with no digit (a label spilling into the column) are not a figure typed wrong.
        Err(ReadError::NotANumber { .. }) if !t.chars().any(|ch| ch.is_ascii_digit()) => {
            Cell::Text(Cow::Borrowed(t.trim()))
        }
        Err(e) => unreadable(
            bad,
            (c, t.trim().to_string()),
            e.msg(),
            Code::UnreadableNumber,
        ),
    }
}

/// The one reading of a text that reads two ways ("3.012": 3012 or 3,012) that lies
/// in the column's ranges; None when the text reads one way, or both or neither fit.
fn bounded_reading(t: &str, bounds: &[(Decimal, Decimal)]) -> Option<Decimal> {
    if bounds.is_empty() {
        return None;
    }
    let Err(ReadError::Ambiguous {
        as_thousands,
        as_decimal,
        ..
    }) = read_number(t, &mut || None)
    else {
        return None;
    };
    let fits = |v: Decimal| bounds.iter().any(|(lo, hi)| *lo <= v && v <= *hi);
    match (fits(as_thousands), fits(as_decimal)) {
        (true, false) => Some(as_thousands),
        (false, true) => Some(as_decimal),
        _ => None,
    }
}

/// The ranges rule column `i` must lie in: its `range` checks, and for the `[nrr]`
/// block's column the NRR's range and the converted one (NRR × factor).
fn column_bounds(rule: &TableRule, i: usize) -> Vec<(Decimal, Decimal)> {
    let mut out: Vec<(Decimal, Decimal)> = rule
        .checks
        .iter()
        .filter_map(|c| match c {
            Check::Range { column, min, max } if *column == i => Some((*min, *max)),
            _ => None,
        })
        .collect();
    if let Some(n) = rule.nrr.as_ref().filter(|n| n.column == i) {
        out.push((n.min, n.max));
        out.push((n.min * n.factor, n.max * n.factor));
    }
    out
}

/// Notes in `bad` a cell (sheet column, text) where a figure belongs but none can
/// be read, and why; the cell is unreadable.
fn unreadable<'s>(
    bad: &mut Unreadable,
    (c, text): (u32, String),
    why: Msg,
    code: Code,
) -> Cell<'s> {
    bad.push((c, text, why, code));
    Cell::Unreadable
}

/// A number typed as text: the quick reading when it applies, else the full one;
/// only an ambiguous text needs its column's convention (which settles nothing else).
fn read_number(
    t: &str,
    hint: &mut dyn FnMut() -> Option<Convention>,
) -> Result<Option<Decimal>, ReadError> {
    if let Some(value) = number::read_plain(t) {
        return Ok(Some(value));
    }
    let reading = match number::read_text(t, None) {
        Err(e @ ReadError::Ambiguous { .. }) => match hint() {
            Some(column) => number::read_text(t, Some(column)),
            None => Err(e),
        },
        other => other,
    };
    reading.map(|r| r.map(|r| r.value))
}

/// A numeric cell as the user sees it: a `0.00%` format shows 0.9088 as 90.88,
/// and the figure compared is the one shown.
/// A numeric cell's figure as its number format shows it (General: as stored).
pub fn number_figure(value: Decimal, format: Option<&str>, at: CellAddr) -> Figure {
    number_cell(value, format.map(format_shape).unwrap_or_default(), at)
}

fn number_cell(value: Decimal, shape: FormatShape, at: CellAddr) -> Figure {
    let exact = if shape.percent {
        percent_points(value)
    } else {
        value
    };
    let (shown, scale) = match shape.decimals {
        Some(d) => (number::round_half_up(exact, d), d),
        None => {
            let shown = fifteen_digits(exact);
            (shown, shown.scale())
        }
    };
    Figure {
        value: shown,
        scale,
        at,
        exact,
    }
}

/// A figure in the General format as Excel shows it: at most 15 significant
/// digits (what a double holds), so 1930181775.9999998, a sum a program wrote
/// with the last bits of binary arithmetic, shows and is read as 1930181776.
fn fifteen_digits(exact: Decimal) -> Decimal {
    let whole = exact.abs().trunc();
    let int_digits = if whole.is_zero() {
        0
    } else {
        whole.to_string().len() as u32
    };
    let keep = 15u32.saturating_sub(int_digits);
    if exact.scale() > keep {
        number::round_half_up(exact, keep).normalize()
    } else {
        exact.normalize()
    }
}

/// A fraction in percent points: 0.9045 is 90.45, its digits with the decimal
/// point moved (no multiplication, and no trailing zeros to round away after).
fn percent_points(fraction: Decimal) -> Decimal {
    let mut points = fraction;
    match fraction.scale().checked_sub(2).map(|s| points.set_scale(s)) {
        Some(Ok(())) => points,
        _ => fraction * Decimal::ONE_HUNDRED,
    }
}

/// The text a numeric cell shows, as the report's readers write it: its number
/// format's decimals and percent sign, Indonesian marks (`0.9088` in `0.00%` shows
/// `90,88%`; `1565649000` in `#,##0` shows `1.565.649.000`, in General `1565649000`).
pub fn shown_number(value: Decimal, format: Option<&str>) -> String {
    let shape = format.map(format_shape).unwrap_or_default();
    let percent = shape.percent;
    let figure = number_cell(value, shape, CellAddr::new("", 0, 0));
    let text = number::format_id(figure.value, figure.scale);
    // format_id groups thousands with dots; a format without a grouping comma shows none.
    let grouped = format.is_some_and(|f| {
        let section = f.split(';').next().unwrap_or("");
        let mut in_quotes = false;
        section.chars().any(|c| {
            if c == '"' {
                in_quotes = !in_quotes;
            }
            c == ',' && !in_quotes
        })
    });
    let text = if grouped { text } else { text.replace('.', "") };
    if percent {
        format!("{text}%")
    } else {
        text
    }
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
struct FormatShape {
    percent: bool,
    decimals: Option<u32>,
}

/// What a number format code says about the figure: a percent sign, and how
/// many decimals it shows (`#,##0` 0, `0.00%` 2, General: as stored).
fn format_shape(code: &str) -> FormatShape {
    let section = code.split(';').next().unwrap_or("");
    let mut out = FormatShape::default();
    let mut in_quotes = false;
    let mut in_brackets = false;
    let mut escaped = false;
    let mut after_point: Option<u32> = None;
    let mut saw_digit = false;
    for ch in section.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match ch {
            '\\' => escaped = true,
            '"' => in_quotes = !in_quotes,
            '[' if !in_quotes => in_brackets = true,
            ']' if !in_quotes => in_brackets = false,
            _ if in_quotes || in_brackets => {}
            '%' => out.percent = true,
            '.' => after_point = Some(0),
            '0' | '#' | '?' => {
                saw_digit = true;
                if let Some(n) = after_point.as_mut() {
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    if saw_digit {
        out.decimals = Some(after_point.unwrap_or(0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats() {
        assert_eq!(
            format_shape("0.00%"),
            FormatShape {
                percent: true,
                decimals: Some(2)
            }
        );
        assert_eq!(
            format_shape("#,##0"),
            FormatShape {
                percent: false,
                decimals: Some(0)
            }
        );
        assert_eq!(
            format_shape("#,##0.00_);(#,##0.00)"),
            FormatShape {
                percent: false,
                decimals: Some(2)
            }
        );
        assert_eq!(
            format_shape("[$Rp-421]#,##0"),
            FormatShape {
                percent: false,
                decimals: Some(0)
            }
        );
        assert_eq!(
            format_shape("\"Rp\"#,##0.0"),
            FormatShape {
                percent: false,
                decimals: Some(1)
            }
        );
        assert_eq!(format_shape("@"), FormatShape::default());
    }

    #[test]
    fn fractions_become_percent_points() {
        for (fraction, points) in [
            ("0.9045", "90.45"),
            ("1.0424", "104.24"),
            ("1", "100"),
            ("0.5", "50.0"),
            ("-0.25", "-25"),
            ("0.123456", "12.3456"),
        ] {
            let p = percent_points(fraction.parse().unwrap());
            assert_eq!(p, points.parse::<Decimal>().unwrap(), "{fraction}");
            assert_eq!(
                p,
                fraction.parse::<Decimal>().unwrap() * Decimal::ONE_HUNDRED
            );
        }
    }

    #[test]
    fn percent_format_shows_points() {
        let at = CellAddr::new("S", 0, 0);
        let f = number_cell(Decimal::new(9088, 4), format_shape("0.00%"), at.clone());
        assert_eq!((f.value, f.scale), (Decimal::new(9088, 2), 2));
        let g = number_cell(Decimal::new(36667, 4), format_shape("0.00%"), at.clone());
        assert_eq!(g.value.to_string(), "366.67");
        let h = number_cell(Decimal::new(904, 1), FormatShape::default(), at);
        assert_eq!((h.value, h.scale), (Decimal::new(904, 1), 1));
    }
}
