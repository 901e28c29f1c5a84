//! Text in spreadsheet XML: escaping (with the `_xHHHH_` form), numbers, names
//! and attributes of elements.

use super::*;

/// Element text per ST_Xstring: XML-escaped, control characters as `_xHHHH_`,
/// and a literal `_xHHHH_` protected by escaping its underscore.
pub(super) fn escape_text(s: &str) -> String {
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

pub(super) fn looks_like_xescape(b: &[u8]) -> bool {
    b.len() >= 7
        && b[0] == b'_'
        && (b[1] == b'x' || b[1] == b'X')
        && b[2..6].iter().all(u8::is_ascii_hexdigit)
        && b[6] == b'_'
}

/// An attribute value: XML-escaped, characters XML cannot carry dropped.
pub(super) fn escape_attr(s: &str) -> String {
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
pub(super) fn number_text(d: &Decimal) -> String {
    d.normalize().to_string()
}

pub(super) fn local(name: &str) -> &str {
    match name.rsplit_once(':') {
        Some((_, l)) => l,
        None => name,
    }
}

pub(super) fn prefix_of(name: &str) -> String {
    match name.split_once(':') {
        Some((p, _)) => format!("{p}:"),
        None => String::new(),
    }
}

pub(super) fn attr_value(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, Fault> {
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
pub(super) fn rebuild_start(
    e: &BytesStart<'_>,
    drop: &[&str],
    set: &[(&str, &str)],
) -> Result<String, Fault> {
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
