//! `name-drift`: a tujuan or sasaran worded differently from one table to the
//! next. The Renstra says "Meningkatnya Kualitas Pelayanan Publik", the
//! measurement table "Mewujudkan Kualitas Pelayanan Publik": the same
//! statement under another leading verb is another statement, so a reader
//! cannot follow it from the plan to its measurement. Only the leading verb is
//! compared (the rest must be the same words): an abbreviation or a filler
//! word is not drift.

use std::collections::BTreeMap;

use super::super::read::{Document, WordTable};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::workbook::CellAddr;

/// Whether a word is the leading verb of a tujuan or sasaran statement:
/// "Meningkatnya", "Terwujudnya", "Mewujudkan", "Menurunnya".
fn is_verb(word: &str) -> bool {
    let w = word.to_lowercase();
    let prefixed = ["me", "ter", "ber", "pe"].iter().any(|p| w.starts_with(p));
    let suffixed = w.ends_with("nya") || w.ends_with("kan");
    w.chars().count() >= 7 && prefixed && suffixed && w.chars().all(char::is_alphabetic)
}

/// A statement of a cell: its leading verb and the rest, normalised.
fn statement(text: &str) -> Option<(String, String)> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let (verb, rest) = words.split_first()?;
    if !is_verb(verb) || rest.len() < 2 || rest.len() > 12 {
        return None;
    }
    let rest: Vec<String> = rest
        .iter()
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|w| !w.is_empty())
        .collect();
    Some((verb.to_string(), rest.join(" ")))
}

/// Where a wording stands: the table, the cell, the text.
struct Wording<'d> {
    table: &'d WordTable,
    at: (u32, u32),
    verb: String,
    text: String,
    order: usize,
}

/// A table's short name: "Tabel 3.5" of its caption, or its sheet name.
fn short_name(table: &WordTable) -> String {
    let caption = table.caption.as_deref().unwrap_or("");
    let words: Vec<&str> = caption.split_whitespace().take(2).collect();
    match words.as_slice() {
        [t, n]
            if t.eq_ignore_ascii_case("tabel") && n.starts_with(|c: char| c.is_ascii_digit()) =>
        {
            format!("Tabel {}", n.trim_end_matches('.'))
        }
        _ => table.sheet.clone(),
    }
}

pub fn check(doc: &Document) -> Vec<Finding> {
    let mut groups: BTreeMap<String, Vec<Wording>> = BTreeMap::new();
    for table in &doc.tables {
        for (at, text) in &table.cells {
            let Some((verb, rest)) = statement(text) else {
                continue;
            };
            let order = table.cell_paragraph.get(at).copied().unwrap_or(usize::MAX);
            groups.entry(rest).or_default().push(Wording {
                table,
                at: *at,
                verb,
                text: text.split_whitespace().collect::<Vec<_>>().join(" "),
                order,
            });
        }
    }
    let mut out = Vec::new();
    for (_, mut wordings) in groups {
        wordings.sort_by_key(|w| w.order);
        let first = &wordings[0];
        let verbs: Vec<String> = {
            let mut v: Vec<String> = wordings.iter().map(|w| w.verb.to_lowercase()).collect();
            v.sort();
            v.dedup();
            v
        };
        if verbs.len() < 2 {
            continue;
        }
        // Every wording (by its leading verb) with the tables it stands in, in
        // the order of the document.
        let mut listed: Vec<(String, String, Vec<String>)> = Vec::new();
        for w in &wordings {
            let table = short_name(w.table);
            match listed
                .iter_mut()
                .find(|(verb, ..)| verb.eq_ignore_ascii_case(&w.verb))
            {
                Some((_, _, tables)) => {
                    if !tables.contains(&table) {
                        tables.push(table);
                    }
                }
                None => listed.push((w.verb.clone(), w.text.clone(), vec![table])),
            }
        }
        let listed: Vec<String> = listed
            .iter()
            .map(|(_, text, tables)| format!("\"{text}\" ({})", tables.join(", ")))
            .collect();
        let Some(drifted) = wordings
            .iter()
            .find(|w| !w.verb.eq_ignore_ascii_case(&first.verb))
        else {
            continue;
        };
        let at = CellAddr::new(&drifted.table.sheet, drifted.at.0, drifted.at.1);
        let inputs: Vec<CellAddr> = wordings
            .iter()
            .filter(|w| !std::ptr::eq(*w, drifted))
            .map(|w| CellAddr::new(&w.table.sheet, w.at.0, w.at.1))
            .collect();
        let message = msg!(
            "docx.name-drift",
            first = first.text.clone(),
            wordings = listed.join("; ")
        );
        out.push(
            Finding::new(Code::NameDrift, at, message)
                .values(drifted.text.clone(), Some(first.text.clone()))
                .inputs(inputs)
                .help(msg!("docx.help-name-drift", first = first.text.clone())),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_statement_is_its_leading_verb_and_the_rest() {
        assert_eq!(
            super::statement("Meningkatnya Kualitas Pelayanan Publik"),
            Some(("Meningkatnya".into(), "kualitas pelayanan publik".into()))
        );
        assert!(super::statement("Indeks Kepuasan Masyarakat").is_none());
        assert!(super::statement("Mewujudkan").is_none());
        assert!(super::is_verb("Terwujudnya") && super::is_verb("Mewujudkan"));
        assert!(!super::is_verb("Pelayanan") && !super::is_verb("Kegiatan"));
    }
}
