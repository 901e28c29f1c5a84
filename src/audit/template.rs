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
    if memchr::memchr(MARK, b).is_some() {
        return false;
    }
    // The bytes from `copied` on are copied into the key at the next
    // reference (or the end): every byte but the references, in runs.
    let (mut i, mut copied) = (0, 0);
    while i < b.len() {
        let c = b[i];
        i = match c {
            b'"' | b'\'' => quoted_end(b, i),
            b'0'..=b'9' | b'.' => i + super::expr::number_len(&b[i..]),
            c if word_byte(c) => {
                let j = i + b[i..]
                    .iter()
                    .position(|&c| !word_byte(c))
                    .unwrap_or(b.len() - i);
                let read = match b.get(j) {
                    Some(b'(') | Some(b'!') => None,
                    _ => reference(&b[i..j]),
                };
                if let Some(r) = read {
                    key.extend_from_slice(&b[copied..i]);
                    push_ref(key, r, (row, col));
                    refs.push(r);
                    copied = j;
                }
                j
            }
            _ => i + 1,
        };
    }
    key.extend_from_slice(&b[copied..]);
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

/// How far a tree may be moved with every reference staying on the sheet
/// (where [`moved`] gives a tree; worked out once for all its copies): the rows and the columns
/// moved, each from..=to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reach {
    rows: (i64, i64),
    cols: (i64, i64),
}

impl Reach {
    pub fn of(e: &Expr) -> Reach {
        let mut reach = Reach {
            rows: (i64::MIN, i64::MAX),
            cols: (i64::MIN, i64::MAX),
        };
        let within = |span: &mut (i64, i64), at: u32, last: i64| {
            span.0 = span.0.max(-i64::from(at));
            span.1 = span.1.min(last - i64::from(at));
        };
        e.all_refs(&mut |r| {
            if !r.abs_row {
                within(&mut reach.rows, r.row, 1_048_575);
            }
            if !r.abs_col {
                within(&mut reach.cols, r.col, 16_383);
            }
            true
        });
        reach
    }

    /// Whether every reference of the tree stays on the sheet moved `(drow, dcol)`.
    pub fn holds(&self, drow: i64, dcol: i64) -> bool {
        (self.rows.0..=self.rows.1).contains(&drow) && (self.cols.0..=self.cols.1).contains(&dcol)
    }
}

/// Hashes a key eight bytes at a time (the keys are the scan's, not an
/// adversary's): grouping the formulas hashes one per formula.
#[derive(Default)]
pub struct KeyHasher(u64);

impl KeyHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x517c_c1b7_2722_0a95);
    }
}

impl std::hash::Hasher for KeyHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut words = bytes.chunks_exact(8);
        for w in &mut words {
            let mut b = [0u8; 8];
            b.copy_from_slice(w);
            self.add(u64::from_le_bytes(b));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut b = [0u8; 8];
            b[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(b) ^ ((rest.len() as u64) << 56));
        }
    }
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
    WORD[c as usize]
}

/// The bytes of a word (a name or a reference): letters, digits, `_ . $` and
/// any byte of a character past ASCII.
const WORD: [bool; 256] = {
    let mut out = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        out[c] = b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'$' || b >= 0x80;
        c += 1;
    }
    out
};

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
    let (abs_col, w) = match w {
        [b'$', rest @ ..] => (true, rest),
        _ => (false, w),
    };
    let letters = w
        .iter()
        .position(|c| !c.is_ascii_alphabetic())
        .unwrap_or(w.len());
    if letters == 0 || letters > 3 {
        return None;
    }
    let (abs_row, digits) = match &w[letters..] {
        [b'$', rest @ ..] => (true, rest),
        rest => (false, rest),
    };
    if digits.is_empty() || digits.len() > 8 || !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let col = w[..letters].iter().fold(0u32, |col, c| {
        col * 26 + u32::from(c.to_ascii_uppercase() - b'A' + 1)
    });
    let row = digits
        .iter()
        .fold(0u32, |row, c| row * 10 + u32::from(c - b'0'));
    if row == 0 || row > 1_048_576 || col > 16_384 {
        return None;
    }
    Some((row - 1, col - 1, abs_row, abs_col))
}

fn push_ref(key: &mut Vec<u8>, (r, c, abs_row, abs_col): Found, (row, col): (u32, u32)) {
    let mut bytes = [0u8; 10];
    bytes[0] = MARK;
    bytes[1] = u8::from(abs_row) | u8::from(abs_col) << 1;
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
    bytes[2..6].copy_from_slice(&(c as i32).to_le_bytes());
    bytes[6..].copy_from_slice(&(r as i32).to_le_bytes());
    key.extend_from_slice(&bytes);
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

    /// The reference reader as first written.
    fn reference_by_loop(w: &[u8]) -> Option<Found> {
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

    #[test]
    fn a_reference_is_read_as_before() {
        let mut words: Vec<String> = Vec::new();
        for a in ["", "$"] {
            for letters in ["", "A", "h", "XFD", "XFE", "ZZZ", "ABCD", "A_", "1"] {
                for b in ["", "$"] {
                    for digits in [
                        "",
                        "0",
                        "1",
                        "5",
                        "1048576",
                        "1048577",
                        "12345678",
                        "123456789",
                        "5x",
                        "05",
                    ] {
                        words.push(format!("{a}{letters}{b}{digits}"));
                    }
                }
            }
        }
        for w in &words {
            assert_eq!(
                reference(w.as_bytes()),
                reference_by_loop(w.as_bytes()),
                "{w}"
            );
        }
    }

    /// The key as first written, token by token (each copied on its own).
    fn key_by_token(text: &str, (row, col): (u32, u32)) -> Option<Vec<u8>> {
        let b = text.as_bytes();
        if b.contains(&MARK) {
            return None;
        }
        let (mut key, mut i) = (Vec::new(), 0);
        while i < b.len() {
            let end = match b[i] {
                b'"' | b'\'' => quoted_end(b, i),
                b'0'..=b'9' | b'.' => i + crate::audit::expr::number_len(&b[i..]),
                c if word_byte(c) => {
                    let j = (i..b.len()).find(|&j| !word_byte(b[j])).unwrap_or(b.len());
                    let read = match b.get(j) {
                        Some(b'(') | Some(b'!') => None,
                        _ => reference(&b[i..j]),
                    };
                    if let Some(r) = read {
                        push_ref(&mut key, r, (row, col));
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
        Some(key)
    }

    #[test]
    fn the_key_is_the_tokens_key() {
        let texts = [
            "ROUND(H5/G5,4)",
            "SUM(G6:G9)",
            "G6+G10+G21",
            "SUMIF($A$5:$A$100,\"???????\",G5:G100)",
            "IF(A5=\"A5\",1,0)&'Q1 x'!B5*2",
            "A1*1E5+LOG10(B2)+.5+1.5E-3",
            "Sheet1!C3+D4+_x+$B$2+XFD1048576+XFE1+A0",
            "'it''s'!A1+\"un\"\"closed",
            "",
            "Ü+A1",
            "\u{1}A1",
        ];
        for text in texts {
            let (mut k, mut r) = (Vec::new(), Vec::new());
            let ok = key(text, (7, 3), &mut k, &mut r);
            assert_eq!(ok.then_some(k), key_by_token(text, (7, 3)), "{text}");
        }
    }

    #[test]
    fn a_reach_holds_where_the_moved_tree_stays_on_the_sheet() {
        for text in [
            "ROUND(E5/$D$2,4)+Sheet2!A5",
            "SUM($B$2:B5)",
            "XFD1048576-A1",
            "1+2",
        ] {
            let t = parse(text);
            let reach = Reach::of(&t);
            for drow in [
                -1_048_577, -1_048_576, -5, -4, -1, 0, 1, 1_048_571, 1_048_575,
            ] {
                for dcol in [-16_384, -5, -4, -1, 0, 1, 16_379, 16_383] {
                    let fits = moved(&t, drow, dcol).is_some();
                    assert_eq!(reach.holds(drow, dcol), fits, "{text} {drow} {dcol}");
                }
            }
        }
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
