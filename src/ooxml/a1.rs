//! A1 addresses: column letters and cell references, read and written, within the
//! grid a spreadsheet holds.

/// The rows and columns of a worksheet.
pub const MAX_ROWS: u32 = 1_048_576;
pub const MAX_COLS: u32 = 16_384;

/// `0 -> A`, `25 -> Z`, `26 -> AA`.
pub fn column_name(col0: u32) -> String {
    let mut n = u64::from(col0) + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = ((n - 1) % 26) as u8;
        out.push(b'A' + rem);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// `(11, 1) -> B12`.
pub fn a1(row0: u32, col0: u32) -> String {
    format!("{}{}", column_name(col0), u64::from(row0) + 1)
}

/// Column letters to a 0-based index.
pub fn parse_col(letters: &str) -> Option<u32> {
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut n: u32 = 0;
    for b in letters.bytes() {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        n = n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1;
    }
    (1..=MAX_COLS).contains(&n).then(|| n - 1)
}

/// "B12" or "$B$12" to 0-based (row, col).
pub fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let s = s.trim();
    let s = s.strip_prefix('$').unwrap_or(s);
    let split = s.find(|c: char| !c.is_ascii_alphabetic())?;
    let (letters, rest) = s.split_at(split);
    let digits = rest.strip_prefix('$').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = digits.parse().ok()?;
    if row == 0 || row > MAX_ROWS {
        return None;
    }
    Some((row - 1, parse_col(letters)?))
}

/// "B3:I10" or "A1" to (row0, col0, row1, col1).
pub fn parse_range(s: &str) -> Option<(u32, u32, u32, u32)> {
    match s.split_once(':') {
        Some((a, b)) => {
            let (r0, c0) = parse_a1(a)?;
            let (r1, c1) = parse_a1(b)?;
            Some((r0.min(r1), c0.min(c1), r0.max(r1), c0.max(c1)))
        }
        None => parse_a1(s).map(|(r, c)| (r, c, r, c)),
    }
}

/// `'Sheet name'!H12`, the quotes doubled inside.
pub fn sheet_ref(sheet: &str, cell: &str) -> String {
    format!("'{}'!{}", sheet.replace('\'', "''"), cell)
}
