//! An Excel 97–2003 workbook stream (BIFF) walked before calamine reads it:
//! the records calamine would read past, and the cells it would make calamine
//! hold.
//!
//! calamine's `.xls` reader reads every sheet when the file is opened. Its
//! record parsers trust the lengths a damaged file gives them: a record too
//! short for the fields it reads, a defined name or formula longer than its
//! record, a merged-cells count beyond its record, a shared string cut off
//! between CONTINUE records — each makes it slice past the bytes and panic
//! (found by fuzzing; selaras caught each panic, but a caught panic is still a
//! panic). And for each sheet it reserves the cells its DIMENSIONS record
//! claims and lays the cells (and, apart, the formulas) out on one dense grid
//! from the first to the last row and column any of them names: a damaged or
//! hostile file that names a cell at A1 and another at IV65536, or claims
//! 4 000 000 000 rows, makes it ask for gigabytes (found by fuzzing: 4.3 GB).
//!
//! Here the same records are walked first, as calamine walks them (the globals
//! up to their EOF, the BOUNDSHEET positions, a sheet's records up to its EOF,
//! embedded substreams passed over, CONTINUE records joined to the record
//! before). A record calamine would read past is damage, said before calamine
//! can panic on it; where calamine itself checks a length and gives up (with an
//! error, or a formula shown as unrecognised) nothing is said here. What the
//! grids would hold is counted, so that a file claiming more cells than
//! selaras reads is refused before the memory is asked for.

mod formula;
mod strings;

use super::cfb::Damage;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const BOUNDSHEET: u16 = 0x0085;
/// The workbook is encrypted: its records after this one are not readable.
const FILEPASS: u16 = 0x002F;
const CODEPAGE: u16 = 0x0042;
const DATEMODE: u16 = 0x0022;
/// A defined name (Lbl).
const NAME: u16 = 0x0018;
const EXTERNSHEET: u16 = 0x0017;
const SST: u16 = 0x00FC;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const MULRK: u16 = 0x00BD;
const MERGECELLS: u16 = 0x00E5;
/// Records of one cell at (row, column) in their first four bytes.
const CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

/// The BIFF version, as far as calamine tells them apart: before BIFF8
/// (Excel 5 and older) some tokens are shorter.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Biff {
    Early,
    Eight,
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// A record: its type, its data, and the data of the CONTINUE records that
/// follow it.
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: Vec<&'a [u8]>,
}

impl Record<'_> {
    /// Damage unless the record holds `len` bytes (calamine reads that many
    /// without looking).
    fn holds(&self, len: usize, what: Damage) -> Result<(), Damage> {
        if self.data.len() >= len {
            Ok(())
        } else {
            Err(what)
        }
    }
}

/// The records of `stream` cut as calamine's `RecordIter` cuts them; it ends
/// where a record does not fit (where calamine stops with an error).
fn records(mut stream: &[u8]) -> impl Iterator<Item = Record<'_>> {
    std::iter::from_fn(move || {
        let typ = u16_at(stream, 0)?;
        let len = usize::from(u16_at(stream, 2)?);
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        let mut cont = Vec::new();
        while stream.len() > 4 && u16_at(stream, 0) == Some(CONTINUE) {
            let len = usize::from(u16_at(stream, 2)?);
            cont.push(stream.get(4..4 + len)?);
            stream = &stream[4 + len..];
        }
        Some(Record { typ, data, cont })
    })
}

/// The smallest box holding the positions seen.
#[derive(Default)]
struct Span(Option<(u32, u32, u32, u32)>);

impl Span {
    fn add(&mut self, row: u32, col: u32) {
        self.0 = Some(match self.0 {
            None => (row, row, col, col),
            Some((r0, r1, c0, c1)) => (r0.min(row), r1.max(row), c0.min(col), c1.max(col)),
        });
    }

    /// The cells of the dense grid over the box.
    fn area(&self) -> u64 {
        self.0.map_or(0, |(r0, r1, c0, c1)| {
            (u64::from(r1 - r0) + 1) * (u64::from(c1 - c0) + 1)
        })
    }
}

/// What one sheet makes calamine hold: the cells its DIMENSIONS reserve or
/// its cells' grid (the larger), and its formulas' grid; damage where calamine
/// would read past a record.
fn sheet_cells(sheet: &[u8], biff: Biff) -> Result<u64, Damage> {
    let (mut cells, mut formulas) = (Span::default(), Span::default());
    let mut reserved = 0u64;
    let mut formula_at = (0u32, 0u32);
    let (mut seen_bof, mut depth) = (false, 0usize);
    for r in records(sheet) {
        let data = r.data;
        if depth > 0 {
            match r.typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |data: &[u8]| Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match r.typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => reserved = reserved.max(dimensions(data)),
            // (Shorter than 20 bytes, calamine refuses the workbook itself.)
            FORMULA if data.len() >= 20 => {
                if let Some((r, c)) = at(data) {
                    formula_at = (r, c);
                    cells.add(r, c);
                    formulas.add(r, c);
                }
                formula::check(&data[20..], biff)?;
            }
            STRING => cells.add(formula_at.0, formula_at.1),
            MULRK if data.len() >= 6 => {
                if let (Some((r, first)), Some(last)) = (at(data), u16_at(data, data.len() - 2)) {
                    cells.add(r, first);
                    cells.add(r, u32::from(last).max(first));
                }
            }
            MERGECELLS => {
                let count = u16_at(data, 0).ok_or("a merged-cells record without its count")?;
                r.holds(
                    2 + 8 * usize::from(count),
                    "a merged-cells record shorter than its count",
                )?;
            }
            t if CELLS.contains(&t) => {
                if let Some((r, c)) = at(data) {
                    cells.add(r, c);
                }
            }
            _ => {}
        }
    }
    Ok(reserved.max(cells.area()) + formulas.area())
}

/// The cells a DIMENSIONS record reserves, read as calamine reads it (its
/// row arithmetic wraps as calamine's does in a release build).
fn dimensions(r: &[u8]) -> u64 {
    let read = || -> Option<(u32, u32, u32, u32)> {
        match r.len() {
            10 => Some((
                u16_at(r, 0)?.into(),
                u16_at(r, 2)?.into(),
                u16_at(r, 4)?.into(),
                u16_at(r, 6)?.into(),
            )),
            14 | 16 => Some((
                u32_at(r, 0)?,
                u32_at(r, 4)?,
                u16_at(r, 8)?.into(),
                u16_at(r, 10)?.into(),
            )),
            _ => None,
        }
    };
    let Some((rf, rl, cf, cl)) = read() else {
        return 0;
    };
    let cf = if 0xFF < cf || cl < cf { 0 } else { cf };
    if rl == 0 || cl == 0 {
        return 1;
    }
    let span = |first: u32, last: u32| u64::from((last - 1).wrapping_sub(first).wrapping_add(1));
    span(rf, rl).saturating_mul(span(cf, cl))
}

/// The workbook stream's globals as calamine reads them: where each sheet
/// starts, and the BIFF version; None for an encrypted workbook (calamine says
/// it is password protected and reads no sheet).
fn globals(stream: &[u8]) -> Result<Option<(Vec<u32>, Biff)>, Damage> {
    let (mut positions, mut biff) = (Vec::new(), Biff::Eight);
    for r in records(stream) {
        let data = r.data;
        match r.typ {
            FILEPASS => {
                r.holds(2, "a FILEPASS record without its kind")?;
                if u16_at(data, 0) != Some(0) {
                    return Ok(None);
                }
            }
            CODEPAGE => r.holds(2, "a CODEPAGE record without its code page")?,
            DATEMODE => r.holds(2, "a DATEMODE record without its flag")?,
            BOUNDSHEET => {
                r.holds(6, "a BOUNDSHEET record shorter than its fields")?;
                positions.extend(u32_at(data, 0));
            }
            BOF => {
                r.holds(2, "a BOF record without its version")?;
                biff = version(data);
            }
            NAME => name(&r, biff)?,
            EXTERNSHEET if biff == Biff::Eight => {
                r.holds(2, "an EXTERNSHEET record without its count")?
            }
            SST => strings::check(data, &r.cont)?,
            EOF => break,
            _ => {}
        }
    }
    Ok(Some((positions, biff)))
}

/// The BIFF version a BOF record states, as calamine reads it.
fn version(bof: &[u8]) -> Biff {
    match u16_at(bof, 0) {
        Some(0x0200 | 0x0002 | 0x0007 | 0x0300 | 0x0400 | 0x0500) => Biff::Early,
        Some(0) if u16_at(bof, 2) == Some(0x1000) => Biff::Early,
        _ => Biff::Eight,
    }
}

/// A defined name (Lbl, MS-XLS 2.4.150): its fixed fields, its formula
/// within the record, and the one token of it calamine reads.
fn name(r: &Record, biff: Biff) -> Result<(), Damage> {
    r.holds(14, "a defined name shorter than its fields")?;
    let cce = usize::from(u16_at(r.data, 4).unwrap_or(0));
    let Some(at) = r.data.len().checked_sub(cce) else {
        return Err("a defined name whose formula is longer than its record");
    };
    let rgce = &r.data[at..];
    let needs = match (rgce.first(), biff) {
        (None, _) => 0,
        (Some(0x3A | 0x5A | 0x7A), Biff::Eight) => 7,
        (Some(0x3A | 0x5A | 0x7A), Biff::Early) => 18,
        (Some(0x3B | 0x5B | 0x7B), Biff::Eight) => 11,
        (Some(0x3B | 0x5B | 0x7B), Biff::Early) => 21,
        (Some(0x3C | 0x5C | 0x7C | 0x3D | 0x5D | 0x7D), Biff::Eight) => 3,
        (Some(0x3C | 0x5C | 0x7C | 0x3D | 0x5D | 0x7D), Biff::Early) => 13,
        (Some(_), _) => 0,
    };
    if rgce.len() < needs {
        return Err("a defined name whose reference is cut off by the end of its record");
    }
    Ok(())
}

/// Walks the workbook stream as calamine will: damage where it would read past
/// a record, else the cells its sheets make it hold, all together.
pub(super) fn check(stream: &[u8]) -> Result<u64, Damage> {
    let Some((positions, biff)) = globals(stream)? else {
        return Ok(0);
    };
    let mut total = 0u64;
    for pos in positions {
        let sheet = stream
            .get(pos as usize..)
            .ok_or("a sheet that starts beyond the workbook stream")?;
        total = total.saturating_add(sheet_cells(sheet, biff)?);
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut out = typ.to_le_bytes().to_vec();
        out.extend((data.len() as u16).to_le_bytes());
        out.extend(data);
        out
    }

    fn number(row: u16, col: u16) -> Vec<u8> {
        let mut d = row.to_le_bytes().to_vec();
        d.extend(col.to_le_bytes());
        d.extend([0u8; 10]);
        record(0x0203, &d)
    }

    /// A workbook stream: globals naming one sheet, then the sheet's records.
    fn stream(sheet: &[Vec<u8>]) -> Vec<u8> {
        let bof = record(BOF, &[0u8; 16]);
        let eof = record(EOF, &[]);
        // The globals: BOF, BOUNDSHEET (its position filled in below), EOF.
        let globals_len = bof.len() + 4 + 8 + eof.len();
        let mut bs = (globals_len as u32).to_le_bytes().to_vec();
        bs.extend([0, 0, 1, 0]);
        let mut out = bof.clone();
        out.extend(record(BOUNDSHEET, &bs));
        out.extend(&eof);
        out.extend(&bof);
        for r in sheet {
            out.extend(r);
        }
        out.extend(eof);
        out
    }

    #[test]
    fn the_grid_a_sheet_makes_is_counted_and_a_sheet_beyond_the_stream_is_damaged() {
        // Cells at A1 and C4: a grid of 4 rows × 3 columns.
        assert_eq!(check(&stream(&[number(0, 0), number(3, 2)])), Ok(12));
        // One cell at A1 and one at IV65536: the whole sheet's grid.
        assert_eq!(
            check(&stream(&[number(0, 0), number(65535, 255)])),
            Ok(65536 * 256)
        );
        // DIMENSIONS claiming 4 000 000 000 rows of one column.
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend(4_000_000_000u32.to_le_bytes());
        d.extend([0, 0, 1, 0, 0, 0]);
        assert_eq!(
            check(&stream(&[record(DIMENSIONS, &d), number(0, 0)])),
            Ok(4_000_000_000)
        );
        // A chart embedded in the sheet: its records are not the sheet's.
        let chart = [
            record(BOF, &[0u8; 16]),
            number(60000, 200),
            record(EOF, &[]),
        ];
        let mut with_chart = vec![number(0, 0)];
        with_chart.extend(chart);
        assert_eq!(check(&stream(&with_chart)), Ok(1));
        // A BOUNDSHEET pointing past the end of the stream.
        let mut bad = stream(&[number(0, 0)]);
        let at = 20 + 4;
        bad[at..at + 4].copy_from_slice(&1_000_000u32.to_le_bytes());
        assert_eq!(
            check(&bad),
            Err("a sheet that starts beyond the workbook stream")
        );
        // An encrypted workbook: its sheets' records are not readable, and
        // not counted.
        let mut encrypted = stream(&[number(0, 0), number(65535, 255)]);
        let filepass = record(FILEPASS, &[1, 0, 1, 0]);
        let at = 20;
        encrypted.splice(at..at, filepass.iter().copied());
        // (The BOUNDSHEET moved by the FILEPASS: its position is not followed.)
        assert_eq!(check(&encrypted), Ok(0));
    }
}
