//! One parsed tree per copied formula. A column of `=ROUND(E5/D5,4)`,
//! `=ROUND(E6/D6,4)`, … differs only in its references' rows: read relative to
//! its cell, every copy is the same text. That text (the key) is found by a
//! quick scan of the formula's bytes; the first formula of each key is parsed,
//! and the others are its tree with their references moved. The key keeps every
//! byte but the references, which it writes relative to the cell (absolute
//! parts as they are), so a key and a cell give back the formula's very text:
//! two formulas share a tree only where one is the other copied.
//!
//! The scan does not need to understand a formula; where it reads a reference
//! the parser does not (`1E5` is a number, `LOG10(` a function), the tree's
//! references are not those the scan found, and the key is parsed cell by cell.

use super::expr::{Expr, Ref};

/// A reference as the scan read it: (row, column, $row, $column), 0-based.
pub type Found = (u32, u32, bool, bool);

/// Marks a reference in a key (a byte no formula text holds).
const MARK: u8 = 0x01;

/// Writes the key of `text` at (row, col) into `key` and the references read
/// into `refs` (both cleared first). False where the text cannot have a key.
pub fn key(text: &str, (row, col): (u32, u32), key: &mut Vec<u8>, refs: &mut Vec<Found>) -> bool {
    key.clear();
    refs.clear();
    let b = text.as_bytes();
    if b.contains(&MARK) {
        return false;
    }
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let end = match c {
            b'"' | b'\'' => quoted_end(b, i),
            b'0'..=b'9' | b'.' => i + super::expr::number_len(&b[i..]),
            c if word_byte(c) => {
                let j = (i..b.len()).find(|&j| !word_byte(b[j])).unwrap_or(b.len());
                let next = b.get(j).copied();
                let read = match next {
                    Some(b'(') | Some(b'!') => None,
                    _ => reference(&b[i..j]),
                };
                if let Some(r) = read {
                    push_ref(key, r, (row, col));
                    refs.push(r);
                    i = j;
                    continue;
                }
                j
            }
            _ => i + 1,
        };
        key.extend_from_slice(&b[i..end]);
        i = end;
    }
    true
}

/// The references of a parsed tree, as the scan reads them, sorted.
pub fn tree_refs(e: &Expr) -> Vec<Found> {
    let mut out = Vec::new();
    e.all_refs(&mut |r| {
        out.push((r.row, r.col, r.abs_row, r.abs_col));
        true
    });
    out.sort_unstable();
    out
}

/// The tree of a copy `(drow, dcol)` away: its relative references moved.
/// None where a reference would leave the sheet.
pub fn moved(e: &Expr, drow: i64, dcol: i64) -> Option<Expr> {
    let mut out = e.clone();
    shift(&mut out, drow, dcol).then_some(out)
}

/// Whether every reference of a tree stays on the sheet moved `(drow, dcol)`
/// (what [`moved`] asks, without making the moved tree).
pub fn fits(e: &Expr, drow: i64, dcol: i64) -> bool {
    e.all_refs(&mut |r| moved_ref(r, drow, dcol).is_some())
}

fn shift(e: &mut Expr, drow: i64, dcol: i64) -> bool {
    match e {
        Expr::Ref(r) => shift_ref(r, drow, dcol),
        Expr::Range(c) => c.iter_mut().all(|r| shift_ref(r, drow, dcol)),
        Expr::Func(_, args) => args.iter_mut().all(|a| shift(a, drow, dcol)),
        Expr::Neg(x) | Expr::Percent(x) => shift(x, drow, dcol),
        Expr::Bin(_, a, b) => shift(a, drow, dcol) && shift(b, drow, dcol),
        _ => true,
    }
}

fn shift_ref(r: &mut Ref, drow: i64, dcol: i64) -> bool {
    match moved_ref(r, drow, dcol) {
        Some((row, col)) => {
            (r.row, r.col) = (row, col);
            true
        }
        None => false,
    }
}

/// The cell a reference reads moved `(drow, dcol)` (its `$` parts stay); None
/// off the sheet.
fn moved_ref(r: &Ref, drow: i64, dcol: i64) -> Option<(u32, u32)> {
    let row = match r.abs_row {
        true => r.row,
        false => u32::try_from(i64::from(r.row) + drow)
            .ok()
            .filter(|v| *v < 1_048_576)?,
    };
    let col = match r.abs_col {
        true => r.col,
        false => u32::try_from(i64::from(r.col) + dcol)
            .ok()
            .filter(|v| *v < 16_384)?,
    };
    Some((row, col))
}

fn word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'.' || c == b'$' || c >= 0x80
}

/// The end of a text or sheet name quoted at `i` (a doubled quote stands for
/// one); the text's end where it is not closed.
fn quoted_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        if b[j] == q {
            if b.get(j + 1) == Some(&q) {
                j += 2;
                continue;
            }
            return j + 1;
        }
        j += 1;
    }
    b.len()
}

/// A whole word that is a reference: `$?[A-Z]{1,3}$?[0-9]+`.
fn reference(w: &[u8]) -> Option<Found> {
    let mut i = 0;
    let abs_col = w.first() == Some(&b'$');
    i += usize::from(abs_col);
    let mut col: u32 = 0;
    let cs = i;
    while i < w.len() && w[i].is_ascii_alphabetic() {
        col = col * 26 + u32::from(w[i].to_ascii_uppercase() - b'A' + 1);
        i += 1;
    }
    if i == cs || i - cs > 3 {
        return None;
    }
    let abs_row = w.get(i) == Some(&b'$');
    i += usize::from(abs_row);
    let rs = i;
    let mut row: u32 = 0;
    while i < w.len() && w[i].is_ascii_digit() && i - rs < 8 {
        row = row * 10 + u32::from(w[i] - b'0');
        i += 1;
    }
    if i == rs || i != w.len() || row == 0 || row > 1_048_576 || col == 0 || col > 16_384 {
        return None;
    }
    Some((row - 1, col - 1, abs_row, abs_col))
}

fn push_ref(key: &mut Vec<u8>, (r, c, abs_row, abs_col): Found, (row, col): (u32, u32)) {
    key.push(MARK);
    key.push(u8::from(abs_row) | u8::from(abs_col) << 1);
    let c = if abs_col {
        i64::from(c)
    } else {
        i64::from(c) - i64::from(col)
    };
    let r = if abs_row {
        i64::from(r)
    } else {
        i64::from(r) - i64::from(row)
    };
    key.extend_from_slice(&(c as i32).to_le_bytes());
    key.extend_from_slice(&(r as i32).to_le_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::expr::parse;

    fn key_of(text: &str, at: (u32, u32)) -> Vec<u8> {
        let (mut k, mut r) = (Vec::new(), Vec::new());
        assert!(key(text, at, &mut k, &mut r));
        k
    }

    #[test]
    fn copies_share_a_key_and_other_formulas_do_not() {
        assert_eq!(
            key_of("ROUND(E5/D5,4)", (4, 5)),
            key_of("ROUND(E9/D9,4)", (8, 5))
        );
        assert_eq!(
            key_of("SUM($B$2:B5)", (4, 2)),
            key_of("SUM($B$2:B9)", (8, 2))
        );
        assert_ne!(
            key_of("SUM($B$2:B5)", (4, 2)),
            key_of("SUM($B$3:B9)", (8, 2))
        );
        assert_ne!(
            key_of("ROUND(E5/D5,4)", (4, 5)),
            key_of("ROUND(E5/D5,2)", (4, 5))
        );
        assert_ne!(key_of("SUM(G6:G8)", (4, 6)), key_of("SUM(G6:G9)", (4, 6)));
        // A text or a sheet name is kept as it is: "A1" in quotes is no reference.
        assert_ne!(
            key_of("IF(A5=\"A5\",1,0)", (4, 1)),
            key_of("IF(A6=\"A6\",1,0)", (5, 1))
        );
        assert_eq!(key_of("'Q1'!B5*2", (4, 1)), key_of("'Q1'!B6*2", (5, 1)));
    }

    #[test]
    fn a_copy_is_its_template_moved() {
        let t = parse("ROUND(E5/$D$2,4)+Sheet2!A5");
        let (mut k, mut refs) = (Vec::new(), Vec::new());
        key("ROUND(E5/$D$2,4)+Sheet2!A5", (4, 5), &mut k, &mut refs);
        refs.sort_unstable();
        assert_eq!(tree_refs(&t), refs);
        assert_eq!(moved(&t, 3, 0), Some(parse("ROUND(E8/$D$2,4)+Sheet2!A8")));
        assert_eq!(moved(&t, -5, 0), None);
    }

    #[test]
    fn what_the_parser_reads_otherwise_is_told() {
        // `1E5` is a number to the parser, a number to the scan; LOG10( a function.
        for text in ["A1*1E5", "LOG10(B2)", "Sheet1!C3+D4"] {
            let (mut k, mut refs) = (Vec::new(), Vec::new());
            key(text, (9, 9), &mut k, &mut refs);
            refs.sort_unstable();
            assert_eq!(tree_refs(&parse(text)), refs, "{text}");
        }
    }
}
