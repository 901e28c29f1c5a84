//! A quick reader for the plain worksheet XML that spreadsheet programs write:
//! `<row r="5"><c r="A5" s="4" t="s"><v>11</v></c>...</row>`. It reads a sheet's
//! cells, merged ranges and formulas in one pass over
//! the bytes, with the unpacking of the part on a thread of its own for a large
//! sheet, and gives exactly what calamine's cell reader gives.
//!
//! It is a reader of the common case, not of XML: anything it does not expect (a
//! namespace prefix, a comment or CDATA section, a character reference, an
//! escape like `_x000D_`, a date format, a date cell (`t="d"`), a number
//! written any other way than digits with a point and an exponent) makes it
//! answer "unsure", and the caller reads the sheet with calamine as before.
//! The unit tests at the end of this file hold the two to the same answer on every fixture.

use std::io::Read;
use std::sync::mpsc;

use calamine::Dimensions;
use memchr::{memchr, memmem};

use super::grid;
use super::tags::{attribute, cell, dimension, merge_refs};
use super::Look;

mod text;
pub(super) use text::SharedStrings;
use text::{after_prolog, plain_attributes, plain_gap, rich_text, tag_at, text, text_end};

/// Why the quick reader stopped short of a sheet.
#[derive(Debug)]
pub(super) enum Stop {
    /// Something it does not read (calamine reads the sheet instead).
    Unsure,
    /// More cells than the limit.
    TooMany,
    /// A cell reference past the last column any spreadsheet has (XFD).
    BeyondLastCell,
    Full(grid::Full),
}

impl From<grid::Full> for Stop {
    fn from(full: grid::Full) -> Stop {
        Stop::Full(full)
    }
}

/// What a cell's style says for the quick reader.
#[derive(Debug, Clone, Copy)]
pub(super) struct StyleFormat {
    /// The number format id the grid keeps (see `read_cells`).
    pub id: u16,
    /// The number format may show a date or a time: calamine reads a number in
    /// it as a date, which the quick reader leaves to calamine.
    pub maybe_date: bool,
    /// How it sets out a text (indent, bold).
    pub look: Look,
}

/// Cells' formulas by position (row, column).
pub(super) type CellFormulas = Vec<((u32, u32), String)>;

/// What the quick reader read of a sheet.
pub(super) struct QuickSheet {
    pub grid: grid::Builder,
    pub listed: usize,
    pub merges: Vec<Dimensions>,
    /// The formulas of cells, as calamine's formula reading gives them (shared
    /// ones expanded): every one with `keep_formulas`, else those of cells
    /// that hold no number (where a saved value may be missing).
    pub cell_formulas: CellFormulas,
    /// The rows `<row hidden="1">` marks, in order.
    pub hidden_rows: Vec<u32>,
    /// Text cells whose style indents them or sets them in bold.
    pub looks: Vec<((u32, u32), Look)>,
}

/// Reads a sheet's XML from `reader` into `grid`. With `alongside`, the part is
/// unpacked on a thread of its own while this one reads what it gives.
pub(super) fn read_sheet<R: Read + Send>(
    reader: R,
    alongside: bool,
    strings: &SharedStrings,
    styles: &[StyleFormat],
    grid: grid::Builder,
    limit: usize,
    keep_formulas: bool,
) -> Result<QuickSheet, Stop> {
    let mut parser = SheetParser {
        keep_formulas,
        last: None,
        disordered: false,
        cell_formulas: Vec::new(),
        hidden_rows: Vec::new(),
        looks: Vec::new(),
        shared_formulas: Vec::new(),
        strings,
        styles,
        texts: vec![None; strings.len()],
        grid,
        row: 0,
        col: 0,
        listed: 0,
        limit,
        scratch: String::new(),
        phase: Phase::Prolog,
        tail: Vec::new(),
        stopped: None,
    };
    let done = if alongside {
        std::thread::scope(|scope| {
            let (tx, rx) = mpsc::sync_channel::<Vec<u8>>(4);
            let (back_tx, back_rx) = mpsc::channel::<Vec<u8>>();
            let inflater = scope.spawn(move || unpack(reader, tx, back_rx));
            let mut chunks = Chunks::from_channel(rx, back_tx);
            let done = chunks.each_region(b"</row>", |xml, last| parser.region(xml, last));
            // Dropping the chunks stops the unpacking thread if it is still going.
            drop(chunks);
            let unpacked = inflater.join().unwrap_or(false);
            done.filter(|_| unpacked)
        })
    } else {
        Chunks::new(reader).each_region(b"</row>", |xml, last| parser.region(xml, last))
    };
    if let Some(stop) = parser.stopped.take() {
        return Err(stop);
    }
    if done.is_none() || !matches!(parser.phase, Phase::Done) {
        return Err(Stop::Unsure);
    }
    let merges = merges_in(&parser.tail).ok_or(Stop::Unsure)?;
    Ok(QuickSheet {
        grid: parser.grid,
        listed: parser.listed,
        merges,
        cell_formulas: parser.cell_formulas,
        hidden_rows: parser.hidden_rows,
        looks: parser.looks,
    })
}

/// Unpacks the part into chunks sent to the reading thread; false on a read
/// error (the reader then answers unsure, and calamine reports the error).
fn unpack<R: Read>(
    mut reader: R,
    tx: mpsc::SyncSender<Vec<u8>>,
    back: mpsc::Receiver<Vec<u8>>,
) -> bool {
    loop {
        let mut chunk = back
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        chunk.resize(CHUNK, 0);
        let mut filled = 0;
        while filled < CHUNK {
            match reader.read(&mut chunk[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(_) => return false,
            }
        }
        chunk.truncate(filled);
        let end = filled < CHUNK;
        if tx.send(chunk).is_err() {
            return true;
        }
        if end {
            return true;
        }
    }
}

/// Bytes unpacked at a time.
const CHUNK: usize = 1 << 20;

/// A region that would hold more than this without its delimiter is not a sheet
/// the quick reader reads (rows are short).
const MOST_CARRIED: usize = 64 << 20;

/// The bytes of a part, a chunk at a time.
struct Chunks<R> {
    source: Source<R>,
    buf: Vec<u8>,
}

enum Source<R> {
    Reader(R),
    Channel(mpsc::Receiver<Vec<u8>>, mpsc::Sender<Vec<u8>>),
}

impl<R: Read> Chunks<R> {
    fn new(reader: R) -> Self {
        Chunks {
            source: Source::Reader(reader),
            buf: Vec::new(),
        }
    }

    /// Appends the next chunk; false at the end. None on a read error.
    fn more(&mut self) -> Option<bool> {
        match &mut self.source {
            Source::Reader(r) => {
                let have = self.buf.len();
                self.buf.resize(have + CHUNK, 0);
                let mut filled = have;
                while filled < self.buf.len() {
                    match r.read(&mut self.buf[filled..]) {
                        Ok(0) => break,
                        Ok(n) => filled += n,
                        Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                        Err(_) => return None,
                    }
                }
                self.buf.truncate(filled);
                Some(filled > have)
            }
            Source::Channel(rx, back) => match rx.recv() {
                Ok(chunk) if !chunk.is_empty() => {
                    self.buf.extend_from_slice(&chunk);
                    let _ = back.send(chunk);
                    Some(true)
                }
                _ => Some(false),
            },
        }
    }

    /// Hands `each` the bytes up to and including the last `delimiter` read so
    /// far, then (with `last` true) what remains at the end. `each` says how many
    /// bytes it used (the rest comes again with more); None from it stops all.
    fn each_region(
        &mut self,
        delimiter: &[u8],
        mut each: impl FnMut(&[u8], bool) -> Option<usize>,
    ) -> Option<()> {
        let finder = memmem::FinderRev::new(delimiter);
        let mut searched_to: usize = 0;
        loop {
            if !self.more()? {
                let used = each(&self.buf, true)?;
                return (used == self.buf.len()).then_some(());
            }
            let from = searched_to.saturating_sub(delimiter.len());
            let Some(at) = finder.rfind(&self.buf[from..]) else {
                searched_to = self.buf.len();
                if self.buf.len() > MOST_CARRIED {
                    return None;
                }
                continue;
            };
            let cut = from + at + delimiter.len();
            let used = each(&self.buf[..cut], false)?;
            self.buf.drain(..used);
            searched_to = 0;
        }
    }
}

impl Chunks<std::io::Empty> {
    fn from_channel(rx: mpsc::Receiver<Vec<u8>>, back: mpsc::Sender<Vec<u8>>) -> Self {
        Chunks {
            source: Source::Channel(rx, back),
            buf: Vec::new(),
        }
    }
}

#[derive(Debug, PartialEq)]
enum Phase {
    /// Before `<sheetData>`.
    Prolog,
    Cells,
    /// After `</sheetData>`: what follows is kept for the merged ranges.
    Tail,
    Done,
}

struct SheetParser<'a> {
    keep_formulas: bool,
    /// The last cell's position, and whether a cell came at or before it.
    last: Option<(u32, u32)>,
    disordered: bool,
    cell_formulas: CellFormulas,
    hidden_rows: Vec<u32>,
    looks: Vec<((u32, u32), Look)>,
    /// Shared formulas by their index: the text and its anchor cell.
    shared_formulas: Vec<Option<(String, (u32, u32))>>,
    strings: &'a SharedStrings,
    styles: &'a [StyleFormat],
    /// Each shared string's place in the grid's arena, once a cell used it.
    texts: Vec<Option<grid::TextRef>>,
    grid: grid::Builder,
    /// calamine's idea of the current row and column (for a cell without `r`).
    row: u32,
    col: u32,
    listed: usize,
    limit: usize,
    scratch: String,
    phase: Phase,
    tail: Vec<u8>,
    /// Why reading stopped, when it was not for unsureness.
    stopped: Option<Stop>,
}

impl SheetParser<'_> {
    /// Reads a region; how many bytes were used (None: stop, unsure or not).
    fn region(&mut self, xml: &[u8], last: bool) -> Option<usize> {
        let mut pos = 0;
        if self.phase == Phase::Prolog {
            let root = after_prolog(xml)?;
            let (name, _) = tag_at(xml, root)?;
            if name != b"worksheet" {
                return None;
            }
            let Some(at) = memmem::find(xml, b"<sheetData") else {
                // Not yet in these bytes (a sheet with long column settings):
                // keep them all for the next chunk.
                return if last { None } else { Some(0) };
            };
            let (name, gt) = tag_at(xml, at)?;
            if name != b"sheetData" {
                return None;
            }
            pos = gt + 1;
            self.phase = if xml[gt - 1] == b'/' {
                Phase::Tail
            } else {
                Phase::Cells
            };
        }
        if self.phase == Phase::Cells {
            match self.cells(xml, pos) {
                Ok(Some(end)) => {
                    pos = end;
                    self.phase = Phase::Tail;
                }
                Ok(None) => return Some(xml.len()),
                Err(stop) => {
                    self.stopped = Some(stop);
                    return None;
                }
            }
        }
        if self.phase == Phase::Tail {
            self.tail.extend_from_slice(&xml[pos..]);
            if self.tail.len() > MOST_CARRIED {
                return None;
            }
            if last {
                self.phase = Phase::Done;
            }
        }
        Some(xml.len())
    }
}

/// A cell's value as read, before it is stored.
enum Val {
    Empty,
    Number(f64),
    /// A truth value or an error value (`#DIV/0!`).
    Other(calamine::Data),
    Shared(usize),
    /// A text in the parser's scratch string.
    Scratch,
}

/// A cell's formula before it is expanded.
enum Formula {
    Text(String),
    /// A shared formula's cell other than its anchor: the shared index.
    Derived(usize),
}

/// Whether `b` may follow a tag's name.
fn ends_name(b: Option<&u8>) -> bool {
    matches!(b, Some(b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
}

impl SheetParser<'_> {
    /// Reads the cells in `xml` from `pos`; where `</sheetData>` ends, if it is
    /// in these bytes.
    fn cells(&mut self, xml: &[u8], mut pos: usize) -> Result<Option<usize>, Stop> {
        loop {
            let Some(lt) = memchr(b'<', &xml[pos..]) else {
                plain_gap(&xml[pos..]).ok_or(Stop::Unsure)?;
                return Ok(None);
            };
            let lt = pos + lt;
            plain_gap(&xml[pos..lt]).ok_or(Stop::Unsure)?;
            match xml.get(lt + 1) {
                Some(b'c') if ends_name(xml.get(lt + 2)) => pos = self.cell(xml, lt)?,
                Some(b'/') if xml[lt..].starts_with(b"</row>") => {
                    self.row += 1;
                    self.col = 0;
                    pos = lt + b"</row>".len();
                }
                Some(b'r') if xml[lt..].starts_with(b"<row") && ends_name(xml.get(lt + 4)) => {
                    let gt = lt + memchr(b'>', &xml[lt..]).ok_or(Stop::Unsure)?;
                    let mut r = None;
                    let mut hidden = false;
                    let tag = &xml[lt + 4..gt];
                    plain_attributes(tag.strip_suffix(b"/").unwrap_or(tag), |key, value| {
                        if key == b"r" {
                            r = Some(value);
                        } else if key == b"hidden" {
                            hidden = matches!(value, b"1" | b"true");
                        }
                        Some(())
                    })
                    .ok_or(Stop::Unsure)?;
                    if let Some(r) = r {
                        self.row = row_number(r).ok_or(Stop::Unsure)?;
                    }
                    if hidden && self.hidden_rows.last() != Some(&self.row) {
                        self.hidden_rows.push(self.row);
                    }
                    if xml[gt - 1] == b'/' {
                        self.row += 1;
                        self.col = 0;
                    }
                    pos = gt + 1;
                }
                Some(b'/') if xml[lt..].starts_with(b"</sheetData>") => {
                    return Ok(Some(lt + b"</sheetData>".len()));
                }
                _ => return Err(Stop::Unsure),
            }
        }
    }

    /// Reads the `<c>` element at `lt` and stores its value; where it ends.
    fn cell(&mut self, xml: &[u8], lt: usize) -> Result<usize, Stop> {
        let gt = lt + memchr(b'>', &xml[lt..]).ok_or(Stop::Unsure)?;
        let empty = xml[gt - 1] == b'/';
        let (r, s, t) =
            cell_attributes(&xml[lt + 2..if empty { gt - 1 } else { gt }]).ok_or(Stop::Unsure)?;
        let (row, col) = match r {
            Some(r) => {
                let (row, col) = match cell(r) {
                    Some(at) => at,
                    // Said here: the reader underneath stops on such a reference.
                    None if super::tags::beyond_last_column(r) => return Err(Stop::BeyondLastCell),
                    None => return Err(Stop::Unsure),
                };
                self.col = col;
                (row, col)
            }
            None => (self.row, self.col),
        };
        self.col += 1;
        if self.last.is_some_and(|last| (row, col) <= last) {
            self.disordered = true;
        }
        self.last = Some((row, col));
        self.listed += 1;
        if self.listed > self.limit {
            return Err(Stop::TooMany);
        }
        if empty {
            return Ok(gt + 1);
        }
        let mut value = Val::Empty;
        let mut cell_formula: Option<Formula> = None;
        let mut pos = gt + 1;
        let end = loop {
            let lt = pos + memchr(b'<', &xml[pos..]).ok_or(Stop::Unsure)?;
            plain_gap(&xml[pos..lt]).ok_or(Stop::Unsure)?;
            let next = xml.get(lt + 1).copied();
            if next == Some(b'/') && xml[lt..].starts_with(b"</c>") {
                break lt + b"</c>".len();
            }
            let (name, gt) = tag_at(xml, lt).ok_or(Stop::Unsure)?;
            let empty = xml[gt - 1] == b'/';
            match name {
                b"v" => {
                    if empty {
                        value = Val::Empty;
                        pos = gt + 1;
                        continue;
                    }
                    let close = text_end(xml, gt + 1, b"</v>").ok_or(Stop::Unsure)?;
                    value = self.v(&xml[gt + 1..close], t)?;
                    pos = close + b"</v>".len();
                }
                b"f" => {
                    value = Val::Empty;
                    let mut text_of = String::new();
                    pos = if empty {
                        gt + 1
                    } else {
                        let close = text_end(xml, gt + 1, b"</f>").ok_or(Stop::Unsure)?;
                        text(&xml[gt + 1..close], &mut text_of).ok_or(Stop::Unsure)?;
                        close + b"</f>".len()
                    };
                    cell_formula = self.formula(&xml[lt + 2..gt], text_of, (row, col))?;
                }
                b"is" => {
                    self.scratch.clear();
                    pos = if empty {
                        gt + 1
                    } else {
                        let close =
                            gt + 1 + memmem::find(&xml[gt + 1..], b"</is>").ok_or(Stop::Unsure)?;
                        rich_text(&xml[gt + 1..close], &mut self.scratch).ok_or(Stop::Unsure)?;
                        close + b"</is>".len()
                    };
                    value = Val::Scratch;
                }
                _ => return Err(Stop::Unsure),
            }
        };
        if let Some(f) = cell_formula {
            // A number is a saved value, unless an earlier cell took the same
            // position (the grid keeps the first): then every formula is kept.
            if self.keep_formulas || self.disordered || !matches!(value, Val::Number(_)) {
                let text = match f {
                    Formula::Text(t) => Some(t),
                    Formula::Derived(si) => self.expand(si, (row, col))?,
                };
                if let Some(t) = text.filter(|t| !t.is_empty()) {
                    self.cell_formulas.push(((row, col), t));
                }
            }
        }
        self.store(row, col, s, value)?;
        Ok(end)
    }

    /// A cell's `<f>` (the bytes after `<f` to its `>`, and its text, in the cell
    /// at `at`): a shared formula's anchor is remembered for the cells that
    /// follow it. Its text is written for the anchor cell itself, which is not
    /// always the first cell of its `ref` range (`ref="N34:N97"` on N35):
    /// calamine moves it from the range's first cell, a row off in that case.
    fn formula(
        &mut self,
        tag: &[u8],
        text: String,
        at: (u32, u32),
    ) -> Result<Option<Formula>, Stop> {
        let tag = tag.strip_suffix(b"/").unwrap_or(tag);
        let attr = |name: &[u8]| attribute(tag, name).ok_or(Stop::Unsure);
        if attr(b"t")? != Some(b"shared") {
            return Ok(Some(Formula::Text(text)));
        }
        let si = attr(b"si")?.and_then(index).ok_or(Stop::Unsure)?;
        match attr(b"ref")? {
            Some(r) => {
                dimension(r).ok_or(Stop::Unsure)?;
                // (An index far beyond the anchors a sheet holds is not read here.)
                if si > 1 << 20 {
                    return Err(Stop::Unsure);
                }
                if self.shared_formulas.len() <= si {
                    self.shared_formulas.resize(si + 1, None);
                }
                self.shared_formulas[si] = Some((text.clone(), at));
                Ok(Some(Formula::Text(text)))
            }
            None => Ok(Some(Formula::Derived(si))),
        }
    }

    /// A shared formula as it reads in the cell at `pos`.
    fn expand(&self, si: usize, pos: (u32, u32)) -> Result<Option<String>, Stop> {
        match self.shared_formulas.get(si).and_then(Option::as_ref) {
            Some((template, start)) => calamine::expand_shared_formula(template, *start, pos)
                .map(Some)
                .map_err(|_| Stop::Unsure),
            None => Ok(None),
        }
    }

    /// The value of a `<v>` element, read as calamine reads it for type `t`.
    fn v(&mut self, v: &[u8], t: Option<&[u8]>) -> Result<Val, Stop> {
        match t {
            // An inline string's value is in its <is>; calamine skips the <v>.
            Some(b"inlineStr") => Ok(Val::Empty),
            None | Some(b"n") => {
                if v.is_empty() {
                    return Ok(Val::Empty);
                }
                number(v).map(Val::Number).ok_or(Stop::Unsure)
            }
            Some(b"s") => {
                if v.is_empty() {
                    return Ok(Val::Empty);
                }
                let i = index(v).ok_or(Stop::Unsure)?;
                if i >= self.strings.len() {
                    return Err(Stop::Unsure);
                }
                Ok(Val::Shared(i))
            }
            Some(b"b") => {
                // As calamine reads a truth value: 0, 1, false or true.
                let v = std::str::from_utf8(v).map_err(|_| Stop::Unsure)?.trim();
                if v.contains('&') {
                    return Err(Stop::Unsure);
                }
                Ok(if v.is_empty() {
                    Val::Empty
                } else if v == "0" || v.eq_ignore_ascii_case("false") {
                    Val::Other(calamine::Data::Bool(false))
                } else if v == "1" || v.eq_ignore_ascii_case("true") {
                    Val::Other(calamine::Data::Bool(true))
                } else {
                    return Err(Stop::Unsure);
                })
            }
            Some(b"e") => {
                let v = std::str::from_utf8(v).map_err(|_| Stop::Unsure)?;
                v.parse::<calamine::CellErrorType>()
                    .map(|e| Val::Other(calamine::Data::Error(e)))
                    .map_err(|_| Stop::Unsure)
            }
            Some(b"str") => {
                self.scratch.clear();
                text(v, &mut self.scratch).ok_or(Stop::Unsure)?;
                if self.scratch.contains("_x") {
                    return Err(Stop::Unsure);
                }
                Ok(Val::Scratch)
            }
            _ => Err(Stop::Unsure),
        }
    }

    fn store(&mut self, row: u32, col: u32, s: Option<&[u8]>, value: Val) -> Result<(), Stop> {
        match value {
            // A formula never calculated, or a merged range's blank cell.
            Val::Empty => Ok(()),
            Val::Number(f) => {
                let fmt = match s {
                    // calamine reads a number without a style as a number, and
                    // its format is the first style's.
                    None => self.styles.first().map_or(0, |st| st.id),
                    Some(s) => {
                        let st = index(s)
                            .and_then(|i| self.styles.get(i))
                            .ok_or(Stop::Unsure)?;
                        if st.maybe_date {
                            return Err(Stop::Unsure);
                        }
                        st.id
                    }
                };
                Ok(self.grid.push(row, col, fmt, grid::NewValue::Float(f))?)
            }
            Val::Shared(i) => {
                self.note_look(row, col, s);
                let text = match self.texts[i] {
                    Some(t) => t,
                    None => {
                        let s = self.strings.get(i).ok_or(Stop::Unsure)?;
                        let t = self.grid.intern(s)?;
                        self.texts[i] = Some(t);
                        t
                    }
                };
                Ok(self.grid.push(row, col, 0, grid::NewValue::Text(text))?)
            }
            Val::Other(data) => Ok(self.grid.push_other(row, col, 0, data)?),
            Val::Scratch => {
                self.note_look(row, col, s);
                Ok(self
                    .grid
                    .push(row, col, 0, grid::NewValue::Str(&self.scratch))?)
            }
        }
    }

    /// Keeps a text cell's look where its style is not plain.
    fn note_look(&mut self, row: u32, col: u32, s: Option<&[u8]>) {
        if let Some(st) = s.and_then(index).and_then(|i| self.styles.get(i)) {
            if !st.look.is_plain() {
                self.looks.push(((row, col), st.look));
            }
        }
    }
}

/// The `r`, `s` and `t` attributes of a cell (from the bytes after `<c` to
/// before its `>` or `/>`); None for anything unexpected.
#[allow(clippy::type_complexity)]
fn cell_attributes(tag: &[u8]) -> Option<(Option<&[u8]>, Option<&[u8]>, Option<&[u8]>)> {
    let (mut r, mut s, mut t) = (None, None, None);
    plain_attributes(tag, |key, value| {
        if value.contains(&b'&') {
            return None;
        }
        match key {
            b"r" => r = Some(value),
            b"s" => s = Some(value),
            b"t" => t = Some(value),
            _ if key.contains(&b':') && !key.starts_with(b"xmlns") => return None,
            _ => {}
        }
        Some(())
    })?;
    Some((r, s, t))
}

/// A row number (`r` of a `<row>`), 1-based in the file: its index.
fn row_number(r: &[u8]) -> Option<u32> {
    let n = index(r)?;
    if r.len() > 7 || n == 0 {
        return None;
    }
    Some(n as u32 - 1)
}

/// Plain digits, no sign, no leading zero (but `0` itself), at most 18.
fn index(v: &[u8]) -> Option<usize> {
    if v.is_empty() || v.len() > 18 || (v.len() > 1 && v[0] == b'0') {
        return None;
    }
    v.iter().try_fold(0usize, |n, b| {
        b.is_ascii_digit().then(|| n * 10 + usize::from(b - b'0'))
    })
}

/// A number written `-?digits(.digits)?([eE][+-]?digits)?`, read to the
/// nearest double (as calamine's reader reads it); None for any other writing.
fn number(v: &[u8]) -> Option<f64> {
    let digits = |from: usize| v[from..].iter().take_while(|b| b.is_ascii_digit()).count();
    let mut i = usize::from(v.first() == Some(&b'-'));
    let whole = digits(i);
    if whole == 0 {
        return None;
    }
    i += whole;
    if i == v.len() && whole <= 15 {
        // Up to 15 digits: the whole number is a double exactly.
        let n = v[usize::from(v[0] == b'-')..i]
            .iter()
            .fold(0u64, |n, b| n * 10 + u64::from(b - b'0'));
        let n = n as f64;
        return Some(if v[0] == b'-' { -n } else { n });
    }
    if v.get(i) == Some(&b'.') {
        let frac = digits(i + 1);
        if frac == 0 {
            return None;
        }
        i += 1 + frac;
    }
    if matches!(v.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(v.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(i);
        if exp == 0 {
            return None;
        }
        i += exp;
    }
    if i != v.len() {
        return None;
    }
    std::str::from_utf8(v).ok()?.parse().ok()
}

/// The merged ranges in what follows `</sheetData>`, as `scan` reads them.
fn merges_in(tail: &[u8]) -> Option<Vec<Dimensions>> {
    let Some(m) = memmem::find(tail, b"<mergeCells") else {
        return Some(Vec::new());
    };
    let gt = m + memchr(b'>', &tail[m..])?;
    if tail[gt - 1] == b'/' {
        return Some(Vec::new());
    }
    let close = memmem::find(&tail[m..], b"</mergeCells>")? + m;
    merge_refs(&tail[m + b"<mergeCells".len()..close])
}

/// Whether a style's number format may show a date or time, as calamine decides
/// it (a number in such a format is read as a date): by its code, and by its
/// id when the code is one of the built-in ones.
pub(super) fn maybe_date(code: &str, id: Option<u32>) -> bool {
    id.is_some_and(builtin_date) || custom_date(code)
}

fn builtin_date(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// calamine's `detect_custom_number_format` (MIT, Johann Tuffe and calamine's
/// contributors), answering only whether the format is a date or a duration.
fn custom_date(format: &str) -> bool {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return false,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return true,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return true,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return true
            }
            _ => {
                if hms && s.eq_ignore_ascii_case(&prev) {
                } else {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    false
}

#[cfg(test)]
mod tests {
    //! The quick reader gives what calamine gives, on every fixture and on
    //! sheets written to hold what it reads and what it leaves to calamine.

    use super::super::{quick_sheet, scan, Limits, Sheet, Workbook};
    use std::io::{Read, Write};
    use std::path::{Path, PathBuf};

    /// Everything selaras keeps of a sheet, in words.
    fn describe(sheet: &Sheet) -> String {
        let mut out = format!(
            "{} hidden={} known={} codes={:?}\n",
            sheet.name, sheet.hidden, sheet.formats_known, sheet.format_codes
        );
        for (r, c, v) in sheet.grid.iter() {
            out += &format!("{r},{c} {v:?} fmt={}\n", sheet.grid.format_id(r, c));
        }
        let mut formulas: Vec<_> = sheet.formulas.iter().collect();
        formulas.sort();
        let mut looks: Vec<_> = sheet.looks.iter().collect();
        looks.sort();
        out += &format!(
            "merges={:?}\nuncalculated={:?}\nformulas={formulas:?}\nlooks={looks:?}\n",
            sheet.merges, sheet.uncalculated
        );
        out
    }

    fn read(path: &Path, formulas: bool, quick: bool) -> String {
        match Workbook::open_reading(path, formulas, &Limits::default(), quick) {
            Ok(book) => book.sheets.iter().map(describe).collect(),
            Err(e) => format!("error: {}", e.render(crate::i18n::Lang::english())),
        }
    }

    /// Whether a sheet of the workbook anchors a shared formula on a cell other
    /// than its range's first (`<c r="N35"><f t="shared" ref="N34:N97" ..>`):
    /// calamine then moves the formula a row off in the cells that share it,
    /// and the quick reader, which moves it from its anchor, reads otherwise.
    fn anchors_shared_formula_off_its_range(path: &Path) -> bool {
        let Ok(file) = std::fs::File::open(path) else {
            return false;
        };
        let Ok(mut zip) = zip::ZipArchive::new(file) else {
            return false;
        };
        let names: Vec<String> = zip
            .file_names()
            .filter_map(Result::ok)
            .filter(|n| n.starts_with("xl/worksheets/sheet"))
            .map(|n| n.to_string())
            .collect();
        names.iter().any(|name| {
            let mut xml = String::new();
            if zip
                .by_name(name)
                .map(|mut f| f.read_to_string(&mut xml))
                .is_err()
            {
                return false;
            }
            xml.split("<c r=\"").skip(1).any(|cell| {
                let at = cell.split('"').next().unwrap_or("");
                let Some(f) = cell
                    .split("</c>")
                    .next()
                    .and_then(|c| c.split("<f ").nth(1))
                else {
                    return false;
                };
                f.contains("t=\"shared\"")
                    && f.split("ref=\"").nth(1).is_some_and(|r| {
                        let start = r.split([':', '"']).next().unwrap_or("");
                        start != at
                    })
            })
        })
    }

    fn assert_same(path: &Path) {
        for formulas in [false, true] {
            assert_eq!(
                read(path, formulas, true),
                read(path, formulas, false),
                "{} (formulas: {formulas})",
                path.display()
            );
        }
    }

    /// Whether the quick reader reads every sheet of the workbook itself.
    fn read_quickly(path: &Path) -> bool {
        let limits = Limits::default();
        // (A workbook calamine cannot open is not read by the quick reader either.)
        let Ok(mut book) = calamine::open_workbook::<calamine::Xlsx<_>, _>(path) else {
            return false;
        };
        let mut package = scan::Package::open(path, &limits).unwrap();
        let names = calamine::Reader::sheet_names(&book);
        names.iter().all(|name| {
            quick_sheet(&mut book, &mut package, name, limits.max_cells, None, true).is_ok()
        })
    }

    fn xlsx_files(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                xlsx_files(&path, out);
            } else if path.extension().is_some_and(|e| e == "xlsx") {
                out.push(path);
            }
        }
    }

    #[test]
    fn a_shared_formula_moves_from_its_anchor_cell() {
        // The Sumenep export anchors `IFERROR((K35/M35),"0%")` on N35 with
        // ref="N34:N97": N37 reads row 37, as Excel and openpyxl read it.
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("fixtures/real-world/sumenep-dinkes-realisasi-belanja-2026-sd-juni.xlsx");
        assert!(anchors_shared_formula_off_its_range(&path));
        let book = Workbook::open_reading(&path, true, &Limits::default(), true).unwrap();
        let sheet = &book.sheets[0];
        assert_eq!(sheet.formula(36, 13), Some("IFERROR((K37/M37),\"0%\")"));
        assert_eq!(sheet.formula(35, 13), Some("IFERROR((K36/M36),\"0%\")"));
        assert_eq!(sheet.formula(34, 13), Some("IFERROR((K35/M35),\"0%\")"));
    }

    #[test]
    fn every_fixture_reads_as_calamine_reads_it() {
        let mut files = Vec::new();
        xlsx_files(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("fixtures")
                .as_path(),
            &mut files,
        );
        assert!(files.len() >= 30, "{files:?}");
        for path in &files {
            assert_same(path);
        }
        // And the quick reader did read the reports (not only left them to calamine).
        let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
        for name in [
            "lkjip-setda-kebumen-2024.xlsx",
            "dinkes-contoh-2024.xlsx",
            "bad/error-cells.xlsx",
        ] {
            assert!(read_quickly(&fixtures.join(name)), "{name}");
        }
    }

    const STYLES: &str = r##"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="#,##0.00;[Red]\-#,##0.00"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>"##;

    const SHEET_HEAD: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><dimension ref="A1:F9"/><sheetData>"#;

    /// An .xlsx whose one sheet's cells are `rows` (the XML inside <sheetData>)
    /// followed by `after`, with shared strings `sst` (the XML inside <sst>).
    fn workbook(dir: &Path, name: &str, rows: &str, after: &str, sst: Option<&str>) -> PathBuf {
        let sheet = format!("{SHEET_HEAD}{rows}</sheetData>{after}</worksheet>");
        workbook_of(dir, name, &sheet, sst)
    }

    fn workbook_of(dir: &Path, name: &str, sheet: &str, sst: Option<&str>) -> PathBuf {
        workbook_styled(dir, name, sheet, sst, STYLES)
    }

    fn workbook_styled(
        dir: &Path,
        name: &str,
        sheet: &str,
        sst: Option<&str>,
        styles: &str,
    ) -> PathBuf {
        let path = dir.join(name);
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let opts = zip::write::SimpleFileOptions::default();
        let ct = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#;
        let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
        let book = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
        let book_rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;
        let mut parts = vec![
            ("[Content_Types].xml", ct.to_string()),
            ("_rels/.rels", rels.to_string()),
            ("xl/workbook.xml", book.to_string()),
            ("xl/_rels/workbook.xml.rels", book_rels.to_string()),
            ("xl/styles.xml", styles.to_string()),
            ("xl/worksheets/sheet1.xml", sheet.to_string()),
        ];
        if let Some(sst) = sst {
            parts.push((
                "xl/sharedStrings.xml",
                format!(
                    r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{sst}</sst>"#
                ),
            ));
        }
        for (name, text) in parts {
            zip.start_file(name, opts).unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        path
    }

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("selaras-quick-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    const SST: &str = r#"<si><t>Program</t></si><si><t xml:space="preserve"> Belanja &amp; Modal </t></si><si><r><rPr><b/><sz val="11"/></rPr><t>Capaian</t></r><r><t xml:space="preserve"> (%)</t></r></si><si><t/></si><si/><si><t>
  Sasaran  </t></si><si><t>Kinerja &lt;IKU&gt; &quot;utama&quot;</t></si>"#;

    /// Sheets the quick reader reads itself (true) or leaves to calamine.
    const CASES: &[(&str, &str, &str, bool)] = &[
        ("plain", r#"<row r="1" spans="1:3"><c r="A1" t="s"><v>0</v></c><c r="B1" s="3"><v>1250000</v></c><c r="C1" s="2"><v>0.9088</v></c></row><row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" s="5"><v>-12.5E-1</v></c><c r="C2"><v>1.0000000000000002</v></c><c r="D2" t="n"><v>12345678901234567890</v></c></row>"#, "", true),
        ("no-positions", r#"<row><c t="s"><v>2</v></c><c><v>7</v></c><c/><c s="3"><v>3</v></c></row><row r="5"/><row><c><v>1</v></c></row><row r="9"><c><v>2</v></c><c r="E9"><v>3</v></c><c><v>4</v></c></row>"#, "", true),
        ("strings", r#"<row r="1"><c r="A1" t="s"><v>3</v></c><c r="B1" t="s"><v>4</v></c><c r="C1" t="s"><v>5</v></c><c r="D1" t="s"><v>6</v></c><c r="E1" t="s"><v></v></c><c r="F1" t="inlineStr"><is><t xml:space="preserve"> 90,45% </t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><r><t>1.234</t></r><r><rPr><i/></rPr><t>.567</t></r></is></c><c r="B2" t="inlineStr"><is><t>  trimmed </t></is><v>9</v></c><c r="C2" t="inlineStr"><is/></c></row>"#, "", true),
        ("formulas", r#"<row r="1"><c r="A1"><f>B1*2</f><v>4</v></c><c r="B1"><v>2</v></c><c r="C1" t="str"><f>"a"&amp;"b"</f><v>a&amp;b</v></c><c r="D1"><f>A1+B1</f></c><c r="E1"><f t="shared" ref="E1:E3" si="0">A1+1</f><v>5</v></c></row><row r="2"><c r="E2"><f t="shared" si="0"/><v>3</v></c><c r="F2"><v>1</v><f>E2</f></c></row><row r="3"><c r="E3"><f t="shared" si="0"/></c><c r="F3"><f>E3</f><v></v></c></row>"#, "", true),
        ("shared-formulas", r#"<row r="1"><c r="A1"><f t="shared" si="3"/></c><c r="B1"><f t="shared" ref="B1:B3" si="3">$A$1+A1*'Tabel 2'!C1</f></c><c r="C1"><f t="array" ref="C1">SUM(A1:B1)</f><v>1</v></c></row><row r="2"><c r="B2"><f t="shared" si="3"/></c><c r="C2" t="s"><f>"x"</f><v>0</v></c></row><row r="3"><c r="B3"><f t="shared" si="3"/><v>7</v></c><c r="C3"><f>IF(A1&lt;2,"a&amp;b","")</f></c></row>"#, "", true),
        ("merges", r#"<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"/><c r="C1"/></row>"#, r#"<mergeCells count="2"><mergeCell ref="A1:C1"/><mergeCell ref="A2:A4"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>"#, true),
        ("pretty", "\n  <row r=\"1\">\n    <c r=\"A1\" s=\"3\">\n      <v>12</v>\n    </c>\n    <c s=\"2\" r=\"B1\"><v>0.5</v></c>\n  </row>\n", "\n", true),
        ("unstyled-number-first-style", r#"<row r="1"><c r="A1"><v>45000</v></c></row>"#, "", true),
        ("date-custom", r#"<row r="1"><c r="A1" s="1"><v>45000</v></c></row>"#, "", false),
        ("date-builtin", r#"<row r="1"><c r="A1" s="4"><v>45000.5</v></c></row>"#, "", false),
        ("bool", r#"<row r="1"><c r="A1" t="b"><v>1</v></c><c r="B1" t="b"><v> TRUE </v></c><c r="C1" t="b"><v>false</v></c><c r="D1" t="b"><v></v></c></row>"#, "", true),
        ("bool-other", r#"<row r="1"><c r="A1" t="b"><v>2</v></c></row>"#, "", false),
        ("error", r#"<row r="1"><c r="A1" t="e"><v>#DIV/0!</v></c><c r="B1" t="e"><f>1/0</f><v>#N/A</v></c><c r="C1" t="e"><v>#REF!</v></c></row>"#, "", true),
        ("error-other", r#"<row r="1"><c r="A1" t="e"><v>#GETTING_DATA</v></c></row>"#, "", false),
        ("number-with-space", r#"<row r="1"><c r="A1"><v> 12</v></c></row>"#, "", false),
        ("number-as-text", r#"<row r="1"><c r="A1"><v>12,5</v></c></row>"#, "", false),
        ("point-first", r#"<row r="1"><c r="A1"><v>.5</v></c></row>"#, "", false),
        ("style-beyond", r#"<row r="1"><c r="A1" s="42"><v>5</v></c></row>"#, "", false),
        ("string-beyond", r#"<row r="1"><c r="A1" t="s"><v>99</v></c></row>"#, "", false),
        ("char-ref", r#"<row r="1"><c r="A1" t="inlineStr"><is><t>A&#10;B</t></is></c></row>"#, "", false),
        ("escape", r#"<row r="1"><c r="A1" t="inlineStr"><is><t>A_x000D_B</t></is></c></row>"#, "", false),
        ("cdata", r#"<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[a</row>b]]></t></is></c></row>"#, "", false),
        ("comment", r#"<row r="1"><!-- note --><c r="A1"><v>1</v></c></row>"#, "", false),
        ("single-quotes", r#"<row r="1"><c r='A1'><v>1</v></c></row>"#, "", false),
        ("lower-case-ref", r#"<row r="1"><c r="a1"><v>1</v></c></row>"#, "", true),
        ("unknown-type", r#"<row r="1"><c r="A1" t="d"><v>2024-01-01</v></c></row>"#, "", false),
        ("phonetic", r#"<row r="1"><c r="A1" t="inlineStr"><is><t>a</t><rPh sb="0" eb="1"><t>b</t></rPh></is></c></row>"#, "", false),
    ];

    #[test]
    fn written_sheets_read_as_calamine_reads_them() {
        let dir = scratch("cases");
        for (name, rows, after, quick) in CASES {
            let path = workbook(&dir, &format!("{name}.xlsx"), rows, after, Some(SST));
            assert_same(&path);
            assert_eq!(read_quickly(&path), *quick, "{name}");
        }
        // Without shared strings, a shared-string cell is left to calamine.
        let path = workbook(&dir, "no-sst.xlsx", CASES[0].1, "", None);
        assert_same(&path);
        assert!(!read_quickly(&path));
        let path = workbook(&dir, "no-sst-no-s.xlsx", CASES[6].1, "", None);
        assert_same(&path);
        assert!(read_quickly(&path));
        // A prefixed worksheet, and shared strings it does not read.
        let prefixed = r#"<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"#;
        // A date format under a number format id that is not a number: calamine
        // finds it by that name, the styles it gives do not show it.
        let sheet = format!("{SHEET_HEAD}{}</sheetData></worksheet>", CASES[8].1);
        let styles = STYLES.replace("numFmtId=\"164\"", "numFmtId=\"d164\"");
        let path = workbook_styled(&dir, "named-format.xlsx", &sheet, Some(SST), &styles);
        assert_same(&path);
        assert!(!read_quickly(&path));
        assert!(read(&path, false, false).contains("DateTime"));
        let path = workbook_of(&dir, "prefixed.xlsx", prefixed, Some(SST));
        assert_same(&path);
        assert!(!read_quickly(&path));
        let path = workbook(
            &dir,
            "phonetic-sst.xlsx",
            CASES[0].1,
            "",
            Some(r#"<si><t>a</t><rPh sb="0" eb="1"><t>b</t></rPh></si><si><t>c</t></si>"#),
        );
        assert_same(&path);
        assert!(!read_quickly(&path));
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// Sheets of cells drawn at random from the kinds above, many rows long (so
    /// they cross the reader's chunks), each read both ways.
    #[test]
    fn random_sheets_read_as_calamine_reads_them() {
        let dir = scratch("random");
        let kinds: &[&str] = &[
            r#"<c r="{A}" s="3"><v>{N}</v></c>"#,
            r#"<c r="{A}" s="2"><v>0.{N}</v></c>"#,
            r#"<c r="{A}" t="s"><v>{S}</v></c>"#,
            r#"<c r="{A}" t="inlineStr"><is><t xml:space="preserve"> {N},5 %</t></is></c>"#,
            r#"<c r="{A}"><f>A1+{N}</f><v>-{N}.25E-2</v></c>"#,
            r#"<c r="{A}"><f>A1</f></c>"#,
            r#"<c r="{A}" s="5"/>"#,
            r#"<c r="{A}" t="str"><f>"x"</f><v>x &amp; {N}</v></c>"#,
            r#"<c s="3"><v>{N}</v></c>"#,
            r#"<c r="{A}" t="e"><v>#N/A</v></c>"#,
            r#"<c r="{A}" s="1"><v>{N}</v></c>"#,
        ];
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut next = |n: usize| rng.below(n);
        let mut quick = 0;
        for sheet in 0..12 {
            // Most sheets hold only kinds the quick reader reads; a few not.
            let usable = if sheet % 4 == 3 {
                kinds.len()
            } else {
                kinds.len() - 1
            };
            let rows = 200 + next(3000);
            let mut xml = String::new();
            for r in 1..=rows {
                xml += &format!(r#"<row r="{r}">"#);
                for c in 0..1 + next(6) {
                    let kind = kinds[next(usable)];
                    let a = format!("{}{r}", char::from(b'A' + c as u8));
                    xml += &kind
                        .replace("{A}", &a)
                        .replace("{N}", &next(1_000_000).to_string())
                        .replace("{S}", &next(7).to_string());
                }
                xml += "</row>";
            }
            let path = workbook(&dir, &format!("random-{sheet}.xlsx"), &xml, "", Some(SST));
            assert_same(&path);
            quick += usize::from(read_quickly(&path));
        }
        assert!(quick >= 9, "{quick} of 12 sheets read quickly");
        let _ = std::fs::remove_dir_all(&dir);
    }

    /// A small deterministic generator (xorshift) for the random sheets.
    struct Rng(u64);

    impl Rng {
        fn below(&mut self, n: usize) -> usize {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            (self.0 % n as u64) as usize
        }

        /// `text` with one to three characters deleted, doubled or swapped for
        /// one of markup's; None when that is no longer UTF-8.
        fn damage(&mut self, text: &str) -> Option<String> {
            let alphabet = b"<>/\"= rstvcf0129.-&;_AEx";
            let mut bytes = text.as_bytes().to_vec();
            for _ in 0..1 + self.below(3) {
                let at = self.below(bytes.len());
                match self.below(3) {
                    0 => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(at, bytes[at]),
                    _ => bytes[at] = alphabet[self.below(alphabet.len())],
                }
            }
            String::from_utf8(bytes).ok()
        }
    }

    /// Sheets damaged at random (characters of markup deleted, doubled or
    /// swapped for others): whatever the quick reader accepts, calamine reads
    /// the same; whatever it does not, calamine reads (or refuses) as before.
    #[test]
    fn damaged_sheets_read_as_calamine_reads_them() {
        let dir = scratch("damaged");
        let bases = [
            format!("{}{}", CASES[0].1, CASES[3].1),
            format!("{}{}", CASES[2].1, CASES[4].1),
            format!("{}{}", CASES[1].1, CASES[5].1),
            format!("{}{}", CASES[10].1, CASES[12].1),
        ];
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut quick = 0;
        for i in 0..900 {
            let Some(xml) = rng.damage(&bases[i % bases.len()]) else {
                continue;
            };
            let path = workbook(&dir, &format!("damaged-{i}.xlsx"), &xml, "", Some(SST));
            assert_same(&path);
            quick += usize::from(read_quickly(&path));
            let _ = std::fs::remove_file(&path);
        }
        // The shared strings damaged, under a sheet that uses each of them.
        let sheet = format!(
            "{}{}",
            CASES[0].1,
            CASES[2]
                .1
                .replace("r=\"1\"", "r=\"11\"")
                .replace("1\" t", "11\" t")
        );
        for i in 0..300 {
            let Some(sst) = rng.damage(SST) else {
                continue;
            };
            let name = format!("damaged-sst-{i}.xlsx");
            let path = workbook(&dir, &name, &sheet, "", Some(&sst));
            assert_same(&path);
            quick += usize::from(read_quickly(&path));
            let _ = std::fs::remove_file(&path);
        }
        // Many damages leave a sheet the quick reader still reads (a changed
        // digit, a doubled space): those were compared, not only left to calamine.
        assert!(
            quick >= 150,
            "{quick} of 1 200 damaged workbooks read quickly"
        );
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn numbers_read_to_the_double_calamine_reads() {
        for v in [
            "0",
            "-0",
            "12",
            "00012",
            "123456789012345",
            "1234567890123456789",
            "1.5",
            "-0.000001",
            "1E3",
            "2.5e-10",
            "1.7976931348623157E308",
            "0.1",
        ] {
            assert_eq!(
                super::number(v.as_bytes()),
                Some(v.parse::<f64>().unwrap()),
                "{v}"
            );
        }
        for v in [
            "", "-", "1.", ".5", "1e", "+1", " 1", "1 ", "1,5", "inf", "NaN", "0x10", "1.5.2",
        ] {
            assert_eq!(super::number(v.as_bytes()), None, "{v}");
        }
    }
}
