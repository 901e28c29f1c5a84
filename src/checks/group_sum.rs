//! A recap held to its detail: each row of a recap table is the sum of the
//! detail table's rows whose names it groups by (a `[[link]]` with `group`).
//!
//! A BPKAD's "Sumber dana per OPD" adds up "Sumber dana per sub kegiatan" by
//! OPD and sumber dana; its "Pagu per OPD" adds up the sumber dana of each OPD,
//! and its gaji ASN + TPP every salary component of the PNS and PPPK tables:
//!
//! | Nama OPD        | Sumber Dana | Total Pagu    |  =  Σ Pagu Indikatif of the sub kegiatan
//! |-----------------|-------------|---------------|     of Dinas Kesehatan paid from DAU
//! | Dinas Kesehatan | DAU         | 1.234.500.000 |
//!
//! Rows are grouped by their names as keys (case, spacing and punctuation set
//! aside), over every table of the detail's kind in the workbook (a PNS and a
//! PPPK table alike). What comes out:
//! - `cross-table-mismatch` at the recap's cell, the detail's cells as inputs
//!   and their sum as the figure expected;
//! - `unmatched-row` at the first detail row of a group no recap row states,
//!   where that group's sum is not zero (with `unmatched`, the default).

use std::collections::HashMap;

use rust_decimal::Decimal;

use crate::finding::{Code, Finding};
use crate::msg;
use crate::number::{format_id, round_half_up};
use crate::rules::{Link, Rules, Select};
use crate::table::{Row, Table};
use crate::text::name_key;
use crate::workbook::CellAddr;

/// One group of the detail: per compared column, the sum and the cells added.
struct Group<'t, 's> {
    first: (&'t Table<'s>, &'t Row<'s>),
    sums: Vec<(Decimal, u32, Vec<CellAddr>)>,
}

pub fn check(table: &Table, link: &Link, details: &[&Table], rules: &Rules) -> Vec<Finding> {
    // A recap whose detail the workbook does not hold is not held to it.
    if details.iter().all(|d| std::ptr::eq(*d, table)) {
        return Vec::new();
    }
    let mine: Vec<usize> = link.group.iter().map(|(c, _)| *c).collect();
    if !has_columns(table, &mine) {
        return Vec::new();
    }
    let (groups, order) = detail_groups(table, link, details, rules);
    let mut out = Vec::new();
    let mut stated: Vec<Vec<String>> = Vec::new();
    for row in table.rows_of(&link.rows) {
        let Some(key) = group_key(row, &mine) else {
            continue;
        };
        let group = groups.get(&key);
        stated.push(key);
        for (i, cmp) in link.compare.iter().enumerate() {
            let Some(f) = row.figure(cmp.this) else {
                continue;
            };
            let (sum, cells) = match group {
                Some(g) => (g.sums[i].0, g.sums[i].2.as_slice()),
                None => (Decimal::ZERO, &[][..]),
            };
            if super::judge(&f, sum, link.tolerance) != super::Verdict::Differs {
                continue;
            }
            let detail = group.map_or_else(|| link.with.clone(), |g| g.first.0.short_name());
            let names = names(row, link);
            out.push(
                Finding::new(
                    link.code,
                    f.at.clone(),
                    msg!(
                        "link.group-differs",
                        column = table.header(cmp.this),
                        row = row.label(),
                        value = format_id(f.value, f.scale),
                        n = cells.len(),
                        other = detail.as_str(),
                        group = names.as_str(),
                        sum = format_id(round_half_up(sum, f.scale), f.scale)
                    ),
                )
                .severity(link.severity)
                .place(&table.name, row.label(), table.header(cmp.this))
                .figures(
                    super::scaled(f.value, f.scale),
                    Some(super::scaled(round_half_up(sum, f.scale), f.scale)),
                )
                .formula(
                    msg!(
                        "link.group-formula",
                        here = table.header(cmp.this),
                        other = detail.as_str(),
                        group = names.as_str()
                    ),
                    cells.to_vec(),
                )
                .help(msg!("link.group-help", other = detail.as_str())),
            );
        }
    }
    if link.unmatched && !stated.is_empty() {
        for key in order.iter().filter(|k| !stated.contains(k)) {
            let g = &groups[key];
            if g.sums.iter().all(|(s, _, _)| s.is_zero()) {
                continue;
            }
            let (d, row) = g.first;
            let text = key.join(" / ");
            out.push(
                Finding::new(
                    Code::UnmatchedRow,
                    row.figure(0)
                        .map(|f| f.at)
                        .unwrap_or_else(|| CellAddr::new(&d.sheet, row.row, d.located.left)),
                    msg!(
                        "link.group-unmatched",
                        text = text.as_str(),
                        other = table.short_name()
                    ),
                )
                .place(&d.name, row.label(), d.header(0))
                .values(text.clone(), None)
                .help(msg!("link.unmatched-help", other = table.short_name())),
            );
        }
    }
    out
}

/// The detail's rows by group key, each with its sums per compared column,
/// and the keys in the order they first appear.
#[allow(clippy::type_complexity)]
fn detail_groups<'t, 's>(
    table: &Table,
    link: &Link,
    details: &[&'t Table<'s>],
    rules: &Rules,
) -> (HashMap<Vec<String>, Group<'t, 's>>, Vec<Vec<String>>) {
    let mut groups: HashMap<Vec<String>, Group> = HashMap::new();
    let mut order: Vec<Vec<String>> = Vec::new();
    for &d in details.iter().filter(|d| !std::ptr::eq(**d, table)) {
        let rule = &rules.tables[d.rule];
        let Some(cols) = link
            .group
            .iter()
            .map(|(_, k)| rule.column_index(k))
            .collect::<Option<Vec<usize>>>()
        else {
            continue;
        };
        if !has_columns(d, &cols) {
            continue;
        }
        let compared: Vec<Option<usize>> = link
            .compare
            .iter()
            .map(|c| rule.column_index(&c.other))
            .collect();
        for row in d.rows.iter().filter(|r| r.is(&link.other_rows)) {
            let Some(key) = group_key(row, &cols) else {
                continue;
            };
            let group = groups.entry(key.clone()).or_insert_with(|| {
                order.push(key);
                Group {
                    first: (d, row),
                    sums: vec![(Decimal::ZERO, 0, Vec::new()); link.compare.len()],
                }
            });
            for (i, (cmp, col)) in link.compare.iter().zip(&compared).enumerate() {
                let Some(col) = *col else {
                    continue;
                };
                let members = match cmp.select {
                    Select::All => 0..d.members(col).len(),
                    _ => 0..1,
                };
                for m in members {
                    if let Some(f) = row.figure_at(col, m) {
                        let (sum, scale, cells) = &mut group.sums[i];
                        *sum += f.exact;
                        *scale = (*scale).max(f.scale);
                        cells.push(f.at.clone());
                    }
                }
            }
        }
    }
    (groups, order)
}

/// How a row's group reads in a message: its names, joined.
fn names(row: &Row, link: &Link) -> String {
    link.group
        .iter()
        .filter_map(|(c, _)| row.text(*c))
        .collect::<Vec<_>>()
        .join(" / ")
}

/// Whether a table found every one of `cols`.
fn has_columns(table: &Table, cols: &[usize]) -> bool {
    cols.iter().all(|c| table.sheet_col(*c).is_some())
}

/// A row's group key: the names in `cols`, keyed for matching; None for a row
/// that names none of them.
fn group_key(row: &Row, cols: &[usize]) -> Option<Vec<String>> {
    let key: Vec<String> = cols
        .iter()
        .map(|c| row.text(*c).map(name_key).unwrap_or_default())
        .collect();
    key.iter().any(|k| !k.is_empty()).then_some(key)
}
