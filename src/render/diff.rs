//! `selaras diff` output: what changed between two drafts, table by table, in
//! the report's words; and its JSON document.

use serde::Serialize;

use crate::diff::{Change, Kind};
use crate::i18n::Lang;
use crate::msg;

pub fn human(old: &str, new: &str, changes: &[Change], lang: Lang) -> String {
    let mut out = format!("{old} -> {new}\n");
    let mut table = "";
    for c in changes {
        if c.table != table {
            table = &c.table;
            out.push_str(&format!("\n{table}\n"));
        }
        let at = |a: &Option<crate::workbook::CellAddr>| {
            a.as_ref().map(|x| x.qualified()).unwrap_or_default()
        };
        let value = |v: &Option<String>| v.clone().unwrap_or_else(|| lang.t("diff.empty"));
        let line = match (c.kind, c.row.is_empty()) {
            (Kind::Added, true) => msg!("diff.table-added", cell = at(&c.new_at)),
            (Kind::Removed, true) => msg!("diff.table-removed", cell = at(&c.old_at)),
            (Kind::Added, false) => {
                msg!("diff.row-added", row = c.row.as_str(), cell = at(&c.new_at))
            }
            (Kind::Removed, false) => {
                msg!(
                    "diff.row-removed",
                    row = c.row.as_str(),
                    cell = at(&c.old_at)
                )
            }
            (Kind::Changed | Kind::Decreased, _) => {
                crate::i18n::Msg::new(if c.kind == Kind::Decreased {
                    "diff.decreased"
                } else {
                    "diff.changed"
                })
                .arg("row", c.row.as_str())
                .arg("column", c.column.as_str())
                .arg("old", value(&c.old))
                .arg("new", value(&c.new))
                .arg("old_cell", at(&c.old_at))
                .arg("new_cell", at(&c.new_at))
            }
        };
        out.push_str("  ");
        out.push_str(&line.render(lang));
        out.push('\n');
    }
    let count = |k: Kind| changes.iter().filter(|c| c.kind == k).count();
    if changes.is_empty() {
        out.push_str(&format!("\n{}\n", lang.t("diff.same")));
        return out;
    }
    let summary = msg!(
        "diff.summary",
        changed = count(Kind::Changed) + count(Kind::Decreased),
        added = count(Kind::Added),
        removed = count(Kind::Removed)
    );
    let decreased = count(Kind::Decreased);
    let summary = if decreased > 0 {
        msg!("diff.summary-decreased", summary = summary, n = decreased)
    } else {
        summary
    };
    out.push_str(&format!("\n{}\n", summary.render(lang)));
    out
}

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    old: &'a str,
    new: &'a str,
    changes: Vec<Item<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct Item<'a> {
    kind: &'static str,
    rule: &'a str,
    table: &'a str,
    row: &'a str,
    column: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    old_cell: Option<String>,
    new_cell: Option<String>,
}

#[derive(Serialize)]
struct Summary {
    changed: usize,
    added: usize,
    removed: usize,
    /// Of the changed, the cumulative figures that went down (errors).
    cumulative_decrease: usize,
}

pub fn json(old: &str, new: &str, changes: &[Change]) -> String {
    let count = |k: Kind| changes.iter().filter(|c| c.kind == k).count();
    let doc = Document {
        version: 1,
        old,
        new,
        changes: changes
            .iter()
            .map(|c| Item {
                kind: c.kind.as_str(),
                rule: &c.rule,
                table: &c.table,
                row: &c.row,
                column: &c.column,
                old: c.old.as_deref(),
                new: c.new.as_deref(),
                old_cell: c.old_at.as_ref().map(|a| a.qualified()),
                new_cell: c.new_at.as_ref().map(|a| a.qualified()),
            })
            .collect(),
        summary: Summary {
            changed: count(Kind::Changed) + count(Kind::Decreased),
            added: count(Kind::Added),
            removed: count(Kind::Removed),
            cumulative_decrease: count(Kind::Decreased),
        },
    };
    let mut text = serde_json::to_string_pretty(&doc)
        .unwrap_or_else(|e| format!("{{\"version\":1,\"error\":\"{e}\"}}"));
    text.push('\n');
    text
}
