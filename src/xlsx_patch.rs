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

const MAX_ROWS: u32 = 1_048_576;
const MAX_COLS: u32 = 16_384;

// ---------------------------------------------------------------------------
// Staging: every changed or new part, deflated once

struct Staged {
    zip: ZipArchive<Cursor<Vec<u8>>>,
    /// Original entries (lower-case names) replaced by a staged part of the same name.
    replaced: HashSet<String>,
    /// Original entries (lower-case names) left out.
    removed: HashSet<String>,
    /// New parts, in the order they are appended.
    added: Vec<String>,
}

struct Stage {
    zip: ZipWriter<Cursor<Vec<u8>>>,
    replaced: HashSet<String>,
    added: Vec<String>,
    time: DateTime,
}

/// Bytes handed at a time from the sheet patcher to the thread that deflates them.
const CHUNK: usize = 256 << 10;

/// Writes in chunks sent to another thread; a send fails (broken pipe) once that
/// thread has stopped on an error of its own.
struct ChunkSender {
    tx: std::sync::mpsc::SyncSender<Vec<u8>>,
    buf: Vec<u8>,
}

impl ChunkSender {
    fn send(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let full = std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK));
        self.tx
            .send(full)
            .map_err(|_| io::Error::from(io::ErrorKind::BrokenPipe))
    }
}

impl Write for ChunkSender {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(bytes);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.send()
    }
}

/// The deflate level of the parts written anew (1: the fastest, 6: the default).
const FAST_DEFLATE: i64 = 2;

impl Stage {
    fn options(&self) -> SimpleFileOptions {
        // A fast deflate level: at the default level, writing the corrected copy of
        // a large sheet took as long as checking it, for a file a fifth smaller.
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(FAST_DEFLATE))
            .last_modified_time(self.time)
    }

    fn put(
        &mut self,
        ctx: &Ctx,
        name: &str,
        existing: bool,
        bytes: &[u8],
    ) -> Result<(), PatchError> {
        self.zip
            .start_file(name, self.options())
            .map_err(|e| ctx.write(Some(name), e))?;
        self.zip
            .write_all(bytes)
            .map_err(|e| ctx.write(Some(name), e))?;
        self.note(name, existing);
        Ok(())
    }

    fn note(&mut self, name: &str, existing: bool) {
        if existing {
            self.replaced.insert(name.to_ascii_lowercase());
        } else {
            self.added.push(name.to_string());
        }
    }
}

/// The zip entries of the input, by name.
struct Entries {
    names: Vec<String>,
    by_lower: HashMap<String, usize>,
    /// Names given to new parts in this run (lower case).
    reserved: HashSet<String>,
}

impl Entries {
    fn find(&self, part: &str) -> Option<usize> {
        self.by_lower
            .get(&part.trim_start_matches('/').to_ascii_lowercase())
            .copied()
    }

    /// The stored name of an existing part (its case may differ from a relationship's).
    fn stored(&self, part: &str) -> Option<&str> {
        self.find(part)
            .and_then(|i| self.names.get(i))
            .map(String::as_str)
    }

    fn taken(&self, part: &str) -> bool {
        let lower = part.to_ascii_lowercase();
        self.by_lower.contains_key(&lower) || self.reserved.contains(&lower)
    }

    /// A new part name `make(n)` for the first n >= start that no part has.
    fn fresh(&mut self, start: u32, make: impl Fn(u32) -> String) -> String {
        let mut n = start.max(1);
        loop {
            let name = make(n);
            if !self.taken(&name) {
                self.reserved.insert(name.to_ascii_lowercase());
                return name;
            }
            n = n.saturating_add(1);
        }
    }
}

fn read_bytes<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    idx: usize,
    part: &str,
) -> Result<Vec<u8>, PatchError> {
    let mut f = zin.by_index(idx).map_err(|e| ctx.read(Some(part), e))?;
    let mut bytes = Vec::new();
    f.read_to_end(&mut bytes)
        .map_err(|e| ctx.read(Some(part), e))?;
    Ok(bytes)
}

fn utf8_text(bytes: Vec<u8>) -> Result<String, Fault> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Fault::Unsupported(
            "the part is UTF-16; only UTF-8 parts are patched".into(),
        ));
    }
    let bytes = match bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    String::from_utf8(bytes).map_err(|_| Fault::Xml("the part is not UTF-8 text".into()))
}

fn read_text<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    entries: &Entries,
    part: &str,
) -> Result<Option<String>, PatchError> {
    let Some(idx) = entries.find(part) else {
        return Ok(None);
    };
    let bytes = read_bytes(ctx, zin, idx, part)?;
    utf8_text(bytes).map(Some).map_err(|f| ctx.fault(part, f))
}

/// Every edit that falls on one cell, merged: later values win, a correction
/// outranks a flag, notes are joined. Both writers (this one and `xlsx_rewrite`)
/// merge edits this way.
#[derive(Debug, Clone)]
pub(crate) struct Merged {
    pub(crate) value: Option<NewValue>,
    pub(crate) mark: Mark,
    pub(crate) notes: Vec<String>,
}

impl Merged {
    pub(crate) fn new(mark: Mark) -> Self {
        Merged {
            value: None,
            mark,
            notes: Vec::new(),
        }
    }

    /// Takes one more edit of the same cell.
    pub(crate) fn absorb(&mut self, e: &CellEdit) {
        if e.value.is_some() {
            self.value = e.value.clone();
        }
        if e.mark == Mark::Corrected {
            self.mark = Mark::Corrected;
        }
        if !e.note.trim().is_empty() {
            self.notes.push(e.note.clone());
        }
    }
}

#[derive(Debug, Clone)]
struct Pending {
    row: u32,
    col: u32,
    edit: Merged,
}

/// What is being built: the input, the staging zip, and what the package
/// parts written last ([Content_Types].xml) must learn.
struct Build<'a, R: Read + Seek> {
    ctx: &'a Ctx,
    zin: &'a mut ZipArchive<R>,
    entries: Entries,
    stg: Stage,
    wb_part: String,
    overrides: Vec<(String, &'static str)>,
    need_vml_default: bool,
    /// The next free VML id block, once known.
    vml_block: Option<u32>,
}

/// A sheet's relationships part as found.
struct SheetRels {
    part: String,
    stored: Option<String>,
    xml: Option<String>,
    rels: Vec<Rel>,
}

impl<R: Read + Seek> Build<'_, R> {
    fn text(&mut self, part: &str) -> Result<Option<String>, PatchError> {
        read_text(self.ctx, self.zin, &self.entries, part)
    }

    fn put(&mut self, name: &str, existing: bool, bytes: &[u8]) -> Result<(), PatchError> {
        self.stg.put(self.ctx, name, existing, bytes)
    }

    /// Claims the name of a part that does not exist yet.
    fn claim(&mut self, name: &str) {
        self.entries.reserved.insert(name.to_ascii_lowercase());
    }

    fn sheet_rels(&mut self, sheet_part: &str) -> Result<SheetRels, PatchError> {
        let part = rels_part_of(sheet_part);
        let stored = self.entries.stored(&part).map(str::to_string);
        let xml = self.text(&part)?;
        let rels = match &xml {
            Some(x) => parse_rels(x).map_err(|f| self.ctx.fault(&part, f))?,
            None => Vec::new(),
        };
        Ok(SheetRels {
            part,
            stored,
            xml,
            rels,
        })
    }

    /// Streams one sheet through the patcher into the staging zip.
    fn patch_sheet(
        &mut self,
        idx: usize,
        part: &str,
        pending: &[Pending],
        alloc: &mut StyleAlloc,
        legacy_rid: Option<&str>,
    ) -> Result<SheetOutcome, PatchError> {
        let ctx = self.ctx;
        let file = self
            .zin
            .by_index(idx)
            .map_err(|e| ctx.read(Some(part), e))?;
        let mut src = BufReader::with_capacity(1 << 16, file);
        let head = src.fill_buf().map_err(|e| ctx.read(Some(part), e))?;
        if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
            return Err(ctx.fault(
                part,
                Fault::Unsupported("the part is UTF-16; only UTF-8 parts are patched".into()),
            ));
        }
        let opts = self.stg.options();
        self.stg
            .zip
            .start_file(part, opts)
            .map_err(|e| ctx.write(Some(part), e))?;
        // The patched XML is deflated on a thread of its own while the next is
        // patched: compressing a large sheet costs about as much as patching it.
        let zip = &mut self.stg.zip;
        let (outcome, written) = std::thread::scope(|scope| {
            let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(4);
            let deflater = scope.spawn(move || -> io::Result<()> {
                for chunk in rx {
                    zip.write_all(&chunk)?;
                }
                Ok(())
            });
            let sink = ChunkSender {
                tx,
                buf: Vec::with_capacity(CHUNK),
            };
            let outcome = SheetPatch::new(sink, pending, alloc, legacy_rid).run(src);
            let written = deflater
                .join()
                .unwrap_or_else(|_| Err(io::Error::other("the compressing thread stopped")));
            (outcome, written)
        });
        // A write that failed is the cause of the patch's own failure to send.
        written.map_err(|e| ctx.write(Some(part), e))?;
        let outcome = outcome.map_err(|f| ctx.fault(part, f))?;
        self.stg.note(part, true);
        Ok(outcome)
    }

    /// Writes a sheet's notes: into its comments part (or a new one), as shapes
    /// in its legacy drawing (or a new one), with the relationships they need.
    fn add_notes(
        &mut self,
        part: &str,
        notes: &[(u32, u32, String)],
        mut rels: SheetRels,
        outcome: &SheetOutcome,
        legacy_rid: Option<&str>,
    ) -> Result<(), PatchError> {
        let ctx = self.ctx;
        let mut new_rels: Vec<Rel> = Vec::new();
        let all_cells =
            || -> Vec<ShapeCell> { notes.iter().map(|(r, c, n)| (*r, *c, n.len())).collect() };

        // Comments: merged into the sheet's comments part, or a new part.
        let comments_rel = rels
            .rels
            .iter()
            .find(|r| !r.external && r.kind.ends_with("/comments"))
            .cloned();
        let shape_cells: Vec<ShapeCell> = match comments_rel {
            Some(r) => {
                let cpart = resolve_target(part, &r.target);
                match self.entries.stored(&cpart).map(str::to_string) {
                    Some(stored) => {
                        let xml = self.text(&stored)?.unwrap_or_default();
                        let (bytes, fresh) =
                            merge_comments(&xml, notes).map_err(|f| ctx.fault(&stored, f))?;
                        self.put(&stored, true, &bytes)?;
                        fresh
                    }
                    None => {
                        // Related but missing: made where the relationship points.
                        self.claim(&cpart);
                        self.put(&cpart, false, new_comments(notes).as_bytes())?;
                        self.overrides.push((cpart, CT_COMMENTS));
                        all_cells()
                    }
                }
            }
            None => {
                let dir = part_dir(&self.wb_part);
                let cpart = self.entries.fresh(1, |n| format!("{dir}comments{n}.xml"));
                self.put(&cpart, false, new_comments(notes).as_bytes())?;
                self.overrides.push((cpart.clone(), CT_COMMENTS));
                let taken: Vec<&str> = legacy_rid.into_iter().collect();
                let rel = Rel {
                    id: fresh_rid(&rels.rels, &taken),
                    kind: RT_COMMENTS.to_string(),
                    target: relative_target(part, &cpart),
                    external: false,
                };
                rels.rels.push(rel.clone());
                new_rels.push(rel);
                all_cells()
            }
        };

        // VML: the shapes go into the sheet's legacy drawing, or a new one.
        let existing_vml = outcome.legacy_rid.as_ref().and_then(|rid| {
            rels.rels
                .iter()
                .find(|r| &r.id == rid && !r.external)
                .map(|r| resolve_target(part, &r.target))
        });
        match existing_vml.as_deref().and_then(|v| self.entries.find(v)) {
            Some(vidx) => {
                if !shape_cells.is_empty() {
                    let stored = self.entries.names[vidx].clone();
                    let bytes = read_bytes(ctx, self.zin, vidx, &stored)?;
                    let merged = merge_vml(bytes, &shape_cells)
                        .map_err(|d| ctx.fault(&stored, Fault::Xml(d)))?;
                    self.put(&stored, true, &merged)?;
                }
            }
            None => {
                let block = match self.vml_block {
                    Some(b) => b,
                    None => used_vml_blocks(ctx, self.zin, &self.entries)?.saturating_add(1),
                };
                let (vml, next_block) = new_vml(block, &shape_cells);
                self.vml_block = Some(next_block);
                let vpart = match existing_vml {
                    // A legacy drawing whose part is missing: made where it should be.
                    Some(p) => {
                        self.claim(&p);
                        p
                    }
                    None => {
                        let dir = part_dir(&self.wb_part);
                        self.entries
                            .fresh(1, |n| format!("{dir}drawings/vmlDrawing{n}.vml"))
                    }
                };
                self.put(&vpart, false, vml.as_bytes())?;
                self.need_vml_default = true;
                if let (true, Some(rid)) = (outcome.legacy_inserted, legacy_rid) {
                    let rel = Rel {
                        id: rid.to_string(),
                        kind: RT_VML.to_string(),
                        target: relative_target(part, &vpart),
                        external: false,
                    };
                    rels.rels.push(rel.clone());
                    new_rels.push(rel);
                }
            }
        }

        if !new_rels.is_empty() {
            let bytes = match &rels.xml {
                Some(x) => rewrite_rels(x, &[], &new_rels).map_err(|f| ctx.fault(&rels.part, f))?,
                None => new_rels_part(&new_rels),
            };
            let exists = rels.xml.is_some();
            let name = rels.stored.clone().unwrap_or(rels.part.clone());
            self.put(&name, exists, &bytes)?;
        }
        Ok(())
    }
}

/// The entries of the input, by name; two names differing only in case are refused.
fn index_entries<R: Read + Seek>(ctx: &Ctx, zin: &ZipArchive<R>) -> Result<Entries, PatchError> {
    let mut names = Vec::with_capacity(zin.len());
    let mut by_lower = HashMap::new();
    for i in 0..zin.len() {
        let name = match zin.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            Some(Err(e)) => return Err(ctx.read(None, e)),
            None => return Err(ctx.read(None, "the zip directory is inconsistent")),
        };
        let key = name.trim_start_matches('/').to_ascii_lowercase();
        if by_lower.insert(key, i).is_some() {
            return Err(PatchError::NotXlsx {
                file: ctx.input.clone(),
                detail: format!("the entry {name} is stored twice"),
            });
        }
        names.push(name);
    }
    Ok(Entries {
        names,
        by_lower,
        reserved: HashSet::new(),
    })
}

/// The edits by sheet (index in workbook.xml) and cell, checked against the workbook.
fn group_edits(
    ctx: &Ctx,
    sheets: &[SheetEntry],
    edits: &[CellEdit],
) -> Result<BTreeMap<usize, Vec<Pending>>, PatchError> {
    let mut by_sheet: BTreeMap<usize, BTreeMap<(u32, u32), Merged>> = BTreeMap::new();
    for e in edits {
        let Some(si) = sheets.iter().position(|s| s.name == e.sheet) else {
            let known: Vec<String> = sheets.iter().map(|s| format!("'{}'", s.name)).collect();
            return Err(ctx.edit(format!(
                "there is no sheet named '{}' (the sheets are {})",
                e.sheet,
                known.join(", ")
            )));
        };
        if e.row >= MAX_ROWS || e.col >= MAX_COLS {
            return Err(ctx.edit(format!(
                "row {} column {} of '{}' is outside a worksheet's grid",
                u64::from(e.row) + 1,
                u64::from(e.col) + 1,
                e.sheet
            )));
        }
        by_sheet
            .entry(si)
            .or_default()
            .entry((e.row, e.col))
            .or_insert_with(|| Merged::new(e.mark))
            .absorb(e);
    }
    Ok(by_sheet
        .into_iter()
        .map(|(si, cells)| {
            let pending = cells
                .into_iter()
                .map(|((row, col), edit)| Pending { row, col, edit })
                .collect();
            (si, pending)
        })
        .collect())
}

fn stage<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    edits: &[CellEdit],
    findings: impl FnOnce() -> Option<Vec<FindingRow>>,
    findings_sheet: &FindingsSheet,
) -> Result<Staged, PatchError> {
    let mut entries = index_entries(ctx, zin)?;
    let time = entries
        .find("[Content_Types].xml")
        .and_then(|i| zin.by_index_raw(i).ok().and_then(|f| f.last_modified()))
        .unwrap_or_default();

    // Package skeleton: content types, the workbook, its relationships.
    let ct_name = "[Content_Types].xml";
    let ct_xml = read_text(ctx, zin, &entries, ct_name)?.ok_or_else(|| ctx.missing(ct_name))?;
    let ct = parse_content_types(&ct_xml).map_err(|f| ctx.fault(ct_name, f))?;
    let root_rels = match read_text(ctx, zin, &entries, "_rels/.rels")? {
        Some(x) => parse_rels(&x).map_err(|f| ctx.fault("_rels/.rels", f))?,
        None => Vec::new(),
    };
    let office = root_rels
        .iter()
        .find(|r| !r.external && r.kind.ends_with("/officeDocument"));
    let wb_part = match office {
        Some(r) if r.kind.contains("purl.oclc.org") => {
            return Err(PatchError::Unsupported {
                file: ctx.input.clone(),
                part: None,
                detail: STRICT_REFUSAL.into(),
            })
        }
        Some(r) => resolve_target("", &r.target),
        None => "xl/workbook.xml".to_string(),
    };
    let wb_xml = read_text(ctx, zin, &entries, &wb_part)?.ok_or_else(|| ctx.missing(&wb_part))?;
    let wb = parse_workbook(&wb_xml).map_err(|f| ctx.fault(&wb_part, f))?;
    let wb_rels_part = rels_part_of(&wb_part);
    let wb_rels_xml =
        read_text(ctx, zin, &entries, &wb_rels_part)?.ok_or_else(|| ctx.missing(&wb_rels_part))?;
    let wb_rels = parse_rels(&wb_rels_xml).map_err(|f| ctx.fault(&wb_rels_part, f))?;

    let by_sheet = group_edits(ctx, &wb.sheets, edits)?;
    let sheet_name =
        unique_sheet_name(&wb.sheets, &findings_sheet.name).map_err(|d| ctx.edit(d))?;

    // Styles: what is there decides where the new formats go.
    let styles_part = wb_rels
        .iter()
        .find(|r| !r.external && r.kind.ends_with("/styles"))
        .map(|r| resolve_target(&wb_part, &r.target));
    let existing_styles = match &styles_part {
        Some(p) => read_text(ctx, zin, &entries, p)?
            .map(|x| (entries.stored(p).unwrap_or(p.as_str()).to_string(), x)),
        None => None,
    };
    let (styles_name, styles_xml, styles_exist) = match existing_styles {
        Some((name, xml)) => (name, xml, true),
        None => {
            let dir = part_dir(&wb_part);
            let name = entries.fresh(1, |n| {
                if n == 1 {
                    format!("{dir}styles.xml")
                } else {
                    format!("{dir}styles{n}.xml")
                }
            });
            (name, minimal_styles(), false)
        }
    };
    let styles_info = analyse_styles(&styles_xml).map_err(|f| ctx.fault(&styles_name, f))?;
    let mut alloc = StyleAlloc::new(styles_info.xf_base());

    let mut build = Build {
        ctx,
        zin,
        entries,
        stg: Stage {
            zip: ZipWriter::new(Cursor::new(Vec::new())),
            replaced: HashSet::new(),
            added: Vec::new(),
            time,
        },
        wb_part: wb_part.clone(),
        overrides: Vec::new(),
        need_vml_default: false,
        vml_block: None,
    };

    // The sheets with edits.
    let mut formulas_changed = false;
    let mut values_changed = false;
    for (si, pending) in &by_sheet {
        let sheet = &wb.sheets[*si];
        let rel = wb_rels.iter().find(|r| r.id == sheet.rid).ok_or_else(|| {
            ctx.bad(
                &wb_rels_part,
                format!("no relationship {} for sheet '{}'", sheet.rid, sheet.name),
            )
        })?;
        if !rel.kind.ends_with("/worksheet") {
            return Err(ctx.edit(format!(
                "'{}' is a chart or dialog sheet, it has no cells to correct",
                sheet.name
            )));
        }
        let target = resolve_target(&wb_part, &rel.target);
        let idx = build
            .entries
            .find(&target)
            .ok_or_else(|| ctx.missing(&target))?;
        let part = build.entries.names[idx].clone();
        let notes: Vec<(u32, u32, String)> = pending
            .iter()
            .filter(|p| !p.edit.notes.is_empty())
            .map(|p| (p.row, p.col, p.edit.notes.join("\n")))
            .collect();
        let rels = build.sheet_rels(&part)?;
        // An id for a legacy drawing, should the sheet need one.
        let legacy_rid = (!notes.is_empty()).then(|| fresh_rid(&rels.rels, &[]));
        let outcome = build.patch_sheet(idx, &part, pending, &mut alloc, legacy_rid.as_deref())?;
        formulas_changed |= outcome.formulas_changed;
        values_changed |= outcome.values_changed;
        if !notes.is_empty() {
            build.add_notes(&part, &notes, rels, &outcome, legacy_rid.as_deref())?;
        }
    }

    // calcChain: dropped when formulas changed, so Excel rebuilds it.
    let calc_rel = wb_rels
        .iter()
        .find(|r| !r.external && r.kind.ends_with("/calcChain"));
    let mut removed: HashSet<String> = HashSet::new();
    let mut remove_rel_ids: Vec<&str> = Vec::new();
    let mut remove_overrides: Vec<String> = Vec::new();
    if let (true, Some(r)) = (formulas_changed, calc_rel) {
        let cpart = resolve_target(&wb_part, &r.target);
        if let Some(stored) = build.entries.stored(&cpart) {
            removed.insert(stored.to_ascii_lowercase());
        }
        remove_rel_ids.push(&r.id);
        remove_overrides.push(cpart);
    }
    let full_calc = formulas_changed || (values_changed && calc_rel.is_some());

    // The findings sheet.
    let findings = findings().ok_or_else(|| PatchError::Abandoned {
        file: ctx.input.clone(),
    })?;
    if findings.len() >= MAX_ROWS as usize {
        return Err(ctx.edit(format!(
            "{} findings do not fit on one sheet ({} rows at most)",
            findings.len(),
            MAX_ROWS - 1
        )));
    }
    let dir = part_dir(&wb_part);
    let fpart = build.entries.fresh(wb.sheets.len() as u32 + 1, |n| {
        format!("{dir}worksheets/sheet{n}.xml")
    });
    let fxml = findings_sheet_xml(&findings, alloc.findings_styles(), findings_sheet);
    build.put(&fpart, false, fxml.as_bytes())?;
    build.overrides.push((fpart.clone(), CT_WORKSHEET));
    let fsheet_rid = fresh_rid(&wb_rels, &[]);
    let mut add_wb_rels = vec![Rel {
        id: fsheet_rid.clone(),
        kind: RT_WORKSHEET.to_string(),
        target: relative_target(&wb_part, &fpart),
        external: false,
    }];

    // Styles.
    let styles_bytes = rewrite_styles(&styles_xml, &styles_info, &alloc)
        .map_err(|f| ctx.fault(&styles_name, f))?;
    build.put(&styles_name, styles_exist, &styles_bytes)?;
    if !styles_exist {
        build.overrides.push((styles_name.clone(), CT_STYLES));
        add_wb_rels.push(Rel {
            id: fresh_rid(&wb_rels, &[fsheet_rid.as_str()]),
            kind: RT_STYLES.to_string(),
            target: relative_target(&wb_part, &styles_name),
            external: false,
        });
    }

    // Workbook, its relationships, the content types.
    let sheet_id = wb
        .sheets
        .iter()
        .map(|s| s.sheet_id)
        .max()
        .unwrap_or(0)
        .saturating_add(1);
    let wb_bytes = rewrite_workbook(
        &wb_xml,
        &WorkbookChange {
            sheet_name: &sheet_name,
            sheet_id,
            rid: &fsheet_rid,
            sheet_index: wb.sheets.len(),
            filter_rows: findings.len() + 1,
            full_calc,
        },
    )
    .map_err(|f| ctx.fault(&wb_part, f))?;
    let wb_stored = build
        .entries
        .stored(&wb_part)
        .unwrap_or(&wb_part)
        .to_string();
    build.put(&wb_stored, true, &wb_bytes)?;

    let wb_rels_bytes = rewrite_rels(&wb_rels_xml, &remove_rel_ids, &add_wb_rels)
        .map_err(|f| ctx.fault(&wb_rels_part, f))?;
    let wb_rels_stored = build
        .entries
        .stored(&wb_rels_part)
        .unwrap_or(&wb_rels_part)
        .to_string();
    build.put(&wb_rels_stored, true, &wb_rels_bytes)?;

    let add_vml_default = build.need_vml_default && !ct.defaults.contains_key("vml");
    let ct_bytes = rewrite_content_types(
        &ct_xml,
        &remove_overrides,
        &build.overrides,
        add_vml_default,
    )
    .map_err(|f| ctx.fault(ct_name, f))?;
    let ct_stored = build.entries.stored(ct_name).unwrap_or(ct_name).to_string();
    build.put(&ct_stored, true, &ct_bytes)?;

    let Stage {
        zip,
        replaced,
        added,
        ..
    } = build.stg;
    let cursor = zip.finish().map_err(|e| ctx.write(None, e))?;
    let zip = ZipArchive::new(Cursor::new(cursor.into_inner())).map_err(|e| ctx.write(None, e))?;
    Ok(Staged {
        zip,
        replaced,
        removed,
        added,
    })
}

/// Writes the output: the input's entries in their order (raw copies, or the
/// staged part that replaces one), then the new parts.
fn assemble<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    mut staged: Staged,
    out: File,
) -> Result<(), PatchError> {
    let mut zout = ZipWriter::new(BufWriter::with_capacity(1 << 16, out));
    for i in 0..zin.len() {
        let name = match zin.name_for_index(i) {
            Some(Ok(n)) => n.into_owned(),
            _ => return Err(ctx.read(None, "the zip directory is inconsistent")),
        };
        let key = name.trim_start_matches('/').to_ascii_lowercase();
        if staged.removed.contains(&key) {
            continue;
        }
        if staged.replaced.contains(&key) {
            let f = staged
                .zip
                .by_name(&name)
                .map_err(|e| ctx.write(Some(&name), e))?;
            zout.raw_copy_file(f)
                .map_err(|e| ctx.write(Some(&name), e))?;
        } else {
            let f = zin.by_index_raw(i).map_err(|e| ctx.read(Some(&name), e))?;
            zout.raw_copy_file(f)
                .map_err(|e| ctx.write(Some(&name), e))?;
        }
    }
    for name in &staged.added {
        let f = staged
            .zip
            .by_name(name)
            .map_err(|e| ctx.write(Some(name), e))?;
        zout.raw_copy_file(f)
            .map_err(|e| ctx.write(Some(name), e))?;
    }
    let comment = zin.comment().to_vec();
    if !comment.is_empty() {
        zout.set_raw_comment(comment.into_boxed_slice())
            .map_err(|e| ctx.write(None, e))?;
    }
    let buf = zout.finish().map_err(|e| ctx.write(None, e))?;
    let file = buf.into_inner().map_err(|e| ctx.write(None, e.error()))?;
    file.sync_all().map_err(|e| ctx.write(None, e))?;
    Ok(())
}

// ---------------------------------------------------------------------------
// Cell references

fn col_letters(col0: u32) -> String {
    let mut n = col0 + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

fn a1(row0: u32, col0: u32) -> String {
    format!("{}{}", col_letters(col0), row0 + 1)
}

/// Column letters to a 0-based index.
fn parse_col(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for b in letters.bytes() {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    (1..=MAX_COLS).contains(&n).then(|| n - 1)
}

/// "B12" or "$B$12" to 0-based (row, col).
fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let s = s.strip_prefix('$').unwrap_or(s);
    let split = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, rest) = s.split_at(split);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > MAX_ROWS {
        return None;
    }
    Some((row - 1, parse_col(letters)?))
}

/// "B3:I10" or "A1" to (row0, col0, row1, col1).
fn parse_range(s: &str) -> Option<(u32, u32, u32, u32)> {
    match s.split_once(':') {
        Some((a, b)) => {
            let (r0, c0) = parse_a1(a)?;
            let (r1, c1) = parse_a1(b)?;
            Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
        }
        None => parse_a1(s).map(|(r, c)| (r, c, r, c)),
    }
}

/// `'Sheet name'!H12`, the quotes doubled inside.
fn sheet_ref(sheet: &str, cell: &str) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), cell)
}

// ---------------------------------------------------------------------------
// Text

/// Element text per ST_Xstring: XML-escaped, control characters as `_xHHHH_`,
/// and a literal `_xHHHH_` protected by escaping its underscore.
fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let bytes = s.as_bytes();
    for (i, ch) in s.char_indices() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' if looks_like_xescape(&bytes[i..]) => out.push_str("_x005F_"),
            '\t' | '\n' => out.push(ch),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {
                out.push_str(&format!("_x{:04X}_", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

fn looks_like_xescape(b: &[u8]) -> bool {
    b.len() >= 7
        && b[0] == b'_'
        && (b[1] == b'x' || b[1] == b'X')
        && b[2..6].iter().all(u8::is_ascii_hexdigit)
        && b[6] == b'_'
}

/// An attribute value: XML-escaped, characters XML cannot carry dropped.
fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for ch in s.chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
    out
}

/// The shortest decimal text of a number: no trailing zeros, no exponent, no "-0".
fn number_text(d: &Decimal) -> String {
    d.normalize().to_string()
}

fn local(name: &str) -> &str {
    match name.rsplit_once(':') {
        Some((_, l)) => l,
        None => name,
    }
}

fn prefix_of(name: &str) -> String {
    match name.split_once(':') {
        Some((p, _)) => format!("{p}:"),
        None => String::new(),
    }
}

fn attr_value(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, Fault> {
    for a in e.attributes().with_checks(false) {
        let a = a?;
        if a.key.as_ref() == key {
            return Ok(Some(
                a.normalized_value(XmlVersion::Implicit1_0)?.into_owned(),
            ));
        }
    }
    Ok(None)
}

/// The element's name and attributes as written between `<` and `>`, with
/// `drop` left out and `set` replacing (or added after) the rest.
fn rebuild_start(e: &BytesStart<'_>, drop: &[&str], set: &[(&str, &str)]) -> Result<String, Fault> {
    let mut out = String::with_capacity(e.len() + 32);
    out.push_str(e.name().as_ref());
    let mut used = vec![false; set.len()];
    for a in e.attributes().with_checks(false) {
        let a = a?;
        let key = a.key.as_ref();
        if drop.contains(&key) {
            continue;
        }
        out.push(' ');
        out.push_str(key);
        out.push_str("=\"");
        match set.iter().position(|(k, _)| *k == key) {
            Some(i) => {
                used[i] = true;
                out.push_str(set[i].1);
            }
            None => out.push_str(&a.value.replace('"', "&quot;")),
        }
        out.push('"');
    }
    for (i, (k, v)) in set.iter().enumerate() {
        if !used[i] {
            out.push_str(&format!(" {k}=\"{v}\""));
        }
    }
    Ok(out)
}

/// The text of a run of Text and GeneralRef events, unescaped (the Word draft's
/// reader uses it too).
pub(crate) fn push_text(acc: &mut String, ev: &Event<'_>) {
    match ev {
        Event::Text(t) => acc.push_str(&t.xml10_content()),
        Event::CData(t) => acc.push_str(&t.xml10_content()),
        Event::GeneralRef(r) => {
            if let Ok(Some(c)) = r.resolve_char_ref() {
                acc.push(c);
            } else {
                match &**r {
                    "amp" => acc.push('&'),
                    "lt" => acc.push('<'),
                    "gt" => acc.push('>'),
                    "quot" => acc.push('"'),
                    "apos" => acc.push('\''),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------
// Package parts: relationships, content types, paths

#[derive(Debug, Clone)]
struct Rel {
    id: String,
    kind: String,
    target: String,
    external: bool,
}

fn parse_rels(xml: &str) -> Result<Vec<Rel>, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut rels = Vec::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "Relationship" => {
                let id = attr_value(&e, "Id")?.unwrap_or_default();
                let kind = attr_value(&e, "Type")?.unwrap_or_default();
                let target = attr_value(&e, "Target")?.unwrap_or_default();
                let external = attr_value(&e, "TargetMode")?
                    .is_some_and(|m| m.eq_ignore_ascii_case("External"));
                rels.push(Rel {
                    id,
                    kind,
                    target,
                    external,
                });
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(rels)
}

/// A relationship id no relationship uses: rId1, rId2, ...
fn fresh_rid(rels: &[Rel], taken: &[&str]) -> String {
    let mut n = rels.len() + 1;
    loop {
        let id = format!("rId{n}");
        if !rels.iter().any(|r| r.id == id) && !taken.contains(&id.as_str()) {
            return id;
        }
        n += 1;
    }
}

fn rels_part_of(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

fn part_dir(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    }
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                out.push(v);
                i += 3;
                continue;
            }
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The part a relationship of `source` points to, as a zip entry name.
fn resolve_target(source: &str, target: &str) -> String {
    let target = percent_decode(target);
    let joined = match target.strip_prefix('/') {
        Some(abs) => abs.to_string(),
        None => format!("{}{}", part_dir(source), target),
    };
    let mut parts: Vec<&str> = Vec::new();
    for seg in joined.split(['/', '\\']) {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

/// The relative target from the part `from` to the part `to`.
fn relative_target(from: &str, to: &str) -> String {
    let fd = part_dir(from);
    let fdirs: Vec<&str> = fd.split('/').filter(|s| !s.is_empty()).collect();
    let tparts: Vec<&str> = to.split('/').filter(|s| !s.is_empty()).collect();
    let mut common = 0;
    while common < fdirs.len()
        && common + 1 < tparts.len()
        && fdirs[common].eq_ignore_ascii_case(tparts[common])
    {
        common += 1;
    }
    let mut out = "../".repeat(fdirs.len() - common);
    out.push_str(&tparts[common..].join("/"));
    out
}

struct ContentTypes {
    defaults: HashMap<String, String>,
}

fn parse_content_types(xml: &str) -> Result<ContentTypes, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut defaults = HashMap::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "Default" => {
                if let (Some(ext), Some(ct)) =
                    (attr_value(&e, "Extension")?, attr_value(&e, "ContentType")?)
                {
                    defaults.insert(ext.to_ascii_lowercase(), ct);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(ContentTypes { defaults })
}

/// Drops the Overrides of `remove`, adds `add` (and a Default for vml).
fn rewrite_content_types(
    xml: &str,
    remove: &[String],
    add: &[(String, &str)],
    vml_default: bool,
) -> Result<Vec<u8>, Fault> {
    let remove: HashSet<String> = remove
        .iter()
        .map(|p| p.trim_start_matches('/').to_ascii_lowercase())
        .collect();
    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 512));
    let mut depth = 0usize;
    let mut skip_until: Option<usize> = None;
    loop {
        let ev = reader.read_event()?;
        if let Some(d) = skip_until {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == d {
                        skip_until = None;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(e) => {
                if depth == 1 && local(e.name().as_ref()) == "Override" && is_removed(&e, &remove)?
                {
                    skip_until = Some(depth);
                    depth += 1;
                    continue;
                }
                depth += 1;
                w.write_event(Event::Start(e)).map_err(wfault)?;
            }
            Event::Empty(e) => {
                if depth == 1 && local(e.name().as_ref()) == "Override" && is_removed(&e, &remove)?
                {
                    continue;
                }
                w.write_event(Event::Empty(e)).map_err(wfault)?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let p = prefix_of(e.name().as_ref());
                    let mut extra = String::new();
                    if vml_default {
                        extra.push_str(&format!(
                            "<{p}Default Extension=\"vml\" ContentType=\"{CT_VML}\"/>"
                        ));
                    }
                    for (part, ct) in add {
                        extra.push_str(&format!(
                            "<{p}Override PartName=\"/{}\" ContentType=\"{ct}\"/>",
                            escape_attr(part.trim_start_matches('/'))
                        ));
                    }
                    w.get_mut().write_all(extra.as_bytes()).map_err(wfault)?;
                }
                w.write_event(Event::End(e)).map_err(wfault)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(wfault)?,
        }
    }
    Ok(w.into_inner())
}

fn is_removed(e: &BytesStart<'_>, remove: &HashSet<String>) -> Result<bool, Fault> {
    Ok(attr_value(e, "PartName")?
        .is_some_and(|p| remove.contains(&p.trim_start_matches('/').to_ascii_lowercase())))
}

/// Drops the relationships `remove`, appends `add`.
fn rewrite_rels(xml: &str, remove: &[&str], add: &[Rel]) -> Result<Vec<u8>, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 512));
    let mut depth = 0usize;
    let mut skip_until: Option<usize> = None;
    let drop = |e: &BytesStart<'_>| -> Result<bool, Fault> {
        Ok(local(e.name().as_ref()) == "Relationship"
            && attr_value(e, "Id")?.is_some_and(|id| remove.contains(&id.as_str())))
    };
    loop {
        let ev = reader.read_event()?;
        if let Some(d) = skip_until {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == d {
                        skip_until = None;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(e) => {
                if depth == 1 && drop(&e)? {
                    skip_until = Some(depth);
                    depth += 1;
                    continue;
                }
                depth += 1;
                w.write_event(Event::Start(e)).map_err(wfault)?;
            }
            Event::Empty(e) => {
                if depth == 0 {
                    // <Relationships/>: open it to add to it.
                    let start = rebuild_start(&e, &[], &[])?;
                    w.get_mut()
                        .write_all(
                            format!(
                                "<{start}>{}</{}>",
                                rels_xml(add, &prefix_of(e.name().as_ref())),
                                e.name().as_ref()
                            )
                            .as_bytes(),
                        )
                        .map_err(wfault)?;
                    continue;
                }
                if depth == 1 && drop(&e)? {
                    continue;
                }
                w.write_event(Event::Empty(e)).map_err(wfault)?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let p = prefix_of(e.name().as_ref());
                    w.get_mut()
                        .write_all(rels_xml(add, &p).as_bytes())
                        .map_err(wfault)?;
                }
                w.write_event(Event::End(e)).map_err(wfault)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(wfault)?,
        }
    }
    Ok(w.into_inner())
}

fn rels_xml(add: &[Rel], p: &str) -> String {
    let mut s = String::new();
    for r in add {
        s.push_str(&format!(
            "<{p}Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
            escape_attr(&r.id),
            escape_attr(&r.kind),
            escape_attr(&r.target)
        ));
    }
    s
}

fn new_rels_part(add: &[Rel]) -> Vec<u8> {
    format!(
        "{XML_DECL}<Relationships xmlns=\"{PKG_REL_NS}\">{}</Relationships>",
        rels_xml(add, "")
    )
    .into_bytes()
}

// ---------------------------------------------------------------------------
// Workbook

struct SheetEntry {
    name: String,
    sheet_id: u32,
    rid: String,
}

struct WorkbookInfo {
    sheets: Vec<SheetEntry>,
}

fn check_namespaces(e: &BytesStart<'_>) -> Result<Option<String>, Fault> {
    let mut rel_prefix = None;
    for a in e.attributes().with_checks(false) {
        let a = a?;
        let key = a.key.as_ref();
        if key == "xmlns" || key.starts_with("xmlns:") {
            let v = a.normalized_value(XmlVersion::Implicit1_0)?;
            if v.starts_with("http://purl.oclc.org/ooxml/") || v == STRICT_NS {
                return Err(Fault::Unsupported(STRICT_REFUSAL.into()));
            }
            if v == REL_NS {
                if let Some(p) = key.strip_prefix("xmlns:") {
                    rel_prefix = Some(p.to_string());
                }
            }
        }
    }
    Ok(rel_prefix)
}

fn parse_workbook(xml: &str) -> Result<WorkbookInfo, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut sheets = Vec::new();
    let mut depth = 0usize;
    let mut in_sheets = false;
    loop {
        let ev = reader.read_event()?;
        let (e, empty) = match ev {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 1 && local(e.name().as_ref()) == "sheets" {
                    in_sheets = false;
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let name = e.name();
        let l = local(name.as_ref());
        if depth == 0 {
            if l != "workbook" {
                return Err(Fault::Xml(format!(
                    "the root element is <{l}>, not <workbook>"
                )));
            }
            check_namespaces(&e)?;
        } else if depth == 1 && l == "sheets" {
            in_sheets = !empty;
        } else if depth == 2 && in_sheets && l == "sheet" {
            let mut sname = None;
            let mut id = 0u32;
            let mut rid = None;
            for a in e.attributes().with_checks(false) {
                let a = a?;
                let key = a.key.as_ref();
                match key {
                    "name" => {
                        sname = Some(a.normalized_value(XmlVersion::Implicit1_0)?.into_owned())
                    }
                    "sheetId" => {
                        id = a
                            .normalized_value(XmlVersion::Implicit1_0)?
                            .trim()
                            .parse()
                            .unwrap_or(0)
                    }
                    k if local(k) == "id" && k.contains(':') => {
                        rid = Some(a.normalized_value(XmlVersion::Implicit1_0)?.into_owned())
                    }
                    _ => {}
                }
            }
            sheets.push(SheetEntry {
                name: sname.unwrap_or_default(),
                sheet_id: id,
                rid: rid.unwrap_or_default(),
            });
        }
        if !empty {
            depth += 1;
        }
    }
    Ok(WorkbookInfo { sheets })
}

fn unique_sheet_name(sheets: &[SheetEntry], wanted: &str) -> Result<String, String> {
    let wanted = wanted.trim();
    let bad = |why: &str| Err(format!("'{wanted}' cannot name the findings sheet: {why}"));
    if wanted.is_empty() {
        return bad("a sheet name cannot be empty");
    }
    if wanted
        .chars()
        .any(|c| matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control())
    {
        return bad("a sheet name cannot hold [ ] : * ? / \\");
    }
    if wanted.starts_with('\'') || wanted.ends_with('\'') {
        return bad("a sheet name cannot begin or end with an apostrophe");
    }
    if wanted.eq_ignore_ascii_case("History") {
        return bad("Excel reserves the name History");
    }
    let taken = |n: &str| {
        let l = n.to_lowercase();
        sheets.iter().any(|s| s.name.to_lowercase() == l)
    };
    let base: String = wanted.chars().take(31).collect();
    if !taken(&base) {
        return Ok(base);
    }
    for n in 2u32..100_000 {
        let suffix = format!(" ({n})");
        let keep = 31usize.saturating_sub(suffix.chars().count());
        let stem: String = wanted.chars().take(keep).collect();
        let name = format!("{}{suffix}", stem.trim_end());
        if !taken(&name) {
            return Ok(name);
        }
    }
    bad("every variant of the name is taken")
}

struct WorkbookChange<'a> {
    sheet_name: &'a str,
    sheet_id: u32,
    rid: &'a str,
    sheet_index: usize,
    filter_rows: usize,
    full_calc: bool,
}

/// CT_Workbook children that come after definedNames / calcPr.
const AFTER_DEFINED_NAMES: &[&str] = &[
    "calcPr",
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];
const AFTER_CALC_PR: &[&str] = &[
    "oleSize",
    "customWorkbookViews",
    "pivotCaches",
    "smartTagPr",
    "smartTagTypes",
    "webPublishing",
    "fileRecoveryPr",
    "webPublishObjects",
    "extLst",
];

fn rewrite_workbook(xml: &str, ch: &WorkbookChange<'_>) -> Result<Vec<u8>, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 1024));
    let mut depth = 0usize;
    let mut p = String::new();
    let mut rel_attr = String::new();
    let mut names_done = false;
    let mut calc_done = !ch.full_calc;
    let mut sheets_done = false;
    let mut in_defined_names = false;
    let defined_name = format!(
        "<{{p}}definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{}\" hidden=\"1\">{}!$A$1:$H${}</{{p}}definedName>",
        ch.sheet_index,
        escape_text(&format!("'{}'", ch.sheet_name.replace('\'', "''"))),
        ch.filter_rows
    );
    let dn = |p: &str| defined_name.replace("{p}", p);
    loop {
        let ev = reader.read_event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name();
                let l = local(name.as_ref()).to_string();
                if depth == 0 {
                    p = prefix_of(name.as_ref());
                    rel_attr = match check_namespaces(e)? {
                        Some(rp) => format!("{rp}:id"),
                        None => format!("xmlns:r=\"{REL_NS}\" r:id"),
                    };
                    if empty {
                        return Err(Fault::Xml("the workbook has no sheets".into()));
                    }
                } else if depth == 1 {
                    if !names_done && AFTER_DEFINED_NAMES.contains(&l.as_str()) {
                        let s = format!("<{p}definedNames>{}</{p}definedNames>", dn(&p));
                        w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                        names_done = true;
                    }
                    if !calc_done && AFTER_CALC_PR.contains(&l.as_str()) {
                        let s = format!("<{p}calcPr fullCalcOnLoad=\"1\"/>");
                        w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                        calc_done = true;
                    }
                    match l.as_str() {
                        "sheets" if empty => {
                            return Err(Fault::Xml("the workbook has no sheets".into()))
                        }
                        "definedNames" => {
                            names_done = true;
                            if empty {
                                let start = rebuild_start(e, &[], &[])?;
                                let s = format!(
                                    "<{start}>{}</{}>",
                                    dn(&prefix_of(name.as_ref())),
                                    name.as_ref()
                                );
                                w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                                continue;
                            }
                            in_defined_names = true;
                        }
                        "calcPr" if ch.full_calc => {
                            calc_done = true;
                            let start = rebuild_start(e, &[], &[("fullCalcOnLoad", "1")])?;
                            let s = if empty {
                                format!("<{start}/>")
                            } else {
                                format!("<{start}>")
                            };
                            w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                            if !empty {
                                depth += 1;
                            }
                            continue;
                        }
                        _ => {}
                    }
                }
                if !empty {
                    depth += 1;
                }
                w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                let name = e.name();
                let l = local(name.as_ref());
                if depth == 1 && l == "sheets" {
                    let s = format!(
                        "<{p}sheet name=\"{}\" sheetId=\"{}\" {}=\"{}\"/>",
                        escape_attr(ch.sheet_name),
                        ch.sheet_id,
                        rel_attr,
                        escape_attr(ch.rid)
                    );
                    w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                    sheets_done = true;
                }
                if depth == 1 && l == "definedNames" && in_defined_names {
                    w.get_mut()
                        .write_all(dn(&prefix_of(name.as_ref())).as_bytes())
                        .map_err(wfault)?;
                    in_defined_names = false;
                }
                if depth == 0 {
                    if !names_done {
                        let s = format!("<{p}definedNames>{}</{p}definedNames>", dn(&p));
                        w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                        names_done = true;
                    }
                    if !calc_done {
                        let s = format!("<{p}calcPr fullCalcOnLoad=\"1\"/>");
                        w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                        calc_done = true;
                    }
                }
                w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(wfault)?,
        }
    }
    if !sheets_done {
        return Err(Fault::Xml("the workbook has no <sheets> list".into()));
    }
    Ok(w.into_inner())
}

// ---------------------------------------------------------------------------
// Styles

/// The new cell formats: one per (original format, mark), then the findings sheet's three.
struct StyleAlloc {
    base: u32,
    pairs: Vec<(u32, Mark)>,
    index: HashMap<(u32, bool), u32>,
}

#[derive(Clone, Copy)]
struct FindingStyles {
    header: u32,
    body: u32,
    link: u32,
}

impl StyleAlloc {
    fn new(base: u32) -> Self {
        StyleAlloc {
            base,
            pairs: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn get(&mut self, orig: u32, mark: Mark) -> u32 {
        let orig = if orig < self.base { orig } else { 0 };
        let key = (orig, mark == Mark::Corrected);
        if let Some(&i) = self.index.get(&key) {
            return i;
        }
        let i = self.base + self.pairs.len() as u32;
        self.pairs.push((orig, mark));
        self.index.insert(key, i);
        i
    }

    fn findings_styles(&self) -> FindingStyles {
        let first = self.base + self.pairs.len() as u32;
        FindingStyles {
            header: first,
            body: first + 1,
            link: first + 2,
        }
    }
}

struct XfRaw {
    qname: String,
    attrs: Vec<(String, String)>,
    inner: Option<String>,
}

struct StylesInfo {
    xfs: Vec<XfRaw>,
    fonts: usize,
    fills: usize,
    has_fonts: bool,
    has_fills: bool,
    has_xfs: bool,
    font_size: String,
    font_name: String,
}

impl StylesInfo {
    fn xf_base(&self) -> u32 {
        self.xfs.len().max(1) as u32
    }
}

fn minimal_styles() -> String {
    format!(
        "{XML_DECL}<styleSheet xmlns=\"{MAIN_NS}\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
    )
}

fn analyse_styles(xml: &str) -> Result<StylesInfo, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut info = StylesInfo {
        xfs: Vec::new(),
        fonts: 0,
        fills: 0,
        has_fonts: false,
        has_fills: false,
        has_xfs: false,
        font_size: "11".into(),
        font_name: "Calibri".into(),
    };
    let mut stack: Vec<String> = Vec::new();
    // The xf being read: its start and where its content begins.
    let mut open_xf: Option<(XfRaw, usize)> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader.read_event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let qname = e.name().as_ref().to_string();
                let l = local(&qname).to_string();
                let parent = stack.last().map(|s| local(s).to_string());
                match (stack.len(), parent.as_deref(), l.as_str()) {
                    (0, _, "styleSheet") => {}
                    (0, _, other) => {
                        return Err(Fault::Xml(format!(
                            "the root element is <{other}>, not <styleSheet>"
                        )))
                    }
                    (1, _, "fonts") => info.has_fonts = true,
                    (1, _, "fills") => info.has_fills = true,
                    (1, _, "cellXfs") => info.has_xfs = true,
                    (2, Some("fonts"), "font") => info.fonts += 1,
                    (2, Some("fills"), "fill") => info.fills += 1,
                    (2, Some("cellXfs"), "xf") => {
                        let mut attrs = Vec::new();
                        for a in e.attributes().with_checks(false) {
                            let a = a?;
                            attrs
                                .push((a.key.as_ref().to_string(), a.value.replace('"', "&quot;")));
                        }
                        if empty {
                            info.xfs.push(XfRaw {
                                qname: qname.clone(),
                                attrs,
                                inner: None,
                            });
                        } else {
                            let xf = XfRaw {
                                qname: qname.clone(),
                                attrs,
                                inner: None,
                            };
                            open_xf = Some((xf, reader.buffer_position() as usize));
                        }
                    }
                    (3, Some("font"), "sz") | (3, Some("font"), "name") if info.fonts == 1 => {
                        if let Some(v) = attr_value(e, "val")? {
                            if l == "sz" {
                                info.font_size = v;
                            } else {
                                info.font_name = v;
                            }
                        }
                    }
                    _ => {}
                }
                if !empty {
                    stack.push(qname);
                }
            }
            Event::End(_) => {
                let closed = stack.pop().unwrap_or_default();
                if stack.len() == 2 && local(&closed) == "xf" {
                    if let Some((mut xf, from)) = open_xf.take() {
                        xf.inner = Some(xml.get(from..before).unwrap_or_default().to_string());
                        info.xfs.push(xf);
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    // A name or size with characters that need no escaping in an attribute.
    info.font_name = escape_attr(&info.font_name);
    info.font_size = escape_attr(&info.font_size);
    Ok(info)
}

fn xf_xml(xf: &XfRaw, set: &[(&str, String)]) -> String {
    let mut s = format!("<{}", xf.qname);
    let mut used = vec![false; set.len()];
    for (k, v) in &xf.attrs {
        s.push(' ');
        s.push_str(k);
        s.push_str("=\"");
        match set.iter().position(|(sk, _)| sk == k) {
            Some(i) => {
                used[i] = true;
                s.push_str(&set[i].1);
            }
            None => s.push_str(v),
        }
        s.push('"');
    }
    for (i, (k, v)) in set.iter().enumerate() {
        if !used[i] {
            s.push_str(&format!(" {k}=\"{v}\""));
        }
    }
    match &xf.inner {
        Some(inner) => s.push_str(&format!(">{inner}</{}>", xf.qname)),
        None => s.push_str("/>"),
    }
    s
}

fn rewrite_styles(xml: &str, info: &StylesInfo, alloc: &StyleAlloc) -> Result<Vec<u8>, Fault> {
    // What goes at the end of fonts, fills and cellXfs.
    let mut fonts_add = String::new();
    let mut font_base = info.fonts;
    if info.fonts == 0 {
        fonts_add.push_str("<font><sz val=\"11\"/><name val=\"Calibri\"/></font>");
        font_base = 1;
    }
    let (sz, name) = (&info.font_size, &info.font_name);
    fonts_add.push_str(&format!(
        "<font><b/><sz val=\"{sz}\"/><name val=\"{name}\"/></font><font><u/><sz val=\"{sz}\"/><color rgb=\"FF0563C1\"/><name val=\"{name}\"/></font>"
    ));
    let (bold_font, link_font) = (font_base, font_base + 1);
    let fonts_added = font_base - info.fonts + 2;

    let mut fills_add = String::new();
    if info.fills == 0 {
        fills_add.push_str("<fill><patternFill patternType=\"none\"/></fill>");
    }
    if info.fills <= 1 {
        fills_add.push_str("<fill><patternFill patternType=\"gray125\"/></fill>");
    }
    let fill_base = info.fills.max(2);
    for rgb in [FILL_CORRECTED, FILL_FLAGGED] {
        fills_add.push_str(&format!(
            "<fill><patternFill patternType=\"solid\"><fgColor rgb=\"{rgb}\"/><bgColor indexed=\"64\"/></patternFill></fill>"
        ));
    }
    let fills_added = fill_base - info.fills + 2;

    let default_xf = XfRaw {
        qname: "xf".into(),
        attrs: vec![
            ("numFmtId".into(), "0".into()),
            ("fontId".into(), "0".into()),
            ("fillId".into(), "0".into()),
            ("borderId".into(), "0".into()),
            ("xfId".into(), "0".into()),
        ],
        inner: None,
    };
    let mut xfs_add = String::new();
    if info.xfs.is_empty() {
        xfs_add.push_str(&xf_xml(&default_xf, &[]));
    }
    for &(orig, mark) in &alloc.pairs {
        let xf = info.xfs.get(orig as usize).unwrap_or(&default_xf);
        let fill = match mark {
            Mark::Corrected => fill_base,
            Mark::Flagged => fill_base + 1,
        };
        xfs_add.push_str(&xf_xml(
            xf,
            &[("fillId", fill.to_string()), ("applyFill", "1".into())],
        ));
    }
    let fs = alloc.findings_styles();
    debug_assert_eq!(
        fs.header as usize,
        info.xfs.len().max(1) + alloc.pairs.len()
    );
    xfs_add.push_str(&format!(
        "<xf numFmtId=\"0\" fontId=\"{bold_font}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>"
    ));
    xfs_add.push_str(
        "<xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyAlignment=\"1\"><alignment vertical=\"top\" wrapText=\"1\"/></xf>",
    );
    xfs_add.push_str(&format!(
        "<xf numFmtId=\"0\" fontId=\"{link_font}\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyFont=\"1\" applyAlignment=\"1\"><alignment vertical=\"top\"/></xf>"
    ));
    let xfs_added = info.xfs.len().max(1) - info.xfs.len() + alloc.pairs.len() + 3;

    // (element, order among styleSheet's children, count, appended content)
    let mut targets: Vec<(&str, usize, usize, String)> = vec![
        ("fonts", 1, info.fonts + fonts_added, fonts_add),
        ("fills", 2, info.fills + fills_added, fills_add),
        ("cellXfs", 5, info.xfs.len() + xfs_added, xfs_add),
    ];
    let order = [
        "numFmts",
        "fonts",
        "fills",
        "borders",
        "cellStyleXfs",
        "cellXfs",
        "cellStyles",
        "dxfs",
        "tableStyles",
        "colors",
        "extLst",
    ];
    let mut missing: Vec<usize> = Vec::new();
    if !info.has_fonts {
        missing.push(0);
    }
    if !info.has_fills {
        missing.push(1);
    }
    if !info.has_xfs {
        missing.push(2);
    }

    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 2048));
    let mut depth = 0usize;
    let mut p = String::new();
    let whole = |t: &(&str, usize, usize, String), p: &str| {
        format!("<{p}{0} count=\"{1}\">{2}</{p}{0}>", t.0, t.2, t.3)
    };
    loop {
        let ev = reader.read_event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name();
                let l = local(name.as_ref()).to_string();
                if depth == 0 {
                    p = prefix_of(name.as_ref());
                    if empty {
                        let start = rebuild_start(e, &[], &[])?;
                        let mut s = format!("<{start}>");
                        for &m in &missing {
                            s.push_str(&whole(&targets[m], &p));
                        }
                        s.push_str(&format!("</{}>", name.as_ref()));
                        w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                        missing.clear();
                        continue;
                    }
                }
                if depth == 1 {
                    if let Some(k) = order.iter().position(|o| *o == l) {
                        let mut s = String::new();
                        missing.retain(|&m| {
                            if targets[m].1 < k {
                                s.push_str(&whole(&targets[m], &p));
                                false
                            } else {
                                true
                            }
                        });
                        w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                    }
                    if let Some(t) = targets.iter_mut().find(|t| t.0 == l.as_str()) {
                        let count = t.2.to_string();
                        let start = rebuild_start(e, &[], &[("count", &count)])?;
                        if empty {
                            let s = format!("<{start}>{}</{}>", t.3, name.as_ref());
                            w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                        } else {
                            w.get_mut()
                                .write_all(format!("<{start}>").as_bytes())
                                .map_err(wfault)?;
                            depth += 1;
                        }
                        continue;
                    }
                }
                if !empty {
                    depth += 1;
                }
                w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                let name = e.name();
                let l = local(name.as_ref());
                if depth == 1 {
                    if let Some(t) = targets.iter_mut().find(|t| t.0 == l) {
                        let add = std::mem::take(&mut t.3);
                        w.get_mut().write_all(add.as_bytes()).map_err(wfault)?;
                    }
                }
                if depth == 0 {
                    let mut s = String::new();
                    for &m in &missing {
                        s.push_str(&whole(&targets[m], &p));
                    }
                    missing.clear();
                    w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                }
                w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(wfault)?,
        }
    }
    Ok(w.into_inner())
}

// ---------------------------------------------------------------------------
// Sheets

/// CT_Worksheet children that come before sheetData.
const BEFORE_SHEET_DATA: &[&str] = &[
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
];
/// CT_Worksheet children that come after legacyDrawing.
const AFTER_LEGACY: &[&str] = &[
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

struct SheetOutcome {
    formulas_changed: bool,
    values_changed: bool,
    /// The r:id of the legacy drawing the sheet already had.
    legacy_rid: Option<String>,
    /// Whether a `<legacyDrawing>` with the new id was written.
    legacy_inserted: bool,
}

struct RowState {
    row0: u32,
    edits: bool,
    /// The row's own format (customFormat="1"), which a new cell in it takes.
    style: Option<u32>,
    last_col1: u32,
    cell_inserted: bool,
}

struct Master {
    row0: u32,
    col0: u32,
    formula: String,
}

/// What is learnt about a replaced cell while its old content is skipped.
struct Capture {
    row0: u32,
    col0: u32,
    had_formula: bool,
    shared_si: Option<String>,
    master: bool,
    in_f: bool,
    text: String,
}

struct Skip {
    until: usize,
    capture: Option<Capture>,
}

/// The searcher for `</row>`, made once (making one costs more than a short
/// row's search).
fn row_end() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(b"</row>"))
}

/// The `r` of a `<row>` (the bytes after `<row` to its `>`) when it is plain:
/// `r="12"` in double quotes, digits from 1 on; None otherwise.
fn row_number_attribute(tag: &[u8]) -> Option<u32> {
    let mut i = 0;
    loop {
        while i < tag.len() && tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= tag.len() || tag[i] == b'/' {
            return None;
        }
        let key = i;
        while i < tag.len() && tag[i] != b'=' && !tag[i].is_ascii_whitespace() {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') || tag.get(i + 1) != Some(&b'"') {
            return None;
        }
        let start = i + 2;
        let len = memchr::memchr(b'"', &tag[start..])?;
        if &tag[key..i] == b"r" {
            let v = &tag[start..start + len];
            if v.is_empty() || v.len() > 7 || v[0] == b'0' || !v.iter().all(u8::is_ascii_digit) {
                return None;
            }
            return std::str::from_utf8(v).ok()?.parse().ok();
        }
        i = start + len + 1;
    }
}

struct SheetPatch<'a, W: Write> {
    out: Writer<W>,
    edits: &'a [Pending],
    next: usize,
    styles: &'a mut StyleAlloc,
    legacy_rid: Option<&'a str>,
    prefix: String,
    rel_prefix: Option<String>,
    legacy_seen: Option<String>,
    legacy_inserted: bool,
    depth: usize,
    sheet_data_seen: bool,
    in_sheet_data: bool,
    in_cols: bool,
    col_styles: Vec<(u32, u32, u32)>,
    last_row1: u32,
    row_inserted: bool,
    row: Option<RowState>,
    cell: Option<(u32, u32)>,
    masters: HashMap<String, Master>,
    skip: Option<Skip>,
    formulas_changed: bool,
    values_changed: bool,
    bounds: Option<(u32, u32, u32, u32)>,
    /// Whether rows no correction touches are copied as they are (tests turn it
    /// off to hold the copy to what parsing every row gives).
    copy_untouched: bool,
}

impl<'a, W: Write> SheetPatch<'a, W> {
    fn new(
        sink: W,
        edits: &'a [Pending],
        styles: &'a mut StyleAlloc,
        legacy_rid: Option<&'a str>,
    ) -> Self {
        let bounds = edits
            .iter()
            .fold(None, |acc: Option<(u32, u32, u32, u32)>, p| {
                Some(match acc {
                    None => (p.row, p.col, p.row, p.col),
                    Some((r0, c0, r1, c1)) => {
                        (r0.min(p.row), c0.min(p.col), r1.max(p.row), c1.max(p.col))
                    }
                })
            });
        SheetPatch {
            out: Writer::new(sink),
            edits,
            next: 0,
            styles,
            legacy_rid,
            prefix: String::new(),
            rel_prefix: None,
            legacy_seen: None,
            legacy_inserted: false,
            depth: 0,
            sheet_data_seen: false,
            in_sheet_data: false,
            in_cols: false,
            col_styles: Vec::new(),
            last_row1: 0,
            row_inserted: false,
            row: None,
            cell: None,
            masters: HashMap::new(),
            skip: None,
            formulas_changed: false,
            values_changed: false,
            bounds,
            copy_untouched: true,
        }
    }

    fn run<R: BufRead>(mut self, mut src: R) -> Result<SheetOutcome, Fault> {
        // The sheet is read a region at a time, each ending after a `</row>`: the
        // rows no correction touches are copied as they are, byte for byte, and
        // only the others are parsed. A region holding a comment or CDATA section
        // (where `</row>` could be text) is not cut there.
        let ends = memchr::memmem::FinderRev::new(b"</row>");
        let mut buf: Vec<u8> = Vec::new();
        let mut searched = 0usize;
        loop {
            let have = buf.len();
            buf.resize(have + CHUNK, 0);
            let n = loop {
                match src.read(&mut buf[have..]) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                    Err(e) => return Err(Fault::Read(e.to_string())),
                }
            };
            buf.truncate(have + n);
            if n == 0 {
                self.feed(&buf)?;
                break;
            }
            let from = searched.saturating_sub(b"</row>".len());
            let cut = match ends.rfind(&buf[from..]) {
                Some(i) if memchr::memmem::find(&buf[..from + i], b"<!").is_none() => {
                    from + i + b"</row>".len()
                }
                _ => {
                    searched = buf.len();
                    continue;
                }
            };
            self.feed(&buf[..cut])?;
            buf.drain(..cut);
            searched = 0;
        }
        if self.next < self.edits.len() {
            return Err(Fault::Xml(
                "the sheet has no <sheetData> where the corrected cells could go".into(),
            ));
        }
        let mut sink = self.out.into_inner();
        sink.flush().map_err(wfault)?;
        Ok(SheetOutcome {
            formulas_changed: self.formulas_changed,
            values_changed: self.values_changed,
            legacy_rid: self.legacy_seen,
            legacy_inserted: self.legacy_inserted,
        })
    }

    /// Patches a region of the sheet's XML: whole elements, up to and including
    /// a `</row>` (or the rest of the sheet).
    fn feed(&mut self, xml: &[u8]) -> Result<(), Fault> {
        let mut pos = 0;
        while pos < xml.len() {
            if let Some(len) = self.untouched_row(&xml[pos..])? {
                self.out
                    .get_mut()
                    .write_all(&xml[pos..pos + len])
                    .map_err(wfault)?;
                pos += len;
                continue;
            }
            // Parse on, up to the end of the next row (or of the region).
            let mut reader = Reader::from_reader(&xml[pos..]);
            reader.config_mut().check_end_names = false;
            reader.config_mut().allow_unmatched_ends = true;
            loop {
                let ev = reader.read_event()?;
                if self.skip.is_some() {
                    if matches!(ev, Event::Eof) {
                        return Err(Fault::Xml("the sheet ends inside a cell".into()));
                    }
                    self.skipping(ev)?;
                    continue;
                }
                match ev {
                    Event::Start(e) => self.start(e, false)?,
                    Event::Empty(e) => self.start(e, true)?,
                    Event::End(e) => self.end(e)?,
                    Event::Eof => return Ok(()),
                    other => self.out.write_event(other).map_err(wfault)?,
                }
                // Between rows again: the next may be copied as it is.
                if self.in_sheet_data && self.depth == 2 && self.row.is_none() {
                    pos += reader.buffer_position() as usize;
                    break;
                }
            }
        }
        Ok(())
    }

    /// How many bytes of `xml` (whitespace, then a `<row>` element) can be copied
    /// as they are: a row with its number, no correction in it nor before it
    /// still to insert, no shared formula to follow, nothing but plain elements
    /// and text in it. None when the row must be parsed.
    fn untouched_row(&mut self, xml: &[u8]) -> Result<Option<usize>, Fault> {
        if !(self.copy_untouched
            && self.in_sheet_data
            && self.depth == 2
            && self.skip.is_none()
            && self.row.is_none()
            && self.prefix.is_empty()
            && self.masters.is_empty())
        {
            return Ok(None);
        }
        let ws = xml.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let tag = &xml[ws..];
        if !tag.starts_with(b"<row") || !matches!(tag.get(4), Some(b' ' | b'\t' | b'\r' | b'\n')) {
            return Ok(None);
        }
        let Some(gt) = memchr::memchr(b'>', tag) else {
            return Ok(None);
        };
        let Some(r1) = row_number_attribute(&tag[4..gt]) else {
            return Ok(None);
        };
        let row0 = r1 - 1;
        if self.edits.get(self.next).is_some_and(|p| p.row <= row0) {
            return Ok(None);
        }
        let len = if tag[gt - 1] == b'/' {
            gt + 1
        } else {
            let Some(close) = row_end().find(&tag[gt..]) else {
                return Ok(None);
            };
            // A comment or CDATA section (`<!`): `</row>` could be its text.
            let row = &tag[gt..gt + close];
            if memchr::memchr_iter(b'!', row).any(|i| i > 0 && row[i - 1] == b'<') {
                return Ok(None);
            }
            gt + close + b"</row>".len()
        };
        // What `row_start` and `end` do for a row they pass on untouched.
        self.row_inserted = false;
        self.last_row1 = r1;
        self.cell = None;
        Ok(Some(ws + len))
    }

    fn raw(&mut self, s: &str) -> Result<(), Fault> {
        self.out.get_mut().write_all(s.as_bytes()).map_err(wfault)
    }

    fn pass(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        let ev = if empty {
            Event::Empty(e)
        } else {
            Event::Start(e)
        };
        self.out.write_event(ev).map_err(wfault)
    }

    fn skipping(&mut self, ev: Event<'_>) -> Result<(), Fault> {
        let Some(skip) = self.skip.as_mut() else {
            return Ok(());
        };
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                if let Some(c) = skip.capture.as_mut() {
                    // A child of the skipped cell.
                    if self.depth == skip.until + 1 && local(e.name().as_ref()) == "f" {
                        c.had_formula = true;
                        let shared = attr_value(e, "t")?.is_some_and(|t| t == "shared");
                        if shared && attr_value(e, "ref")?.is_some() {
                            c.master = true;
                            c.shared_si = attr_value(e, "si")?;
                        }
                        c.in_f = !empty;
                    }
                }
                if !empty {
                    self.depth += 1;
                }
            }
            Event::End(_) => {
                self.depth = self.depth.saturating_sub(1);
                if let Some(c) = skip.capture.as_mut() {
                    if self.depth == skip.until + 1 {
                        c.in_f = false;
                    }
                }
                if self.depth == skip.until {
                    if let Some(Skip {
                        capture: Some(c), ..
                    }) = self.skip.take()
                    {
                        if c.had_formula {
                            self.formulas_changed = true;
                        }
                        if c.master {
                            if let Some(si) = c.shared_si {
                                self.masters.insert(
                                    si,
                                    Master {
                                        row0: c.row0,
                                        col0: c.col0,
                                        formula: c.text,
                                    },
                                );
                            }
                        }
                    }
                    self.skip = None;
                }
            }
            other => {
                if let Some(c) = skip.capture.as_mut() {
                    if c.in_f {
                        push_text(&mut c.text, other);
                    }
                }
            }
        }
        Ok(())
    }

    fn start(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        let d = self.depth;
        if !empty {
            self.depth += 1;
        }
        if d == 0 {
            return self.root(e, empty);
        }
        if d == 1 {
            let l = local(e.name().as_ref()).to_string();
            return self.root_child(e, empty, &l);
        }
        #[derive(PartialEq)]
        enum K {
            Col,
            Row,
            Cell,
            F,
            Other,
        }
        let kind = match local(e.name().as_ref()) {
            "col" => K::Col,
            "row" => K::Row,
            "c" => K::Cell,
            "f" => K::F,
            _ => K::Other,
        };
        match (d, kind) {
            (2, K::Col) if self.in_cols => {
                let min = attr_value(&e, "min")?.and_then(|v| v.trim().parse::<u32>().ok());
                let max = attr_value(&e, "max")?.and_then(|v| v.trim().parse::<u32>().ok());
                let style = attr_value(&e, "style")?.and_then(|v| v.trim().parse::<u32>().ok());
                if let (Some(min), Some(max), Some(style)) = (min, max, style) {
                    self.col_styles.push((min, max, style));
                }
                self.pass(e, empty)
            }
            (2, K::Row) if self.in_sheet_data => self.row_start(e, empty),
            (3, K::Cell) if self.row.is_some() => self.cell_start(e, empty),
            (4, K::F) if self.cell.is_some() && !self.masters.is_empty() => {
                self.dependent(e, empty)
            }
            _ => self.pass(e, empty),
        }
    }

    fn end(&mut self, e: quick_xml::events::BytesEnd<'_>) -> Result<(), Fault> {
        self.depth = self.depth.saturating_sub(1);
        let d = self.depth;
        let qname = e.name();
        let l = local(qname.as_ref());
        match d {
            0 => self.finish_root()?,
            1 if l == "sheetData" && self.in_sheet_data => {
                self.emit_rows_before(MAX_ROWS)?;
                self.in_sheet_data = false;
            }
            1 if l == "cols" => self.in_cols = false,
            2 if l == "row" && self.row.is_some() => {
                if let Some(row) = self.row.take() {
                    if row.edits {
                        self.emit_cells_before(row.row0, MAX_COLS, row.style)?;
                    }
                }
                self.cell = None;
            }
            _ => {}
        }
        self.out.write_event(Event::End(e)).map_err(wfault)
    }

    fn root(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        let qname = e.name().as_ref().to_string();
        if local(&qname) != "worksheet" {
            return Err(Fault::Xml(format!(
                "the root element is <{}>, not <worksheet>",
                local(&qname)
            )));
        }
        self.prefix = prefix_of(&qname);
        self.rel_prefix = check_namespaces(&e)?;
        if empty {
            let start = rebuild_start(&e, &[], &[])?;
            self.raw(&format!("<{start}>"))?;
            self.finish_root()?;
            self.raw(&format!("</{qname}>"))
        } else {
            self.pass(e, false)
        }
    }

    fn needs_legacy(&self) -> bool {
        self.legacy_rid.is_some() && self.legacy_seen.is_none() && !self.legacy_inserted
    }

    fn insert_legacy(&mut self) -> Result<(), Fault> {
        let Some(rid) = self.legacy_rid else {
            return Ok(());
        };
        let attr = match &self.rel_prefix {
            Some(rp) => format!("{rp}:id"),
            None => format!("xmlns:r=\"{REL_NS}\" r:id"),
        };
        let s = format!(
            "<{}legacyDrawing {attr}=\"{}\"/>",
            self.prefix,
            escape_attr(rid)
        );
        self.raw(&s)?;
        self.legacy_inserted = true;
        Ok(())
    }

    fn finish_root(&mut self) -> Result<(), Fault> {
        if !self.sheet_data_seen && self.next < self.edits.len() {
            self.synth_sheet_data()?;
        }
        if self.needs_legacy() {
            self.insert_legacy()?;
        }
        Ok(())
    }

    fn synth_sheet_data(&mut self) -> Result<(), Fault> {
        self.sheet_data_seen = true;
        let p = self.prefix.clone();
        self.raw(&format!("<{p}sheetData>"))?;
        self.emit_rows_before(MAX_ROWS)?;
        self.raw(&format!("</{p}sheetData>"))
    }

    fn root_child(&mut self, e: BytesStart<'_>, empty: bool, l: &str) -> Result<(), Fault> {
        if !self.sheet_data_seen && l != "sheetData" && !BEFORE_SHEET_DATA.contains(&l) {
            self.synth_sheet_data()?;
        }
        if self.needs_legacy()
            && (AFTER_LEGACY.contains(&l) || (l == "AlternateContent" && self.sheet_data_seen))
        {
            self.insert_legacy()?;
        }
        match l {
            "sheetData" => {
                self.sheet_data_seen = true;
                if empty {
                    if self.next < self.edits.len() {
                        let start = rebuild_start(&e, &[], &[])?;
                        let qname = e.name().as_ref().to_string();
                        self.raw(&format!("<{start}>"))?;
                        self.emit_rows_before(MAX_ROWS)?;
                        return self.raw(&format!("</{qname}>"));
                    }
                } else {
                    self.in_sheet_data = true;
                }
                self.pass(e, empty)
            }
            "cols" => {
                self.in_cols = !empty;
                self.pass(e, empty)
            }
            "dimension" => {
                let current = attr_value(&e, "ref")?;
                let union = match (current.as_deref().and_then(parse_range), self.bounds) {
                    (Some((r0, c0, r1, c1)), Some((er0, ec0, er1, ec1))) => {
                        let u = (r0.min(er0), c0.min(ec0), r1.max(er1), c1.max(ec1));
                        (u != (r0, c0, r1, c1)).then_some(u)
                    }
                    _ => None,
                };
                match union {
                    Some((r0, c0, r1, c1)) => {
                        let text = format!("{}:{}", a1(r0, c0), a1(r1, c1));
                        let start = rebuild_start(&e, &[], &[("ref", &text)])?;
                        if empty {
                            self.raw(&format!("<{start}/>"))
                        } else {
                            self.raw(&format!("<{start}>"))
                        }
                    }
                    None => self.pass(e, empty),
                }
            }
            "legacyDrawing" => {
                for a in e.attributes().with_checks(false) {
                    let a = a?;
                    let k = a.key.as_ref();
                    if local(k) == "id" && k.contains(':') {
                        self.legacy_seen =
                            Some(a.normalized_value(XmlVersion::Implicit1_0)?.into_owned());
                    }
                }
                if self.legacy_seen.is_none() {
                    self.legacy_seen = Some(String::new());
                }
                self.pass(e, empty)
            }
            _ => self.pass(e, empty),
        }
    }

    fn col_style(&self, col0: u32) -> Option<u32> {
        let c1 = col0 + 1;
        self.col_styles
            .iter()
            .find(|(min, max, _)| *min <= c1 && c1 <= *max)
            .map(|(_, _, s)| *s)
    }

    /// Writes the pending edits of rows before `limit` (0-based) as new rows.
    fn emit_rows_before(&mut self, limit: u32) -> Result<bool, Fault> {
        let edits = self.edits;
        let mut any = false;
        while let Some(p) = edits.get(self.next) {
            if p.row >= limit {
                break;
            }
            let row0 = p.row;
            let pf = self.prefix.clone();
            self.raw(&format!("<{pf}row r=\"{}\">", row0 + 1))?;
            self.emit_cells_before(row0, MAX_COLS, None)?;
            self.raw(&format!("</{pf}row>"))?;
            any = true;
        }
        Ok(any)
    }

    /// Writes the pending edits of row `row0` before column `limit` as new cells.
    fn emit_cells_before(
        &mut self,
        row0: u32,
        limit: u32,
        row_style: Option<u32>,
    ) -> Result<bool, Fault> {
        let edits = self.edits;
        let mut any = false;
        while let Some(p) = edits.get(self.next) {
            if p.row != row0 || p.col >= limit {
                break;
            }
            let base = row_style.or_else(|| self.col_style(p.col)).unwrap_or(0);
            let style = self.styles.get(base, p.edit.mark);
            let attrs = format!(" r=\"{}\"", a1(p.row, p.col));
            let xml = self.cell_xml(&attrs, style, p.edit.value.as_ref());
            self.raw(&xml)?;
            if let Some(v) = &p.edit.value {
                self.values_changed = true;
                if matches!(v, NewValue::Formula { .. }) {
                    self.formulas_changed = true;
                }
            }
            self.next += 1;
            any = true;
        }
        Ok(any)
    }

    fn cell_xml(&self, attrs: &str, style: u32, value: Option<&NewValue>) -> String {
        let p = &self.prefix;
        match value {
            None => format!("<{p}c{attrs} s=\"{style}\"/>"),
            Some(NewValue::Number(d)) => format!(
                "<{p}c{attrs} s=\"{style}\"><{p}v>{}</{p}v></{p}c>",
                number_text(d)
            ),
            Some(NewValue::Text(t)) => format!(
                "<{p}c{attrs} s=\"{style}\" t=\"inlineStr\"><{p}is><{p}t xml:space=\"preserve\">{}</{p}t></{p}is></{p}c>",
                escape_text(t)
            ),
            Some(NewValue::Formula { formula, cached }) => {
                let f = formula.trim_start();
                let f = f.strip_prefix('=').unwrap_or(f);
                format!(
                    "<{p}c{attrs} s=\"{style}\"><{p}f>{}</{p}f><{p}v>{}</{p}v></{p}c>",
                    escape_text(f),
                    number_text(cached)
                )
            }
        }
    }

    fn row_start(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        let mut r: Option<u32> = None;
        let mut s: Option<u32> = None;
        let mut custom = false;
        for a in e.attributes().with_checks(false) {
            let a = a?;
            match a.key.as_ref() {
                "r" => {
                    r = Some(a.value.trim().parse().map_err(|_| {
                        Fault::Xml(format!("a row number '{}' is not a number", a.value))
                    })?)
                }
                "s" => s = a.value.trim().parse().ok(),
                "customFormat" => custom = matches!(a.value.trim(), "1" | "true"),
                _ => {}
            }
        }
        let r1 = r.unwrap_or(self.last_row1.saturating_add(1)).max(1);
        let row0 = r1 - 1;
        let inserted_now = self.emit_rows_before(row0)?;
        let add_r = r.is_none() && (inserted_now || self.row_inserted);
        self.row_inserted = false;
        self.last_row1 = r1;
        let edits = self.edits.get(self.next).is_some_and(|p| p.row == row0);
        let style = if custom { s } else { None };
        let track = edits || !self.masters.is_empty();
        let r_text = r1.to_string();
        let start = if add_r {
            Some(rebuild_start(&e, &[], &[("r", &r_text)])?)
        } else {
            None
        };
        if empty {
            if edits {
                let start = match start {
                    Some(s) => s,
                    None => rebuild_start(&e, &[], &[])?,
                };
                let qname = e.name().as_ref().to_string();
                self.raw(&format!("<{start}>"))?;
                self.emit_cells_before(row0, MAX_COLS, style)?;
                return self.raw(&format!("</{qname}>"));
            }
            return match start {
                Some(s) => self.raw(&format!("<{s}/>")),
                None => self.pass(e, true),
            };
        }
        if track {
            self.row = Some(RowState {
                row0,
                edits,
                style,
                last_col1: 0,
                cell_inserted: false,
            });
        }
        self.cell = None;
        match start {
            Some(s) => self.raw(&format!("<{s}>")),
            None => self.pass(e, false),
        }
    }

    fn cell_start(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        let Some(row) = self.row.as_ref() else {
            return self.pass(e, empty);
        };
        let (row0, row_edits, row_style, last_col1, cell_inserted) = (
            row.row0,
            row.edits,
            row.style,
            row.last_col1,
            row.cell_inserted,
        );
        let r = attr_value(&e, "r")?;
        let col0 = match &r {
            Some(text) => {
                let letters: String = text
                    .trim()
                    .trim_start_matches('$')
                    .chars()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .collect();
                parse_col(&letters)
                    .ok_or_else(|| Fault::Xml(format!("a cell reference '{text}' is not valid")))?
            }
            None => last_col1,
        };
        let inserted_now = if row_edits {
            self.emit_cells_before(row0, col0, row_style)?
        } else {
            false
        };
        let add_r = r.is_none() && (inserted_now || cell_inserted);
        if let Some(row) = self.row.as_mut() {
            row.last_col1 = col0 + 1;
            row.cell_inserted = false;
        }
        self.cell = Some((row0, col0));
        // The cell's address, written only where the cell is rewritten.
        let r_text = || a1(row0, col0);

        let edits = self.edits;
        let hit = edits
            .get(self.next)
            .filter(|p| row_edits && p.row == row0 && p.col == col0);
        let Some(p) = hit else {
            return match add_r {
                true => {
                    let s = rebuild_start(&e, &[], &[("r", &r_text())])?;
                    self.raw(&if empty {
                        format!("<{s}/>")
                    } else {
                        format!("<{s}>")
                    })
                }
                false => self.pass(e, empty),
            };
        };
        self.next += 1;
        let orig = attr_value(&e, "s")?
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(0);
        let style = self.styles.get(orig, p.edit.mark);
        let style_text = style.to_string();
        match &p.edit.value {
            None => {
                // Flagged or marked only: the value and formula stay, the format changes.
                let r_text = r_text();
                let mut set: Vec<(&str, &str)> = vec![("s", &style_text)];
                if add_r {
                    set.push(("r", &r_text));
                }
                let s = rebuild_start(&e, &[], &set)?;
                self.raw(&if empty {
                    format!("<{s}/>")
                } else {
                    format!("<{s}>")
                })
            }
            Some(v) => {
                self.values_changed = true;
                if matches!(v, NewValue::Formula { .. }) {
                    self.formulas_changed = true;
                }
                // Keep r and the attributes that do not describe the value.
                let kept = rebuild_start(&e, &["s", "t", "cm", "vm"], &[])?;
                let mut attrs = kept
                    .strip_prefix(e.name().as_ref())
                    .unwrap_or_default()
                    .to_string();
                if r.is_none() {
                    attrs = format!(" r=\"{}\"{attrs}", r_text());
                }
                let xml = self.cell_xml(&attrs, style, Some(v));
                self.raw(&xml)?;
                if !empty {
                    self.skip = Some(Skip {
                        until: self.depth - 1,
                        capture: Some(Capture {
                            row0,
                            col0,
                            had_formula: false,
                            shared_si: None,
                            master: false,
                            in_f: false,
                            text: String::new(),
                        }),
                    });
                }
                Ok(())
            }
        }
    }

    /// A cell of a shared formula whose master was replaced: its own formula, written out.
    fn dependent(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        let Some((row0, col0)) = self.cell else {
            return self.pass(e, empty);
        };
        let shared = attr_value(&e, "t")?.is_some_and(|t| t == "shared");
        let si = attr_value(&e, "si")?;
        let has_ref = attr_value(&e, "ref")?.is_some();
        let master = match (&si, shared && !has_ref) {
            (Some(si), true) => self.masters.get(si),
            _ => None,
        };
        let Some(m) = master else {
            return self.pass(e, empty);
        };
        let f = shift_formula(
            &m.formula,
            i64::from(row0) - i64::from(m.row0),
            i64::from(col0) - i64::from(m.col0),
        );
        let start = rebuild_start(&e, &["t", "si", "ref"], &[])?;
        let qname = e.name().as_ref().to_string();
        self.raw(&format!("<{start}>{}</{qname}>", escape_text(&f)))?;
        if !empty {
            self.skip = Some(Skip {
                until: self.depth - 1,
                capture: None,
            });
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Formulas: a shared formula moved to another cell

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$' | b'\\' | b'?') || b >= 0x80
}

/// `$?COL$?ROW` split into (col_abs, col0, row_abs, row0).
fn split_cell_token(t: &str) -> Option<(bool, u32, bool, u32)> {
    let (cabs, rest) = match t.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let split = rest.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, rest) = rest.split_at(split);
    let (rabs, digits) = match rest.strip_prefix('$') {
        Some(d) => (true, d),
        None => (false, rest),
    };
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > MAX_ROWS {
        return None;
    }
    Some((cabs, parse_col(letters)?, rabs, row - 1))
}

fn col_token(t: &str) -> Option<(bool, u32)> {
    let (abs, rest) = match t.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, t),
    };
    Some((abs, parse_col(rest)?))
}

fn row_token(t: &str) -> Option<(bool, u32)> {
    let (abs, rest) = match t.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, t),
    };
    if rest.is_empty() || rest.len() > 7 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = rest.parse().ok()?;
    (1..=MAX_ROWS).contains(&row).then(|| (abs, row - 1))
}

fn shift(v: u32, by: i64, abs: bool, max: u32) -> Option<u32> {
    if abs {
        return Some(v);
    }
    let n = i64::from(v) + by;
    (n >= 0 && n < i64::from(max)).then_some(n as u32)
}

/// The formula of a shared-formula master as it reads `dr` rows and `dc`
/// columns away: relative references move, absolute ones stay, a reference
/// moved off the grid becomes #REF!.
fn shift_formula(f: &str, dr: i64, dc: i64) -> String {
    let b = f.as_bytes();
    let mut out = String::with_capacity(f.len() + 8);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            // A string literal or a quoted sheet name, copied as it is.
            let q = c;
            let mut j = i + 1;
            while j < b.len() {
                if b[j] == q {
                    if j + 1 < b.len() && b[j + 1] == q {
                        j += 2;
                        continue;
                    }
                    break;
                }
                j += 1;
            }
            let end = (j + 1).min(b.len());
            out.push_str(&f[i..end]);
            i = end;
            continue;
        }
        if c == b'[' {
            // Structured reference or external book index: copied.
            let mut depth = 0;
            let mut j = i;
            while j < b.len() {
                if b[j] == b'[' {
                    depth += 1;
                } else if b[j] == b']' {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                j += 1;
            }
            let end = (j + 1).min(b.len());
            out.push_str(&f[i..end]);
            i = end;
            continue;
        }
        if is_ident_byte(c) {
            let mut j = i;
            while j < b.len() && is_ident_byte(b[j]) {
                j += 1;
            }
            let token = &f[i..j];
            let next = b.get(j).copied();
            if next == Some(b'(') || next == Some(b'!') {
                out.push_str(token);
                i = j;
                continue;
            }
            if let Some((cabs, col, rabs, row)) = split_cell_token(token) {
                match (
                    shift(col, dc, cabs, MAX_COLS),
                    shift(row, dr, rabs, MAX_ROWS),
                ) {
                    (Some(nc), Some(nr)) => {
                        out.push_str(&format!(
                            "{}{}{}{}",
                            if cabs { "$" } else { "" },
                            col_letters(nc),
                            if rabs { "$" } else { "" },
                            nr + 1
                        ));
                    }
                    _ => out.push_str("#REF!"),
                }
                i = j;
                continue;
            }
            // Whole columns (A:C) or whole rows (3:5).
            if next == Some(b':') {
                let mut k = j + 1;
                while k < b.len() && is_ident_byte(b[k]) {
                    k += 1;
                }
                let second = &f[j + 1..k];
                if let (Some((a1s, c1)), Some((a2s, c2))) = (col_token(token), col_token(second)) {
                    match (shift(c1, dc, a1s, MAX_COLS), shift(c2, dc, a2s, MAX_COLS)) {
                        (Some(n1), Some(n2)) => out.push_str(&format!(
                            "{}{}:{}{}",
                            if a1s { "$" } else { "" },
                            col_letters(n1),
                            if a2s { "$" } else { "" },
                            col_letters(n2)
                        )),
                        _ => out.push_str("#REF!"),
                    }
                    i = k;
                    continue;
                }
                if let (Some((a1s, r1)), Some((a2s, r2))) = (row_token(token), row_token(second)) {
                    match (shift(r1, dr, a1s, MAX_ROWS), shift(r2, dr, a2s, MAX_ROWS)) {
                        (Some(n1), Some(n2)) => out.push_str(&format!(
                            "{}{}:{}{}",
                            if a1s { "$" } else { "" },
                            n1 + 1,
                            if a2s { "$" } else { "" },
                            n2 + 1
                        )),
                        _ => out.push_str("#REF!"),
                    }
                    i = k;
                    continue;
                }
            }
            out.push_str(token);
            i = j;
            continue;
        }
        // Any other character (operators, spaces, non-ASCII) is copied.
        let ch_len = f[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&f[i..i + ch_len]);
        i += ch_len;
    }
    out
}

// ---------------------------------------------------------------------------
// Notes: comments part and VML drawing

fn comment_runs(note: &str, lead: &str, p: &str) -> String {
    let font = format!(
        "<{p}sz val=\"9\"/><{p}color indexed=\"81\"/><{p}rFont val=\"Tahoma\"/><{p}family val=\"2\"/>"
    );
    format!(
        "<{p}r><{p}rPr><{p}b/>{font}</{p}rPr><{p}t xml:space=\"preserve\">{lead}selaras:</{p}t></{p}r><{p}r><{p}rPr>{font}</{p}rPr><{p}t xml:space=\"preserve\">\n{}</{p}t></{p}r>",
        escape_text(note)
    )
}

fn new_comments(notes: &[(u32, u32, String)]) -> String {
    let mut s = format!(
        "{XML_DECL}<comments xmlns=\"{MAIN_NS}\"><authors><author>selaras</author></authors><commentList>"
    );
    for (r, c, note) in notes {
        s.push_str(&format!(
            "<comment ref=\"{}\" authorId=\"0\"><text>{}</text></comment>",
            a1(*r, *c),
            comment_runs(note, "", "")
        ));
    }
    s.push_str("</commentList></comments>");
    s
}

/// A cell that needs a note shape: (row, col, length of the note).
type ShapeCell = (u32, u32, usize);

/// Adds the notes to an existing comments part: a cell that has a comment gets
/// the note appended to it, the others a new comment. Returns the part and the
/// cells that need a new VML shape.
fn merge_comments(
    xml: &str,
    notes: &[(u32, u32, String)],
) -> Result<(Vec<u8>, Vec<ShapeCell>), Fault> {
    // First pass: the authors and the cells that already have a comment.
    let mut reader = Reader::from_str(xml);
    let mut authors: Vec<String> = Vec::new();
    let mut commented: HashSet<(u32, u32)> = HashSet::new();
    let mut in_author = false;
    loop {
        match reader.read_event()? {
            Event::Start(e) if local(e.name().as_ref()) == "author" => {
                in_author = true;
                authors.push(String::new());
            }
            Event::Empty(e) if local(e.name().as_ref()) == "author" => authors.push(String::new()),
            Event::End(e) if local(e.name().as_ref()) == "author" => in_author = false,
            ev @ (Event::Text(_) | Event::GeneralRef(_)) if in_author => {
                if let Some(a) = authors.last_mut() {
                    push_text(a, &ev);
                }
            }
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "comment" => {
                if let Some(cell) = attr_value(&e, "ref")?.as_deref().and_then(parse_a1) {
                    commented.insert(cell);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let author_id = authors.iter().position(|a| a == "selaras");
    let author_id_text = author_id.unwrap_or(authors.len()).to_string();
    let by_cell: HashMap<(u32, u32), &str> = notes
        .iter()
        .map(|(r, c, n)| ((*r, *c), n.as_str()))
        .collect();
    let fresh: Vec<&(u32, u32, String)> = notes
        .iter()
        .filter(|(r, c, _)| !commented.contains(&(*r, *c)))
        .collect();

    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 1024));
    let mut depth = 0usize;
    let mut current: Option<(u32, u32)> = None;
    let mut saw_list = false;
    let new_comment_xml = |p: &str| {
        let mut s = String::new();
        for (r, c, note) in &fresh {
            s.push_str(&format!(
                "<{p}comment ref=\"{}\" authorId=\"{author_id_text}\"><{p}text>{}</{p}text></{p}comment>",
                a1(*r, *c),
                comment_runs(note, "", p)
            ));
        }
        s
    };
    let author_xml = |p: &str| {
        if author_id.is_some() {
            String::new()
        } else {
            format!("<{p}author>selaras</{p}author>")
        }
    };
    loop {
        let ev = reader.read_event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                let name = e.name();
                let l = local(name.as_ref());
                let p = prefix_of(name.as_ref());
                if depth == 1 && empty && (l == "authors" || l == "commentList") {
                    let start = rebuild_start(e, &[], &[])?;
                    let inner = if l == "authors" {
                        author_xml(&p)
                    } else {
                        saw_list = true;
                        new_comment_xml(&p)
                    };
                    let s = format!("<{start}>{inner}</{}>", name.as_ref());
                    w.get_mut().write_all(s.as_bytes()).map_err(wfault)?;
                    continue;
                }
                if l == "comment" {
                    current = attr_value(e, "ref")?.as_deref().and_then(parse_a1);
                }
                if !empty {
                    depth += 1;
                }
                w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::End(ref e) => {
                depth = depth.saturating_sub(1);
                let name = e.name();
                let l = local(name.as_ref());
                let p = prefix_of(name.as_ref());
                match l {
                    "authors" if depth == 1 => {
                        w.get_mut()
                            .write_all(author_xml(&p).as_bytes())
                            .map_err(wfault)?;
                    }
                    "commentList" if depth == 1 => {
                        saw_list = true;
                        w.get_mut()
                            .write_all(new_comment_xml(&p).as_bytes())
                            .map_err(wfault)?;
                    }
                    "text" => {
                        if let Some(note) = current.and_then(|c| by_cell.get(&c)) {
                            let runs = comment_runs(note, "\n\n", &p);
                            w.get_mut().write_all(runs.as_bytes()).map_err(wfault)?;
                        }
                    }
                    "comment" => current = None,
                    _ => {}
                }
                w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(wfault)?,
        }
    }
    if !saw_list && !fresh.is_empty() {
        return Err(Fault::Xml("the comments part has no <commentList>".into()));
    }
    let shapes = fresh.iter().map(|(r, c, n)| (*r, *c, n.len())).collect();
    Ok((w.into_inner(), shapes))
}

const VML_SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";

fn vml_shape(id: u32, z: usize, row0: u32, col0: u32, note_len: usize) -> String {
    // A box three columns wide, tall enough for the note at about 40 characters a line.
    let rows = (2 + note_len / 40).clamp(4, 30) as u32;
    let left = (col0 + 1).min(MAX_COLS - 1);
    let right = (col0 + 4).min(MAX_COLS - 1);
    let top = row0.saturating_sub(1);
    let bottom = (top + rows).min(MAX_ROWS - 1);
    format!(
        "<v:shape id=\"_x0000_s{id}\" type=\"#_x0000_t202\" style=\"position:absolute;margin-left:59.25pt;margin-top:1.5pt;width:180pt;height:{h}pt;z-index:{z};visibility:hidden\" fillcolor=\"#ffffe1\" o:insetmode=\"auto\"><v:fill color2=\"#ffffe1\"/><v:shadow on=\"t\" color=\"black\" obscured=\"t\"/><v:path o:connecttype=\"none\"/><v:textbox style=\"mso-direction-alt:auto\"><div style=\"text-align:left\"></div></v:textbox><x:ClientData ObjectType=\"Note\"><x:MoveWithCells/><x:SizeWithCells/><x:Anchor>{left}, 15, {top}, 10, {right}, 15, {bottom}, 4</x:Anchor><x:AutoFill>False</x:AutoFill><x:Row>{row0}</x:Row><x:Column>{col0}</x:Column></x:ClientData></v:shape>",
        h = rows * 15,
    )
}

/// A new VML drawing whose shape ids start in `block` (1024 ids a block);
/// returns it and the next free block.
fn new_vml(block: u32, shapes: &[(u32, u32, usize)]) -> (String, u32) {
    // Shape ids are u32 and Excel expects them inside their id blocks: a
    // package claiming absurd blocks does not make them overflow.
    let block = block.min(u32::MAX / 1024 - 2048);
    let blocks = (shapes.len() as u32 / 1023 + 1).min(1024);
    let data: Vec<String> = (block..block + blocks).map(|b| b.to_string()).collect();
    let mut s = format!(
        "<xml xmlns:v=\"urn:schemas-microsoft-com:vml\" xmlns:o=\"urn:schemas-microsoft-com:office:office\" xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><o:shapelayout v:ext=\"edit\"><o:idmap v:ext=\"edit\" data=\"{}\"/></o:shapelayout>{VML_SHAPETYPE}",
        data.join(",")
    );
    for (i, (r, c, len)) in shapes.iter().enumerate() {
        let i = i as u32;
        let id = (block + (i / 1023).min(1023)) * 1024 + 1 + i % 1023;
        s.push_str(&vml_shape(id, i as usize + 1, *r, *c, *len));
    }
    s.push_str("</xml>");
    (s, block + blocks)
}

/// The largest VML shape id in a drawing (`_x0000_sNNNN`).
fn max_shape_id(bytes: &[u8]) -> u32 {
    let pat = b"_x0000_s";
    let mut max = 0u32;
    let mut i = 0;
    while i + pat.len() <= bytes.len() {
        if &bytes[i..i + pat.len()] == pat {
            let mut j = i + pat.len();
            let mut n: u32 = 0;
            while j < bytes.len() && bytes[j].is_ascii_digit() {
                n = n
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[j] - b'0'));
                j += 1;
            }
            max = max.max(n);
            i = j;
        } else {
            i += 1;
        }
    }
    max
}

fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The highest id block any VML drawing of the package uses.
fn used_vml_blocks<R: Read + Seek>(
    ctx: &Ctx,
    zin: &mut ZipArchive<R>,
    entries: &Entries,
) -> Result<u32, PatchError> {
    let mut max_block = 0u32;
    for (i, name) in entries.names.iter().enumerate() {
        if !name.to_ascii_lowercase().ends_with(".vml") {
            continue;
        }
        let bytes = read_bytes(ctx, zin, i, name)?;
        max_block = max_block.max(max_shape_id(&bytes) / 1024);
        if let Some(at) = find_bytes(&bytes, b"idmap") {
            if let Some(d) = find_bytes(&bytes[at..], b"data=\"") {
                let from = at + d + 6;
                let end = bytes[from..]
                    .iter()
                    .position(|&b| b == b'"')
                    .map_or(bytes.len(), |e| from + e);
                let text = String::from_utf8_lossy(&bytes[from..end]);
                for n in text.split(',').filter_map(|t| t.trim().parse::<u32>().ok()) {
                    max_block = max_block.max(n);
                }
            }
        }
    }
    Ok(max_block)
}

/// Adds note shapes to an existing VML drawing (which need not be well-formed
/// XML, as Excel's often is not), before its closing `</xml>`.
fn merge_vml(bytes: Vec<u8>, shapes: &[(u32, u32, usize)]) -> Result<Vec<u8>, String> {
    let end = rfind_bytes(&bytes, b"</xml>")
        .ok_or_else(|| "the VML drawing has no closing </xml>".to_string())?;
    let mut add = String::new();
    if find_bytes(&bytes, b"_x0000_t202").is_none() {
        add.push_str(VML_SHAPETYPE);
    }
    let mut id = max_shape_id(&bytes).max(1024);
    let z0 = bytes.windows(9).filter(|w| w == b"<v:shape ").count();
    for (i, (r, c, len)) in shapes.iter().enumerate() {
        id = id.saturating_add(1);
        add.push_str(&vml_shape(id, z0 + i + 1, *r, *c, *len));
    }
    let mut out = Vec::with_capacity(bytes.len() + add.len());
    out.extend_from_slice(&bytes[..end]);
    out.extend_from_slice(add.as_bytes());
    out.extend_from_slice(&bytes[end..]);
    Ok(out)
}

// ---------------------------------------------------------------------------
// The findings sheet

const FINDINGS_WIDTH_CAP: [usize; 8] = [30, 12, 30, 10, 40, 40, 12, 100];

fn inline_cell(r: &str, style: u32, text: &str) -> String {
    format!(
        "<c r=\"{r}\" s=\"{style}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
        escape_text(text)
    )
}

fn findings_sheet_xml(findings: &[FindingRow], st: FindingStyles, words: &FindingsSheet) -> String {
    let mut widths: Vec<usize> = words.header.iter().map(|h| h.chars().count()).collect();
    let mut rows = String::new();
    let mut links = String::new();
    rows.push_str("<row r=\"1\">");
    for (c, h) in words.header.iter().enumerate() {
        rows.push_str(&inline_cell(&a1(0, c as u32), st.header, h));
    }
    rows.push_str("</row>");
    for (i, f) in findings.iter().enumerate() {
        let r0 = i as u32 + 1;
        let cell = parse_a1(&f.cell);
        let cell_text = match cell {
            Some((r, c)) => a1(r, c),
            None => f.cell.clone(),
        };
        let values: [&str; 8] = [
            &f.code,
            &f.severity,
            &f.sheet,
            &cell_text,
            &f.found,
            &f.expected,
            if f.corrected { &words.yes } else { &words.no },
            &f.message,
        ];
        rows.push_str(&format!("<row r=\"{}\">", r0 + 1));
        for (c, v) in values.iter().enumerate() {
            let longest = v.lines().map(|l| l.chars().count()).max().unwrap_or(0);
            widths[c] = widths[c].max(longest);
            if v.is_empty() {
                continue;
            }
            let style = if c == 3 && cell.is_some() {
                st.link
            } else {
                st.body
            };
            rows.push_str(&inline_cell(&a1(r0, c as u32), style, v));
        }
        rows.push_str("</row>");
        if cell.is_some() && !f.sheet.is_empty() {
            links.push_str(&format!(
                "<hyperlink ref=\"{}\" location=\"{}\" display=\"{}\"/>",
                a1(r0, 3),
                escape_attr(&sheet_ref(&f.sheet, &cell_text)),
                escape_attr(&cell_text)
            ));
        }
    }
    let last = findings.len() as u32;
    let range = format!("A1:{}", a1(last, 7));
    let mut cols = String::from("<cols>");
    for (c, w) in widths.iter().enumerate() {
        let width = (w + 2).clamp(8, FINDINGS_WIDTH_CAP[c].max(8));
        cols.push_str(&format!(
            "<col min=\"{0}\" max=\"{0}\" width=\"{width}\" customWidth=\"1\"/>",
            c + 1
        ));
    }
    cols.push_str("</cols>");
    let hyperlinks = if links.is_empty() {
        String::new()
    } else {
        format!("<hyperlinks>{links}</hyperlinks>")
    };
    format!(
        "{XML_DECL}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><dimension ref=\"{range}\"/><sheetViews><sheetView workbookViewId=\"0\"><pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A2\" sqref=\"A2\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>{cols}<sheetData>{rows}</sheetData><autoFilter ref=\"{range}\"/>{hyperlinks}<pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" header=\"0.3\" footer=\"0.3\"/></worksheet>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_formulas_move_relative_references_only() {
        assert_eq!(shift_formula("A1*2", 1, 0), "A2*2");
        assert_eq!(shift_formula("$A$1+B$2+$C3", 2, 1), "$A$1+C$2+$C5");
        assert_eq!(shift_formula("SUM(F6:H6)/3", 3, 0), "SUM(F9:H9)/3");
        assert_eq!(shift_formula("LOG10(A1)", 1, 0), "LOG10(A2)");
        assert_eq!(
            shift_formula("'Tabel 3.7'!H12&\"A1\"", 1, 1),
            "'Tabel 3.7'!I13&\"A1\""
        );
        assert_eq!(
            shift_formula("SUM(A:A)+SUM(2:3)", 1, 1),
            "SUM(B:B)+SUM(3:4)"
        );
        assert_eq!(shift_formula("A1-1.5E+10", 0, 0), "A1-1.5E+10");
        assert_eq!(shift_formula("A1", -1, 0), "#REF!");
        assert_eq!(
            shift_formula("Table1[Col A1]+A1", 1, 0),
            "Table1[Col A1]+A2"
        );
    }

    /// Patches `xml` with `edits`, copying untouched rows or parsing them all.
    fn patch(xml: &str, edits: &[(u32, u32, Decimal)], copy_untouched: bool) -> String {
        let pending: Vec<Pending> = edits
            .iter()
            .map(|(row, col, v)| Pending {
                row: *row,
                col: *col,
                edit: Merged {
                    value: Some(NewValue::Number(*v)),
                    ..Merged::new(Mark::Corrected)
                },
            })
            .collect();
        let mut alloc = StyleAlloc::new(10);
        let mut out = Vec::new();
        let mut p = SheetPatch::new(&mut out, &pending, &mut alloc, None);
        p.copy_untouched = copy_untouched;
        p.run(xml.as_bytes()).map_err(|f| format!("{f:?}")).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn untouched_rows_are_copied_as_parsing_would_write_them() {
        let head = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#;
        let tail = r#"</sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>"#;
        // Long enough to be read in several regions; rows of every kind.
        let mut rows = String::new();
        for r in 1..=30_000u32 {
            rows += &match r % 7 {
                0 => format!(
                    r#"<row r="{r}"><c r="A{r}" s="1"><v>{r}</v></c><c r="B{r}" t="inlineStr"><is><t>x &amp; y</t></is></c></row>"#
                ),
                1 => format!(
                    r#"<row r="{r}" spans="1:3"><c r="A{r}"><f>B{r}*2</f><v>4</v></c><c r="B{r}"><v>2</v></c></row>"#
                ),
                2 => format!(r#"<row r="{r}"/>"#),
                3 if r % 5 == 0 => format!(r#"<row><c><v>{r}</v></c></row>"#),
                // Comments and CDATA only near the ends: the regions between are cut.
                3 | 4 if (100..29_900).contains(&r) => {
                    format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#)
                }
                3 => {
                    format!(r#"<row r="{r}"><!-- a </row> note --><c r="A{r}"><v>1</v></c></row>"#)
                }
                4 => format!(
                    r#"<row r="{r}"><c r="A{r}" t="inlineStr"><is><t><![CDATA[a</row>b]]></t></is></c></row>"#
                ),
                5 => format!("\n  <row r=\"{r}\">\n    <c r=\"C{r}\"><v>0.5</v></c>\n  </row>"),
                _ => format!(
                    r#"<row r="{r}" ht="30" customHeight="1"><c r="A{r}" t="s"><v>0</v></c></row>"#
                ),
            };
        }
        let xml = format!("{head}{rows}{tail}");
        let edits = [
            (0, 0, Decimal::new(5, 0)),
            (6, 1, Decimal::new(125, 1)),
            // Rows 10 and 45 have no number: theirs follows the row before.
            (9, 1, Decimal::new(2, 0)),
            (44, 0, Decimal::new(3, 0)),
            (9_999, 3, Decimal::new(1, 0)),
            (20_000, 0, Decimal::new(7, 0)),
            (29_999, 2, Decimal::new(3, 0)),
            (40_000, 0, Decimal::new(9, 0)),
        ];
        let copied = patch(&xml, &edits, true);
        assert_eq!(copied, patch(&xml, &edits, false));
        assert!(
            copied.contains(r#"<c r="D10000""#),
            "the edit in an existing row"
        );
        assert!(
            copied.contains(r#"<row r="40001""#),
            "the row that did not exist"
        );
        // Without edits the sheet comes out as it went in, byte for byte.
        assert_eq!(patch(&xml, &[], true), xml);
    }

    #[test]
    fn text_escapes_for_ooxml() {
        assert_eq!(escape_text("a<b & c>"), "a&lt;b &amp; c&gt;");
        assert_eq!(escape_text("x\u{1}y"), "x_x0001_y");
        assert_eq!(escape_text("_x0041_"), "_x005F_x0041_");
        assert_eq!(escape_text("a\r\nb"), "a_x000D_\nb");
    }

    #[test]
    fn references_and_paths() {
        assert_eq!(a1(0, 0), "A1");
        assert_eq!(a1(11, 7), "H12");
        assert_eq!(a1(0, 16383), "XFD1");
        assert_eq!(parse_a1("$XFD$1048576"), Some((1_048_575, 16383)));
        assert_eq!(parse_a1("XFE1"), None);
        assert_eq!(
            resolve_target("xl/workbook.xml", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(
            resolve_target("xl/worksheets/sheet1.xml", "../comments1.xml"),
            "xl/comments1.xml"
        );
        assert_eq!(
            resolve_target("xl/workbook.xml", "/xl/styles.xml"),
            "xl/styles.xml"
        );
        assert_eq!(
            relative_target("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml"),
            "../drawings/vmlDrawing1.vml"
        );
        assert_eq!(
            relative_target("xl/workbook.xml", "xl/worksheets/sheet3.xml"),
            "worksheets/sheet3.xml"
        );
        assert_eq!(
            rels_part_of("xl/worksheets/sheet1.xml"),
            "xl/worksheets/_rels/sheet1.xml.rels"
        );
        assert_eq!(number_text(&Decimal::new(12990, 3)), "12.99");
        assert_eq!(number_text(&Decimal::new(-0, 2)), "0");
    }
}
