//! Cross-table relations: the same row carries the same figures and the same
//! name in every table that states it (the README, "What is checked": consistency between tables).
//!
//! - `cross-table-mismatch`: a figure differs (program budgets in the budget plan
//!   and the realisation table; totals of the efficiency table and the
//!   realisation table; capaian of the analysis table and the realisation table).
//! - `budget-revised` (info): a murni budget differs from the perubahan one.
//! - `label-mismatch`: the matched row is named differently ("Fasilitas" /
//!   "Fasilitasi"), which breaks matching; an indicator worded differently is an
//!   info, one that reads like another row's indicator a warning.
//! - `unmatched-row`: a row with no counterpart.
//!
//! | Tabel 2.5 Program                   | Anggaran         | Tabel 3.7 Anggaran (Rp) |
//! |-------------------------------------|------------------|-------------------------|
//! | Program Perekonomian dan Pembangunan| 1.565.899.000    | 1.565.899.000 (right)   |

use super::wording::Drift;
use crate::finding::{Code, Finding, Severity};
use crate::msg;
use crate::number::format_id;
use crate::rules::{Link, Rules, Select, TableRule};
use crate::table::{Figure, Row, Table};
use crate::text::{name_key, similarity};

/// Names at least this alike (in thousandths) are taken as the same row, misspelt.
const SAME_ROW: u32 = 600;
/// An indicator this alike to another row's indicator (and clearly more alike
/// than to its own) reads as copied from that row.
const COPIED: u32 = 850;

pub fn check(
    table: &Table,
    link: &Link,
    other: &Table,
    rules: &Rules,
    report_year: Option<u32>,
) -> Vec<Finding> {
    if std::ptr::eq(table, other) {
        return Vec::new();
    }
    let linked = Linked {
        table,
        other,
        link,
        other_rule: &rules.tables[other.rule],
        report_year,
        wording: &rules.wording,
    };
    let mine: Vec<&Row> = table.rows_of(&link.rows).collect();
    let theirs: Vec<&Row> = other.rows_of(&link.other_rows).collect();
    let mut out = Vec::new();
    let pairs: Vec<(&Row, &Row)> = match &link.by {
        Some((by, other_by)) => match linked.pairs_by_name(*by, other_by, &mine, &theirs, &mut out)
        {
            Some(pairs) => pairs,
            None => return out,
        },
        // Without names, each row is held against the other table's one row of that kind (its total).
        None => match theirs.as_slice() {
            [single] => mine.iter().map(|r| (*r, *single)).collect(),
            _ => Vec::new(),
        },
    };
    for (r, o) in &pairs {
        linked.compare_figures(r, o, &mine, &mut out);
        linked.compare_labels(r, o, &pairs, &mut out);
    }
    out
}

/// The two tables a link joins, and what comparing their rows needs.
struct Linked<'a> {
    table: &'a Table<'a>,
    other: &'a Table<'a>,
    link: &'a Link,
    other_rule: &'a TableRule,
    report_year: Option<u32>,
    wording: &'a super::wording::Wording,
}

/// A row of this table and its counterpart in the other.
type Pair<'a> = (&'a Row<'a>, &'a Row<'a>);

impl<'a> Linked<'a> {
    /// The other table's column of a key in its rule.
    fn ocol(&self, k: &str) -> Option<usize> {
        self.other_rule.column_index(k)
    }

    /// Pairs the rows by the names in their `by` columns, reporting names that
    /// drift and rows without a counterpart; None when there is nothing to match by.
    fn pairs_by_name(
        &self,
        by: usize,
        other_by: &str,
        mine: &[&'a Row<'a>],
        theirs: &[&'a Row<'a>],
        out: &mut Vec<Finding>,
    ) -> Option<Vec<Pair<'a>>> {
        let (table, other, link) = (self.table, self.other, self.link);
        let oby = self.ocol(other_by)?;
        // A table without the column to match by has nothing to match.
        if table.sheet_col(by).is_none() || other.sheet_col(oby).is_none() {
            return None;
        }
        let name = |r: &Row, c: usize| r.text(c).unwrap_or(r.label()).to_string();
        let a: Vec<String> = mine.iter().map(|r| name(r, by)).collect();
        let b: Vec<String> = theirs.iter().map(|r| name(r, oby)).collect();
        // Tables that state subsets of the indicators (unmatched = false) may name
        // one indicator in several rows (tujuan and sasaran): each row finds its own.
        let matched = if link.unmatched {
            match_names(&a, &b)
        } else {
            best_names(&a, &b)
        };
        for (i, m) in matched.iter().enumerate() {
            match m {
                Some((j, exact)) if !exact && link.unmatched => out.push(label_drift(
                    table,
                    mine[i],
                    by,
                    &a[i],
                    other,
                    theirs[*j],
                    oby,
                    &b[*j],
                    Label::Name,
                )),
                Some(_) => {}
                None if link.unmatched => out.push(unmatched(table, mine[i], by, &a[i], other)),
                None => {}
            }
        }
        let used: Vec<usize> = matched.iter().flatten().map(|(j, _)| *j).collect();
        for (j, r) in theirs.iter().enumerate() {
            if link.unmatched && !used.contains(&j) && !mine.is_empty() {
                out.push(unmatched(other, r, oby, &b[j], table));
            }
        }
        Some(
            matched
                .iter()
                .enumerate()
                .filter_map(|(i, m)| m.map(|(j, _)| (mine[i], theirs[j])))
                .collect(),
        )
    }

    /// Another row of this table, named alike but not the same as `r` (a
    /// sasaran's "Indeks Kepuasan Masyarakat Setda" beside a tujuan's "Indeks
    /// Kepuasan Masyarakat"), that states the other table's figure where `r`
    /// does not: `r` and it read as two series, and the other table follows
    /// the sibling. The sibling, `r`'s name and the sibling's, as the rows
    /// write them.
    fn series<'r>(
        &self,
        r: &Row,
        mine: &[&'r Row<'r>],
        col: usize,
        mi: usize,
        g: &Figure,
    ) -> Option<(&'r Row<'r>, String, String)> {
        let (by, _) = self.link.by.as_ref()?;
        let name = r.text(*by)?;
        mine.iter().find_map(|r2| {
            let other_name = r2.text(*by)?;
            let h = r2.figure_at(col, mi)?;
            let scale = h.scale.min(g.scale);
            (!std::ptr::eq(*r2, r)
                && name_key(name) != name_key(other_name)
                && super::repeat::same_indicator(name, other_name)
                && crate::number::round_half_up(h.value, scale)
                    == crate::number::round_half_up(g.value, scale))
            .then(|| (*r2, name.to_string(), other_name.to_string()))
        })
    }

    /// Holds each compared figure of a row against its counterpart's.
    fn compare_figures(&self, r: &Row, o: &Row, mine: &[&Row], out: &mut Vec<Finding>) {
        let (table, other, link) = (self.table, self.other, self.link);
        for cmp in &link.compare {
            let Some(oc) = self.ocol(&cmp.other) else {
                continue;
            };
            for mi in 0..table.members(cmp.this).len() {
                let Some(f) = r.figure_at(cmp.this, mi) else {
                    continue;
                };
                let oj = match cmp.select {
                    Select::First => Some(0),
                    Select::Last => other.members(oc).len().checked_sub(1),
                    Select::Year => table
                        .member(cmp.this, mi)
                        .and_then(|m| m.year)
                        .or(self.report_year)
                        .and_then(|y| other.members(oc).iter().position(|m| m.year == Some(y))),
                    // Only a `group` link sums members (validated).
                    Select::All => None,
                };
                let Some((oj, g)) = oj.and_then(|j| o.figure_at(oc, j).map(|g| (j, g))) else {
                    continue;
                };
                let scale = f.scale.min(g.scale);
                if crate::number::round_half_up(f.value, scale)
                    == crate::number::round_half_up(g.value, scale)
                    || (f.value - g.value).abs() <= link.tolerance
                {
                    continue;
                }
                let here = table.member_header(cmp.this, mi);
                let there = other.member_header(oc, oj);
                let finding = figure_differs(table, r, &here, &f, other, &there, &g, link);
                out.push(match self.series(r, mine, cmp.this, mi, &g) {
                    Some(sibling) => two_series(finding, sibling, other),
                    None => finding,
                });
            }
        }
    }

    /// Holds each compared label of a row against its counterpart's, naming the
    /// row an indicator reads as copied from.
    fn compare_labels(&self, r: &Row, o: &Row, pairs: &[Pair], out: &mut Vec<Finding>) {
        let (table, other) = (self.table, self.other);
        for (c, other_key) in &self.link.labels {
            let Some(oc) = self.ocol(other_key) else {
                continue;
            };
            let (Some(t), Some(u)) = (r.text(*c), o.text(oc)) else {
                continue;
            };
            if name_key(t) == name_key(u) {
                continue;
            }
            let drift = self.wording.drift(t, u);
            if drift == Drift::None {
                continue;
            }
            // An indicator closer to another row's indicator than to its own reads as copied.
            let own = similarity(&name_key(t), &name_key(u));
            let copied = pairs
                .iter()
                .filter(|(_, o2)| !std::ptr::eq(*o2, o))
                .filter_map(|(_, o2)| o2.text(oc).map(|x| (o2, x)))
                .map(|(o2, x)| (similarity(&name_key(t), &name_key(x)), o2))
                .filter(|(s, _)| *s >= COPIED && *s > own + 100)
                .max_by_key(|(s, _)| *s)
                .map(|(_, o2)| o2.label().to_string());
            let how = match (copied, drift) {
                (Some(source), _) => Label::Copied(source),
                (None, Drift::Unit { here, there }) => Label::Unit(here, there),
                (None, _) => Label::Reworded,
            };
            out.push(label_drift(table, r, *c, t, other, o, oc, u, how));
        }
    }
}

/// A figure that differs from the other table's where a sibling row states
/// the other table's figure: the difference is the two series', a warning
/// that names them.
fn two_series(
    f: Finding,
    (sibling, name, other_name): (&Row, String, String),
    other: &Table,
) -> Finding {
    let message = msg!(
        "link.series",
        message = f.message.clone(),
        name = other_name.as_str(),
        row = sibling.row + 1,
        other = other.short_name()
    );
    Finding { message, ..f }.guess(&name, &other_name)
}

/// How an indicator's wording differs from its counterpart's.
enum Label {
    /// A row's name spelt differently, which breaks matching (a warning).
    Name,
    /// It reads like another row's indicator (a warning).
    Copied(String),
    /// It measures another thing: what each side measures (a warning).
    Unit(String, String),
    /// Other words for the same kind of figure (information).
    Reworded,
}

/// Each name of `a` with its most alike name of `b`, equal first, alike
/// enough for the same indicator otherwise; several may share one.
pub fn best_names(a: &[String], b: &[String]) -> Vec<Option<(usize, bool)>> {
    let kb: Vec<String> = b.iter().map(|s| name_key(s)).collect();
    a.iter()
        .map(|s| {
            let k = name_key(s);
            // A name several rows share (a sasaran over its indicators) pairs nothing.
            let mut equal = kb.iter().enumerate().filter(|(_, x)| **x == k);
            match (equal.next(), equal.next()) {
                (Some((j, _)), None) => return Some((j, true)),
                (Some(_), Some(_)) => return None,
                _ => {}
            }
            if kb
                .iter()
                .filter(|x| super::repeat::same_indicator(&k, x))
                .count()
                > 1
            {
                return None;
            }
            kb.iter()
                .enumerate()
                .filter(|(_, x)| super::repeat::same_indicator(&k, x))
                .map(|(j, x)| (similarity(&k, x), j))
                .max_by_key(|(sim, j)| (*sim, std::cmp::Reverse(*j)))
                .map(|(_, j)| (j, false))
        })
        .collect()
}

/// Pairs each name of `a` with a name of `b`: equal names first, then the most
/// alike remaining pair, while alike enough. `(index in b, exactly equal)`.
pub fn match_names(a: &[String], b: &[String]) -> Vec<Option<(usize, bool)>> {
    let ka: Vec<String> = a.iter().map(|s| name_key(s)).collect();
    let kb: Vec<String> = b.iter().map(|s| name_key(s)).collect();
    let mut out: Vec<Option<(usize, bool)>> = vec![None; a.len()];
    let mut used = vec![false; b.len()];
    for (i, k) in ka.iter().enumerate() {
        if let Some(j) = (0..kb.len()).find(|&j| !used[j] && kb[j] == *k) {
            used[j] = true;
            out[i] = Some((j, true));
        }
    }
    let mut candidates: Vec<(u32, usize, usize)> = Vec::new();
    for (i, k) in ka.iter().enumerate() {
        if out[i].is_some() {
            continue;
        }
        for (j, l) in kb.iter().enumerate() {
            if !used[j] {
                let s = similarity(k, l);
                if s >= SAME_ROW {
                    candidates.push((s, i, j));
                }
            }
        }
    }
    // Most alike first; ties in table order, so the result is the same every run.
    candidates.sort_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)).then(x.2.cmp(&y.2)));
    for (_, i, j) in candidates {
        if out[i].is_none() && !used[j] {
            used[j] = true;
            out[i] = Some((j, false));
        }
    }
    out
}

fn at(table: &Table, row: &Row, col: usize) -> crate::workbook::CellAddr {
    crate::workbook::CellAddr::new(
        &table.sheet,
        row.row,
        table.sheet_col(col).unwrap_or(table.located.left),
    )
}

#[allow(clippy::too_many_arguments)]
fn figure_differs(
    table: &Table,
    r: &Row,
    here: &str,
    f: &Figure,
    other: &Table,
    there: &str,
    g: &Figure,
    link: &Link,
) -> Finding {
    let scale = f.scale.max(g.scale);
    let (message, help) = if link.code == Code::BudgetRevised {
        let diff = g.value - f.value;
        (
            msg!(
                "link.revised",
                column = here,
                row = r.label(),
                value = format_id(f.value, f.scale),
                other = other.short_name(),
                other_value = format_id(g.value, g.scale),
                cell = g.at.to_string(),
                revision = format!(
                    "{}{}",
                    if diff.is_sign_negative() { "−" } else { "+" },
                    format_id(diff.abs(), scale)
                )
            ),
            msg!("link.revised-help"),
        )
    } else {
        (
            msg!(
                "link.differs",
                column = here,
                row = r.label(),
                value = format_id(f.value, f.scale),
                other_value = format_id(g.value, g.scale),
                other = other.short_name(),
                cell = g.at.to_string()
            ),
            msg!(
                "link.differs-help",
                here = f.at.a1(),
                cell = g.at.to_string()
            ),
        )
    };
    // A murni budget is not "expected" to equal the perubahan one: information only.
    let expected = (link.code != Code::BudgetRevised).then(|| super::scaled(g.value, g.scale));
    Finding::new(link.code, f.at.clone(), message)
        .severity(link.severity)
        .place(&table.name, r.label(), here)
        .figures(super::scaled(f.value, f.scale), expected)
        .formula(
            if link.code == Code::BudgetRevised {
                msg!(
                    "link.revised-formula",
                    there = there,
                    other = other.short_name(),
                    here = here,
                    other_value = format_id(g.value, g.scale),
                    value = format_id(f.value, f.scale)
                )
            } else {
                msg!(
                    "link.formula",
                    here = here,
                    there = there,
                    other = other.short_name(),
                    cell = g.at.to_string()
                )
            },
            vec![g.at.clone()],
        )
        .help(help)
}

#[allow(clippy::too_many_arguments)]
fn label_drift(
    table: &Table,
    r: &Row,
    c: usize,
    text: &str,
    other: &Table,
    o: &Row,
    oc: usize,
    other_text: &str,
    how: Label,
) -> Finding {
    let here = at(table, r, c);
    let there = at(other, o, oc);
    let message = msg!(
        "link.label-differs",
        column = table.header(c),
        text = text,
        other_text = other_text,
        other = other.short_name(),
        cell = there.to_string()
    );
    let (severity, message, help) = match &how {
        Label::Copied(source) => (
            Severity::Warning,
            msg!(
                "link.label-copied",
                message = message,
                other_column = other.header(oc),
                source = source.as_str()
            ),
            msg!(
                "link.label-copied-help",
                column = table.header(c),
                source = source.as_str()
            ),
        ),
        Label::Unit(unit, other_unit) => (
            Severity::Warning,
            msg!(
                "link.label-unit",
                message = message,
                unit = unit.as_str(),
                other_unit = other_unit.as_str()
            ),
            msg!("link.label-unit-help", column = table.header(c)),
        ),
        Label::Name => (Severity::Warning, message, msg!("link.label-help")),
        Label::Reworded => (Severity::Info, message, msg!("link.label-help")),
    };
    Finding::new(Code::LabelMismatch, here, message)
        .severity(severity)
        .place(&table.name, r.label(), table.header(c))
        .values(text, Some(other_text.to_string()))
        .inputs(vec![there])
        .help(help)
}

fn unmatched(table: &Table, r: &Row, c: usize, text: &str, other: &Table) -> Finding {
    Finding::new(
        Code::UnmatchedRow,
        at(table, r, c),
        msg!("link.unmatched", text = text, other = other.short_name()),
    )
    .place(&table.name, r.label(), table.header(c))
    .values(text, None)
    .help(msg!("link.unmatched-help", other = other.short_name()))
}
