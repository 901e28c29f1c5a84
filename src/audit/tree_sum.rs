//! `sum-range` against the kode tree, in a budget export's money columns:
//! - a formula that adds a row and rows that lie under it by kode counts them
//!   twice. Sumenep's grand total under its table, `=SUBTOTAL(9,J15:J1053)`,
//!   adds every sub kegiatan and every rekening under it: 1.388.220.340.935,
//!   where its 82 sub kegiatan give 277.644.068.187 (the table's JUMLAH). The
//!   correction adds the rows it adds that no other row it adds stands over.
//! - a formula on a row that leaves out a row under it by kode that nothing it
//!   adds counts: corrected to the rows right under it.
//!
//! | Kode              | Uraian                     | Anggaran   |
//! |-------------------|----------------------------|------------|
//! | 1.02.01.2.01.0001 | Penyusunan Dokumen         | 22.696.700 |
//! | 5.1.02            | Belanja Barang dan Jasa    | 22.696.700 |  (under the sub kegiatan)
//! | 5.1.02.01         | Belanja Barang             |  6.250.700 |  (under 5.1.02)
//! | …                 | …                          | …          |
//! |                   |                            | =SUBTOTAL(9,J15:J1053): each rekening counted again at every level above it |

use std::collections::HashMap;

use rust_decimal::Decimal;

use super::eval::Val;
use super::{same, SheetFormulas};
use crate::finding::{Code, Finding, Relation, Severity};
use crate::msg;
use crate::rules::{Check, Rules};
use crate::table::Table;

/// The tables of this sheet whose rule sums them by kode and that have one (a
/// table without kode has no kode tree to hold its formulas to): each with its
/// kode column and the money columns the tree holds.
fn kode_trees<'t>(
    f: &'t SheetFormulas,
    tables: &'t [Table],
    rules: &'t Rules,
) -> impl Iterator<Item = (&'t Table<'t>, &'t usize, &'t Vec<usize>)> + 't {
    tables
        .iter()
        .filter(move |t| t.sheet == f.sheet.name)
        .flat_map(move |table| {
            rules.tables[table.rule]
                .checks
                .iter()
                .filter_map(move |c| match c {
                    Check::Tree { by, columns } if crate::checks::tree::kode_read(table, *by) => {
                        Some((table, by, columns))
                    }
                    _ => None,
                })
        })
}

pub fn check(f: &SheetFormulas, tables: &[Table], rules: &Rules) -> Vec<Finding> {
    let mut out = Vec::new();
    for (table, by, columns) in kode_trees(f, tables, rules) {
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
        let mut kids: Vec<Vec<usize>> = vec![Vec::new(); parent.len()];
        for (k, p) in parent.iter().enumerate() {
            if let Some(p) = p {
                kids[*p].push(k);
            }
        }
        let tree = Tree {
            parent: &parent,
            kids: &kids,
            index: &index,
        };
        for col in sheet_cols {
            out.extend(column(f, table, &tree, col));
        }
    }
    out
}

/// Whether the formula at (row, col), in a money column of a table read by a
/// kode tree, is right by that tree: it adds no row twice; every row of the
/// table between the first and the last it adds that it leaves out lies under
/// one it adds (a sub kegiatan's rekening, counted in the sub kegiatan) or over
/// one (a kegiatan, counted through its sub kegiatan); and, on a row of the
/// table, every row under it by kode is so counted.
/// Such a total is the tree's to judge, not the column's blocks of formulas
/// (`sum_range`), which know no kode.
pub fn complete(f: &SheetFormulas, tables: &[Table], rules: &Rules, row: u32, col: u32) -> bool {
    let Some(parsed) = f.formulas.get(&(row, col)) else {
        return false;
    };
    for (table, by, columns) in kode_trees(f, tables, rules) {
        if !columns
            .iter()
            .any(|&c| table.members(c).iter().any(|m| m.col == col))
        {
            continue;
        }
        let parent = crate::checks::tree::parents_in(table, *by);
        let index: Vec<usize> = parsed
            .adds
            .iter()
            .filter_map(|r| table.rows.iter().position(|x| x.row == *r))
            .collect();
        let (Some(&first), Some(&last)) = (index.first(), index.last()) else {
            continue;
        };
        let added = |k: usize| index.binary_search(&k).is_ok();
        let under_added = |k: usize| ancestor(&parent, k, &added).is_some();
        let twice = index.iter().any(|&k| under_added(k));
        // (A row over rows it adds, a kegiatan over its sub kegiatan, is
        // counted through them.)
        let mut over_added = vec![false; table.rows.len()];
        for &k in &index {
            let mut a = parent[k];
            while let Some(x) = a {
                if over_added[x] {
                    break;
                }
                over_added[x] = true;
                a = parent[x];
            }
        }
        let covered = (first..=last).all(|k| added(k) || under_added(k) || over_added[k]);
        // A row of the table itself: every row under it by kode is added,
        // or lies under one added.
        let own = table.rows.iter().position(|x| x.row == row);
        let under_own = |k: usize| ancestor(&parent, k, &|x| Some(x) == own).is_some();
        let whole = own.is_none()
            || (0..table.rows.len())
                .filter(|&k| under_own(k))
                .all(|k| added(k) || under_added(k));
        return !twice && covered && whole;
    }
    false
}

/// The formulas of one sheet column that add rows of the table twice.
/// The nearest row above `k` in the kode tree for which `pred` holds.
fn ancestor(parent: &[Option<usize>], k: usize, pred: &dyn Fn(usize) -> bool) -> Option<usize> {
    let mut a = parent[k];
    while let Some(x) = a {
        if pred(x) {
            return Some(x);
        }
        a = parent[x];
    }
    None
}

/// A table's kode tree: each row's parent and children, and rows by sheet row.
struct Tree<'a> {
    parent: &'a [Option<usize>],
    kids: &'a [Vec<usize>],
    index: &'a HashMap<u32, usize>,
}

fn column(f: &SheetFormulas, table: &Table, tree: &Tree, col: u32) -> Vec<Finding> {
    let (parent, index) = (tree.parent, tree.index);
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
        if let Some(found) = leaves_out(f, table, tree, (p, col), &added) {
            out.push(found);
            continue;
        }
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
        let over = |k: usize| ancestor(parent, k, &is_added);
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

/// A formula on a row of the table that adds some of the rows under it by
/// kode and leaves others out (a rekening of its own that nothing it adds
/// counts): found, corrected to the rows right under it.
fn leaves_out(
    f: &SheetFormulas,
    table: &Table,
    tree: &Tree,
    (p, col): (u32, u32),
    added: &[usize],
) -> Option<Finding> {
    let own = *tree.index.get(&p)?;
    if added.is_empty() || added.contains(&own) {
        return None;
    }
    let is_added = |k: usize| added.binary_search(&k).is_ok();
    // The rows under it, each with whether a row it adds counts it.
    let mut under: Vec<(usize, bool)> = Vec::new();
    let mut stack: Vec<(usize, bool)> = tree.kids[own].iter().map(|&k| (k, false)).collect();
    while let Some((k, counted)) = stack.pop() {
        under.push((k, counted));
        let counted = counted || is_added(k);
        stack.extend(tree.kids[k].iter().map(|&c| (c, counted)));
    }
    // Everything it adds lies under it; what it leaves out under it is missing.
    let mut is_under = vec![false; table.rows.len()];
    for (k, _) in &under {
        is_under[*k] = true;
    }
    if !added.iter().all(|&k| is_under[k]) {
        return None;
    }
    let mut missing: Vec<u32> = under
        .iter()
        .filter(|(k, counted)| !counted && !is_added(*k))
        .map(|(k, _)| table.rows[*k].row)
        .filter(|&r| f.number(r, col).is_some_and(|v| !v.is_zero()))
        .collect();
    missing.sort_unstable();
    if missing.is_empty() {
        return None;
    }
    let kids: Vec<u32> = tree.kids[own].iter().map(|&k| table.rows[k].row).collect();
    let c = Corrected::of(f, (p, col), &kids);
    let values: Vec<String> = missing
        .iter()
        .map(|r| {
            f.number(*r, col)
                .map_or_else(|| "0".into(), |v| f.shown(*r, col, v))
        })
        .collect();
    let part = msg!(
        "formula.tree-leaves-out",
        rows = super::rows_text(col, &missing),
        values = values.join("; ")
    );
    let message = msg!(
        "formula.sum",
        formula = format!("={}", c.text),
        parts = crate::i18n::Arg::Join(vec![part], "; "),
        expected = format!("={}", c.formula),
        expected_value = c.shown(c.expected),
        value = c.shown(c.value)
    );
    let help = msg!("formula.sum-help", expected = format!("={}", c.formula));
    Some(c.finding(message, help))
}

/// The formula a total should be: the rows it should add, what it gives, and
/// what the cell holds.
struct Corrected<'a, 'b> {
    f: &'a SheetFormulas<'b>,
    at: (u32, u32),
    rows: Vec<u32>,
    /// The formula as the cell holds it, and as it should read (without `=`).
    text: String,
    formula: String,
    expected: Option<Decimal>,
    value: Option<Decimal>,
}

impl<'a, 'b> Corrected<'a, 'b> {
    fn of(f: &'a SheetFormulas<'b>, (p, col): (u32, u32), rows: &[u32]) -> Self {
        let refs: Vec<String> = rows.iter().map(|r| f.at(*r, col).a1()).collect();
        let formula = if refs.len() <= 8 {
            refs.join("+")
        } else {
            format!("SUM({})", refs.join(","))
        };
        let expected = match f.compute(&super::expr::parse(&formula)) {
            Some(Val::Num(v)) => Some(v),
            _ => None,
        };
        Corrected {
            f,
            at: (p, col),
            rows: rows.to_vec(),
            text: f.sheet.formula(p, col).unwrap_or_default().to_string(),
            formula,
            expected,
            value: f.number(p, col),
        }
    }

    fn shown(&self, v: Option<Decimal>) -> String {
        v.map_or_else(
            || "?".to_string(),
            |v| self.f.shown(self.at.0, self.at.1, v),
        )
    }

    /// The `sum-range` finding: a warning where the cell's figure is right
    /// today (or the formula cannot be computed), an error otherwise.
    fn finding(self, message: crate::i18n::Msg, help: crate::i18n::Msg) -> Finding {
        let (p, col) = self.at;
        let agrees = matches!((self.expected, self.value), (Some(x), Some(v)) if same(x, v));
        let mut finding = Finding::new(Code::SumRange, self.f.at(p, col), message)
            .figures(
                self.value.map(|v| v.normalize()),
                self.expected.map(super::tidy),
            )
            .inputs(self.rows.iter().map(|r| self.f.at(*r, col)).collect())
            .help(help)
            .fix(self.expected.map(super::tidy))
            .relation(Some(Relation::Formula(self.formula)));
        if agrees || self.expected.is_none() {
            finding = finding.severity(Severity::Warning);
        }
        finding
    }
}

fn finding(
    f: &SheetFormulas,
    p: u32,
    col: u32,
    twice: &[(usize, usize)],
    tops: &[u32],
    table: &Table,
) -> Finding {
    let c = Corrected::of(f, (p, col), tops);
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
    let top = if tops.len() <= 8 {
        crate::i18n::Arg::Plain(format!("={}", c.formula))
    } else {
        crate::i18n::Arg::Msg(msg!("formula.tree-tops", n = tops.len().to_string()))
    };
    let message = msg!(
        "formula.tree-twice",
        formula = format!("={}", c.text),
        n = twice.len().to_string(),
        examples = crate::i18n::Arg::Join(examples, ", "),
        top = top.clone(),
        expected_value = c.shown(c.expected),
        value = c.shown(c.value)
    );
    c.finding(message, msg!("formula.tree-help", top = top))
}
