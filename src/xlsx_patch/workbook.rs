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
