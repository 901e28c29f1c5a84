//! `out-of-range`: a figure outside what its kind can take. An IKM and each of
//! its unsur lie in [25, 100] (NRR x 25 with NRR in [1, 4], PermenPAN-RB 14/2017).
//!
//! | Unsur       | Nilai  |
//! |-------------|--------|
//! | Persyaratan | 90,88  (right)             |
//! | Biaya/Tarif | 107,30 (wrong: above 100)  |

use super::{decimal_string, place, show};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::number::format_id;
use crate::rules::Check;
use crate::table::Table;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Range { column, min, max } = check else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        for mi in 0..table.members(*column).len() {
            let Some(f) = row.figure_at(*column, mi) else {
                continue;
            };
            if f.value >= *min && f.value <= *max {
                continue;
            }
            let (lo, hi) = (format_id(*min, min.scale()), format_id(*max, max.scale()));
            out.push(
                place(
                    Finding::new(
                        Code::OutOfRange,
                        f.at.clone(),
                        msg!(
                            "range.outside",
                            column = table.member_header(*column, mi),
                            value = show(&f),
                            lo = lo.as_str(),
                            hi = hi.as_str()
                        ),
                    ),
                    table,
                    row,
                    *column,
                )
                .values(decimal_string(f.value, f.scale), None)
                .formula(
                    msg!(
                        "range.formula",
                        lo = lo,
                        hi = hi,
                        column = table.member_header(*column, mi)
                    ),
                    Vec::new(),
                )
                .help(msg!("range.help")),
            );
        }
    }
    out
}
