//! Writes a corrected copy of an .xlsx workbook that is still the user's own
//! workbook: the package is patched cell by cell, not read into a model and
//! written anew (that would lose whatever the model does not know: charts,
//! macros, printer settings, validations, extension lists, ...).
//!
//! Choices:
//!
//! - **Raw copy.** Every zip entry that does not change is copied with the zip
//!   crate's raw copy: its compressed bytes, CRC and metadata as they were, in
//!   the original order, never decompressed and recompressed. A part selaras did
//!   not mean to touch is byte for byte the user's, and copying is cheap.
//! - **Streaming.** A sheet with edits is streamed with quick-xml, event in,
//!   event out; only the `<c>` elements that have an edit are rewritten, and rows
//!   and cells are created in order where an edit falls on a cell the sheet lacks.
//!   No DOM is built, so a 100k-row sheet costs one pass. The small parts
//!   (styles, workbook, relationships, content types) are rewritten the same way.
//! - **Inline strings.** Text is written as `t="inlineStr"`, not into the shared
//!   string table: the table, often the largest part, stays byte-identical, no
//!   index any other cell uses moves, and a text is never read as a formula even
//!   when it starts with `=`, `+`, `-` or `@`.
//! - **Highlight by copy.** A marked cell gets a copy of its own `<xf>` with only
//!   the fill changed (light green corrected, light orange flagged): its number
//!   format, font, borders and alignment stay.
//! - **Legacy notes.** A note is a legacy comment (comments part + VML shape),
//!   which every spreadsheet program reads; comments a sheet already has are kept
//!   and merged with.
//! - **Recalculation.** When a formula is replaced or written, calcChain.xml is
//!   dropped and `fullCalcOnLoad` set so Excel rebuilds the chain; a shared
//!   formula whose master cell is replaced has its other cells written out as
//!   plain formulas. A changed value in a workbook that has a calcChain (so has
//!   formulas) also sets `fullCalcOnLoad`, so formulas that use it show fresh
//!   results.
//! - **Staging.** Changed and new parts are first deflated into an in-memory
//!   staging zip, then raw-copied into the output (changed parts in their
//!   original place, new parts at the end). Each part is compressed once, and
//!   styles.xml can be written after the sheets that decide which styles it
//!   needs, wherever it sits in the package.
//!
//! Limits: transitional OOXML only (strict OOXML is refused with a
//! [`PatchError::Unsupported`]); parts must be UTF-8; an `.xlsm` is patched like
//! an `.xlsx` (its macros are copied as they are); `.xlsb`, `.xls` and `.ods`
//! are not packages of XML parts and are refused. A cell inside a multi-cell
//! array formula, or a table's header cell, should not be given a value (Excel
//! owns those). Notes added to a cell that has a threaded comment go into its
//! legacy comment, which new Excel shows only as the thread's fallback. A VML
//! drawing merged into is assumed to use the usual `v:`/`o:`/`x:` prefixes.
//! docProps/app.xml (the sheet titles Excel caches) is left as it was.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt;
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Cursor, Read, Seek, Write};
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, Writer, XmlVersion};
use rust_decimal::Decimal;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

mod findings_sheet;
mod formula;
mod notes;
mod package;
mod sheet;
mod stage;
mod styles;
mod text;
mod workbook;

pub(crate) use self::stage::Merged;
pub(crate) use self::text::push_text;
use self::{
    findings_sheet::*, formula::*, notes::*, package::*, sheet::*, stage::*, styles::*, text::*,
    workbook::*,
};
use crate::ooxml::a1::*;
use crate::ooxml::rels::*;
use crate::ooxml::xml::{escape_attr, escape_text, local};

#[cfg(test)]
mod tests;

/// What to write into a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum NewValue {
    /// A number, written as a numeric cell (`<v>` with the shortest decimal text, no `t` attribute); the cell keeps its style, hence its number format.
    Number(Decimal),
    /// Text, written as an inline string (`t="inlineStr"`, `<is><t xml:space="preserve">..</t></is>`); never interpreted as a formula even if it starts with `=`, `+`, `-` or `@`.
    Text(String),
    /// A formula (without the leading `=`) with its cached numeric value.
    Formula { formula: String, cached: Decimal },
}

/// How a cell is marked: corrected (its value was changed) or flagged (a finding with no single correct value; the value is left as it is).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    Corrected,
    Flagged,
}

/// One cell to change, mark and annotate.
#[derive(Debug, Clone, PartialEq)]
pub struct CellEdit {
    /// The sheet's name as in workbook.xml.
    pub sheet: String,
    /// 0-based.
    pub row: u32,
    /// 0-based.
    pub col: u32,
    /// None: leave the value (and formula) as it is.
    pub value: Option<NewValue>,
    pub mark: Mark,
    /// The note (comment) attached to the cell, plain text, may contain newlines.
    pub note: String,
}

/// One row of the findings sheet.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    pub code: String,
    pub severity: String,
    pub sheet: String,
    /// A1
    pub cell: String,
    pub found: String,
    pub expected: String,
    pub corrected: bool,
    pub message: String,
}

/// The findings sheet's name and words, in the reader's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingsSheet {
    /// The sheet's name (made unique if the workbook has it: "Temuan (2)").
    pub name: String,
    /// The column headers: code, severity, sheet, cell, found, expected, corrected, message.
    pub header: [String; 8],
    /// The corrected column's words for yes and no.
    pub yes: String,
    pub no: String,
}

impl FindingsSheet {
    /// The sheet in `lang`'s words.
    pub fn new(lang: crate::i18n::Lang) -> FindingsSheet {
        let t = |k| lang.t(k);
        FindingsSheet {
            name: t("sheet.name"),
            header: [
                t("sheet.code"),
                t("sheet.severity"),
                t("sheet.sheet"),
                t("sheet.cell"),
                t("sheet.found"),
                t("sheet.expected"),
                t("sheet.corrected"),
                t("sheet.message"),
            ],
            yes: t("sheet.yes"),
            no: t("sheet.no"),
        }
    }
}

/// A sheet of that name, in Indonesian words (the reports' language).
impl From<&str> for FindingsSheet {
    fn from(name: &str) -> FindingsSheet {
        FindingsSheet {
            name: name.to_string(),
            ..FindingsSheet::new(crate::i18n::Lang::indonesian())
        }
    }
}

/// Why a corrected copy could not be written.
#[derive(Debug)]
pub enum PatchError {
    /// The input could not be read.
    Read {
        file: PathBuf,
        part: Option<String>,
        detail: String,
    },
    /// The output could not be written.
    Write {
        file: PathBuf,
        part: Option<String>,
        detail: String,
    },
    /// The output path exists already; the copy is only ever written to a new file.
    OutputExists { file: PathBuf },
    /// The input is not a zip package (an .xls, .xlsb, .ods, a password-protected or damaged file).
    NotXlsx { file: PathBuf, detail: String },
    /// A part the workbook needs is missing.
    MissingPart { file: PathBuf, part: String },
    /// A part is not well-formed XML or not what the package says it is.
    BadPart {
        file: PathBuf,
        part: String,
        detail: String,
    },
    /// The package is of a kind this writer does not patch (strict OOXML, UTF-16 parts).
    Unsupported {
        file: PathBuf,
        part: Option<String>,
        detail: String,
    },
    /// An edit (or the findings sheet's name) cannot be applied to this workbook.
    BadEdit { file: PathBuf, detail: String },
    /// The caller withdrew the findings sheet's rows: the copy was begun on edits
    /// that turned out not to be the last (see `write_corrected_with`).
    Abandoned { file: PathBuf },
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fn in_part(part: &Option<String>) -> String {
            part.as_ref()
                .map(|p| format!(" (part {p})"))
                .unwrap_or_default()
        }
        match self {
            PatchError::Read { file, part, detail } => write!(
                f,
                "cannot read {}{}: {detail}",
                file.display(),
                in_part(part)
            ),
            PatchError::Write { file, part, detail } => write!(
                f,
                "cannot write {}{}: {detail}",
                file.display(),
                in_part(part)
            ),
            PatchError::OutputExists { file } => write!(
                f,
                "{} exists already; the corrected copy is only written to a new file",
                file.display()
            ),
            PatchError::NotXlsx { file, detail } => write!(
                f,
                "{} is not an .xlsx workbook (a zip package of XML parts), so no corrected copy can be written: {detail}",
                file.display()
            ),
            PatchError::MissingPart { file, part } => write!(
                f,
                "{} has no part {part}, which the workbook needs",
                file.display()
            ),
            PatchError::BadPart { file, part, detail } => write!(
                f,
                "in {}, the part {part} cannot be used: {detail}",
                file.display()
            ),
            PatchError::Unsupported { file, part, detail } => write!(
                f,
                "{}{} cannot be patched: {detail}",
                file.display(),
                in_part(part)
            ),
            PatchError::BadEdit { file, detail } => write!(
                f,
                "cannot apply the corrections to {}: {detail}",
                file.display()
            ),
            PatchError::Abandoned { file } => write!(
                f,
                "the corrected copy of {} was begun on corrections that were not the last, and abandoned",
                file.display()
            ),
        }
    }
}

impl std::error::Error for PatchError {}

/// Reads the .xlsx at `input`, applies `edits`, adds a findings sheet called `findings_sheet` (a unique name: add " (2)" etc. if taken) at the end, and writes the whole package to `output` (a path that does not exist yet; the caller renames it into place). Never touches `input`.
pub fn write_corrected(
    input: &Path,
    output: &Path,
    edits: &[CellEdit],
    findings: &[FindingRow],
    findings_sheet: impl Into<FindingsSheet>,
) -> Result<(), PatchError> {
    write_corrected_with(
        input,
        output,
        edits,
        || Some(findings.to_vec()),
        findings_sheet,
    )
}

/// As `write_corrected`, with the findings sheet's rows asked of `findings` only
/// once the sheets are patched, the long part of the work: `--fix` writes the copy
/// while its last check runs, and hands the rows over when that check is done.
/// `None` abandons the copy (`PatchError::Abandoned`, the output removed).
pub fn write_corrected_with(
    input: &Path,
    output: &Path,
    edits: &[CellEdit],
    findings: impl FnOnce() -> Option<Vec<FindingRow>>,
    findings_sheet: impl Into<FindingsSheet>,
) -> Result<(), PatchError> {
    let findings_sheet = &findings_sheet.into();
    let ctx = Ctx {
        input: input.to_path_buf(),
        output: output.to_path_buf(),
    };
    let file = File::open(input).map_err(|e| ctx.read(None, e))?;
    let mut zin = ZipArchive::new(BufReader::new(file)).map_err(|e| PatchError::NotXlsx {
        file: ctx.input.clone(),
        detail: e.to_string(),
    })?;
    let staged = stage(&ctx, &mut zin, edits, findings, findings_sheet)?;
    let out = match OpenOptions::new().write(true).create_new(true).open(output) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            return Err(PatchError::OutputExists {
                file: ctx.output.clone(),
            })
        }
        Err(e) => return Err(ctx.write(None, e)),
    };
    let result = assemble(&ctx, &mut zin, staged, out);
    if result.is_err() {
        // The output was created by this call: leave no half-written package behind.
        let _ = fs::remove_file(output);
    }
    result
}

// ---------------------------------------------------------------------------
// Errors

struct Ctx {
    input: PathBuf,
    output: PathBuf,
}

impl Ctx {
    fn read(&self, part: Option<&str>, e: impl fmt::Display) -> PatchError {
        PatchError::Read {
            file: self.input.clone(),
            part: part.map(str::to_string),
            detail: e.to_string(),
        }
    }
    fn write(&self, part: Option<&str>, e: impl fmt::Display) -> PatchError {
        PatchError::Write {
            file: self.output.clone(),
            part: part.map(str::to_string),
            detail: e.to_string(),
        }
    }
    fn missing(&self, part: &str) -> PatchError {
        PatchError::MissingPart {
            file: self.input.clone(),
            part: part.to_string(),
        }
    }
    fn bad(&self, part: &str, detail: impl fmt::Display) -> PatchError {
        PatchError::BadPart {
            file: self.input.clone(),
            part: part.to_string(),
            detail: detail.to_string(),
        }
    }
    fn edit(&self, detail: impl fmt::Display) -> PatchError {
        PatchError::BadEdit {
            file: self.input.clone(),
            detail: detail.to_string(),
        }
    }
    fn fault(&self, part: &str, f: Fault) -> PatchError {
        match f {
            Fault::Xml(d) => self.bad(part, d),
            Fault::Unsupported(d) => PatchError::Unsupported {
                file: self.input.clone(),
                part: Some(part.to_string()),
                detail: d,
            },
            Fault::Read(d) => self.read(Some(part), d),
            Fault::Write(d) => self.write(Some(part), d),
        }
    }
}

/// A failure inside one part, before the file is named.
#[derive(Debug)]
enum Fault {
    Xml(String),
    Unsupported(String),
    Read(String),
    Write(String),
}

impl From<quick_xml::Error> for Fault {
    fn from(e: quick_xml::Error) -> Self {
        match e {
            quick_xml::Error::Io(io) => Fault::Read(io.to_string()),
            other => Fault::Xml(other.to_string()),
        }
    }
}

impl From<quick_xml::events::attributes::AttrError> for Fault {
    fn from(e: quick_xml::events::attributes::AttrError) -> Self {
        Fault::Xml(e.to_string())
    }
}

fn wfault(e: io::Error) -> Fault {
    Fault::Write(e.to_string())
}

// ---------------------------------------------------------------------------
// Namespaces, content and relationship types

const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const STRICT_NS: &str = "http://purl.oclc.org/ooxml/spreadsheetml/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL_NS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const RT_WORKSHEET: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet";
const RT_COMMENTS: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments";
const RT_VML: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing";
const RT_STYLES: &str =
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles";
const CT_WORKSHEET: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
const CT_COMMENTS: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml";
const CT_VML: &str = "application/vnd.openxmlformats-officedocument.vmlDrawing";
const CT_STYLES: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml";
const STRICT_REFUSAL: &str =
    "the workbook is strict OOXML; save it as an ordinary Excel workbook (.xlsx)";
const XML_DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n";

/// Fill colours of the highlight (ARGB).
const FILL_CORRECTED: &str = "FFC6EFCE";
const FILL_FLAGGED: &str = "FFFFEB9C";
