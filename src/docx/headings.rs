//! Headings of a draft whose styles carry no outline level: many offices type
//! "BAB III AKUNTABILITAS KINERJA" in capitals and "3.1. Capaian Kinerja
//! Organisasi" in bold in the Normal style. Without them every finding would be
//! placed under no chapter. When no paragraph of the draft has a heading style,
//! a paragraph of running text is taken for a heading when it is short, ends
//! without a period or colon, and is either "BAB <number>", written in
//! capitals, or bold throughout; its level is 1 for "BAB" and capitals, else
//! its numbering's depth ("3.1." is 2, "3.1.1" 3), else 2. A caption ("Tabel
//! 3.1 …") is never a heading; a numbered line that is not bold (a list item)
//! is not one either.

use super::read::{collapse, Document, Paragraph, TextBlock};

/// Whether every run with text of the paragraph is bold.
fn bold(p: &Paragraph) -> bool {
    let with_text: Vec<_> = p.runs.iter().filter(|r| r.chars.1 > r.chars.0).collect();
    !with_text.is_empty()
        && with_text.iter().all(|r| {
            let props = r.props.replace(' ', "");
            props.contains("<w:b/>")
                || props.contains("<w:bw:val=\"1\"")
                || props.contains("<w:bw:val=\"true\"")
        })
}

/// The level the paragraph would have as a heading, if it is one.
fn level(p: &Paragraph) -> Option<u8> {
    let text = p.text.trim();
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 || text.ends_with(['.', ':', ';', ',']) {
        return None;
    }
    let first = words[0].to_lowercase();
    if [
        "tabel",
        "gambar",
        "grafik",
        "diagram",
        "sumber",
        "keterangan",
    ]
    .contains(&first.trim_end_matches(':'))
    {
        return None;
    }
    if first == "bab" && words.len() >= 2 {
        return Some(1);
    }
    let letters: Vec<char> = text.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase());
    if capitals && !p.numbered {
        return Some(1);
    }
    if !bold(p) {
        return None;
    }
    let numbering = words[0].trim_end_matches('.');
    let depth = numbering
        .split('.')
        .take_while(|part| !part.is_empty() && part.chars().all(|c| c.is_ascii_digit()))
        .count();
    let numbered = depth > 0
        && numbering
            .split('.')
            .all(|part| part.chars().all(|c| c.is_ascii_digit()));
    Some(if numbered {
        (depth as u8 + 1).min(9)
    } else {
        2
    })
}

/// Finds the headings of a draft without heading styles, and places its running
/// text and its tables under them.
pub fn infer(doc: &mut Document) {
    if doc.paragraphs.iter().any(|p| p.level.is_some()) {
        return;
    }
    let levels: Vec<Option<u8>> = doc
        .paragraphs
        .iter()
        .map(|p| if p.table.is_none() { level(p) } else { None })
        .collect();
    if levels.iter().all(Option::is_none) {
        return;
    }
    // The headings above each paragraph, outermost first.
    let mut open: Vec<(u8, String)> = Vec::new();
    let mut above: Vec<Vec<String>> = Vec::with_capacity(doc.paragraphs.len());
    for (p, level) in doc.paragraphs.iter().zip(&levels) {
        above.push(open.iter().map(|(_, h)| h.clone()).collect());
        if let Some(l) = level {
            open.retain(|(o, _)| o < l);
            open.push((*l, collapse(&p.text)));
        }
    }
    for (p, level) in doc.paragraphs.iter_mut().zip(&levels) {
        if level.is_some() {
            p.level = *level;
        }
    }
    doc.texts = doc
        .texts
        .iter()
        .filter(|b| levels[b.paragraph].is_none())
        .map(|b| TextBlock {
            paragraph: b.paragraph,
            headings: above[b.paragraph].clone(),
        })
        .collect();
    for t in &mut doc.tables {
        if let Some(first) = t.cell_paragraph.values().min() {
            t.headings = above[*first].clone();
        }
    }
}
