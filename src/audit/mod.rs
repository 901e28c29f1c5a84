//! The workbook's own formulas, audited: a formula that differs from the peers it
//! was copied with, a figure typed where its column computes, a SUM whose range
//! leaves out rows of its block or counts one twice, a chained range, and a saved
//! value the formula no longer gives. One file per check; each reads the parsed
//! formulas of one sheet ([`SheetFormulas`]) and the values its cells hold, and
//! none of them needs a table to be recognised: a block of formulas is audited
//! wherever it is.

pub mod chain;
pub mod errors;
pub mod eval;
pub mod expr;
pub mod lookup;
pub mod numbering;
pub mod parallel;
pub mod peers;
pub mod skipped_text;
pub mod stale;
pub mod sum_range;
pub mod template;
pub mod tree_sum;
pub mod units;

use std::collections::{BTreeMap, HashMap};

use rust_decimal::Decimal;

use crate::finding::Finding;
use crate::table::Table;
use crate::workbook::{BuildPositionHasher, CellAddr, Raw, Sheet, Workbook, MAX_COL, MAX_ROW};
use eval::Val;
use expr::{Expr, Ref};

/// A formula cell, parsed, with what the checks ask of every formula worked out
/// once (on the cores there are, as it is parsed). Copies of one formula share
/// its tree ([`Formulas::expr`] gives a cell's own).
#[derive(Clone)]
pub struct Parsed {
    /// Its tree: the sheet's tree of this number, read at another cell where
    /// this is a copy, its references then moved by `moved`.
    tree: u32,
    /// (rows, columns) from the cell its tree was read at to this one.
    moved: (i64, i64),
    /// Its shape's hash at its cell ([`expr::shape_hash`]).
    pub shape: u64,
    /// Whether it reads only its own row (and fixed cells) of its own sheet.
    pub local: bool,
    /// The rows of its own column it adds (a total's children; mostly none).
    pub adds: Vec<u32>,
    /// The cells its ranges span (what computing it reads).
    pub reads: u64,
    /// What some checks look for in its tree, read once for all its copies.
    pub holds: Holds,
}

/// What a formula's tree holds that some checks look for: a copy holds what
/// its first holds (moving references changes no function, no reference's `$`
/// and no range's shape), so those checks look at the trees that hold it, and
/// only those are moved to their cells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holds {
    /// A lookup by name: SUMIF, COUNTIF, AVERAGEIF, or their -IFS.
    pub lookup: bool,
    /// A SUM with a range among its arguments.
    pub sum_of_range: bool,
    /// A range of three or more corners (`H20:H31:H36`).
    pub chained: bool,
    /// Anything it adds ([`Expr::each_added`]): which cells those are depends
    /// on the copy, whether there are any does not.
    pub adds: bool,
    /// A range over several rows ([`peers::spans_rows`]), where every copy
    /// has one or none alike: None where a range fixes one corner's row and
    /// not the other's (`SUM($G$5:G5)` spans rows only in its copies below).
    spans_rows: Option<bool>,
    /// No `$` in any reference: every one moves with the cell.
    pub relative: bool,
}

impl Holds {
    fn of(expr: &Expr) -> Holds {
        let mut rows_kept = true;
        expr.walk(&mut |node| {
            if let Expr::Range(c) = node {
                rows_kept &= c.windows(2).all(|w| w[0].abs_row == w[1].abs_row);
            }
        });
        let mut holds = Holds {
            lookup: false,
            sum_of_range: false,
            chained: false,
            adds: false,
            spans_rows: rows_kept.then(|| peers::spans_rows(expr)),
            relative: expr.all_refs(&mut |r| !r.abs_row && !r.abs_col),
        };
        expr.each_added(&mut |_| holds.adds = true);
        expr.walk(&mut |node| match node {
            Expr::Func(name, args) => {
                holds.lookup |= lookup::looks_up(name);
                holds.sum_of_range |=
                    name == "SUM" && args.iter().any(|a| matches!(a, Expr::Range(_)));
            }
            Expr::Range(corners) => holds.chained |= corners.len() > 2,
            _ => {}
        });
        holds
    }
}

impl Parsed {
    /// A formula parsed at its cell, with its tree (to be the sheet's `tree`th).
    fn of(text: &str, (row, col): (u32, u32), tree: u32) -> (Parsed, Expr) {
        let expr = expr::parse(text);
        let shape = expr::shape_hash(&expr, (row, col));
        let local = expr.all_refs(&mut |r| r.abs_row || (r.row == row && r.sheet.is_none()));
        let reads = range_cells(&expr);
        let parsed = Parsed {
            tree,
            moved: (0, 0),
            adds: added_rows(&expr, (row, col)),
            holds: Holds::of(&expr),
            shape,
            local,
            reads,
        };
        (parsed, expr)
    }

    /// The same formula copied to `to` from `from`, where it is this one's copy
    /// (its shape, locality and reach are this one's), this one's tree being
    /// `expr`, whose references stay on the sheet moved within `reach`. None
    /// where a reference would leave the sheet.
    fn copied(
        &self,
        reach: &template::Reach,
        expr: &Expr,
        from: (u32, u32),
        to: (u32, u32),
    ) -> Option<Parsed> {
        let drow = i64::from(to.0) - i64::from(from.0);
        let dcol = i64::from(to.1) - i64::from(from.1);
        if !reach.holds(drow, dcol) {
            return None;
        }
        // Where every reference moves with the cell, so do the rows it adds;
        // else only a tree that adds cells is moved here, to find which.
        let adds = match self.holds.adds {
            true if self.holds.relative => {
                let moved = |r: &u32| u32::try_from(i64::from(*r) + drow).ok();
                self.adds.iter().map(moved).collect::<Option<Vec<u32>>>()?
            }
            true => added_rows(&template::moved(expr, drow, dcol)?, to),
            false => Vec::new(),
        };
        Some(Parsed {
            tree: self.tree,
            moved: (drow, dcol),
            adds,
            shape: self.shape,
            local: self.local,
            reads: self.reads,
            holds: self.holds,
        })
    }
}

/// The rows of its own column a formula at (row, col) adds.
fn added_rows(expr: &Expr, (row, col): (u32, u32)) -> Vec<u32> {
    let mut adds = Vec::new();
    sum_range::additive_rows(expr, col, &mut adds);
    adds.retain(|&r| r != row);
    adds.sort_unstable();
    adds.dedup();
    adds
}

/// Formula cells with what was parsed of them, by position.
type ParsedCells = Vec<((u32, u32), Parsed)>;

/// No key: a formula parsed on its own ([`group`]).
const UNKEYED: u32 = u32::MAX;

/// Which formulas are copies of which, in one pass over their texts: for each
/// formula the number of its key (its copied text, [`template`]) in the order
/// the keys were first met ([`UNKEYED`] where it has none), the first formula
/// of each key, and the references the scan read in it, sorted.
fn group(texts: &[((u32, u32), &str)]) -> (Vec<u32>, Vec<usize>, Vec<Vec<template::Found>>) {
    type Keys = HashMap<Vec<u8>, u32, std::hash::BuildHasherDefault<template::KeyHasher>>;
    let mut keys = Keys::default();
    let mut of: Vec<u32> = Vec::with_capacity(texts.len());
    let (mut firsts, mut scanned) = (Vec::new(), Vec::new());
    let (mut key, mut refs) = (Vec::new(), Vec::new());
    for (i, (pos, text)) in texts.iter().enumerate() {
        if !template::key(text, *pos, &mut key, &mut refs) {
            of.push(UNKEYED);
            continue;
        }
        match keys.get(key.as_slice()) {
            Some(&k) => of.push(k),
            None => {
                let k = firsts.len() as u32;
                keys.insert(key.clone(), k);
                refs.sort_unstable();
                scanned.push(std::mem::take(&mut refs));
                firsts.push(i);
                of.push(k);
            }
        }
    }
    (of, firsts, scanned)
}

/// Each formula parsed, with the sheet's trees: the first of each copied text
/// ([`template`]) by the parser, its copies sharing its tree.
fn parse_all(texts: &[((u32, u32), &str)]) -> (ParsedCells, Vec<Expr>) {
    use rayon::prelude::*;
    let (of, firsts, scanned) = group(texts);
    // The first of each text, parsed (the sheet's first trees); it is a
    // template where the parser read the references the scan did, for the
    // copies its references stay on the sheet moved to.
    let parsed: Vec<(Parsed, Expr)> = firsts
        .par_iter()
        .enumerate()
        .with_min_len(256)
        .map(|(k, &i)| Parsed::of(texts[i].1, texts[i].0, k as u32))
        .collect();
    let mut templates: Vec<Parsed> = Vec::with_capacity(parsed.len());
    let mut reach: Vec<Option<template::Reach>> = Vec::with_capacity(parsed.len());
    let mut trees: Vec<Expr> = Vec::with_capacity(parsed.len());
    for ((p, e), refs) in parsed.into_iter().zip(&scanned) {
        reach.push((template::tree_refs(&e) == *refs).then(|| template::Reach::of(&e)));
        templates.push(p);
        trees.push(e);
    }
    // (A tree of its own boxed: most formulas have none, and hold no room.)
    let (mut cells, own): (ParsedCells, Vec<Option<Box<Expr>>>) = texts
        .par_iter()
        .zip(&of)
        .enumerate()
        .with_min_len(4096)
        .map(|(i, ((pos, text), &k))| {
            let k = k as usize;
            if k < firsts.len() && firsts[k] == i {
                return ((*pos, templates[k].clone()), None);
            }
            let copy = templates
                .get(k)
                .and_then(|t| t.copied(reach[k].as_ref()?, &trees[k], texts[firsts[k]].0, *pos));
            match copy {
                Some(p) => ((*pos, p), None),
                None => {
                    let (p, e) = Parsed::of(text, *pos, 0);
                    ((*pos, p), Some(Box::new(e)))
                }
            }
        })
        .unzip();
    // Each formula parsed on its own, its tree numbered after the others.
    for (cell, e) in cells.iter_mut().zip(own) {
        if let Some(e) = e {
            cell.1.tree = trees.len() as u32;
            trees.push(*e);
        }
    }
    (cells, trees)
}

/// The parsed formulas of a sheet, row by row (left to right in a row).
pub struct Formulas {
    cells: Vec<((u32, u32), Parsed)>,
    /// Each cell's place in `cells`, for a column whose formulas fill most of
    /// the rows they span: by row from its first, one more than the place (0
    /// for a row without one). The checks ask it of row after row down a
    /// column, which reads these slots one after another, where a hash of
    /// the cell would send each question to another part of memory. By
    /// column, up to the last such column.
    dense: Vec<Option<(u32, Vec<u32>)>>,
    /// Each cell's place in `cells`, for the other columns.
    index: HashMap<(u32, u32), u32, BuildPositionHasher>,
    /// The trees the formulas share ([`Parsed::tree`]).
    trees: Vec<Expr>,
}

/// How many rows a column's formulas may span per formula and still be
/// indexed row by row ([`Formulas::dense`]): a column of totals, one every few
/// rows, is (32 bytes of slots at most per formula).
const DENSE_SPAN: u64 = 8;

impl Formulas {
    fn new(cells: Vec<((u32, u32), Parsed)>, trees: Vec<Expr>) -> Formulas {
        // (Past what 32 bits count, every cell is hashed.)
        let counted = u32::try_from(cells.len()).is_ok_and(|n| n < u32::MAX);
        // Each column's count and first and last rows.
        let mut spans: HashMap<u32, (u64, u32, u32), BuildPositionHasher> = HashMap::default();
        for ((r, c), _) in cells.iter().filter(|_| counted) {
            let s = spans.entry(*c).or_insert((0, *r, *r));
            *s = (s.0 + 1, s.1.min(*r), s.2.max(*r));
        }
        let mut dense: Vec<Option<(u32, Vec<u32>)>> = Vec::new();
        for (c, (n, first, last)) in spans {
            // (A column past a sheet's last is hashed.)
            if u64::from(last - first) < n * DENSE_SPAN && c <= MAX_COL {
                if dense.len() <= c as usize {
                    dense.resize(c as usize + 1, None);
                }
                dense[c as usize] = Some((first, vec![0; (last - first) as usize + 1]));
            }
        }
        let mut index = HashMap::default();
        for (i, ((r, c), _)) in cells.iter().enumerate() {
            match dense.get_mut(*c as usize).and_then(Option::as_mut) {
                Some((first, slots)) => slots[(r - *first) as usize] = i as u32 + 1,
                None => {
                    index.insert((*r, *c), i as u32);
                }
            }
        }
        Formulas {
            cells,
            dense,
            index,
            trees,
        }
    }

    /// A formula's tree at its cell: its first's, moved there where it is a
    /// copy (a tree of its own then, dropped after use: most checks ask only
    /// what [`Formulas::tree`] tells, or compute it with [`SheetFormulas::computed`]).
    pub fn expr(&self, p: &Parsed) -> std::borrow::Cow<'_, Expr> {
        let tree = self.tree(p);
        match p.moved {
            (0, 0) => std::borrow::Cow::Borrowed(tree),
            // (A copy is made only where its references stay on the sheet.)
            (drow, dcol) => std::borrow::Cow::Owned(
                template::moved(tree, drow, dcol).unwrap_or_else(|| tree.clone()),
            ),
        }
    }

    /// The tree a formula shares with its copies, its references those of the
    /// cell it was read at: for what moving references does not change (its
    /// functions and operators, their skeleton, its ranges' shapes).
    pub fn tree(&self, p: &Parsed) -> &Expr {
        &self.trees[p.tree as usize]
    }

    /// Whether a formula reads a range over several rows ([`peers::spans_rows`]).
    pub fn spans_rows(&self, p: &Parsed) -> bool {
        match p.holds.spans_rows {
            Some(spans) => spans,
            None => peers::spans_rows(&self.expr(p)),
        }
    }

    /// The cell a reference of `p`'s [`Formulas::tree`] reads from `p`'s cell.
    pub fn place(&self, p: &Parsed, r: &Ref) -> (u32, u32) {
        let moved = |at: u32, by: i64, fixed: bool| match fixed {
            true => at,
            false => u32::try_from(i64::from(at) + by).unwrap_or(at),
        };
        (
            moved(r.row, p.moved.0, r.abs_row),
            moved(r.col, p.moved.1, r.abs_col),
        )
    }

    pub fn get(&self, at: &(u32, u32)) -> Option<&Parsed> {
        let i = match self.dense.get(at.1 as usize).and_then(Option::as_ref) {
            Some((first, slots)) => {
                let slot = *slots.get(at.0.checked_sub(*first)? as usize)?;
                slot.checked_sub(1)?
            }
            None => *self.index.get(at)?,
        };
        Some(&self.cells[i as usize].1)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&(u32, u32), &Parsed)> {
        self.into_iter()
    }

    /// Every formula, for the cores there are.
    pub fn cells(&self) -> &[((u32, u32), Parsed)] {
        &self.cells
    }
}

impl std::ops::Index<&(u32, u32)> for Formulas {
    type Output = Parsed;
    fn index(&self, at: &(u32, u32)) -> &Parsed {
        self.get(at).expect("a formula cell of the sheet")
    }
}

impl<'f> IntoIterator for &'f Formulas {
    type Item = (&'f (u32, u32), &'f Parsed);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'f, ((u32, u32), Parsed)>,
        fn(&'f ((u32, u32), Parsed)) -> (&'f (u32, u32), &'f Parsed),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.cells.iter().map(|(at, p)| (at, p))
    }
}

/// The formulas of one sheet, parsed, with the workbook their references read.
pub struct SheetFormulas<'a> {
    pub book: &'a Workbook,
    pub sheet: &'a Sheet,
    /// Each formula cell, by (row, column).
    pub formulas: Formulas,
    /// The rows holding a formula, per column, top to bottom.
    pub columns: BTreeMap<u32, Vec<u32>>,
    /// The columns where a formula adds rows of its column (a total).
    pub totals: std::collections::BTreeSet<u32>,
    /// The columns holding a formula that adds anything ([`Holds::adds`]).
    pub adding: std::collections::BTreeSet<u32>,
}

impl<'a> SheetFormulas<'a> {
    pub fn read(book: &'a Workbook, sheet: &'a Sheet) -> Self {
        // Row by row, as the cells are stored: what the checks read next is near.
        let texts = by_position(sheet.formulas().collect());
        let (parsed, trees) = parse_all(&texts);
        // (Each column's rows gathered by a hash of it, then put in order.)
        let mut by_column: HashMap<u32, Vec<u32>, BuildPositionHasher> = HashMap::default();
        for ((r, c), _) in &texts {
            by_column.entry(*c).or_default().push(*r);
        }
        let mut columns: BTreeMap<u32, Vec<u32>> = by_column.into_iter().collect();
        let (mut totals, mut adding) = (
            std::collections::BTreeSet::new(),
            std::collections::BTreeSet::new(),
        );
        for ((_, c), p) in &parsed {
            if !p.adds.is_empty() {
                totals.insert(*c);
            }
            if p.holds.adds {
                adding.insert(*c);
            }
        }
        let formulas = Formulas::new(parsed, trees);
        for rows in columns.values_mut() {
            rows.sort_unstable();
        }
        SheetFormulas {
            book,
            sheet,
            formulas,
            columns,
            totals,
            adding,
        }
    }

    pub fn at(&self, row: u32, col: u32) -> CellAddr {
        self.sheet.at(row, col)
    }

    /// A cell's value as a formula reads it, on this sheet or another.
    pub fn value(&self, sheet: Option<&str>, row: u32, col: u32) -> Val {
        let s = match sheet {
            None => self.sheet,
            // Excel's sheet names ignore case: 'rekap skm'!A1 reads 'Rekap SKM'.
            Some(name) => match self
                .book
                .sheets
                .iter()
                .find(|s| s.name == name || s.name.to_lowercase() == name.to_lowercase())
            {
                Some(s) => s,
                None => return Val::Unknown,
            },
        };
        match s.raw(row, col) {
            Raw::Number { value, .. } => Val::Num(value),
            Raw::Empty => Val::Empty,
            Raw::Text(t) => Val::Text(t.to_string()),
            Raw::Bool(b) => Val::Bool(b),
            Raw::Error(_) => Val::Error,
            _ => Val::Unknown,
        }
    }

    /// The formula at (row, col) computed from the values its cells hold now.
    pub fn compute(&self, e: &Expr) -> Option<Val> {
        let cells = |sheet: Option<&str>, r: u32, c: u32| self.value(sheet, r, c);
        eval::eval(e, &cells)
    }

    /// A formula computed from the values its cells hold now. A copy whose
    /// references all move with it is computed on its first's tree, each cell
    /// read where the copy's reference reads.
    pub fn computed(&self, p: &Parsed) -> Option<Val> {
        let tree = self.formulas.tree(p);
        match p.moved {
            (0, 0) => self.compute(tree),
            (drow, dcol) if p.holds.relative => {
                let cells = |sheet: Option<&str>, r: u32, c: u32| match (
                    u32::try_from(i64::from(r) + drow),
                    u32::try_from(i64::from(c) + dcol),
                ) {
                    (Ok(r), Ok(c)) => self.value(sheet, r, c),
                    _ => Val::Unknown,
                };
                eval::eval(tree, &cells)
            }
            _ => self.compute(&self.formulas.expr(p)),
        }
    }

    /// A cell's number, if it holds one.
    pub fn number(&self, row: u32, col: u32) -> Option<Decimal> {
        match self.sheet.raw(row, col) {
            Raw::Number { value, .. } => Some(value),
            _ => None,
        }
    }

    /// Whether a cell holds a number shown with a percent format (a fraction).
    pub fn percent(&self, row: u32, col: u32) -> bool {
        self.sheet
            .number_format(row, col)
            .is_some_and(|f| f.contains('%'))
    }

    /// A figure as the cell shows it (a percent cell's fraction × 100).
    pub fn shown(&self, row: u32, col: u32, v: Decimal) -> String {
        let v = if self.percent(row, col) {
            v * Decimal::ONE_HUNDRED
        } else {
            v
        };
        crate::number::format_id(v, v.scale().min(4))
    }
}

/// Formulas in the order of their cells, row by row (each cell once): sorted
/// by column, then by row keeping that order, each in one counting pass, which
/// over a few hundred thousand formulas costs a tenth of a comparison sort.
fn by_position(texts: Vec<((u32, u32), &str)>) -> Vec<((u32, u32), &str)> {
    // (Rows and columns past a sheet's last are sorted the usual way.)
    let far = |at: &(u32, u32)| at.0 > MAX_ROW || at.1 > MAX_COL;
    if texts.iter().any(|(at, _)| far(at)) {
        let mut texts = texts;
        texts.sort_unstable_by_key(|(at, _)| *at);
        return texts;
    }
    by_key(by_key(texts, |at| at.1 as usize), |at| at.0 as usize)
}

/// Formulas sorted by `key` (small), those of one key in the order given.
fn by_key(
    texts: Vec<((u32, u32), &str)>,
    key: fn(&(u32, u32)) -> usize,
) -> Vec<((u32, u32), &str)> {
    let most = texts.iter().map(|(at, _)| key(at)).max().unwrap_or(0);
    // Where each key's next formula goes: after those of every lower key.
    let mut next = vec![0usize; most + 2];
    for (at, _) in &texts {
        next[key(at) + 1] += 1;
    }
    for k in 1..next.len() {
        next[k] += next[k - 1];
    }
    let mut out = vec![((0, 0), ""); texts.len()];
    for t in texts {
        let k = key(&t.0);
        out[next[k]] = t;
        next[k] += 1;
    }
    out
}

/// The cells a formula's ranges span (what computing it reads).
pub fn range_cells(e: &Expr) -> u64 {
    let mut n = 0u64;
    e.walk(&mut |node| {
        if let Expr::Range(c) = node {
            let rows = c.iter().map(|r| r.row).max().unwrap_or(0)
                - c.iter().map(|r| r.row).min().unwrap_or(0);
            let cols = c.iter().map(|r| r.col).max().unwrap_or(0)
                - c.iter().map(|r| r.col).min().unwrap_or(0);
            n = n.saturating_add((u64::from(rows) + 1) * (u64::from(cols) + 1));
        }
    });
    n
}

/// How many cells the formulas of one sheet may read when they are computed
/// (the saved values checked, or recalculated): a column of running totals over
/// a hundred thousand rows would read five billion. Past it, the rest keep
/// their saved values unjudged.
pub const READ_BUDGET: u64 = 50_000_000;

/// Whether computing a formula that reads `reads` cells still fits the sheet's
/// budget (counted in `spent`).
pub fn within_budget(reads: u64, spent: &std::sync::atomic::AtomicU64) -> bool {
    use std::sync::atomic::Ordering;
    let cost = reads.max(1);
    spent.fetch_add(cost, Ordering::Relaxed) + cost <= READ_BUDGET
}

/// Recalculates in memory the formulas whose value the cells they read no longer
/// give (after corrections were set over the file's values), as a spreadsheet
/// recalculates: each such cell's new value is set over it, until nothing more
/// changes. Returns each recalculated cell with its formula and value. Formulas
/// the audit cannot compute keep their saved values.
pub fn recalculate(book: &mut Workbook) -> Vec<(CellAddr, String, Decimal)> {
    use rayon::prelude::*;
    let mut out: Vec<(CellAddr, String, Decimal)> = Vec::new();
    for _ in 0..16 {
        let mut changed: Vec<(usize, u32, u32, Decimal)> = Vec::new();
        for (i, sheet) in book.sheets.iter().enumerate() {
            if !sheet.has_formulas() {
                continue;
            }
            let f = SheetFormulas::read(book, sheet);
            let cells: Vec<(&(u32, u32), &Parsed)> = f.formulas.iter().collect();
            let spent = std::sync::atomic::AtomicU64::new(0);
            let found: Vec<(usize, u32, u32, Decimal)> = cells
                .par_iter()
                .with_min_len(4096)
                .filter_map(|(&(r, c), p)| {
                    if !within_budget(p.reads, &spent) {
                        return None;
                    }
                    let Some(Val::Num(v)) = f.computed(p) else {
                        return None;
                    };
                    match f.sheet.raw(r, c) {
                        Raw::Number { value, .. } if same(value, v) => None,
                        Raw::Number { .. } | Raw::Empty => Some((i, r, c, v)),
                        _ => None,
                    }
                })
                .collect();
            changed.extend(found);
        }
        if changed.is_empty() {
            break;
        }
        changed.sort_unstable_by_key(|(i, r, c, _)| (*i, *r, *c));
        for (i, r, c, v) in changed {
            let sheet = &mut book.sheets[i];
            let formula = sheet.formula(r, c).unwrap_or_default().to_string();
            sheet.set_override(r, c, crate::workbook::Override::Number(v));
            let at = sheet.at(r, c);
            let v = v.round_dp(20).normalize();
            match out.iter_mut().find(|(a, _, _)| *a == at) {
                Some(seen) => seen.2 = v,
                None => out.push((at, formula, v)),
            }
        }
    }
    out
}

/// Whether the cell's formula is a total of its own column (it adds cells of
/// the column above or below it): the tree's own evidence of its rows.
pub fn is_total(sheet: &Sheet, row: u32, col: u32) -> bool {
    sheet.formula(row, col).is_some_and(|text| {
        let mut adds = Vec::new();
        sum_range::additive_rows(&expr::parse(text), col, &mut adds);
        adds.iter().any(|r| *r != row)
    })
}

/// What a formula's text gives on `sheet` of `book` from the values its cells
/// hold now (None where the audit cannot compute it for certain): the value
/// saved with a formula `--fix` writes, as Excel would save it.
pub fn compute_in(book: &Workbook, sheet: &Sheet, text: &str) -> Option<Decimal> {
    let f = SheetFormulas {
        book,
        sheet,
        formulas: Formulas::new(Vec::new(), Vec::new()),
        columns: BTreeMap::new(),
        totals: Default::default(),
        adding: Default::default(),
    };
    match f.compute(&expr::parse(text))? {
        // (All the digits a double keeps: read back, it is the formula's value.)
        Val::Num(v) => Some(v.round_dp(20).normalize()),
        _ => None,
    }
}

/// Audits every formula of every sheet; `tables` lend the findings their table,
/// row and column names where a cell lies in one.
pub fn audit(book: &Workbook, tables: &[Table]) -> Vec<Finding> {
    audit_with(book, tables, None)
}

/// [`audit`], and with `rules` the tables' formulas weighed by their columns'
/// kinds (`unit-mix`), except where another of the audit's findings already
/// gives the cell's correction.
pub fn audit_with(
    book: &Workbook,
    tables: &[Table],
    rules: Option<&crate::rules::Rules>,
) -> Vec<Finding> {
    finish(early(book), tables, rules)
}

/// What the audit finds of one sheet before the tables are known: most of it,
/// which `check` works out while the tables are read ([`early`], then
/// [`finish`] with the tables).
pub struct Early<'a> {
    sheets: Vec<EarlySheet<'a>>,
}

struct EarlySheet<'a> {
    f: SheetFormulas<'a>,
    /// Error values, skipped texts, chained ranges and formulas unlike their
    /// peers, in that order.
    found: Vec<Finding>,
    /// Totals not adding their blocks, before the tables have their say.
    sums: Vec<Finding>,
    stale: Vec<Finding>,
}

/// The audit's checks that need no table, sheet by sheet.
pub fn early(book: &Workbook) -> Early<'_> {
    let mut sheets = Vec::new();
    for sheet in &book.sheets {
        if !sheet.has_formulas() {
            continue;
        }
        let f = SheetFormulas::read(book, sheet);
        // The checks are independent: side by side on the cores there are. A
        // stale value is not said where another check names the cell, nor while
        // corrections are being settled (a cell corrected in memory leaves the
        // formulas over it with their old values until the file is recalculated,
        // which the corrected copy asks for).
        let settling = book.sheets.iter().any(Sheet::has_overrides);
        let stale = || {
            if settling {
                Vec::new()
            } else {
                stale::check(&f, &[])
            }
        };
        let ((by_cell, copied), (sums, stale)) = rayon::join(
            || {
                rayon::join(
                    || {
                        let mut found = errors::check(&f);
                        found.extend(skipped_text::check(&f));
                        found.extend(chain::check(&f));
                        found.extend(lookup::check(&f));
                        found
                    },
                    || {
                        let mut found = peers::check(&f);
                        // Across the row, where the column's own peers say nothing.
                        let across = parallel::check(&f);
                        let named: Vec<CellAddr> = found.iter().map(|x| x.at.clone()).collect();
                        found.extend(across.into_iter().filter(|x| !named.contains(&x.at)));
                        found
                    },
                )
            },
            || rayon::join(|| sum_range::check(&f), stale),
        );
        let mut found = by_cell;
        found.extend(copied);
        sheets.push(EarlySheet {
            f,
            found,
            sums,
            stale,
        });
    }
    Early { sheets }
}

/// The audit's findings: what [`early`] found, weighed against the tables, with
/// the checks that read them.
pub fn finish(
    early: Early<'_>,
    tables: &[Table],
    rules: Option<&crate::rules::Rules>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for EarlySheet {
        f,
        mut found,
        sums,
        stale,
    } in early.sheets
    {
        let sheet = f.sheet;
        let (mixed, numbered) = rayon::join(
            || {
                rules.map_or_else(Vec::new, |r| {
                    let mut found = tree_sum::check(&f, tables, r);
                    found.extend(units::check(&f, tables, r));
                    found
                })
            },
            // A number that only numbers the table, added: said as that, not
            // as the rows outside its block.
            || numbering::check(&f, tables),
        );
        // A total that is right by a table's kode tree is the tree's to judge.
        found.extend(sums.into_iter().filter(|x| {
            !rules.is_some_and(|r| tree_sum::complete(&f, tables, r, x.at.row, x.at.col))
                && !numbered.iter().any(|n| n.at == x.at)
        }));
        found.extend(numbered);
        let named: Vec<CellAddr> = found.iter().map(|x| x.at.clone()).collect();
        found.extend(stale.into_iter().filter(|s| !named.contains(&s.at)));
        found.extend(mixed.into_iter().filter(|u| !named.contains(&u.at)));
        // (Rows in order are looked up by halves.)
        let ordered: Vec<bool> = tables
            .iter()
            .map(|t| t.rows.windows(2).all(|w| w[0].row < w[1].row))
            .collect();
        for finding in found {
            out.push(place(finding, sheet, tables, &ordered));
        }
        // A sheet's parsed formulas (a tree for each of maybe hundreds of
        // thousands of cells) take a while to free: that is done beside the
        // rest of the work, not before it (a tenth of a large workbook's check).
        let SheetFormulas {
            formulas, columns, ..
        } = f;
        std::thread::spawn(move || drop((formulas, columns)));
    }
    out
}

/// A level a sheet's own formulas state: the row's total in its leftmost column
/// that has one, its height in that column's tree (1 over figures, 2 over
/// totals of height 1, ...), and the rows it adds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Level {
    pub height: usize,
    pub col: u32,
    pub adds: Vec<u32>,
}

/// The levels the formulas of `sheet` state, by row.
pub fn levels(book: &Workbook, sheet: &Sheet) -> BTreeMap<u32, Level> {
    let mut out = BTreeMap::new();
    if !sheet.has_formulas() {
        return out;
    }
    let f = SheetFormulas::read(book, sheet);
    for (col, row, height, adds) in sum_range::heights(&f) {
        out.entry(row).or_insert(Level { height, col, adds });
    }
    out
}

/// Names the table, row and column a finding's cell lies in: the recognised
/// table's, else the nearest words of the sheet (the row's first label, the
/// column's header above). `ordered`: whether each table's rows are in order,
/// each row once.
fn place(f: Finding, sheet: &Sheet, tables: &[Table], ordered: &[bool]) -> Finding {
    let (row, col) = (f.at.row, f.at.col);
    let table = tables.iter().enumerate().find(|(_, t)| {
        t.sheet == sheet.name
            && (t.located.header_top..=t.located.body_end).contains(&row)
            && (t.located.left..=t.located.right).contains(&col)
    });
    if let Some((i, t)) = table {
        let found = match ordered.get(i) {
            Some(true) => t.rows.binary_search_by_key(&row, |r| r.row).ok(),
            _ => t.rows.iter().position(|r| r.row == row),
        };
        let row_label = found
            .map(|i| t.rows[i].label().to_string())
            .unwrap_or_else(|| row_words(sheet, row, col));
        let column_label = t
            .located
            .columns
            .iter()
            .flatten()
            .find(|m| m.col == col)
            .map(|m| m.header.clone())
            .unwrap_or_else(|| header_path(sheet, t, col));
        let name = t.name.clone();
        return f.place(&name, &row_label, &column_label);
    }
    let (r, c) = (row_words(sheet, row, col), column_words(sheet, row, col));
    let name = format!("'{}'", sheet.name);
    f.place(&name, &r, &c)
}

/// The first words of a row left of a column.
fn row_words(sheet: &Sheet, row: u32, col: u32) -> String {
    sheet
        .cols_in_row(row)
        .take_while(|c| *c < col)
        .find(|c| sheet.has_words(row, *c))
        .map(|c| short(&sheet.text(row, c)))
        .unwrap_or_default()
}

/// A column of a table no rule column names, by its whole header path
/// (`Tingkat Capaian … (%) > Rp`): its last line alone may be another column's.
pub(super) fn header_path(sheet: &Sheet, t: &Table, col: u32) -> String {
    let mut parts: Vec<String> = Vec::new();
    for r in t.located.header_top..=t.located.header_bottom {
        let text = short(&sheet.merged_text(r, col));
        if !text.is_empty() && parts.last() != Some(&text) {
            parts.push(text);
        }
    }
    parts.join(" > ")
}

/// The nearest words above a cell in its column (its header).
fn column_words(sheet: &Sheet, row: u32, col: u32) -> String {
    (row.saturating_sub(40)..row)
        .rev()
        .find(|r| sheet.has_words(*r, col))
        .map(|r| short(&sheet.text(r, col)))
        .unwrap_or_default()
}

fn short(text: &str) -> String {
    let t = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if t.chars().count() > 60 {
        let cut: String = t.chars().take(59).collect();
        format!("{cut}…")
    } else {
        t
    }
}

/// `H15:H16` for consecutive rows of one column, `H15` for one.
pub fn rows_text(col: u32, rows: &[u32]) -> String {
    let mut parts = Vec::new();
    let mut i = 0;
    while i < rows.len() {
        let mut j = i;
        while j + 1 < rows.len() && rows[j + 1] == rows[j] + 1 {
            j += 1;
        }
        let a = crate::ooxml::a1::a1(rows[i], col);
        parts.push(if i == j {
            a
        } else {
            format!("{a}:{}", crate::ooxml::a1::a1(rows[j], col))
        });
        i = j + 1;
    }
    parts.join(", ")
}

/// A corrected figure as the copy writes it: ten decimals at most, no trailing
/// zeros (a quotient carries 28).
pub fn tidy(v: Decimal) -> Decimal {
    v.round_dp(10).normalize()
}

/// Whether two figures agree: exactly, or within what a spreadsheet's binary
/// arithmetic leaves in the last digits (a saved value has 15–17 digits).
pub fn same(a: Decimal, b: Decimal) -> bool {
    // (Most figures compared agree to the digit: no tolerance to work out.)
    if a == b {
        return true;
    }
    let diff = (a - b).abs();
    let scale = a.abs().max(b.abs()).max(Decimal::ONE);
    diff <= scale * Decimal::new(1, 12)
}
