//! Text in spreadsheet XML: numbers, names and attributes of elements (escaping
//! is the shared `ooxml::xml`).

use super::*;

/// The shortest decimal text of a number: no trailing zeros, no exponent, no "-0".
pub(super) fn number_text(d: &Decimal) -> String {
    d.normalize().to_string()
}

pub(super) fn prefix_of(name: &str) -> String {
    match name.split_once(':') {
        Some((p, _)) => format!("{p}:"),
        None => String::new(),
    }
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

/// The value of attribute `key`, unescaped (`ooxml::xml::attr_value`, its error a
/// fault of the part being read).
pub(super) fn attr_value(e: &BytesStart<'_>, key: &str) -> Result<Option<String>, Fault> {
    crate::ooxml::xml::attr_value(e, key).map_err(Fault::Xml)
}
