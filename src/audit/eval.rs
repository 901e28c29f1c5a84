//! A formula computed in exact decimals from the values its cells hold: what the
//! cell would show if the workbook were recalculated now.
//!
//! Only what is certain is computed: arithmetic on numbers and empty cells, the
//! aggregates (SUM, AVERAGE, MIN, MAX, COUNT), ROUND / ROUNDUP / ROUNDDOWN, ABS,
//! IF and IFERROR. Text used as a number (read differently by each Excel locale,
//! but for digits alone and a written zero such as "0,00"),
//! SUBTOTAL (it depends on which rows a filter hides), lookups and volatile
//! functions give None: the formula is left unjudged.

use rust_decimal::prelude::*;
use rust_decimal::Decimal;

use super::expr::{Expr, Op, Ref};

/// A value as a formula sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Val {
    Num(Decimal),
    Text(String),
    Bool(bool),
    Empty,
    /// An error value (`#DIV/0!`, `#VALUE!`).
    Error,
    /// A value the audit cannot know (a formula never calculated, a date).
    Unknown,
}

/// The values of cells: by sheet (None: the formula's own), row and column.
pub type Cells<'a> = dyn Fn(Option<&str>, u32, u32) -> Val + 'a;

/// The largest range an aggregate reads cell by cell.
const MAX_RANGE_CELLS: u64 = 200_000;

/// The formula's value, or None where it cannot be computed for certain.
pub fn eval(e: &Expr, cells: &Cells) -> Option<Val> {
    Some(match e {
        Expr::Num(v) => Val::Num(*v),
        Expr::Text(t) => Val::Text(t.clone()),
        Expr::Bool(b) => Val::Bool(*b),
        Expr::Ref(r) => cells(r.sheet.as_deref(), r.row, r.col),
        Expr::Range(_) | Expr::Other(_) => return None,
        Expr::Neg(x) => match number(eval(x, cells)?)? {
            Ok(v) => Val::Num(-v),
            Err(()) => Val::Error,
        },
        Expr::Percent(x) => match number(eval(x, cells)?)? {
            Ok(v) => Val::Num(v / Decimal::ONE_HUNDRED),
            Err(()) => Val::Error,
        },
        Expr::Bin(op, a, b) => binary(*op, eval(a, cells)?, eval(b, cells)?)?,
        Expr::Func(name, args) => function(name, args, cells)?,
    })
}

/// A value used as a number: Ok, an error value (Err), or None (text: unknown).
fn number(v: Val) -> Option<Result<Decimal, ()>> {
    match v {
        Val::Num(n) => Some(Ok(n)),
        Val::Empty => Some(Ok(Decimal::ZERO)),
        Val::Bool(b) => Some(Ok(if b { Decimal::ONE } else { Decimal::ZERO })),
        Val::Error => Some(Err(())),
        Val::Text(t) => same_in_every_locale(&t).map(Ok),
        Val::Unknown => None,
    }
}

/// The number a text reads as in arithmetic, where every Excel locale reads it
/// alike: digits alone ("45000000"), or a zero however its decimals are
/// written ("0,00", "0.00"). None for anything a locale reads its own way.
fn same_in_every_locale(text: &str) -> Option<Decimal> {
    let t = text.trim();
    if t.is_empty() || t.len() > 28 {
        return None;
    }
    if t.bytes().all(|b| b.is_ascii_digit()) {
        return Decimal::from_str_exact(t).ok();
    }
    let zero = t.starts_with('0')
        && t.bytes().all(|b| matches!(b, b'0' | b',' | b'.'))
        && t.bytes().filter(|b| !b.is_ascii_digit()).count() == 1;
    zero.then_some(Decimal::ZERO)
}

fn binary(op: Op, a: Val, b: Val) -> Option<Val> {
    if matches!(
        op,
        Op::Eq | Op::Ne | Op::Lt | Op::Le | Op::Gt | Op::Ge | Op::Concat
    ) {
        return compare_or_join(op, a, b);
    }
    let (x, y) = match (number(a)?, number(b)?) {
        (Ok(x), Ok(y)) => (x, y),
        _ => return Some(Val::Error),
    };
    let v = match op {
        Op::Add => x.checked_add(y)?,
        Op::Sub => x.checked_sub(y)?,
        Op::Mul => x.checked_mul(y)?,
        Op::Div => {
            if y.is_zero() {
                return Some(Val::Error);
            }
            x.checked_div(y)?
        }
        // Whole exponents only: a root would need a float.
        Op::Pow if y.fract().is_zero() && y.abs() <= Decimal::from(64) => {
            let n = y.to_i64()?;
            if n >= 0 {
                powi(x, n)?
            } else if x.is_zero() {
                return Some(Val::Error);
            } else {
                Decimal::ONE.checked_div(powi(x, -n)?)?
            }
        }
        _ => return None,
    };
    Some(Val::Num(v))
}

/// `x` to a whole power `n` ≥ 0, in exact decimals (None on overflow).
fn powi(x: Decimal, n: i64) -> Option<Decimal> {
    let mut v = Decimal::ONE;
    for _ in 0..n {
        v = v.checked_mul(x)?;
    }
    Some(v)
}

fn compare_or_join(op: Op, a: Val, b: Val) -> Option<Val> {
    if op == Op::Concat {
        return None;
    }
    use std::cmp::Ordering;
    let ord = match (&a, &b) {
        (Val::Unknown, _) | (_, Val::Unknown) => return None,
        (Val::Error, _) | (_, Val::Error) => return Some(Val::Error),
        (Val::Text(x), Val::Text(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Val::Text(x), Val::Empty) => x.is_empty().then_some(Ordering::Equal)?,
        (Val::Empty, Val::Text(y)) => y.is_empty().then_some(Ordering::Equal)?,
        // Excel orders any number before any text.
        (Val::Text(_), _) => Ordering::Greater,
        (_, Val::Text(_)) => Ordering::Less,
        _ => {
            let x = number(a.clone())?.ok()?;
            let y = number(b.clone())?.ok()?;
            x.cmp(&y)
        }
    };
    Some(Val::Bool(match op {
        Op::Eq => ord == Ordering::Equal,
        Op::Ne => ord != Ordering::Equal,
        Op::Lt => ord == Ordering::Less,
        Op::Le => ord != Ordering::Greater,
        Op::Gt => ord == Ordering::Greater,
        Op::Ge => ord != Ordering::Less,
        _ => return None,
    }))
}

/// The numbers an aggregate's arguments hold: a range's numbers (its text and
/// empty cells skipped, as Excel does); a direct argument's value. Err on an
/// error value.
fn numbers(args: &[Expr], cells: &Cells) -> Option<Result<Vec<Decimal>, ()>> {
    let mut out = Vec::new();
    for a in args {
        match a {
            Expr::Range(corners) => {
                for v in range_values(corners, cells)? {
                    match v {
                        Val::Num(n) => out.push(n),
                        Val::Error => return Some(Err(())),
                        Val::Unknown => return None,
                        _ => {}
                    }
                }
            }
            Expr::Ref(r) => match cells(r.sheet.as_deref(), r.row, r.col) {
                Val::Num(n) => out.push(n),
                Val::Error => return Some(Err(())),
                Val::Unknown => return None,
                _ => {}
            },
            _ => match number(eval(a, cells)?)? {
                Ok(n) => out.push(n),
                Err(()) => return Some(Err(())),
            },
        }
    }
    Some(Ok(out))
}

/// The values of a range, row by row; None when it is too large to read.
pub fn range_values(corners: &[Ref], cells: &Cells) -> Option<Vec<Val>> {
    let sheet = corners[0].sheet.as_deref();
    if corners.iter().any(|c| c.sheet.as_deref() != sheet) {
        return None;
    }
    let top = corners.iter().map(|c| c.row).min()?;
    let bottom = corners.iter().map(|c| c.row).max()?;
    let left = corners.iter().map(|c| c.col).min()?;
    let right = corners.iter().map(|c| c.col).max()?;
    let area = u64::from(bottom - top + 1) * u64::from(right - left + 1);
    if area > MAX_RANGE_CELLS {
        return None;
    }
    let mut out = Vec::with_capacity(area as usize);
    for r in top..=bottom {
        for c in left..=right {
            out.push(cells(sheet, r, c));
        }
    }
    Some(out)
}

fn function(name: &str, args: &[Expr], cells: &Cells) -> Option<Val> {
    let num = |v: Decimal| Some(Val::Num(v));
    match name {
        "SUM" | "AVERAGE" | "MIN" | "MAX" | "COUNT" => {
            let values = match numbers(args, cells)? {
                Ok(v) => v,
                Err(()) => return Some(Val::Error),
            };
            match name {
                "SUM" => {
                    let mut total = Decimal::ZERO;
                    for v in values {
                        total = total.checked_add(v)?;
                    }
                    num(total)
                }
                "AVERAGE" => {
                    if values.is_empty() {
                        return Some(Val::Error);
                    }
                    let mut total = Decimal::ZERO;
                    for v in &values {
                        total = total.checked_add(*v)?;
                    }
                    num(total.checked_div(Decimal::from(values.len()))?)
                }
                "MIN" => num(values.into_iter().min().unwrap_or(Decimal::ZERO)),
                "MAX" => num(values.into_iter().max().unwrap_or(Decimal::ZERO)),
                _ => num(Decimal::from(values.len())),
            }
        }
        "ROUND" | "ROUNDUP" | "ROUNDDOWN" if args.len() == 2 => {
            let x = match number(eval(&args[0], cells)?)? {
                Ok(x) => x,
                Err(()) => return Some(Val::Error),
            };
            let d = number(eval(&args[1], cells)?)?.ok()?.trunc().to_i64()?;
            let strategy = match name {
                "ROUND" => RoundingStrategy::MidpointAwayFromZero,
                "ROUNDUP" => RoundingStrategy::AwayFromZero,
                _ => RoundingStrategy::ToZero,
            };
            if d >= 0 {
                num(x.round_dp_with_strategy(u32::try_from(d.min(28)).ok()?, strategy))
            } else {
                let p = powi(Decimal::TEN, -d)?;
                num(x
                    .checked_div(p)?
                    .round_dp_with_strategy(0, strategy)
                    .checked_mul(p)?)
            }
        }
        "ABS" if args.len() == 1 => match number(eval(&args[0], cells)?)? {
            Ok(x) => num(x.abs()),
            Err(()) => Some(Val::Error),
        },
        "IFERROR" if args.len() == 2 => match eval(&args[0], cells)? {
            Val::Error => eval(&args[1], cells),
            Val::Unknown => None,
            v => Some(v),
        },
        "IF" if (2..=3).contains(&args.len()) => {
            let truth = match eval(&args[0], cells)? {
                Val::Bool(b) => b,
                Val::Num(n) => !n.is_zero(),
                Val::Empty => false,
                Val::Error => return Some(Val::Error),
                Val::Text(_) | Val::Unknown => return None,
            };
            if truth {
                eval(&args[1], cells)
            } else if let Some(e) = args.get(2) {
                eval(e, cells)
            } else {
                Some(Val::Bool(false))
            }
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::expr::parse;
    use super::*;

    fn cells(_: Option<&str>, r: u32, c: u32) -> Val {
        match (r, c) {
            (0, 0) => Val::Num(Decimal::from(3)),
            (1, 0) => Val::Num(Decimal::from(4)),
            (2, 0) => Val::Empty,
            (3, 0) => Val::Text("catatan".into()),
            (4, 0) => Val::Text("0,00".into()),
            (5, 0) => Val::Text("1200".into()),
            (0, 1) => Val::Num(Decimal::ZERO),
            _ => Val::Empty,
        }
    }

    fn value(f: &str) -> Option<Val> {
        eval(&parse(f), &cells)
    }

    #[test]
    fn computes_in_exact_decimals() {
        let n = |s: &str| Some(Val::Num(Decimal::from_str_exact(s).unwrap()));
        assert_eq!(value("SUM(A1:A4)"), n("7"));
        assert_eq!(value("AVERAGE(A1:A4)"), n("3.5"));
        assert_eq!(value("A1/A2*100"), n("75"));
        assert_eq!(value("ROUND(A1/7,4)"), n("0.4286"));
        assert_eq!(value("A1+A3"), n("3"));
        assert_eq!(value("-A1^2"), n("9"));
        assert_eq!(value("50%"), n("0.5"));
        assert_eq!(value("A1/B1"), Some(Val::Error));
        assert_eq!(value("IFERROR(A1/B1,0)"), n("0"));
        assert_eq!(value("IF(A1>A2,1,2)"), n("2"));
        // Text as a number is read by the locale: not computed, unless every
        // locale reads it alike.
        assert_eq!(value("A4+1"), None);
        assert_eq!(value("A5+1"), n("1"));
        assert_eq!(value("A6+1"), n("1201"));
        assert_eq!(value("SUBTOTAL(9,A1:A4)"), None);
    }
}
