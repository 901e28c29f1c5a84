//! `selaras diff`: what changed between two versions of a report, by meaning, not
//! by cell position. Tables are paired by their kind (their rule) and order, rows
//! by kode or name (a renamed row is matched and its name reported as changed),
//! columns by what they mean; a row inserted above a table shifts no change.

use crate::checks::link::match_names;
use crate::finding::Value;
use crate::rules::{ColumnKind, Rules};
use crate::table::{Cell, Row, Table};
use crate::text::normalise;
use crate::workbook::{CellAddr, Workbook};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Kind {
    Changed,
    Added,
    Removed,
    /// A figure of a column that only grows through the year (the rule's
    /// `cumulative` headers: a realisation up to the quarter) that went down.
    Decreased,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Changed => "changed",
            Kind::Added => "added",
            Kind::Removed => "removed",
            Kind::Decreased => "cumulative-decrease",
        }
    }
}

/// One difference, in the report's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: Kind,
    pub rule: String,
    pub table: String,
    pub row: String,
    /// The column's header; empty for a whole row or table.
    pub column: String,
    pub old: Option<String>,
    pub new: Option<String>,
    pub old_at: Option<CellAddr>,
    pub new_at: Option<CellAddr>,
    /// The old and the new cell's value, typed: a figure at the scale it is
    /// shown with, or the text (`old` and `new` are both as the user reads them).
    pub values: (Option<Value>, Option<Value>),
}

/// A cell's value as a finding holds it.
fn typed(cell: &Cell) -> Option<Value> {
    match cell {
        Cell::Figure(f) => Some(Value::Number(crate::checks::scaled(f.value, f.scale))),
        Cell::Text(_) => shown(cell).map(Value::Text),
        Cell::Empty | Cell::Unreadable => None,
    }
}

fn shown(cell: &Cell) -> Option<String> {
    match cell {
        Cell::Figure(f) => Some(crate::number::format_id(f.value, f.scale)),
        Cell::Text(t) => Some(t.split_whitespace().collect::<Vec<_>>().join(" ")),
        Cell::Empty | Cell::Unreadable => None,
    }
}

/// The key a row is matched on: its kode if it has one, else its label.
fn key(table: &Table, rules: &Rules, row: &Row) -> String {
    let rule = &rules.tables[table.rule];
    let kode = rule.column_index("kode").and_then(|i| row.text(i));
    match kode {
        Some(k) if !k.trim().is_empty() => format!("kode {}", k.trim()),
        _ => format!("{} {}", row.kind, row.label()),
    }
}

/// Every change from `old` to `new`.
pub fn diff(old: &Workbook, new: &Workbook, rules: &Rules) -> Vec<Change> {
    let (a, _) = crate::read_tables(old, rules);
    let (b, _) = crate::read_tables(new, rules);
    let mut out = Vec::new();
    // Tables pair by rule and by their order among the tables of that rule.
    let nth = |tables: &[Table], i: usize| {
        tables[..i]
            .iter()
            .filter(|t| t.rule_id == tables[i].rule_id)
            .count()
    };
    let mut paired_b = vec![false; b.len()];
    for (i, ta) in a.iter().enumerate() {
        let n = nth(&a, i);
        let found = (0..b.len()).find(|&j| b[j].rule_id == ta.rule_id && nth(&b, j) == n);
        match found {
            Some(j) => {
                paired_b[j] = true;
                out.extend(tables(ta, &b[j], new, rules));
            }
            None => out.push(whole_table(Kind::Removed, ta)),
        }
    }
    for (j, tb) in b.iter().enumerate() {
        if !paired_b[j] {
            out.push(whole_table(Kind::Added, tb));
        }
    }
    out
}

fn whole_table(kind: Kind, t: &Table) -> Change {
    let at = CellAddr::new(&t.sheet, t.located.header_top, t.located.left);
    let (old_at, new_at) = if kind == Kind::Added {
        (None, Some(at))
    } else {
        (Some(at), None)
    };
    Change {
        kind,
        rule: t.rule_id.clone(),
        table: t.name.clone(),
        row: String::new(),
        column: String::new(),
        old: None,
        new: None,
        old_at,
        new_at,
        values: (None, None),
    }
}

/// A column's header lines from the table's top to its body, joined by ` > `.
fn header_path(book: &Workbook, t: &Table, col: u32) -> String {
    let Some(sheet) = book.sheet(&t.sheet) else {
        return String::new();
    };
    (t.located.header_top..t.located.body_start)
        .map(|r| sheet.merged_text(r, col))
        .map(|x| x.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|x| !x.is_empty())
        .collect::<Vec<_>>()
        .join(" > ")
}

fn tables(ta: &Table, tb: &Table, new: &Workbook, rules: &Rules) -> Vec<Change> {
    let rule = &rules.tables[ta.rule];
    let ka: Vec<String> = ta.rows.iter().map(|r| key(ta, rules, r)).collect();
    let kb: Vec<String> = tb.rows.iter().map(|r| key(tb, rules, r)).collect();
    let matched = match_names(&ka, &kb);
    let mut out = Vec::new();
    let change = |kind,
                  row: &str,
                  column: &str,
                  old: Option<String>,
                  new: Option<String>,
                  old_at,
                  new_at| Change {
        kind,
        rule: ta.rule_id.clone(),
        table: tb.name.clone(),
        row: row.to_string(),
        column: column.to_string(),
        old,
        new,
        old_at,
        new_at,
        values: (None, None),
    };
    let mut used = vec![false; tb.rows.len()];
    for (i, m) in matched.iter().enumerate() {
        let ra = &ta.rows[i];
        let Some((j, _)) = m else {
            out.push(change(
                Kind::Removed,
                ra.label(),
                "",
                Some(ra.label().to_string()),
                None,
                Some(CellAddr::new(&ta.sheet, ra.row, ta.located.left)),
                None,
            ));
            continue;
        };
        used[*j] = true;
        let rb = &tb.rows[*j];
        for (ci, col) in rule.columns.iter().enumerate() {
            let members = ta.members(ci).len().max(tb.members(ci).len());
            for mi in 0..members {
                let ca = ra.cell(ci, mi);
                let cb = rb.cell(ci, mi);
                // A figure up to the quarter that went down (later period second).
                let decreased = match (&ca, &cb) {
                    (Cell::Figure(x), Cell::Figure(y))
                        if col.kind == ColumnKind::Money && !rule.cumulative.is_empty() =>
                    {
                        y.exact < x.exact
                            && tb.member(ci, mi).is_some_and(|m| {
                                crate::text::any_matches(
                                    &rule.cumulative,
                                    &normalise(&header_path(new, tb, m.col)),
                                )
                            })
                    }
                    _ => false,
                };
                let same = match (&ca, &cb) {
                    (Cell::Figure(x), Cell::Figure(y)) => {
                        let s = x.scale.min(y.scale);
                        crate::number::round_half_up(x.value, s)
                            == crate::number::round_half_up(y.value, s)
                    }
                    (Cell::Text(x), Cell::Text(y)) if col.kind == ColumnKind::Text => {
                        normalise(x) == normalise(y)
                    }
                    _ => shown(&ca) == shown(&cb),
                };
                if same {
                    continue;
                }
                let at = |t: &Table, r: &Row| {
                    t.member(ci, mi)
                        .map(|m| CellAddr::new(&t.sheet, r.row, m.col))
                };
                let header_of = |t: &Table| {
                    if t.members(ci).len() > 1 {
                        t.member_header(ci, mi)
                    } else {
                        t.header(ci).to_string()
                    }
                };
                // The side that names the column more fully (`% Capaian
                // Kinerja` where a draft's table says `% Capaian`).
                let (old_header, header) = (header_of(ta), header_of(tb));
                // (A name told apart by its neighbour, `% Capaian (Realisasi)`,
                // is compared by its header.)
                let base = header.split(" (").next().unwrap_or(&header);
                let header = if old_header.len() > base.len() && old_header.contains(base) {
                    old_header
                } else {
                    header
                };
                let mut c = change(
                    if decreased {
                        Kind::Decreased
                    } else {
                        Kind::Changed
                    },
                    rb.label(),
                    &header,
                    shown(&ca),
                    shown(&cb),
                    at(ta, ra),
                    at(tb, rb),
                );
                c.values = (typed(&ca), typed(&cb));
                out.push(c);
            }
        }
    }
    for (j, rb) in tb.rows.iter().enumerate() {
        if !used[j] {
            out.push(change(
                Kind::Added,
                rb.label(),
                "",
                None,
                Some(rb.label().to_string()),
                None,
                Some(CellAddr::new(&tb.sheet, rb.row, tb.located.left)),
            ));
        }
    }
    out
}
