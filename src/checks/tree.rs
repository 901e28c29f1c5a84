//! `sum-mismatch` by kode: in a budget export each row's kode says where it
//! sits (urusan `1`, bidang `1.02`, program `1.02.01`, kegiatan `1.02.01.2.01`,
//! sub kegiatan `1.02.01.2.01.0001`, then the rekening `5.1.02` … `5.1.02.01.001.00024`,
//! often spread over several kode columns). A row is the sum of the rows right
//! under it, in every money column.
//!
//! | Kode              | Rekening      | Uraian                          | Anggaran   |
//! |-------------------|---------------|---------------------------------|------------|
//! | 1.02.01.2.01.0001 |               | Penyusunan Dokumen Perencanaan  | 22.696.700 | = 6.250.700 + 16.446.000
//! | 1.02.01.2.01.0001 | 5.1.02.01     | Belanja Barang                  |  6.250.700 |
//! | 1.02.01.2.01.0001 | 5.1.02.04     | Belanja Perjalanan Dinas        | 16.446.000 |
//!
//! Row Y is under row X when every kode X states Y states alike, except X's
//! last, which Y's extends (`5.1.02` → `5.1.02.01`) or which Y follows with a
//! kode of a further column. A row's parent is the nearest row above it that it
//! is under; a kode repeated (a page's header carried over) is not a child.

use rust_decimal::Decimal;
use toml::Spanned;

use crate::finding::Finding;
use crate::rules::{Build, Check, CheckSpec, RowRole, RuleError};
use crate::table::{Cell, Figure, Table};

pub fn check(table: &Table, check: &Check) -> Vec<Finding> {
    let Check::Tree { by, columns } = check else {
        return Vec::new();
    };
    let keys = kode_keys(table, *by);
    let one_column = table.members(*by).len() == 1;
    let parent = parents(&keys, one_column);
    let roots = top_rows(&keys, &parent, one_column);
    // Each row's children, in order, gathered in one pass.
    let mut kids: Vec<Vec<usize>> = vec![Vec::new(); table.rows.len()];
    for (k, p) in parent.iter().enumerate() {
        if let Some(p) = p {
            kids[*p].push(k);
        }
    }
    let mut out = Vec::new();
    for &col in columns {
        let members = table.members(col).len().max(1);
        // A row its children find wrong is read at their sum by the rows above
        // it (children lie below their parent: the rows bottom up), so a
        // kegiatan mistyped is said once, not again at its program.
        let mut meant: Vec<Vec<Option<Decimal>>> = vec![vec![None; members]; table.rows.len()];
        for k in (0..table.rows.len()).rev() {
            if kids[k].is_empty() {
                continue;
            }
            for m in 0..members {
                if let Some((f, sum)) = compare(table, k, &kids[k], (col, m), &meant) {
                    out.push(f);
                    meant[k][m] = Some(sum);
                }
            }
        }
        for (t, row) in table.rows.iter().enumerate() {
            if row.role != Some(RowRole::Total) {
                continue;
            }
            let above: Vec<usize> = roots
                .iter()
                .copied()
                .filter(|&k| table.rows[k].row < row.row)
                .collect();
            if above.is_empty() {
                continue;
            }
            for m in 0..members {
                out.extend(compare(table, t, &above, (col, m), &meant).map(|(f, _)| f));
            }
        }
    }
    out
}

/// Each row's parent in the kode tree of column `by` (an index into the
/// table's rows), as the tree check reads it.
pub fn parents_in(table: &Table, by: usize) -> Vec<Option<usize>> {
    let keys = kode_keys(table, by);
    parents(&keys, table.members(by).len() == 1)
}

/// Each row's kode, one per kode column, with those typed only above carried down.
fn kode_keys(table: &Table, by: usize) -> Vec<Vec<String>> {
    let typed: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|r| {
            (0..table.members(by).len())
                .map(|m| match r.cell(by, m) {
                    Cell::Text(t) => t.trim().to_string(),
                    Cell::Figure(f) => f.value.normalize().to_string(),
                    _ => String::new(),
                })
                .collect()
        })
        .collect();
    // An export that types each row's kode only in its own column (the urusan in
    // A, the program in C, the rekening in D) leaves the columns before it to
    // the rows above: they are carried down.
    let mut keys: Vec<Vec<String>> = Vec::with_capacity(typed.len());
    for (i, own) in typed.iter().enumerate() {
        let Some(last) = own.iter().rposition(|k| !k.is_empty()) else {
            keys.push(own.clone());
            continue;
        };
        let above = keys[..i]
            .iter()
            .rev()
            .find(|k| k.iter().any(|s| !s.is_empty()));
        let key: Vec<String> = own
            .iter()
            .enumerate()
            .map(|(m, k)| match (k.is_empty(), above) {
                (true, Some(a)) if m < last => a[m].clone(),
                _ => k.clone(),
            })
            .collect();
        keys.push(key);
    }
    keys
}

/// Each row's parent row, by its kode; None at the top of a tree or without kode.
fn parents(keys: &[Vec<String>], one_column: bool) -> Vec<Option<usize>> {
    // Each row's parent: the nearest row above whose kode it extends. With the
    // kode in one column, a kode of another family after a row ("5.1.02", a
    // rekening, after the sub kegiatan "1.02.01.2.01.0001") starts the rows
    // under the nearest row of another family. A kode nothing above explains
    // starts a tree of its own.
    let mut parent: Vec<Option<usize>> = vec![None; keys.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (i, key) in keys.iter().enumerate() {
        if key.iter().all(String::is_empty) {
            continue;
        }
        if let Some(depth) = stack.iter().rposition(|&a| under(key, &keys[a])) {
            stack.truncate(depth + 1);
            parent[i] = Some(stack[depth]);
        } else if one_column {
            // (A rekening of two parts, "5.1" BELANJA OPERASI, only right
            // under a kegiatan or sub kegiatan: five parts or more.)
            let restart = stack
                .iter()
                .rposition(|&a| family(&keys[a]) != family(key))
                .filter(|&d| {
                    segments(key) >= 3 || (segments(key) == 2 && segments(&keys[stack[d]]) >= 5)
                });
            if let Some(depth) = restart {
                stack.truncate(depth + 1);
                parent[i] = Some(stack[depth]);
            }
        } else {
            stack.clear();
        }
        stack.push(i);
    }
    parent
}

/// The rows at the top of the tree, which a JUMLAH row without kode sums.
fn top_rows(keys: &[Vec<String>], parent: &[Option<usize>], one_column: bool) -> Vec<usize> {
    // A JUMLAH row without kode: the sum of the rows at the top of the tree.
    let first_family = keys
        .iter()
        .find(|k| k.iter().any(|s| !s.is_empty()))
        .map(|k| family(k).to_string());
    (0..keys.len())
        .filter(|&i| parent[i].is_none() && keys[i].iter().any(|k| !k.is_empty()))
        // One column: rekening that started trees of their own are not tops.
        .filter(|&i| !one_column || first_family.as_deref() == Some(family(&keys[i])))
        .collect()
}

/// The first part of a row's last kode: `5` for a rekening `5.1.02`, `1` for
/// a program `1.02.01`.
fn family(key: &[String]) -> &str {
    key.iter()
        .rev()
        .find(|k| !k.is_empty())
        .and_then(|k| k.split('.').next())
        .unwrap_or("")
}

/// How many parts a row's last kode has: 3 for `5.1.02`.
fn segments(key: &[String]) -> usize {
    key.iter()
        .rev()
        .find(|k| !k.is_empty())
        .map_or(0, |k| k.split('.').count())
}

/// Whether kode `child` lies under kode `parent` (their kode columns alike).
fn under(child: &[String], parent: &[String]) -> bool {
    let Some(last) = parent.iter().rposition(|k| !k.is_empty()) else {
        return false;
    };
    if (0..last).any(|m| parent[m] != child[m]) {
        return false;
    }
    let (p, c) = (&parent[last], &child[last]);
    let deeper_column = child[last + 1..].iter().any(|k| !k.is_empty());
    (p == c && deeper_column)
        || (c.len() > p.len() && c.starts_with(p.as_str()) && c[p.len()..].starts_with('.'))
}

/// Row `k`'s figure in member `m` of `col` against its `children`: a finding
/// (and the sum it should be) when it is neither their sum as stated nor as
/// meant (a child found wrong read at its own children's sum).
fn compare(
    table: &Table,
    k: usize,
    children: &[usize],
    (col, m): (usize, usize),
    meant: &[Vec<Option<Decimal>>],
) -> Option<(Finding, Decimal)> {
    let row = &table.rows[k];
    let found = row.figure_at(col, m)?;
    let stated: Vec<(usize, Figure)> = children
        .iter()
        .filter_map(|&c| Some((c, table.rows[c].figure_at(col, m)?)))
        .collect();
    let as_stated: Vec<Figure> = stated.iter().map(|(_, f)| f.clone()).collect();
    let key = |parts: &[Figure]| match parts.len() {
        1 => "tree.formula-one",
        _ => "tree.formula",
    };
    let mut f = super::sum::held_to_sum(table, row, col, &found, &as_stated, key(&as_stated))?;
    let parts: Vec<Figure> = stated
        .into_iter()
        .map(|(c, mut f)| {
            if let Some(v) = meant[c][m] {
                f.exact = v;
            }
            f
        })
        .collect();
    if parts
        .iter()
        .zip(&as_stated)
        .any(|(a, b)| a.exact != b.exact)
    {
        f = super::sum::held_to_sum(table, row, col, &found, &parts, key(&parts))?;
    }
    let sum = parts
        .iter()
        .try_fold(Decimal::ZERO, |a, f| a.checked_add(f.exact))?;
    if let Some(child) = swapped_child(table, (col, m), &found, &parts, sum) {
        // The parent is right: the rows above read it as stated.
        return Some((child, found.exact));
    }
    // Each member (a triwulan's Rp) by its own header.
    if table.members(col).len() > 1 {
        f.column_label = table.member_header(col, m);
    }
    Some((f, sum))
}

/// The one child that, with two adjacent digits swapped back, makes the
/// children add up to the parent's figure, where the parent's own figure
/// cannot be read so (an export computes the parent; a rekening is typed):
/// the finding at that child. None where no child, or more than one, or the
/// parent too, reads so.
fn swapped_child(
    table: &Table,
    (col, m): (usize, usize),
    found: &Figure,
    parts: &[Figure],
    sum: Decimal,
) -> Option<Finding> {
    let gap = found.exact - sum;
    if super::add::swap_by(found.value, found.scale, -gap).is_some() {
        return None;
    }
    let mut fits = parts
        .iter()
        .filter_map(|p| super::add::swap_by(p.value, p.scale, gap).map(|meant| (p, meant)));
    let (part, meant) = fits.next()?;
    if fits.next().is_some() {
        return None;
    }
    let child = table.rows.iter().find(|r| r.row == part.at.row)?;
    let label = table.member_header(col, m);
    let mut f = super::add::swapped_finding(table, child, (col, part, meant), (&label, found))?;
    if table.members(col).len() > 1 {
        f.column_label = label;
    }
    Some(f)
}

/// Whether a table's rows say where they sit by their kode: most rows with a
/// figure have a dotted kode (`1.02.01`), so the kode tree, not the figures,
/// gives the levels.
pub fn kode_read(table: &Table, by: usize) -> bool {
    let keys = kode_keys(table, by);
    let dotted = keys
        .iter()
        .filter(|k| k.iter().any(|t| t.contains('.')))
        .count();
    dotted >= 3 && dotted * 2 >= table.rows.len()
}

/// `[[check]] type = "tree"`: each row with a kode (`by`, a `many` column) is
/// the sum of the rows whose kode extends it, in each of `columns`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Spec {
    by: Option<Spanned<String>>,
    columns: Option<Vec<Spanned<String>>>,
}

impl CheckSpec for Spec {
    fn build(self, b: &Build) -> Result<Check, RuleError> {
        let columns = b.listed(&self.columns)?;
        Ok(Check::Tree {
            by: b.required(&self.by, "by")?,
            columns,
        })
    }
}
