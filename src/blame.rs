//! One mistyped figure, said once at its own cell: two totals that are each off
//! by the same amount, and that share exactly one figure among those they add
//! up, point at that figure. A sub kegiatan's triwulan IV Rp typed 12.060.000
//! for 12.600.000 leaves both its row's year (13 = 9+10+11+12) and its
//! kegiatan's triwulan IV 540.000 short of what they state; the two totals are
//! right, the quarter is not.
//!
//! |                 | TW IV Rp       | Year Rp        |
//! |-----------------|----------------|----------------|
//! | kegiatan        | 30.500.000 (= S11 + S12 if S12 is 12.600.000) |
//! | sub kegiatan    | 12.060.000 ←   | 41.825.000 (= … + S12 if S12 is 12.600.000) |
//!
//! The figure must be typed (a formula's value is its formula's business) and
//! no finding may already stand at it.

use rust_decimal::Decimal;

use crate::finding::{Code, Finding};
use crate::msg;
use crate::number::format_id;
use crate::workbook::Workbook;

/// Replaces each pair of `sum-mismatch` findings that one typed figure
/// explains by one finding at that figure.
pub fn one_cell(findings: &mut Vec<Finding>, book: &Workbook) {
    let gap = |f: &Finding| -> Option<Decimal> {
        (f.code == Code::SumMismatch)
            .then(|| f.difference())
            .flatten()
    };
    let mut i = 0;
    while i < findings.len() {
        let Some(gi) = gap(&findings[i]) else {
            i += 1;
            continue;
        };
        let pair = (i + 1..findings.len()).find_map(|j| {
            let (a, b) = (&findings[i], &findings[j]);
            if gap(b) != Some(gi) || a.at.sheet != b.at.sheet {
                return None;
            }
            let common: Vec<_> = a.inputs.iter().filter(|c| b.inputs.contains(c)).collect();
            let [cell] = common.as_slice() else {
                return None;
            };
            let sheet = book.sheet(&cell.sheet)?;
            if sheet.formula(cell.row, cell.col).is_some()
                || findings.iter().any(|f| f.at == **cell)
            {
                return None;
            }
            let stated = crate::checks::numbered::figure(sheet, cell.row, cell.col)?;
            Some((j, (*cell).clone(), stated))
        });
        let Some((j, cell, stated)) = pair else {
            i += 1;
            continue;
        };
        let Some(meant) = stated.shown.checked_add(gi) else {
            i += 1;
            continue;
        };
        let b = findings.remove(j);
        let a = findings.remove(i);
        // The row's words from the total on the figure's row, the column's
        // from the total in its column.
        let on_row = if a.at.row == cell.row { &a } else { &b };
        let in_column = if a.at.col == cell.col { &a } else { &b };
        let f = Finding::new(
            Code::SumMismatch,
            cell.clone(),
            msg!(
                "blame.one-cell",
                cell = cell.a1(),
                found = format_id(stated.shown, stated.scale),
                expected = format_id(meant, stated.scale),
                first = a.at.a1(),
                second = b.at.a1()
            ),
        )
        .place(&a.table, &on_row.row_label, &in_column.column_label)
        .figures(stated.shown, Some(meant))
        .formula(
            msg!(
                "blame.formula",
                first = a.at.a1(),
                first_found = format_id(
                    a.found
                        .as_ref()
                        .and_then(crate::finding::Value::number)
                        .unwrap_or_default(),
                    stated.scale
                ),
                second = b.at.a1(),
                second_found = format_id(
                    b.found
                        .as_ref()
                        .and_then(crate::finding::Value::number)
                        .unwrap_or_default(),
                    stated.scale
                ),
                gap = format_id(gi, stated.scale),
                cell_shared = cell.a1()
            ),
            vec![a.at.clone(), b.at.clone()],
        )
        .help(msg!(
            "blame.help",
            cell = cell.a1(),
            expected = format_id(meant, stated.scale)
        ));
        let f = Finding {
            fix: Some(meant),
            ..f
        };
        findings.insert(i, f);
        i += 1;
    }
}
