//! `unit-mix`: a formula in a table's Rupiah or percentage column that adds
//! figures of another kind: a count or a percentage added into Rupiah, Rupiah
//! added into a percentage.
//!
//! | row | TW I K | TW I Rp    | … | Rp (year)            |
//! |-----|--------|------------|---|----------------------|
//! | 21  | 0      | 0          | … | =G21+I21+K21+M21+N21 |  <- N21 is the year's K (a count)
//!
//! The kind of each column is the table's rule's (`money`, `percent`, a plain
//! figure); a cell outside the table's columns counts as a percentage when it
//! is shown with a percent format, and is otherwise not judged. Only the cells
//! a formula adds are weighed (its SUM, `+` and `-` terms, through IF and
//! IFERROR, and a term scaled by a constant); a product of two cells
//! may mix kinds on purpose (Rp × %).
//!
//! A percentage that divides Rupiah by a count, or a count by Rupiah
//! (`=O12/D12*100`: the realisasi Rp over the target K), is said too; a run of
//! such copies down its column is said once, at its first cell.

use super::expr::{Expr, Op, Ref};
use super::SheetFormulas;
use crate::finding::{Code, Finding};
use crate::msg;
use crate::rules::{ColumnKind, Rules};
use crate::table::Table;

/// What a cell holds, for adding.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unit {
    Money,
    Percent,
    /// A plain figure: a count, a target in units.
    Figure,
}

/// The tables of `f`'s sheet, their formulas weighed.
pub fn check(f: &SheetFormulas, tables: &[Table], rules: &Rules) -> Vec<Finding> {
    let mut out = Vec::new();
    let sheet = f.sheet;
    for t in tables.iter().filter(|t| t.sheet == sheet.name) {
        let rule = &rules.tables[t.rule];
        // Each sheet column of the table: its unit and header.
        let mut columns: Vec<(u32, Unit, &str)> = Vec::new();
        for (i, members) in t.located.columns.iter().enumerate() {
            let unit = match rule.columns.get(i).map(|c| c.kind) {
                Some(ColumnKind::Money) => Unit::Money,
                Some(ColumnKind::Percent) => Unit::Percent,
                Some(ColumnKind::Number) => Unit::Figure,
                _ => continue,
            };
            columns.extend(members.iter().map(|m| (m.col, unit, m.header.as_str())));
        }
        // A cell takes its column's kind within the table's rows only (another
        // table may stand below in the same columns).
        let body = t.located.body_start..=t.located.body_end;
        let unit_of = |row: u32, col: u32| -> Option<(Unit, &str)> {
            match columns
                .iter()
                .find(|(c, _, _)| *c == col && body.contains(&row))
            {
                Some((_, u, h)) => Some((*u, *h)),
                None => sheet
                    .number_format(row, col)
                    .is_some_and(|f| f.contains('%'))
                    .then_some((Unit::Percent, "")),
            }
        };
        out.extend(quotients(f, t, &columns, &unit_of));
        // (A formula that adds nothing mixes nothing: a column without one
        // is passed over.)
        let adding: Vec<(u32, Unit, &str)> = columns
            .iter()
            .copied()
            .filter(|(col, unit, _)| *unit != Unit::Figure && f.adding.contains(col))
            .collect();
        for r in &t.rows {
            for &(col, unit, header) in &adding {
                let Some(parsed) = f.formulas.get(&(r.row, col)).filter(|p| p.holds.adds) else {
                    continue;
                };
                let e = f.formulas.expr(parsed);
                let mut refs = Vec::new();
                additive_refs(&e, &mut refs);
                let mut foreign: Vec<(u32, u32, Unit, &str)> = Vec::new();
                let mut alike = false;
                for (rr, cc) in refs {
                    match unit_of(rr, cc) {
                        Some((u, _)) if u == unit => alike = true,
                        Some((u, h)) => foreign.push((rr, cc, u, h)),
                        None => {}
                    }
                }
                // Rupiah holds Rupiah only; a percentage adds no Rupiah.
                let mixed = match unit {
                    Unit::Money => !foreign.is_empty(),
                    _ => alike && foreign.iter().any(|f| f.2 == Unit::Money),
                };
                if !mixed {
                    continue;
                }
                let cells: Vec<String> = foreign
                    .iter()
                    .map(|(rr, cc, u, h)| named(*rr, *cc, *u, h))
                    .collect();
                out.push(
                    Finding::new(
                        Code::UnitMix,
                        sheet.at(r.row, col),
                        crate::i18n::Msg::new(if unit == Unit::Money {
                            "formula.unit-money"
                        } else {
                            "formula.unit-percent"
                        })
                        .arg("formula", format!("={}", e.a1()))
                        .arg("cells", cells.join(", ")),
                    )
                    .place(&t.name, r.label(), header)
                    .help(msg!("formula.unit-help")),
                );
            }
        }
    }
    out
}

/// A cell with its column's header (or its kind, outside the table's columns).
fn named(row: u32, col: u32, unit: Unit, header: &str) -> String {
    let kind = match unit {
        Unit::Money => "Rp",
        Unit::Percent => "%",
        Unit::Figure => "K",
    };
    if header.is_empty() {
        format!("{} ({kind})", crate::ooxml::a1::a1(row, col))
    } else {
        format!("{} ('{header}')", crate::ooxml::a1::a1(row, col))
    }
}

/// A run of copies that divide unlike figures: its first row and formula, the
/// two cells named, its shape, its last row and how many rows it holds.
struct Run {
    row: u32,
    formula: String,
    cells: [String; 2],
    shape: u64,
    last: u32,
    n: usize,
}

/// The table's percentages that divide Rupiah by a count or a count by
/// Rupiah; each run of copies down a column (a row whose formula there is
/// another ends it) said once, at its first cell. A percentage is a cell of
/// a percentage column (by the rule, a `%` in its header or its format), or a
/// quotient times 100; Rupiah over a count elsewhere is a unit cost.
fn quotients<'h>(
    f: &SheetFormulas,
    t: &Table,
    columns: &[(u32, Unit, &'h str)],
    unit_of: &dyn Fn(u32, u32) -> Option<(Unit, &'h str)>,
) -> Vec<Finding> {
    let mut out = Vec::new();
    for col in t.located.left..=t.located.right {
        let ruled = columns.iter().find(|(c, _, _)| *c == col);
        if ruled.is_some_and(|(_, u, _)| *u != Unit::Percent) {
            continue;
        }
        let path;
        let header = match ruled {
            Some((_, _, h)) => *h,
            None => {
                path = super::header_path(f.sheet, t, col);
                path.as_str()
            }
        };
        let percent_column = ruled.is_some() || header.contains('%');
        let mut runs: Vec<Run> = Vec::new();
        let mut open = false;
        for r in &t.rows {
            let Some(parsed) = f.formulas.get(&(r.row, col)) else {
                continue;
            };
            // (Told from the tree its copies share, its cells then placed.)
            let tree = f.formulas.tree(parsed);
            let percent = percent_column || hundredfold(tree) || f.percent(r.row, col);
            let mixed = quotient(tree).filter(|_| percent).and_then(|(n, d)| {
                let (n, d) = (f.formulas.place(parsed, n), f.formulas.place(parsed, d));
                let (un, hn) = unit_of(n.0, n.1)?;
                let (ud, hd) = unit_of(d.0, d.1)?;
                let pair = [un, ud];
                (pair.contains(&Unit::Money) && pair.contains(&Unit::Figure))
                    .then(|| [named(n.0, n.1, un, hn), named(d.0, d.1, ud, hd)])
            });
            match (mixed, runs.last_mut()) {
                (Some(_), Some(run)) if open && run.shape == parsed.shape => {
                    run.last = r.row;
                    run.n += 1;
                }
                (Some(cells), _) => {
                    runs.push(Run {
                        row: r.row,
                        formula: format!("={}", f.formulas.expr(parsed).a1()),
                        cells,
                        shape: parsed.shape,
                        last: r.row,
                        n: 1,
                    });
                    open = true;
                }
                (None, _) => open = false,
            }
        }
        for run in runs {
            let [numerator, denominator] = run.cells;
            let message = if run.n == 1 {
                msg!(
                    "formula.unit-quotient",
                    formula = run.formula,
                    numerator = numerator,
                    denominator = denominator
                )
            } else {
                msg!(
                    "formula.unit-quotient-run",
                    formula = run.formula,
                    numerator = numerator,
                    denominator = denominator,
                    last = crate::ooxml::a1::a1(run.last, col),
                    n = run.n.to_string()
                )
            };
            let label = t
                .rows
                .iter()
                .find(|r| r.row == run.row)
                .map_or("", |r| r.label());
            out.push(
                Finding::new(Code::UnitMix, f.at(run.row, col), message)
                    .place(&t.name, label, header)
                    .help(msg!("formula.unit-quotient-help")),
            );
        }
    }
    out
}

/// The formula inside its ROUND and IFERROR guards.
fn peeled(e: &Expr) -> &Expr {
    match e {
        Expr::Func(name, args) if matches!(&**name, "ROUND" | "IFERROR") => {
            args.first().map_or(e, peeled)
        }
        _ => e,
    }
}

/// Whether a formula is a quotient times 100 (through ROUND and IFERROR).
fn hundredfold(e: &Expr) -> bool {
    match peeled(e) {
        Expr::Bin(Op::Mul, a, b) => matches!(
            (&**a, &**b),
            (Expr::Bin(Op::Div, ..), Expr::Num(h)) | (Expr::Num(h), Expr::Bin(Op::Div, ..))
                if *h == rust_decimal::Decimal::ONE_HUNDRED
        ),
        _ => false,
    }
}

/// The two cells of its own sheet a percentage divides, through ROUND,
/// IFERROR and a constant factor: `=O12/E12*100`, `=ROUND(H5/G5,4)`.
fn quotient(e: &Expr) -> Option<(&Ref, &Ref)> {
    match peeled(e) {
        Expr::Bin(Op::Mul, a, b) => match (&**a, &**b) {
            (x, Expr::Num(_)) | (Expr::Num(_), x) => quotient(x),
            _ => None,
        },
        Expr::Bin(Op::Div, a, b) => match (&**a, &**b) {
            (Expr::Ref(n), Expr::Ref(d)) if n.sheet.is_none() && d.sheet.is_none() => Some((n, d)),
            _ => None,
        },
        _ => None,
    }
}

/// The cells of its own sheet a formula adds ([`Expr::each_added`]; a range of
/// a few cells, cell by cell).
fn additive_refs(e: &Expr, out: &mut Vec<(u32, u32)>) {
    let own = |r: &Ref| r.sheet.is_none();
    e.each_added(&mut |node| match node {
        Expr::Ref(r) if own(r) => out.push((r.row, r.col)),
        Expr::Range(c) if c.len() == 2 && c.iter().all(own) => {
            let (r0, r1) = (c[0].row.min(c[1].row), c[0].row.max(c[1].row));
            let (c0, c1) = (c[0].col.min(c[1].col), c[0].col.max(c[1].col));
            if u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1) <= 64 {
                for r in r0..=r1 {
                    for c in c0..=c1 {
                        out.push((r, c));
                    }
                }
            }
        }
        _ => {}
    });
}
