//! The cells of a sheet, stored compactly and sparsely: one 16-byte record per
//! cell that holds something (its column, its number format by a small id, and
//! its value: a number in place, a text by index into the sheet's own text
//! arena), rows indexed by where their cells start. A sheet whose used range
//! claims the whole grid but holds ten cells costs what ten cells cost, and a
//! million numeric cells cost 16 MB, not a heap allocation each.

use std::cell::Cell;

use calamine::Data;

thread_local! {
    /// (the grid, the index of the row it was last asked about) on this thread.
    static LAST_ROW: Cell<(usize, usize)> = const { Cell::new((0, 0)) };
}

/// What a cell's 8 payload bytes hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
enum Tag {
    /// `f64` bits.
    Float,
    /// `i64` bits.
    Int,
    /// Index into the text arena.
    Text,
    /// Index into the rarely used other values (booleans, errors, dates).
    Other,
}

/// One stored cell.
#[derive(Debug, Clone, Copy)]
pub(super) struct Slot {
    col: u32,
    /// Number format id: 0 for none (General), else index + 1 into the sheet's codes.
    pub(super) fmt: u16,
    tag: Tag,
    bits: u64,
}

/// A cell's value, borrowed from the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Value<'a> {
    Float(f64),
    Int(i64),
    Text(&'a str),
    Other(&'a Data),
}

/// A cell's value as it is added to a grid.
#[derive(Debug, Clone, Copy)]
pub(super) enum NewValue<'a> {
    Float(f64),
    Int(i64),
    /// A text already in the arena (see [`Builder::intern`]).
    Text(u32),
    /// A text not yet stored.
    Str(&'a str),
}

#[derive(Debug, Default)]
pub(super) struct Grid {
    /// Rows that hold a cell, ascending: the row and the index of its first cell.
    rows: Vec<(u32, usize)>,
    /// Every cell, row by row, each row's in ascending column order.
    cells: Vec<Slot>,
    /// Texts, one after another; `text_ends[i]` is where text `i` ends.
    arena: String,
    text_ends: Vec<usize>,
    others: Vec<Data>,
    pub(super) start: Option<(u32, u32)>,
    pub(super) end: Option<(u32, u32)>,
}

impl Grid {
    /// A grid of cells in any order; the first of two cells at one position is kept,
    /// empty ones are left out.
    pub(super) fn from_cells(cells: Vec<((u32, u32), Data)>) -> Grid {
        let mut b = Builder::default();
        for ((r, c), v) in cells {
            match v {
                Data::Empty => {}
                Data::Float(f) => b.push(r, c, 0, NewValue::Float(f)),
                Data::Int(i) => b.push(r, c, 0, NewValue::Int(i)),
                Data::String(s) => b.push(r, c, 0, NewValue::Str(&s)),
                other => b.push_other(r, c, other),
            }
        }
        b.finish()
    }

    fn text_at(&self, i: u32) -> &str {
        let i = i as usize;
        let from = if i == 0 { 0 } else { self.text_ends[i - 1] };
        &self.arena[from..self.text_ends[i]]
    }

    fn value_of(&self, s: &Slot) -> Value<'_> {
        match s.tag {
            Tag::Float => Value::Float(f64::from_bits(s.bits)),
            Tag::Int => Value::Int(s.bits as i64),
            Tag::Text => Value::Text(self.text_at(s.bits as u32)),
            Tag::Other => Value::Other(&self.others[s.bits as usize]),
        }
    }

    fn row_cells(&self, i: usize) -> &[Slot] {
        let from = self.rows[i].1;
        let to = self.rows.get(i + 1).map_or(self.cells.len(), |r| r.1);
        &self.cells[from..to]
    }

    fn row_index(&self, row: u32) -> Option<usize> {
        // Readers go row by row, asking about the same row many times and then the
        // next one: each thread remembers the row it looked up last, and in which grid
        // (a hint only: it is checked before it is used).
        let grid = self as *const Grid as usize;
        let (seen, last) = LAST_ROW.get();
        let last = if seen == grid { last } else { 0 };
        for i in [last, last + 1] {
            if self.rows.get(i).is_some_and(|(r, _)| *r == row) {
                LAST_ROW.set((grid, i));
                return Some(i);
            }
        }
        let i = self.rows.binary_search_by_key(&row, |(r, _)| *r).ok()?;
        LAST_ROW.set((grid, i));
        Some(i)
    }

    fn slot(&self, row: u32, col: u32) -> Option<&Slot> {
        let cells = self.row_cells(self.row_index(row)?);
        // Most rows are short: a straight walk beats a binary search.
        if cells.len() <= 16 {
            cells.iter().find(|s| s.col == col)
        } else {
            cells
                .binary_search_by_key(&col, |s| s.col)
                .ok()
                .map(|j| &cells[j])
        }
    }

    pub(super) fn slot_mut(&mut self, row: u32, col: u32) -> Option<&mut Slot> {
        let i = self.row_index(row)?;
        let from = self.rows[i].1;
        let to = self.rows.get(i + 1).map_or(self.cells.len(), |r| r.1);
        self.cells[from..to].iter_mut().find(|s| s.col == col)
    }

    pub(super) fn get(&self, row: u32, col: u32) -> Option<Value<'_>> {
        self.slot(row, col).map(|s| self.value_of(s))
    }

    /// The cell's value and number format id.
    pub(super) fn get_with_format(&self, row: u32, col: u32) -> Option<(Value<'_>, u16)> {
        self.slot(row, col).map(|s| (self.value_of(s), s.fmt))
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
        cells.iter().map(|s| s.col)
    }

    /// Every cell, row by row: position and value.
    pub(super) fn iter(&self) -> impl Iterator<Item = (u32, u32, Value<'_>)> + '_ {
        (0..self.rows.len()).flat_map(move |i| {
            let r = self.rows[i].0;
            self.row_cells(i)
                .iter()
                .map(move |s| (r, s.col, self.value_of(s)))
        })
    }

    pub(super) fn len(&self) -> usize {
        self.cells.len()
    }
}

/// Builds a grid from cells as a reader streams them (row by row in any sane file;
/// any other order is sorted at the end).
#[derive(Debug, Default)]
pub(super) struct Builder {
    grid: Grid,
    /// The row of each cell, while building.
    row_of: Vec<u32>,
    /// Whether every cell so far came after the one before (row, then column).
    ordered: bool,
    last: Option<(u32, u32)>,
}

impl Builder {
    /// Stores a text in the arena and returns its index, for a value seen again.
    pub(super) fn intern(&mut self, s: &str) -> u32 {
        self.grid.arena.push_str(s);
        self.grid.text_ends.push(self.grid.arena.len());
        (self.grid.text_ends.len() - 1) as u32
    }

    pub(super) fn push(&mut self, r: u32, c: u32, fmt: u16, value: NewValue<'_>) {
        let (tag, bits) = match value {
            NewValue::Float(f) => (Tag::Float, f.to_bits()),
            NewValue::Int(i) => (Tag::Int, i as u64),
            NewValue::Text(i) => (Tag::Text, i as u64),
            NewValue::Str(s) => (Tag::Text, self.intern(s) as u64),
        };
        self.push_slot(r, c, fmt, tag, bits);
    }

    pub(super) fn push_other(&mut self, r: u32, c: u32, value: Data) {
        self.grid.others.push(value);
        let i = (self.grid.others.len() - 1) as u64;
        self.push_slot(r, c, 0, Tag::Other, i);
    }

    fn push_slot(&mut self, r: u32, c: u32, fmt: u16, tag: Tag, bits: u64) {
        if self.grid.cells.is_empty() {
            self.ordered = true;
        }
        if self.last.is_some_and(|last| (r, c) <= last) {
            self.ordered = false;
        }
        self.last = Some((r, c));
        self.grid.cells.push(Slot {
            col: c,
            fmt,
            tag,
            bits,
        });
        self.row_of.push(r);
    }

    pub(super) fn finish(mut self) -> Grid {
        let mut grid = std::mem::take(&mut self.grid);
        let mut rows = std::mem::take(&mut self.row_of);
        if !self.ordered && !grid.cells.is_empty() {
            // Sort by position; of two cells at one position the first read is kept.
            let mut order: Vec<usize> = (0..grid.cells.len()).collect();
            order.sort_by_key(|&i| (rows[i], grid.cells[i].col));
            order.dedup_by_key(|i| (rows[*i], grid.cells[*i].col));
            grid.cells = order.iter().map(|&i| grid.cells[i]).collect();
            rows = order.iter().map(|&i| rows[i]).collect();
        }
        grid.cells.shrink_to_fit();
        let mut index: Vec<(u32, usize)> = Vec::new();
        let (mut c0, mut c1) = (u32::MAX, 0);
        for (i, (&r, s)) in rows.iter().zip(&grid.cells).enumerate() {
            if index.last().is_none_or(|(last, _)| *last != r) {
                index.push((r, i));
            }
            c0 = c0.min(s.col);
            c1 = c1.max(s.col);
        }
        if let (Some((r0, _)), Some((r1, _))) = (index.first(), index.last()) {
            grid.start = Some((*r0, c0));
            grid.end = Some((*r1, c1));
        }
        index.shrink_to_fit();
        grid.rows = index;
        grid.arena.shrink_to_fit();
        grid.text_ends.shrink_to_fit();
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
        ]);
        assert_eq!(g.len(), 4);
        assert_eq!(g.get(3, 1), Some(Value::Text("b")));
        assert_eq!(g.get(0, 2), Some(Value::Float(1.5)));
        assert_eq!(g.get(3, 0), Some(Value::Int(7)));
        assert_eq!(g.get(1, 4), Some(Value::Other(&Data::Bool(true))));
        assert_eq!(g.get(5, 5), None);
        assert_eq!(g.start, Some((0, 0)));
        assert_eq!(g.end, Some((3, 4)));
        assert_eq!(g.row_numbers().collect::<Vec<_>>(), vec![0, 1, 3]);
        assert_eq!(g.cols_in_row(3).collect::<Vec<_>>(), vec![0, 1]);
        assert_eq!(g.iter().count(), 4);
    }

    #[test]
    fn a_cell_is_sixteen_bytes() {
        assert_eq!(std::mem::size_of::<Slot>(), 16);
    }
}
