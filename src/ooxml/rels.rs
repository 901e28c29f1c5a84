//! Package relationships: a part's `.rels`, its targets resolved to zip entry
//! names and written back relative.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{attr_value, local};

/// One relationship of a part.
#[derive(Debug, Clone)]
pub struct Rel {
    pub id: String,
    pub kind: String,
    pub target: String,
    pub external: bool,
}

/// The relationships of a `.rels` part; an error says what is wrong with its XML.
pub fn parse_rels(xml: &str) -> Result<Vec<Rel>, String> {
    let mut reader = Reader::from_str(xml);
    let mut rels = Vec::new();
    loop {
        match reader.read_event().map_err(|e| e.to_string())? {
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
pub fn fresh_rid(rels: &[Rel], taken: &[&str]) -> String {
    let mut n = rels.len() + 1;
    loop {
        let id = format!("rId{n}");
        if !rels.iter().any(|r| r.id == id) && !taken.contains(&id.as_str()) {
            return id;
        }
        n += 1;
    }
}

/// The relationships part of a part: `xl/worksheets/_rels/sheet1.xml.rels`.
pub fn rels_part_of(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The folder of a part, with its trailing `/` (empty at the root).
pub fn part_dir(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    }
}

/// `%20` and the like decoded, as a target may write them.
pub fn percent_decode(s: &str) -> String {
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
pub fn resolve_target(source: &str, target: &str) -> String {
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
pub fn relative_target(from: &str, to: &str) -> String {
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
