//! `range-chain`: a range with three or more corners (`AVERAGE(H20:H31:H36)`).
//! Excel reads it as the one box that spans every corner (H20:H36), so the rows
//! between the first range's end and the last corner are taken in as well:
//! rarely what was meant (a chained range is usually two ranges typed with `:`
//! instead of `,`, or a range extended by hand).

use super::expr::Expr;
use super::SheetFormulas;
use crate::finding::{Code, Finding};
use crate::msg;

pub fn check(f: &SheetFormulas) -> Vec<Finding> {
    let mut out = Vec::new();
    for (&(row, col), parsed) in &f.formulas {
        if !parsed.holds.chained {
            continue;
        }
        let e = f.formulas.expr(parsed);
        let mut chained = Vec::new();
        e.walk(&mut |node| {
            if let Expr::Range(corners) = node {
                if corners.len() > 2 {
                    chained.push(corners.clone());
                }
            }
        });
        for corners in chained {
            let range = Expr::Range(corners.clone()).a1();
            let top = corners.iter().map(|c| c.row).min().unwrap_or(0);
            let bottom = corners.iter().map(|c| c.row).max().unwrap_or(0);
            let left = corners.iter().map(|c| c.col).min().unwrap_or(0);
            let right = corners.iter().map(|c| c.col).max().unwrap_or(0);
            let boxed = format!(
                "{}:{}",
                crate::ooxml::a1::a1(top, left),
                crate::ooxml::a1::a1(bottom, right)
            );
            out.push(
                Finding::new(
                    Code::RangeChain,
                    f.at(row, col),
                    msg!(
                        "formula.chain",
                        formula = format!("={}", e.a1()),
                        range = range,
                        boxed = boxed
                    ),
                )
                .help(msg!("formula.chain-help")),
            );
        }
    }
    out.sort_by_key(|f| (f.at.row, f.at.col));
    out
}
