//! The cells an Excel 97–2003 workbook stream (BIFF) makes calamine hold, worked
//! out from its records before calamine reads it.
//!
//! calamine's `.xls` reader reads every sheet when the file is opened: for each
//! sheet it reserves the cells its DIMENSIONS record claims and lays the cells
//! (and, apart, the formulas) it finds out on one dense grid from the first to
//! the last row and column any of them names. A damaged or hostile file that
//! names a cell at A1 and another at IV65536, or claims 4 000 000 000 rows, makes
//! it ask for gigabytes (found by fuzzing: 4.3 GB). Here the same records are
//! walked first, as calamine walks them (the BOUNDSHEET positions of the
//! globals, a sheet's records up to its EOF, embedded substreams passed over),
//! and what the grids would hold is counted, so that a file claiming more cells
//! than selaras reads is refused before the memory is asked for. A sheet that
//! starts beyond the stream is damaged.

use super::cfb::Damage;

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;
const BOUNDSHEET: u16 = 0x0085;
/// The workbook is encrypted: its records after this one are not readable.
const FILEPASS: u16 = 0x002F;
const DIMENSIONS: u16 = 0x0200;
const FORMULA: u16 = 0x0006;
const STRING: u16 = 0x0207;
const MULRK: u16 = 0x00BD;
/// Records of one cell at (row, column) in their first four bytes.
const CELLS: [u16; 6] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD];

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// The records from `stream`, each (type, data), CONTINUE records passed over;
/// it ends where a record does not fit (where calamine stops with an error).
fn records(mut stream: &[u8]) -> impl Iterator<Item = (u16, &[u8])> {
    std::iter::from_fn(move || loop {
        let typ = u16_at(stream, 0)?;
        let len = usize::from(u16_at(stream, 2)?);
        let data = stream.get(4..4 + len)?;
        stream = &stream[4 + len..];
        if typ != CONTINUE {
            return Some((typ, data));
        }
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
/// its cells' grid (the larger), and its formulas' grid.
fn sheet_cells(sheet: &[u8]) -> u64 {
    let (mut cells, mut formulas) = (Span::default(), Span::default());
    let mut reserved = 0u64;
    let mut formula_at = (0u32, 0u32);
    let (mut seen_bof, mut depth) = (false, 0usize);
    for (typ, data) in records(sheet) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        let at = |data: &[u8]| Some((u32::from(u16_at(data, 0)?), u32::from(u16_at(data, 2)?)));
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => reserved = reserved.max(dimensions(data)),
            FORMULA if data.len() >= 20 => {
                if let Some((r, c)) = at(data) {
                    formula_at = (r, c);
                    cells.add(r, c);
                    formulas.add(r, c);
                }
            }
            STRING => cells.add(formula_at.0, formula_at.1),
            MULRK if data.len() >= 6 => {
                if let (Some((r, first)), Some(last)) = (at(data), u16_at(data, data.len() - 2)) {
                    cells.add(r, first);
                    cells.add(r, u32::from(last).max(first));
                }
            }
            t if CELLS.contains(&t) => {
                if let Some((r, c)) = at(data) {
                    cells.add(r, c);
                }
            }
            _ => {}
        }
    }
    reserved.max(cells.area()) + formulas.area()
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

/// The cells the workbook stream's sheets make calamine hold, all together.
pub(super) fn claimed_cells(stream: &[u8]) -> Result<u64, Damage> {
    let mut positions = Vec::new();
    for (typ, data) in records(stream) {
        match typ {
            BOUNDSHEET => positions.extend(u32_at(data, 0)),
            // Encrypted: nothing is counted (calamine says it is password
            // protected, and reads no cell).
            FILEPASS => return Ok(0),
            EOF => break,
            _ => {}
        }
    }
    let mut total = 0u64;
    for pos in positions {
        let sheet = stream
            .get(pos as usize..)
            .ok_or("a sheet that starts beyond the workbook stream")?;
        total = total.saturating_add(sheet_cells(sheet));
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
        assert_eq!(
            claimed_cells(&stream(&[number(0, 0), number(3, 2)])),
            Ok(12)
        );
        // One cell at A1 and one at IV65536: the whole sheet's grid.
        assert_eq!(
            claimed_cells(&stream(&[number(0, 0), number(65535, 255)])),
            Ok(65536 * 256)
        );
        // DIMENSIONS claiming 4 000 000 000 rows of one column.
        let mut d = 0u32.to_le_bytes().to_vec();
        d.extend(4_000_000_000u32.to_le_bytes());
        d.extend([0, 0, 1, 0, 0, 0]);
        assert_eq!(
            claimed_cells(&stream(&[record(DIMENSIONS, &d), number(0, 0)])),
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
        assert_eq!(claimed_cells(&stream(&with_chart)), Ok(1));
        // A BOUNDSHEET pointing past the end of the stream.
        let mut bad = stream(&[number(0, 0)]);
        let at = 20 + 4;
        bad[at..at + 4].copy_from_slice(&1_000_000u32.to_le_bytes());
        assert_eq!(
            claimed_cells(&bad),
            Err("a sheet that starts beyond the workbook stream")
        );
        // An encrypted workbook: its sheets' records are not readable, and
        // not counted.
        let mut encrypted = stream(&[number(0, 0), number(65535, 255)]);
        let filepass = record(FILEPASS, &[1, 0, 1, 0]);
        let at = 20;
        encrypted.splice(at..at, filepass.iter().copied());
        // (The BOUNDSHEET moved by the FILEPASS: its position is not followed.)
        assert_eq!(claimed_cells(&encrypted), Ok(0));
    }
}
