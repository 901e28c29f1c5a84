//! `selaras tables`: the tables selaras recognises, and the regions it could not read.

use super::{guarded, load_rules, say};
use std::process::ExitCode;

use crate::cli::TablesArgs;
use crate::render::{self};

pub(super) fn tables(args: TablesArgs) -> ExitCode {
    let lang = crate::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    let limits = args.limits.limits();
    let mut code = 0;
    for path in &args.files {
        let shown = guarded::<_, crate::workbook::LoadError>(path, || {
            let book = if crate::docx::is_docx(path) {
                crate::docx::Document::open_limited(path, &limits)?.workbook()
            } else {
                crate::workbook::Workbook::open_limited(path, true, &limits)?
            };
            let (tables, _) = crate::read_tables(&book, &rules);
            let unread = crate::unread_regions(&book, &rules, &tables);
            let on_sheet = |name: &str| args.sheet.as_deref().is_none_or(|s| s == name);
            let tables: Vec<_> = tables.into_iter().filter(|t| on_sheet(&t.sheet)).collect();
            let unread: Vec<_> = unread.into_iter().filter(|u| on_sheet(&u.sheet)).collect();
            let explained: Vec<_> = if args.explain {
                unread
                    .iter()
                    .map(|u| {
                        book.sheets
                            .iter()
                            .find(|s| s.name == u.sheet)
                            .map(|s| crate::coverage::candidates(s, &rules, u))
                            .unwrap_or_default()
                    })
                    .collect()
            } else {
                Vec::new()
            };
            // The levels the sheets' own formulas state, for the rows of the tables.
            let levels: std::collections::HashMap<String, _> = book
                .sheets
                .iter()
                .filter(|s| tables.iter().any(|t| t.sheet == s.name))
                .map(|s| (s.name.clone(), crate::audit::levels(&book, s)))
                .collect();
            Ok(
                render::tables::render(&path.display().to_string(), &tables, &levels, &rules, lang)
                    + &render::tables::unread(&unread, &explained, &rules, lang),
            )
        });
        match shown {
            Ok(text) => {
                if !super::emit(&text) {
                    return ExitCode::from(2);
                }
            }
            Err(e) => {
                say(lang, e.render(lang));
                code = 2;
            }
        }
    }
    ExitCode::from(code)
}
