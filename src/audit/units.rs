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
//! IFERROR, and a term scaled by a constant); a product or a quotient of two
//! cells may mix kinds on purpose (Rp × %).

use super::expr::{Expr, Ref};
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
        let unit_of = |row: u32, col: u32| -> Option<(Unit, String)> {
            match columns.iter().find(|(c, _, _)| *c == col) {
                Some((_, u, h)) => Some((*u, h.to_string())),
                None => sheet
                    .number_format(row, col)
                    .is_some_and(|f| f.contains('%'))
                    .then(|| (Unit::Percent, String::new())),
            }
        };
        for r in &t.rows {
            for &(col, unit, header) in &columns {
                if unit == Unit::Figure {
                    continue;
                }
                let Some(parsed) = f.formulas.get(&(r.row, col)) else {
                    continue;
                };
                let e = &parsed.expr;
                let mut refs = Vec::new();
                additive_refs(e, &mut refs);
                let mut foreign: Vec<(u32, u32, Unit, String)> = Vec::new();
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
                    .map(|(rr, cc, u, h)| {
                        let kind = match u {
                            Unit::Money => "Rp",
                            Unit::Percent => "%",
                            Unit::Figure => "K",
                        };
                        if h.is_empty() {
                            format!("{} ({kind})", crate::ooxml::a1::a1(*rr, *cc))
                        } else {
                            format!("{} ('{h}')", crate::ooxml::a1::a1(*rr, *cc))
                        }
                    })
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
