//! Notes: the legacy comments part and its VML drawing, new or merged into.

use super::*;

pub(super) fn comment_runs(note: &str, lead: &str, p: &str) -> String {
    let font = format!(
        "<{p}sz val=\"9\"/><{p}color indexed=\"81\"/><{p}rFont val=\"Tahoma\"/><{p}family val=\"2\"/>"
    );
    format!(
        "<{p}r><{p}rPr><{p}b/>{font}</{p}rPr><{p}t xml:space=\"preserve\">{lead}selaras:</{p}t></{p}r><{p}r><{p}rPr>{font}</{p}rPr><{p}t xml:space=\"preserve\">\n{}</{p}t></{p}r>",
        escape_text(note)
    )
}

pub(super) fn new_comments(notes: &[(u32, u32, String)]) -> String {
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
pub(super) type ShapeCell = (u32, u32, usize);

/// Adds the notes to an existing comments part: a cell that has a comment gets
/// the note appended to it, the others a new comment. Returns the part and the
/// cells that need a new VML shape.
pub(super) fn merge_comments(
    xml: &str,
    notes: &[(u32, u32, String)],
) -> Result<(Vec<u8>, Vec<ShapeCell>), Fault> {
    // First pass: the authors and the cells that already have a comment.
    let (authors, commented) = existing_comments(xml)?;
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
    let mut cm = CommentsMerge {
        w: Writer::new(Vec::with_capacity(xml.len() + 1024)),
        depth: 0,
        current: None,
        saw_list: false,
        fresh,
        by_cell: &by_cell,
        author_known: author_id.is_some(),
        author_id_text,
    };
    loop {
        let ev = reader.read_event()?;
        match ev {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let empty = matches!(ev, Event::Empty(_));
                if cm.start(e, empty)? {
                    continue;
                }
                if !empty {
                    cm.depth += 1;
                }
                cm.w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::End(ref e) => {
                cm.end(e)?;
                cm.w.write_event(ev.borrow()).map_err(wfault)?;
            }
            Event::Eof => break,
            other => cm.w.write_event(other).map_err(wfault)?,
        }
    }
    if !cm.saw_list && !cm.fresh.is_empty() {
        return Err(Fault::Xml("the comments part has no <commentList>".into()));
    }
    let shapes = cm.fresh.iter().map(|(r, c, n)| (*r, *c, n.len())).collect();
    Ok((cm.w.into_inner(), shapes))
}

/// The authors of a comments part, and the cells that already have a comment.
type ExistingComments = (Vec<String>, HashSet<(u32, u32)>);

/// The authors of a comments part and the cells that already have a comment.
fn existing_comments(xml: &str) -> Result<ExistingComments, Fault> {
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
    Ok((authors, commented))
}

/// A comments part being merged into: the output, where the stream is, and the
/// notes to add.
struct CommentsMerge<'a> {
    w: Writer<Vec<u8>>,
    depth: usize,
    /// The cell of the comment being copied.
    current: Option<(u32, u32)>,
    saw_list: bool,
    /// The notes of cells that have no comment yet.
    fresh: Vec<&'a (u32, u32, String)>,
    by_cell: &'a HashMap<(u32, u32), &'a str>,
    /// Whether the part already lists selaras as an author.
    author_known: bool,
    author_id_text: String,
}

impl CommentsMerge<'_> {
    /// Writes text to the output as it is.
    fn raw(&mut self, s: &str) -> Result<(), Fault> {
        self.w.get_mut().write_all(s.as_bytes()).map_err(wfault)
    }

    /// The new comments, one per fresh note, with prefix `p`.
    fn new_comment_xml(&self, p: &str) -> String {
        let mut s = String::new();
        for (r, c, note) in &self.fresh {
            s.push_str(&format!(
                "<{p}comment ref=\"{}\" authorId=\"{}\"><{p}text>{}</{p}text></{p}comment>",
                a1(*r, *c),
                self.author_id_text,
                comment_runs(note, "", p)
            ));
        }
        s
    }

    /// The selaras author, unless the part has it already.
    fn author_xml(&self, p: &str) -> String {
        if self.author_known {
            String::new()
        } else {
            format!("<{p}author>selaras</{p}author>")
        }
    }

    /// Handles a start tag; true when it was written here, false when the caller copies it.
    fn start(&mut self, e: &BytesStart<'_>, empty: bool) -> Result<bool, Fault> {
        let name = e.name();
        let l = local(name.as_ref());
        let p = prefix_of(name.as_ref());
        if self.depth == 1 && empty && (l == "authors" || l == "commentList") {
            let start = rebuild_start(e, &[], &[])?;
            let inner = if l == "authors" {
                self.author_xml(&p)
            } else {
                self.saw_list = true;
                self.new_comment_xml(&p)
            };
            let s = format!("<{start}>{inner}</{}>", name.as_ref());
            self.raw(&s)?;
            return Ok(true);
        }
        if l == "comment" {
            self.current = attr_value(e, "ref")?.as_deref().and_then(parse_a1);
        }
        Ok(false)
    }

    /// Handles an end tag (the caller copies it): the new author, the new
    /// comments and the notes for commented cells are written before it.
    fn end(&mut self, e: &quick_xml::events::BytesEnd<'_>) -> Result<(), Fault> {
        self.depth = self.depth.saturating_sub(1);
        let name = e.name();
        let l = local(name.as_ref());
        let p = prefix_of(name.as_ref());
        match l {
            "authors" if self.depth == 1 => {
                let s = self.author_xml(&p);
                self.raw(&s)?;
            }
            "commentList" if self.depth == 1 => {
                self.saw_list = true;
                let s = self.new_comment_xml(&p);
                self.raw(&s)?;
            }
            "text" => {
                if let Some(note) = self.current.and_then(|c| self.by_cell.get(&c)) {
                    let runs = comment_runs(note, "\n\n", &p);
                    self.raw(&runs)?;
                }
            }
            "comment" => self.current = None,
            _ => {}
        }
        Ok(())
    }
}

pub(super) const VML_SHAPETYPE: &str = "<v:shapetype id=\"_x0000_t202\" coordsize=\"21600,21600\" o:spt=\"202\" path=\"m,l,21600r21600,l21600,xe\"><v:stroke joinstyle=\"miter\"/><v:path gradientshapeok=\"t\" o:connecttype=\"rect\"/></v:shapetype>";

pub(super) fn vml_shape(id: u32, z: usize, row0: u32, col0: u32, note_len: usize) -> String {
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
pub(super) fn new_vml(block: u32, shapes: &[(u32, u32, usize)]) -> (String, u32) {
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
pub(super) fn max_shape_id(bytes: &[u8]) -> u32 {
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

pub(super) fn find_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

pub(super) fn rfind_bytes(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// The highest id block any VML drawing of the package uses.
pub(super) fn used_vml_blocks<R: Read + Seek>(
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
pub(super) fn merge_vml(bytes: Vec<u8>, shapes: &[(u32, u32, usize)]) -> Result<Vec<u8>, String> {
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
