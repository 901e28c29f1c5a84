//! A workbook as selaras sees it: sheets of raw cells (value plus number format),
//! their merged ranges, and A1 addresses. calamine opens the workbook; an .xlsx
//! sheet's cells are read in one pass by the quick reader (`workbook/quick.rs`)
//! when it holds only what that reader reads, and by calamine otherwise, with the
//! same result either way. Nothing here interprets a figure (that is `number.rs`
//! and `table.rs`).

use crate::i18n::Msg;
use crate::msg;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::io::{Read, Seek};
use std::path::{Path, PathBuf};
use std::str::FromStr;

use calamine::{Data, DataRef, Dimensions, Reader, SheetType, SheetVisible, Sheets};
use rust_decimal::Decimal;

mod grid;
mod quick;
mod scan;

use grid::{Grid, Peek, Value};

/// A sheet's name, shared by every address on the sheet: held once for the whole
/// run, however many sheets and figures name it (a million-row table holds
/// millions of addresses, read on every core at once: copying a name must cost
/// nothing, not even a shared count). It reads as a `str`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct SheetName(&'static str);

impl SheetName {
    /// The one copy of `name`, made the first time it is asked for. The names a
    /// run meets are few (sheet names, row kinds, sections), so they are kept for
    /// the rest of the run.
    fn interned(name: &str) -> SheetName {
        use std::collections::HashSet;
        use std::sync::{Mutex, OnceLock};
        static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let names = NAMES.get_or_init(|| Mutex::new(HashSet::new()));
        let mut names = names
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(held) = names.get(name) {
            return SheetName(held);
        }
        let held: &'static str = Box::leak(name.to_owned().into_boxed_str());
        names.insert(held);
        SheetName(held)
    }
}

/// A name many rows share, held once (a row's kind, its section).
pub type Name = SheetName;

impl SheetName {
    pub fn as_str(&self) -> &str {
        self.0
    }
}

impl std::ops::Deref for SheetName {
    type Target = str;
    fn deref(&self) -> &str {
        self.0
    }
}

impl AsRef<str> for SheetName {
    fn as_ref(&self) -> &str {
        self.0
    }
}

impl std::borrow::Borrow<str> for SheetName {
    fn borrow(&self) -> &str {
        self.0
    }
}

impl From<&str> for SheetName {
    fn from(s: &str) -> SheetName {
        SheetName::interned(s)
    }
}

impl From<String> for SheetName {
    fn from(s: String) -> SheetName {
        SheetName::interned(&s)
    }
}

impl PartialEq<str> for SheetName {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SheetName {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<String> for SheetName {
    fn eq(&self, other: &String) -> bool {
        self.0 == other.as_str()
    }
}

impl PartialEq<SheetName> for String {
    fn eq(&self, other: &SheetName) -> bool {
        self.as_str() == other.0
    }
}

impl PartialEq<SheetName> for &str {
    fn eq(&self, other: &SheetName) -> bool {
        *self == other.0
    }
}

impl fmt::Display for SheetName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

/// A cell on a sheet, 0-based internally, A1 when shown.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CellAddr {
    /// The workbook, when it is another than the one the finding is about
    /// (a section's submission held against the compiled report).
    pub file: Option<String>,
    pub sheet: SheetName,
    pub row: u32,
    pub col: u32,
}

impl CellAddr {
    pub fn new(sheet: &str, row: u32, col: u32) -> Self {
        CellAddr {
            file: None,
            sheet: SheetName::from(sheet),
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

    /// A paragraph of a Word draft, which has no cell: shown as `paragraph 57`.
    /// Square brackets cannot occur in a sheet name, so no sheet is taken for one.
    pub fn paragraph(n: usize) -> Self {
        CellAddr::new(&format!("[paragraph {n}]"), 0, 0)
    }

    /// The number of the Word draft's paragraph this names, if it names one.
    pub fn paragraph_number(&self) -> Option<usize> {
        if !self.is_paragraph() {
            return None;
        }
        self.sheet
            .trim_end_matches(']')
            .rsplit(' ')
            .next()
            .and_then(|n| n.parse().ok())
    }

    /// Whether this names a paragraph of a Word draft, not a cell.
    pub fn is_paragraph(&self) -> bool {
        self.sheet.starts_with('[') && self.sheet.ends_with(']')
    }

    /// `'Tabel 3.7'!H12`, or `bagian-umum.xlsx 'Sheet1'!F9` in another workbook.
    pub fn qualified(&self) -> String {
        if self.is_paragraph() {
            return self.sheet[1..self.sheet.len() - 1].to_string();
        }
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

/// The last row and column of a worksheet (0-based): XFD1048576.
pub const MAX_ROW: u32 = 1_048_575;
pub const MAX_COL: u32 = 16_383;

/// How many cells a workbook may hold, all its sheets together, before selaras
/// refuses it (a zip bomb, or a sheet filled far beyond any report): counted while
/// the cells stream in, so reading stops there, before more memory is spent.
pub const MAX_CELLS: usize = 20_000_000;

/// How many bytes one part of a zip package (.xlsx, .xlsm, .xlsb, .ods) may unpack
/// to: 1 GiB, far more than the XML of any report.
pub const MAX_PART_BYTES: u64 = 1 << 30;

/// What selaras reads of one workbook at most. Both are checked before the memory
/// is spent: a part's size from the zip's central directory before it is unpacked
/// (and the zip reader refuses a part that unpacks to more than it declares), the
/// cells while they stream in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Cells in the workbook, all sheets together (cells the file lists without a
    /// value count too).
    pub max_cells: usize,
    /// Uncompressed bytes of any one part of the package.
    pub max_part_bytes: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_cells: MAX_CELLS,
            max_part_bytes: MAX_PART_BYTES,
        }
    }
}

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
    /// The name the sheet's addresses share.
    shared_name: SheetName,
    pub hidden: bool,
    grid: Grid,
    /// Number formats of positions the grid holds no cell for (set by tests).
    formats: HashMap<(u32, u32), u16>,
    /// Number format codes; a cell's format id is an index + 1 into them.
    format_codes: Vec<String>,
    pub merges: Vec<Dimensions>,
    /// Formulas of cells that hold no saved value, by position (row, then column).
    uncalculated: BTreeMap<(u32, u32), String>,
    /// Every formula of the sheet, by position (read only for `--fix`).
    formulas: HashMap<(u32, u32), String, BuildPositionHasher>,
    /// Values set in memory over the file's (corrections being settled).
    /// (A BTreeMap: every read of a cell asks it, and a few entries are found faster
    /// by comparing positions than by hashing them.)
    overrides: HashMap<(u32, u32), Override, BuildPositionHasher>,
    /// Whether the file told the cells' number formats (.xlsx does; calamine reads
    /// none from .xls, .xlsb and .ods, so a percentage there may be a bare fraction).
    pub formats_known: bool,
}

impl Sheet {
    /// Keeps a cell's formula: every one with `all` (for `--fix`), and always
    /// that of a cell without a saved value, so the checks can say why there is
    /// no figure instead of skipping it.
    fn note_formula(&mut self, (r, c): (u32, u32), f: String, all: bool) {
        let missing = match self.grid.get(r, c) {
            None | Some(Value::Other(Data::Empty)) => true,
            Some(Value::Text(v)) => v.trim().is_empty(),
            _ => false,
        };
        match (all, missing) {
            (true, true) => {
                self.formulas.insert((r, c), f.clone());
                self.uncalculated.insert((r, c), f);
            }
            (true, false) => {
                self.formulas.insert((r, c), f);
            }
            (false, true) => {
                self.uncalculated.insert((r, c), f);
            }
            (false, false) => {}
        }
    }

    /// The formula of a cell, read only for `--fix` (the workbook opened with
    /// `formulas`): None otherwise.
    pub fn formula(&self, row: u32, col: u32) -> Option<&str> {
        self.formulas.get(&(row, col)).map(String::as_str)
    }

    /// Builds a sheet from cells, for tests and generated input.
    ///
    /// # Panics
    ///
    /// When the cells hold more than 4 GiB of text or more than 2^32 - 1 cells
    /// (the grid's indices are 32 bits wide). The readers of files use
    /// [`Sheet::try_from_cells`], which says so in an error instead.
    pub fn from_cells(name: &str, cells: Vec<((u32, u32), Data)>, merges: Vec<Dimensions>) -> Self {
        match Self::try_from_cells(name, cells, merges) {
            Ok(sheet) => sheet,
            Err(full) => panic!("{}", grid_full_reason(name, full).english()),
        }
    }

    /// Builds a sheet from cells; an error when they are too many for one grid.
    fn try_from_cells(
        name: &str,
        cells: Vec<((u32, u32), Data)>,
        merges: Vec<Dimensions>,
    ) -> Result<Self, grid::Full> {
        Ok(Self::from_grid(
            name,
            Grid::from_cells(cells)?,
            Vec::new(),
            merges,
        ))
    }

    fn from_grid(
        name: &str,
        grid: Grid,
        format_codes: Vec<String>,
        merges: Vec<Dimensions>,
    ) -> Self {
        Sheet {
            name: name.to_string(),
            shared_name: SheetName::from(name),
            hidden: false,
            grid,
            formats: HashMap::new(),
            format_codes,
            merges,
            uncalculated: BTreeMap::new(),
            formulas: HashMap::default(),
            overrides: HashMap::default(),
            formats_known: true,
        }
    }

    /// The address of a cell of this sheet (its name shared, not copied).
    pub fn at(&self, row: u32, col: u32) -> CellAddr {
        CellAddr {
            file: None,
            sheet: self.shared_name.clone(),
            row,
            col,
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

    /// Every number format code the sheet's cells use (other than General): a
    /// reader can work out what each shows once, not once per cell.
    pub fn format_codes(&self) -> &[String] {
        &self.format_codes
    }

    /// The number format of a cell as a small id: 0 for General (or no cell),
    /// else one of the sheet's few distinct codes, read back with
    /// [`Sheet::format_code_of`]. `number_format(r, c) == format_code_of(format_id(r, c))`
    /// always holds, so whatever is worked out from a format code (how a figure
    /// is written, a percentage or not) can be worked out once per id and kept in
    /// a table of [`Sheet::format_count`] + 1 entries, instead of once per cell.
    /// Ids belong to their sheet: another sheet numbers its codes its own way.
    pub fn format_id(&self, row: u32, col: u32) -> u16 {
        match self.grid.format_id(row, col) {
            0 if !self.formats.is_empty() => self.formats.get(&(row, col)).copied().unwrap_or(0),
            id => id,
        }
    }

    /// The number format code of an id from [`Sheet::format_id`]; None for 0
    /// (General) and for an id the sheet does not have.
    pub fn format_code_of(&self, id: u16) -> Option<&str> {
        self.code(id)
    }

    /// How many distinct number format codes the sheet has: every id from
    /// [`Sheet::format_id`] is at most this.
    pub fn format_count(&self) -> usize {
        self.format_codes.len()
    }

    /// The rows from `from` to `to` (inclusive) that hold any cell, in order.
    pub fn rows_between(&self, from: u32, to: u32) -> impl Iterator<Item = u32> + '_ {
        self.grid
            .row_numbers_from(from)
            .take_while(move |r| *r <= to)
    }

    /// Every cell that holds something, row by row, with its content.
    pub fn cells(&self) -> impl Iterator<Item = (u32, u32, Raw<'_>)> + '_ {
        self.grid.iter().map(|(r, c, _)| (r, c, self.raw(r, c)))
    }

    /// The columns of a row that hold a cell, in order.
    pub fn cols_in_row(&self, row: u32) -> impl Iterator<Item = u32> + '_ {
        self.grid.cols_in_row(row)
    }

    fn cell_count(&self) -> usize {
        self.grid.len()
    }

    /// Marks a cell as holding a formula without a saved value (tests, generated input).
    pub fn set_uncalculated(&mut self, row: u32, col: u32, formula: &str) {
        self.uncalculated.insert((row, col), formula.to_string());
    }

    /// The format id of a code, added if new.
    fn intern_format(&mut self, code: &str) -> u16 {
        match self.format_codes.iter().position(|c| c == code) {
            Some(i) => (i + 1) as u16,
            None => {
                self.format_codes.push(code.to_string());
                self.format_codes.len() as u16
            }
        }
    }

    /// Sets a cell's number format (tests and generated input).
    pub fn set_format(&mut self, row: u32, col: u32, code: &str) {
        let id = self.intern_format(code);
        match self.grid.slot_mut(row, col) {
            Some(slot) => slot.fmt = id,
            None => {
                self.formats.insert((row, col), id);
            }
        }
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
        match self.grid.get_with_format(row, col) {
            None => match self.uncalculated.get(&(row, col)) {
                Some(f) => Raw::Uncalculated(f),
                None => Raw::Empty,
            },
            Some((Value::Text(s), _)) => {
                if !s.trim().is_empty() {
                    Raw::Text(s)
                } else if let Some(f) = self.uncalculated.get(&(row, col)) {
                    Raw::Uncalculated(f)
                } else {
                    Raw::Empty
                }
            }
            Some((Value::Dec(value), fmt)) => Raw::Number {
                value,
                format: self.format_of(fmt, row, col),
            },
            Some((Value::Float(f), fmt)) => match float_to_decimal(f) {
                Some(value) => Raw::Number {
                    value,
                    format: self.format_of(fmt, row, col),
                },
                None => Raw::BadNumber(format!("{f:e}")),
            },
            Some((Value::Other(d), _)) => match d {
                Data::Empty => match self.uncalculated.get(&(row, col)) {
                    Some(f) => Raw::Uncalculated(f),
                    None => Raw::Empty,
                },
                Data::Bool(b) => Raw::Bool(*b),
                Data::Error(e) => Raw::Error(e.to_string()),
                Data::DateTime(d) => Raw::Date(d.to_string()),
                Data::DateTimeIso(s) | Data::DurationIso(s) => Raw::Date(s.clone()),
                Data::String(s) if !s.trim().is_empty() => Raw::Text(s),
                Data::String(_) => Raw::Empty,
                Data::Int(i) => Raw::Number {
                    value: Decimal::from(*i),
                    format: self.format(row, col),
                },
                Data::Float(f) => match float_to_decimal(*f) {
                    Some(value) => Raw::Number {
                        value,
                        format: self.format(row, col),
                    },
                    None => Raw::BadNumber(format!("{f:e}")),
                },
            },
        }
    }

    /// The code of a format id held by the cell at (row, col).
    fn format_of(&self, fmt: u16, row: u32, col: u32) -> Option<&str> {
        match fmt {
            // (Most sheets set no format by position: no need to hash one.)
            0 if self.formats.is_empty() => None,
            0 => self.formats.get(&(row, col)).and_then(|i| self.code(*i)),
            id => self.code(id),
        }
    }

    fn code(&self, id: u16) -> Option<&str> {
        (id as usize)
            .checked_sub(1)
            .and_then(|i| self.format_codes.get(i))
            .map(String::as_str)
    }

    fn format(&self, row: u32, col: u32) -> Option<&str> {
        self.code(self.format_id(row, col))
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
        match self.grid.peek(row, col) {
            Peek::Text(s) => Some(s),
            _ => None,
        }
    }

    /// Whether a cell holds nothing (cheaper than `raw`: no figure is read).
    pub fn is_blank(&self, row: u32, col: u32) -> bool {
        match self.grid.peek(row, col) {
            Peek::Nothing => !self.uncalculated.contains_key(&(row, col)),
            Peek::Text(s) => s.trim().is_empty() && !self.uncalculated.contains_key(&(row, col)),
            Peek::Value => false,
        }
    }

    /// Whether a cell holds text with a letter in it (a word, not a figure typed as text).
    pub fn has_words(&self, row: u32, col: u32) -> bool {
        match self.grid.peek(row, col) {
            Peek::Text(s) => s.chars().any(char::is_alphabetic),
            _ => false,
        }
    }

    pub fn is_row_empty(&self, row: u32, from_col: u32, to_col: u32) -> bool {
        self.cols_in_row(row)
            .filter(|c| *c >= from_col && *c <= to_col)
            .all(|c| self.is_blank(row, c))
            && (from_col > to_col
                || self
                    .uncalculated
                    .range((row, from_col)..=(row, to_col))
                    .next()
                    .is_none())
    }
}

/// Why a workbook could not be read.
#[derive(Debug)]
pub struct LoadError {
    pub path: PathBuf,
    /// Why, in words for the reader (`load.*` of the catalogues; `write.*` for a
    /// corrected copy that could not be written).
    pub reason: Msg,
}

impl LoadError {
    /// A reason given as text (an error from below, already in words).
    pub fn text(path: &Path, reason: impl Into<String>) -> LoadError {
        LoadError {
            path: path.to_path_buf(),
            reason: msg!("load.text", text = reason.into()),
        }
    }

    /// The whole message in `lang`: the file, and why it could not be read.
    pub fn render(&self, lang: crate::i18n::Lang) -> String {
        // The same error type carries a failed write of a corrected copy: it is not a
        // failed read, and must not say so.
        let key = if self.reason.key.starts_with("write.") || self.reason.key == "load.text" {
            "load.file-reason"
        } else {
            "load.cannot-read"
        };
        crate::i18n::Msg::new(key)
            .arg("file", self.path.display().to_string())
            .arg("reason", self.reason.clone())
            .render(lang)
    }
}

/// In English, as the JSON report carries it.
impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(crate::i18n::Lang::english()))
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
        Self::open_limited(path, false, &Limits::default())
    }

    /// Reads a workbook, and with `formulas` every formula of its .xlsx sheets too
    /// (what `--fix` needs to keep or rewrite them).
    pub fn open_with(path: &Path, formulas: bool) -> Result<Workbook, LoadError> {
        Self::open_limited(path, formulas, &Limits::default())
    }

    /// Reads a workbook within `limits`. Whatever the file holds, the answer is a
    /// workbook or a reason in words a finance officer can act on: what the file
    /// is, what is wrong with it (the part and sheet where there is one), and
    /// what to do.
    pub fn open_limited(
        path: &Path,
        formulas: bool,
        limits: &Limits,
    ) -> Result<Workbook, LoadError> {
        Self::open_reading(path, formulas, limits, true)
    }

    /// As [`Workbook::open_limited`]; `quick` says whether .xlsx sheets are read
    /// by the quick reader where it can (tests hold it to calamine's reading).
    fn open_reading(
        path: &Path,
        formulas: bool,
        limits: &Limits,
        quick: bool,
    ) -> Result<Workbook, LoadError> {
        let fail = |reason: Msg| LoadError {
            path: path.to_path_buf(),
            reason,
        };
        let kind = sniff(path).map_err(fail)?;
        if let Some(reason) = kind.refusal() {
            return Err(fail(reason));
        }
        if matches!(kind, Kind::Zip | Kind::Unknown) {
            check_package(path, kind, limits).map_err(fail)?;
        }
        // A damaged file can stop calamine with a panic (found by fuzzing: a
        // truncated compound-file sector, an overflowing cell reference): that is a
        // damaged file to the user, not a crash.
        let damaged = || fail(msg!("load.damaged"));
        let read = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            // The package once more, for what calamine reads in a pass of its own
            // (merged ranges) or more (whether formulas lack a saved value), and
            // for the quick reader, with its shared strings read on a thread of
            // their own while calamine opens the workbook.
            let (book, package) = std::thread::scope(|scope| {
                let package = matches!(kind, Kind::Zip | Kind::Unknown).then(|| {
                    scope.spawn(|| {
                        let mut package = scan::Package::open(path, limits)?;
                        if quick {
                            package.read_strings_and_styles();
                        }
                        Some(package)
                    })
                });
                let book = calamine::open_workbook_auto(path);
                // (A package the thread could not open is no package: calamine
                // reads what the scan would have.)
                (book, package.and_then(|p| p.join().ok().flatten()))
            });
            let mut book = book.map_err(|e| fail(diagnose(path, kind, &e, limits, None)))?;
            let mut package = package.filter(|_| matches!(book, Sheets::Xlsx(_)));
            read_sheets(&mut book, formulas, limits, package.as_mut(), quick).map_err(|e| {
                fail(match e {
                    SheetError::Limit(reason) => reason,
                    SheetError::Read(name, e) => diagnose(path, kind, &e, limits, Some(&name)),
                })
            })
        }));
        let sheets = read.map_err(|_| damaged())??;
        // No spreadsheet program writes a cell beyond XFD1048576; one that claims to
        // would send every walk across the sheet through billions of columns.
        if let Some(s) = sheets
            .iter()
            .find(|s| s.end().is_some_and(|(r, c)| r > MAX_ROW || c > MAX_COL))
        {
            return Err(fail(msg!("load.beyond-last-cell", sheet = s.name.as_str())));
        }
        if sheets.is_empty() {
            return Err(fail(msg!("load.no-worksheet")));
        }
        Ok(Workbook {
            path: path.to_path_buf(),
            sheets,
        })
    }

    pub fn sheet(&self, name: &str) -> Option<&Sheet> {
        self.sheets.iter().find(|s| s.name == name)
    }
}

/// What a file is, from its first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A zip package: .xlsx, .xlsm, .xlsb, .ods (or a document of another kind).
    Zip,
    /// An OLE2 compound file: .xls, or an encrypted (password-protected) .xlsx.
    Cfb,
    Pdf,
    Html,
    /// An "XML Spreadsheet 2003" file, as some applications export.
    Xml2003,
    Text,
    Image,
    Unknown,
}

/// What to do, said in several reasons.
fn save_as() -> Msg {
    msg!("load.save-as")
}
fn get_again() -> Msg {
    msg!("load.get-again")
}
fn repair() -> Msg {
    msg!("load.repair")
}

impl Kind {
    /// Files that are certainly not workbooks: refused before any reading.
    fn refusal(self) -> Option<Msg> {
        Some(match self {
            Kind::Pdf => msg!("load.pdf"),
            Kind::Image => msg!("load.image"),
            Kind::Html => msg!("load.html", todo = save_as()),
            Kind::Xml2003 => msg!("load.xml2003", todo = save_as()),
            Kind::Text => msg!("load.plain-text", todo = save_as()),
            Kind::Zip | Kind::Cfb | Kind::Unknown => return None,
        })
    }
}

/// Looks at the file before any reader does: missing, a folder, empty, or what
/// its first bytes say it is.
fn sniff(path: &Path) -> Result<Kind, Msg> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => msg!("load.not-found"),
        std::io::ErrorKind::PermissionDenied => msg!("load.permission"),
        _ => msg!("load.cannot-open", error = e.to_string()),
    })?;
    if meta.is_dir() {
        return Err(msg!("load.folder"));
    }
    if !meta.is_file() {
        return Err(msg!("load.not-a-file"));
    }
    if meta.len() == 0 {
        return Err(msg!("load.empty", todo = get_again()));
    }
    let mut head = Vec::with_capacity(1024);
    std::fs::File::open(path)
        .and_then(|f| f.take(1024).read_to_end(&mut head))
        .map_err(|e| msg!("load.cannot-open", error = e.to_string()))?;
    Ok(kind_of(&head))
}

fn kind_of(head: &[u8]) -> Kind {
    const CFB: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if [b"PK\x03\x04", b"PK\x05\x06", b"PK\x07\x08"]
        .iter()
        .any(|m| head.starts_with(*m))
    {
        return Kind::Zip;
    }
    if head.starts_with(CFB) {
        return Kind::Cfb;
    }
    if head.starts_with(b"%PDF") {
        return Kind::Pdf;
    }
    if head.starts_with(b"\x89PNG")
        || head.starts_with(&[0xFF, 0xD8, 0xFF])
        || head.starts_with(b"GIF8")
        || head.starts_with(b"II*\0")
        || head.starts_with(b"MM\0*")
    {
        return Kind::Image;
    }
    // Text, in UTF-16 (Excel's "Unicode Text") or in an 8-bit encoding.
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let text: String = if utf16 {
        let units = head[2..].chunks_exact(2).map(|p| {
            if head[0] == 0xFF {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            }
        });
        char::decode_utf16(units)
            .map(|c| c.unwrap_or('\u{FFFD}'))
            .collect()
    } else {
        let body = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
        let control = body
            .iter()
            .any(|b| matches!(b, 0x00..=0x08 | 0x0E..=0x1A | 0x1C..=0x1F));
        // UTF-8 (perhaps cut mid-character at the end of the sample), or an
        // 8-bit encoding whose letters beyond ASCII are the exception.
        let utf8 = match std::str::from_utf8(body) {
            Ok(_) => true,
            Err(e) => e.error_len().is_none(),
        };
        let high = body.iter().filter(|b| **b >= 0x80).count();
        if control || !(utf8 || high * 10 <= body.len() * 3) {
            return Kind::Unknown;
        }
        String::from_utf8_lossy(body).into_owned()
    };
    let lower = text.trim_start().to_lowercase();
    if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        Kind::Xml2003
    } else if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.contains("<table")
        || lower.contains("<html")
    {
        Kind::Html
    } else {
        Kind::Text
    }
}

/// Opens a zip package's central directory, before any reader unpacks a part:
/// a package cut short is said to be incomplete, a part that declares more bytes
/// than `limits` allow is refused by its name and its sheet's, and a package that
/// is another kind of document, or lacks its workbook part, is said to be so.
fn check_package(path: &Path, kind: Kind, limits: &Limits) -> Result<(), Msg> {
    let file =
        std::fs::File::open(path).map_err(|e| msg!("load.cannot-open", error = e.to_string()))?;
    let mut zip = match zip::ZipArchive::new(std::io::BufReader::new(file)) {
        Ok(z) => z,
        // Not a zip: the workbook readers decide what it is.
        Err(_) if kind == Kind::Unknown => return Ok(()),
        Err(e) => return Err(broken_package(&e)),
    };
    let mut over = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index_data(i) else {
            continue;
        };
        if entry.size() > limits.max_part_bytes {
            let name = entry
                .name()
                .map(|n| n.into_owned())
                .unwrap_or_else(|_| format!("number {}", i + 1));
            over = Some((name, entry.size()));
            break;
        }
    }
    if let Some((part, size)) = over {
        return Err(msg!(
            "load.part-too-large",
            part = part_label(&mut zip, &part, limits),
            size = mebibytes(size).to_string(),
            limit = mebibytes(limits.max_part_bytes).to_string(),
            default = mebibytes(MAX_PART_BYTES).to_string()
        ));
    }
    let ext = extension(path);
    match other_document(&mut zip, &ext, limits) {
        Some(reason) => Err(reason),
        None => Ok(()),
    }
}

fn extension(path: &Path) -> String {
    path.extension()
        .map(|x| x.to_string_lossy().to_lowercase())
        .unwrap_or_default()
}

/// Bytes in MB (MiB), rounded up: what `--max-part-mb` counts in.
fn mebibytes(bytes: u64) -> u64 {
    bytes.div_ceil(1 << 20)
}

/// What a package the zip reader cannot open is, in words.
fn broken_package(e: &zip::result::ZipError) -> Msg {
    let text = e.to_string();
    if text.to_lowercase().contains("eocd") || text.to_lowercase().contains("end of central") {
        msg!("load.incomplete", todo = get_again())
    } else {
        msg!("load.no-contents", error = text, todo = repair())
    }
}

/// A small part's text (at most 64 MiB, and within the limits), if it is there.
fn small_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limits: &Limits,
) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    if entry.size() > limits.max_part_bytes.min(64 << 20) {
        return None;
    }
    let mut text = String::new();
    entry.take(64 << 20).read_to_string(&mut text).ok()?;
    Some(text)
}

/// The values of two attributes of every `tag` element of a small XML part.
fn xml_attrs(xml: &str, tag: &str, keys: [&str; 2]) -> Vec<[String; 2]> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) if e.local_name().as_ref() == tag => {
                let mut found = [String::new(), String::new()];
                for a in e.attributes().flatten() {
                    for (slot, key) in found.iter_mut().zip(keys) {
                        if a.key.local_name().as_ref() == key {
                            *slot = a
                                .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                                .map(|v| v.into_owned())
                                .unwrap_or_else(|_| a.value.to_string());
                        }
                    }
                }
                out.push(found);
            }
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

/// The workbook part an OOXML package names in `_rels/.rels` (its
/// officeDocument relationship), `xl/workbook.xml` by default.
fn workbook_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, limits: &Limits) -> String {
    small_part(zip, "_rels/.rels", limits)
        .and_then(|rels| {
            xml_attrs(&rels, "Relationship", ["Type", "Target"])
                .into_iter()
                .find(|[typ, _]| typ.ends_with("/officeDocument"))
                .map(|[_, target]| target.trim_start_matches('/').to_string())
        })
        .unwrap_or_else(|| "xl/workbook.xml".to_string())
}

/// `part xl/worksheets/sheet1.xml (sheet 'Tabel 3.7')`: a part by its name, and
/// by its sheet's when it holds one.
fn part_label<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, part: &str, limits: &Limits) -> Msg {
    match sheet_of_part(zip, part, limits) {
        Some(sheet) => msg!("load.part-of-sheet", part = part, sheet = sheet),
        None => msg!("load.part", part = part),
    }
}

/// The sheet whose XML a package part holds, from the workbook part and its
/// relationships (both read only when small and within the limits).
fn sheet_of_part<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    limits: &Limits,
) -> Option<String> {
    let book = workbook_part(zip, limits);
    let (dir, file) = book.rsplit_once('/').unwrap_or(("", book.as_str()));
    let workbook = small_part(zip, &book, limits)?;
    let rels_name = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    let rels = small_part(zip, &rels_name, limits)?;
    let target = xml_attrs(&rels, "Relationship", ["Id", "Target"])
        .into_iter()
        .find(|[_, target]| {
            let t = target.trim_start_matches('/');
            t == part || (!dir.is_empty() && format!("{dir}/{t}") == part)
        })?;
    xml_attrs(&workbook, "sheet", ["id", "name"])
        .into_iter()
        .find(|[id, _]| *id == target[0])
        .map(|[_, name]| name)
}

/// A zip package that holds another kind of document under a workbook's name,
/// or lacks its workbook part.
fn other_document<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    ext: &str,
    limits: &Limits,
) -> Option<Msg> {
    let names: Vec<String> = zip.file_names().flatten().map(|n| n.into_owned()).collect();
    let has = |p: &str| names.iter().any(|n| n == p);
    let under = |p: &str| names.iter().any(|n| n.starts_with(p));
    // Without an extension the readers try each format in turn.
    let named = !ext.is_empty();
    if has("mimetype") || has("content.xml") {
        // OpenDocument: calamine reads .ods by its name.
        return (named && ext != "ods").then(|| {
            msg!(
                "load.renamed",
                what = msg!("load.kind-ods"),
                ext = ext,
                right = "ods"
            )
        });
    }
    if under("word/") {
        return Some(msg!("load.word"));
    }
    if under("ppt/") {
        return Some(msg!("load.powerpoint"));
    }
    if has("xl/workbook.bin") && named && ext != "xlsb" {
        return Some(msg!(
            "load.renamed",
            what = msg!("load.kind-xlsb"),
            ext = ext,
            right = "xlsb"
        ));
    }
    let book = workbook_part(zip, limits);
    if has(&book) && matches!(ext, "xls" | "ods") {
        return Some(msg!(
            "load.renamed",
            what = msg!("load.kind-xlsx"),
            ext = ext,
            right = "xlsx"
        ));
    }
    if !has(&book) && !has("xl/workbook.bin") {
        return Some(msg!("load.no-workbook-part", part = book, todo = repair()));
    }
    None
}

/// Why the readers failed, in words: the password, the part that is damaged
/// (found by unpacking each part in turn, within the limits) or missing, the
/// entities a part declares, or what the file is when it is no workbook. With
/// `sheet`, the failure came while reading that sheet.
fn diagnose(
    path: &Path,
    kind: Kind,
    e: &calamine::Error,
    limits: &Limits,
    sheet: Option<&str>,
) -> Msg {
    use calamine::{Error as E, OdsError, XlsError, XlsbError, XlsxError};
    let password = matches!(
        e,
        E::Xlsx(XlsxError::Password)
            | E::Xls(XlsError::Password)
            | E::Xlsb(XlsbError::Password)
            | E::Ods(OdsError::Password)
    );
    if password || (kind == Kind::Cfb && has_encryption_streams(path)) {
        return msg!("load.password");
    }
    let ext = extension(path);
    if kind == Kind::Cfb && matches!(ext.as_str(), "xlsx" | "xlsm" | "xlsb" | "ods") {
        return msg!("load.old-xls", ext = ext, todo = save_as());
    }
    // Reasons that name their part (and its sheet) need no prefix.
    if kind == Kind::Zip {
        if let Some(reason) = damaged_part(path, limits) {
            return reason;
        }
        let text = e.to_string();
        if let Some(entity) = text.split("unrecognized entity `").nth(1) {
            let entity = entity.split('`').next().unwrap_or_default();
            let part = entity_part(path, limits).unwrap_or_else(|| msg!("load.a-part"));
            return msg!("load.entity", part = part, entity = entity, todo = repair());
        }
    }
    let on_sheet = |why: Msg| match sheet {
        Some(name) => msg!("load.on-sheet", sheet = name, why = why),
        None => why,
    };
    match e {
        E::Xlsx(XlsxError::FileNotFound(part)) => on_sheet(msg!(
            "load.part-missing",
            part = part.as_str(),
            todo = repair()
        )),
        E::Xlsx(XlsxError::WorksheetNotFound(_)) => {
            on_sheet(msg!("load.sheet-part-missing", todo = repair()))
        }
        E::Msg(_) => msg!("load.not-a-workbook", todo = save_as()),
        E::Xlsx(XlsxError::Xml(x)) | E::Ods(OdsError::Xml(x)) => {
            on_sheet(msg!("load.bad-xml", error = x.to_string(), todo = repair()))
        }
        E::Xls(XlsError::Cfb(_)) | E::Xls(XlsError::Io(_)) => {
            on_sheet(msg!("load.bad-xls", error = e.to_string(), todo = repair()))
        }
        _ => on_sheet(msg!(
            "load.unreadable",
            error = e.to_string(),
            todo = repair()
        )),
    }
}

/// The first XML part that declares entities (`<!ENTITY`, in the DOCTYPE before
/// its first element, so within its first 64 KiB), as `part_label` names it.
fn entity_part(path: &Path, limits: &Limits) -> Option<Msg> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    let mut found = None;
    for i in 0..zip.len() {
        let Ok(entry) = zip.by_index(i) else {
            continue;
        };
        let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
        if entry.size() > limits.max_part_bytes || !name.ends_with(".xml") {
            continue;
        }
        let mut head = Vec::new();
        if entry.take(64 << 10).read_to_end(&mut head).is_err() {
            continue;
        }
        if head.windows(8).any(|w| w == b"<!ENTITY") {
            found = Some(name);
            break;
        }
    }
    let part = found?;
    Some(part_label(&mut zip, &part, limits))
}

/// The first part of a zip package that cannot be unpacked (a bad checksum, a
/// broken compressed stream, more bytes than it declares), in words.
fn damaged_part(path: &Path, limits: &Limits) -> Option<Msg> {
    let file = std::fs::File::open(path).ok()?;
    let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).ok()?;
    for i in 0..zip.len() {
        let (name, problem) = {
            let mut entry = match zip.by_index(i) {
                Ok(e) => e,
                Err(e) => {
                    return Some(msg!(
                        "load.part-misplaced",
                        n = i + 1,
                        error = e.to_string(),
                        todo = repair()
                    ))
                }
            };
            let name = entry.name().map(|n| n.into_owned()).unwrap_or_default();
            if entry.size() > limits.max_part_bytes {
                continue;
            }
            match std::io::copy(&mut entry, &mut std::io::sink()) {
                Ok(_) => continue,
                Err(e) => (name, e.to_string()),
            }
        };
        let why = if problem.contains("declared") {
            msg!("load.unpacks-more")
        } else {
            msg!("load.cannot-unpack", error = problem)
        };
        return Some(msg!(
            "load.part-damaged",
            part = part_label(&mut zip, &name, limits),
            why = why,
            todo = repair()
        ));
    }
    None
}

/// Whether an OLE2 compound file holds the streams Excel writes for a
/// password-protected workbook (their names in UTF-16, in the file's directory).
fn has_encryption_streams(path: &Path) -> bool {
    let mut bytes = Vec::new();
    let read = std::fs::File::open(path).and_then(|f| f.take(512 << 20).read_to_end(&mut bytes));
    if read.is_err() {
        return false;
    }
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    ["EncryptedPackage", "EncryptionInfo"].iter().any(|name| {
        let needle = utf16(name);
        bytes.windows(needle.len()).any(|w| w == needle.as_slice())
    })
}

/// Why reading the sheets stopped.
enum SheetError {
    /// Past a limit: the reason, in words.
    Limit(Msg),
    /// A sheet the reader could not read.
    Read(String, calamine::Error),
}

fn read_sheets<RS: Read + Seek + Send>(
    book: &mut Sheets<RS>,
    formulas: bool,
    limits: &Limits,
    mut package: Option<&mut scan::Package>,
    quick: bool,
) -> Result<Vec<Sheet>, SheetError> {
    let metas: Vec<calamine::Sheet> = book.sheets_metadata().to_vec();
    let mut sheets = Vec::new();
    let mut used = 0usize;
    for meta in metas {
        if meta.typ != SheetType::WorkSheet {
            continue;
        }
        let budget = limits.max_cells.saturating_sub(used);
        let too_many = |used: usize| {
            let key = if used > 0 {
                "load.too-many-cells-together"
            } else {
                "load.too-many-cells"
            };
            SheetError::Limit(
                Msg::new(key)
                    .arg("sheet", meta.name.as_str())
                    .arg("limit", limits.max_cells)
                    .arg("default", MAX_CELLS),
            )
        };
        let read = |e: calamine::Error| SheetError::Read(meta.name.clone(), e);
        let (mut sheet, listed) = match book {
            Sheets::Xlsx(x) => {
                match read_xlsx_sheet(
                    x,
                    &meta.name,
                    budget,
                    formulas,
                    package.as_deref_mut(),
                    quick,
                ) {
                    Ok(s) => s,
                    Err(XlsxRead::TooMany) => return Err(too_many(used)),
                    Err(XlsxRead::Full(full)) => {
                        return Err(SheetError::Limit(grid_full_reason(&meta.name, full)))
                    }
                    Err(XlsxRead::Bad(e)) => return Err(read(calamine::Error::Xlsx(e))),
                }
            }
            Sheets::Xlsb(x) => match read_xlsb_cells(x, &meta.name, budget) {
                Ok(Some(cells)) => {
                    let n = cells.len();
                    match Sheet::try_from_cells(&meta.name, cells, Vec::new()) {
                        Ok(sheet) => (sheet, n),
                        Err(full) => {
                            return Err(SheetError::Limit(grid_full_reason(&meta.name, full)))
                        }
                    }
                }
                Ok(None) => return Err(too_many(used)),
                Err(e) => return Err(read(calamine::Error::Xlsb(e))),
            },
            _ => match read_other_sheet(book, &meta.name) {
                Ok(Ok(s)) => {
                    let n = s.cell_count();
                    (s, n)
                }
                Ok(Err(full)) => return Err(SheetError::Limit(grid_full_reason(&meta.name, full))),
                Err(e) => return Err(read(e)),
            },
        };
        if used.saturating_add(listed) > limits.max_cells {
            return Err(too_many(used));
        }
        used = used.saturating_add(listed);
        if !matches!(book, Sheets::Xlsx(_)) {
            sheet.formats_known = false;
            apply_styles(book, &mut sheet);
        }
        sheet.hidden = meta.visible != SheetVisible::Visible;
        sheet.merges = match book {
            Sheets::Xlsx(_) => std::mem::take(&mut sheet.merges),
            Sheets::Xls(x) => x.merge_cells_by_sheet_name(&meta.name).unwrap_or_default(),
            _ => Vec::new(),
        };
        sheets.push(sheet);
    }
    Ok(sheets)
}

enum XlsxRead {
    TooMany,
    Full(grid::Full),
    Bad(calamine::XlsxError),
}

/// Why a sheet is too large for one grid, in words (the counts are far beyond
/// what the default limits let through: only a raised limit gets here).
fn grid_full_reason(sheet: &str, full: grid::Full) -> Msg {
    match full {
        grid::Full::Cells => msg!("load.grid-full-cells", sheet = sheet),
        grid::Full::Texts => msg!("load.grid-full-texts", sheet = sheet),
    }
}

/// How many cells to make room for before reading a sheet: what its <dimension>
/// claims, but never more than the sheet's XML can hold (a cell with a value takes
/// at least 16 bytes of it, `<c><v>1</v></c>`) nor than the cell limit. A sheet
/// claiming A1:XFD1048576 that holds ten cells costs what ten cells cost; without
/// the part's size, the claim is trusted only up to a small sheet's worth.
fn room_for(dims: Dimensions, part_bytes: Option<u64>, limit: usize) -> (usize, usize) {
    const UNSIZED: u64 = 1 << 16;
    let (rows, cols) = if dims.start <= dims.end {
        (
            u64::from(dims.end.0 - dims.start.0) + 1,
            u64::from(dims.end.1.saturating_sub(dims.start.1)) + 1,
        )
    } else {
        (0, 0)
    };
    let most = part_bytes.map_or(UNSIZED, |b| b / 16).min(limit as u64);
    let cells = rows.saturating_mul(cols).min(most);
    let rows = rows.min(cells);
    (cells as usize, rows as usize)
}

/// An .xlsx sheet streamed cell by cell: values with their number formats in one
/// pass into the compact grid (a shared string stored once however many cells
/// repeat it), then the formulas of cells that hold no saved value. Stops past
/// `limit` cells (those listed without a value count, but are not kept); returns
/// the sheet and how many cells the file listed.
fn read_xlsx_sheet<RS: Read + Seek + Send>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    limit: usize,
    all_formulas: bool,
    part: Option<&mut scan::Package>,
    quick: bool,
) -> Result<(Sheet, usize), XlsxRead> {
    let mut part = part;
    let part_bytes = part.as_deref_mut().and_then(|p| p.part_size(name));
    if let Some(p) = part.as_deref_mut().filter(|_| quick) {
        match quick_sheet(book, p, name, limit, part_bytes, all_formulas) {
            Ok((read, codes)) => {
                // The quick reader read the formulas too: no pass for them.
                let mut sheet = Sheet::from_grid(name, read.grid.finish(), codes, read.merges);
                for (pos, f) in read.cell_formulas {
                    sheet.note_formula(pos, f, all_formulas);
                }
                return Ok((sheet, read.listed));
            }
            // What the quick reader does not read, calamine reads.
            Err(quick::Stop::Unsure) => {}
            Err(quick::Stop::TooMany) => return Err(XlsxRead::TooMany),
            Err(quick::Stop::Full(full)) => return Err(XlsxRead::Full(full)),
        }
    }
    // What calamine would read in passes of its own (merged ranges, whether any
    // formula lacks a value) comes from a byte scan of the sheet's XML: on a
    // thread of its own while the cells are read, for a sheet large enough to
    // be worth one, and stopped when reading the cells fails.
    let (cells, scanned) = match part {
        Some(p) if part_bytes.is_some_and(|b| b >= SCAN_ALONGSIDE_BYTES) => {
            let stop = std::sync::atomic::AtomicBool::new(false);
            let (cells, scanned) = std::thread::scope(|s| {
                // (No thread to be had: the scan follows the cells, as for a
                // small sheet.)
                let scan = std::thread::Builder::new()
                    .spawn_scoped(s, || p.scan_until(name, &stop))
                    .ok();
                let cells = read_cells(book, name, limit, part_bytes);
                if cells.is_err() {
                    stop.store(true, std::sync::atomic::Ordering::Relaxed);
                }
                // A scan that failed leaves the answers to calamine.
                (cells, scan.map(|scan| scan.join().ok().flatten()))
            });
            match (cells, scanned) {
                (Ok(cells), None) => (Ok(cells), p.scan(name)),
                (cells, scanned) => (cells, scanned.flatten()),
            }
        }
        Some(p) => match read_cells(book, name, limit, part_bytes) {
            Ok(cells) => (Ok(cells), p.scan(name)),
            Err(e) => (Err(e), None),
        },
        None => (read_cells(book, name, limit, part_bytes), None),
    };
    finish_xlsx_sheet(book, name, cells?, scanned, all_formulas)
}

/// A sheet from its cells as read, with the formulas of cells that hold no value
/// and its merged ranges (from the scan when there is one).
fn finish_xlsx_sheet<RS: Read + Seek>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    cells: Cells,
    scanned: Option<scan::Scan>,
    all_formulas: bool,
) -> Result<(Sheet, usize), XlsxRead> {
    let Cells {
        grid,
        codes,
        listed,
        blanks,
    } = cells;
    let mut sheet = Sheet::from_grid(name, grid.finish(), codes, Vec::new());
    // A formula cell with no saved value reads as empty: remember its formula so
    // the checks can say why there is no figure instead of skipping it. Only
    // worth a second pass when the first saw cells without a value and the sheet
    // holds such a formula (a merged range's blank cells are no formula).
    // With `all_formulas` (--fix), a sheet without any formula needs no pass either.
    let second_pass = (all_formulas && scanned.as_ref().is_none_or(|s| s.formulas))
        || (blanks && scanned.as_ref().is_none_or(|s| s.uncalculated_formulas));
    if second_pass {
        let mut reader = book.worksheet_cells_reader(name).map_err(XlsxRead::Bad)?;
        while let Some(rec) = reader.next_cell_with_formula().map_err(XlsxRead::Bad)? {
            if let Some(f) = rec.formula.filter(|f| !f.is_empty()) {
                sheet.note_formula(rec.pos, f, all_formulas);
            }
        }
    }
    sheet.merges = match scanned.map(|s| s.merges) {
        Some(merges) => merges,
        None => book.merge_cells_by_sheet_name(name).unwrap_or_default(),
    };
    Ok((sheet, listed))
}

/// How large a sheet's XML must be for its byte scan to run on a thread of its
/// own while the cells are read (below it, a thread costs more than it saves).
const SCAN_ALONGSIDE_BYTES: u64 = 4 << 20;

/// A sheet's cells as read, before the grid is finished.
struct Cells {
    grid: grid::Builder,
    /// Number format codes; a cell's format id is an index + 1 into them.
    codes: Vec<String>,
    /// How many cells the file listed (those without a value too).
    listed: usize,
    /// Whether any cell came without a value (a formula never calculated, or a
    /// merged range's blank cell).
    blanks: bool,
}

/// The number format id of each style (see `Cells::codes`), adding the codes
/// not yet in `codes`: 0.9088 formatted 0.00% shows 90,88. A style's format id
/// is an index + 1 into `codes`, 0 for General.
fn number_formats(styles: &[calamine::Style], codes: &mut Vec<String>) -> Vec<u16> {
    let mut ids: HashMap<String, u16> = HashMap::new();
    styles
        .iter()
        .map(|st| {
            let Some(code) = st
                .number_format
                .as_ref()
                .map(|nf| nf.format_code.as_str())
                .filter(|code| !code.eq_ignore_ascii_case("general"))
            else {
                return 0;
            };
            if let Some(id) = ids.get(code) {
                return *id;
            }
            // (No workbook has 65 535 number formats; one made to would wrap
            // the ids: past them, General.)
            if codes.len() >= usize::from(u16::MAX) {
                return 0;
            }
            codes.push(code.to_string());
            let id = codes.len() as u16;
            ids.insert(code.to_string(), id);
            id
        })
        .collect()
}

/// A sheet read by the quick reader (see [`quick`]), with its number format
/// codes; unsure when the quick reader does not read it.
fn quick_sheet<RS: Read + Seek>(
    book: &mut calamine::Xlsx<RS>,
    package: &mut scan::Package,
    name: &str,
    limit: usize,
    part_bytes: Option<u64>,
    all_formulas: bool,
) -> Result<(quick::QuickSheet, Vec<String>), quick::Stop> {
    let mut codes = Vec::new();
    let (room, styles) = {
        let reader = book
            .worksheet_cells_reader(name)
            .map_err(|_| quick::Stop::Unsure)?;
        let ids = number_formats(reader.styles(), &mut codes);
        let styles: Vec<quick::StyleFormat> = reader
            .styles()
            .iter()
            .zip(ids)
            .map(|(st, id)| quick::StyleFormat {
                id,
                maybe_date: st
                    .number_format
                    .as_ref()
                    .is_some_and(|nf| quick::maybe_date(&nf.format_code, nf.format_id)),
            })
            .collect();
        (room_for(reader.dimensions(), part_bytes, limit), styles)
    };
    let grid = grid::Builder::with_capacity(room.0, room.1);
    let read = package.quick_read(name, &styles, grid, limit, all_formulas)?;
    Ok((read, codes))
}

/// An .xlsx sheet's cells, streamed in one pass into the compact grid, with
/// their number formats. Stops past `limit` cells.
fn read_cells<RS: Read + Seek + Send>(
    book: &mut calamine::Xlsx<RS>,
    name: &str,
    limit: usize,
    part_bytes: Option<u64>,
) -> Result<Cells, XlsxRead> {
    let listed;
    let mut codes: Vec<String> = Vec::new();
    let blanks;
    let mut grid;
    {
        let mut reader = book.worksheet_cells_reader(name).map_err(XlsxRead::Bad)?;
        let (cells, rows) = room_for(reader.dimensions(), part_bytes, limit);
        grid = grid::Builder::with_capacity(cells, rows);
        let style_formats = number_formats(reader.styles(), &mut codes);
        let mut store = Store {
            grid: &mut grid,
            style_formats: &style_formats,
            shared: HashMap::default(),
            blanks: false,
        };
        // A large sheet's XML is parsed on a thread of its own while the cells it
        // gives are stored on this one, in batches.
        listed = if part_bytes.is_some_and(|b| b >= PARSE_ALONGSIDE_BYTES) {
            parse_alongside(reader, limit, &mut store)?
        } else {
            each_cell(&mut reader, limit, |r, c, style, value| {
                store.put(r, c, style, value).map(|()| true)
            })?
        };
        blanks = store.blanks;
    }
    Ok(Cells {
        grid,
        codes,
        listed,
        blanks,
    })
}

/// Hands each cell calamine parses to `take` (row, column, style id, value) until
/// it says stop; counts the cells the file lists, and stops past `limit`.
fn each_cell<'a, RS: Read + Seek>(
    reader: &mut calamine::XlsxCellReader<'a, RS>,
    limit: usize,
    mut take: impl FnMut(u32, u32, usize, &DataRef<'a>) -> Result<bool, XlsxRead>,
) -> Result<usize, XlsxRead> {
    let mut listed = 0usize;
    while let Some((cell, style)) = reader.next_cell_with_style_id().map_err(XlsxRead::Bad)? {
        listed += 1;
        if listed > limit {
            return Err(XlsxRead::TooMany);
        }
        let (r, c) = cell.get_position();
        if !take(r, c, style, cell.get_value())? {
            break;
        }
    }
    Ok(listed)
}

/// Parses the sheet on a thread of its own, storing the cells it gives on this
/// one, a batch at a time; returns how many cells the file listed.
fn parse_alongside<RS: Read + Seek + Send>(
    mut reader: calamine::XlsxCellReader<'_, RS>,
    limit: usize,
    store: &mut Store<'_>,
) -> Result<usize, XlsxRead> {
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Parsed<'_>>>(8);
        let parser = scope.spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            let listed = each_cell(&mut reader, limit, |r, c, style, value| {
                batch.push((r, c, style, value.clone()));
                if batch.len() < BATCH {
                    return Ok(true);
                }
                let full = std::mem::replace(&mut batch, Vec::with_capacity(BATCH));
                // The storing side stopped (on an error of its own): stop too.
                Ok(tx.send(full).is_ok())
            });
            let _ = tx.send(batch);
            listed
        });
        let mut stored = Ok(());
        for batch in rx {
            stored = batch
                .iter()
                .try_for_each(|(r, c, style, value)| store.put(*r, *c, *style, value));
            if stored.is_err() {
                break;
            }
        }
        let parsed = parser
            .join()
            .unwrap_or(Err(XlsxRead::Bad(calamine::XlsxError::Unexpected(
                "the thread reading the sheet stopped",
            ))));
        // A parse error is the first cause; a storing one otherwise.
        let listed = parsed?;
        stored.map(|()| listed)
    })
}

/// How large a sheet's XML must be for its cells to be parsed on one thread and
/// stored on another (below it, a thread costs more than it saves).
const PARSE_ALONGSIDE_BYTES: u64 = 4 << 20;

/// Cells handed at a time from the parsing thread to the storing one.
const BATCH: usize = 4096;

/// A cell as calamine parsed it: row, column, style id, value.
type Parsed<'a> = (u32, u32, usize, DataRef<'a>);

/// Stores the cells calamine gives into the grid.
struct Store<'g> {
    grid: &'g mut grid::Builder,
    /// Number format id by style id.
    style_formats: &'g [u16],
    /// Shared strings by their place in calamine's table: one copy each.
    shared: HashMap<usize, grid::TextRef, BuildAddressHasher>,
    /// Whether any cell came without a value.
    blanks: bool,
}

impl Store<'_> {
    fn put(&mut self, r: u32, c: u32, style: usize, value: &DataRef<'_>) -> Result<(), XlsxRead> {
        let fmt = || self.style_formats.get(style).copied().unwrap_or(0);
        let pushed = match value {
            // A formula without a saved value comes as a cell without a value.
            DataRef::Empty => {
                self.blanks = true;
                Ok(())
            }
            DataRef::Float(f) => self.grid.push(r, c, fmt(), grid::NewValue::Float(*f)),
            DataRef::Int(i) => self.grid.push(r, c, fmt(), grid::NewValue::Int(*i)),
            DataRef::SharedString(s) => {
                let key = s.as_ptr() as usize;
                let i = match self.shared.get(&key) {
                    Some(i) => *i,
                    None => {
                        let i = self.grid.intern(s).map_err(XlsxRead::Full)?;
                        self.shared.insert(key, i);
                        i
                    }
                };
                self.grid.push(r, c, 0, grid::NewValue::Text(i))
            }
            DataRef::String(s) => self.grid.push(r, c, 0, grid::NewValue::Str(s)),
            other => {
                let value: Data = other.clone().into();
                self.grid.push_other(r, c, 0, value)
            }
        };
        pushed.map_err(XlsxRead::Full)
    }
}

/// Hashes the address of a shared string, keeping nearby addresses nearby.
#[derive(Default, Clone, Copy)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x100_0000_01b3);
        }
    }
    fn write_usize(&mut self, n: usize) {
        // The table's bucket comes from the low bits, so they are the address's
        // own (over 16 bytes, less than any string's allocation): strings read
        // one after another lie one after another in memory, and so do their
        // buckets, which stay in the cache as the sheet's rows go by. The tag
        // the table compares first comes from the top 7 bits: the address's
        // lowest that vary, mixed.
        let a = (n as u64) >> 4;
        self.0 = a ^ (a.wrapping_mul(0x9E37_79B9_7F4A_7C15) & (0x7F << 57));
    }
}

type BuildAddressHasher = std::hash::BuildHasherDefault<AddressHasher>;

/// Hashes a cell's position (row, column): every figure read while a copy is
/// corrected asks whether its cell was corrected, so the question must be cheap.
#[derive(Default, Clone, Copy)]
struct PositionHasher(u64);

impl std::hash::Hasher for PositionHasher {
    fn finish(&self) -> u64 {
        // Fibonacci hashing: the top bits (the table's tag) and the low bits (its
        // bucket) both mix every bit of the position.
        let h = self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^ (h >> 29)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0.rotate_left(8)) ^ u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = self.0.rotate_left(32) ^ u64::from(n);
    }
}

type BuildPositionHasher = std::hash::BuildHasherDefault<PositionHasher>;

/// A cell's position and value.
type Positioned = ((u32, u32), Data);

/// An .xlsb sheet's cells, streamed: a sheet whose used range claims the whole
/// grid costs what its cells cost. None past `limit` cells.
fn read_xlsb_cells<RS: Read + Seek>(
    book: &mut calamine::Xlsb<RS>,
    name: &str,
    limit: usize,
) -> Result<Option<Vec<Positioned>>, calamine::XlsbError> {
    let mut reader = book.worksheet_cells_reader(name)?;
    let mut cells = Vec::new();
    let mut listed = 0usize;
    while let Some(cell) = reader.next_cell()? {
        listed += 1;
        if listed > limit {
            return Ok(None);
        }
        let value: Data = cell.get_value().clone().into();
        if !matches!(value, Data::Empty) {
            cells.push((cell.get_position(), value));
        }
    }
    Ok(Some(cells))
}

/// An .xls or .ods sheet, read whole by calamine (which has read these formats
/// whole when it opened the file).
fn read_other_sheet<RS: Read + Seek>(
    book: &mut Sheets<RS>,
    name: &str,
) -> Result<Result<Sheet, grid::Full>, calamine::Error> {
    let range = book.worksheet_range(name)?;
    let (r0, c0) = range.start().unwrap_or((0, 0));
    // used_cells() counts from the range's first cell, not from A1.
    let cells: Vec<((u32, u32), Data)> = range
        .used_cells()
        .map(|(r, c, v)| ((r0 + r as u32, c0 + c as u32), v.clone()))
        .collect();
    drop(range);
    Ok(Sheet::try_from_cells(name, cells, Vec::new()))
}

/// The number formats calamine can tell of a non-.xlsx sheet's numeric cells.
fn apply_styles<RS: Read + Seek>(book: &mut Sheets<RS>, sheet: &mut Sheet) {
    let Ok(styles) = book.worksheet_style(&sheet.name) else {
        return;
    };
    let numeric: Vec<(u32, u32)> = sheet
        .grid
        .iter()
        .filter(|(_, _, v)| {
            matches!(
                v,
                Value::Float(_) | Value::Dec(_) | Value::Other(Data::Int(_) | Data::Float(_))
            )
        })
        .map(|(r, c, _)| (r, c))
        .collect();
    for (r, c) in numeric {
        if let Some(nf) = styles.get((r, c)).and_then(|st| st.number_format.as_ref()) {
            if !nf.format_code.eq_ignore_ascii_case("general") {
                sheet.set_format(r, c, &nf.format_code.clone());
            }
        }
    }
}

/// 10^0 to 10^15, each an exact double.
const POW10: [f64; 16] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
];

/// The decimal a double shows as a 64-bit mantissa and a scale, worked out from
/// the shortest digits that read back to the same double (the digits `{f}`
/// writes) without parsing them as text: exactly what [`float_to_decimal`]
/// gives, wherever this answers. None for the rest (not finite, a negative zero,
/// a mantissa beyond 64 bits, more than 28 decimals), which take the long way.
fn shortest_parts(f: f64) -> Option<(i64, u8)> {
    if !f.is_finite() || (f == 0.0 && f.is_sign_negative()) {
        return None;
    }
    if f == f.trunc() && f.abs() < 1e15 {
        return Some((f as i64, 0));
    }
    // A figure typed with a few decimals (107.94, 0.9088): the fewest decimals
    // whose digits read back as the double. Both the digits (under 10^15) and
    // the power of ten are exact doubles, so their quotient is the double a
    // parser gives for the text; and two decimals of 15 digits or fewer never
    // read as one double, so the digits found are the shortest `{f}` writes.
    for (k, p) in POW10.iter().enumerate().skip(1) {
        let scaled = f * p;
        if scaled.abs() >= 1e15 {
            break;
        }
        let m = scaled.round();
        if m / p == f {
            return Some((m as i64, k as u8));
        }
    }
    // `-1.2345e-7`: the shortest digits, as `{f}` chooses them.
    let mut buf = [0u8; 40];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    std::io::Write::write_fmt(&mut cursor, format_args!("{f:e}")).ok()?;
    let written = cursor.position() as usize;
    let text = &buf[..written];
    let (negative, text) = match text.split_first() {
        Some((b'-', rest)) => (true, rest),
        _ => (false, text),
    };
    let e_at = text.iter().position(|&b| b == b'e')?;
    let (mut mantissa, mut decimals, mut point) = (0i64, 0i32, false);
    for &b in &text[..e_at] {
        match b {
            b'.' => point = true,
            b'0'..=b'9' => {
                mantissa = mantissa.checked_mul(10)?.checked_add(i64::from(b - b'0'))?;
                decimals += i32::from(point);
            }
            _ => return None,
        }
    }
    let exponent: i32 = std::str::from_utf8(&text[e_at + 1..]).ok()?.parse().ok()?;
    // The value is mantissa × 10^power.
    let power = exponent.checked_sub(decimals)?;
    let (mantissa, scale) = if power >= 0 {
        (mantissa.checked_mul(10i64.checked_pow(power as u32)?)?, 0)
    } else if power >= -28 {
        (mantissa, (-power) as u8)
    } else {
        return None;
    };
    Some((if negative { -mantissa } else { mantissa }, scale))
}

/// The exact decimal an Excel number cell holds. Excel stores figures as binary
/// doubles; the shortest text that reads back to the same double is what Excel
/// itself writes and shows, so that text is the figure the user typed.
fn float_to_decimal(f: f64) -> Option<Decimal> {
    if !f.is_finite() {
        return None;
    }
    // A whole number that a double holds exactly prints as its digits: no text needed.
    if f == f.trunc() && f.abs() < 1e15 && !(f == 0.0 && f.is_sign_negative()) {
        return Some(Decimal::from(f as i64));
    }
    // The shortest text, written without a heap allocation when it is short.
    let mut buf = [0u8; 64];
    let mut cursor = std::io::Cursor::new(&mut buf[..]);
    if std::io::Write::write_fmt(&mut cursor, format_args!("{f}")).is_ok() {
        let n = cursor.position() as usize;
        if let Ok(text) = std::str::from_utf8(&buf[..n]) {
            return Decimal::from_str(text).ok();
        }
    }
    Decimal::from_str(&format!("{f}")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_workbook_can_be_shared_across_threads() {
        fn shared<T: Send + Sync>() {}
        shared::<Workbook>();
        shared::<Sheet>();
    }

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
    fn files_are_told_apart_by_their_first_bytes() {
        assert_eq!(kind_of(b"PK\x03\x04rest"), Kind::Zip);
        assert_eq!(kind_of(b"PK\x05\x06"), Kind::Zip);
        assert_eq!(
            kind_of(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Kind::Cfb
        );
        assert_eq!(kind_of(b"%PDF-1.7\n"), Kind::Pdf);
        assert_eq!(kind_of(b"\x89PNG\r\n\x1a\n"), Kind::Image);
        assert_eq!(kind_of(b"\xEF\xBB\xBF  <!DOCTYPE html><html>"), Kind::Html);
        assert_eq!(kind_of(b"<table><tr><td>1</td></tr></table>"), Kind::Html);
        assert_eq!(
            kind_of(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
            Kind::Xml2003
        );
        assert_eq!(
            kind_of("Program;Anggaran\nPenataan;1.000\n".as_bytes()),
            Kind::Text
        );
        // Windows-1252 text is text too; Excel's "Unicode Text" is UTF-16.
        assert_eq!(kind_of(b"Kegiatan\t\xB1 200\r\n"), Kind::Text);
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "Program\tAnggaran"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        assert_eq!(kind_of(&utf16), Kind::Text);
        assert_eq!(kind_of(&[0, 1, 2, 3, 0xFF]), Kind::Unknown);
        assert_eq!(kind_of(&[0xFF]), Kind::Unknown);
    }

    #[test]
    fn part_sizes_are_told_in_whole_megabytes_rounded_up() {
        assert_eq!(mebibytes(0), 0);
        assert_eq!(mebibytes(1), 1);
        assert_eq!(mebibytes(1 << 20), 1);
        assert_eq!(mebibytes((1 << 31) - 314), 2048);
        assert_eq!(Limits::default().max_part_bytes, 1 << 30);
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

    #[test]
    fn room_is_made_for_what_the_sheet_can_hold_not_what_it_claims() {
        let dims = |r0, c0, r1, c1| Dimensions::new((r0, c0), (r1, c1));
        // A1:J1048576 claimed by a 7 kB sheet: room for what 7 kB can hold.
        assert_eq!(
            room_for(dims(0, 0, MAX_ROW, 9), Some(7_000), MAX_CELLS),
            (437, 437)
        );
        // A sane claim is taken as it is.
        assert_eq!(
            room_for(dims(0, 0, 100_006, 8), Some(37_000_000), MAX_CELLS),
            (900_063, 100_007)
        );
        // Never past the cell limit, nor, without the part's size, past a small sheet.
        assert_eq!(
            room_for(dims(0, 0, MAX_ROW, MAX_COL), Some(1 << 30), 1_000),
            (1_000, 1_000)
        );
        assert_eq!(
            room_for(dims(0, 0, MAX_ROW, MAX_COL), None, MAX_CELLS),
            (1 << 16, 1 << 16)
        );
        // A reversed or empty claim makes no room.
        assert_eq!(room_for(dims(5, 5, 0, 0), Some(1 << 20), MAX_CELLS), (0, 0));
    }

    #[test]
    fn a_format_id_names_the_same_code_as_the_cell_format() {
        let mut s = Sheet::from_cells(
            "S",
            vec![
                ((0, 0), Data::Float(0.9088)),
                ((0, 1), Data::Float(12.5)),
                ((1, 0), Data::Int(3)),
                ((1, 1), Data::String("x".into())),
            ],
            Vec::new(),
        );
        s.set_format(0, 0, "0.00%");
        s.set_format(1, 0, "0.00%");
        s.set_format(0, 1, "#,##0");
        // A position with no cell keeps its format too.
        s.set_format(3, 3, "#,##0");
        assert_eq!(s.format_count(), 2);
        for (r, c) in [(0, 0), (0, 1), (1, 0), (1, 1), (3, 3), (9, 9)] {
            assert_eq!(
                s.format_code_of(s.format_id(r, c)),
                s.number_format(r, c),
                "({r}, {c})"
            );
        }
        assert_eq!(s.format_id(0, 0), s.format_id(1, 0));
        assert_ne!(s.format_id(0, 0), s.format_id(0, 1));
        assert_eq!(s.format_id(3, 3), s.format_id(0, 1));
        assert_eq!(s.format_id(1, 1), 0);
        assert_eq!(s.format_code_of(0), None);
        assert_eq!(s.format_code_of(99), None);
        assert_eq!(
            s.raw(0, 0),
            Raw::Number {
                value: Decimal::from_str("0.9088").unwrap(),
                format: Some("0.00%")
            }
        );
    }

    #[test]
    fn a_sheet_read_back_gives_float_to_decimal_byte_for_byte() {
        let doubles = [
            0.1 + 0.2,
            1e-10,
            123_456_789.123,
            9_007_199_254_740_992.0,
            -0.9045,
            -0.0,
            1e20,
            1e300,
            f64::NAN,
            38_127_840_000.0,
        ];
        let s = Sheet::from_cells(
            "S",
            doubles
                .iter()
                .enumerate()
                .map(|(c, f)| ((0, c as u32), Data::Float(*f)))
                .collect(),
            Vec::new(),
        );
        for (c, f) in doubles.iter().enumerate() {
            match (s.raw(0, c as u32), float_to_decimal(*f)) {
                (Raw::Number { value, format }, Some(want)) => {
                    assert_eq!(value.serialize(), want.serialize(), "{f:e}");
                    assert_eq!(format, None);
                }
                (Raw::BadNumber(text), None) => assert_eq!(text, format!("{f:e}")),
                (got, want) => panic!("{f:e}: {got:?}, float_to_decimal {want:?}"),
            }
        }
    }

    #[test]
    fn a_sheet_too_large_for_one_grid_is_named_in_the_reason() {
        let reason = grid_full_reason("Tabel 3.7", grid::Full::Texts).english();
        assert!(
            reason.starts_with("sheet 'Tabel 3.7' holds more than 4 GiB of text"),
            "{reason}"
        );
        let reason = grid_full_reason("Data", grid::Full::Cells).english();
        assert!(
            reason.starts_with("sheet 'Data' holds more than 4 294 967 295 cells"),
            "{reason}"
        );
    }

    #[test]
    fn a_large_sheet_is_parsed_and_scanned_alongside_its_cells_and_both_stop_with_them() {
        let dir = std::env::temp_dir().join(format!("selaras-grid-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("besar.xlsx");
        let mut wb = rust_xlsxwriter::Workbook::new();
        let ws = wb.add_worksheet();
        for r in 0..40_000u32 {
            for c in 0..4u16 {
                ws.write_number(r, c, f64::from(r) + 0.125 * f64::from(c))
                    .unwrap();
            }
            ws.write_string(r, 4, format!("Program {}", r % 50))
                .unwrap();
        }
        ws.merge_range(0, 5, 1, 6, "Judul", &rust_xlsxwriter::Format::new())
            .unwrap();
        wb.save(&path).unwrap();
        let size = scan::Package::open(&path, &Limits::default())
            .and_then(|mut p| p.part_size("Sheet1"))
            .unwrap();
        assert!(size >= SCAN_ALONGSIDE_BYTES, "{size} bytes");

        let book = Workbook::open(&path).unwrap();
        let s = &book.sheets[0];
        assert_eq!(s.merges, vec![Dimensions::new((0, 5), (1, 6))]);
        assert_eq!(
            s.raw(39_999, 3),
            Raw::Number {
                value: Decimal::from_str("39999.375").unwrap(),
                format: None
            }
        );
        // (The merged range's other cells hold nothing.)
        assert_eq!(s.end(), Some((39_999, 5)));
        // Every cell, parsed on one thread and stored on another, in its place.
        for r in 0..40_000u32 {
            for c in 0..4u32 {
                let want =
                    Decimal::from(r) + Decimal::from_str("0.125").unwrap() * Decimal::from(c);
                match s.raw(r, c) {
                    Raw::Number { value, .. } => assert_eq!(value, want, "({r}, {c})"),
                    other => panic!("({r}, {c}): {other:?}"),
                }
            }
            assert_eq!(
                s.string_at(r, 4),
                Some(format!("Program {}", r % 50).as_str())
            );
        }

        let limits = Limits {
            max_cells: 1_000,
            ..Limits::default()
        };
        let e = Workbook::open_limited(&path, false, &limits).err().unwrap();
        assert!(e.to_string().contains("holds more than 1000 cells"), "{e}");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
