//! `selaras explain` and `selaras rules`: the finding codes and the table kinds.

use super::{load_rules, say};
use std::process::ExitCode;

use crate::cli::{ExplainArgs, RulesArgs};
use crate::render::{self};

pub(super) fn explain(args: ExplainArgs) -> ExitCode {
    let lang = crate::cli::language_or_env(args.lang);
    let text = match args.code.as_deref().map(str::trim) {
        None => render::explain::all_codes(lang),
        Some(name) => {
            // `[index-mismatch]` or `error[index-mismatch]` as the report shows it.
            let name = name
                .rsplit('[')
                .next()
                .unwrap_or(name)
                .trim_end_matches(']')
                .to_ascii_lowercase();
            match crate::finding::Code::from_name(&name) {
                Some(code) => render::explain::code(code, lang),
                None => {
                    say(lang, render::explain::unknown(&name, lang));
                    return ExitCode::from(2);
                }
            }
        }
    };
    if !super::emit(&text) {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}

pub(super) fn list_rules(args: RulesArgs) -> ExitCode {
    let lang = crate::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    if !super::emit(&render::explain::rules(&rules, lang)) {
        return ExitCode::from(2);
    }
    ExitCode::SUCCESS
}
