//! `over-limit`: a figure that cannot be more than another figure of its row,
//! and is. The anggaran kas (AKAS) up to a month is a part of the year's
//! anggaran; so is what was spent of it.
//!
//! | Uraian                     | Anggaran  | Realisasi | Pagu AKAS s.d. Juni |
//! |----------------------------|-----------|-----------|---------------------|
//! | Belanja Alat Tulis Kantor  | 1.904.400 | 305.250   | 1.904.400 (right)   |
//! | Belanja Alat Tulis Kantor  | 1.904.400 | 305.250   | 41.040.600 (wrong: above the year's 1.904.400) |
//!
//! Which of the two figures is wrong the row does not tell: there is no fix.

use toml::Spanned;

use super::show;
use crate::finding::{Code, Finding};
use crate::msg;
use crate::rules::{Build, Check, CheckSpec, RuleError};
use crate::table::Table;

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::AtMost { cell, limit } = check else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for row in &table.rows {
        for member in 0..table.members(*cell).len() {
            let (Some(found), Some(bound)) = (
                row.figure_at(*cell, member),
                row.figure_at(
                    *limit,
                    member.min(table.members(*limit).len().saturating_sub(1)),
                ),
            ) else {
                continue;
            };
            if found.exact <= bound.exact {
                continue;
            }
            let finding = Finding::new(
                Code::OverLimit,
                found.at.clone(),
                msg!(
                    "limit.message",
                    column = table.member_header(*cell, member),
                    value = show(&found),
                    limit = table.header(*limit),
                    cell = bound.at.a1(),
                    bound = show(&bound)
                ),
            )
            .figures(found.exact.normalize(), None)
            .inputs(vec![bound.at.clone()])
            .help(msg!(
                "limit.help",
                column = table.member_header(*cell, member),
                limit = table.header(*limit)
            ));
            out.push(finding.place(
                &table.name,
                row.label(),
                &table.member_header(*cell, member),
            ));
        }
    }
    out
}

/// `[[check]] type = "at_most"`: `cell` is at most `max` in the same row.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    cell: Option<Spanned<String>>,
    max: Option<Spanned<String>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        Ok(Check::AtMost {
            cell: b.required(&self.cell, "cell")?,
            limit: b.required(&self.max, "max")?,
        })
    }
}
