//! The cells of a sheet, stored compactly and sparsely: one 12-byte record per
//! cell that holds something (its column, its number format by a small id, and
//! its value: a number in place, a text by its place in the sheet's own text
//! arena), rows indexed by where their cells start. A sheet whose used range
//! claims the whole grid but holds ten cells costs what ten cells cost, and a
//! million numeric cells cost 12 MB, not a heap allocation each.
//!
//! A number the file stores as a double is turned into the decimal it shows once,
//! while the grid is built, and kept as that decimal (a 59-bit mantissa and its
//! scale) whenever it fits, as nearly every figure does (17 digits fit): reading
//! a figure is then a lookup, not a conversion.

use std::cell::Cell;

use calamine::Data;
use rust_decimal::Decimal;

thread_local! {
    /// (the grid, the index of the row it was last asked about) on this thread.
    static LAST_ROW: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// What a cell's 8 payload bytes hold (two bits of the slot say which).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    /// `f64` bits: a double whose decimal does not fit in [`Tag::Dec`] (or none:
    /// too large, too small, not finite), converted each time it is read.
    Float = 0,
    /// A number as a decimal: its mantissa in the high 59 bits (two's
    /// complement), its scale (0 to 28) in the low 5. A whole number the file
    /// stores as one is a decimal of scale 0.
    Dec = 1,
    /// Index into the text arena.
    Text = 2,
    /// Index into the rarely used other values (booleans, errors, dates, and a
    /// whole number beyond 59 bits).
    Other = 3,
}

/// The columns a slot can name: 14 bits, A to XFD.
const COL_BITS: u32 = 14;
const COL_MASK: u16 = (1 << COL_BITS) - 1;
/// The last column a slot can hold (a file's cell beyond it is refused on reading).
const LAST_COL: u32 = COL_MASK as u32;
/// Bits of a [`Tag::Dec`] payload that hold the scale.
const SCALE_BITS: u32 = 5;
/// The range of a [`Tag::Dec`] mantissa: 59 bits, two's complement.
const MANTISSA_MIN: i64 = -(1 << (63 - SCALE_BITS));
const MANTISSA_MAX: i64 = (1 << (63 - SCALE_BITS)) - 1;

/// One stored cell: 12 bytes.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    /// The column in the low 14 bits (no sheet has more than 16 384 columns),
    /// the [`Tag`] in the top 2.
    col_tag: u16,
    /// Number format id: 0 for none (General), else index + 1 into the sheet's codes.
    pub(super) fmt: u16,
    /// The payload, low half first (a `u64` would align the slot to 8 bytes
    /// and pad it to 16).
    bits: [u32; 2],
}

impl Slot {
    fn new(col: u32, fmt: u16, tag: Tag, bits: u64) -> Slot {
        debug_assert!(col <= LAST_COL);
        Slot {
            col_tag: (col as u16 & COL_MASK) | (tag as u16) << COL_BITS,
            fmt,
            bits: [bits as u32, (bits >> 32) as u32],
        }
    }

    #[inline]
    fn col(&self) -> u32 {
        u32::from(self.col_tag & COL_MASK)
    }

    #[inline]
    fn tag(&self) -> Tag {
        match self.col_tag >> COL_BITS {
            0 => Tag::Float,
            1 => Tag::Dec,
            2 => Tag::Text,
            _ => Tag::Other,
        }
    }

    #[inline]
    fn bits(&self) -> u64 {
        u64::from(self.bits[0]) | u64::from(self.bits[1]) << 32
    }
}

/// A decimal's payload, if its mantissa fits in 59 bits.
fn dec_bits(mantissa: i64, scale: u8) -> Option<u64> {
    ((MANTISSA_MIN..=MANTISSA_MAX).contains(&mantissa) && u32::from(scale) <= Decimal::MAX_SCALE)
        .then(|| (mantissa as u64) << SCALE_BITS | u64::from(scale))
}

/// A cell's value, borrowed from the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Value<'a> {
    /// A double whose decimal is not kept (see [`Tag::Float`]).
    Float(f64),
    /// A number as an exact decimal: a double's is what `float_to_decimal` gives
    /// it, a whole number's is itself (scale 0).
    Dec(Decimal),
    Text(&'a str),
    Other(&'a Data),
}

/// A text in a grid's arena: where it starts and how many bytes it takes (a
/// text cell's payload, so a text is found without an index of their ends).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct TextRef {
    start: u32,
    len: u32,
}

/// What a cell holds, at a glance (see [`Grid::peek`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Peek<'a> {
    /// No cell, or one without a value.
    Nothing,
    Text(&'a str),
    /// A number, a truth value, an error or a date.
    Value,
}

/// A cell's value as it is added to a grid.
#[derive(Debug, Clone, Copy)]
pub(super) enum NewValue<'a> {
    Float(f64),
    Int(i64),
    /// A text already in the arena (see [`Builder::intern`]).
    Text(TextRef),
    /// A text not yet stored.
    Str(&'a str),
}

/// Why a grid cannot take another cell: its indices are 32 bits wide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Full {
    /// More than 4 294 967 295 cells in one sheet.
    Cells,
    /// More than 4 GiB of text in one sheet.
    Texts,
}

/// The first and last row and column of the cells given to a builder.
type Extent = ((u32, u32), (u32, u32));

#[derive(Debug, Default)]
pub(super) struct Grid {
    /// Rows that hold a cell, ascending: the row and the index of its first cell.
    rows: Vec<(u32, u32)>,
    /// Every cell, row by row, each row's in ascending column order.
    cells: Vec<Slot>,
    /// Texts, one after another (a text cell says where its own lies).
    arena: String,
    others: Vec<Data>,
    pub(super) start: Option<(u32, u32)>,
    pub(super) end: Option<(u32, u32)>,
}

impl Grid {
    /// A grid of cells in any order; the first of two cells at one position is kept,
    /// empty ones are left out.
    pub(super) fn from_cells(cells: Vec<((u32, u32), Data)>) -> Result<Grid, Full> {
        let mut b = Builder::default();
        for ((r, c), v) in cells {
            match v {
                Data::Empty => {}
                Data::Float(f) => b.push(r, c, 0, NewValue::Float(f))?,
                Data::Int(i) => b.push(r, c, 0, NewValue::Int(i))?,
                Data::String(s) => b.push(r, c, 0, NewValue::Str(&s))?,
                other => b.push_other(r, c, 0, other)?,
            }
        }
        Ok(b.finish())
    }

    /// The text a [`Tag::Text`] payload names.
    #[inline]
    fn text_at(&self, bits: [u32; 2]) -> &str {
        let start = bits[0] as usize;
        &self.arena[start..start + bits[1] as usize]
    }

    #[inline]
    fn value_of(&self, s: &Slot) -> Value<'_> {
        match s.tag() {
            Tag::Dec => {
                let bits = s.bits();
                let mantissa = (bits as i64) >> SCALE_BITS;
                let scale = (bits & ((1 << SCALE_BITS) - 1)) as u32;
                Value::Dec(Decimal::new(mantissa, scale))
            }
            Tag::Float => Value::Float(f64::from_bits(s.bits())),
            Tag::Text => Value::Text(self.text_at(s.bits)),
            Tag::Other => Value::Other(&self.others[s.bits() as usize]),
        }
    }

    fn row_cells(&self, i: usize) -> &[Slot] {
        let from = self.rows[i].1 as usize;
        let to = self
            .rows
            .get(i + 1)
            .map_or(self.cells.len(), |r| r.1 as usize);
        &self.cells[from..to]
    }

    fn row_index(&self, row: u32) -> Option<usize> {
        // Readers go row by row, asking about the same row many times and then the
        // next one (or the one before, walking up): each thread remembers the row it
        // looked up last, and in which grid (a hint only: it is checked before it is
        // used).
        let grid = self as *const Grid as usize;
        let (seen, last) = LAST_ROW.get();
        let last = if seen == grid { last } else { 0 };
        for i in [last, last + 1, last.wrapping_sub(1)] {
            if self.rows.get(i).is_some_and(|(r, _)| *r == row) {
                LAST_ROW.set((grid, i));
                return Some(i);
            }
        }
        let i = self.rows.binary_search_by_key(&row, |(r, _)| *r).ok()?;
        LAST_ROW.set((grid, i));
        Some(i)
    }

    #[inline]
    fn slot(&self, row: u32, col: u32) -> Option<&Slot> {
        let cells = self.row_cells(self.row_index(row)?);
        // Most rows are short: a straight walk beats a binary search.
        if cells.len() <= 16 {
            cells.iter().find(|s| s.col() == col)
        } else {
            cells
                .binary_search_by_key(&col, |s| s.col())
                .ok()
                .map(|j| &cells[j])
        }
    }

    pub(super) fn slot_mut(&mut self, row: u32, col: u32) -> Option<&mut Slot> {
        let i = self.row_index(row)?;
        let from = self.rows[i].1 as usize;
        let to = self
            .rows
            .get(i + 1)
            .map_or(self.cells.len(), |r| r.1 as usize);
        self.cells[from..to].iter_mut().find(|s| s.col() == col)
    }

    pub(super) fn get(&self, row: u32, col: u32) -> Option<Value<'_>> {
        self.slot(row, col).map(|s| self.value_of(s))
    }

    /// What the cell holds, told without reading a number (for the questions
    /// asked of every cell while looking for tables: text? blank?).
    #[inline]
    pub(super) fn peek(&self, row: u32, col: u32) -> Peek<'_> {
        match self.slot(row, col) {
            None => Peek::Nothing,
            Some(s) => match s.tag() {
                Tag::Text => Peek::Text(self.text_at(s.bits)),
                Tag::Other if matches!(self.others[s.bits() as usize], Data::Empty) => {
                    Peek::Nothing
                }
                _ => Peek::Value,
            },
        }
    }

    /// The cell's value and number format id.
    #[inline]
    pub(super) fn get_with_format(&self, row: u32, col: u32) -> Option<(Value<'_>, u16)> {
        self.slot(row, col).map(|s| (self.value_of(s), s.fmt))
    }

    /// The number format id of the cell, 0 when the grid holds none there.
    pub(super) fn format_id(&self, row: u32, col: u32) -> u16 {
        self.slot(row, col).map_or(0, |s| s.fmt)
    }

    /// The rows that hold a cell, ascending.
    #[cfg(test)]
    pub(super) fn row_numbers(&self) -> impl Iterator<Item = u32> + '_ {
        self.rows.iter().map(|(r, _)| *r)
    }

    /// The rows that hold a cell from `from` on, ascending.
    pub(super) fn row_numbers_from(&self, from: u32) -> impl Iterator<Item = u32> + '_ {
        let i = self.rows.partition_point(|(r, _)| *r < from);
        self.rows[i..].iter().map(|(r, _)| *r)
    }

    /// The columns of a row that hold a cell, ascending.
    pub(super) fn cols_in_row(&self, row: u32) -> impl Iterator<Item = u32> + '_ {
        let cells = match self.row_index(row) {
            Some(i) => self.row_cells(i),
            None => &[],
        };
        cells.iter().map(|s| s.col())
    }

    /// Every cell, row by row: position and value.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u32, Value<'_>)> + '_ {
        (0..self.rows.len()).flat_map(move |i| {
            let r = self.rows[i].0;
            self.row_cells(i)
                .iter()
                .map(move |s| (r, s.col(), self.value_of(s)))
        })
    }

    pub(super) fn len(&self) -> usize {
        self.cells.len()
    }

    /// The bytes the grid holds on the heap (what reading the sheet costs).
    #[cfg(test)]
    pub(super) fn heap_bytes(&self) -> usize {
        self.rows.capacity() * std::mem::size_of::<(u32, u32)>()
            + self.cells.capacity() * std::mem::size_of::<Slot>()
            + self.arena.capacity()
            + self.others.capacity() * std::mem::size_of::<Data>()
    }
}

/// The decimal a double shows, as a [`Tag::Dec`] payload: exactly what
/// [`super::float_to_decimal`] gives it; None when it does not fit (or there is
/// none: the double is then kept and converted when read).
fn packed(f: f64) -> Option<u64> {
    if let Some((m, scale)) = super::shortest_parts(f) {
        return dec_bits(m, scale);
    }
    let d = super::float_to_decimal(f)?;
    let m = i64::try_from(d.mantissa()).ok()?;
    let scale = u8::try_from(d.scale()).ok()?;
    // Only a form that reads back as the very same decimal (its sign included).
    if Decimal::new(m, u32::from(scale)).serialize() != d.serialize() {
        return None;
    }
    dec_bits(m, scale)
}

/// A [`Tag::Text`] payload: the text's start, then its length.
fn text_bits(t: TextRef) -> u64 {
    u64::from(t.start) | u64::from(t.len) << 32
}

/// Where a text of `len` bytes added to an arena of `arena` bytes ends, if a
/// 32-bit offset can say it.
fn text_end(arena: usize, len: usize) -> Result<u32, Full> {
    arena
        .checked_add(len)
        .and_then(|end| u32::try_from(end).ok())
        .ok_or(Full::Texts)
}

/// Builds a grid from cells as a reader streams them (row by row in any sane file;
/// any other order is sorted at the end).
#[derive(Debug, Default)]
pub(super) struct Builder {
    grid: Grid,
    /// The row of each cell, once a cell came out of order (until then the rows'
    /// index is built as the cells come).
    row_of: Option<Vec<u32>>,
    last: Option<(u32, u32)>,
    /// The first and last row and column of any cell so far (one beyond the last
    /// column a slot can hold included, for the sheet to be refused for it).
    extent: Option<Extent>,
}

impl Builder {
    /// A builder with room for about `cells` cells in `rows` rows: a hint, taken
    /// as it is (the caller keeps it sane).
    pub(super) fn with_capacity(cells: usize, rows: usize) -> Builder {
        let mut b = Builder::default();
        b.grid.cells.reserve(cells);
        b.grid.rows.reserve(rows);
        b
    }

    /// Stores a text in the arena and returns where, for a value seen again.
    pub(super) fn intern(&mut self, s: &str) -> Result<TextRef, Full> {
        let start = self.grid.arena.len();
        let end = text_end(start, s.len())?;
        self.grid.arena.push_str(s);
        Ok(TextRef {
            start: start as u32,
            len: end - start as u32,
        })
    }

    #[inline]
    pub(super) fn push(
        &mut self,
        r: u32,
        c: u32,
        fmt: u16,
        value: NewValue<'_>,
    ) -> Result<(), Full> {
        let (tag, bits) = match value {
            NewValue::Float(f) => match packed(f) {
                Some(bits) => (Tag::Dec, bits),
                None => (Tag::Float, f.to_bits()),
            },
            NewValue::Int(i) => match dec_bits(i, 0) {
                Some(bits) => (Tag::Dec, bits),
                None => return self.push_other(r, c, fmt, Data::Int(i)),
            },
            NewValue::Text(t) => (Tag::Text, text_bits(t)),
            NewValue::Str(s) => (Tag::Text, text_bits(self.intern(s)?)),
        };
        self.push_slot(r, c, fmt, tag, bits)
    }

    pub(super) fn push_other(&mut self, r: u32, c: u32, fmt: u16, value: Data) -> Result<(), Full> {
        if c > LAST_COL {
            // Not stored (see `push_slot`).
            return self.push_slot(r, c, fmt, Tag::Other, 0);
        }
        self.grid.others.push(value);
        let i = (self.grid.others.len() - 1) as u64;
        self.push_slot(r, c, fmt, Tag::Other, i)
    }

    #[inline]
    fn push_slot(&mut self, r: u32, c: u32, fmt: u16, tag: Tag, bits: u64) -> Result<(), Full> {
        self.extent = Some(match self.extent {
            Some(((r0, c0), (r1, c1))) => ((r0.min(r), c0.min(c)), (r1.max(r), c1.max(c))),
            None => ((r, c), (r, c)),
        });
        if c > LAST_COL {
            // No spreadsheet program writes a cell beyond XFD, and a slot cannot
            // name one: the grid's extent tells of it, and the sheet is refused
            // for it when read (`load.beyond-last-cell`).
            return Ok(());
        }
        let n = match u32::try_from(self.grid.cells.len()) {
            Ok(n) if n < u32::MAX => n,
            _ => return Err(Full::Cells),
        };
        match &mut self.row_of {
            Some(rows) => rows.push(r),
            None => match self.last {
                Some(last) if (r, c) <= last => {
                    // Out of order: from here on every cell's row is kept, and the
                    // cells are sorted at the end.
                    let mut rows = Vec::with_capacity(self.grid.cells.capacity());
                    for i in 0..self.grid.rows.len() {
                        let (row, from) = self.grid.rows[i];
                        let to = self.grid.rows.get(i + 1).map_or(n, |x| x.1);
                        rows.extend(std::iter::repeat_n(row, (to - from) as usize));
                    }
                    rows.push(r);
                    self.grid.rows = Vec::new();
                    self.row_of = Some(rows);
                }
                Some(last) if last.0 == r => {}
                _ => self.grid.rows.push((r, n)),
            },
        }
        self.last = Some((r, c));
        self.grid.cells.push(Slot::new(c, fmt, tag, bits));
        Ok(())
    }

    pub(super) fn finish(mut self) -> Grid {
        let mut grid = std::mem::take(&mut self.grid);
        if let Some(rows) = self.row_of.take() {
            // Sort by position; of two cells at one position the first read is kept.
            let mut order: Vec<u32> = (0..grid.cells.len() as u32).collect();
            let key = |i: &u32| (rows[*i as usize], grid.cells[*i as usize].col());
            order.sort_by_key(key);
            order.dedup_by_key(|i| key(i));
            let mut index: Vec<(u32, u32)> = Vec::new();
            for (n, &i) in order.iter().enumerate() {
                let r = rows[i as usize];
                if index.last().is_none_or(|(last, _)| *last != r) {
                    index.push((r, n as u32));
                }
            }
            grid.cells = order.iter().map(|&i| grid.cells[i as usize]).collect();
            grid.rows = index;
        }
        grid.cells.shrink_to_fit();
        grid.rows.shrink_to_fit();
        if let Some((start, end)) = self.extent {
            grid.start = Some(start);
            grid.end = Some(end);
        }
        grid.arena.shrink_to_fit();
        grid.others.shrink_to_fit();
        grid
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_in_any_order_are_sorted_and_the_first_of_two_kept() {
        let g = Grid::from_cells(vec![
            ((3, 1), Data::String("b".into())),
            ((0, 2), Data::Float(1.5)),
            ((3, 0), Data::Int(7)),
            ((3, 1), Data::String("later".into())),
            ((5, 5), Data::Empty),
            ((1, 4), Data::Bool(true)),
        ])
        .unwrap();
        assert_eq!(g.len(), 4);
        assert_eq!(g.get(3, 1), Some(Value::Text("b")));
        assert_eq!(g.get(0, 2), Some(Value::Dec(Decimal::new(15, 1))));
        assert_eq!(g.get(3, 0), Some(Value::Dec(Decimal::from(7))));
        assert_eq!(g.get(1, 4), Some(Value::Other(&Data::Bool(true))));
        assert_eq!(g.get(5, 5), None);
        assert_eq!(g.start, Some((0, 0)));
        assert_eq!(g.end, Some((3, 4)));
        assert_eq!(g.row_numbers().collect::<Vec<_>>(), vec![0, 1, 3]);
        assert_eq!(g.cols_in_row(3).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(g.iter().count(), 4);
    }

    #[test]
    fn a_cell_is_twelve_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 12);
    }

    /// Splitmix64: reproducible bits without a dependency.
    fn next(state: &mut u64) -> u64 {
        *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = *state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// The doubles a sheet holds, and the awkward ones.
    fn awkward_doubles() -> Vec<f64> {
        let mut v = vec![
            0.1 + 0.2,
            0.1,
            0.3,
            1e-10,
            -1e-10,
            123_456_789.123,
            9_007_199_254_740_992.0, // 2^53
            9_007_199_254_740_993.0,
            -9_007_199_254_740_992.0,
            0.9045,
            -0.9045,
            0.9088,
            1.0635,
            107.94,
            38_127_840_000.0,
            12_396_778_500.0,
            0.0,
            -0.0,
            1.0,
            -1.0,
            999_999_999_999_999.0,
            1e15,
            -1e15,
            1e15 + 0.5,
            123_456_789_012_345.67,
            1e17,
            1e18,
            9.2e18,
            9.3e18,
            1e19,
            1e20,
            1e28,
            7.9e28,
            8e28,
            1e29,
            1e300,
            -1e300,
            f64::MAX,
            f64::MIN,
            f64::MIN_POSITIVE,
            5e-324,
            1e-28,
            1.5e-28,
            1e-29,
            1.2345678901234567e-12,
            1.2345678901234567e-13,
            0.000_000_000_000_000_000_000_000_1,
            f64::EPSILON,
            std::f64::consts::PI,
            -std::f64::consts::E,
            2.0f64.powi(-20),
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
            i64::MAX as f64,
            i64::MIN as f64,
        ];
        let mut state = 0x05E1_A4A5_u64;
        for _ in 0..100_000 {
            let bits = next(&mut state);
            // Any double at all, mostly huge or tiny.
            v.push(f64::from_bits(bits));
            // A figure with a few decimals, as typed: rupiah, percentages, ratios.
            let whole = (bits >> 20) % 100_000_000_000;
            let decimals = (bits % 7) as i32;
            let typed = whole as f64 / 10f64.powi(decimals);
            v.push(typed);
            v.push(-typed);
            // Up to 15 digits with up to 15 decimals, and 16: the edge of the
            // digits a double keeps.
            let digits = (bits >> 4) % 1_000_000_000_000_000;
            v.push(digits as f64 / 10f64.powi((bits % 16) as i32));
            let digits = (bits >> 4) % 10_000_000_000_000_000;
            v.push(-(digits as f64) / 10f64.powi((bits % 17) as i32));
            // A quotient (a formula's result), with all 17 digits.
            let q = ((bits >> 11) % 1_000_000 + 1) as f64 / ((bits >> 40) % 9_999 + 1) as f64;
            v.push(q);
            // Around the edges of 64-bit mantissas and 28 decimals.
            v.push(q * 10f64.powi((bits % 40) as i32 - 20));
        }
        v
    }

    /// Every double is stored so that it reads back as the very decimal
    /// `float_to_decimal` gives (same mantissa, scale and sign), or kept as a
    /// double and converted on reading; nearly every one is stored as a decimal.
    #[test]
    fn doubles_are_stored_as_the_decimal_they_show() {
        let doubles = awkward_doubles();
        let mut decimal = 0usize;
        for f in &doubles {
            let mut b = Builder::default();
            b.push(0, 0, 0, NewValue::Float(*f)).unwrap();
            let g = b.finish();
            let read = match g.get(0, 0) {
                Some(Value::Dec(d)) => {
                    decimal += 1;
                    Some(d)
                }
                Some(Value::Float(x)) => {
                    assert_eq!(x.to_bits(), f.to_bits());
                    crate::workbook::float_to_decimal(x)
                }
                other => panic!("{f:e} read as {other:?}"),
            };
            let want = crate::workbook::float_to_decimal(*f);
            assert_eq!(
                read.map(|d| d.serialize()),
                want.map(|d| d.serialize()),
                "{f:e}: stored {read:?}, float_to_decimal {want:?}"
            );
        }
        // The typed figures and the quotients all fit (three in five doubles).
        assert!(
            decimal > doubles.len() * 3 / 5,
            "{decimal} of {}",
            doubles.len()
        );
        // The ones that do not fit are kept as doubles.
        for f in [1e20, -1e300, f64::NAN, f64::INFINITY] {
            let mut b = Builder::default();
            b.push(0, 0, 0, NewValue::Float(f)).unwrap();
            assert!(
                matches!(b.finish().get(0, 0), Some(Value::Float(_))),
                "{f:e}"
            );
        }
    }

    #[test]
    fn cells_out_of_order_after_some_in_order_are_sorted() {
        let mut b = Builder::with_capacity(4, 2);
        b.push(0, 0, 0, NewValue::Int(1)).unwrap();
        b.push(0, 3, 0, NewValue::Int(2)).unwrap();
        b.push(2, 1, 7, NewValue::Float(0.25)).unwrap();
        b.push(1, 5, 0, NewValue::Str("b")).unwrap();
        b.push(0, 3, 0, NewValue::Int(99)).unwrap();
        b.push(0, 1, 0, NewValue::Int(3)).unwrap();
        let g = b.finish();
        assert_eq!(g.len(), 5);
        assert_eq!(g.row_numbers().collect::<Vec<_>>(), vec![0, 1, 2]);
        assert_eq!(g.cols_in_row(0).collect::<Vec<_>>(), vec![0, 1, 3]);
        assert_eq!(g.get(0, 3), Some(Value::Dec(Decimal::from(2))));
        assert_eq!(g.get(1, 5), Some(Value::Text("b")));
        assert_eq!(
            g.get_with_format(2, 1),
            Some((Value::Dec(Decimal::new(25, 2)), 7))
        );
        assert_eq!(g.format_id(2, 1), 7);
        assert_eq!(g.format_id(2, 2), 0);
        assert_eq!((g.start, g.end), (Some((0, 0)), Some((2, 5))));
    }

    #[test]
    fn ten_cells_cost_what_ten_cells_cost() {
        let g = Grid::from_cells(
            (0..10)
                .map(|i| ((i * 100_000, i), Data::String(format!("t{i}"))))
                .collect(),
        )
        .unwrap();
        assert_eq!(g.end, Some((900_000, 9)));
        assert!(g.heap_bytes() < 400, "{} bytes", g.heap_bytes());
    }

    #[test]
    fn texts_beyond_32_bit_offsets_are_refused_not_wrapped() {
        assert_eq!(text_end(10, 5), Ok(15));
        assert_eq!(text_end(0, u32::MAX as usize), Ok(u32::MAX));
        assert_eq!(text_end(1, u32::MAX as usize), Err(Full::Texts));
        assert_eq!(text_end(u32::MAX as usize - 3, 3), Ok(u32::MAX));
        assert_eq!(text_end(u32::MAX as usize - 3, 4), Err(Full::Texts));
        assert_eq!(text_end(usize::MAX, 1), Err(Full::Texts));
        let mut b = Builder::default();
        let abc = b.intern("abc").unwrap();
        let empty = b.intern("").unwrap();
        let de = b.intern("dé").unwrap();
        assert_eq!(abc, TextRef { start: 0, len: 3 });
        assert_eq!(empty, TextRef { start: 3, len: 0 });
        assert_eq!(de, TextRef { start: 3, len: 3 });
        b.push(0, 0, 0, NewValue::Text(de)).unwrap();
        b.push(0, 1, 0, NewValue::Text(abc)).unwrap();
        b.push(0, 2, 0, NewValue::Text(empty)).unwrap();
        b.push(0, 3, 0, NewValue::Text(de)).unwrap();
        let g = b.finish();
        let texts: Vec<_> = g.iter().map(|(_, _, v)| v).collect();
        assert_eq!(texts, ["dé", "abc", "", "dé"].map(Value::Text).to_vec());
    }

    #[test]
    fn whole_numbers_are_decimals_of_scale_zero_and_the_widest_kept_as_they_are() {
        let mut b = Builder::default();
        let wide = [
            -5,
            0,
            MANTISSA_MAX,
            MANTISSA_MIN,
            MANTISSA_MAX + 1,
            MANTISSA_MIN - 1,
            i64::MAX,
            i64::MIN,
        ];
        for (c, i) in wide.iter().enumerate() {
            b.push(0, c as u32, 3, NewValue::Int(*i)).unwrap();
        }
        let g = b.finish();
        for (c, i) in wide.iter().enumerate() {
            let (value, fmt) = g.get_with_format(0, c as u32).unwrap();
            assert_eq!(fmt, 3);
            match value {
                Value::Dec(d) => {
                    assert!(c < 4, "{i} stored as a decimal");
                    assert_eq!(d.serialize(), Decimal::from(*i).serialize(), "{i}");
                }
                Value::Other(Data::Int(x)) => {
                    assert!(c >= 4, "{i} kept aside");
                    assert_eq!(x, i);
                }
                other => panic!("{i} read as {other:?}"),
            }
        }
    }

    #[test]
    fn a_cell_beyond_the_last_column_is_not_stored_but_the_extent_tells_of_it() {
        let g = Grid::from_cells(vec![
            ((0, 0), Data::String("a".into())),
            ((0, LAST_COL), Data::Float(2.0)),
            ((4, LAST_COL + 1), Data::Float(1.0)),
            ((5, u32::MAX), Data::Bool(true)),
        ])
        .unwrap();
        assert_eq!(g.len(), 2);
        assert_eq!(g.get(0, LAST_COL), Some(Value::Dec(Decimal::from(2))));
        assert_eq!(g.get(4, LAST_COL + 1), None);
        assert_eq!(g.get(4, 0), None);
        assert_eq!((g.start, g.end), (Some((0, 0)), Some((5, u32::MAX))));
        assert!(g.others.is_empty());
    }

    #[test]
    fn a_peek_tells_text_from_nothing_and_values() {
        let g = Grid::from_cells(vec![
            ((0, 0), Data::String("Target".into())),
            ((0, 1), Data::Float(0.5)),
            ((0, 2), Data::Bool(false)),
            ((0, 3), Data::String(String::new())),
            ((1, 0), Data::Error(calamine::CellErrorType::Div0)),
        ])
        .unwrap();
        assert_eq!(g.peek(0, 0), Peek::Text("Target"));
        assert_eq!(g.peek(0, 1), Peek::Value);
        assert_eq!(g.peek(0, 2), Peek::Value);
        assert_eq!(g.peek(0, 3), Peek::Text(""));
        assert_eq!(g.peek(1, 0), Peek::Value);
        assert_eq!(g.peek(0, 4), Peek::Nothing);
        assert_eq!(g.peek(7, 0), Peek::Nothing);
        let mut b = Builder::default();
        b.push_other(2, 2, 0, Data::Empty).unwrap();
        assert_eq!(b.finish().peek(2, 2), Peek::Nothing);
    }
}
