//! `sum-range` against the kode tree: a formula that adds, down a budget
//! export's money column, a row and rows that lie under it by kode counts
//! them twice. The grand total an export's user adds under the table,
//! `=SUBTOTAL(9,J10:J1055)` over every level (urusan, bidang, program,
//! kegiatan, sub kegiatan, rekening), is five times the budget.
//!
//! | Kode          | Uraian                      | Anggaran        |
//! |---------------|-----------------------------|-----------------|
//! | 1             | URUSAN WAJIB … DASAR        | 270.412.308.791 |
//! | 1.02          | URUSAN … KESEHATAN          | 270.412.308.791 |  (under 1)
//! | …             | …                           | …               |
//! | 2             | URUSAN WAJIB … TIDAK DASAR  |   7.231.759.396 |
//! |               |                             | =SUBTOTAL(9,J10:J1055): 1.388.220.340.935, where J10 + J927 is 277.644.068.187 |
//!
//! The correction adds the rows it adds that no other row it adds stands over.

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::eval::Val;
use super::{same, SheetFormulas};
use crate::finding::{Code, Finding, Relation, Severity};
use crate::msg;
use crate::rules::{Check, Rules};
use crate::table::Table;

pub fn check(f: &SheetFormulas, tables: &[Table], rules: &Rules) -> Vec<Finding> {
    let mut out = Vec::new();
    for table in tables.iter().filter(|t| t.sheet == f.sheet.name) {
        for check in &rules.tables[table.rule].checks {
            let Check::Tree { by, columns } = check else {
                continue;
            };
            let parent = crate::checks::tree::parents_in(table, *by);
            let index: HashMap<u32, usize> = table
                .rows
                .iter()
                .enumerate()
                .map(|(i, r)| (r.row, i))
                .collect();
            let sheet_cols: Vec<u32> = columns
                .iter()
                .flat_map(|&c| table.members(c).iter().map(|m| m.col))
                .collect();
            for col in sheet_cols {
                out.extend(column(f, table, &parent, &index, col));
            }
        }
    }
    out
}

/// The formulas of one sheet column that add rows of the table twice.
fn column(
    f: &SheetFormulas,
    table: &Table,
    parent: &[Option<usize>],
    index: &HashMap<u32, usize>,
    col: u32,
) -> Vec<Finding> {
    let Some(rows) = f.columns.get(&col) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for &p in rows {
        let Some(parsed) = f.formulas.get(&(p, col)) else {
            continue;
        };
        // The table's rows it adds. A SUBTOTAL adds only the rows a filter
        // shows: it is judged where the file says which rows were hidden when
        // it was saved and its saved value is what the shown rows add up to
        // (nor is one over other SUBTOTALs, which it leaves out, judged).
        let text = f.sheet.formula(p, col).unwrap_or_default();
        let subtotal = text.to_ascii_uppercase().contains("SUBTOTAL");
        let mut adds: Vec<u32> = parsed.adds.clone();
        if subtotal {
            let Some(hidden) = &f.sheet.hidden_rows else {
                continue;
            };
            adds.retain(|r| hidden.binary_search(r).is_err());
            let shown: Decimal = adds.iter().filter_map(|r| f.number(*r, col)).sum();
            if !f.number(p, col).is_some_and(|v| same(v, shown)) {
                continue;
            }
        }
        let added: Vec<usize> = adds.iter().filter_map(|r| index.get(r).copied()).collect();
        if added.len() < 2
            || adds.iter().any(|r| {
                f.sheet
                    .formula(*r, col)
                    .is_some_and(|t| t.to_ascii_uppercase().contains("SUBTOTAL"))
            })
        {
            continue;
        }
        let is_added = |k: usize| added.binary_search(&k).is_ok();
        let over = |k: usize| {
            let mut a = parent[k];
            while let Some(x) = a {
                if is_added(x) {
                    return Some(x);
                }
                a = parent[x];
            }
            None
        };
        let twice: Vec<(usize, usize)> = added
            .iter()
            .filter_map(|&k| over(k).map(|x| (k, x)))
            .collect();
        if twice.is_empty() {
            continue;
        }
        let tops: Vec<u32> = added
            .iter()
            .filter(|&&k| over(k).is_none())
            .map(|&k| table.rows[k].row)
            .collect();
        out.push(finding(f, p, col, &twice, &tops, table));
    }
    out
}

fn finding(
    f: &SheetFormulas,
    p: u32,
    col: u32,
    twice: &[(usize, usize)],
    tops: &[u32],
    table: &Table,
) -> Finding {
    let text = f.sheet.formula(p, col).unwrap_or_default();
    let refs: Vec<String> = tops.iter().map(|r| f.at(*r, col).a1()).collect();
    let corrected = if refs.len() <= 8 {
        refs.join("+")
    } else {
        format!("SUM({})", refs.join(","))
    };
    let expected = match f.compute(&super::expr::parse(&corrected)) {
        Some(Val::Num(v)) => Some(v),
        _ => None,
    };
    let value = f.number(p, col);
    // A few of the rows counted twice, each with the row it lies under.
    let examples: Vec<crate::i18n::Msg> = twice
        .iter()
        .take(3)
        .map(|(k, x)| {
            msg!(
                "formula.tree-under",
                row = f.at(table.rows[*k].row, col).a1(),
                over = f.at(table.rows[*x].row, col).a1()
            )
        })
        .collect();
    let shown = |v: Option<Decimal>| v.map_or_else(|| "?".to_string(), |v| f.shown(p, col, v));
    let agrees = matches!((expected, value), (Some(x), Some(v)) if same(x, v));
    let top = if tops.len() <= 8 {
        crate::i18n::Arg::Plain(format!("={corrected}"))
    } else {
        crate::i18n::Arg::Msg(msg!("formula.tree-tops", n = tops.len().to_string()))
    };
    let mut finding = Finding::new(
        Code::SumRange,
        f.at(p, col),
        msg!(
            "formula.tree-twice",
            formula = format!("={text}"),
            n = twice.len().to_string(),
            examples = crate::i18n::Arg::Join(examples, ", "),
            top = top.clone(),
            expected_value = shown(expected),
            value = shown(value)
        ),
    )
    .values(
        value.map(|v| v.normalize().to_string()).unwrap_or_default(),
        expected.map(|v| super::tidy(v).to_string()),
    )
    .inputs(tops.iter().map(|r| f.at(*r, col)).collect())
    .help(msg!("formula.tree-help", top = top))
    .fix(expected.map(super::tidy))
    .relation(Some(Relation::Formula(corrected)));
    if agrees || expected.is_none() {
        finding = finding.severity(Severity::Warning);
    }
    finding
}
