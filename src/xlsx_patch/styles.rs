//! Styles: the highlight of a corrected or flagged cell, a copy of its own `<xf>`
//! with only the fill changed.

use super::*;

/// The new cell formats: one per (original format, mark), then the findings sheet's three.
pub(super) struct StyleAlloc {
    pub(super) base: u32,
    pub(super) pairs: Vec<(u32, Mark)>,
    pub(super) index: HashMap<(u32, bool), u32>,
}

#[derive(Clone, Copy)]
pub(super) struct FindingStyles {
    pub(super) header: u32,
    pub(super) body: u32,
    pub(super) link: u32,
}

impl StyleAlloc {
    pub(super) fn new(base: u32) -> Self {
        StyleAlloc {
            base,
            pairs: Vec::new(),
            index: HashMap::new(),
        }
    }

    pub(super) fn get(&mut self, orig: u32, mark: Mark) -> u32 {
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

    pub(super) fn findings_styles(&self) -> FindingStyles {
        let first = self.base + self.pairs.len() as u32;
        FindingStyles {
            header: first,
            body: first + 1,
            link: first + 2,
        }
    }
}

pub(super) struct XfRaw {
    pub(super) qname: String,
    pub(super) attrs: Vec<(String, String)>,
    pub(super) inner: Option<String>,
}

pub(super) struct StylesInfo {
    pub(super) xfs: Vec<XfRaw>,
    pub(super) fonts: usize,
    pub(super) fills: usize,
    pub(super) has_fonts: bool,
    pub(super) has_fills: bool,
    pub(super) has_xfs: bool,
    pub(super) font_size: String,
    pub(super) font_name: String,
}

impl StylesInfo {
    pub(super) fn xf_base(&self) -> u32 {
        self.xfs.len().max(1) as u32
    }
}

pub(super) fn minimal_styles() -> String {
    format!(
        "{XML_DECL}<styleSheet xmlns=\"{MAIN_NS}\"><fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/><family val=\"2\"/></font></fonts><fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills><borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs><cellXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/></cellXfs><cellStyles count=\"1\"><cellStyle name=\"Normal\" xfId=\"0\" builtinId=\"0\"/></cellStyles></styleSheet>"
    )
}

pub(super) fn analyse_styles(xml: &str) -> Result<StylesInfo, Fault> {
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

pub(super) fn xf_xml(xf: &XfRaw, set: &[(&str, String)]) -> String {
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

pub(super) fn rewrite_styles(
    xml: &str,
    info: &StylesInfo,
    alloc: &StyleAlloc,
) -> Result<Vec<u8>, Fault> {
    // What goes at the end of fonts, fills and cellXfs.
    let (fonts_add, bold_font, link_font, fonts_added) = fonts_to_add(info);
    let (fills_add, fill_base, fills_added) = fills_to_add(info);
    let (xfs_add, xfs_added) = xfs_to_add(info, alloc, fill_base, bold_font, link_font);

    let targets: Vec<StyleTarget> = vec![
        ("fonts", 1, info.fonts + fonts_added, fonts_add),
        ("fills", 2, info.fills + fills_added, fills_add),
        ("cellXfs", 5, info.xfs.len() + xfs_added, xfs_add),
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
    let mut sp = StylesPatch {
        w: Writer::new(Vec::with_capacity(xml.len() + 2048)),
        targets,
        missing,
        depth: 0,
        p: String::new(),
    };
    loop {
        let ev = reader.read_event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if sp.start(e, empty)? {
                    continue;
                }
                if !empty {
                    sp.depth += 1;
                }
                sp.w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::End(ref e) => {
                sp.end(e)?;
                sp.w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::Eof => break,
            other => sp.w.write_event(other).map_err(wfault)?,
        }
    }
    Ok(sp.w.into_inner())
}

/// A list of styleSheet that grows: (element, order among styleSheet's children,
/// count, appended content).
type StyleTarget = (&'static str, usize, usize, String);

/// styleSheet's children in their schema order.
const STYLE_SHEET_ORDER: [&str; 11] = [
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

/// The fonts to append (a default one if there is none, then bold and link), the
/// bold and link fonts' ids, and how many fonts that adds.
fn fonts_to_add(info: &StylesInfo) -> (String, usize, usize, usize) {
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
    (fonts_add, bold_font, link_font, fonts_added)
}

/// The fills to append (the two every sheet needs if missing, then corrected and
/// flagged), the corrected fill's id, and how many fills that adds.
fn fills_to_add(info: &StylesInfo) -> (String, usize, usize) {
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
    (fills_add, fill_base, fills_added)
}

/// The cell formats to append (a default one if there is none, the highlighted
/// copies, then the findings sheet's three) and how many that adds.
fn xfs_to_add(
    info: &StylesInfo,
    alloc: &StyleAlloc,
    fill_base: usize,
    bold_font: usize,
    link_font: usize,
) -> (String, usize) {
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
    (xfs_add, xfs_added)
}

/// A whole list element, for a styleSheet that lacks it.
fn whole_target(t: &StyleTarget, p: &str) -> String {
    format!("<{p}{0} count=\"{1}\">{2}</{p}{0}>", t.0, t.2, t.3)
}

/// The styles part being rewritten: the output, where the stream is, and the
/// lists still to grow or to add.
struct StylesPatch {
    w: Writer<Vec<u8>>,
    targets: Vec<StyleTarget>,
    /// The targets (indexes) the styleSheet lacks, still to be written.
    missing: Vec<usize>,
    depth: usize,
    p: String,
}

impl StylesPatch {
    /// Writes text to the output as it is.
    fn raw(&mut self, s: &str) -> Result<(), Fault> {
        self.w.get_mut().write_all(s.as_bytes()).map_err(wfault)
    }

    /// Every missing list, whole, after which none is missing.
    fn take_missing(&mut self) -> String {
        let mut s = String::new();
        for &m in &self.missing {
            s.push_str(&whole_target(&self.targets[m], &self.p));
        }
        self.missing.clear();
        s
    }

    /// Handles a start tag; true when it was written here, false when the caller copies it.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<bool, Fault> {
        let name = e.name();
        let l = local(name.as_ref()).to_string();
        if self.depth == 0 {
            self.p = prefix_of(name.as_ref());
            if empty {
                let start = rebuild_start(e, &[], &[])?;
                let mut s = format!("<{start}>");
                s.push_str(&self.take_missing());
                s.push_str(&format!("</{}>", name.as_ref()));
                self.raw(&s)?;
                return Ok(true);
            }
        }
        if self.depth == 1 {
            return self.child_start(e, &l, empty);
        }
        Ok(false)
    }

    /// A child of styleSheet: the missing lists that come before it are written,
    /// and a list that grows gets its new count (and, if empty, its content).
    fn child_start(&mut self, e: &BytesStart<'_>, l: &str, empty: bool) -> Result<bool, Fault> {
        if let Some(k) = STYLE_SHEET_ORDER.iter().position(|o| *o == l) {
            let mut s = String::new();
            let (targets, p) = (&self.targets, &self.p);
            self.missing.retain(|&m| {
                if targets[m].1 < k {
                    s.push_str(&whole_target(&targets[m], p));
                    false
                } else {
                    true
                }
            });
            self.raw(&s)?;
        }
        let Some(t) = self.targets.iter().find(|t| t.0 == l) else {
            return Ok(false);
        };
        let name = e.name();
        let count = t.2.to_string();
        let start = rebuild_start(e, &[], &[("count", &count)])?;
        if empty {
            let s = format!("<{start}>{}</{}>", t.3, name.as_ref());
            self.raw(&s)?;
        } else {
            self.raw(&format!("<{start}>"))?;
            self.depth += 1;
        }
        Ok(true)
    }

    /// Handles an end tag (the caller copies it): a list that grows gets its new
    /// content, styleSheet the lists still missing.
    fn end(&mut self, e: &quick_xml::events::BytesEnd<'_>) -> Result<(), Fault> {
        self.depth = self.depth.saturating_sub(1);
        let name = e.name();
        let l = local(name.as_ref());
        if self.depth == 1 {
            if let Some(t) = self.targets.iter_mut().find(|t| t.0 == l) {
                let add = std::mem::take(&mut t.3);
                self.raw(&add)?;
            }
        }
        if self.depth == 0 {
            let s = self.take_missing();
            self.raw(&s)?;
        }
        Ok(())
    }
}
