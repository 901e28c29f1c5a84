//! The relations a form writes in its numbering row, held in a table no rule
//! reads. Permendagri 54/2010's Renja evaluation (form J-1) numbers its columns
//! `1 2 3 4 5 6 7 8=(7/6) 9 10=(5+7+9) 11=(10/4)`: each body row must follow them.
//!
//! | … | 5 | 6 | 7 | 8=(7/6) | 9 | 10=(5+7+9) | 11=(10/4) |
//! |---|---|---|---|---------|---|------------|-----------|
//! | … | 1 | 1 | 1 | 100     | 1 | 3          | 75        |  (4 = 4 in column 4)
//!
//! A quotient is stated as a percentage (× 100) or as the bare ratio, whichever
//! the stated figure is nearer to. Each figure is compared at the precision it
//! is written with. Only tables no rule reads are held to their numbering row:
//! a rule's own checks already hold the others.

use rust_decimal::Decimal;

use crate::coverage::Unread;
use crate::finding::{Code, Finding};
use crate::msg;
use crate::number::{format_id, read_text, round_half_up};
use crate::workbook::{Raw, Sheet};

/// Rows from a region's top searched for its numbering row.
const HEADER_ROWS: u32 = 8;

/// An expression over the form's column numbers.
#[derive(Debug, Clone, PartialEq)]
enum Expr {
    Column(u32),
    Number(Decimal),
    Op(Box<Expr>, char, Box<Expr>),
}

pub fn check(sheet: &Sheet, region: &Unread) -> Vec<Finding> {
    let last = region.bottom.min(region.top + HEADER_ROWS);
    let Some((numbering, columns, formulas)) = (region.top..=last)
        .find_map(|r| numbering_row(sheet, r, region.left, region.right).map(|(c, f)| (r, c, f)))
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in sheet.rows_between(numbering + 1, region.bottom) {
        for (target, expr, written) in &formulas {
            let Some(&col) = columns.iter().find(|(n, _)| n == target).map(|(_, c)| c) else {
                continue;
            };
            let value_of = |n: u32| {
                let c = columns.iter().find(|(k, _)| *k == n)?.1;
                figure(sheet, row, c)
            };
            let (Some(found), Some(exact)) = (value_of(*target), eval(expr, &value_of)) else {
                continue;
            };
            let quotient = matches!(expr, Expr::Op(_, '/', _));
            let exact = if quotient
                && (found.0 - exact * Decimal::ONE_HUNDRED).abs() < (found.0 - exact).abs()
            {
                exact * Decimal::ONE_HUNDRED
            } else {
                exact
            };
            let shown = round_half_up(exact, found.1);
            if shown == found.0 {
                continue;
            }
            let at = sheet.at(row, col);
            out.push(
                Finding::new(
                    if quotient {
                        Code::PercentMismatch
                    } else {
                        Code::SumMismatch
                    },
                    at,
                    msg!(
                        "numbered.differs",
                        column = written.as_str(),
                        found = format_id(found.0, found.1),
                        expected = format_id(shown, found.1)
                    ),
                )
                .place(&region.header, &sheet.text(row, region.left), written)
                .values(found.0.to_string(), Some(shown.to_string()))
                .formula(
                    msg!(
                        "numbered.formula",
                        formula = written.as_str(),
                        value = format_id(exact, found.1 + 2)
                    ),
                    Vec::new(),
                )
                .help(msg!("numbered.help")),
            );
        }
    }
    out
}

/// The numbering row at `row`: each column number with its sheet column, and
/// the formulas written in it (`8=(7/6)`). None unless three columns or more
/// are numbered, rising left to right, and one writes a formula.
#[allow(clippy::type_complexity)]
fn numbering_row(
    sheet: &Sheet,
    row: u32,
    left: u32,
    right: u32,
) -> Option<(Vec<(u32, u32)>, Vec<(u32, Expr, String)>)> {
    let mut columns = Vec::new();
    let mut formulas = Vec::new();
    for c in left..=right {
        let text = sheet.text(row, c);
        let t = text.trim();
        if t.is_empty() {
            continue;
        }
        let bare = t.trim_start_matches('(');
        let digits = bare.chars().take_while(char::is_ascii_digit).count();
        if digits == 0 || digits > 2 {
            return None;
        }
        let n: u32 = bare[..digits].parse().ok()?;
        if columns.last().is_some_and(|(p, _)| *p >= n) {
            return None;
        }
        let rest = bare[digits..].trim_start_matches(')').trim();
        if let Some(formula) = rest.strip_prefix('=') {
            formulas.push((n, parse(formula)?, t.to_string()));
        } else if !rest.is_empty() {
            return None;
        }
        columns.push((n, c));
    }
    (columns.len() >= 3 && !formulas.is_empty()).then_some((columns, formulas))
}

/// A figure of a cell: its value and the decimals it is written with.
fn figure(sheet: &Sheet, row: u32, col: u32) -> Option<(Decimal, u32)> {
    match sheet.raw(row, col) {
        Raw::Number { value, .. } => {
            let v = value.normalize();
            Some((v, v.scale()))
        }
        Raw::Text(t) => read_text(t, None)
            .ok()
            .flatten()
            .map(|r| (r.value, r.scale)),
        _ => None,
    }
}

fn eval(e: &Expr, value_of: &dyn Fn(u32) -> Option<(Decimal, u32)>) -> Option<Decimal> {
    match e {
        Expr::Column(n) => value_of(*n).map(|v| v.0),
        Expr::Number(d) => Some(*d),
        Expr::Op(a, op, b) => {
            let (a, b) = (eval(a, value_of)?, eval(b, value_of)?);
            match op {
                '+' => Some(a + b),
                '-' => Some(a - b),
                '*' => Some(a * b),
                _ => (!b.is_zero()).then(|| a / b),
            }
        }
    }
}

/// `(7/6)`, `5+7+9`, `14 / 6 x 100`: column numbers, and numbers after an
/// operator that multiplies (`x 100`), with + - × x * / : and parentheses.
fn parse(text: &str) -> Option<Expr> {
    let tokens: Vec<char> = text
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            'x' | 'X' | '×' => '*',
            ':' => '/',
            c => c,
        })
        .collect();
    let mut at = 0;
    let e = sum(&tokens, &mut at)?;
    (at == tokens.len()).then_some(e)
}

fn sum(t: &[char], at: &mut usize) -> Option<Expr> {
    let mut e = product(t, at)?;
    while let Some(&op @ ('+' | '-')) = t.get(*at) {
        *at += 1;
        e = Expr::Op(Box::new(e), op, Box::new(product(t, at)?));
    }
    Some(e)
}

fn product(t: &[char], at: &mut usize) -> Option<Expr> {
    let mut e = atom(t, at, false)?;
    while let Some(&op @ ('*' | '/')) = t.get(*at) {
        *at += 1;
        // A factor after a multiplication is a number (× 100), not a column.
        e = Expr::Op(Box::new(e), op, Box::new(atom(t, at, op == '*')?));
    }
    Some(e)
}

fn atom(t: &[char], at: &mut usize, number: bool) -> Option<Expr> {
    if t.get(*at) == Some(&'(') {
        *at += 1;
        let e = sum(t, at)?;
        if t.get(*at) != Some(&')') {
            return None;
        }
        *at += 1;
        return Some(e);
    }
    let start = *at;
    while t.get(*at).is_some_and(char::is_ascii_digit) {
        *at += 1;
    }
    let digits: String = t[start..*at].iter().collect();
    let n: u32 = digits.parse().ok()?;
    Some(if number {
        Expr::Number(Decimal::from(n))
    } else {
        Expr::Column(n)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_forms_formulas() {
        assert_eq!(
            parse("(7/6)"),
            Some(Expr::Op(
                Box::new(Expr::Column(7)),
                '/',
                Box::new(Expr::Column(6))
            ))
        );
        let sum = parse("5+7+9").expect("a sum");
        assert!(matches!(sum, Expr::Op(_, '+', _)));
        let pct = parse("14 / 6 x 100").expect("a percentage");
        assert!(
            matches!(pct, Expr::Op(_, '*', ref b) if **b == Expr::Number(Decimal::ONE_HUNDRED))
        );
        assert_eq!(parse("7/"), None);
        assert_eq!(parse("a+b"), None);
    }
}
