//! `selaras diff`: what changed between two drafts, by meaning.

use super::{guarded, load_rules, say};
use std::process::ExitCode;

use crate::cli::{DiffArgs, Format};
use crate::render::{self};

pub(super) fn diff(args: DiffArgs) -> ExitCode {
    let lang = crate::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    let (old, new) = match (
        guarded(&args.old, || crate::open(&args.old, &rules, false)),
        guarded(&args.new, || crate::open(&args.new, &rules, false)),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            say(lang, e.render(lang));
            return ExitCode::from(2);
        }
    };
    let changes = crate::diff::diff(&old, &new, &rules);
    let (o, n) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let text = match args.format {
        Format::Json => render::diff::json(&o, &n, &changes),
        Format::Human => render::diff::human(&o, &n, &changes, lang),
    };
    if !super::emit(&text) {
        return ExitCode::from(2);
    }
    // Like diff(1): 0 the same, 1 different, 2 trouble.
    ExitCode::from(if changes.is_empty() { 0 } else { 1 })
}
