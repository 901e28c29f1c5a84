//! `stale-value`: a formula whose saved value is not what it computes from the
//! values its cells hold now. The workbook was changed and saved without being
//! recalculated (calculation set to manual, or a program that edits values and
//! leaves the formulas' results as they were): what Excel shows after F9, and
//! what a printed or exported copy shows, differ.

use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;

use super::eval::Val;
use super::expr::{Expr, Op};
use super::{same, SheetFormulas};
use crate::finding::{Code, Finding, Relation};
use crate::msg;
use crate::workbook::Raw;

/// `found`: the audit's other findings on the sheet; a cell one of them already
/// names (a formula to correct) is not said to be stale as well.
pub fn check(f: &SheetFormulas, found: &[Finding]) -> Vec<Finding> {
    use rayon::prelude::*;
    let mut named: Vec<(u32, u32)> = found.iter().map(|x| (x.at.row, x.at.col)).collect();
    named.sort_unstable();
    let spent = std::sync::atomic::AtomicU64::new(0);
    let mut out: Vec<Finding> = f
        .formulas
        .cells()
        .par_iter()
        .with_min_len(4096)
        .filter_map(|((row, col), parsed)| {
            let (row, col) = (*row, *col);
            if !super::within_budget(parsed.reads, &spent) {
                return None;
            }
            let Raw::Number { value, .. } = f.sheet.raw(row, col) else {
                return None;
            };
            if rounds_to(f, parsed, value) {
                return None;
            }
            let Some(Val::Num(computed)) = f.computed(parsed) else {
                return None;
            };
            if same(computed, value) || named.binary_search(&(row, col)).is_ok() {
                return None;
            }
            Some(finding(f, row, col, value, computed))
        })
        .collect();
    out.sort_by_key(|f| (f.at.row, f.at.col));
    // A formula over a stale cell computes, from that cell's saved value, what
    // its own (right) saved value is not: it is the stale cell's consequence,
    // not a second stale value. Only the cells the staleness starts at are said.
    let stale: Vec<(u32, u32)> = out.iter().map(|x| (x.at.row, x.at.col)).collect();
    let follows = |x: &Finding| {
        f.formulas.get(&(x.at.row, x.at.col)).is_some_and(|p| {
            stale
                .iter()
                .any(|&s| s != (x.at.row, x.at.col) && reads(&f.formulas.expr(p), s))
        })
    };
    let roots: Vec<Finding> = out.iter().filter(|x| !follows(x)).cloned().collect();
    // (Cells that only read each other, all stale: none is the start; each is said.)
    if roots.is_empty() {
        out
    } else {
        roots
    }
}

/// Whether a formula `ROUND(x/y,d)` over two cells of its own sheet (a
/// percentage: the commonest formula of these reports) gives the saved
/// `value`, told without dividing: where the quotient lies within half a unit
/// of the value's last place, with room to spare for the last of the 28 digits
/// a decimal division keeps, the quotient rounds to the value, and the formula
/// computed would agree with it to the digit. False where that cannot be told
/// so (the formula is then computed as any other).
fn rounds_to(f: &SheetFormulas, p: &super::Parsed, value: Decimal) -> bool {
    let Expr::Func(name, args) = f.formulas.tree(p) else {
        return false;
    };
    let [Expr::Bin(Op::Div, x, y), Expr::Num(places)] = args.as_slice() else {
        return false;
    };
    let (Expr::Ref(x), Expr::Ref(y)) = (&**x, &**y) else {
        return false;
    };
    if name != "ROUND" || x.sheet.is_some() || y.sheet.is_some() {
        return false;
    }
    let figure = |r| {
        let (row, col) = f.formulas.place(p, r);
        f.number(row, col)
    };
    let (Some(x), Some(y)) = (figure(x), figure(y)) else {
        return false;
    };
    match places.trunc().to_u32() {
        Some(places) if places <= 18 => rounds_exactly(x, y, places, value),
        _ => false,
    }
}

/// 10^n, for n up to 38.
const POW10: [i128; 39] = {
    let mut out = [1i128; 39];
    let mut n = 1;
    while n < 39 {
        out[n] = out[n - 1] * 10;
        n += 1;
    }
    out
};

/// Whether `x / y` rounded to `places` decimals is `value`, told in whole
/// numbers where the quotient is far enough from a midpoint (false where not).
fn rounds_exactly(x: Decimal, y: Decimal, places: u32, value: Decimal) -> bool {
    (|| {
        let pow = |n: u32| POW10.get(n as usize).copied();
        // The value in units of its last place `places`: K.
        let k = match value.scale().checked_sub(places) {
            None => value.mantissa().checked_mul(pow(places - value.scale())?)?,
            Some(0) => value.mantissa(),
            Some(extra) => {
                let unit = pow(extra)?;
                (value.mantissa() % unit == 0).then(|| value.mantissa() / unit)?
            }
        };
        // (Past 10^15 units, the division's last digit could matter.)
        if k.unsigned_abs() >= 1_000_000_000_000_000 || y.is_zero() {
            return None;
        }
        // The quotient in those units: a / b.
        let mut a = x
            .mantissa()
            .checked_mul(pow(y.scale().checked_add(places)?)?)?;
        let mut b = y.mantissa().checked_mul(pow(x.scale())?)?;
        if b < 0 {
            (a, b) = (a.checked_neg()?, b.checked_neg()?);
        }
        // |a/b - K| < 1/2 - 10^-12: b - 2 |a - K b| > 2 b / 10^12, which
        // b / 2^38 is more than (a whole number is above a fraction exactly
        // when it is above its floor).
        let off = a.checked_sub(k.checked_mul(b)?)?.checked_abs()?;
        let spare = b.checked_sub(off.checked_mul(2)?)?;
        Some(spare > b >> 38)
    })()
    .unwrap_or(false)
}

/// Whether a formula reads the cell `(row, col)` of its own sheet, by itself
/// or within a range.
fn reads(e: &Expr, cell: (u32, u32)) -> bool {
    e.boxes().iter().any(|b| b.sheet.is_none() && b.holds(cell))
}

fn finding(
    f: &SheetFormulas,
    row: u32,
    col: u32,
    value: rust_decimal::Decimal,
    computed: rust_decimal::Decimal,
) -> Finding {
    let text = f.sheet.formula(row, col).unwrap_or_default().to_string();
    let percent = f.percent(row, col);
    let points = |v: rust_decimal::Decimal| {
        if percent {
            v * rust_decimal::Decimal::ONE_HUNDRED
        } else {
            v
        }
    };
    Finding::new(
        Code::StaleValue,
        f.at(row, col),
        msg!(
            "formula.stale",
            formula = format!("={text}"),
            expected = f.shown(row, col, computed),
            value = f.shown(row, col, value)
        ),
    )
    .figures(
        points(value).normalize(),
        Some(super::tidy(points(computed))),
    )
    .help(msg!("formula.stale-help"))
    .fix(Some(super::tidy(points(computed))))
    .relation(Some(Relation::Formula(text)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn rounded(x: Decimal, y: Decimal, places: u32) -> Decimal {
        (x / y).round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    }

    #[test]
    fn a_percentage_is_told_without_dividing() {
        let d = |s: &str| Decimal::from_str_exact(s).unwrap();
        assert!(rounds_exactly(d("904512"), d("1000000"), 4, d("0.9045")));
        assert!(rounds_exactly(d("904512"), d("1000000"), 4, d("0.904500")));
        assert!(rounds_exactly(d("-2"), d("3"), 2, d("-0.67")));
        assert!(rounds_exactly(d("1.5"), d("0.5"), 4, d("3")));
        assert!(!rounds_exactly(d("904512"), d("1000000"), 4, d("0.9046")));
        assert!(!rounds_exactly(d("904512"), d("1000000"), 4, d("0.90451")));
        // A midpoint, and one a hair away from it: left to the division.
        assert!(!rounds_exactly(d("1"), d("8"), 2, d("0.13")));
        assert!(!rounds_exactly(d("1"), d("0"), 2, d("0")));
    }

    proptest! {
        #[test]
        fn told_only_where_the_division_agrees(
            mx in -10_000_000_000_000i64..10_000_000_000_000,
            sx in 0u32..12,
            my in -10_000_000_000_000i64..10_000_000_000_000,
            sy in 0u32..12,
            places in 0u32..8,
            nudge in -2i64..3,
        ) {
            let (x, y) = (Decimal::new(mx, sx), Decimal::new(my, sy));
            prop_assume!(!y.is_zero());
            let Some(q) = x.checked_div(y) else { return Ok(()) };
            let r = q.round_dp_with_strategy(places, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
            // The rounded quotient, or one a unit or two of its last place off.
            let value = r + Decimal::new(nudge, places);
            if rounds_exactly(x, y, places, value) {
                prop_assert_eq!(rounded(x, y, places), value);
            }
            if nudge == 0 && r.abs() < Decimal::from(1_000_000i64) {
                // Far from a midpoint, the usual case, it is told.
                let t = (q * Decimal::from(10i64.pow(places))).fract().abs();
                let near = Decimal::new(5, 1);
                if (t - near).abs() > Decimal::new(1, 6) {
                    prop_assert!(rounds_exactly(x, y, places, value));
                }
            }
        }
    }
}
