//! A sheet with edits, streamed: only the cells that change are rewritten.

use super::*;

/// CT_Worksheet children that come before sheetData.
pub(super) const BEFORE_SHEET_DATA: &[&str] = &[
    "sheetPr",
    "dimension",
    "sheetViews",
    "sheetFormatPr",
    "cols",
];
/// CT_Worksheet children that come after legacyDrawing.
pub(super) const AFTER_LEGACY: &[&str] = &[
    "legacyDrawingHF",
    "drawingHF",
    "picture",
    "oleObjects",
    "controls",
    "webPublishItems",
    "tableParts",
    "extLst",
];

pub(super) struct SheetOutcome {
    pub(super) formulas_changed: bool,
    pub(super) values_changed: bool,
    /// The r:id of the legacy drawing the sheet already had.
    pub(super) legacy_rid: Option<String>,
    /// Whether a `<legacyDrawing>` with the new id was written.
    pub(super) legacy_inserted: bool,
}

pub(super) struct RowState {
    pub(super) row0: u32,
    pub(super) edits: bool,
    /// The row's own format (customFormat="1"), which a new cell in it takes.
    pub(super) style: Option<u32>,
    pub(super) last_col1: u32,
    pub(super) cell_inserted: bool,
}

pub(super) struct Master {
    pub(super) row0: u32,
    pub(super) col0: u32,
    pub(super) formula: String,
}

/// What is learnt about a replaced cell while its old content is skipped.
pub(super) struct Capture {
    pub(super) row0: u32,
    pub(super) col0: u32,
    pub(super) had_formula: bool,
    pub(super) shared_si: Option<String>,
    pub(super) master: bool,
    pub(super) in_f: bool,
    pub(super) text: String,
}

pub(super) struct Skip {
    pub(super) until: usize,
    pub(super) capture: Option<Capture>,
}

/// The searcher for `</row>`, made once (making one costs more than a short
/// row's search).
pub(super) fn row_end() -> &'static memchr::memmem::Finder<'static> {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER.get_or_init(|| memchr::memmem::Finder::new(b"</row>"))
}

/// The `r` of a `<row>` (the bytes after `<row` to its `>`) when it is plain:
/// `r="12"` in double quotes, digits from 1 on; None otherwise.
pub(super) fn row_number_attribute(tag: &[u8]) -> Option<u32> {
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

pub(super) struct SheetPatch<'a, W: Write> {
    pub(super) out: Writer<W>,
    pub(super) edits: &'a [Pending],
    pub(super) next: usize,
    pub(super) styles: &'a mut StyleAlloc,
    pub(super) legacy_rid: Option<&'a str>,
    pub(super) prefix: String,
    pub(super) rel_prefix: Option<String>,
    pub(super) legacy_seen: Option<String>,
    pub(super) legacy_inserted: bool,
    pub(super) depth: usize,
    pub(super) sheet_data_seen: bool,
    pub(super) in_sheet_data: bool,
    pub(super) in_cols: bool,
    pub(super) col_styles: Vec<(u32, u32, u32)>,
    pub(super) last_row1: u32,
    pub(super) row_inserted: bool,
    pub(super) row: Option<RowState>,
    pub(super) cell: Option<(u32, u32)>,
    pub(super) masters: HashMap<String, Master>,
    pub(super) skip: Option<Skip>,
    pub(super) formulas_changed: bool,
    pub(super) values_changed: bool,
    pub(super) bounds: Option<(u32, u32, u32, u32)>,
    /// Whether rows no correction touches are copied as they are (tests turn it
    /// off to hold the copy to what parsing every row gives).
    pub(super) copy_untouched: bool,
}

impl<'a, W: Write> SheetPatch<'a, W> {
    pub(super) fn new(
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

    pub(super) fn run<R: BufRead>(mut self, mut src: R) -> Result<SheetOutcome, Fault> {
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
    pub(super) fn feed(&mut self, xml: &[u8]) -> Result<(), Fault> {
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
    pub(super) fn untouched_row(&mut self, xml: &[u8]) -> Result<Option<usize>, Fault> {
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

    pub(super) fn raw(&mut self, s: &str) -> Result<(), Fault> {
        self.out.get_mut().write_all(s.as_bytes()).map_err(wfault)
    }

    pub(super) fn pass(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
        let ev = if empty {
            Event::Empty(e)
        } else {
            Event::Start(e)
        };
        self.out.write_event(ev).map_err(wfault)
    }

    pub(super) fn skipping(&mut self, ev: Event<'_>) -> Result<(), Fault> {
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

    pub(super) fn start(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
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

    pub(super) fn end(&mut self, e: quick_xml::events::BytesEnd<'_>) -> Result<(), Fault> {
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

    pub(super) fn root(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
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

    pub(super) fn needs_legacy(&self) -> bool {
        self.legacy_rid.is_some() && self.legacy_seen.is_none() && !self.legacy_inserted
    }

    pub(super) fn insert_legacy(&mut self) -> Result<(), Fault> {
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

    pub(super) fn finish_root(&mut self) -> Result<(), Fault> {
        if !self.sheet_data_seen && self.next < self.edits.len() {
            self.synth_sheet_data()?;
        }
        if self.needs_legacy() {
            self.insert_legacy()?;
        }
        Ok(())
    }

    pub(super) fn synth_sheet_data(&mut self) -> Result<(), Fault> {
        self.sheet_data_seen = true;
        let p = self.prefix.clone();
        self.raw(&format!("<{p}sheetData>"))?;
        self.emit_rows_before(MAX_ROWS)?;
        self.raw(&format!("</{p}sheetData>"))
    }

    pub(super) fn root_child(
        &mut self,
        e: BytesStart<'_>,
        empty: bool,
        l: &str,
    ) -> Result<(), Fault> {
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

    pub(super) fn col_style(&self, col0: u32) -> Option<u32> {
        let c1 = col0 + 1;
        self.col_styles
            .iter()
            .find(|(min, max, _)| *min <= c1 && c1 <= *max)
            .map(|(_, _, s)| *s)
    }

    /// Writes the pending edits of rows before `limit` (0-based) as new rows.
    pub(super) fn emit_rows_before(&mut self, limit: u32) -> Result<bool, Fault> {
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
    pub(super) fn emit_cells_before(
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

    pub(super) fn cell_xml(&self, attrs: &str, style: u32, value: Option<&NewValue>) -> String {
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

    pub(super) fn row_start(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
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

    /// A `<c>` in a tracked row: new cells before it written, then it copied, restyled or replaced.
    pub(super) fn cell_start(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
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
            Some(text) => cell_ref_col(text)?,
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

        let edits = self.edits;
        let hit = edits
            .get(self.next)
            .filter(|p| row_edits && p.row == row0 && p.col == col0);
        let Some(p) = hit else {
            return self.untouched_cell(e, empty, add_r, (row0, col0));
        };
        self.next += 1;
        let orig = attr_value(&e, "s")?
            .and_then(|v| v.trim().parse::<u32>().ok())
            .unwrap_or(0);
        let style = self.styles.get(orig, p.edit.mark);
        match &p.edit.value {
            None => self.restyle_cell(e, empty, add_r, style, (row0, col0)),
            Some(v) => self.replace_cell(e, empty, r.is_none(), style, v, (row0, col0)),
        }
    }

    /// A cell with no edit: copied, with its address written if it now needs one.
    fn untouched_cell(
        &mut self,
        e: BytesStart<'_>,
        empty: bool,
        add_r: bool,
        (row0, col0): (u32, u32),
    ) -> Result<(), Fault> {
        match add_r {
            true => {
                let s = rebuild_start(&e, &[], &[("r", &a1(row0, col0))])?;
                self.raw(&if empty {
                    format!("<{s}/>")
                } else {
                    format!("<{s}>")
                })
            }
            false => self.pass(e, empty),
        }
    }

    /// A flagged or marked-only cell: the value and formula stay, the format changes.
    fn restyle_cell(
        &mut self,
        e: BytesStart<'_>,
        empty: bool,
        add_r: bool,
        style: u32,
        (row0, col0): (u32, u32),
    ) -> Result<(), Fault> {
        let style_text = style.to_string();
        let r_text = a1(row0, col0);
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

    /// A cell given a new value: written anew, its old content skipped (and
    /// watched for a shared formula's master).
    fn replace_cell(
        &mut self,
        e: BytesStart<'_>,
        empty: bool,
        no_r: bool,
        style: u32,
        v: &NewValue,
        (row0, col0): (u32, u32),
    ) -> Result<(), Fault> {
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
        if no_r {
            attrs = format!(" r=\"{}\"{attrs}", a1(row0, col0));
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

    /// A cell of a shared formula whose master was replaced: its own formula, written out.
    pub(super) fn dependent(&mut self, e: BytesStart<'_>, empty: bool) -> Result<(), Fault> {
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

/// The column (0-based) of a cell reference such as `B7` or `$B$7`.
fn cell_ref_col(text: &str) -> Result<u32, Fault> {
    let letters: String = text
        .trim()
        .trim_start_matches('$')
        .chars()
        .take_while(|c| c.is_ascii_alphabetic())
        .collect();
    parse_col(&letters).ok_or_else(|| Fault::Xml(format!("a cell reference '{text}' is not valid")))
}
