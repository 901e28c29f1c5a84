//! Addresses: a sheet's name held once for the whole run, a cell's address, and
//! the A1 column letters.

use super::*;

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
    pub(super) fn interned(name: &str) -> SheetName {
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

/// Where a finding is: a cell of a workbook, or a paragraph of a Word draft,
/// which has no cell. Renderers branch on this, never on an address's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location<'a> {
    Cell(&'a CellAddr),
    /// The paragraph's number, from 1.
    Paragraph(usize),
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

    /// A paragraph of a Word draft, which has no cell. It is held as a sheet of
    /// its own, named `[paragraph 57]`: square brackets cannot occur in a sheet
    /// name, so no sheet is taken for one, and each paragraph's findings stay
    /// apart from every other's as a sheet's do. Only [`CellAddr::location`]
    /// reads that name.
    pub fn paragraph(n: usize) -> Self {
        CellAddr::new(&format!("[paragraph {n}]"), 0, 0)
    }

    /// A cell, or a Word draft's paragraph.
    pub fn location(&self) -> Location<'_> {
        let number = self
            .sheet
            .strip_prefix("[paragraph ")
            .and_then(|rest| rest.strip_suffix(']'))
            .and_then(|n| n.parse().ok());
        match number {
            Some(n) => Location::Paragraph(n),
            None => Location::Cell(self),
        }
    }

    /// The number of the Word draft's paragraph this names, if it names one.
    pub fn paragraph_number(&self) -> Option<usize> {
        match self.location() {
            Location::Paragraph(n) => Some(n),
            Location::Cell(_) => None,
        }
    }

    /// Whether this names a paragraph of a Word draft, not a cell.
    pub fn is_paragraph(&self) -> bool {
        self.paragraph_number().is_some()
    }

    /// `'Tabel 3.7'!H12`, or `bagian-umum.xlsx 'Sheet1'!F9` in another workbook;
    /// `paragraph 57` for a draft's paragraph.
    pub fn qualified(&self) -> String {
        if let Location::Paragraph(n) = self.location() {
            return format!("paragraph {n}");
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

/// `0 -> A`, `25 -> Z`, `26 -> AA` (the shared `ooxml::a1`).
pub use crate::ooxml::a1::column_name;
