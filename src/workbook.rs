//! A workbook as selaras sees it: sheets of raw cells (value plus number format),
//! their merged ranges, and A1 addresses. Read once with calamine; nothing here
//! interprets a figure (that is `number.rs` and `table.rs`).

use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use calamine::{Data, Dimensions, Reader, SheetType, SheetVisible, Sheets};
use rust_decimal::Decimal;

/// A cell on a sheet, 0-based internally, A1 when shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellAddr {
    /// The workbook, when it is another than the one the finding is about
    /// (a section's submission held against the compiled report).
    pub file: Option<String>,
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl CellAddr {
    pub fn new(sheet: &str, row: u32, col: u32) -> Self {
        CellAddr {
            file: None,
            sheet: sheet.to_string(),
            row,
            col,
        }
    }

    /// The same cell, named with its workbook: `bagian-umum.xlsx 'Sheet1'!F9`.
    pub fn in_file(mut self, file: &str) -> Self {
        self.file = Some(file.to_string());
        self
    }

    /// `H12`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }

    /// `'Tabel 3.7'!H12`, or `bagian-umum.xlsx 'Sheet1'!F9` in another workbook.
    pub fn qualified(&self) -> String {
        match &self.file {
            Some(f) => format!("{f} {}!{}", quote_sheet(&self.sheet), self.a1()),
            None => format!("{}!{}", quote_sheet(&self.sheet), self.a1()),
        }
    }

    /// `H12` when on `sheet`, `'Tabel 3.7'!H12` when elsewhere: how JSON names an input.
    pub fn relative_to(&self, sheet: &str) -> String {
        if self.sheet == sheet && self.file.is_none() {
            self.a1()
        } else {
            self.qualified()
        }
    }
}

impl fmt::Display for CellAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.qualified())
    }
}

/// Sheet names are always quoted, as Excel does for names with spaces, so every
/// address reads the same way.
pub fn quote_sheet(name: &str) -> String {
    format!("'{}'", name.replace('\'', "''"))
}

/// `0 -> A`, `25 -> Z`, `26 -> AA`.
pub fn column_name(col: u32) -> String {
    let mut n = col as u64 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's content as stored, before any reading of figures.
#[derive(Debug, Clone, PartialEq)]
pub enum Raw<'a> {
    Empty,
    /// A numeric cell: its exact stored value and its number format code, if not General.
    Number {
        value: Decimal,
        format: Option<&'a str>,
    },
    /// A numeric cell whose stored value is too large or too small to be a figure.
    BadNumber(String),
    Text(&'a str),
    Bool(bool),
    /// An error value such as `#DIV/0!`.
    Error(String),
    /// A date or time: never a figure in these tables.
    Date(String),
    /// A formula whose value was never saved (files written by programs that do
    /// not calculate): there is no figure to read.
    Uncalculated(&'a str),
}

/// The cells of a sheet, stored sparsely: a sheet whose used range claims the
/// whole grid but holds ten cells costs what ten cells cost.
#[derive(Debug, Default)]
struct Grid {
    /// Rows in ascending order, each with its cells in ascending column order.
    rows: Vec<(u32, Vec<(u32, Data)>)>,
    start: Option<(u32, u32)>,
    end: Option<(u32, u32)>,
}

impl Grid {
    fn from_cells(mut cells: Vec<((u32, u32), Data)>) -> Grid {
        cells.retain(|(_, v)| !matches!(v, Data::Empty));
        cells.sort_by_key(|(pos, _)| *pos);
        cells.dedup_by_key(|(pos, _)| *pos);
        let mut grid = Grid::default();
        for ((r, c), v) in cells {
            grid.start = Some(grid.start.map_or((r, c), |(r0, c0)| (r0.min(r), c0.min(c))));
            grid.end = Some(grid.end.map_or((r, c), |(r1, c1)| (r1.max(r), c1.max(c))));
            match grid.rows.last_mut() {
                Some((row, cells)) if *row == r => cells.push((c, v)),
                _ => grid.rows.push((r, vec![(c, v)])),
            }
        }
        grid
    }

    fn get(&self, row: u32, col: u32) -> Option<&Data> {
        let i = self.rows.binary_search_by_key(&row, |(r, _)| *r).ok()?;
        let cells = &self.rows[i].1;
        let j = cells.binary_search_by_key(&col, |(c, _)| *c).ok()?;
        Some(&cells[j].1)
    }
}

/// How much one sheet may hold before selaras refuses it (a zip bomb, or a sheet
/// far beyond any report): checked while reading, before memory is spent.
pub const MAX_CELLS: usize = 20_000_000;

/// A value set in memory over what the file holds (a correction being tried).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Override {
    /// A number as stored (a fraction for a percent-formatted cell).
    Number(Decimal),
    Text(String),
}

/// One worksheet.
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    grid: Grid,
    formats: HashMap<(u32, u32), u16>,
    format_codes: Vec<String>,
    pub merges: Vec<Dimensions>,
    /// Formulas of cells that hold no saved value, by position.
    uncalculated: HashMap<(u32, u32), String>,
    /// Every formula of the sheet, by position (read only for `--fix`).
    pub formulas: HashMap<(u32, u32), String>,
    /// Values set in memory over the file's (corrections being settled).
    overrides: HashMap<(u32, u32), Override>,
    /// Whether the file told the cells' number formats (.xlsx does; calamine reads
    /// none from .xls, .xlsb and .ods, so a percentage there may be a bare fraction).
    pub formats_known: bool,
}

impl Sheet {
    /// Builds a sheet from cells, for tests and generated input.
    pub fn from_cells(name: &str, cells: Vec<((u32, u32), Data)>, merges: Vec<Dimensions>) -> Self {
        Sheet {
            name: name.to_string(),
            hidden: false,
            grid: Grid::from_cells(cells),
            formats: HashMap::new(),
            format_codes: Vec::new(),
            merges,
            uncalculated: HashMap::new(),
            formulas: HashMap::new(),
            overrides: HashMap::new(),
            formats_known: true,
        }
    }

    /// Sets a value in memory over the file's.
    pub fn set_override(&mut self, row: u32, col: u32, value: Override) {
        self.overrides.insert((row, col), value);
    }

    /// The number format of a cell, if not General.
    pub fn number_format(&self, row: u32, col: u32) -> Option<&str> {
        self.format(row, col)
    }

    /// The rows from `from` to `to` (inclusive) that hold any cell, in order.
    pub fn rows_between(&self, from: u32, to: u32) -> impl Iterator<Item = u32> + '_ {
        let i = self.grid.rows.partition_point(|(r, _)| *r < from);
        self.grid.rows[i..]
            .iter()
            .map(|(r, _)| *r)
            .take_while(move |r| *r <= to)
    }

    /// Every cell that holds something, row by row, with its content.
    pub fn cells(&self) -> impl Iterator<Item = (u32, u32, Raw<'_>)> + '_ {
        self.grid
            .rows
            .iter()
            .flat_map(|(r, cells)| cells.iter().map(move |(c, _)| (*r, *c)))
            .map(|(r, c)| (r, c, self.raw(r, c)))
    }

    /// The columns of a row that hold a cell, in order.
    pub fn cols_in_row(&self, row: u32) -> impl Iterator<Item = u32> + '_ {
        let cells = match self.grid.rows.binary_search_by_key(&row, |(r, _)| *r) {
            Ok(i) => self.grid.rows[i].1.as_slice(),
            Err(_) => &[],
        };
        cells.iter().map(|(c, _)| *c)
    }

    fn cell_count(&self) -> usize {
        self.grid.rows.iter().map(|(_, c)| c.len()).sum()
    }

    /// Marks a cell as holding a formula without a saved value (tests, generated input).
    pub fn set_uncalculated(&mut self, row: u32, col: u32, formula: &str) {
        self.uncalculated.insert((row, col), formula.to_string());
    }

    /// Sets a cell's number format (tests and generated input).
    pub fn set_format(&mut self, row: u32, col: u32, code: &str) {
        let idx = match self.format_codes.iter().position(|c| c == code) {
            Some(i) => i,
            None => {
                self.format_codes.push(code.to_string());
                self.format_codes.len() - 1
            }
        };
        self.formats.insert((row, col), idx as u16);
    }

    /// Last used row and column (inclusive), or None for an empty sheet.
    pub fn end(&self) -> Option<(u32, u32)> {
        self.grid.end
    }

    pub fn start(&self) -> Option<(u32, u32)> {
        self.grid.start
    }

    pub fn raw(&self, row: u32, col: u32) -> Raw<'_> {
        if let Some(o) = self.overrides.get(&(row, col)) {
            return match o {
                Override::Number(value) => Raw::Number {
                    value: *value,
                    format: self.format(row, col),
                },
                Override::Text(t) => Raw::Text(t),
            };
        }
        match self.grid.get(row, col) {
            None | Some(Data::Empty) => match self.uncalculated.get(&(row, col)) {
                Some(f) => Raw::Uncalculated(f),
                None => Raw::Empty,
            },
            Some(Data::String(s)) => {
                if !s.trim().is_empty() {
                    Raw::Text(s)
                } else if let Some(f) = self.uncalculated.get(&(row, col)) {
                    Raw::Uncalculated(f)
                } else {
                    Raw::Empty
                }
            }
            Some(Data::Int(i)) => Raw::Number {
                value: Decimal::from(*i),
                format: self.format(row, col),
            },
            Some(Data::Float(f)) => match float_to_decimal(*f) {
                Some(value) => Raw::Number {
                    value,
                    format: self.format(row, col),
                },
                None => Raw::BadNumber(format!("{f:e}")),
            },
            Some(Data::Bool(b)) => Raw::Bool(*b),
            Some(Data::Error(e)) => Raw::Error(e.to_string()),
            Some(Data::DateTime(d)) => Raw::Date(d.to_string()),
            Some(Data::DateTimeIso(s)) | Some(Data::DurationIso(s)) => Raw::Date(s.clone()),
        }
    }

    fn format(&self, row: u32, col: u32) -> Option<&str> {
        self.formats
            .get(&(row, col))
            .and_then(|i| self.format_codes.get(*i as usize))
            .map(String::as_str)
    }

    /// The text a person sees in the cell, for headers and labels; numbers plainly.
    pub fn text(&self, row: u32, col: u32) -> String {
        match self.raw(row, col) {
            Raw::Empty => String::new(),
            Raw::Text(s) => s.trim().to_string(),
            Raw::Number { value, .. } => value.normalize().to_string(),
            Raw::BadNumber(s) | Raw::Error(s) | Raw::Date(s) => s,
            Raw::Uncalculated(_) => String::new(),
            Raw::Bool(b) => b.to_string(),
        }
    }

    /// The merged range a cell belongs to, if any.
    pub fn merge_at(&self, row: u32, col: u32) -> Option<&Dimensions> {
        self.merges.iter().find(|d| d.contains(row, col))
    }

    /// The text of a cell, or of the merged range it lies in: how a header reads.
    pub fn merged_text(&self, row: u32, col: u32) -> String {
        match self.merge_at(row, col) {
            Some(d) => self.text(d.start.0, d.start.1),
            None => self.text(row, col),
        }
    }

    /// The cell's text, if it holds text (cheaper than `raw`: no figure is read).
    pub fn string_at(&self, row: u32, col: u32) -> Option<&str> {
        match self.grid.get(row, col) {
            Some(Data::String(s)) => Some(s),
            _ => None,
        }
    }

    /// Whether a cell holds nothing (cheaper than `raw`: no figure is read).
    pub fn is_blank(&self, row: u32, col: u32) -> bool {
        match self.grid.get(row, col) {
            None | Some(Data::Empty) => !self.uncalculated.contains_key(&(row, col)),
            Some(Data::String(s)) => {
                s.trim().is_empty() && !self.uncalculated.contains_key(&(row, col))
            }
            Some(_) => false,
        }
    }

    /// Whether a cell holds text with a letter in it (a word, not a figure typed as text).
    pub fn has_words(&self, row: u32, col: u32) -> bool {
        matches!(self.grid.get(row, col), Some(Data::String(s)) if s.chars().any(char::is_alphabetic))
    }

    pub fn is_row_empty(&self, row: u32, from_col: u32, to_col: u32) -> bool {
        self.cols_in_row(row)
            .filter(|c| *c >= from_col && *c <= to_col)
            .all(|c| self.is_blank(row, c))
            && !self
                .uncalculated
                .keys()
                .any(|(r, c)| *r == row && *c >= from_col && *c <= to_col)
    }
}

/// Why a workbook could not be read.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    pub reason: String,
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot read {}: {}", self.path.display(), self.reason)
    }
}

impl std::error::Error for LoadError {}

pub struct Workbook {
    pub path: PathBuf,
    pub sheets: Vec<Sheet>,
}

impl Workbook {
    /// Reads every worksheet of an .xlsx, .xlsm, .xls, .xlsb or .ods file.
    pub fn open(path: &Path) -> Result<Workbook, LoadError> {
        Self::open_with(path, false)
    }

    /// Reads a workbook, and with `formulas` every formula of its .xlsx sheets too
    /// (what `--fix` needs to keep or rewrite them).
    pub fn open_with(path: &Path, formulas: bool) -> Result<Workbook, LoadError> {
        let fail = |reason: String| LoadError {
            path: path.to_path_buf(),
            reason,
        };
        if !path.exists() {
            return Err(fail("there is no such file".into()));
        }
        if path.is_dir() {
            return Err(fail("it is a folder, not a workbook".into()));
        }
        let mut book = calamine::open_workbook_auto(path).map_err(|e| fail(explain(&e)))?;
        let sheets = read_sheets(&mut book, formulas).map_err(fail)?;
        Ok(Workbook {
            path: path.to_path_buf(),
            sheets,
        })
    }

    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

fn read_sheets<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    formulas: bool,
) -> Result<Vec<Sheet>, String> {
    let metas: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for meta in metas {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let too_many = || {
            format!("sheet '{}' holds more than {MAX_CELLS} cells, more than any report; selaras refused it", meta.name)
        };
        let mut sheet = match book {
            Sheets::Xlsx(x) => {
                read_xlsx_sheet(x, &meta.name, MAX_CELLS, formulas).map_err(|e| match e {
                    XlsxRead::TooMany => too_many(),
                    XlsxRead::Bad(e) => format!(
                        "sheet '{}': {}",
                        meta.name,
                        explain(&calamine::Error::Xlsx(e))
                    ),
                })?
            }
            _ => read_other_sheet(book, &meta.name)
                .map_err(|e| format!("sheet '{}': {}", meta.name, explain(&e)))?,
        };
        if sheet.cell_count() > MAX_CELLS {
            return Err(too_many());
        }
        sheet.hidden = meta.visible != SheetVisible::Visible;
        sheet.merges = match book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            _ => Vec::new(),
        };
        sheets.push(sheet);
    }
    Ok(sheets)
}

enum XlsxRead {
    TooMany,
    Bad(calamine::XlsxError),
}

/// An .xlsx sheet streamed cell by cell: values with their number formats in one
/// pass, then the formulas of cells that hold no saved value.
fn read_xlsx_sheet<RS: Read + Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    limit: usize,
    all_formulas: bool,
) -> Result<Sheet, XlsxRead> {
    let mut cells = Vec::new();
    let mut styled: Vec<((u32, u32), usize)> = Vec::new();
    let mut formats: Vec<Option<String>> = Vec::new();
    let mut blanks = false;
    {
        let mut reader = book.worksheet_cells_reader(name).map_err(XlsxRead::Bad)?;
        // Number formats by style id: 0.9088 formatted 0.00% shows 90,88.
        formats.extend(reader.styles().iter().map(|st| {
            st.number_format
                .as_ref()
                .map(|nf| nf.format_code.clone())
                .filter(|code| !code.eq_ignore_ascii_case("general"))
        }));
        while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(XlsxRead::Bad)? {
            let pos = cell.get_position();
            let value: Data = cell.get_value().clone().into();
            match value {
                // A formula without a saved value comes as a cell without a value.
                Data::Empty => blanks = true,
                Data::Float(_) | Data::Int(_)
                    if formats.get(style).is_some_and(Option::is_some) =>
                {
                    styled.push((pos, style))
                }
                _ => {}
            }
            cells.push((pos, value));
            if cells.len() > limit {
                return Err(XlsxRead::TooMany);
            }
        }
    }
    let mut sheet = Sheet::from_cells(name, cells, Vec::new());
    for ((r, c), style) in styled {
        if let Some(Some(code)) = formats.get(style) {
            sheet.set_format(r, c, code);
        }
    }
    // A formula cell with no saved value reads as empty: remember its formula so
    // the checks can say why there is no figure instead of skipping it. Only
    // worth a second pass when the first saw cells without a value.
    if blanks || all_formulas {
        let mut reader = book.worksheet_cells_reader(name).map_err(XlsxRead::Bad)?;
        while let Some(rec) = reader.next_cell_with_formula().map_err(XlsxRead::Bad)? {
            let Some(f) = rec.formula.filter(|f| !f.is_empty()) else {
                continue;
            };
            if all_formulas {
                sheet.formulas.insert(rec.pos, f.clone());
            }
            let (r, c) = rec.pos;
            let missing = match sheet.grid.get(r, c) {
                None | Some(Data::Empty) => true,
                Some(Data::String(v)) => v.trim().is_empty(),
                _ => false,
            };
            if missing {
                sheet.uncalculated.insert((r, c), f);
            }
        }
    }
    Ok(sheet)
}

/// An .xls, .xlsb or .ods sheet, read whole by calamine.
fn read_other_sheet<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Result<Sheet, calamine::Error> {
    let range = book.worksheet_range(name)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    // used_cells() counts from the range's first cell, not from A1.
    let cells: Vec<((u32, u32), Data)> = range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect();
    drop(range);
    let mut sheet = Sheet::from_cells(name, cells, Vec::new());
    sheet.formats_known = false;
    if let Ok(styles) = book.worksheet_style(name) {
        let numeric: Vec<(u32, u32)> = sheet
            .grid
            .rows
            .iter()
            .flat_map(|(r, cells)| {
                cells
                    .iter()
                    .filter(|(_, v)| matches!(v, Data::Float(_) | Data::Int(_)))
                    .map(move |(c, _)| (*r, *c))
            })
            .collect();
        for (r, c) in numeric {
            if let Some(nf) = styles.get((r, c)).and_then(|st| st.number_format.as_ref()) {
                if !nf.format_code.eq_ignore_ascii_case("general") {
                    sheet.set_format(r, c, &nf.format_code.clone());
                }
            }
        }
    }
    Ok(sheet)
}

/// The exact decimal an Excel number cell holds. Excel stores figures as binary
/// doubles; the shortest text that reads back to the same double is what Excel
/// itself writes and shows, so that text is the figure the user typed.
fn float_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    Decimal::from_str(&format!("{f}")).ok()
}

fn explain(e: &calamine::Error) -> String {
    let text = e.to_string();
    let lower = text.to_lowercase();
    if lower.contains("password") || lower.contains("encrypt") {
        "the workbook is password-protected; save an unprotected copy and check that".into()
    } else if lower.contains("invalid zip") || lower.contains("zip") && lower.contains("invalid") {
        format!("it is not a readable workbook (a damaged or non-Excel file?): {text}")
    } else if lower.contains("extension") || lower.contains("cannot detect") {
        format!("it is not a workbook selaras can read (.xlsx, .xlsm, .xls, .xlsb, .ods): {text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_names() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(16383), "XFD");
    }

    #[test]
    fn addresses() {
        let a = CellAddr::new("Tabel 3.7", 11, 7);
        assert_eq!(a.a1(), "H12");
        assert_eq!(a.qualified(), "'Tabel 3.7'!H12");
        assert_eq!(a.relative_to("Tabel 3.7"), "H12");
        assert_eq!(a.relative_to("Tabel 3.8"), "'Tabel 3.7'!H12");
        assert_eq!(CellAddr::new("O'Neil", 0, 0).qualified(), "'O''Neil'!A1");
    }

    #[test]
    fn floats_become_the_decimal_excel_shows() {
        assert_eq!(float_to_decimal(0.9088), Decimal::from_str("0.9088").ok());
        assert_eq!(float_to_decimal(1.0635), Decimal::from_str("1.0635").ok());
        assert_eq!(
            float_to_decimal(38127840000.0),
            Decimal::from_str("38127840000").ok()
        );
        assert_eq!(float_to_decimal(f64::NAN), None);
        assert_eq!(float_to_decimal(1e300), None);
    }
}
