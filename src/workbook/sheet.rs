//! The sheet model (cells as stored, merged ranges, formulas, number formats),
//! the workbook, the limits a reading keeps to and the error of a file that cannot
//! be read.

use super::*;

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

/// How a text cell is set out, where its style says more than the default: its
/// indent level and whether it is bold. A table's layout tells its levels by
/// these where its kode does not (a kegiatan bold, its sub kegiatan indented).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Look {
    pub indent: u8,
    pub bold: bool,
}

impl Look {
    /// What a calamine style says of the text set in it.
    pub(super) fn of(style: &calamine::Style) -> Look {
        Look {
            indent: style.alignment.as_ref().and_then(|a| a.indent).unwrap_or(0),
            bold: style.font.as_ref().is_some_and(calamine::Font::is_bold),
        }
    }

    pub(super) fn is_plain(self) -> bool {
        self == Look::default()
    }
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
    pub(super) shared_name: SheetName,
    pub hidden: bool,
    pub(super) grid: Grid,
    /// Number formats of positions the grid holds no cell for (set by tests).
    pub(super) formats: HashMap<(u32, u32), u16>,
    /// Number format codes; a cell's format id is an index + 1 into them.
    pub(super) format_codes: Vec<String>,
    pub merges: Vec<Dimensions>,
    /// The look of text cells whose style indents them or sets them in bold.
    pub(super) looks: HashMap<(u32, u32), Look>,
    /// Formulas of cells that hold no saved value, by position (row, then column).
    pub(super) uncalculated: BTreeMap<(u32, u32), String>,
    /// Every formula of the sheet, by position (read only for `--fix`).
    pub(super) formulas: HashMap<(u32, u32), String, BuildPositionHasher>,
    /// Values set in memory over the file's (corrections being settled).
    /// (A BTreeMap: every read of a cell asks it, and a few entries are found faster
    /// by comparing positions than by hashing them.)
    pub(super) overrides: HashMap<(u32, u32), Override, BuildPositionHasher>,
    /// Whether the file told the cells' number formats (.xlsx does; calamine reads
    /// none from .xls, .xlsb and .ods, so a percentage there may be a bare fraction).
    pub formats_known: bool,
    /// The rows hidden when the file was saved (a filter's, or hidden by hand),
    /// sorted; None where the reader does not tell (calamine's paths).
    pub hidden_rows: Option<Vec<u32>>,
}

impl Sheet {
    /// Keeps a cell's formula: every one with `all` (for `--fix`), and always
    /// that of a cell without a saved value, so the checks can say why there is
    /// no figure instead of skipping it.
    pub(super) fn note_formula(&mut self, (r, c): (u32, u32), f: String, all: bool) {
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

    /// How a text cell is set out (its indent and bold); the default for a cell
    /// of the default style, or a reader that does not tell (.xls, .xlsb, .ods).
    pub fn look(&self, row: u32, col: u32) -> Look {
        self.looks.get(&(row, col)).copied().unwrap_or_default()
    }

    /// Sets a text cell's look (read from the file, or generated input).
    pub fn set_look(&mut self, row: u32, col: u32, look: Look) {
        if look.is_plain() {
            self.looks.remove(&(row, col));
        } else {
            self.looks.insert((row, col), look);
        }
    }

    /// Every formula the sheet was read with, by position (unordered).
    pub fn formulas(&self) -> impl Iterator<Item = ((u32, u32), &str)> + '_ {
        self.formulas.iter().map(|(p, f)| (*p, f.as_str()))
    }

    /// Whether a value is set in memory over the file's (a correction settling).
    pub fn has_overrides(&self) -> bool {
        !self.overrides.is_empty()
    }

    /// Whether the sheet was read with any formula.
    pub fn has_formulas(&self) -> bool {
        !self.formulas.is_empty()
    }

    /// Sets a cell's formula (a correction being settled, or generated input).
    pub fn set_formula(&mut self, row: u32, col: u32, formula: &str) {
        self.formulas.insert((row, col), formula.to_string());
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
    /// `Sheet::try_from_cells`, which says so in an error instead.
    pub fn from_cells(name: &str, cells: Vec<((u32, u32), Data)>, merges: Vec<Dimensions>) -> Self {
        match Self::try_from_cells(name, cells, merges) {
            Ok(sheet) => sheet,
            Err(full) => panic!("{}", grid_full_reason(name, full).english()),
        }
    }

    /// Builds a sheet from cells; an error when they are too many for one grid.
    pub(super) fn try_from_cells(
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

    pub(super) fn from_grid(
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
            looks: HashMap::new(),
            uncalculated: BTreeMap::new(),
            formulas: HashMap::default(),
            overrides: HashMap::default(),
            formats_known: true,
            hidden_rows: None,
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

    pub(super) fn cell_count(&self) -> usize {
        self.grid.len()
    }

    /// Marks a cell as holding a formula without a saved value (tests, generated input).
    pub fn set_uncalculated(&mut self, row: u32, col: u32, formula: &str) {
        self.uncalculated.insert((row, col), formula.to_string());
    }

    /// The format id of a code, added if new.
    pub(super) fn intern_format(&mut self, code: &str) -> u16 {
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
    pub(super) fn format_of(&self, fmt: u16, row: u32, col: u32) -> Option<&str> {
        match fmt {
            // (Most sheets set no format by position: no need to hash one.)
            0 if self.formats.is_empty() => None,
            0 => self.formats.get(&(row, col)).and_then(|i| self.code(*i)),
            id => self.code(id),
        }
    }

    pub(super) fn code(&self, id: u16) -> Option<&str> {
        (id as usize)
            .checked_sub(1)
            .and_then(|i| self.format_codes.get(i))
            .map(String::as_str)
    }

    pub(super) fn format(&self, row: u32, col: u32) -> Option<&str> {
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
    /// Why, in words for the reader (`load.*` of the catalogues).
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
        // (A failed write is a crate::error::WriteError, said as one.)
        let key = if self.reason.key == "load.text" {
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
    pub(super) fn open_reading(
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
        // A compound file (.xls, an encrypted .xlsx) is walked first: a chain
        // calamine would follow off the end of the file is a damaged file, said
        // before calamine's reader can assert on it.
        if kind == Kind::Cfb {
            let bytes = std::fs::read(path)
                .map_err(|e| fail(msg!("load.cannot-open", error = e.to_string())))?;
            let stream = super::cfb::check(&bytes).map_err(|_| fail(msg!("load.damaged")))?;
            // calamine reads every sheet of an .xls as it opens it, each onto a
            // dense grid: a record it would read past is a damaged file, and a
            // file whose grids would hold more cells than selaras reads is
            // refused before the memory is asked for.
            if let Some(stream) = stream {
                let claimed =
                    super::biff::check(&stream).map_err(|_| fail(msg!("load.damaged")))?;
                if claimed > limits.max_cells as u64 {
                    return Err(fail(msg!(
                        "load.xls-claims",
                        cells = claimed.to_string(),
                        limit = limits.max_cells,
                        default = MAX_CELLS
                    )));
                }
            }
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
