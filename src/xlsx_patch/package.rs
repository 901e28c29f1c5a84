//! Package parts: relationships, content types and part paths.

use super::*;

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
