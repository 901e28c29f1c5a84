//! The workbook part: its sheets, and the changes a corrected copy makes to it
//! (a new findings sheet, full recalculation on load).

use super::*;

pub(super) struct SheetEntry {
    pub(super) name: String,
    pub(super) sheet_id: u32,
    pub(super) rid: String,
}

pub(super) struct WorkbookInfo {
    pub(super) sheets: Vec<SheetEntry>,
}

pub(super) fn check_namespaces(e: &BytesStart<'_>) -> Result<Option<String>, Fault> {
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

pub(super) fn parse_workbook(xml: &str) -> Result<WorkbookInfo, Fault> {
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

pub(super) fn unique_sheet_name(sheets: &[SheetEntry], wanted: &str) -> Result<String, String> {
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

pub(super) struct WorkbookChange<'a> {
    pub(super) sheet_name: &'a str,
    pub(super) sheet_id: u32,
    pub(super) rid: &'a str,
    pub(super) sheet_index: usize,
    pub(super) filter_rows: usize,
    pub(super) full_calc: bool,
}

/// CT_Workbook children that come after definedNames / calcPr.
pub(super) const AFTER_DEFINED_NAMES: &[&str] = &[
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
pub(super) const AFTER_CALC_PR: &[&str] = &[
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

pub(super) fn rewrite_workbook(xml: &str, ch: &WorkbookChange<'_>) -> Result<Vec<u8>, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut wp = WorkbookPatch::new(ch, xml.len());
    loop {
        let ev = reader.read_event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if wp.start(e, empty)? {
                    continue;
                }
                if !empty {
                    wp.depth += 1;
                }
                wp.w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::End(ref e) => {
                wp.end(e)?;
                wp.w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::Eof => break,
            other => wp.w.write_event(other).map_err(wfault)?,
        }
    }
    if !wp.sheets_done {
        return Err(Fault::Xml("the workbook has no <sheets> list".into()));
    }
    Ok(wp.w.into_inner())
}

/// The workbook part being rewritten: the output, where the stream is, and what
/// has been added so far.
struct WorkbookPatch<'a> {
    ch: &'a WorkbookChange<'a>,
    w: Writer<Vec<u8>>,
    depth: usize,
    p: String,
    rel_attr: String,
    names_done: bool,
    calc_done: bool,
    sheets_done: bool,
    in_defined_names: bool,
    /// The findings sheet's filter range, with `{p}` where the prefix goes.
    defined_name: String,
}

impl<'a> WorkbookPatch<'a> {
    /// A rewrite of a workbook part of `len` bytes, with nothing added yet.
    fn new(ch: &'a WorkbookChange<'a>, len: usize) -> Self {
        let defined_name = format!(
            "<{{p}}definedName name=\"_xlnm._FilterDatabase\" localSheetId=\"{}\" hidden=\"1\">{}!$A$1:$H${}</{{p}}definedName>",
            ch.sheet_index,
            escape_text(&format!("'{}'", ch.sheet_name.replace('\'', "''"))),
            ch.filter_rows
        );
        WorkbookPatch {
            ch,
            w: Writer::new(Vec::with_capacity(len + 1024)),
            depth: 0,
            p: String::new(),
            rel_attr: String::new(),
            names_done: false,
            calc_done: !ch.full_calc,
            sheets_done: false,
            in_defined_names: false,
            defined_name,
        }
    }

    /// The findings sheet's filter range as a `<definedName>` with prefix `p`.
    fn dn(&self, p: &str) -> String {
        self.defined_name.replace("{p}", p)
    }

    /// Writes text to the output as it is.
    fn raw(&mut self, s: &str) -> Result<(), Fault> {
        self.w.get_mut().write_all(s.as_bytes()).map_err(wfault)
    }

    /// Writes a `<definedNames>` holding the filter range, where the workbook has none.
    fn add_defined_names(&mut self) -> Result<(), Fault> {
        let p = &self.p;
        let s = format!("<{p}definedNames>{}</{p}definedNames>", self.dn(p));
        self.raw(&s)?;
        self.names_done = true;
        Ok(())
    }

    /// Writes a `<calcPr>` asking for full recalculation, where the workbook has none.
    fn add_calc_pr(&mut self) -> Result<(), Fault> {
        let s = format!("<{}calcPr fullCalcOnLoad=\"1\"/>", self.p);
        self.raw(&s)?;
        self.calc_done = true;
        Ok(())
    }

    /// Handles a start tag; true when it was written here, false when the caller copies it.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<bool, Fault> {
        let name = e.name();
        if self.depth == 0 {
            self.p = prefix_of(name.as_ref());
            self.rel_attr = match check_namespaces(e)? {
                Some(rp) => format!("{rp}:id"),
                None => format!("xmlns:r=\"{REL_NS}\" r:id"),
            };
            if empty {
                return Err(Fault::Xml("the workbook has no sheets".into()));
            }
        } else if self.depth == 1 {
            return self.child_start(e, empty);
        }
        Ok(false)
    }

    /// A child of `<workbook>`: what must come before it is added, and
    /// `<definedNames>` and `<calcPr>` are amended.
    fn child_start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<bool, Fault> {
        let name = e.name();
        let l = local(name.as_ref()).to_string();
        if !self.names_done && AFTER_DEFINED_NAMES.contains(&l.as_str()) {
            self.add_defined_names()?;
        }
        if !self.calc_done && AFTER_CALC_PR.contains(&l.as_str()) {
            self.add_calc_pr()?;
        }
        match l.as_str() {
            "sheets" if empty => return Err(Fault::Xml("the workbook has no sheets".into())),
            "definedNames" => {
                self.names_done = true;
                if empty {
                    let start = rebuild_start(e, &[], &[])?;
                    let s = format!(
                        "<{start}>{}</{}>",
                        self.dn(&prefix_of(name.as_ref())),
                        name.as_ref()
                    );
                    self.raw(&s)?;
                    return Ok(true);
                }
                self.in_defined_names = true;
            }
            "calcPr" if self.ch.full_calc => {
                self.calc_done = true;
                let start = rebuild_start(e, &[], &[("fullCalcOnLoad", "1")])?;
                let s = if empty {
                    format!("<{start}/>")
                } else {
                    format!("<{start}>")
                };
                self.raw(&s)?;
                if !empty {
                    self.depth += 1;
                }
                return Ok(true);
            }
            _ => {}
        }
        Ok(false)
    }

    /// Handles an end tag (the caller copies it): the new sheet, the filter range
    /// and what the workbook still lacks are written before it.
    fn end(&mut self, e: &quick_xml::events::BytesEnd<'_>) -> Result<(), Fault> {
        self.depth = self.depth.saturating_sub(1);
        let name = e.name();
        let l = local(name.as_ref());
        if self.depth == 1 && l == "sheets" {
            let s = format!(
                "<{}sheet name=\"{}\" sheetId=\"{}\" {}=\"{}\"/>",
                self.p,
                escape_attr(self.ch.sheet_name),
                self.ch.sheet_id,
                self.rel_attr,
                escape_attr(self.ch.rid)
            );
            self.raw(&s)?;
            self.sheets_done = true;
        }
        if self.depth == 1 && l == "definedNames" && self.in_defined_names {
            let s = self.dn(&prefix_of(name.as_ref()));
            self.raw(&s)?;
            self.in_defined_names = false;
        }
        if self.depth == 0 {
            if !self.names_done {
                self.add_defined_names()?;
            }
            if !self.calc_done {
                self.add_calc_pr()?;
            }
        }
        Ok(())
    }
}
