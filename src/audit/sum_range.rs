//! `sum-range`: a total whose formula does not add the rows of its block.
//!
//! | row | Uraian                  | Anggaran            |
//! |-----|-------------------------|---------------------|
//! | 9   | Program A               | =H10+H14            |
//! | 10  | Kegiatan A.1            | =SUM(H11:H12)       |  <- leaves out H13
//! | 11  | Sub kegiatan A.1.1      | 1.000.000           |
//! | 12  | Sub kegiatan A.1.2      | 2.000.000           |
//! | 13  | Sub kegiatan A.1.3      | 500.000             |
//! | 14  | Kegiatan A.2            | =SUM(H15:H16)       |
//!
//! The tree is read from the column's own formulas: a formula that adds cells of
//! its column above or below it (`SUM(H11:H12)`, `H10+H14`, an `IF` around a
//! SUM) makes them its children, and its height is one more than its highest
//! child's. Each total's block is the run of rows from it up to the next total of
//! its height or higher (or a row another, higher total adds): the rows of the
//! block it should add are its children's rows, a child total standing for its
//! own block. Held against what the formula adds:
//! - rows of the block no formula adds (the range stops short, or starts late):
//!   left out, where they touch what it adds (no blank row between) and are rows
//!   like its children (the same columns hold words);
//! - rows it adds that a child total adds already: counted twice;
//! - rows outside its block (another block's rows or total);
//! - a total of its own level that its parent adds beside it: counted twice there.
//!
//! Only plain totals are judged (`SUM`, `+`): one with more to it (`SUM(..)/2`,
//! `IF(..)`, `SUBTOTAL`, which a filter changes) still gives the tree its shape.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;

use super::eval::Val;
use super::expr::{Expr, Op, Ref};
use super::{rows_text, same, SheetFormulas};
use crate::finding::{Code, Finding, Relation, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::workbook::{BuildPositionHasher, Raw};

pub fn check(f: &SheetFormulas) -> Vec<Finding> {
    use rayon::prelude::*;
    let columns: Vec<(&u32, &Vec<u32>)> = f.columns.iter().collect();
    let elsewhere = added_elsewhere(f);
    // Each column's tree is its own: the columns side by side.
    let found: Vec<Vec<Finding>> = columns
        .par_iter()
        .with_max_len(1)
        .map(|(&col, rows)| {
            let Some(mut tree) = Tree::read(f, col, rows) else {
                return Vec::new();
            };
            tree.beside = elsewhere
                .iter()
                .map(|cells| cells.iter().filter(|c| c.1 == col).map(|c| c.0).collect())
                .filter(|rows: &Vec<u32>| rows.len() > 1)
                .collect();
            tree.claims.keys().flat_map(|&p| tree.judge(p)).collect()
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// The cells of this sheet each formula of another sheet adds, where it adds
/// two or more ('Page 1'!C6 + 'Page 1'!C15 on the page that carries the total
/// over): those cells are added side by side there, so none of them is a row
/// another of them leaves out.
fn added_elsewhere(f: &SheetFormulas) -> Vec<Vec<(u32, u32)>> {
    let here = f.sheet.name.to_lowercase();
    let mut out = Vec::new();
    for other in f.book.sheets.iter().filter(|s| !std::ptr::eq(*s, f.sheet)) {
        for (_, text) in other.formulas().filter(|(_, t)| t.contains('!')) {
            let mut cells: Vec<(u32, u32)> = Vec::new();
            let ours = |r: &Ref| r.sheet.as_deref().is_some_and(|s| s.to_lowercase() == here);
            super::expr::parse(text).each_added(&mut |node| match node {
                Expr::Ref(r) if ours(r) => cells.push((r.row, r.col)),
                Expr::Range(c) if c.len() == 2 && c.iter().all(ours) && c[0].col == c[1].col => {
                    let (a, b) = (c[0].row.min(c[1].row), c[0].row.max(c[1].row));
                    if b - a <= MAX_BLOCK_ROWS {
                        cells.extend((a..=b).map(|r| (r, c[0].col)));
                    }
                }
                _ => {}
            });
            if cells.len() > 1 {
                out.push(cells);
            }
        }
    }
    out
}

/// Each total of each column with its height in the column's formula tree and
/// the rows it adds: (column, row, height, rows), column by column, top down.
pub fn heights(f: &SheetFormulas) -> Vec<(u32, u32, usize, Vec<u32>)> {
    let mut out = Vec::new();
    for (&col, rows) in &f.columns {
        if let Some(tree) = Tree::read(f, col, rows) {
            for (p, adds) in tree.claims.iter() {
                out.push((col, *p, tree.h(*p), adds.clone()));
            }
        }
    }
    out
}

/// What a row of the column holds, for the walk.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A total: it adds other rows of the column.
    Total(usize),
    /// A figure (typed, or a formula that adds no row of the column).
    Figure,
    Blank,
    /// Words: not a figure.
    Words,
}

struct Tree<'f, 'a> {
    f: &'f SheetFormulas<'a>,
    col: u32,
    /// Each total's children: the rows of the column it adds.
    claims: ByRow<Vec<u32>>,
    /// Siblings a total adds (a total of its own level its parent adds too).
    siblings: HashMap<u32, Vec<u32>, BuildPositionHasher>,
    /// Each total's height, by its place in `claims`.
    height: Vec<usize>,
    /// (row, a total adding it), by row.
    claimed_by: Vec<(u32, u32)>,
    /// Where each row's entries start in `claimed_by`, rows 0 to `last_row`
    /// and one more (the walks ask who adds a row many times).
    claims_from: Vec<u32>,
    last_row: u32,
    /// Each total's own block, by (row, downwards), once worked out.
    blocks: std::cell::RefCell<Blocks>,
    /// Each row's kind once read ([`UNREAD`] until then), rows 0 to `last_row`:
    /// the walks ask it of a row many times.
    kinds: std::cell::RefCell<Vec<u8>>,
    /// Rows of the column a formula of another sheet adds side by side.
    beside: Vec<Vec<u32>>,
}

/// Each total's own block, by (row, downwards).
type Blocks = HashMap<(u32, bool), (u32, u32), BuildPositionHasher>;

/// A row whose kind is not read yet (see `Tree::kinds`).
const UNREAD: u8 = u8::MAX;

impl<'f, 'a> Tree<'f, 'a> {
    fn read(f: &'f SheetFormulas<'a>, col: u32, rows: &[u32]) -> Option<Self> {
        // (A column of formulas none of which adds its rows is no tree.)
        if !f.totals.contains(&col) {
            return None;
        }
        let mut totals = Vec::new();
        for &r in rows {
            let adds = &f.formulas[&(r, col)].adds;
            if !adds.is_empty() {
                totals.push((r, adds.clone()));
            }
        }
        let mut claims = ByRow::new(totals);
        if claims.is_empty() {
            return None;
        }
        // A total that adds a row its own parent adds too: that row is a sibling,
        // set aside (and reported) before the tree is measured.
        let mut siblings: HashMap<u32, Vec<u32>, BuildPositionHasher> = HashMap::default();
        for (u, kids) in claims.iter() {
            for p in kids.iter().filter(|k| claims.contains_key(k)) {
                let own = &claims[p];
                // Beyond its other children (after them below it, before them
                // above it): a total of its own level, not one of its rows.
                let beyond = |x: u32| {
                    let mut others = own.iter().filter(|y| **y != x).peekable();
                    // (A total of that one row alone is its parent, not its sibling.)
                    if others.peek().is_none() {
                        return false;
                    }
                    if x > *p {
                        others.clone().all(|y| *y < x)
                    } else {
                        others.clone().all(|y| *y > x)
                    }
                };
                let twice: Vec<u32> = own
                    .iter()
                    .copied()
                    .filter(|x| x != p && x != u && kids.binary_search(x).is_ok())
                    .filter(|x| claims.contains_key(x) && beyond(*x))
                    .collect();
                if !twice.is_empty() {
                    siblings.entry(*p).or_default().extend(twice);
                }
            }
        }
        for (p, twice) in &siblings {
            if let Some(kids) = claims.get_mut(p) {
                kids.retain(|k| !twice.contains(k));
            }
        }
        let mut height = vec![usize::MAX; claims.len()];
        for &r in claims.keys() {
            measure(r, &claims, &mut height, &mut Vec::new())?;
        }
        let mut claimed_by: Vec<(u32, u32)> = claims
            .iter()
            .flat_map(|(p, kids)| kids.iter().map(move |k| (*k, *p)))
            .collect();
        claimed_by.sort_unstable();
        let last_row = f.sheet.end().map_or(0, |(r, _)| r);
        // (Past what 32 bits count, every row's totals are searched for.)
        let mut claims_from = Vec::new();
        if u32::try_from(claimed_by.len()).is_ok() {
            claims_from.reserve(last_row as usize + 2);
            let mut i = 0;
            for r in 0..=last_row + 1 {
                while claimed_by.get(i).is_some_and(|(x, _)| *x < r) {
                    i += 1;
                }
                claims_from.push(i as u32);
            }
        }
        Some(Tree {
            f,
            col,
            claims,
            siblings,
            height,
            claimed_by,
            claims_from,
            last_row,
            blocks: Default::default(),
            kinds: std::cell::RefCell::new(vec![UNREAD; last_row as usize + 1]),
            beside: Vec::new(),
        })
    }

    /// A total's height (None for another row).
    fn height_of(&self, r: u32) -> Option<usize> {
        self.claims.slot(r).map(|i| self.height[i])
    }

    /// The height of total `r`.
    fn h(&self, r: u32) -> usize {
        self.height_of(r).expect("a total of the column")
    }

    fn kind(&self, r: u32) -> Kind {
        let code = self.kinds.borrow().get(r as usize).copied();
        let kind = match code {
            Some(UNREAD) | None => self.read_kind(r),
            Some(0) => Kind::Figure,
            Some(1) => Kind::Blank,
            Some(2) => Kind::Words,
            Some(_) => return Kind::Total(self.h(r)),
        };
        if code == Some(UNREAD) {
            self.kinds.borrow_mut()[r as usize] = match kind {
                Kind::Figure => 0,
                Kind::Blank => 1,
                Kind::Words => 2,
                Kind::Total(_) => 3,
            };
        }
        kind
    }

    fn read_kind(&self, r: u32) -> Kind {
        if let Some(h) = self.height_of(r) {
            return Kind::Total(h);
        }
        match self.f.sheet.raw(r, self.col) {
            Raw::Number { .. } => Kind::Figure,
            Raw::Empty => Kind::Blank,
            Raw::Text(t) if t.trim().chars().all(|c| matches!(c, '-' | '–' | '—' | '.')) => {
                Kind::Blank
            }
            Raw::Text(_) => Kind::Words,
            _ => Kind::Blank,
        }
    }

    /// Whether row `x` ends the block of total `q` (of height `h`, adding the
    /// rows `mine`): a total as high, or a row a higher total adds that `q`
    /// does not.
    fn ends_block(&self, (q, h, mine): (u32, usize, &[u32]), x: u32) -> bool {
        if let Kind::Total(hx) = self.kind(x) {
            if hx >= h {
                return true;
            }
        }
        mine.binary_search(&x).is_err()
            && self
                .claimers(x)
                .iter()
                .any(|(_, z)| *z != q && self.height_of(*z).is_some_and(|hz| hz > h))
    }

    /// The totals adding row `x`.
    fn claimers(&self, x: u32) -> &[(u32, u32)] {
        let (a, b) = match self.claims_from.get(x as usize..x as usize + 2) {
            Some(&[a, b]) => (a as usize, b as usize),
            _ => {
                let a = self.claimed_by.partition_point(|(r, _)| *r < x);
                (
                    a,
                    a + self.claimed_by[a..].partition_point(|(r, _)| *r == x),
                )
            }
        };
        &self.claimed_by[a..b]
    }

    /// Which way total `q` adds its rows: down (they are below it) or up; a
    /// total adding rows on both sides goes the way `parent` (its parent's) does.
    /// A KKE resume's komponen add the rows below them while its total at the
    /// bottom adds the komponen above it.
    fn direction(&self, q: u32, parent: bool) -> bool {
        match self.claims.get(&q).map(|k| (k.first(), k.last())) {
            Some((Some(&first), _)) if first > q => true,
            Some((_, Some(&last))) if last < q => false,
            _ => parent,
        }
    }

    /// The block of a lower total `q` met under a total going `parent`'s way:
    /// its rows the way it adds them, within `limit`.
    fn child_block(&self, q: u32, parent: bool, limit: (u32, u32)) -> (u32, u32) {
        self.block(q, self.direction(q, parent), limit)
    }

    /// The block of total `q`: the rows after it (`down`) or before it, up to
    /// the row that ends it, within `limit`.
    fn block(&self, q: u32, down: bool, limit: (u32, u32)) -> (u32, u32) {
        let own = *self
            .blocks
            .borrow_mut()
            .entry((q, down))
            .or_insert_with(|| self.own_block(q, down));
        (own.0.max(limit.0), own.1.min(limit.1))
    }

    /// The block of total `q` within the whole sheet.
    fn own_block(&self, q: u32, down: bool) -> (u32, u32) {
        let h = self.h(q);
        let mine = self.claims.get(&q).map_or(&[][..], Vec::as_slice);
        let ends =
            |x: u32| self.ends_block((q, h, mine), x) || self.typed_sibling(h, mine, x, down);
        if down {
            let end = (q + 1..=self.last_row)
                .find(|&x| ends(x))
                .map_or(self.last_row, |x| x - 1);
            (q + 1, end)
        } else {
            let start = (0..q).rev().find(|&x| ends(x)).map_or(0, |x| x + 1);
            (start, q.saturating_sub(1))
        }
    }

    /// Whether `x` is a total of height `h` typed over (a program pasted as a
    /// value beside programs that add their kegiatan): a figure no formula
    /// adds, right over (or, adding upwards, under) a lower total no formula
    /// adds either. Its kegiatan are its own, not rows the total above leaves out.
    fn typed_sibling(&self, h: usize, mine: &[u32], x: u32, down: bool) -> bool {
        let next = if down {
            x.checked_add(1)
        } else {
            x.checked_sub(1)
        };
        h >= 2
            && self.kind(x) == Kind::Figure
            && mine.binary_search(&x).is_err()
            && self.claimers(x).is_empty()
            && next.is_some_and(|n| {
                matches!(self.kind(n), Kind::Total(hn) if hn + 1 == h)
                    && self.claimers(n).is_empty()
                    && self.direction(n, down) == down
            })
    }

    /// The rows a total of height `h` should add in `block`: its figures, and a
    /// lower total for the whole of that total's own block.
    fn walk(&self, h: usize, block: (u32, u32), down: bool) -> Vec<u32> {
        let mut out = Vec::new();
        if block.0 > block.1 {
            return out;
        }
        let mut r = if down { block.0 } else { block.1 };
        loop {
            // The rows this one stands for: a lower total its whole block.
            let (first, last) = match self.kind(r) {
                Kind::Total(hr) if hr < h => {
                    out.push(r);
                    let (s, e) = self.child_block(r, down, block);
                    (s.min(r), e.max(r))
                }
                Kind::Total(_) => break,
                Kind::Figure => {
                    out.push(r);
                    (r, r)
                }
                Kind::Blank | Kind::Words => (r, r),
            };
            let next = if down {
                last.checked_add(1)
            } else {
                first.checked_sub(1)
            };
            match next.filter(|n| (block.0..=block.1).contains(n)) {
                Some(n) => r = n,
                None => break,
            }
        }
        // A lower total whose rows lie the other way (met after them): they are
        // its, not rows of this level: its figures, and the totals under it
        // (an urusan `=D7` over its OPD `=D8+D19`, met from below).
        let within: Vec<(u32, (u32, u32))> = out
            .iter()
            .filter(|r| matches!(self.kind(**r), Kind::Total(_)))
            .map(|&r| (r, self.child_block(r, down, block)))
            .collect();
        out.retain(|r| {
            !within
                .iter()
                .any(|(q, (s, e))| q != r && (s..=e).contains(&r))
        });
        out.sort_unstable();
        out
    }

    /// Whether a total of the column is a plain one ([`plain_total`]). A copy
    /// down its column reads the columns its tree reads, and one whose
    /// references all move with it reads them as its tree reads its own: that
    /// is its tree's to tell (the copy's own tree is made only for a finding).
    fn plain(&self, parsed: &super::Parsed) -> bool {
        let tree = self.f.formulas.tree(parsed);
        match parsed.moved.1 {
            0 => plain_total(tree.core(), self.col),
            dcol if parsed.holds.relative => u32::try_from(i64::from(self.col) - dcol)
                .is_ok_and(|col| plain_total(tree.core(), col)),
            _ => plain_total(self.f.formulas.expr(parsed).core(), self.col),
        }
    }

    fn judge(&self, p: u32) -> Vec<Finding> {
        let parsed = &self.f.formulas[&(p, self.col)];
        if !self.plain(parsed) {
            return Vec::new();
        }
        let h = self.h(p);
        let adds: Vec<u32> = self.claims[&p]
            .iter()
            .copied()
            .filter(|r| !matches!(self.kind(*r), Kind::Blank | Kind::Words))
            .collect();
        let siblings = self.siblings.get(&p).cloned().unwrap_or_default();
        let (Some(&first), Some(&last)) = (adds.first(), adds.last()) else {
            return Vec::new();
        };
        let down = if first > p {
            true
        } else if last < p {
            false
        } else {
            return Vec::new();
        };
        let limit = if down {
            (p + 1, self.last_row)
        } else {
            (0, p - 1)
        };
        let block = self.block(p, down, limit);
        let mut expected = self.walk(h, block, down);
        // A child total bypassed (its rows added one by one) stands for its rows.
        loop {
            let bypassed = expected.iter().copied().find(|q| {
                matches!(self.kind(*q), Kind::Total(_)) && adds.binary_search(q).is_err() && {
                    let b = self.child_block(*q, down, block);
                    let i = adds.partition_point(|a| *a < b.0);
                    adds.get(i).is_some_and(|a| *a <= b.1)
                }
            });
            let Some(q) = bypassed else { break };
            let b = self.child_block(q, down, block);
            let inner = self.walk(self.h(q), b, self.direction(q, down));
            expected.retain(|x| *x != q);
            expected.extend(inner);
            expected.sort_unstable();
            expected.dedup();
        }
        let mut missing = self.left_out(p, &adds, &expected, down, block);
        // A figure it adds beside totals it adds is a total typed over its formula
        // (a kegiatan pasted as a value): the rows under it are its own, not rows
        // this total leaves out.
        let typed = self.typed_totals(&adds, down, block);
        let mut owned: Vec<u32> = typed
            .iter()
            .flat_map(|(_, rows)| rows.iter().copied())
            .collect();
        owned.sort_unstable();
        missing.retain(|x| owned.binary_search(x).is_err());
        let mut out: Vec<Finding> = typed
            .iter()
            .filter_map(|(x, rows)| self.typed_finding(p, *x, rows))
            .collect();
        let mut twice = Vec::new();
        let mut outside = Vec::new();
        // The blocks of the totals it adds, by their first row.
        let mut child_blocks: Vec<(u32, u32, u32)> = adds
            .iter()
            .filter(|q| matches!(self.kind(**q), Kind::Total(_)))
            .map(|&q| {
                let b = self.child_block(q, down, block);
                (b.0, b.1, q)
            })
            .collect();
        child_blocks.sort_unstable();
        for a in &adds {
            if expected.binary_search(a).is_ok() {
                continue;
            }
            let i = child_blocks.partition_point(|b| b.0 <= *a);
            let via = child_blocks[..i]
                .iter()
                .rev()
                .take(8)
                .find(|b| b.2 != *a && b.1 >= *a)
                .map(|b| b.2);
            match via {
                Some(q) => twice.push((*a, q)),
                None if !(block.0..=block.1).contains(a) => outside.push(*a),
                // Inside the block but not at this level (a figure beside its
                // own total): the tree cannot tell; left alone.
                None => {}
            }
        }
        if missing.is_empty() && twice.is_empty() && outside.is_empty() && siblings.is_empty() {
            return out;
        }
        let mut corrected: BTreeSet<u32> = adds.iter().copied().collect();
        corrected.extend(missing.iter().copied());
        for (a, _) in &twice {
            corrected.remove(a);
        }
        for a in outside.iter().chain(&siblings) {
            corrected.remove(a);
        }
        let corrected: Vec<u32> = corrected.into_iter().collect();
        if !corrected.is_empty() {
            out.extend(self.finding(p, parsed, &corrected, &missing, &twice, &outside, &siblings));
        }
        out
    }

    /// The figures `adds` holds beside totals, each with the rows under it (the
    /// figures up to the next row it adds, without a gap): totals typed over.
    fn typed_totals(&self, adds: &[u32], down: bool, block: (u32, u32)) -> Vec<(u32, Vec<u32>)> {
        let Some(&sibling) = adds
            .iter()
            .find(|a| matches!(self.kind(**a), Kind::Total(_)))
        else {
            return Vec::new();
        };
        // The rows under a typed total lie the way its sibling totals add
        // theirs (a program typed beside one whose formula adds the kegiatan
        // below it), whichever way the grand total adds the programs.
        let down = self.direction(sibling, down);
        let mut out = Vec::new();
        for &x in adds.iter().filter(|a| self.kind(**a) == Kind::Figure) {
            let mut rows = Vec::new();
            let mut r = x;
            loop {
                let next = if down {
                    r.checked_add(1)
                } else {
                    r.checked_sub(1)
                };
                let Some(n) = next.filter(|n| (block.0..=block.1).contains(n)) else {
                    break;
                };
                if adds.binary_search(&n).is_ok()
                    || self.kind(n) != Kind::Figure
                    || !self.claimers(n).is_empty()
                {
                    break;
                }
                rows.push(n);
                r = n;
            }
            rows.sort_unstable();
            if !rows.is_empty() {
                out.push((x, rows));
            }
        }
        out
    }

    /// A total typed over its formula, held to the rows under it.
    fn typed_finding(&self, p: u32, x: u32, rows: &[u32]) -> Option<Finding> {
        let (f, col) = (self.f, self.col);
        let value = f.number(x, col)?;
        let text = format!(
            "SUM({}:{})",
            crate::ooxml::a1::a1(rows[0], col),
            crate::ooxml::a1::a1(rows[rows.len() - 1], col)
        );
        let expected = match f.compute(&super::expr::parse(&text)) {
            Some(Val::Num(v)) => v,
            _ => return None,
        };
        let agrees = same(expected, value);
        let percent = f.percent(x, col);
        let points = |v: Decimal| if percent { v * Decimal::ONE_HUNDRED } else { v };
        let mut finding = Finding::new(
            Code::TypedOverFormula,
            f.at(x, col),
            msg!(
                "formula.typed-total",
                value = f.shown(x, col, value),
                parent = f.at(p, col).a1(),
                rows = rows_text(col, rows),
                expected = format!("={text}"),
                expected_value = f.shown(x, col, expected)
            ),
        )
        .figures(
            points(value).normalize(),
            Some(super::tidy(points(expected))),
        )
        .inputs(rows.iter().map(|r| f.at(*r, col)).collect())
        .help(msg!("formula.peers-help", expected = format!("={text}")))
        .fix(Some(super::tidy(points(expected))))
        .relation(Some(Relation::Formula(text)));
        if agrees {
            finding = finding.severity(Severity::Warning);
        }
        Some(finding)
    }

    /// Rows of the block no formula adds, where they touch what the total adds
    /// and are rows like its children.
    fn left_out(
        &self,
        p: u32,
        adds: &[u32],
        expected: &[u32],
        down: bool,
        block: (u32, u32),
    ) -> Vec<u32> {
        let (first, last) = (adds[0], adds[adds.len() - 1]);
        // How far what it adds reaches: a child total's whole block.
        let reach = |r: u32| match self.kind(r) {
            Kind::Total(_) => self.block(r, down, block),
            _ => (r, r),
        };
        let lo = adds.iter().map(|a| reach(*a).0).min().unwrap_or(first);
        let hi = adds.iter().map(|a| reach(*a).1).max().unwrap_or(last);
        let value = self.f.number(p, self.col);
        let gap = |r: u32| matches!(self.kind(r), Kind::Blank | Kind::Words);
        // The first gap after what it adds, the last before it.
        let gap_after = (hi + 1..=block.1.max(hi)).find(|r| gap(*r));
        let gap_before = (block.0.min(lo)..lo).rev().find(|r| gap(*r));
        let mut out = Vec::new();
        for &x in expected {
            if adds.binary_search(&x).is_ok() {
                continue;
            }
            let touches = if (lo..=hi).contains(&x) {
                true
            } else if down && x > hi {
                gap_after.is_none_or(|g| x < g)
            } else if !down && x < lo {
                gap_before.is_none_or(|g| x > g)
            } else {
                // Between the total and what it adds.
                true
            };
            if !touches || !self.alike(x, adds) || self.derived_from(x, p, adds) {
                continue;
            }
            // Added beside this total by a formula on another sheet: its
            // sibling there, not a row it leaves out.
            if self.beside.iter().any(|b| b.contains(&p) && b.contains(&x)) {
                continue;
            }
            // A typed total of the same rows (a Jumlah row) is not a row to add.
            if let (Some(v), Some(t)) = (self.f.number(x, self.col), value) {
                if !v.is_zero() && same(v, t) && self.claimers(x).is_empty() {
                    continue;
                }
            }
            out.push(x);
        }
        out
    }

    /// Whether row `x` holds words in the same columns as the nearest row the
    /// total adds (a row of the same kind, not a heading or a numbering row).
    fn alike(&self, x: u32, adds: &[u32]) -> bool {
        let i = adds.partition_point(|a| *a < x);
        let Some(&near) = [i.checked_sub(1), Some(i)]
            .into_iter()
            .flatten()
            .filter_map(|k| adds.get(k))
            .min_by_key(|a| a.abs_diff(x))
        else {
            return false;
        };
        let words = |r: u32| -> Vec<u32> {
            self.f
                .sheet
                .cols_in_row(r)
                .filter(|c| self.f.sheet.has_words(r, *c))
                .collect()
        };
        let figure_in_words = |r: u32| {
            // A numbering row: figures where the rows have words.
            words(near)
                .iter()
                .any(|c| matches!(self.f.sheet.raw(r, *c), Raw::Number { .. }))
        };
        words(x) == words(near) && !figure_in_words(x)
    }

    /// Whether row `x`'s figure is a formula over the total or what it adds (a
    /// percentage row under the totals): derived, not a row to add.
    fn derived_from(&self, x: u32, p: u32, adds: &[u32]) -> bool {
        self.f.formulas.get(&(x, self.col)).is_some_and(|parsed| {
            self.f
                .formulas
                .expr(parsed)
                .refs()
                .iter()
                .any(|r| r.sheet.is_none() && (r.row == p || adds.binary_search(&r.row).is_ok()))
        })
    }

    /// What a total's formula does wrong, in words: rows it leaves out, adds
    /// twice, adds from outside its block, or adds beside its parent.
    fn what_is_wrong(
        &self,
        p: u32,
        missing: &[u32],
        twice: &[(u32, u32)],
        outside: &[u32],
        siblings: &[u32],
    ) -> Vec<Msg> {
        let (col, f) = (self.col, self.f);
        // Each row's figure by its cell: `G17 = 17.800.000; G18 = 0`.
        let figures = |rows: &[u32]| -> String {
            rows.iter()
                .map(|r| {
                    let v = f
                        .number(*r, col)
                        .map(|v| f.shown(*r, col, v))
                        .unwrap_or_else(|| "0".into());
                    format!("{} = {v}", f.at(*r, col).a1())
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        let mut parts: Vec<Msg> = Vec::new();
        if !missing.is_empty() {
            parts.push(msg!(
                "formula.sum-leaves-out",
                rows = rows_text(col, missing),
                values = figures(missing)
            ));
        }
        if !twice.is_empty() {
            let rows: Vec<u32> = twice.iter().map(|t| t.0).collect();
            let mut via: Vec<u32> = twice.iter().map(|t| t.1).collect();
            via.sort_unstable();
            via.dedup();
            parts.push(msg!(
                "formula.sum-twice",
                rows = rows_text(col, &rows),
                via = rows_text(col, &via)
            ));
        }
        if !outside.is_empty() {
            parts.push(msg!("formula.sum-outside", rows = rows_text(col, outside)));
        }
        if !siblings.is_empty() {
            let parents: Vec<u32> = self
                .claims
                .iter()
                .filter(|(_, kids)| kids.binary_search(&p).is_ok())
                .map(|(u, _)| *u)
                .collect();
            parts.push(msg!(
                "formula.sum-sibling",
                rows = rows_text(col, siblings),
                parent = rows_text(col, &parents)
            ));
        }
        parts
    }

    #[allow(clippy::too_many_arguments)]
    fn finding(
        &self,
        p: u32,
        parsed: &super::Parsed,
        corrected: &[u32],
        missing: &[u32],
        twice: &[(u32, u32)],
        outside: &[u32],
        siblings: &[u32],
    ) -> Option<Finding> {
        let col = self.col;
        let f = self.f;
        let e = f.formulas.expr(parsed);
        let text = corrected_formula(e.core(), col, corrected, |r| {
            !matches!(self.kind(r), Kind::Blank | Kind::Words)
        });
        let expected = match f.compute(&super::expr::parse(&text)) {
            Some(Val::Num(v)) => Some(v),
            _ => None,
        };
        let value = f.number(p, col);
        let parts = self.what_is_wrong(p, missing, twice, outside, siblings);
        let agrees = matches!((expected, value), (Some(x), Some(v)) if same(x, v));
        let shown = |v: Option<Decimal>| {
            v.map(|v| f.shown(p, col, v))
                .unwrap_or_else(|| "?".to_string())
        };
        let percent = f.percent(p, col);
        let points = |v: Decimal| if percent { v * Decimal::ONE_HUNDRED } else { v };
        let mut inputs: Vec<_> = corrected.iter().map(|r| f.at(*r, col)).collect();
        inputs.extend(missing.iter().map(|r| f.at(*r, col)));
        let mut finding = Finding::new(
            Code::SumRange,
            f.at(p, col),
            msg!(
                "formula.sum",
                formula = format!("={}", e.a1()),
                parts = crate::i18n::Arg::Join(parts, "; "),
                expected = format!("={text}"),
                expected_value = shown(expected),
                value = shown(value)
            ),
        )
        .figures(
            value.map(|v| points(v).normalize()),
            expected.map(|v| super::tidy(points(v))),
        )
        .inputs(inputs)
        .help(msg!("formula.sum-help", expected = format!("={text}")))
        .fix(expected.map(|v| super::tidy(points(v))))
        .relation(Some(Relation::Formula(text)));
        if agrees || expected.is_none() {
            finding = finding.severity(Severity::Warning);
        }
        Some(finding)
    }
}

/// A total's height: 1 + its highest child total's (None on a circle);
/// `height` by the totals' places in `claims`, `usize::MAX` until measured.
fn measure(
    r: u32,
    claims: &ByRow<Vec<u32>>,
    height: &mut [usize],
    path: &mut Vec<u32>,
) -> Option<usize> {
    let Some(i) = claims.slot(r) else {
        return Some(0);
    };
    if height[i] != usize::MAX {
        return Some(height[i]);
    }
    let kids = &claims.values[i];
    if path.contains(&r) {
        return None;
    }
    path.push(r);
    let mut h = 1;
    for k in kids {
        h = h.max(measure(*k, claims, height, path)? + 1);
    }
    path.pop();
    height[i] = h;
    Some(h)
}

/// Values of a column's totals by row, each found through a slot per row:
/// the walks ask them of rows many times, where a map's search costs more.
struct ByRow<V> {
    rows: Vec<u32>,
    values: Vec<V>,
    /// By row, one more than its place in `rows` (0 for a row without one).
    slots: Vec<u32>,
}

impl<V> ByRow<V> {
    /// From (row, value), by row, each row once.
    fn new(pairs: Vec<(u32, V)>) -> Self {
        let last = pairs.last().map_or(0, |(r, _)| *r as usize + 1);
        let mut slots = vec![0u32; last];
        let (mut rows, mut values) = (Vec::with_capacity(pairs.len()), Vec::new());
        for (i, (r, v)) in pairs.into_iter().enumerate() {
            slots[r as usize] = i as u32 + 1;
            rows.push(r);
            values.push(v);
        }
        ByRow {
            rows,
            values,
            slots,
        }
    }

    fn slot(&self, r: u32) -> Option<usize> {
        let s = *self.slots.get(r as usize)?;
        s.checked_sub(1).map(|s| s as usize)
    }

    fn get(&self, r: &u32) -> Option<&V> {
        self.slot(*r).map(|i| &self.values[i])
    }

    fn get_mut(&mut self, r: &u32) -> Option<&mut V> {
        self.slot(*r).map(|i| &mut self.values[i])
    }

    fn contains_key(&self, r: &u32) -> bool {
        self.slot(*r).is_some()
    }

    fn keys(&self) -> std::slice::Iter<'_, u32> {
        self.rows.iter()
    }

    fn iter(&self) -> impl Iterator<Item = (&u32, &V)> + Clone {
        self.rows.iter().zip(&self.values)
    }

    fn len(&self) -> usize {
        self.rows.len()
    }

    fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

impl<V> std::ops::Index<&u32> for ByRow<V> {
    type Output = V;
    fn index(&self, r: &u32) -> &V {
        self.get(r).expect("a total of the column")
    }
}

/// The most rows a total's range may add and still be read as a block.
const MAX_BLOCK_ROWS: u32 = 4096;

/// The rows of column `col` that `e` adds ([`Expr::each_added`]).
pub(super) fn additive_rows(e: &Expr, col: u32, out: &mut Vec<u32>) {
    let own = |r: &Ref| r.sheet.is_none() && r.col == col;
    e.each_added(&mut |node| match node {
        Expr::Ref(r) if own(r) => out.push(r.row),
        Expr::Range(c) if c.len() == 2 && c.iter().all(own) => {
            let (a, b) = (c[0].row.min(c[1].row), c[0].row.max(c[1].row));
            // A running total (`SUM($G$5:G9)`, one corner fixed) adds what the
            // totals above it added: no block of its own. Nor is a range over a
            // whole sheet's worth of rows (and a column of either would claim
            // rows by the billion).
            if c[0].abs_row == c[1].abs_row && b - a <= MAX_BLOCK_ROWS {
                out.extend(a..=b);
            }
        }
        _ => {}
    });
}

/// A plain total: a SUM of the column's cells and ranges, or cells of the
/// column joined by `+`.
fn plain_total(e: &Expr, col: u32) -> bool {
    let own = |r: &Ref| r.sheet.is_none() && r.col == col;
    fn plus_chain(e: &Expr, own: &dyn Fn(&Ref) -> bool) -> bool {
        match e {
            Expr::Ref(r) => own(r),
            Expr::Bin(Op::Add, a, b) => plus_chain(a, own) && plus_chain(b, own),
            _ => false,
        }
    }
    match e {
        Expr::Func(name, args) if name == "SUM" => args.iter().all(|a| match a {
            Expr::Range(c) => c.len() == 2 && c.iter().all(own),
            other => plus_chain(other, &own),
        }),
        other => plus_chain(other, &own) && matches!(other, Expr::Bin(..)),
    }
}

/// The total written over `rows`: one range where they are every figure of a
/// run of the column and the formula was one range; `+` terms where it was a
/// `+` chain; else a SUM of the runs.
fn corrected_formula(e: &Expr, col: u32, rows: &[u32], filled: impl Fn(u32) -> bool) -> String {
    let cell = |r: u32| crate::ooxml::a1::a1(r, col);
    let (first, last) = (rows[0], rows[rows.len() - 1]);
    let one_range = matches!(e, Expr::Func(n, a) if n == "SUM" && a.len() == 1 && matches!(a[0], Expr::Range(_)));
    let every = (first..=last).all(|r| !filled(r) || rows.binary_search(&r).is_ok());
    if one_range && every {
        return format!("SUM({}:{})", cell(first), cell(last));
    }
    if matches!(e, Expr::Bin(..)) {
        return rows.iter().map(|r| cell(*r)).collect::<Vec<_>>().join("+");
    }
    format!("SUM({})", rows_text(col, rows).replace(", ", ","))
}
