//! `sum-skips-text`: a SUM whose range holds a figure stored as text
//! (`3.531.134.886,00` pasted from a report, or typed after an apostrophe).
//! The cell shows the figure like any other, but SUM passes over text: the
//! total is short by that figure, and nothing on the sheet says so.
//!
//! | row | OPD              | Total Pagu (Rp)        |
//! |-----|------------------|------------------------|
//! | 5   | Puskesmas Namlea | '3.531.134.886,00      |  <- text
//! | 68  | (total)          | =SUM(B2:B67)           |  <- 3.531.134.886 short

use rust_decimal::Decimal;

use super::expr::Expr;
use super::SheetFormulas;
use crate::finding::{Code, Finding};
use crate::msg;
use crate::workbook::Raw;

/// The most cells of one range looked through.
const MAX_CELLS: u64 = 1_000_000;

pub fn check(f: &SheetFormulas) -> Vec<Finding> {
    let mut out = Vec::new();
    for (&(row, col), p) in f.formulas.iter().filter(|(_, p)| p.holds.sum_of_range) {
        let mut skipped: Vec<(u32, u32, Decimal)> = Vec::new();
        f.formulas.expr(p).walk(&mut |node| {
            let Expr::Func(name, args) = node else {
                return;
            };
            if name != "SUM" {
                return;
            }
            let ranges = args.iter().filter(|a| matches!(a, Expr::Range(_)));
            for b in ranges.flat_map(Expr::boxes) {
                let size = u64::from(b.rows.1 - b.rows.0 + 1) * u64::from(b.cols.1 - b.cols.0 + 1);
                if b.sheet.is_some() || size > MAX_CELLS {
                    continue;
                }
                for (r, c) in b.cells() {
                    if let Raw::Text(t) = f.sheet.raw(r, c) {
                        if let Some(v) = figure(t) {
                            if !skipped.iter().any(|(x, y, _)| (*x, *y) == (r, c)) {
                                skipped.push((r, c, v));
                            }
                        }
                    }
                }
            }
        });
        if skipped.is_empty() {
            continue;
        }
        let Some(saved) = f.number(row, col) else {
            continue;
        };
        let missing: Decimal = skipped.iter().map(|(_, _, v)| *v).sum();
        let cells: Vec<String> = skipped
            .iter()
            .map(|(r, c, _)| format!("{} ('{}')", f.at(*r, *c).a1(), f.sheet.text(*r, *c).trim()))
            .collect();
        let text = f.sheet.formula(row, col).unwrap_or_default();
        let expected = saved + missing;
        out.push(
            Finding::new(
                Code::SumSkipsText,
                f.at(row, col),
                msg!(
                    "formula.skips-text",
                    formula = format!("={}", text.trim_start_matches('=')),
                    cells = cells.join(", "),
                    missing = crate::number::format_id(missing, missing.scale()),
                    value = f.shown(row, col, saved),
                    expected_value = f.shown(row, col, expected)
                ),
            )
            .figures(super::tidy(saved), Some(super::tidy(expected)))
            .inputs(skipped.iter().map(|(r, c, _)| f.at(*r, *c)).collect())
            .help(msg!("formula.skips-text-help")),
        );
    }
    out
}

/// A figure stored as text, written as the report writes figures (thousands
/// dots, a decimal comma): what SUM passes over. A percentage, a year-like
/// label or a kode is not one.
fn figure(text: &str) -> Option<Decimal> {
    let t = text.trim().trim_start_matches('\'');
    if t.ends_with('%') || t.is_empty() {
        return None;
    }
    let v = crate::number::read_plain(t)?;
    // A bare number of up to four digits (a year, a No, a kode) is a label
    // more often than a figure typed as text.
    let label = t.len() <= 4 && t.bytes().all(|b| b.is_ascii_digit());
    (!v.is_zero() && !label).then_some(v)
}

#[cfg(test)]
mod tests {
    use super::figure;

    #[test]
    fn a_figure_stored_as_text_is_read_as_the_report_writes_it() {
        assert_eq!(
            figure("3.531.134.886,00").map(|d| d.to_string()),
            Some("3531134886.00".into())
        );
        assert_eq!(
            figure("'1.250.000").map(|d| d.to_string()),
            Some("1250000".into())
        );
        assert_eq!(figure("87,5").map(|d| d.to_string()), Some("87.5".into()));
        for label in ["2024", "12", "90,45%", "", "0", "Jumlah", "1.02.01"] {
            assert_eq!(figure(label), None, "{label}");
        }
    }
}
