//! Package parts: relationships, content types and part paths.

use super::*;

#[derive(Debug, Clone)]
pub(super) struct Rel {
    pub(super) id: String,
    pub(super) kind: String,
    pub(super) target: String,
    pub(super) external: bool,
}

pub(super) fn parse_rels(xml: &str) -> Result<Vec<Rel>, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut rels = Vec::new();
    loop {
        match reader.read_event()? {
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
pub(super) fn fresh_rid(rels: &[Rel], taken: &[&str]) -> String {
    let mut n = rels.len() + 1;
    loop {
        let id = format!("rId{n}");
        if !rels.iter().any(|r| r.id == id) && !taken.contains(&id.as_str()) {
            return id;
        }
        n += 1;
    }
}

pub(super) fn rels_part_of(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, name)) => format!("{dir}/_rels/{name}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

pub(super) fn part_dir(part: &str) -> String {
    let part = part.trim_start_matches('/');
    match part.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => String::new(),
    }
}

pub(super) fn percent_decode(s: &str) -> String {
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
pub(super) fn resolve_target(source: &str, target: &str) -> String {
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
pub(super) fn relative_target(from: &str, to: &str) -> String {
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

pub(super) struct ContentTypes {
    pub(super) defaults: HashMap<String, String>,
}

pub(super) fn parse_content_types(xml: &str) -> Result<ContentTypes, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut defaults = HashMap::new();
    loop {
        match reader.read_event()? {
            Event::Start(e) | Event::Empty(e) if local(e.name().as_ref()) == "Default" => {
                if let (Some(ext), Some(ct)) =
                    (attr_value(&e, "Extension")?, attr_value(&e, "ContentType")?)
                {
                    defaults.insert(ext.to_ascii_lowercase(), ct);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(ContentTypes { defaults })
}

/// Drops the Overrides of `remove`, adds `add` (and a Default for vml).
pub(super) fn rewrite_content_types(
    xml: &str,
    remove: &[String],
    add: &[(String, &str)],
    vml_default: bool,
) -> Result<Vec<u8>, Fault> {
    let remove: HashSet<String> = remove
        .iter()
        .map(|p| p.trim_start_matches('/').to_ascii_lowercase())
        .collect();
    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 512));
    let mut depth = 0usize;
    let mut skip_until: Option<usize> = None;
    loop {
        let ev = reader.read_event()?;
        if let Some(d) = skip_until {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == d {
                        skip_until = None;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(e) => {
                if depth == 1 && local(e.name().as_ref()) == "Override" && is_removed(&e, &remove)?
                {
                    skip_until = Some(depth);
                    depth += 1;
                    continue;
                }
                depth += 1;
                w.write_event(Event::Start(e)).map_err(wfault)?;
            }
            Event::Empty(e) => {
                if depth == 1 && local(e.name().as_ref()) == "Override" && is_removed(&e, &remove)?
                {
                    continue;
                }
                w.write_event(Event::Empty(e)).map_err(wfault)?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let p = prefix_of(e.name().as_ref());
                    let mut extra = String::new();
                    if vml_default {
                        extra.push_str(&format!(
                            "<{p}Default Extension=\"vml\" ContentType=\"{CT_VML}\"/>"
                        ));
                    }
                    for (part, ct) in add {
                        extra.push_str(&format!(
                            "<{p}Override PartName=\"/{}\" ContentType=\"{ct}\"/>",
                            escape_attr(part.trim_start_matches('/'))
                        ));
                    }
                    w.get_mut().write_all(extra.as_bytes()).map_err(wfault)?;
                }
                w.write_event(Event::End(e)).map_err(wfault)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(wfault)?,
        }
    }
    Ok(w.into_inner())
}

pub(super) fn is_removed(e: &BytesStart<'_>, remove: &HashSet<String>) -> Result<bool, Fault> {
    Ok(attr_value(e, "PartName")?
        .is_some_and(|p| remove.contains(&p.trim_start_matches('/').to_ascii_lowercase())))
}

/// Drops the relationships `remove`, appends `add`.
pub(super) fn rewrite_rels(xml: &str, remove: &[&str], add: &[Rel]) -> Result<Vec<u8>, Fault> {
    let mut reader = Reader::from_str(xml);
    let mut w = Writer::new(Vec::with_capacity(xml.len() + 512));
    let mut depth = 0usize;
    let mut skip_until: Option<usize> = None;
    let drop = |e: &BytesStart<'_>| -> Result<bool, Fault> {
        Ok(local(e.name().as_ref()) == "Relationship"
            && attr_value(e, "Id")?.is_some_and(|id| remove.contains(&id.as_str())))
    };
    loop {
        let ev = reader.read_event()?;
        if let Some(d) = skip_until {
            match ev {
                Event::Start(_) => depth += 1,
                Event::End(_) => {
                    depth = depth.saturating_sub(1);
                    if depth == d {
                        skip_until = None;
                    }
                }
                Event::Eof => break,
                _ => {}
            }
            continue;
        }
        match ev {
            Event::Start(e) => {
                if depth == 1 && drop(&e)? {
                    skip_until = Some(depth);
                    depth += 1;
                    continue;
                }
                depth += 1;
                w.write_event(Event::Start(e)).map_err(wfault)?;
            }
            Event::Empty(e) => {
                if depth == 0 {
                    // <Relationships/>: open it to add to it.
                    let start = rebuild_start(&e, &[], &[])?;
                    w.get_mut()
                        .write_all(
                            format!(
                                "<{start}>{}</{}>",
                                rels_xml(add, &prefix_of(e.name().as_ref())),
                                e.name().as_ref()
                            )
                            .as_bytes(),
                        )
                        .map_err(wfault)?;
                    continue;
                }
                if depth == 1 && drop(&e)? {
                    continue;
                }
                w.write_event(Event::Empty(e)).map_err(wfault)?;
            }
            Event::End(e) => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    let p = prefix_of(e.name().as_ref());
                    w.get_mut()
                        .write_all(rels_xml(add, &p).as_bytes())
                        .map_err(wfault)?;
                }
                w.write_event(Event::End(e)).map_err(wfault)?;
            }
            Event::Eof => break,
            other => w.write_event(other).map_err(wfault)?,
        }
    }
    Ok(w.into_inner())
}

pub(super) fn rels_xml(add: &[Rel], p: &str) -> String {
    let mut s = String::new();
    for r in add {
        s.push_str(&format!(
            "<{p}Relationship Id=\"{}\" Type=\"{}\" Target=\"{}\"/>",
            escape_attr(&r.id),
            escape_attr(&r.kind),
            escape_attr(&r.target)
        ));
    }
    s
}

pub(super) fn new_rels_part(add: &[Rel]) -> Vec<u8> {
    format!(
        "{XML_DECL}<Relationships xmlns=\"{PKG_REL_NS}\">{}</Relationships>",
        rels_xml(add, "")
    )
    .into_bytes()
}
