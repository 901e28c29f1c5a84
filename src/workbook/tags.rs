//! The few plain tags of sheet XML read straight from bytes (an attribute, a cell
//! reference, a range, the merged ranges), shared by the quick reader and the scan.

use calamine::Dimensions;
use memchr::memmem;

/// The `ref` of every `<mergeCell>` in the bytes of a `<mergeCells>` element.
pub(super) fn merge_refs(xml: &[u8]) -> Option<Vec<Dimensions>> {
    let mut out = Vec::new();
    let finder = memmem::Finder::new(b"<mergeCell");
    let mut pos = 0;
    while let Some(i) = finder.find(&xml[pos..]) {
        let start = pos + i + b"<mergeCell".len();
        let len = xml[start..].iter().position(|b| *b == b'>')?;
        let tag = &xml[start..start + len];
        pos = start + len;
        match tag.first() {
            // <mergeCells> itself is not in the bytes given; anything else is unknown.
            Some(b' ' | b'\t' | b'\r' | b'\n' | b'/') => {}
            _ => return None,
        }
        if let Some(r) = attribute(tag, b"ref")? {
            out.push(dimension(r)?);
        }
    }
    Some(out)
}

/// The value of attribute `name` in the inside of a tag: Some(None) when absent,
/// None when the tag cannot be read.
pub(super) fn attribute<'a>(tag: &'a [u8], name: &[u8]) -> Option<Option<&'a [u8]>> {
    let mut i = 0;
    let ws = |b: u8| b.is_ascii_whitespace();
    loop {
        while i < tag.len() && ws(tag[i]) {
            i += 1;
        }
        if i >= tag.len() || tag[i] == b'/' {
            return Some(None);
        }
        let key_start = i;
        while i < tag.len() && tag[i] != b'=' && !ws(tag[i]) {
            i += 1;
        }
        let key = &tag[key_start..i];
        while i < tag.len() && ws(tag[i]) {
            i += 1;
        }
        if tag.get(i) != Some(&b'=') {
            return None;
        }
        i += 1;
        while i < tag.len() && ws(tag[i]) {
            i += 1;
        }
        let quote = *tag.get(i)?;
        if quote != b'"' && quote != b'\'' {
            return None;
        }
        let value_start = i + 1;
        let len = tag[value_start..].iter().position(|b| *b == quote)?;
        if key == name {
            return Some(Some(&tag[value_start..value_start + len]));
        }
        i = value_start + len + 1;
    }
}

/// `B2:D4` or `B2`, as calamine reads it; None for anything less plain (calamine
/// then reads it itself).
pub(super) fn dimension(text: &[u8]) -> Option<Dimensions> {
    let mut parts = text.split(|b| *b == b':');
    let start = cell(parts.next()?)?;
    let end = match parts.next() {
        Some(p) => cell(p)?,
        None => start,
    };
    if parts.next().is_some() || end.0 < start.0 || end.1 < start.1 {
        return None;
    }
    Some(Dimensions::new(start, end))
}

/// `B12` -> (11, 1); letters then digits, at most XFD1048576.
/// Whether a cell reference is well formed but names a column past the last
/// one any spreadsheet has (XFD): letters, then a row number.
pub(super) fn beyond_last_column(text: &[u8]) -> bool {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &text[letters..];
    let well_formed = letters > 0 && !digits.is_empty() && digits.iter().all(u8::is_ascii_digit);
    let col = text[..letters].iter().try_fold(0u64, |n, b| {
        n.checked_mul(26)?
            .checked_add(u64::from(b.to_ascii_uppercase() - b'A') + 1)
    });
    well_formed && col.is_none_or(|c| c > 16_384)
}

pub(super) fn cell(text: &[u8]) -> Option<(u32, u32)> {
    let letters = text.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = &text[letters..];
    if !(1..=3).contains(&letters)
        || digits.is_empty()
        || digits.len() > 7
        || digits[0] == b'0'
        || !digits.iter().all(u8::is_ascii_digit)
    {
        return None;
    }
    let col = text[..letters].iter().fold(0u32, |n, b| {
        n * 26 + u32::from(b.to_ascii_uppercase() - b'A') + 1
    });
    let row = digits
        .iter()
        .fold(0u32, |n, b| n * 10 + u32::from(b - b'0'));
    Some((row - 1, col - 1))
}
