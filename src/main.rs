//! The `selaras` binary: parse arguments, run, map the outcome to an exit code:
//! 0 no error found, 1 at least one error found, 2 input unreadable or bad arguments.

use std::cell::{Cell, RefCell};
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;
use rayon::prelude::*;
use selaras::cli::{
    CheckArgs, CheckFormat, Cli, Color, Command, DiffArgs, ExplainArgs, Format, ReconcileArgs,
    RulesArgs, TablesArgs,
};
use selaras::render::{self, Outcome};
use selaras::rules::Rules;
use selaras::workbook::{Limits, LoadError};

mod progress;

fn main() -> ExitCode {
    quiet_panics_in_guarded_work();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command() {
        Command::Check(args) => check(args),
        Command::Tables(args) => tables(args),
        Command::Reconcile(args) => reconcile(args),
        Command::Diff(args) => diff(args),
        Command::Explain(args) => explain(args),
        Command::Rules(args) => list_rules(args),
    }
}

fn explain(args: ExplainArgs) -> ExitCode {
    let lang = selaras::cli::language_or_env(args.lang);
    match args.code.as_deref().map(str::trim) {
        None => print!("{}", render::explain::all_codes(lang)),
        Some(name) => {
            // `[index-mismatch]` or `error[index-mismatch]` as the report shows it.
            let name = name
                .rsplit('[')
                .next()
                .unwrap_or(name)
                .trim_end_matches(']')
                .to_ascii_lowercase();
            match selaras::finding::Code::from_name(&name) {
                Some(code) => print!("{}", render::explain::code(code, lang)),
                None => {
                    say(lang, render::explain::unknown(&name, lang));
                    return ExitCode::from(2);
                }
            }
        }
    }
    ExitCode::SUCCESS
}

fn list_rules(args: RulesArgs) -> ExitCode {
    let lang = selaras::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    print!("{}", render::explain::rules(&rules, lang));
    ExitCode::SUCCESS
}

/// The workbooks in a list of files and folders (folders searched through), in order.
fn workbooks_in(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
    fn walk(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        let mut entries: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
        entries.sort();
        for p in entries {
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|e| {
                ["xlsx", "xlsm", "xls", "xlsb", "ods"]
                    .iter()
                    .any(|x| e.eq_ignore_ascii_case(x))
            }) && !p
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("~$"))
            {
                out.push(p);
            }
        }
    }
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            walk(p, &mut out);
        } else {
            out.push(p.clone());
        }
    }
    out
}

fn reconcile(args: ReconcileArgs) -> ExitCode {
    let lang = selaras::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    let compiled = match guarded(&args.compiled, || {
        selaras::open(&args.compiled, &rules, false)
    }) {
        Ok(b) => b,
        Err(e) => {
            say(lang, e.render(lang));
            return ExitCode::from(2);
        }
    };
    let mut sections = Vec::new();
    let mut unreadable = Vec::new();
    for path in workbooks_in(&args.submissions) {
        if path == args.compiled {
            continue;
        }
        match guarded(&path, || selaras::open(&path, &rules, false)) {
            Ok(b) => sections.push((path.display().to_string(), b)),
            Err(e) => unreadable.push(e),
        }
    }
    let compiled_path = args.compiled.display().to_string();
    let result = selaras::reconcile::reconcile((&compiled_path, &compiled), &sections, &rules);
    // With --fix the sections are the source of their rows: their figures go into
    // a corrected copy of the compiled report, and its totals are recomputed.
    let compiled_outcome = if args.fix {
        let output = args
            .output
            .clone()
            .unwrap_or_else(|| selaras::output::corrected_path(&args.compiled));
        let first: Vec<_> = result
            .compiled
            .findings
            .iter()
            .filter(|f| f.code == selaras::finding::Code::ReconcileMismatch)
            .cloned()
            .collect();
        let options = selaras::fix::Options {
            unsafe_fixes: false,
            formulas: false,
            totals: true,
            lang,
        };
        fix_into(
            &args.compiled,
            &output,
            args.force,
            options,
            &first,
            &rules,
            &Limits::default(),
        )
        .map(|mut r| {
            // The reconcile findings stay the report; the copy's own check is summarised.
            let fixed = r.fixed.take();
            let mut report = result.compiled.clone();
            // What was corrected is no longer a finding of the copy.
            if let Some(fixed) = &fixed {
                report
                    .findings
                    .retain(|f| !fixed.changes.iter().any(|(at, ..)| *at == f.at));
            }
            report.fixed = fixed;
            report
        })
    } else {
        Ok(result.compiled.clone())
    };
    let mut outcomes: Vec<Outcome> = vec![compiled_outcome];
    outcomes.extend(result.sections.iter().map(|s| Ok(s.report.clone())));
    outcomes.extend(unreadable.into_iter().map(Err));
    let summaries: Vec<(String, selaras::reconcile::Summary)> = result
        .sections
        .iter()
        .map(|s| (s.report.path.clone(), s.summary))
        .collect();
    let text = match args.format {
        Format::Json => render::json::render_reconcile(&outcomes, &summaries),
        Format::Human => {
            let mut t = format!("{}\n", lang.t("reconcile.sections"));
            for (path, s) in &summaries {
                let line = selaras::msg!(
                    "reconcile.section",
                    file = path,
                    rows =
                        render::human::count(lang, s.submitted, "count.row.one", "count.row.many"),
                    matched = s.matched,
                    inexact = s.inexact,
                    differing = s.differing,
                    missing = s.missing
                );
                t.push_str(&format!("  {}\n", line.render(lang)));
            }
            t.push('\n');
            t.push_str(&render::human::render(
                &outcomes,
                render::human::Style {
                    width: usize::from(args.width),
                    color: std::io::stdout().is_terminal()
                        && std::env::var_os("NO_COLOR").is_none(),
                    lang,
                },
            ));
            t
        }
    };
    print!("{text}");
    exit_for(&outcomes)
}

fn diff(args: DiffArgs) -> ExitCode {
    let lang = selaras::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    let (old, new) = match (
        guarded(&args.old, || selaras::open(&args.old, &rules, false)),
        guarded(&args.new, || selaras::open(&args.new, &rules, false)),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            say(lang, e.render(lang));
            return ExitCode::from(2);
        }
    };
    let changes = selaras::diff::diff(&old, &new, &rules);
    let (o, n) = (
        args.old.display().to_string(),
        args.new.display().to_string(),
    );
    let text = match args.format {
        Format::Json => render::diff::json(&o, &n, &changes),
        Format::Human => render::diff::human(&o, &n, &changes, lang),
    };
    print!("{text}");
    // Like diff(1): 0 the same, 1 different, 2 trouble.
    ExitCode::from(if changes.is_empty() { 0 } else { 1 })
}

/// 0 no error, 1 errors found, 2 something could not be read.
fn exit_for(outcomes: &[Outcome]) -> ExitCode {
    let unreadable = outcomes.iter().any(Result::is_err);
    let errors = outcomes.iter().flatten().any(|r| r.tally().errors > 0);
    ExitCode::from(if unreadable {
        2
    } else if errors {
        1
    } else {
        0
    })
}

thread_local! {
    /// Whether the work under way on this thread is one file's, run by [`guarded`].
    static GUARDED: Cell<bool> = const { Cell::new(false) };
    /// The last panic inside [`guarded`] work on this thread: where and what (one
    /// per thread, since files are checked on several at once).
    static PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// A panic inside [`guarded`] work is kept for that file's error message rather
/// than printed; any other panic is printed as usual.
fn quiet_panics_in_guarded_work() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if GUARDED.with(Cell::get) {
            PANIC.with(|p| *p.borrow_mut() = Some(info.to_string().replace('\n', " ")));
        } else {
            default(info);
        }
    }));
}

/// Runs one file's work. Should selaras (or a library under it) panic on a file
/// it did not expect, that file gets an error saying so and the other files are
/// still checked.
fn guarded<T>(
    path: &std::path::Path,
    work: impl FnOnce() -> Result<T, LoadError>,
) -> Result<T, LoadError> {
    GUARDED.with(|g| g.set(true));
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work));
    GUARDED.with(|g| g.set(false));
    outcome.unwrap_or_else(|payload| {
        let what = PANIC
            .with(|p| p.borrow_mut().take())
            .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(LoadError {
            path: path.to_path_buf(),
            reason: selaras::msg!("load.internal", error = what),
        })
    })
}

/// Says what went wrong, on stderr, in the reader's language: `error: ...`.
fn say(lang: selaras::i18n::Lang, what: impl std::fmt::Display) {
    eprintln!(
        "{}",
        selaras::msg!("human.unreadable", error = what.to_string()).render(lang)
    );
}

fn load_rules(dir: Option<&std::path::Path>, lang: selaras::i18n::Lang) -> Option<Rules> {
    let rules = match dir {
        Some(dir) => Rules::with_dir(dir),
        None => Rules::built_in(),
    };
    match rules {
        Ok(r) => Some(r),
        Err(e) => {
            say(
                lang,
                selaras::msg!("batch.bad-rules", error = e.to_string()).render(lang),
            );
            None
        }
    }
}

fn tables(args: TablesArgs) -> ExitCode {
    let lang = selaras::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    let limits = args.limits.limits();
    let mut code = 0;
    for path in &args.files {
        let shown = guarded(path, || {
            let book = if selaras::docx::is_docx(path) {
                selaras::docx::Document::open_limited(path, &limits)?.workbook()
            } else {
                selaras::workbook::Workbook::open_limited(path, false, &limits)?
            };
            let (tables, _) = selaras::read_tables(&book, &rules);
            let unread = selaras::unread_regions(&book, &rules, &tables);
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
                            .map(|s| selaras::coverage::candidates(s, &rules, u))
                            .unwrap_or_default()
                    })
                    .collect()
            } else {
                Vec::new()
            };
            Ok(
                render::tables::render(&path.display().to_string(), &tables, &rules, lang)
                    + &render::tables::unread(&unread, &explained, &rules, lang),
            )
        });
        match shown {
            Ok(text) => print!("{text}"),
            Err(e) => {
                say(lang, e.render(lang));
                code = 2;
            }
        }
    }
    ExitCode::from(code)
}

/// Checks one workbook, settles its fixes and writes the corrected copy.
fn fix_file(path: &std::path::Path, args: &CheckArgs, rules: &Rules) -> Outcome {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| selaras::output::corrected_path(path));
    let options = selaras::fix::Options {
        unsafe_fixes: args.unsafe_fixes,
        formulas: args.formulas,
        totals: false,
        lang: selaras::cli::language_or_env(args.lang),
    };
    fix_into(
        path,
        &output,
        args.force,
        options,
        &[],
        rules,
        &args.limits.limits(),
    )
}

/// Settles `first` and the workbook's own fixes and writes the corrected copy.
fn fix_into(
    path: &std::path::Path,
    output: &std::path::Path,
    force: bool,
    options: selaras::fix::Options,
    first: &[selaras::finding::Finding],
    rules: &Rules,
    limits: &Limits,
) -> Outcome {
    // A failure here is the copy's, not the input's: said as a write.
    let fail = |reason: String| LoadError {
        path: path.to_path_buf(),
        reason: selaras::msg!("write.text", text = reason),
    };
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
    selaras::output::check_target(path, output, force).map_err(|reason| LoadError {
        path: path.to_path_buf(),
        reason,
    })?;
    // The copy is an .xlsx (or .xlsm, macros kept): another name would make it
    // open in the wrong program, or not at all.
    if !output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
    {
        return Err(LoadError {
            path: path.to_path_buf(),
            reason: selaras::msg!(
                "write.output-extension",
                output = output.display().to_string()
            ),
        });
    }
    let mut book = selaras::open_limited(path, rules, true, limits)?;
    let sheet = selaras::xlsx_patch::FindingsSheet::new(options.lang);
    let mut settling = selaras::fix::Settling::start(&mut book, rules, options, first);
    let (plan, written) = if !settling.apply() {
        (settling.finish(), None)
    } else if is_xlsx {
        write_while_checking(path, output, settling, &sheet)?
    } else {
        settling.check();
        settling.settle();
        (settling.finish(), None)
    };
    match written {
        Some(done) => done.map_err(fail)?,
        None => {
            let edits = plan.edits();
            let rows = plan.finding_rows();
            selaras::output::write_atomically(output, |tmp| {
                if is_xlsx {
                    selaras::xlsx_patch::write_corrected(path, tmp, &edits, &rows, sheet.clone())
                        .map_err(|e| e.to_string())
                } else {
                    // .xls, .xlsb, .ods cannot be patched: a new .xlsx from what was read.
                    selaras::xlsx_rewrite::write_new(&book, tmp, &edits, &rows, sheet.clone())
                }
            })
            .map_err(fail)?;
        }
    }
    let mut report = plan.report.clone();
    report.path = path.display().to_string();
    report.fixed = Some(selaras::FixSummary {
        output: output.display().to_string(),
        changes: plan
            .changes
            .iter()
            .map(|c| (c.at.clone(), c.old.clone(), c.new.clone(), c.finding.code))
            .collect(),
        suggested: plan.suggested.len(),
        partial_layout: !is_xlsx,
    });
    Ok(report)
}

/// Writes the copy of what the first round of fixes corrected while the workbook
/// is checked again, on the other core. Mostly that check finds nothing more to
/// correct or flag, and the copy is then finished with its findings sheet: `--fix`
/// costs little more than one check. Should the check settle on other edits, the
/// copy begun is abandoned (nothing is put in place) and `None` says to write it
/// anew.
fn write_while_checking(
    path: &std::path::Path,
    output: &std::path::Path,
    mut settling: selaras::fix::Settling<'_>,
    sheet: &selaras::xlsx_patch::FindingsSheet,
) -> Result<(selaras::fix::Plan, Option<Result<(), String>>), LoadError> {
    let guess = settling.guess().edits();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        let guess = &guess;
        let writer = s.spawn(move || {
            guarded(path, || {
                Ok(selaras::output::write_atomically(output, |tmp| {
                    selaras::xlsx_patch::write_corrected_with(
                        path,
                        tmp,
                        guess,
                        || rx.recv().ok().flatten(),
                        sheet.clone(),
                    )
                }))
            })
        });
        settling.check();
        settling.settle();
        let plan = settling.finish();
        let settled = plan.edits() == *guess;
        // A closed channel (this thread unwinding) abandons the copy too.
        let _ = tx.send(settled.then(|| plan.finding_rows()));
        let written = writer.join();
        if !settled {
            return Ok((plan, None));
        }
        let written =
            written.unwrap_or_else(|_| Ok(Err("the writing thread stopped".to_string())))?;
        Ok((plan, Some(written)))
    })
}

/// The workbooks a Word draft among `files` is held against: the other files.
fn draft_sources(
    files: &[std::path::PathBuf],
    rules: &Rules,
    limits: &Limits,
) -> Vec<(String, selaras::workbook::Workbook)> {
    if !files.iter().any(|p| selaras::docx::is_docx(p)) {
        return Vec::new();
    }
    files
        .iter()
        .filter(|p| !selaras::docx::is_docx(p))
        .filter_map(|p| {
            let book = guarded(p, || selaras::open_limited(p, rules, false, limits)).ok()?;
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            Some((name, book))
        })
        .collect()
}

/// Audits a Word draft, or with --fix writes its corrected copy with tracked changes.
fn check_draft(
    p: &std::path::Path,
    args: &CheckArgs,
    rules: &Rules,
    sources: &[(String, selaras::workbook::Workbook)],
) -> Outcome {
    let limits = args.limits.limits();
    if !args.fix {
        return selaras::docx::check_path(p, rules, sources, &limits);
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| selaras::docx::corrected_path(p));
    let options = selaras::fix::Options {
        unsafe_fixes: args.unsafe_fixes,
        formulas: false,
        totals: false,
        lang: selaras::cli::language_or_env(args.lang),
    };
    selaras::docx::fix::fix_file(p, &output, args.force, options, rules, sources, &limits)
}

/// Writes the HTML page to `path` atomically: never over an input, and over an
/// existing file only when it is a page (.html, .htm).
fn write_page(
    path: &std::path::Path,
    inputs: &[std::path::PathBuf],
    outcomes: &[Outcome],
    lang: selaras::i18n::Lang,
) -> Result<(), String> {
    for input in inputs {
        selaras::output::check_target(input, path, true).map_err(|m| m.render(lang))?;
    }
    let is_page = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if path.exists() && !is_page {
        return Err(
            selaras::msg!("write.not-a-page", output = path.display().to_string()).render(lang),
        );
    }
    let html = render::html::render(outcomes, lang);
    selaras::output::write_atomically(path, |tmp| std::fs::write(tmp, html.as_bytes()))
}

fn check(args: CheckArgs) -> ExitCode {
    let lang = selaras::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    // Folders are searched through for workbooks; files are taken as given.
    let files = workbooks_in(&args.files);
    if files.is_empty() {
        let folders: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
        say(
            lang,
            selaras::msg!("batch.none", folders = folders.join(", ")).render(lang),
        );
        return ExitCode::from(2);
    }
    if args.output.is_some() && files.len() > 1 {
        say(lang, lang.t("batch.one-output"));
        return ExitCode::from(2);
    }
    let limits = args.limits.limits();
    // A Word draft is held against the workbooks given with it.
    let sources = draft_sources(&files, &rules, &limits);
    let page = args.html.is_some() || args.format == CheckFormat::Html;
    let pool = match rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.map_or(0, usize::from))
        .build()
    {
        Ok(pool) => pool,
        Err(e) => {
            say(lang, e);
            return ExitCode::from(2);
        }
    };
    let shows_progress =
        !args.quiet && args.format == CheckFormat::Human && std::io::stderr().is_terminal();
    let progress = progress::Progress::start(files.len(), shows_progress, lang);
    // Files are checked in parallel, and the outcomes kept in input order: the
    // report is the same as a sequential run's.
    let outcomes: Vec<Outcome> = pool.install(|| {
        files
            .par_iter()
            .map(|p| {
                let outcome = guarded(p, || {
                    if selaras::docx::is_docx(p) {
                        let mut report = check_draft(p, &args, &rules, &sources)?;
                        if page {
                            // The page draws the draft's tables as read from the document.
                            let doc = selaras::docx::Document::open_limited(p, &limits)?;
                            report.drawn =
                                Some(selaras::draw(&doc.workbook(), &rules, &report.findings));
                        }
                        Ok(report)
                    } else if args.fix {
                        let mut report = fix_file(p, &args, &rules)?;
                        // The page draws the corrected copy: what remains is found there.
                        if let (true, Some(fixed)) = (page, &report.fixed) {
                            let copy = selaras::open_limited(
                                std::path::Path::new(&fixed.output),
                                &rules,
                                false,
                                &limits,
                            )?;
                            report.drawn = Some(selaras::draw(&copy, &rules, &report.findings));
                        }
                        Ok(report)
                    } else {
                        let book = selaras::open_limited(p, &rules, false, &limits)?;
                        Ok(if page {
                            selaras::check_workbook_drawn(&book, &rules)
                        } else {
                            selaras::check_workbook(&book, &rules)
                        })
                    }
                });
                progress.done(p);
                outcome
            })
            .collect()
    });
    progress.finish();
    if let Some(path) = &args.html {
        if let Err(e) = write_page(path, &files, &outcomes, lang) {
            say(lang, e);
            return ExitCode::from(2);
        }
    }
    let text = match args.format {
        CheckFormat::Html => render::html::render(&outcomes, lang),
        CheckFormat::Json => render::json::render(&outcomes),
        CheckFormat::Human => {
            let stdout = std::io::stdout();
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = usize::from(args.width);
            render::human::render(&outcomes, render::human::Style { width, color, lang })
        }
    };
    let mut stdout = std::io::stdout().lock();
    if stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_err()
    {
        return ExitCode::from(2);
    }
    let unreadable = outcomes.iter().any(Result::is_err);
    let errors = outcomes.iter().flatten().any(|r| r.tally().errors > 0);
    ExitCode::from(if unreadable {
        2
    } else if errors {
        1
    } else {
        0
    })
}
