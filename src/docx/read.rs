//! Reading a Word draft (.docx): the body's headings, paragraphs and tables, in
//! document order, with where each paragraph and run lies in `word/document.xml`
//! (what `--fix` needs to put a tracked change exactly there).
//!
//! A heading is a paragraph whose style (or its own paragraph properties) has an
//! outline level: Word's built-in Heading 1-9 styles do, and so does any custom
//! style an office made for its chapters. A table's merged cells (gridSpan across,
//! vMerge down) become merged ranges of the grid, so a header of two or three rows
//! reads as it does in a workbook.

use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use crate::xlsx_patch::push_text;
use calamine::{Data, Dimensions};
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

use super::texts;
use crate::i18n::Msg;
use crate::workbook::{Limits, LoadError, Sheet, Workbook};

/// Rows above a table on its sheet: the caption's.
pub const CAPTION_ROWS: u32 = 1;

/// One text run of a paragraph: where it lies and which part of the paragraph's text it holds.
#[derive(Debug, Clone)]
pub struct Run {
    /// Byte range of `<w:r>...</w:r>` in document.xml.
    pub span: (usize, usize),
    /// The run's properties as written (`<w:rPr>...</w:rPr>`), copied onto the runs a change makes.
    pub props: String,
    /// Char range of the paragraph text the run holds.
    pub chars: (usize, usize),
    /// Holds only properties and text, directly under the paragraph: a change may split it.
    pub editable: bool,
}

#[derive(Debug, Clone)]
pub struct Paragraph {
    pub text: String,
    /// Byte range of `<w:p>...</w:p>` in document.xml.
    pub span: (usize, usize),
    pub runs: Vec<Run>,
    /// Outline level 1-9 when the paragraph is a heading.
    pub level: Option<u8>,
    pub style: Option<String>,
    /// The table the paragraph is a cell of (its number, 1-based), if any.
    pub table: Option<usize>,
    /// A list item by Word's numbering (`<w:numPr>`) or a list style.
    pub numbered: bool,
}

/// A table of the document as a grid, ready to be a sheet.
#[derive(Debug, Clone)]
pub struct WordTable {
    /// 1-based position among the document's tables.
    pub number: usize,
    pub caption: Option<String>,
    /// The headings above it, outermost first.
    pub headings: Vec<String>,
    pub cells: Vec<((u32, u32), String)>,
    pub merges: Vec<Dimensions>,
    /// For each cell, its first paragraph with text (an index into `paragraphs`).
    pub cell_paragraph: HashMap<(u32, u32), usize>,
    /// The sheet name findings use for it: `Tabel 3.7`, or `Tabel #12` without a caption.
    pub sheet: String,
}

/// A paragraph of running text (not a heading, not in a table), with its headings.
#[derive(Debug, Clone)]
pub struct TextBlock {
    pub paragraph: usize,
    pub headings: Vec<String>,
}

#[derive(Debug)]
pub struct Document {
    pub path: PathBuf,
    /// document.xml as read.
    pub xml: String,
    /// Every paragraph, in document order (body and table cells).
    pub paragraphs: Vec<Paragraph>,
    pub texts: Vec<TextBlock>,
    pub tables: Vec<WordTable>,
}

impl Document {
    pub fn open(path: &Path) -> Result<Document, LoadError> {
        Self::open_limited(path, &Limits::default())
    }

    /// Reads the package within `limits` (the size of a part, before it is unpacked).
    pub fn open_limited(path: &Path, limits: &Limits) -> Result<Document, LoadError> {
        let fail = |reason: Msg| LoadError {
            path: path.to_path_buf(),
            reason,
        };
        let mut file = std::fs::File::open(path).map_err(|e| fail(texts::cannot_open(&e)))?;
        let mut head = [0u8; 8];
        let n = file.read(&mut head).unwrap_or(0);
        if n == 0 {
            return Err(fail(texts::empty_file()));
        }
        // An OLE2 compound file: a password-protected .docx, or an old .doc.
        if head[..n].starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
            return Err(fail(texts::encrypted_or_doc()));
        }
        let is_zip = head[..n].starts_with(b"PK");
        let file = std::fs::File::open(path).map_err(|e| fail(texts::cannot_open(&e)))?;
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(file)).map_err(|_| {
            fail(if is_zip {
                texts::damaged_zip()
            } else {
                texts::not_a_docx()
            })
        })?;
        let Some(xml) = read_part(&mut zip, "word/document.xml", limits).map_err(fail)? else {
            let workbook = zip.by_name("xl/workbook.xml").is_ok();
            return Err(fail(if workbook {
                texts::workbook_named_docx()
            } else {
                texts::no_document_part()
            }));
        };
        let styles = read_part(&mut zip, "word/styles.xml", limits)
            .map_err(fail)?
            .unwrap_or_default();
        let levels = style_levels(&styles);
        parse(path, xml, &levels).map_err(fail)
    }

    /// The tables as a workbook: one sheet per table, named as findings name it, its
    /// caption in the first row and the table below it (row 2 on is the table's row 1
    /// on), as a caption stands above a table typed into a sheet.
    pub fn workbook(&self) -> Workbook {
        Workbook {
            path: self.path.clone(),
            sheets: self
                .tables
                .iter()
                .map(|t| {
                    let mut cells: Vec<((u32, u32), Data)> = t
                        .cells
                        .iter()
                        .map(|((r, c), text)| ((r + CAPTION_ROWS, *c), Data::String(text.clone())))
                        .collect();
                    if let Some(caption) = &t.caption {
                        cells.push(((0, 0), Data::String(caption.clone())));
                    }
                    let merges = t
                        .merges
                        .iter()
                        .map(|d| {
                            Dimensions::new(
                                (d.start.0 + CAPTION_ROWS, d.start.1),
                                (d.end.0 + CAPTION_ROWS, d.end.1),
                            )
                        })
                        .collect();
                    Sheet::from_cells(&t.sheet, cells, merges)
                })
                .collect(),
        }
    }

    /// The paragraph of a table cell, by its sheet address.
    pub fn cell_paragraph(&self, sheet: &str, row: u32, col: u32) -> Option<usize> {
        let t = self.table_by_sheet(sheet)?;
        let r = row.checked_sub(CAPTION_ROWS)?;
        t.cell_paragraph.get(&(r, col)).copied()
    }

    pub fn table_by_sheet(&self, sheet: &str) -> Option<&WordTable> {
        self.tables.iter().find(|t| t.sheet == sheet)
    }
}

/// A part of the package, unpacked only when it declares a size within the limit.
pub(crate) fn read_part<R: Read + std::io::Seek>(
    zip: &mut zip::ZipArchive<R>,
    name: &str,
    limits: &Limits,
) -> Result<Option<String>, Msg> {
    let Ok(entry) = zip.by_name(name) else {
        return Ok(None);
    };
    if entry.size() > limits.max_part_bytes {
        return Err(texts::part_too_large(name, limits.max_part_bytes));
    }
    let mut text = String::new();
    entry
        .take(limits.max_part_bytes + 1)
        .read_to_string(&mut text)
        .map_err(|_| texts::damaged_part(name))?;
    Ok(Some(text))
}

fn local(name: &str) -> &str {
    name.rsplit_once(':').map_or(name, |(_, l)| l)
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| local(a.key.as_ref()) == key)
        .and_then(|a| a.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|v| v.into_owned())
}

/// Each paragraph style's outline level (1-based): its own, or its base style's,
/// or the one its name says (`heading 2`).
fn style_levels(xml: &str) -> HashMap<String, u8> {
    let mut reader = Reader::from_str(xml);
    // Per style: its own outline level, its base style, its name.
    type Style = (Option<u8>, Option<String>, Option<String>);
    let mut own: HashMap<String, Style> = HashMap::new();
    let mut current: Option<String> = None;
    while let Ok(ev) = reader.read_event() {
        match ev {
            Event::Start(e) | Event::Empty(e) => match local(e.name().as_ref()) {
                "style" => {
                    current = attr(&e, "styleId");
                    if let Some(id) = &current {
                        own.insert(id.clone(), (None, None, None));
                    }
                }
                "outlineLvl" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, "val")) {
                        if let (Some(s), Ok(n)) = (own.get_mut(id), v.parse::<u8>()) {
                            // Level 9 means "body text".
                            s.0 = (n < 9).then_some(n + 1);
                        }
                    }
                }
                "basedOn" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, "val")) {
                        if let Some(s) = own.get_mut(id) {
                            s.1 = Some(v);
                        }
                    }
                }
                "name" => {
                    if let (Some(id), Some(v)) = (&current, attr(&e, "val")) {
                        if let Some(s) = own.get_mut(id) {
                            s.2 = Some(v);
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if local(e.name().as_ref()) == "style" => current = None,
            Event::Eof => break,
            _ => {}
        }
    }
    let by_name = |name: &str| -> Option<u8> {
        let n = name.to_lowercase();
        let rest = n.strip_prefix("heading ")?;
        rest.trim()
            .parse::<u8>()
            .ok()
            .filter(|l| (1..=9).contains(l))
    };
    let mut out = HashMap::new();
    for id in own.keys() {
        let mut at = id.clone();
        for _ in 0..10 {
            let Some((level, base, name)) = own.get(&at) else {
                break;
            };
            if let Some(l) = level.or_else(|| name.as_deref().and_then(by_name)) {
                out.insert(id.clone(), l);
                break;
            }
            match base {
                Some(b) => at = b.clone(),
                None => break,
            }
        }
    }
    // A document without styles.xml still names Word's built-in headings.
    for l in 1..=9u8 {
        out.entry(format!("Heading{l}")).or_insert(l);
    }
    out
}

/// A table being read.
struct TableState {
    number: usize,
    row: i64,
    col: u32,
    cells: Vec<((u32, u32), String)>,
    merges: Vec<Dimensions>,
    cell_paragraph: HashMap<(u32, u32), usize>,
    /// Open vertical merges: grid column -> (first row, last row, span).
    open: HashMap<u32, (u32, u32, u32)>,
    /// The cell being read: its text, grid span and vMerge state.
    cell_text: String,
    span: u32,
    vmerge: Option<bool>,
    first_paragraph: Option<usize>,
    /// Grid columns skipped at the start of the row (w:gridBefore).
    before: u32,
}

impl TableState {
    /// A table just opened, the `number`th of the document.
    fn new(number: usize) -> TableState {
        TableState {
            number,
            row: -1,
            col: 0,
            cells: Vec::new(),
            merges: Vec::new(),
            cell_paragraph: HashMap::new(),
            open: HashMap::new(),
            cell_text: String::new(),
            span: 1,
            vmerge: None,
            first_paragraph: None,
            before: 0,
        }
    }

    /// Starts a row (`<w:tr>`): the next row, from the first column.
    fn start_row(&mut self) {
        self.row += 1;
        self.col = 0;
        self.before = 0;
    }

    /// Starts a cell (`<w:tc>`): no text, no span, no merge yet.
    fn start_cell(&mut self) {
        self.cell_text.clear();
        self.span = 1;
        self.vmerge = None;
        self.first_paragraph = None;
    }

    /// Adds a paragraph's trimmed text (at `index`) to the cell being read.
    fn add_paragraph(&mut self, text: &str, index: usize) {
        if !text.is_empty() {
            if !self.cell_text.is_empty() {
                self.cell_text.push('\n');
            }
            self.cell_text.push_str(text);
            self.first_paragraph.get_or_insert(index);
        }
    }

    fn close_merge(&mut self, col: u32) {
        if let Some((first, last, span)) = self.open.remove(&col) {
            if last > first || span > 1 {
                self.merges
                    .push(Dimensions::new((first, col), (last, col + span - 1)));
            }
        }
    }

    /// Ends a cell (`</w:tc>`): continues the merge open in its column, or records
    /// the cell (and opens a merge it starts), then moves past its grid span.
    fn end_cell(&mut self) {
        let row = self.row.max(0) as u32;
        let col = self.col;
        match self.vmerge {
            Some(false) if self.open.contains_key(&col) => {
                if let Some(m) = self.open.get_mut(&col) {
                    m.1 = row;
                }
            }
            _ => {
                // A new cell ends any merge open in its column.
                self.close_merge(col);
                let text = self.cell_text.trim().to_string();
                if !text.is_empty() {
                    self.cells.push(((row, col), text));
                }
                if let Some(i) = self.first_paragraph {
                    self.cell_paragraph.insert((row, col), i);
                }
                if self.vmerge == Some(true) || self.span > 1 {
                    self.open.insert(col, (row, row, self.span));
                }
            }
        }
        self.col += self.span;
    }

    /// Ends a row (`</w:tr>`): merges not continued in this row are closed.
    fn end_row(&mut self) {
        let row = self.row.max(0) as u32;
        let stale: Vec<u32> = self
            .open
            .iter()
            .filter(|(_, (_, last, _))| *last < row)
            .map(|(c, _)| *c)
            .collect();
        for c in stale {
            self.close_merge(c);
        }
    }

    /// Closes every merge still open, at the end of the table.
    fn close_all_merges(&mut self) {
        let cols: Vec<u32> = self.open.keys().copied().collect();
        for c in cols {
            self.close_merge(c);
        }
    }

    /// The table read, with its caption and the headings above it (its sheet is named later).
    fn into_table(self, caption: Option<String>, headings: Vec<String>) -> WordTable {
        WordTable {
            number: self.number,
            caption,
            headings,
            cells: self.cells,
            merges: self.merges,
            cell_paragraph: self.cell_paragraph,
            sheet: String::new(),
        }
    }
}

/// What is read of document.xml so far, and what is open where the reader stands.
struct Parser<'a> {
    xml: &'a str,
    levels: &'a HashMap<String, u8>,
    paragraphs: Vec<Paragraph>,
    texts: Vec<TextBlock>,
    tables: Vec<WordTable>,
    headings: Vec<(u8, String)>,
    stack: Vec<String>,
    table: Option<TableState>,
    nested: usize,
    // The paragraph being read.
    para: Option<Paragraph>,
    run: Option<(usize, String, usize, bool)>,
    props_start: Option<usize>,
    in_text: bool,
}

impl<'a> Parser<'a> {
    /// A parser at the start of `xml`, knowing each style's outline level.
    fn new(xml: &'a str, levels: &'a HashMap<String, u8>) -> Parser<'a> {
        Parser {
            xml,
            levels,
            paragraphs: Vec::new(),
            texts: Vec::new(),
            tables: Vec::new(),
            headings: Vec::new(),
            stack: Vec::new(),
            table: None,
            nested: 0,
            para: None,
            run: None,
            props_start: None,
            in_text: false,
        }
    }

    /// The headings above where the reader stands, outermost first.
    fn heading_texts(&self) -> Vec<String> {
        self.headings.iter().map(|(_, h)| h.clone()).collect()
    }

    /// An element opens (or is empty) at bytes `before..after`.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool, before: usize, after: usize) {
        let name = local(e.name().as_ref()).to_string();
        if !self.start_table_part(&name, e) {
            self.start_text_part(&name, e, empty, before, after);
        }
        if !empty {
            self.stack.push(name);
        }
    }

    /// The start of a table's element (table, row, cell and their grid properties);
    /// false when `name` is not one.
    fn start_table_part(&mut self, name: &str, e: &BytesStart<'_>) -> bool {
        match name {
            "tbl" => {
                if self.table.is_some() {
                    self.nested += 1;
                } else {
                    self.table = Some(TableState::new(self.tables.len() + 1));
                }
            }
            "tr" if self.nested == 0 => {
                if let Some(t) = self.table.as_mut() {
                    t.start_row();
                }
            }
            "gridBefore" if self.nested == 0 => {
                if let (Some(t), Some(v)) = (self.table.as_mut(), attr(e, "val")) {
                    t.before = v.parse().unwrap_or(0);
                    t.col = t.before;
                }
            }
            "tc" if self.nested == 0 => {
                if let Some(t) = self.table.as_mut() {
                    t.start_cell();
                }
            }
            "gridSpan" if self.nested == 0 => {
                if let (Some(t), Some(v)) = (self.table.as_mut(), attr(e, "val")) {
                    t.span = v.parse::<u32>().unwrap_or(1).clamp(1, 1000);
                }
            }
            "vMerge" if self.nested == 0 => {
                if let Some(t) = self.table.as_mut() {
                    // restart starts a merge; no value (or "continue") continues one.
                    t.vmerge = Some(attr(e, "val").as_deref() == Some("restart"));
                }
            }
            _ => return false,
        }
        true
    }

    /// The start of a paragraph's element: the paragraph, its style and level, a run
    /// and what the run holds.
    fn start_text_part(
        &mut self,
        name: &str,
        e: &BytesStart<'_>,
        empty: bool,
        before: usize,
        after: usize,
    ) {
        let parent = self.stack.last().map(String::as_str).unwrap_or("");
        match name {
            "p" => self.open_paragraph(empty, before, after),
            "pStyle" => {
                if let (Some(p), Some(v)) = (self.para.as_mut(), attr(e, "val")) {
                    p.level = p.level.or(self.levels.get(&v).copied());
                    p.numbered |= v.to_ascii_lowercase().starts_with("list");
                    p.style = Some(v);
                }
            }
            "numPr" if parent == "pPr" => {
                if let Some(p) = self.para.as_mut() {
                    p.numbered = true;
                }
            }
            "outlineLvl" if parent == "pPr" => {
                if let (Some(p), Some(v)) = (self.para.as_mut(), attr(e, "val")) {
                    if let Ok(n) = v.parse::<u8>() {
                        p.level = (n < 9).then_some(n + 1);
                    }
                }
            }
            "r" if !empty => {
                let direct = parent == "p";
                let at = self.para.as_ref().map_or(0, |p| p.text.chars().count());
                self.run = Some((before, String::new(), at, direct));
            }
            "rPr" if self.run.is_some() && parent == "r" => {
                if empty {
                    if let Some(r) = self.run.as_mut() {
                        r.1 = self.xml[before..after].to_string();
                    }
                } else {
                    self.props_start = Some(before);
                }
            }
            "t" if self.run.is_some() && !empty => self.in_text = true,
            "tab" | "br" | "cr" if parent == "r" => {
                if let Some(p) = self.para.as_mut() {
                    p.text.push(' ');
                }
                if let Some(r) = self.run.as_mut() {
                    r.3 = false;
                }
            }
            // Anything else in a run (a field, a drawing, a symbol) makes it one
            // a change does not split.
            "rPr" | "lastRenderedPageBreak" => {}
            _ if parent == "r" => {
                if let Some(r) = self.run.as_mut() {
                    r.3 = false;
                }
            }
            _ => {}
        }
    }

    /// A paragraph opens at bytes `before..after` (an empty one is read whole).
    fn open_paragraph(&mut self, empty: bool, before: usize, after: usize) {
        let mut p = Paragraph {
            text: String::new(),
            span: (before, after),
            runs: Vec::new(),
            level: None,
            style: None,
            table: self.table.as_ref().map(|t| t.number),
            numbered: false,
        };
        if empty {
            self.paragraphs.push(p);
        } else {
            p.span = (before, before);
            self.para = Some(p);
        }
    }

    /// Text inside a `<w:t>`: added to the paragraph's text.
    fn text(&mut self, ev: &Event<'_>) {
        if let Some(p) = self.para.as_mut() {
            push_text(&mut p.text, ev);
        }
    }

    /// An element `name` closes, ending at byte `after`.
    fn end(&mut self, name: &str, after: usize) {
        self.stack.pop();
        match name {
            "t" => self.in_text = false,
            "rPr" => {
                if let (Some(start), Some(r)) = (self.props_start.take(), self.run.as_mut()) {
                    r.1 = self.xml[start..after].to_string();
                }
            }
            "r" => self.end_run(after),
            "p" => self.end_paragraph(after),
            "tc" if self.nested == 0 => {
                if let Some(t) = self.table.as_mut() {
                    t.end_cell();
                }
            }
            "tr" if self.nested == 0 => {
                if let Some(t) = self.table.as_mut() {
                    t.end_row();
                }
            }
            "tbl" => self.end_table(),
            _ => {}
        }
    }

    /// A run closes: it is kept when it holds text, or when a change may not split it.
    fn end_run(&mut self, after: usize) {
        if let (Some((start, props, from, editable)), Some(p)) =
            (self.run.take(), self.para.as_mut())
        {
            let to = p.text.chars().count();
            if to > from || !editable {
                p.runs.push(Run {
                    span: (start, after),
                    props,
                    chars: (from, to),
                    editable,
                });
            }
        }
    }

    /// A paragraph closes: its text goes to the table cell it is in, or it is a
    /// heading, or a block of running text under the headings above it.
    fn end_paragraph(&mut self, after: usize) {
        if let Some(mut p) = self.para.take() {
            p.span.1 = after;
            let index = self.paragraphs.len();
            let text = p.text.trim().to_string();
            if let Some(t) = self.table.as_mut() {
                t.add_paragraph(&text, index);
            } else if let Some(level) = p.level.filter(|_| !text.is_empty()) {
                self.headings.retain(|(l, _)| *l < level);
                self.headings.push((level, collapse(&text)));
            } else if !text.is_empty() {
                self.texts.push(TextBlock {
                    paragraph: index,
                    headings: self.heading_texts(),
                });
            }
            self.paragraphs.push(p);
        }
    }

    /// A table closes: a nested one is left, the outer one becomes a `WordTable`.
    fn end_table(&mut self) {
        if self.nested > 0 {
            self.nested -= 1;
        } else if let Some(mut t) = self.table.take() {
            t.close_all_merges();
            let caption = caption_before(&self.paragraphs, &self.texts, t.number);
            let headings = self.heading_texts();
            self.tables.push(t.into_table(caption, headings));
        }
    }
}

/// Reads document.xml: its paragraphs, running text and tables, in document order.
fn parse(path: &Path, xml: String, levels: &HashMap<String, u8>) -> Result<Document, Msg> {
    let mut parser = Parser::new(&xml, levels);
    let mut reader = Reader::from_str(&xml);
    loop {
        let before = reader.buffer_position() as usize;
        let ev = reader
            .read_event()
            .map_err(|e| texts::damaged_xml(texts::parse_error(&e.to_string())))?;
        let after = reader.buffer_position() as usize;
        match &ev {
            Event::Start(e) | Event::Empty(e) => {
                let empty = matches!(ev, Event::Empty(_));
                parser.start(e, empty, before, after);
            }
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_) if parser.in_text => {
                parser.text(&ev);
            }
            Event::End(e) => parser.end(local(e.name().as_ref()), after),
            Event::Eof => {
                if let Some(open) = parser.stack.last() {
                    return Err(texts::damaged_xml(texts::ends_inside(open)));
                }
                break;
            }
            _ => {}
        }
    }
    let Parser {
        paragraphs,
        texts: texts_out,
        mut tables,
        ..
    } = parser;
    name_sheets(&mut tables);
    let mut doc = Document {
        path: path.to_path_buf(),
        xml,
        paragraphs,
        texts: texts_out,
        tables,
    };
    infer_headings(&mut doc);
    Ok(doc)
}

/// One space for every run of white space.
pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The caption of the table just read: the paragraph of running text just before
/// it, when it names a table ("Tabel 3.7. ..."), has the Caption style, or is a short
/// title line ("PERJANJIAN KINERJA TAHUN 2024"), not a sentence leading into the table.
fn caption_before(paragraphs: &[Paragraph], texts: &[TextBlock], number: usize) -> Option<String> {
    let last = texts.last()?;
    let p = &paragraphs[last.paragraph];
    // Nothing but this table's cells (or empty paragraphs) between the caption and the table.
    let adjacent = paragraphs[last.paragraph + 1..]
        .iter()
        .all(|q| q.table == Some(number) || q.text.trim().is_empty());
    let text = collapse(&p.text);
    let numbered = text.to_lowercase().starts_with("tabel")
        || p.style
            .as_deref()
            .is_some_and(|s| s.eq_ignore_ascii_case("caption"));
    let title = text.chars().count() <= 150 && !text.ends_with([':', '.', ';', ',']);
    (adjacent && (numbered || title)).then_some(text)
}

/// `Tabel 1. 1 Jumlah ASN` -> `Tabel 1.1`; tables without a caption, or whose
/// caption names a number another table has, are `Tabel #N` (their position).
fn name_sheets(tables: &mut [WordTable]) {
    let short = |caption: &str| -> Option<String> {
        let lower = caption.to_lowercase();
        let rest = lower.strip_prefix("tabel")?.trim_start();
        let mut number = String::new();
        for c in rest.chars() {
            if c.is_ascii_digit() || c == '.' {
                number.push(c);
            } else if c == ' ' && number.ends_with('.') {
                continue;
            } else {
                break;
            }
        }
        let number = number.trim_end_matches('.');
        (!number.is_empty()).then(|| format!("Tabel {number}"))
    };
    let names: Vec<Option<String>> = tables
        .iter()
        .map(|t| t.caption.as_deref().and_then(short))
        .collect();
    for (i, t) in tables.iter_mut().enumerate() {
        t.sheet = match &names[i] {
            Some(n) if names.iter().filter(|m| m.as_ref() == Some(n)).count() == 1 => n.clone(),
            _ => texts::table_sheet(t.number),
        };
    }
}

// ---- Headings of a draft without heading styles ----
//
// Headings of a draft whose styles carry no outline level: many offices type
// "BAB III AKUNTABILITAS KINERJA" in capitals and "3.1. Capaian Kinerja
// Organisasi" in bold in the Normal style. Without them every finding would be
// placed under no chapter. When no paragraph of the draft has a heading style,
// a paragraph of running text is taken for a heading when it is short, ends
// without a period or colon, and is either "BAB <number>", written in
// capitals, or bold throughout; its level is 1 for "BAB" and capitals, else
// its numbering's depth ("3.1." is 2, "3.1.1" 3), else 2. A caption ("Tabel
// 3.1 …") is never a heading; a numbered line that is not bold (a list item)
// is not one either.
/// Whether every run with text of the paragraph is bold.
fn bold(p: &Paragraph) -> bool {
    let with_text: Vec<_> = p.runs.iter().filter(|r| r.chars.1 > r.chars.0).collect();
    !with_text.is_empty()
        && with_text.iter().all(|r| {
            let props = r.props.replace(' ', "");
            props.contains("<w:b/>")
                || props.contains("<w:bw:val=\"1\"")
                || props.contains("<w:bw:val=\"true\"")
        })
}

/// The level the paragraph would have as a heading, if it is one.
fn level(p: &Paragraph) -> Option<u8> {
    let text = p.text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 || text.ends_with(['.', ':', ';', ',']) {
        return None;
    }
    let first = words[0].to_lowercase();
    let captions = &crate::rules::vocabulary::words().caption_words;
    if captions.iter().any(|w| w == first.trim_end_matches(':')) {
        return None;
    }
    if first == "bab" && words.len() >= 2 {
        return Some(1);
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    if capitals && !p.numbered {
        return Some(1);
    }
    if !bold(p) {
        return None;
    }
    let numbering = words[0].trim_end_matches('.');
    let depth = numbering
        .split('.')
        .take_while(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        .count();
    let numbered = depth > 0
        && numbering
            .split('.')
            .all(|part| part.chars().all(|c| c.is_ascii_digit()));
    Some(if numbered {
        (depth as u8 + 1).min(9)
    } else {
        2
    })
}

/// Finds the headings of a draft without heading styles, and places its running
/// text and its tables under them.
fn infer_headings(doc: &mut Document) {
    if doc.paragraphs.iter().any(|p| p.level.is_some()) {
        return;
    }
    let levels: Vec<Option<u8>> = doc
        .paragraphs
        .iter()
        .map(|p| if p.table.is_none() { level(p) } else { None })
        .collect();
    if levels.iter().all(Option::is_none) {
        return;
    }
    // The headings above each paragraph, outermost first.
    let mut open: Vec<(u8, String)> = Vec::new();
    let mut above: Vec<Vec<String>> = Vec::with_capacity(doc.paragraphs.len());
    for (p, level) in doc.paragraphs.iter().zip(&levels) {
        above.push(open.iter().map(|(_, h)| h.clone()).collect());
        if let Some(l) = level {
            open.retain(|(o, _)| o < l);
            open.push((*l, collapse(&p.text)));
        }
    }
    for (p, level) in doc.paragraphs.iter_mut().zip(&levels) {
        if level.is_some() {
            p.level = *level;
        }
    }
    doc.texts = doc
        .texts
        .iter()
        .filter(|b| levels[b.paragraph].is_none())
        .map(|b| TextBlock {
            paragraph: b.paragraph,
            headings: above[b.paragraph].clone(),
        })
        .collect();
    for t in &mut doc.tables {
        if let Some(first) = t.cell_paragraph.values().min() {
            t.headings = above[*first].clone();
        }
    }
}
