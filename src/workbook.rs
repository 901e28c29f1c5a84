//! A workbook as selaras sees it: sheets of raw cells (value plus number format),
//! their merged ranges, and A1 addresses. Read once with calamine; nothing here
//! interprets a figure (that is `number.rs` and `table.rs`).

use std::collections::HashMap;
use std::fmt;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use calamine::{Data, Dimensions, Range, Reader, SheetType, SheetVisible, Sheets};
use rust_decimal::Decimal;

/// A cell on a sheet, 0-based internally, A1 when shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellAddr {
    pub sheet: String,
    pub row: u32,
    pub col: u32,
}

impl CellAddr {
    pub fn new(sheet: &str, row: u32, col: u32) -> Self {
        CellAddr {
            sheet: sheet.to_string(),
            row,
            col,
        }
    }

    /// `H12`.
    pub fn a1(&self) -> String {
        format!("{}{}", column_name(self.col), self.row + 1)
    }

    /// `'Tabel 3.7'!H12`.
    pub fn qualified(&self) -> String {
        format!("{}!{}", quote_sheet(&self.sheet), self.a1())
    }

    /// `H12` when on `sheet`, `'Tabel 3.7'!H12` when elsewhere: how JSON names an input.
    pub fn relative_to(&self, sheet: &str) -> String {
        if self.sheet == sheet {
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

/// One worksheet.
pub struct Sheet {
    pub name: String,
    pub hidden: bool,
    range: Range<Data>,
    formats: HashMap<(u32, u32), u16>,
    format_codes: Vec<String>,
    pub merges: Vec<Dimensions>,
    /// Formulas of cells that hold no saved value, by position.
    uncalculated: HashMap<(u32, u32), String>,
}

impl Sheet {
    /// Builds a sheet from cells, for tests and generated input.
    pub fn from_cells(name: &str, cells: Vec<((u32, u32), Data)>, merges: Vec<Dimensions>) -> Self {
        let cells = cells
            .into_iter()
            .map(|(pos, v)| calamine::Cell::new(pos, v))
            .collect();
        Sheet {
            name: name.to_string(),
            hidden: false,
            range: Range::from_sparse(cells),
            formats: HashMap::new(),
            format_codes: Vec::new(),
            merges,
            uncalculated: HashMap::new(),
        }
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
        self.range.end()
    }

    pub fn start(&self) -> Option<(u32, u32)> {
        self.range.start()
    }

    pub fn raw(&self, row: u32, col: u32) -> Raw<'_> {
        match self.range.get_value((row, col)) {
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

    pub fn is_row_empty(&self, row: u32, from_col: u32, to_col: u32) -> bool {
        (from_col..=to_col).all(|c| matches!(self.raw(row, c), Raw::Empty))
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
        let sheets = read_sheets(&mut book).map_err(fail)?;
        Ok(Workbook {
            path: path.to_path_buf(),
            sheets,
        })
    }

    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

fn read_sheets<RS: Read + Seek>(book: &mut Sheets<RS>) -> Result<Vec<Sheet>, String> {
    let metas: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    for meta in metas {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let range = book
            .worksheet_range(&meta.name)
            .map_err(|e| format!("sheet '{}': {}", meta.name, explain(&e)))?;
        let merges = match book {
            Sheets::Xlsx(x) => x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            _ => Vec::new(),
        };
        let mut sheet = Sheet {
            name: meta.name.clone(),
            hidden: meta.visible != SheetVisible::Visible,
            range,
            formats: HashMap::new(),
            format_codes: Vec::new(),
            merges,
            uncalculated: HashMap::new(),
        };
        // A formula cell with no saved value reads as empty: remember its formula so
        // the checks can say why there is no figure instead of skipping it.
        if let Ok(formulas) = book.worksheet_formula(&meta.name) {
            // used_cells() counts from the range's first cell, not from A1.
            let (r0, c0) = formulas.start().unwrap_or((0, 0));
            for (row, col, f) in formulas.used_cells() {
                let (row, col) = (r0 + row as u32, c0 + col as u32);
                let value_missing = match sheet.range.get_value((row, col)) {
                    None | Some(Data::Empty) => true,
                    Some(Data::String(v)) => v.trim().is_empty(),
                    _ => false,
                };
                if !f.is_empty() && value_missing {
                    sheet.uncalculated.insert((row, col), f.clone());
                }
            }
        }
        // Number formats decide how a numeric cell reads (0.9088 shown as 90.88%), so
        // keep the code of every numeric cell whose format is not General.
        if let Ok(styles) = book.worksheet_style(&meta.name) {
            for (row, col, style) in styles.cells() {
                let Some(nf) = &style.number_format else {
                    continue;
                };
                if nf.format_code.eq_ignore_ascii_case("general") {
                    continue;
                }
                if matches!(
                    sheet.range.get_value((row, col)),
                    Some(Data::Float(_)) | Some(Data::Int(_))
                ) {
                    sheet.set_format(row, col, &nf.format_code);
                }
            }
        }
        sheets.push(sheet);
    }
    Ok(sheets)
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
