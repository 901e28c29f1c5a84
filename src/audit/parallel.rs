//! `formula-shape` across a row: a form's quarters repeat one relation every few
//! columns (each triwulan's % its Rp over the pagu). A formula of that
//! progression that reads other cells than its peers breaks it, even when it
//! was copied down its whole column, where the column's own peers
//! ([`super::peers`]) agree with it and cannot see it.
//!
//! | Pagu | TW I Rp | %           | TW II Rp | %           | TW III Rp | %           | TW IV Rp | %           |
//! |------|---------|-------------|----------|-------------|-----------|-------------|----------|-------------|
//! | C5   | D5      | =D5/$C5*100 | F5       | =F5/$C5*100 | H5        | =H5/$C5*100 | J5       | =H5/$C5*100 |  <- TW IV reads TW III's Rp
//!
//! The peers are the formulas of the row at a fixed stride from the cell, with
//! its tree, on either side: at least three, all one formula copied (the same
//! tree, each relative reference at the same offset from its cell). Formulas
//! typed one by one are peers too where each reference either moves with its
//! cell in all of them or reads one same cell in all of them (`=X4/S4*100`,
//! `=AB4/S4*100`, `=AJ4/S4*100`: each quarter's total over the one pagu, the
//! `$` left out): a cell of theirs reading another pagu breaks that. A run of
//! such cells down a column is one finding, at its first, naming the last.

use super::expr::{same_skeleton, Expr};
use super::peers::Correction;
use super::{Formulas, Parsed, SheetFormulas};
use crate::finding::{Code, Finding, Severity};
use crate::msg;

/// Fewest peers, all alike, that make a row's relation.
const PEERS: usize = 3;

/// The widest stride looked at (a quarter's K, Rp, % and a note: four columns).
const MAX_STRIDE: u32 = 6;

/// One cell that breaks its row's progression.
struct Odd {
    row: u32,
    col: u32,
    /// A peer: its cell and tree.
    peer: (u32, u32),
    shape: u64,
    peer_shape: u64,
    peers: usize,
    /// The formula the peers' pattern writes here, where they are no copies
    /// of one formula (each reference moving with its cell or fixed on one).
    pattern: Option<String>,
}

pub fn check(f: &SheetFormulas) -> Vec<Finding> {
    let mut odd: Vec<Odd> = Vec::new();
    // The formulas are kept row by row: each row's, left to right.
    for row in f.formulas.cells().chunk_by(|a, b| a.0 .0 == b.0 .0) {
        if row.len() <= PEERS {
            continue;
        }
        let cells: Vec<(u32, &Parsed)> = row.iter().map(|((_, c), p)| (*c, p)).collect();
        for &(col, p) in &cells {
            if let Some(o) = breaks(f, row[0].0 .0, col, p, &cells) {
                odd.push(o);
            }
        }
    }
    // Down each column, a run of cells breaking the same way: said once.
    odd.sort_by_key(|o| (o.col, o.row));
    let mut out = Vec::new();
    let mut i = 0;
    while i < odd.len() {
        let mut j = i;
        while j + 1 < odd.len() && continues(f, &odd[j], &odd[j + 1]) {
            j += 1;
        }
        if let Some(found) = finding(f, &odd[i], &odd[j], j - i + 1) {
            out.push(found);
        }
        i = j + 1;
    }
    out
}

/// Whether `b` is the next formula down `a`'s column and breaks it alike.
fn continues(f: &SheetFormulas, a: &Odd, b: &Odd) -> bool {
    if a.col != b.col || a.shape != b.shape || a.peer_shape != b.peer_shape {
        return false;
    }
    let rows = &f.columns[&a.col];
    let k = rows.partition_point(|r| *r <= a.row);
    rows.get(k) == Some(&b.row)
}

/// The cell's row progression, where it breaks one: at some stride, the
/// formulas of the row with its tree on either side, all alike but for it.
fn breaks(
    f: &SheetFormulas,
    row: u32,
    col: u32,
    p: &Parsed,
    cells: &[(u32, &Parsed)],
) -> Option<Odd> {
    if f.formulas.spans_rows(p) {
        return None;
    }
    let at = |c: u32| {
        cells
            .binary_search_by_key(&c, |(x, _)| *x)
            .ok()
            .map(|i| cells[i].1)
            .filter(|q| {
                same_skeleton(f.formulas.tree(q), f.formulas.tree(p)) && !f.formulas.spans_rows(q)
            })
    };
    for stride in 1..=MAX_STRIDE {
        let mut peers: Vec<(u32, &Parsed)> = Vec::new();
        let mut c = col;
        while let Some(left) = c.checked_sub(stride).and_then(|x| at(x).map(|q| (x, q))) {
            peers.push(left);
            c = left.0;
        }
        let mut c = col;
        while let Some(right) = c.checked_add(stride).and_then(|x| at(x).map(|q| (x, q))) {
            peers.push(right);
            c = right.0;
        }
        let Some(&(pc, first)) = peers.first() else {
            continue;
        };
        if peers.len() < PEERS || first.shape == p.shape {
            continue;
        }
        // Peers that only add rows of their own column (=W12+W15, a program
        // over its kegiatan) relate no cells across the row: each column's
        // tree does, and the tree's checks read it. A cell computed along the
        // row beside them (the form's 15 = 7 + 13) breaks no progression.
        let down_own_column = f
            .formulas
            .expr(first)
            .all_refs(&mut |r| r.sheet.is_none() && r.col == pc && r.row != row);
        if down_own_column {
            continue;
        }
        let copies = peers.iter().all(|(_, q)| q.shape == first.shape);
        let pattern = if copies {
            None
        } else {
            match pattern(row, col, &f.formulas.expr(p), &peers, &f.formulas) {
                Some(text) => Some(text),
                None => continue,
            }
        };
        // The peers' formula here must read cells that hold something: one
        // that would read an empty cell is no correction (a numbering row
        // `=F1+1` that steps over the empty column G on purpose).
        let text = match &pattern {
            Some(t) => t.clone(),
            None => f.formulas.expr(first).a1_at((row, pc), (row, col))?,
        };
        if super::peers::reads_empty(f, &text) {
            return None;
        }
        return Some(Odd {
            row,
            col,
            peer: (row, pc),
            shape: p.shape,
            peer_shape: first.shape,
            peers: peers.len(),
            pattern,
        });
    }
    None
}

fn finding(f: &SheetFormulas, first: &Odd, last: &Odd, n: usize) -> Option<Finding> {
    let (row, col) = (first.row, first.col);
    let own = f.formulas.expr(f.formulas.get(&(row, col))?);
    let peer = f.formulas.expr(f.formulas.get(&first.peer)?);
    let text = match &first.pattern {
        Some(t) => t.clone(),
        None => peer.a1_at(first.peer, (row, col))?,
    };
    let c = Correction::new(f, row, col, text);
    // (Reading other cells that hold the same figure today: the same result.)
    let key = match (n == 1, c.agrees()) {
        (true, false) => "formula.row-shape",
        (true, true) => "formula.row-shape-same",
        (false, false) => "formula.row-shape-run",
        (false, true) => "formula.row-shape-run-same",
    };
    let message = crate::i18n::Msg::new(key)
        .arg("formula", format!("={}", own.a1()))
        .arg("n", first.peers)
        .arg("peers", format!("={}", peer.a1()))
        .arg("peer_cell", f.at(first.peer.0, first.peer.1).a1())
        .arg("expected", format!("={}", c.text))
        .arg("value", c.shown_stored(f))
        .arg("expected_value", c.shown_expected(f))
        .arg("last", f.at(last.row, last.col).a1())
        .arg("copies", n - 1);
    let help = msg!("formula.row-shape-help", expected = format!("={}", c.text));
    let found = c.finding(f, Code::FormulaShape, message, help);
    // Formulas typed one by one: another fixed cell in one of them may be meant
    // (a TW IV over the Pagu Perubahan): a warning, to be looked at.
    Some(match first.pattern {
        Some(_) => found.severity(Severity::Warning),
        None => found,
    })
}

/// Where the peers are no copies of one formula: the formula their pattern
/// writes at (row, col), each reference moving with its cell where it does so
/// in every peer, else the one cell every peer reads. None where a reference
/// does neither, reads another sheet, or the cell already follows the pattern.
fn pattern(
    row: u32,
    col: u32,
    own: &Expr,
    peers: &[(u32, &Parsed)],
    formulas: &Formulas,
) -> Option<String> {
    let own_refs = own.refs();
    if own_refs.iter().any(|r| r.sheet.is_some()) {
        return None;
    }
    let mut want: Vec<(u32, u32)> = Vec::with_capacity(own_refs.len());
    let mut fixed = 0;
    for k in 0..own_refs.len() {
        let mut offsets = Vec::new();
        let mut cells = Vec::new();
        for (pc, q) in peers {
            let q = formulas.expr(q);
            let refs = q.refs();
            let r = *refs.get(k)?;
            if r.sheet.is_some() {
                return None;
            }
            offsets.push((
                i64::from(r.row) - i64::from(row),
                i64::from(r.col) - i64::from(*pc),
            ));
            cells.push((r.row, r.col));
        }
        if offsets.iter().all(|o| *o == offsets[0]) {
            let (dr, dc) = offsets[0];
            let r = u32::try_from(i64::from(row) + dr).ok()?;
            let c = u32::try_from(i64::from(col) + dc).ok()?;
            want.push((r, c));
        } else if cells.iter().all(|x| *x == cells[0]) {
            want.push(cells[0]);
            fixed += 1;
        } else {
            return None;
        }
    }
    let has: Vec<(u32, u32)> = own_refs.iter().map(|r| (r.row, r.col)).collect();
    if fixed == 0 || has == want {
        return None;
    }
    let mut e = own.clone();
    let mut next = want.into_iter();
    set_refs(&mut e, &mut next);
    Some(e.a1())
}

/// Writes `cells`, in order, over the tree's references (the corners of its
/// ranges included), their `$` kept.
fn set_refs(e: &mut Expr, cells: &mut impl Iterator<Item = (u32, u32)>) {
    match e {
        Expr::Ref(r) => {
            if let Some((row, col)) = cells.next() {
                (r.row, r.col) = (row, col);
            }
        }
        Expr::Range(corners) => {
            for r in corners {
                if let Some((row, col)) = cells.next() {
                    (r.row, r.col) = (row, col);
                }
            }
        }
        Expr::Func(_, args) => args.iter_mut().for_each(|a| set_refs(a, cells)),
        Expr::Neg(x) | Expr::Percent(x) => set_refs(x, cells),
        Expr::Bin(_, a, b) => {
            set_refs(a, cells);
            set_refs(b, cells);
        }
        _ => {}
    }
}
