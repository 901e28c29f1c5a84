//! `selaras reconcile`: each section's submission held against the compiled report.

use super::{exit_for, guarded, load_rules, say, workbooks_in};
use std::io::IsTerminal;
use std::process::ExitCode;

use super::check::fix_into;
use crate::cli::{Format, ReconcileArgs};
use crate::render::{self, Outcome};
use crate::rules::Rules;
use crate::workbook::{Limits, LoadError, Workbook};
use crate::FileReport;

/// Runs `selaras reconcile`: reads the workbooks, reconciles them, prints the report.
pub(super) fn reconcile(args: ReconcileArgs) -> ExitCode {
    let lang = crate::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    let compiled = match guarded(&args.compiled, || {
        crate::open(&args.compiled, &rules, false)
    }) {
        Ok(b) => b,
        Err(e) => {
            say(lang, e.render(lang));
            return ExitCode::from(2);
        }
    };
    let budget = match &args.budget {
        Some(path) => match guarded(path, || crate::open(path, &rules, false)) {
            Ok(b) => Some((path.display().to_string(), b)),
            Err(e) => {
                say(lang, e.render(lang));
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let (sections, unreadable) = open_sections(&args, &rules);
    let compiled_path = args.compiled.display().to_string();
    let result = crate::reconcile::reconcile(
        (&compiled_path, &compiled),
        &sections,
        budget.as_ref().map(|(p, b)| (p.as_str(), b)),
        &rules,
    );
    // With --fix the sections are the source of their rows: their figures go into
    // a corrected copy of the compiled report, and its totals are recomputed.
    let compiled_outcome = if args.fix {
        fix_compiled(&args, &result.compiled, &rules, lang)
    } else {
        Ok(result.compiled.clone())
    };
    let mut outcomes: Vec<Outcome> = vec![compiled_outcome];
    outcomes.extend(result.budget.iter().map(|b| Ok(b.report.clone())));
    outcomes.extend(result.sections.iter().map(|s| Ok(s.report.clone())));
    outcomes.extend(unreadable.into_iter().map(|e| Err(e.into())));
    let summaries: Vec<(String, crate::reconcile::Summary)> = result
        .sections
        .iter()
        .map(|s| (s.report.path.clone(), s.summary))
        .collect();
    let budget = result
        .budget
        .as_ref()
        .map(|b| (b.report.path.clone(), b.summary));
    let text = match args.format {
        Format::Json => render::json::render_reconcile(&outcomes, &summaries, budget.as_ref()),
        Format::Human => render_human(&outcomes, &summaries, budget.as_ref(), args.width, lang),
    };
    if !super::emit(&text) {
        return ExitCode::from(2);
    }
    exit_for(&outcomes)
}

/// The section workbooks among the submissions (not the compiled one), and the
/// files that could not be read.
fn open_sections(args: &ReconcileArgs, rules: &Rules) -> (Vec<(String, Workbook)>, Vec<LoadError>) {
    let mut sections = Vec::new();
    let mut unreadable = Vec::new();
    for path in workbooks_in(&args.submissions) {
        if path == args.compiled || args.budget.as_ref() == Some(&path) {
            continue;
        }
        match guarded(&path, || crate::open(&path, rules, false)) {
            Ok(b) => sections.push((path.display().to_string(), b)),
            Err(e) => unreadable.push(e),
        }
    }
    (sections, unreadable)
}

/// Writes the corrected copy of the compiled report (the sections' figures where
/// they differ, totals recomputed); the outcome is the reconcile report, less what
/// was corrected.
fn fix_compiled(
    args: &ReconcileArgs,
    compiled: &FileReport,
    rules: &Rules,
    lang: crate::i18n::Lang,
) -> Outcome {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| crate::output::corrected_path(&args.compiled));
    fix_compiled_into(&args.compiled, &output, args.force, compiled, rules, lang)
}

/// Writes to `output` the corrected copy of the compiled report at `path`,
/// whose reconcile report is `compiled` (`reconcile --fix`, and the desk's
/// reconciled report).
pub(crate) fn fix_compiled_into(
    path: &std::path::Path,
    output: &std::path::Path,
    force: bool,
    compiled: &FileReport,
    rules: &Rules,
    lang: crate::i18n::Lang,
) -> Outcome {
    let first: Vec<_> = compiled
        .findings
        .iter()
        .filter(|f| f.code == crate::finding::Code::ReconcileMismatch)
        .cloned()
        .collect();
    let options = crate::fix::Options {
        unsafe_fixes: false,
        formulas: false,
        totals: true,
        lang,
    };
    fix_into(
        path,
        output,
        force,
        options,
        &first,
        rules,
        &Limits::default(),
    )
    .map(|mut r| {
        // The reconcile findings stay the report; the copy's own check is summarised.
        let fixed = r.fixed.take();
        let mut report = compiled.clone();
        // What was corrected is no longer a finding of the copy.
        if let Some(fixed) = &fixed {
            report
                .findings
                .retain(|f| !fixed.changes.iter().any(|(at, ..)| *at == f.at));
        }
        report.fixed = fixed;
        report
    })
}

/// The human report: a line per section with its counts, then every file's findings.
fn render_human(
    outcomes: &[Outcome],
    summaries: &[(String, crate::reconcile::Summary)],
    budget: Option<&(String, crate::reconcile::Summary)>,
    width: u16,
    lang: crate::i18n::Lang,
) -> String {
    let mut t = String::new();
    if let Some((path, s)) = budget {
        let line = summary(crate::i18n::Msg::new("reconcile.budget"), path, s, lang);
        t.push_str(&format!("{}\n\n", line.render(lang)));
    }
    if !summaries.is_empty() {
        t.push_str(&format!("{}\n", lang.t("reconcile.sections")));
    }
    for (path, s) in summaries {
        let line = summary(crate::i18n::Msg::new("reconcile.section"), path, s, lang);
        t.push_str(&format!("  {}\n", line.render(lang)));
    }
    if !summaries.is_empty() {
        t.push('\n');
    }
    t.push_str(&render::human::render(
        outcomes,
        render::human::Style {
            width: usize::from(width),
            color: std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            lang,
            verbose: false,
        },
    ));
    t
}

/// A file's counts in the words of `line` (a section's, or the budget export's).
fn summary(
    line: crate::i18n::Msg,
    path: &str,
    s: &crate::reconcile::Summary,
    lang: crate::i18n::Lang,
) -> crate::i18n::Msg {
    line.arg("file", path)
        .arg(
            "rows",
            render::human::count(lang, s.submitted, "count.row.one", "count.row.many"),
        )
        .arg("matched", s.matched)
        .arg("inexact", s.inexact)
        .arg("differing", s.differing)
        .arg("missing", s.missing)
}
