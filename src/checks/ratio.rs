//! `percent-mismatch` for a plain ratio: serapan anggaran.
//!
//! Formula: `% = part / whole x 100` — serapan anggaran is realisasi (Rp) /
//! anggaran (Rp) x 100 (PMK 214/PMK.02/2017, P = RA / PA).
//!
//! | Kegiatan                      | Anggaran (Rp) | Realisasi (Rp) | % Capaian Anggaran |
//! |-------------------------------|---------------|----------------|--------------------|
//! | Administrasi Umum Perangkat D.| 5.907.470.000 | 4.826.172.914  | 81,70  (right)     |
//! | Penataan Organisasi           |   373.518.000 |   372.428.649  | 99,17  (wrong: 99,71) |

use rust_decimal::Decimal;
use toml::Spanned;

use super::{show, Derived};
use crate::finding::{Code, Finding, Relation};
use crate::msg;
use crate::rules::{Build, Check, CheckSpec, RuleError};
use crate::table::Table;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Ratio {
        cell,
        part,
        whole,
        rows,
        tolerance,
    } = check
    else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in table.rows_of(rows) {
        let (Some(found), Some(p), Some(w)) =
            (row.figure(*cell), row.figure(*part), row.figure(*whole))
        else {
            continue;
        };
        if w.exact.is_zero() {
            continue;
        }
        let exact = p.exact / w.exact * Decimal::ONE_HUNDRED;
        if super::judge(&found, exact, *tolerance) == super::Verdict::Agrees {
            continue;
        }
        let formula = msg!(
            "ratio.formula",
            part = table.header(*part),
            whole = table.header(*whole),
            part_cell = p.at.a1(),
            whole_cell = w.at.a1(),
            part_value = show(&p),
            whole_value = show(&w)
        );
        out.extend(
            Derived {
                code: Code::PercentMismatch,
                table,
                row,
                col: *cell,
                found: &found,
                exact,
                tolerance: *tolerance,
                formula,
                inputs: vec![p.at.clone(), w.at.clone()],
                note: None,
                relation: Some(Relation::Ratio {
                    part: p.at.clone(),
                    whole: w.at.clone(),
                }),
            }
            .finding(),
        );
    }
    out
}

/// `[[check]] type = "ratio"`: `cell = part / whole × 100` (serapan anggaran),
/// on the rows of the `rows` kinds (every row when none are named).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    part: Option<Spanned<String>>,
    whole: Option<Spanned<String>>,
    rows: Option<Vec<String>>,
    tolerance: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn row_kinds(&self) -> Vec<&String> {
        self.rows.iter().flatten().collect()
    }

    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::Ratio {
            cell: b.required(&self.cell, "cell")?,
            part: b.required(&self.part, "part")?,
            whole: b.required(&self.whole, "whole")?,
            tolerance: b.tolerance(&self.tolerance)?,
            rows: self.rows.unwrap_or_default(),
        })
    }
}
