//! How a row is set out: the evidence a table's layout gives of its levels,
//! where its kode does not. A kegiatan is often bold, or set in capitals, or
//! numbered "1.", and its sub kegiatan indented (by the cell's indent or by
//! spaces typed before the name), or numbered "1.1" or "a.".
//!
//! The layout only ever breaks a tie the figures leave, or gives the levels
//! where no choice of rows adds up; and only where it is plain: the rows of a
//! program are set out in exactly two ways, the first row (always a kegiatan)
//! in one of them.

use crate::table::Row;

/// How a row's name is set out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    /// The cell's indent level (its style).
    indent: u8,
    /// Spaces typed before the name.
    spaces: usize,
    bold: bool,
    capitals: bool,
    numbering: Numbering,
}

/// The kind of number a name starts with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Numbering {
    None,
    /// "1." or "1)": one number.
    Number,
    /// "1.1", "1.2.3": numbers joined by dots, so many of them.
    Dotted(usize),
    /// "a." or "a)".
    Letter,
    /// "I.", "IV.".
    Roman,
    /// "-", "•", "·", "*".
    Bullet,
}

impl Mark {
    /// How `row`'s name is set out; None where no cell holds it.
    pub fn of(row: &Row) -> Option<Mark> {
        let (typed, look) = row.label_as_typed()?;
        let name = typed.trim_start();
        let spaces = typed.chars().take_while(|c| c.is_whitespace()).count();
        Some(Mark {
            indent: look.indent,
            spaces,
            bold: look.bold,
            capitals: capitals(name),
            numbering: numbering(name),
        })
    }
}

/// Which rows of a program's span its layout shows as its kegiatan: those set
/// out as the first row is, where the span's rows are set out in exactly two
/// ways and some row follows a kegiatan set out the other way. None where the
/// layout does not tell (one way, three or more, or a name no cell holds).
pub fn kegiatan(span: &[&Row]) -> Option<Vec<usize>> {
    let marks: Vec<Mark> = span.iter().map(|r| Mark::of(r)).collect::<Option<_>>()?;
    let first = marks.first()?;
    let other = marks.iter().find(|m| *m != first)?;
    if marks.iter().any(|m| m != first && m != other) {
        return None;
    }
    Some((0..marks.len()).filter(|&i| marks[i] == *first).collect())
}

/// Whether a name is written in capitals (three letters at least).
pub fn capitals(label: &str) -> bool {
    let letters: Vec<char> = label.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 3 && letters.iter().all(|c| c.is_uppercase())
}

/// The number a name starts with, by kind.
fn numbering(name: &str) -> Numbering {
    let token: &str = name.split_whitespace().next().unwrap_or("");
    if token.starts_with(['-', '•', '·', '*', '–']) {
        return Numbering::Bullet;
    }
    // A numbering token ends in "." or ")" or is numbers joined by dots.
    let closed = token.ends_with(['.', ')']);
    let body = token.trim_end_matches(['.', ')']);
    if body.is_empty() {
        return Numbering::None;
    }
    let parts: Vec<&str> = body.split('.').collect();
    if parts
        .iter()
        .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit()))
    {
        return match parts.len() {
            1 if closed => Numbering::Number,
            1 => Numbering::None,
            n => Numbering::Dotted(n),
        };
    }
    if !closed || parts.len() != 1 {
        return Numbering::None;
    }
    let roman = body.len() <= 4 && body.chars().all(|c| "IVXLC".contains(c));
    match body.chars().count() {
        1 if matches!(body, "I" | "V" | "X") => Numbering::Roman,
        1 if body.chars().all(|c| c.is_ascii_alphabetic()) => Numbering::Letter,
        _ if roman => Numbering::Roman,
        _ => Numbering::None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbering_kinds() {
        assert_eq!(numbering("1. Penyusunan"), Numbering::Number);
        assert_eq!(numbering("12) Penyusunan"), Numbering::Number);
        assert_eq!(numbering("1.1 Penyusunan"), Numbering::Dotted(2));
        assert_eq!(numbering("1.2.3. Penyusunan"), Numbering::Dotted(3));
        assert_eq!(numbering("a. Penyusunan"), Numbering::Letter);
        assert_eq!(numbering("IV. Penyusunan"), Numbering::Roman);
        assert_eq!(numbering("C. Penyusunan"), Numbering::Letter);
        assert_eq!(numbering("- Penyusunan"), Numbering::Bullet);
        assert_eq!(numbering("Penyusunan Dokumen"), Numbering::None);
        assert_eq!(numbering("2024 Penyusunan"), Numbering::None);
        assert_eq!(numbering("Di. Penyusunan"), Numbering::None);
    }
}
