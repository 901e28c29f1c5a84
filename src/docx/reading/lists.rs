//! `count-mismatch` for a list: a sentence that counts what the list after it
//! holds ("Misi Kabupaten Kebumen ada 6 (enam) yaitu :" over five items a. … e.).
//! The list is the paragraphs that follow, numbered by Word or by hand ("a.",
//! "1.", "1)", "-", "•"), up to the first that is not an item; items of another
//! kind inside it (a sub-list) are not counted.

use std::sync::LazyLock;

use regex::Regex;

use super::super::claims::terbilang;
use super::super::read::{Document, Paragraph};
use super::super::sentences::{Ctx, SentenceFinding};
use super::spec::Phrase;
use crate::finding::Code;
use crate::msg;

/// The kind of an item's marker: Word's numbering, a letter, a number, a roman
/// numeral, a bullet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Marker {
    Word,
    Letter,
    Number,
    Roman,
    Bullet,
}

/// An item numbered by hand: "a.", "1.", "1)", "(1)", "iv.", after an optional bullet.
static ITEM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:[-•▪◦*–]\s*)?(?:(?P<roman>[ivxIVX]{1,4})[.)]|(?P<letter>[a-zA-Z])[.)]|\(?(?P<number>\d{1,2})[.)])\s+\S")
        .expect("the item pattern")
});

/// An item with a bullet only.
static BULLET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*[-•▪◦*–]\s+\S").expect("the bullet pattern"));

fn marker(p: &Paragraph) -> Option<Marker> {
    if p.table.is_some() || p.level.is_some() {
        return None;
    }
    if p.numbered {
        return Some(Marker::Word);
    }
    if let Some(c) = ITEM.captures(&p.text) {
        return Some(if c.name("number").is_some() {
            Marker::Number
        } else if c.name("letter").is_some() {
            Marker::Letter
        } else {
            Marker::Roman
        });
    }
    BULLET.is_match(&p.text).then_some(Marker::Bullet)
}

/// The items of the list after paragraph `at`: (the first's text, the last's, how many).
fn list_after(doc: &Document, at: usize) -> Option<(String, String, usize)> {
    let mut kind = None;
    let mut items: Vec<&str> = Vec::new();
    for p in doc.paragraphs.iter().skip(at + 1) {
        if p.text.trim().is_empty() {
            continue;
        }
        let Some(m) = marker(p) else { break };
        match kind {
            None => kind = Some(m),
            Some(k) if k != m => continue,
            Some(_) => {}
        }
        items.push(p.text.trim());
    }
    let short = |t: &str| {
        let words: Vec<&str> = t.split_whitespace().take(5).collect();
        format!("{} …", words.join(" "))
    };
    Some((short(items.first()?), short(items.last()?), items.len()))
}

pub fn check(doc: &Document, ctx: &Ctx, lists: &[Phrase]) -> Vec<SentenceFinding> {
    let mut out: Vec<SentenceFinding> = Vec::new();
    for phrase in lists {
        for c in phrase.pattern.captures_iter(ctx.text) {
            let Some(count) = c.name("count") else {
                continue;
            };
            let Ok(claimed) = count.as_str().parse::<u64>() else {
                continue;
            };
            let Some((first, last, items)) = list_after(doc, ctx.paragraph) else {
                continue;
            };
            // The whole count as written: digits and the number word.
            let whole = c.name("word").map_or(count.end(), |w| w.end() + 1);
            let whole = whole.min(ctx.text.len());
            let span = (count.start(), whole);
            if claimed == items as u64 || out.iter().any(|f| f.chars == ctx.chars(span)) {
                continue;
            }
            // The count as written (a number word that disagrees with its digits
            // is the claims' own count-mismatch); the list's count is said here.
            let said_word = c.name("word").map(|w| w.as_str().trim().to_string());
            let written = match &said_word {
                Some(w) => format!("{claimed} ({w})"),
                None => claimed.to_string(),
            };
            let correct = match &said_word {
                Some(_) => format!("{items} ({})", terbilang(items as u64)),
                None => items.to_string(),
            };
            let message = msg!(
                "docx.list-count",
                claimed = written,
                actual = items,
                first = first,
                last = last
            );
            let mut f = ctx.finding(Code::CountMismatch, span, message, Some(correct.clone()));
            f.finding = f
                .finding
                .figures(
                    rust_decimal::Decimal::from(claimed),
                    Some(rust_decimal::Decimal::from(items as u64)),
                )
                .help(msg!("docx.help-list-count", write = correct));
            out.push(f);
        }
    }
    out
}
