//! `adds-numbering`: a total that adds a number which only numbers the table:
//! a column number of the form's numbering row under the header (`1 2 3 4 5`,
//! typed as numbers), a year of the header, or a row's own number in the `No`
//! column. SUM passes over words but not over numbers, so the total is that
//! much too large, and nothing on the printed page shows why.
//!
//! | No | Program/Kegiatan | Anggaran (Rp)              |
//! |----|------------------|----------------------------|
//! | 1  | 2                | 3                          |  <- the numbering row, numbers
//! | 1  | Program A        | 1.000.000                  |
//! | 2  | Program B        | 2.000.000                  |
//! |    | JUMLAH           | =SUM(C3:C5): 3.000.003     |  <- adds C3, the column's number
//!
//! The correction starts the range below the header (or right of the `No`
//! column) where the numbers sit at its edge; a number inside a range (a header
//! repeated on a new page) or added on its own has no single correction.

use super::expr::{Expr, Ref};
use super::SheetFormulas;
use crate::finding::{Code, Finding, Relation};
use crate::msg;
use crate::table::Table;
use crate::workbook::Raw;

/// The most cells of a range looked through for numbers.
const MAX_CELLS: u64 = 100_000;

pub fn check(f: &SheetFormulas, tables: &[Table]) -> Vec<Finding> {
    let mut out = Vec::new();
    for t in tables.iter().filter(|t| t.sheet == f.sheet.name) {
        let l = &t.located;
        // The header's rows and those between it and the body (a numbering row).
        let mut header: Vec<u32> = (l.header_top..l.body_start.max(l.header_bottom + 1)).collect();
        header.extend(l.repeated_headers.iter().copied());
        let numbers: Vec<u32> = (l.left..=l.right)
            .filter(|&c| header.iter().any(|&r| is_no(&f.sheet.merged_text(r, c))))
            .filter(|&c| {
                rising(
                    f,
                    (l.body_start..=l.body_end)
                        .filter(|r| !header.contains(r))
                        .map(|r| (r, c)),
                )
            })
            .collect();
        // Of the header's rows, those whose numbers number it: rising across the
        // row (1 2 3 … or the years), not a first row of figures the table's
        // reading took for a numbering row.
        let numbered: Vec<u32> = header
            .iter()
            .copied()
            .filter(|&r| rising(f, (l.left..=l.right).map(|c| (r, c))))
            .collect();
        let marks = Marks {
            f,
            header: &header,
            numbered: &numbered,
            numbers: &numbers,
            body: (l.body_start, l.body_end),
        };
        for (&(row, col), parsed) in f.formulas.iter() {
            if row < l.body_start || row > l.body_end || col < l.left || col > l.right {
                continue;
            }
            if numbers.contains(&col) {
                continue;
            }
            // (A formula that adds nothing adds no number.)
            if !parsed.holds.adds {
                continue;
            }
            if let Some(found) = marks.judge(row, col, &f.formulas.expr(parsed)) {
                out.push(found);
            }
        }
    }
    out
}

/// A header cell that names the numbering column: `No`, `No.`, `Nomor`,
/// `No. Urut`.
fn is_no(text: &str) -> bool {
    let t: String = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    matches!(t.as_str(), "no" | "nomor" | "nourut" | "nomorurut")
}

/// Whether the whole numbers of these cells (at least two, and no other
/// number among them) rise strictly, as column numbers, years or row numbers do.
fn rising(f: &SheetFormulas, cells: impl Iterator<Item = (u32, u32)>) -> bool {
    let mut seen: Vec<rust_decimal::Decimal> = Vec::new();
    for (r, c) in cells {
        if let Raw::Number { value, .. } = f.sheet.raw(r, c) {
            if !value.fract().is_zero() || seen.last().is_some_and(|p| *p >= value) {
                return false;
            }
            seen.push(value);
        }
    }
    seen.len() >= 2
}

struct Marks<'m, 'a> {
    f: &'m SheetFormulas<'a>,
    header: &'m [u32],
    /// The header's rows whose numbers number the table ([`rising`]).
    numbered: &'m [u32],
    numbers: &'m [u32],
    body: (u32, u32),
}

impl Marks<'_, '_> {
    /// The numbering cells holding numbers in the box (r0..=r1, c0..=c1).
    fn inside(&self, (r0, r1): (u32, u32), (c0, c1): (u32, u32)) -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        if u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) > MAX_CELLS {
            return out;
        }
        let number = |r: u32, c: u32| matches!(self.f.sheet.raw(r, c), Raw::Number { .. });
        for &r in self.numbered.iter().filter(|r| (r0..=r1).contains(*r)) {
            out.extend((c0..=c1).filter(|&c| number(r, c)).map(|c| (r, c)));
        }
        for &c in self.numbers.iter().filter(|c| (c0..=c1).contains(*c)) {
            let (a, b) = (r0.max(self.body.0), r1.min(self.body.1));
            out.extend(
                (a..=b)
                    .filter(|r| !self.header.contains(r) && number(*r, c))
                    .map(|r| (r, c)),
            );
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    fn judge(&self, row: u32, col: u32, e: &Expr) -> Option<Finding> {
        let own = |r: &Ref| r.sheet.is_none();
        let mut marks: Vec<(u32, u32)> = Vec::new();
        // Whether it adds a figure besides: a total, not a formula that reads
        // the row's number (`=IF(C5>0,A5,"")`, `=A5+1`).
        let mut figures = false;
        e.each_added(&mut |node| match node {
            Expr::Ref(r) if own(r) => {
                let found = self.inside((r.row, r.row), (r.col, r.col));
                figures |= found.is_empty();
                marks.extend(found);
            }
            Expr::Range(c) if c.len() == 2 && c.iter().all(own) => {
                let rows = (c[0].row.min(c[1].row), c[0].row.max(c[1].row));
                let cols = (c[0].col.min(c[1].col), c[0].col.max(c[1].col));
                let found = self.inside(rows, cols);
                let cells = u64::from(rows.1 - rows.0 + 1) * u64::from(cols.1 - cols.0 + 1);
                figures |= (found.len() as u64) < cells;
                marks.extend(found);
            }
            _ => figures = true,
        });
        marks.sort_unstable();
        marks.dedup();
        let f = self.f;
        // Numbers that add nothing (a 0) change no total.
        if marks.is_empty()
            || !figures
            || marks
                .iter()
                .all(|&(r, c)| f.number(r, c).is_none_or(|v| v.is_zero()))
        {
            return None;
        }
        let corrected = self.corrected(e, &marks);
        let expected = corrected.as_ref().and_then(|c| match f.compute(c) {
            Some(super::eval::Val::Num(v)) => Some(v),
            _ => None,
        });
        let value = f.number(row, col);
        let cells: Vec<String> = marks
            .iter()
            .map(|&(r, c)| {
                let v = f.number(r, c).unwrap_or_default();
                format!("{} ({})", crate::ooxml::a1::a1(r, c), f.shown(r, c, v))
            })
            .collect();
        let formula = format!("={}", e.a1());
        let mut finding = Finding::new(
            Code::AddsNumbering,
            f.at(row, col),
            msg!(
                "formula.numbering",
                formula = formula,
                cells = cells.join(", ")
            ),
        )
        .inputs(marks.iter().map(|&(r, c)| f.at(r, c)).collect());
        match (corrected, expected) {
            (Some(c), Some(v)) => {
                let text = c.a1();
                finding = finding
                    .figures(value.map(|x| x.normalize()), Some(super::tidy(v)))
                    .help(msg!(
                        "formula.numbering-help",
                        expected = format!("={text}"),
                        value = f.shown(row, col, v)
                    ))
                    .fix(Some(super::tidy(v)))
                    .relation(Some(Relation::Formula(text)));
            }
            _ => finding = finding.help(msg!("formula.numbering-help-other")),
        }
        Some(finding)
    }

    /// The formula with each range that holds the numbers at its edge started
    /// past them (below the header, right of the `No` column), and a SUM's
    /// column range across a header repeated inside it split around the
    /// header's rows; None where a number is added otherwise.
    fn corrected(&self, e: &Expr, marks: &[(u32, u32)]) -> Option<Expr> {
        let mut out = e.clone();
        // Every range that holds a number is mended (a COUNT beside the SUM
        // over the same range too); the numbers mended are taken off `left`.
        let mut left = marks.to_vec();
        self.split_sums(&mut out, marks, &mut left);
        trim(&mut out, &mut |corners: &mut Vec<Ref>| {
            if corners.len() != 2 || corners.iter().any(|r| r.sheet.is_some()) {
                return;
            }
            let (top, bottom) = (
                corners[0].row.min(corners[1].row),
                corners[0].row.max(corners[1].row),
            );
            let (l, r) = (
                corners[0].col.min(corners[1].col),
                corners[0].col.max(corners[1].col),
            );
            let here: Vec<(u32, u32)> = marks
                .iter()
                .copied()
                .filter(|(y, x)| (top..=bottom).contains(y) && (l..=r).contains(x))
                .collect();
            if here.is_empty() {
                return;
            }
            let below = here.iter().map(|m| m.0).max().unwrap_or(top);
            let right = here.iter().map(|m| m.1).max().unwrap_or(l);
            // The header's rows at the top of a column range (every row from its
            // first to the last number, not a header repeated further down); the
            // No column at the left of a row range.
            let upper = usize::from(corners[0].row > corners[1].row);
            let first = usize::from(corners[0].col > corners[1].col);
            if l == r && below < bottom && (top..=below).all(|y| self.header.contains(&y)) {
                corners[upper].row = below + 1;
            } else if top == bottom && right < r && (l..=right).all(|x| self.numbers.contains(&x)) {
                corners[first].col = right + 1;
            } else {
                return;
            }
            left.retain(|m| !here.contains(m));
        });
        left.is_empty().then_some(out)
    }
}

impl Marks<'_, '_> {
    /// Splits each column range a SUM adds around the header rows inside it
    /// that hold numbers (`SUM(C5:C12)` over a header repeated at rows 8–9:
    /// `SUM(C5:C7,C10:C12)`); the numbers it leaves out are taken off `left`.
    fn split_sums(&self, e: &mut Expr, marks: &[(u32, u32)], left: &mut Vec<(u32, u32)>) {
        match e {
            Expr::Func(name, args) if name == "SUM" => {
                let mut out = Vec::with_capacity(args.len());
                for a in args.drain(..) {
                    match self.split(&a, marks, left) {
                        Some(parts) => out.extend(parts),
                        None => out.push(a),
                    }
                }
                *args = out;
                args.iter_mut()
                    .for_each(|a| self.split_sums(a, marks, left));
            }
            Expr::Func(_, args) => args
                .iter_mut()
                .for_each(|a| self.split_sums(a, marks, left)),
            Expr::Neg(x) | Expr::Percent(x) => self.split_sums(x, marks, left),
            Expr::Bin(_, a, b) => {
                self.split_sums(a, marks, left);
                self.split_sums(b, marks, left);
            }
            _ => {}
        }
    }

    /// One column range without the header rows inside it (not at its top:
    /// that edge is [`Marks::corrected`]'s), where numbers sit there.
    fn split(
        &self,
        e: &Expr,
        marks: &[(u32, u32)],
        left: &mut Vec<(u32, u32)>,
    ) -> Option<Vec<Expr>> {
        let Expr::Range(c) = e else { return None };
        if c.len() != 2 || c[0].col != c[1].col || c.iter().any(|r| r.sheet.is_some()) {
            return None;
        }
        let (top, bottom) = (c[0].row.min(c[1].row), c[0].row.max(c[1].row));
        let col = c[0].col;
        let inside: Vec<(u32, u32)> = marks
            .iter()
            .copied()
            .filter(|&(y, x)| x == col && y > top && y < bottom && self.header.contains(&y))
            .collect();
        if inside.is_empty() || self.header.contains(&top) {
            return None;
        }
        // The runs of rows that are not the header's.
        let mut parts = Vec::new();
        let mut start: Option<u32> = None;
        for y in top..=bottom + 1 {
            let keep = y <= bottom && !self.header.contains(&y);
            match (keep, start) {
                (true, None) => start = Some(y),
                (false, Some(s)) => {
                    let (a, b) = (
                        Ref {
                            row: s,
                            ..c[0].clone()
                        },
                        Ref {
                            row: y - 1,
                            ..c[1].clone()
                        },
                    );
                    parts.push(if s == y - 1 {
                        Expr::Ref(a)
                    } else {
                        Expr::Range(vec![a, b])
                    });
                    start = None;
                }
                _ => {}
            }
        }
        left.retain(|m| !inside.contains(m));
        Some(parts)
    }
}

/// Calls `f` on the corners of each range of the formula.
fn trim(e: &mut Expr, f: &mut dyn FnMut(&mut Vec<Ref>)) {
    match e {
        Expr::Range(c) => f(c),
        Expr::Func(_, args) => args.iter_mut().for_each(|a| trim(a, f)),
        Expr::Neg(x) | Expr::Percent(x) => trim(x, f),
        Expr::Bin(_, a, b) => {
            trim(a, f);
            trim(b, f);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workbook::{Sheet, Workbook};
    use calamine::Data;

    #[test]
    fn a_numbering_row_rises_and_a_row_of_figures_does_not() {
        let row = |r: u32, values: &[f64]| -> Vec<((u32, u32), Data)> {
            values
                .iter()
                .enumerate()
                .map(|(c, v)| ((r, c as u32), Data::Float(*v)))
                .collect()
        };
        let mut cells = row(0, &[1.0, 2.0, 3.0, 4.0, 5.0]);
        // A first row of figures, taken for a numbering row: 4, 1, 1, 100.
        cells.extend(row(1, &[4.0, 1.0, 1.0, 100.0]));
        cells.extend(row(2, &[2023.0, 2024.0, 2025.0]));
        cells.extend(row(3, &[1.0, 2.5, 3.0]));
        cells.push(((4, 0), Data::Float(7.0)));
        cells.push(((4, 2), Data::String("9 = 5+6+7+8".into())));
        cells.push(((4, 3), Data::Float(10.0)));
        let book = Workbook {
            path: "t.xlsx".into(),
            sheets: vec![Sheet::from_cells("S", cells, Vec::new())],
        };
        let f = SheetFormulas::read(&book, &book.sheets[0]);
        let across = |r: u32| rising(&f, (0..6).map(|c| (r, c)));
        assert!(across(0), "1 2 3 4 5");
        assert!(!across(1), "4 1 1 100: figures");
        assert!(across(2), "the years");
        assert!(!across(3), "2,5 is no column number");
        assert!(across(4), "7 … 10 past a relation written as text");
    }
}
