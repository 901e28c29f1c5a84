//! `target-mismatch` within a row: a figure that must equal another, such as the
//! Renstra's "kondisi akhir" and its final year's target (the README, "What is checked").
//!
//! | Indikator                  | 2022 | ... | 2026 | Kondisi akhir Renstra |
//! |----------------------------|------|-----|------|-----------------------|
//! | Indeks Kepuasan Masyarakat | 83   | ... | 86   | 86 (right)            |
//! | Indeks Kepuasan Masyarakat | 83   | ... | 86   | 85 (wrong: 86)        |

use rust_decimal::Decimal;
use toml::Spanned;

use super::{show, Derived};
use crate::finding::{Code, Finding};
use crate::msg;
use crate::rules::{Build, Check, CheckSpec, RuleError};
use crate::table::Table;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Equal {
        cell,
        to,
        last,
        code,
    } = check
    else {
        return Vec::new();
    };
    let member = if *last {
        table.members(*to).len().saturating_sub(1)
    } else {
        0
    };
    let mut out = Vec::new();
    for row in &table.rows {
        let (Some(found), Some(source)) = (row.figure(*cell), row.figure_at(*to, member)) else {
            continue;
        };
        let formula = msg!(
            "equal.formula",
            column = table.header(*cell),
            source = table.member_header(*to, member),
            cell = source.at.a1(),
            value = show(&source)
        );
        out.extend(
            Derived {
                code: *code,
                table,
                row,
                col: *cell,
                found: &found,
                exact: source.exact,
                tolerance: Decimal::ZERO,
                formula,
                inputs: vec![source.at.clone()],
                note: None,
                relation: None,
            }
            .finding(),
        );
    }
    out
}

/// `[[check]] type = "equal"`: `cell` equals `to` in the same row; of a `many`
/// column, `member` says which of its columns (`first`, the default, or `last`).
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    to: Option<Spanned<String>>,
    member: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let last = match &self.member {
            None => false,
            Some(m) => match m.get_ref().as_str() {
                "first" => false,
                "last" => true,
                other => {
                    return Err(b.error_at(
                        m.span().start,
                        "member",
                        format!("`{other}`: use first or last"),
                    ))
                }
            },
        };
        Ok(Check::Equal {
            cell: b.required(&self.cell, "cell")?,
            to: b.required(&self.to, "to")?,
            last,
            code: Code::TargetMismatch,
        })
    }
}
