//! `selaras tables`: what selaras recognised in a workbook — each table, which
//! sheet column holds each rule column, and each row's kind and figures — for a
//! person writing rules or wondering why a row was (not) checked.

use std::fmt::Write;

use crate::i18n::Lang;
use crate::msg;
use crate::number::format_id;
use crate::rules::Rules;
use crate::table::{Cell, Table};
use crate::workbook::column_name;

/// `levels`: per sheet, the levels its own formulas state (crate::audit::levels),
/// shown beside the rows they are stated for.
pub fn render(
    path: &str,
    tables: &[Table],
    levels: &std::collections::HashMap<
        String,
        std::collections::BTreeMap<u32, crate::audit::Level>,
    >,
    rules: &Rules,
    lang: Lang,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        msg!(
            "tables.file",
            file = path,
            tables = crate::render::human::count(
                lang,
                tables.len(),
                "count.table.one",
                "count.table.many"
            )
        )
        .render(lang)
    );
    for t in tables {
        let heading = msg!(
            "tables.table",
            name = t.name.as_str(),
            rule = t.rule_id.as_str(),
            sheet = t.sheet.as_str(),
            range = t.range()
        );
        let _ = writeln!(out, "\n{}", heading.render(lang));
        for (i, members) in t.located.columns.iter().enumerate() {
            let cols: Vec<String> = members
                .iter()
                .map(|m| format!("{} \"{}\"", column_name(m.col), m.header))
                .collect();
            let key = rules.tables[t.rule]
                .columns
                .get(i)
                .map_or("?", |c| c.key.as_str());
            let _ = writeln!(
                out,
                "  {key:<16} {}",
                if cols.is_empty() {
                    lang.t("tables.not-found")
                } else {
                    cols.join(", ")
                }
            );
        }
        // The levels its figures tell, where the rule reads them so.
        let figures_read: Vec<crate::checks::hierarchy::Read> = rules.tables[t.rule]
            .checks
            .iter()
            .find(|c| matches!(c, crate::rules::Check::Hierarchy { .. }))
            .map(|c| crate::checks::hierarchy::reading(t, c))
            .unwrap_or_default();
        for r in &t.rows {
            let cells: Vec<String> = r
                .cells()
                .filter_map(|c| match c {
                    Cell::Figure(f) => {
                        Some(format!("{}={}", f.at.a1(), format_id(f.value, f.scale)))
                    }
                    Cell::Unreadable => Some("?".into()),
                    _ => None,
                })
                .collect();
            let section = r
                .section
                .as_deref()
                .map(|s| format!(" [{s}]"))
                .unwrap_or_default();
            let by_figures = figures_read.iter().find(|x| x.row == r.row).map(|x| {
                let col = rules.tables[t.rule]
                    .checks
                    .iter()
                    .find_map(|c| match c {
                        crate::rules::Check::Hierarchy { column, .. } => t.sheet_col(*column),
                        _ => None,
                    })
                    .unwrap_or(0);
                let rows = crate::audit::rows_text(col, &x.parts);
                let said = if x.level == "undecided" {
                    let (first, last) = (x.parts.first(), x.parts.last());
                    let span = format!(
                        "{}–{}",
                        first.map_or(0, |r| r + 1),
                        last.map_or(0, |r| r + 1)
                    );
                    msg!("tables.level-undecided", rows = span)
                } else {
                    let level = crate::i18n::Msg::new(level_key(x.level));
                    if x.by_layout {
                        msg!("tables.level-layout", level = level, rows = rows)
                    } else {
                        msg!("tables.level-figures", level = level, rows = rows)
                    }
                };
                format!("  [{}]", said.render(lang))
            });
            let level = levels
                .get(&t.sheet)
                .and_then(|l| l.get(&r.row))
                .map(|l| {
                    format!(
                        "  [{}]",
                        msg!(
                            "tables.level",
                            height = l.height,
                            cell = crate::ooxml::a1::a1(r.row, l.col),
                            rows = crate::audit::rows_text(l.col, &l.adds)
                        )
                        .render(lang)
                    )
                })
                .or(by_figures)
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  {} {:>4} {:<12}{section} {:<40} {}{level}",
                lang.t("tables.row"),
                r.row + 1,
                r.kind,
                truncate(r.label(), 40),
                cells.join(" ")
            );
        }
    }
    out
}

/// The catalogue key of a level the figures read.
fn level_key(level: &str) -> &'static str {
    match level {
        "heading" => "tables.level-heading",
        "program" => "tables.level-program",
        "kegiatan" => "tables.level-kegiatan",
        _ => "tables.level-total",
    }
}

/// The regions that look like tables but were not read, each with the nearest
/// rule; with `explained` (`--explain`), every rule that names some of its
/// columns, what it names and what it lacks.
pub fn unread(
    regions: &[crate::coverage::Unread],
    explained: &[Vec<crate::coverage::Candidate>],
    rules: &Rules,
    lang: Lang,
) -> String {
    let mut out = String::new();
    for (i, u) in regions.iter().enumerate() {
        let near = match &u.nearest {
            Some(n) => msg!(
                "tables.nearest",
                rule = rules.tables[n.rule].id.as_str(),
                missing = n.missing_keys.join(", ")
            ),
            None => msg!("tables.no-nearest"),
        };
        let _ = writeln!(
            out,
            "\n{}",
            msg!(
                "tables.unread",
                sheet = u.sheet.as_str(),
                range = u.range(),
                header = truncate(&u.header, 100),
                near = near
            )
            .render(lang)
        );
        for (rule, named, lacks) in explained.get(i).into_iter().flatten() {
            let _ = writeln!(
                out,
                "  {rule:<22} {}",
                msg!(
                    "tables.candidate",
                    named = named.join(", "),
                    lacks = if lacks.is_empty() {
                        "-".to_string()
                    } else {
                        lacks.join(", ")
                    }
                )
                .render(lang)
            );
        }
    }
    out
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let cut: String = s.chars().take(n - 1).collect();
        format!("{cut}…")
    }
}
