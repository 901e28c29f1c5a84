//! Formulas: a shared formula moved to another cell.

use super::*;

pub(super) fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'$' | b'\\' | b'?') || b >= 0x80
}

/// `$?COL$?ROW` split into (col_abs, col0, row_abs, row0).
pub(super) fn split_cell_token(t: &str) -> Option<(bool, u32, bool, u32)> {
    let (cabs, rest) = match t.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, t),
    };
    let split = rest.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, rest) = rest.split_at(split);
    let (rabs, digits) = match rest.strip_prefix('$') {
        Some(d) => (true, d),
        None => (false, rest),
    };
    if digits.is_empty() || digits.len() > 7 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > MAX_ROWS {
        return None;
    }
    Some((cabs, parse_col(letters)?, rabs, row - 1))
}

pub(super) fn col_token(t: &str) -> Option<(bool, u32)> {
    let (abs, rest) = match t.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, t),
    };
    Some((abs, parse_col(rest)?))
}

pub(super) fn row_token(t: &str) -> Option<(bool, u32)> {
    let (abs, rest) = match t.strip_prefix('$') {
        Some(r) => (true, r),
        None => (false, t),
    };
    if rest.is_empty() || rest.len() > 7 || !rest.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = rest.parse().ok()?;
    (1..=MAX_ROWS).contains(&row).then(|| (abs, row - 1))
}

pub(super) fn shift(v: u32, by: i64, abs: bool, max: u32) -> Option<u32> {
    if abs {
        return Some(v);
    }
    let n = i64::from(v) + by;
    (n >= 0 && n < i64::from(max)).then_some(n as u32)
}

/// The formula of a shared-formula master as it reads `dr` rows and `dc`
/// columns away: relative references move, absolute ones stay, a reference
/// moved off the grid becomes #REF!.
pub(super) fn shift_formula(f: &str, dr: i64, dc: i64) -> String {
    let b = f.as_bytes();
    let mut out = String::with_capacity(f.len() + 8);
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'"' || c == b'\'' {
            // A string literal or a quoted sheet name, copied as it is.
            let end = quoted_end(b, i);
            out.push_str(&f[i..end]);
            i = end;
            continue;
        }
        if c == b'[' {
            // Structured reference or external book index: copied.
            let end = bracket_end(b, i);
            out.push_str(&f[i..end]);
            i = end;
            continue;
        }
        if is_ident_byte(c) {
            i = shift_token(f, i, dr, dc, &mut out);
            continue;
        }
        // Any other character (operators, spaces, non-ASCII) is copied.
        let ch_len = f[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&f[i..i + ch_len]);
        i += ch_len;
    }
    out
}

/// Where the quoted text starting at `i` ends (after its closing quote; doubled quotes stay inside).
fn quoted_end(b: &[u8], i: usize) -> usize {
    let q = b[i];
    let mut j = i + 1;
    while j < b.len() {
        if b[j] == q {
            if j + 1 < b.len() && b[j + 1] == q {
                j += 2;
                continue;
            }
            break;
        }
        j += 1;
    }
    (j + 1).min(b.len())
}

/// Where the bracketed text starting at `i` ends (after its matching `]`).
fn bracket_end(b: &[u8], i: usize) -> usize {
    let mut depth = 0;
    let mut j = i;
    while j < b.len() {
        if b[j] == b'[' {
            depth += 1;
        } else if b[j] == b']' {
            depth -= 1;
            if depth == 0 {
                break;
            }
        }
        j += 1;
    }
    (j + 1).min(b.len())
}

/// Where the run of name bytes starting at `i` ends.
fn ident_end(b: &[u8], i: usize) -> usize {
    let mut j = i;
    while j < b.len() && is_ident_byte(b[j]) {
        j += 1;
    }
    j
}

/// Copies the name or reference starting at `i` into `out`, shifted if it is a
/// reference; returns where it ends.
fn shift_token(f: &str, i: usize, dr: i64, dc: i64, out: &mut String) -> usize {
    let b = f.as_bytes();
    let j = ident_end(b, i);
    let token = &f[i..j];
    let next = b.get(j).copied();
    if next == Some(b'(') || next == Some(b'!') {
        out.push_str(token);
        return j;
    }
    if let Some(cell) = split_cell_token(token) {
        out.push_str(&shifted_cell(cell, dr, dc));
        return j;
    }
    // Whole columns (A:C) or whole rows (3:5).
    if next == Some(b':') {
        let k = ident_end(b, j + 1);
        let second = &f[j + 1..k];
        if let Some(range) = shifted_line_range(token, second, dr, dc) {
            out.push_str(&range);
            return k;
        }
    }
    out.push_str(token);
    j
}

/// A cell reference moved `dr` rows and `dc` columns, or #REF! off the grid.
fn shifted_cell((cabs, col, rabs, row): (bool, u32, bool, u32), dr: i64, dc: i64) -> String {
    match (
        shift(col, dc, cabs, MAX_COLS),
        shift(row, dr, rabs, MAX_ROWS),
    ) {
        (Some(nc), Some(nr)) => format!(
            "{}{}{}{}",
            if cabs { "$" } else { "" },
            column_name(nc),
            if rabs { "$" } else { "" },
            nr + 1
        ),
        _ => "#REF!".to_string(),
    }
}

/// A range of whole columns or whole rows (`first:second`) moved, #REF! off the
/// grid; None when it is neither.
fn shifted_line_range(first: &str, second: &str, dr: i64, dc: i64) -> Option<String> {
    if let (Some((a1s, c1)), Some((a2s, c2))) = (col_token(first), col_token(second)) {
        return Some(
            match (shift(c1, dc, a1s, MAX_COLS), shift(c2, dc, a2s, MAX_COLS)) {
                (Some(n1), Some(n2)) => format!(
                    "{}{}:{}{}",
                    if a1s { "$" } else { "" },
                    column_name(n1),
                    if a2s { "$" } else { "" },
                    column_name(n2)
                ),
                _ => "#REF!".to_string(),
            },
        );
    }
    if let (Some((a1s, r1)), Some((a2s, r2))) = (row_token(first), row_token(second)) {
        return Some(
            match (shift(r1, dr, a1s, MAX_ROWS), shift(r2, dr, a2s, MAX_ROWS)) {
                (Some(n1), Some(n2)) => format!(
                    "{}{}:{}{}",
                    if a1s { "$" } else { "" },
                    n1 + 1,
                    if a2s { "$" } else { "" },
                    n2 + 1
                ),
                _ => "#REF!".to_string(),
            },
        );
    }
    None
}
