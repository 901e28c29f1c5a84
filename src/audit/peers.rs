//! `formula-shape` and `typed-over-formula`: a cell that breaks the formula its
//! column was filled with.
//!
//! | row | Realisasi | Anggaran | %          |
//! |-----|-----------|----------|------------|
//! | 10  | 3.076.751 | 22.696.700 | =K10/J10 |
//! | 11  | 1.200.000 |  2.000.000 | =K11/J10 |  <- formula-shape: its peers read =K11/J11
//! | 12  | 5.000.000 | 10.000.000 | 0,5      |  <- typed-over-formula: its peers compute =K12/J12
//! | 13  |   900.000 |  1.000.000 | =K13/J13 |
//!
//! The peers are the formulas just above and just below the cell in its column,
//! one formula copied (the same tree, each relative reference at the same offset
//! from its cell) and each reading only its own row (or fixed cells): at least one
//! on each side and three in all. A formula differs from them when it has their
//! tree but reads other cells (a reference moved a row or a column); a formula of
//! another tree (an IF over another answer, a total) is another kind of row and
//! is left alone. At either end of a run (the column's last row, the row under
//! its total) four copies on the one side will do, where the row's other
//! columns carry their own copies on through the cell's row: it is a row of the
//! run, not another kind of row.

use rust_decimal::Decimal;

use super::eval::Val;
use super::expr::{same_skeleton, Expr};
use super::{same, SheetFormulas};
use crate::finding::{Code, Finding, Relation, Severity};
use crate::i18n::Msg;
use crate::msg;
use crate::workbook::Raw;

/// One non-empty cell of a column, as the audit sees it.
enum Item<'e> {
    Formula {
        row: u32,
        parsed: &'e super::Parsed,
        local: bool,
        /// Its shape's hash: copies hash alike.
        shape: u64,
    },
    Typed {
        row: u32,
    },
    /// Text, an error: a row of another kind.
    Other,
}

/// Fewest peers (above and below together) that make a column's formula.
const PEERS: usize = 3;

pub fn check(f: &SheetFormulas) -> Vec<Finding> {
    use rayon::prelude::*;
    // Each column's peers are its own: the columns side by side, their
    // findings then in column order.
    let columns: Vec<(&u32, &Vec<u32>)> = f.columns.iter().collect();
    let found: Vec<Vec<Finding>> = columns
        .par_iter()
        .with_max_len(1)
        .map(|(&col, rows)| {
            let mut out = Vec::new();
            let (Some(&first), Some(&last)) = (rows.first(), rows.last()) else {
                return out;
            };
            if rows.len() < PEERS {
                return out;
            }
            let items = column_items(f, col, first, last);
            let runs = Runs::of(&items);
            for i in 0..items.len() {
                if let Some(finding) = judge(f, col, &items, &runs, i) {
                    out.push(finding);
                }
            }
            out.extend(typed_past(f, col, &items, &runs));
            out
        })
        .collect();
    found.into_iter().flatten().collect()
}

/// For each item, the length of the run of one copied local formula that ends
/// at it (`up`) and that starts at it (`down`): 0 for another item. Counted in
/// one pass each way, so a column of 100 000 copies costs 100 000 comparisons.
struct Runs {
    up: Vec<usize>,
    down: Vec<usize>,
}

impl Runs {
    fn of(items: &[Item]) -> Runs {
        let n = items.len();
        let local = |i: usize| match &items[i] {
            Item::Formula {
                local: true, shape, ..
            } => Some(*shape),
            _ => None,
        };
        // Whether item i is a copy of item i - 1.
        let copies: Vec<bool> = (0..n)
            .map(|i| i > 0 && local(i).is_some() && local(i - 1) == local(i))
            .collect();
        let mut up = vec![0; n];
        for i in 0..n {
            if local(i).is_some() {
                up[i] = if copies[i] { up[i - 1] + 1 } else { 1 };
            }
        }
        let mut down = vec![0; n];
        for i in (0..n).rev() {
            if local(i).is_some() {
                down[i] = if i + 1 < n && copies[i + 1] {
                    down[i + 1] + 1
                } else {
                    1
                };
            }
        }
        Runs { up, down }
    }
}

fn column_items<'e>(f: &'e SheetFormulas, col: u32, first: u32, last: u32) -> Vec<Item<'e>> {
    let mut items = Vec::new();
    for row in first..=last {
        if let Some(p) = f.formulas.get(&(row, col)) {
            items.push(Item::Formula {
                row,
                parsed: p,
                local: p.local,
                shape: p.shape,
            });
            continue;
        }
        match f.sheet.raw(row, col) {
            Raw::Empty => {}
            Raw::Number { .. } => items.push(Item::Typed { row }),
            Raw::Text(t) if is_dash(t) => {}
            _ => items.push(Item::Other),
        }
    }
    items
}

/// A dash or similar typed for "nothing" (`-`, `–`).
fn is_dash(t: &str) -> bool {
    let t = t.trim();
    !t.is_empty() && t.chars().all(|c| matches!(c, '-' | '–' | '—' | '.'))
}

fn judge(f: &SheetFormulas, col: u32, items: &[Item], runs: &Runs, i: usize) -> Option<Finding> {
    let (row, expr) = match &items[i] {
        Item::Formula { row, parsed, .. } => (*row, Some(*parsed)),
        Item::Typed { row } => (*row, None),
        Item::Other => return None,
    };
    // Inside a run of copies (a copy of the cell above or below it): not odd.
    if runs.up[i] > 1 || runs.down[i] > 1 {
        return None;
    }
    let above = if i > 0 { runs.up[i - 1] } else { 0 };
    let below = items.get(i + 1).map_or(0, |_| runs.down[i + 1]);
    let own_shape = match &items[i] {
        Item::Formula { shape, .. } => Some(*shape),
        _ => None,
    };
    // Its peers' tree reading other cells; never a total over rows.
    // (Copies share one skeleton: it is told from their first's tree.)
    let breaks = |peer: &super::Parsed, peer_shape: u64| match expr {
        Some(e) => {
            own_shape != Some(peer_shape)
                && same_skeleton(f.formulas.tree(e), f.formulas.tree(peer))
                && !f.formulas.spans_rows(e)
        }
        None => true,
    };
    // The cell's formula and a peer's, each at its cell, for a finding.
    let found = |peer_row: u32, peer: &super::Parsed, n: usize| {
        let own = expr.map(|e| f.formulas.expr(e));
        odd(
            f,
            (row, col),
            own.as_deref(),
            (peer_row, &f.formulas.expr(peer)),
            n,
        )
    };
    if above > 0 && below > 0 {
        if above + below < PEERS {
            return None;
        }
        let (
            Item::Formula {
                row: above_row,
                parsed: peer,
                shape: peer_shape,
                ..
            },
            Item::Formula {
                shape: below_shape, ..
            },
        ) = (&items[i - 1], &items[i + 1])
        else {
            return None;
        };
        if peer_shape != below_shape || !breaks(peer, *peer_shape) {
            return None;
        }
        return found(*above_row, peer, above + below);
    }
    // At one end of a run (the column's last row, or beside its total): the
    // run on its one side, long enough, right beside it, and the row's other
    // columns carrying their copies on through it.
    let (side, copies) = if above >= EDGE_PEERS {
        (i - 1, above)
    } else if below >= EDGE_PEERS {
        (i + 1, below)
    } else {
        return None;
    };
    let Item::Formula {
        row: peer_row,
        parsed: peer,
        shape: peer_shape,
        ..
    } = &items[side]
    else {
        return None;
    };
    if peer_row.abs_diff(row) != 1 || !breaks(peer, *peer_shape) || !carried(f, col, *peer_row, row)
    {
        return None;
    }
    found(*peer_row, peer, copies)
}

/// Fewest copies, all on one side, that make a column's formula for a cell at
/// one end of their run.
const EDGE_PEERS: usize = 4;

/// Whether another column's copies go on from `peer_row` through `row`: the
/// row is one of the run's rows, not another kind of row (a typed total, the
/// numbering row, whose other columns stop there too).
fn carried(f: &SheetFormulas, col: u32, peer_row: u32, row: u32) -> bool {
    f.columns.keys().filter(|&&c| c != col).any(|&c| {
        let (Some(a), Some(b)) = (f.formulas.get(&(peer_row, c)), f.formulas.get(&(row, c))) else {
            return false;
        };
        a.local && b.local && a.shape == b.shape
    })
}

/// A figure typed in the row just below a column's last formula (or just
/// above its first), where at least [`EDGE_PEERS`] copies run up to it and the
/// row's other columns carry their copies on through it: a row of the run,
/// its formula typed over (the last rekening of a list, typed).
fn typed_past(f: &SheetFormulas, col: u32, items: &[Item], runs: &Runs) -> Vec<Finding> {
    let n = items.len();
    let mut out = Vec::new();
    let ends = [
        (n.checked_sub(1).filter(|&i| runs.up[i] >= EDGE_PEERS), 1i64),
        (
            Some(0).filter(|_| n > 0 && runs.down[0] >= EDGE_PEERS),
            -1i64,
        ),
    ];
    for (end, step) in ends {
        let Some(i) = end else { continue };
        let Item::Formula {
            row: end_row,
            parsed: peer,
            ..
        } = &items[i]
        else {
            continue;
        };
        let Some(row) = u32::try_from(i64::from(*end_row) + step).ok() else {
            continue;
        };
        if !matches!(f.sheet.raw(row, col), Raw::Number { .. })
            || f.formulas.get(&(row, col)).is_some()
            || !carried(f, col, *end_row, row)
        {
            continue;
        }
        let copies = if step > 0 { runs.up[i] } else { runs.down[i] };
        let peer = f.formulas.expr(peer);
        if let Some(found) = odd(f, (row, col), None, (*end_row, &peer), copies) {
            out.push(found);
        }
    }
    out
}

/// The finding at `(row, col)`, a formula `expr` or a typed figure (`None`)
/// where `n` peers, the one at `peer_row` among them, compute `peer`.
fn odd(
    f: &SheetFormulas,
    (row, col): (u32, u32),
    expr: Option<&Expr>,
    (above_row, peer): (u32, &Expr),
    n: usize,
) -> Option<Finding> {
    let text = peer.a1_at((above_row, col), (row, col))?;
    if expr.is_none() && (reads_empty(f, &text) || subtotal(f, row, col)) {
        return None;
    }
    let c = Correction::new(f, row, col, text);
    let peers_text = format!("={}", peer.a1());
    let at_peer = f.at(above_row, col).a1();
    let (code, key) = match (expr, c.agrees()) {
        (Some(_), false) => (Code::FormulaShape, "formula.shape"),
        (Some(_), true) => (Code::FormulaShape, "formula.shape-same"),
        (None, false) => (Code::TypedOverFormula, "formula.typed"),
        (None, true) => (Code::TypedOverFormula, "formula.typed-same"),
    };
    let mut message = crate::i18n::Msg::new(key);
    if let Some(e) = expr {
        message = message.arg("formula", format!("={}", e.a1()));
    }
    let message = message
        .arg("n", n)
        .arg("peers", peers_text)
        .arg("peer_cell", at_peer)
        .arg("expected", format!("={}", c.text))
        .arg("value", c.shown_stored(f))
        .arg("expected_value", c.shown_expected(f));
    let help = msg!("formula.peers-help", expected = format!("={}", c.text));
    Some(c.finding(f, code, message, help))
}

/// Whether a formula (A1 text) reads an empty cell of its sheet: the column's
/// formula at a row whose figures are left blank (a Jumlah row that states its
/// total and leaves the quarters empty) is no correction for the figure typed
/// there.
pub(super) fn reads_empty(f: &SheetFormulas, text: &str) -> bool {
    !super::expr::parse(text)
        .all_refs(&mut |r| r.sheet.is_some() || !matches!(f.value(None, r.row, r.col), Val::Empty))
}

/// The most rows a typed subtotal is looked for over.
const SUBTOTAL_ROWS: usize = 2000;

/// Whether the figure typed at (row, col) adds up the figures right above it
/// or right below it in its column (two or more, up to a gap or a word): a
/// subtotal of the run, typed, not one of its rows.
fn subtotal(f: &SheetFormulas, row: u32, col: u32) -> bool {
    let Some(v) = f.number(row, col) else {
        return false;
    };
    // A sum that `same` takes for the figure is within about a trillionth of
    // the figure (or of 1) of it: one twice that far off is not, and most
    // sums are told apart so, without working out `same`'s tolerance.
    let near = v.abs().max(Decimal::ONE) * Decimal::new(2, 12);
    let adds_up = |rows: &mut dyn Iterator<Item = u32>| {
        let mut sum = Decimal::ZERO;
        for (k, r) in rows.take(SUBTOTAL_ROWS).enumerate() {
            let Some(x) = f.number(r, col) else {
                return false;
            };
            sum += x;
            if k >= 1 && (sum - v).abs() <= near && same(sum, v) {
                return true;
            }
        }
        false
    };
    adds_up(&mut (0..row).rev()) || adds_up(&mut (row + 1..=f.sheet.end().map_or(row, |(r, _)| r)))
}

/// A formula's correction at a cell, as its peers would read there: what it
/// gives, and what the cell holds.
pub(super) struct Correction {
    row: u32,
    col: u32,
    /// The corrected formula (without `=`).
    pub(super) text: String,
    expected: Option<Decimal>,
    stored: Option<Decimal>,
}

impl Correction {
    pub(super) fn new(f: &SheetFormulas, row: u32, col: u32, text: String) -> Correction {
        let expected = match f.compute(&super::expr::parse(&text)) {
            Some(Val::Num(v)) => Some(v),
            _ => None,
        };
        Correction {
            row,
            col,
            text,
            expected,
            stored: f.number(row, col),
        }
    }

    /// Whether the correction gives the figure the cell shows today.
    pub(super) fn agrees(&self) -> bool {
        match (self.expected, self.stored) {
            (Some(e), Some(s)) => same(e, s) || e.round_dp(s.scale()) == s,
            _ => false,
        }
    }

    fn shown(&self, f: &SheetFormulas, v: Option<Decimal>) -> String {
        v.map(|v| f.shown(self.row, self.col, v))
            .unwrap_or_else(|| "?".to_string())
    }

    pub(super) fn shown_stored(&self, f: &SheetFormulas) -> String {
        self.shown(f, self.stored)
    }

    pub(super) fn shown_expected(&self, f: &SheetFormulas) -> String {
        self.shown(f, self.expected)
    }

    /// The finding with the correction's figures, fix and formula: a warning
    /// where it gives today's figure or cannot be computed.
    pub(super) fn finding(self, f: &SheetFormulas, code: Code, message: Msg, help: Msg) -> Finding {
        let percent = f.percent(self.row, self.col);
        let points = |v: Decimal| if percent { v * Decimal::ONE_HUNDRED } else { v };
        let warn = self.agrees() || self.expected.is_none();
        let finding = Finding::new(code, f.at(self.row, self.col), message)
            .figures(
                self.stored.map(|v| points(v).normalize()),
                self.expected.map(|v| super::tidy(points(v))),
            )
            .help(help)
            .fix(self.expected.map(|v| super::tidy(points(v))))
            .relation(Some(Relation::Formula(self.text)));
        if warn {
            finding.severity(Severity::Warning)
        } else {
            finding
        }
    }
}

/// Whether a formula reads a range over several rows (a total, not a row's figure).
pub(super) fn spans_rows(e: &Expr) -> bool {
    let mut found = false;
    e.walk(&mut |n| {
        if let Expr::Range(c) = n {
            found |= c.iter().any(|r| r.row != c[0].row);
        }
    });
    found
}
