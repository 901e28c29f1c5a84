//! The XML text of the quick reader: the shared strings part, and the small
//! readers of tags, attributes and text with entities that the sheet parser
//! shares with it. Anything unexpected answers None ("unsure").

use std::io::Read;

use memchr::{memchr, memmem};

use super::super::tags::attribute;
use super::Chunks;

/// The shared strings of a workbook, as calamine reads them: one text, and
/// where each string ends in it.
#[derive(Debug, Default)]
pub(in crate::workbook) struct SharedStrings {
    text: String,
    ends: Vec<usize>,
}

impl SharedStrings {
    pub(in crate::workbook) fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        Some(&self.text[start..end])
    }

    pub(in crate::workbook) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Reads `xl/sharedStrings.xml`; None for anything unexpected.
    pub(in crate::workbook) fn read(reader: impl Read) -> Option<SharedStrings> {
        let mut out = SharedStrings::default();
        let mut chunks = Chunks::new(reader);
        let mut started = false;
        let mut ended = false;
        let si_end = memmem::Finder::new(b"</si>");
        chunks.each_region(b"</si>", |xml, last| {
            let mut pos = 0;
            if !started {
                pos = after_prolog(xml)?;
                let (name, gt) = tag_at(xml, pos)?;
                if name != b"sst" {
                    return None;
                }
                started = true;
                pos = gt + 1;
                if xml[gt - 1] == b'/' {
                    ended = true;
                    return Some(xml.len());
                }
            }
            if ended {
                return Some(xml.len());
            }
            loop {
                let Some(lt) = memchr(b'<', &xml[pos..]) else {
                    plain_gap(&xml[pos..])?;
                    return Some(if last { xml.len() } else { pos });
                };
                let lt = pos + lt;
                plain_gap(&xml[pos..lt])?;
                let (name, gt) = tag_at(xml, lt)?;
                match name {
                    b"si" if xml[gt - 1] == b'/' => {
                        out.push("");
                        pos = gt + 1;
                    }
                    b"si" => {
                        let close = si_end.find(&xml[gt + 1..])? + gt + 1;
                        rich_text(&xml[gt + 1..close], &mut out.text)?;
                        out.ends.push(out.text.len());
                        pos = close + b"</si>".len();
                    }
                    b"/sst" => {
                        ended = true;
                        return Some(xml.len());
                    }
                    _ => return None,
                }
            }
        })?;
        ended.then_some(out)
    }

    fn push(&mut self, s: &str) {
        self.text.push_str(s);
        self.ends.push(self.text.len());
    }
}

/// Where the root element starts: after an XML declaration in UTF-8 and any
/// whitespace. None for another encoding or anything else before the root.
pub(super) fn after_prolog(xml: &[u8]) -> Option<usize> {
    let mut pos = 0;
    if xml.starts_with(b"<?xml") {
        let end = memmem::find(xml, b"?>")?;
        let decl = &xml[..end];
        if let Some(Some(enc)) = attribute(&decl[5..], b"encoding") {
            if !enc.eq_ignore_ascii_case(b"utf-8") {
                return None;
            }
        }
        pos = end + 2;
    }
    while pos < xml.len() && xml[pos].is_ascii_whitespace() {
        pos += 1;
    }
    (xml.get(pos) == Some(&b'<') && xml.get(pos + 1) != Some(&b'!')).then_some(pos)
}

/// The name of the tag opening at `lt` (with a leading `/` for a closing tag)
/// and where it ends (its `>`). None for a comment, CDATA section, processing
/// instruction, prefixed name or a tag not closed in these bytes.
pub(super) fn tag_at(xml: &[u8], lt: usize) -> Option<(&[u8], usize)> {
    let from = lt + 1;
    let rest = xml.get(from..)?;
    let len = match rest.first() {
        Some(b'/') => 1 + name_len(&rest[1..]),
        _ => name_len(rest),
    };
    let name = &rest[..len];
    if name.is_empty() || name.iter().any(|b| matches!(b, b':' | b'!' | b'?' | b'<')) {
        return None;
    }
    let gt = from + len + memchr(b'>', &rest[len..])?;
    let attributes = &xml[from + len..gt];
    if name[0] == b'/' {
        if !attributes.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
    } else {
        plain_attributes(
            attributes.strip_suffix(b"/").unwrap_or(attributes),
            |_, _| Some(()),
        )?;
    }
    Some((name, gt))
}

/// Walks the attributes of a tag (the bytes after its name to its `>`) when
/// they are written plainly, as every spreadsheet program writes them:
/// `name="value"` apart by whitespace, no markup or quote in a value, no name
/// twice. None for anything else (where an XML reader
/// might end the tag elsewhere, or refuse it), or when `each` says so.
pub(super) fn plain_attributes<'t>(
    tag: &'t [u8],
    mut each: impl FnMut(&'t [u8], &'t [u8]) -> Option<()>,
) -> Option<()> {
    let mut seen: [&[u8]; 8] = [b""; 8];
    let mut n = 0;
    let mut i = 0;
    loop {
        let ws = tag[i..]
            .iter()
            .take_while(|b| b.is_ascii_whitespace())
            .count();
        i += ws;
        if i >= tag.len() {
            return Some(());
        }
        if ws == 0 && n > 0 {
            return None;
        }
        let key_start = i;
        while i < tag.len()
            && !matches!(tag[i], b'=' | b'"' | b'\'' | b'<' | b'>' | b'/' | b'&')
            && !tag[i].is_ascii_whitespace()
        {
            i += 1;
        }
        let key = &tag[key_start..i];
        if key.is_empty() || tag.get(i) != Some(&b'=') || tag.get(i + 1) != Some(&b'"') {
            return None;
        }
        let start = i + 2;
        let len = memchr(b'"', &tag[start..])?;
        let value = &tag[start..start + len];
        if value.iter().any(|b| matches!(b, b'<' | b'>' | b'\'')) {
            return None;
        }
        if n == seen.len() || seen[..n].contains(&key) {
            return None;
        }
        seen[n] = key;
        n += 1;
        each(key, value)?;
        i = start + len + 1;
    }
}

fn name_len(rest: &[u8]) -> usize {
    rest.iter()
        .position(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'>' | b'/'))
        .unwrap_or(rest.len())
}

/// The text of a `<si>` or `<is>` element, as calamine reads it: every `<t>`
/// (in runs or not) one after another, each trimmed of ASCII whitespace unless
/// it keeps its spaces. None for phonetic runs and anything else unexpected.
pub(super) fn rich_text(xml: &[u8], out: &mut String) -> Option<()> {
    let mut value = String::new();
    let mut pos = 0;
    let mut in_run_properties = false;
    loop {
        let Some(lt) = memchr(b'<', &xml[pos..]) else {
            return plain_gap(&xml[pos..]);
        };
        let lt = pos + lt;
        plain_gap(&xml[pos..lt])?;
        let (name, gt) = tag_at(xml, lt)?;
        let empty = xml[gt - 1] == b'/';
        pos = gt + 1;
        if in_run_properties {
            // A run's font, size, colour...: read past (but calamine reads a text
            // anywhere, so a text here is not read past).
            if matches!(name, b"t" | b"/t" | b"r" | b"/r" | b"rPh" | b"rPr") {
                return None;
            }
            in_run_properties = name != b"/rPr";
            continue;
        }
        match name {
            b"t" => {
                let preserve = match attribute(&xml[lt + 2..gt], b"xml:space")? {
                    Some(v) => v == b"preserve",
                    None => false,
                };
                if empty {
                    continue;
                }
                let close = text_end(xml, gt + 1, b"</t>")?;
                value.clear();
                text(&xml[gt + 1..close], &mut value)?;
                let value = if preserve {
                    value.as_str()
                } else {
                    value.trim_matches([' ', '\t', '\r', '\n'])
                };
                // calamine reads `_x000D_` as a carriage return.
                if value.contains("_x") {
                    return None;
                }
                out.push_str(value);
                pos = close + b"</t>".len();
            }
            b"r" | b"/r" => {}
            b"rPr" => in_run_properties = !empty,
            b"phoneticPr" if empty => {}
            _ => return None,
        }
    }
}

/// Whether text between elements (which calamine reads past) is plain: an
/// entity there would be read, and a damaged one refused, by an XML reader.
pub(super) fn plain_gap(gap: &[u8]) -> Option<()> {
    memchr(b'&', gap).is_none().then_some(())
}

/// Where the element whose text starts at `from` closes with `close`: at the
/// first `<` (text holds no markup the quick reader reads); None when that is
/// something else.
pub(super) fn text_end(xml: &[u8], from: usize, close: &[u8]) -> Option<usize> {
    let lt = from + memchr(b'<', &xml[from..])?;
    xml[lt..].starts_with(close).then_some(lt)
}

/// Appends element text to `out`, its entities read; None for a character
/// reference, an unknown entity, a carriage return (XML reads `\r\n` as `\n`),
/// markup, or bytes that are not UTF-8.
pub(super) fn text(raw: &[u8], out: &mut String) -> Option<()> {
    let s = std::str::from_utf8(raw).ok()?;
    if s.bytes().any(|b| matches!(b, b'\r' | b'<')) {
        return None;
    }
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let semi = after.find(';')?;
        out.push(match &after[..semi] {
            "lt" => '<',
            "gt" => '>',
            "amp" => '&',
            "apos" => '\'',
            "quot" => '"',
            _ => return None,
        });
        rest = &after[semi + 1..];
    }
    out.push_str(rest);
    Some(())
}
