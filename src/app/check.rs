//! `selaras check`: workbooks and Word drafts checked, reported, and with `--fix`
//! corrected into new files.

use super::{exit_for, guarded, load_rules, progress, say, workbooks_in};
use std::io::IsTerminal;
use std::process::ExitCode;

use crate::cli::{CheckArgs, CheckFormat, Color};
use crate::error::{FileError, WriteError};
use crate::layout::Drawn;
use crate::render::{self, Outcome};
use crate::rules::Rules;
use crate::workbook::{Limits, LoadError};
use rayon::prelude::*;

/// Checks one workbook, settles its fixes and writes the corrected copy.
pub(super) fn fix_file(path: &std::path::Path, args: &CheckArgs, rules: &Rules) -> Outcome {
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| crate::output::corrected_path(path));
    let options = crate::fix::Options {
        unsafe_fixes: args.unsafe_fixes,
        formulas: args.formulas,
        totals: false,
        lang: crate::cli::language_or_env(args.lang),
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
pub(crate) fn fix_into(
    path: &std::path::Path,
    output: &std::path::Path,
    force: bool,
    options: crate::fix::Options,
    first: &[crate::finding::Finding],
    rules: &Rules,
    limits: &Limits,
) -> Outcome {
    // A failure here is the copy's, not the input's: said as a write.
    let fail = |reason: String| WriteError::new(path, crate::msg!("write.text", text = reason));
    let is_xlsx = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"));
    crate::output::check_target(path, output, force)
        .map_err(|reason| WriteError::new(path, reason))?;
    // The copy is an .xlsx (or .xlsm, macros kept): another name would make it
    // open in the wrong program, or not at all.
    if !output
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx") || e.eq_ignore_ascii_case("xlsm"))
    {
        return Err(WriteError::new(
            path,
            crate::msg!(
                "write.output-extension",
                output = output.display().to_string()
            ),
        )
        .into());
    }
    let mut book = crate::open_limited(path, rules, true, limits)?;
    let sheet = crate::xlsx_patch::FindingsSheet::new(options.lang);
    let mut settling = crate::fix::Settling::start(&mut book, rules, options, first);
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
            crate::output::write_atomically(output, |tmp| {
                if is_xlsx {
                    crate::xlsx_patch::write_corrected(path, tmp, &edits, &rows, sheet.clone())
                        .map_err(|e| e.to_string())
                } else {
                    // .xls, .xlsb, .ods cannot be patched: a new .xlsx from what was read.
                    crate::xlsx_rewrite::write_new(&book, tmp, &edits, &rows, sheet.clone())
                }
            })
            .map_err(fail)?;
        }
    }
    let mut report = plan.report.clone();
    report.path = path.display().to_string();
    report.fixed = Some(crate::FixSummary {
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
pub(super) fn write_while_checking(
    path: &std::path::Path,
    output: &std::path::Path,
    mut settling: crate::fix::Settling<'_>,
    sheet: &crate::xlsx_patch::FindingsSheet,
) -> Result<(crate::fix::Plan, Option<Result<(), String>>), LoadError> {
    let guess = settling.guess().edits();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::scope(|s| {
        let guess = &guess;
        let writer = s.spawn(move || {
            guarded(path, || {
                Ok(crate::output::write_atomically(output, |tmp| {
                    crate::xlsx_patch::write_corrected_with(
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
pub(super) fn draft_sources(
    files: &[std::path::PathBuf],
    rules: &Rules,
    limits: &Limits,
) -> Vec<(String, crate::workbook::Workbook)> {
    if !files.iter().any(|p| crate::docx::is_docx(p)) {
        return Vec::new();
    }
    files
        .iter()
        .filter(|p| !crate::docx::is_docx(p))
        .filter_map(|p| {
            let book = guarded(p, || crate::open_limited(p, rules, false, limits)).ok()?;
            let name = p.file_name().map_or_else(
                || p.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            );
            Some((name, book))
        })
        .collect()
}

/// Audits a Word draft, or with --fix writes its corrected copy with tracked changes.
pub(super) fn check_draft(
    p: &std::path::Path,
    args: &CheckArgs,
    rules: &Rules,
    sources: &[(String, crate::workbook::Workbook)],
) -> Outcome {
    let limits = args.limits.limits();
    if !args.fix {
        return Ok(crate::docx::check_path(p, rules, sources, &limits)?);
    }
    let output = args
        .output
        .clone()
        .unwrap_or_else(|| crate::docx::corrected_path(p));
    let options = crate::fix::Options {
        unsafe_fixes: args.unsafe_fixes,
        formulas: false,
        totals: false,
        lang: crate::cli::language_or_env(args.lang),
    };
    crate::docx::fix::fix_file(p, &output, args.force, options, rules, sources, &limits)
}

/// Writes the HTML page to `path` atomically: never over an input, and over an
/// existing file only when it is a page (.html, .htm).
pub(super) fn write_page(
    path: &std::path::Path,
    inputs: &[std::path::PathBuf],
    outcomes: &[Outcome],
    drawn: &[Option<Drawn>],
    lang: crate::i18n::Lang,
) -> Result<(), String> {
    for input in inputs {
        crate::output::check_target(input, path, true).map_err(|m| m.render(lang))?;
    }
    let is_page = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"));
    if path.exists() && !is_page {
        return Err(
            crate::msg!("write.not-a-page", output = path.display().to_string()).render(lang),
        );
    }
    let html = render::html::render(outcomes, drawn, lang);
    crate::output::write_atomically(path, |tmp| std::fs::write(tmp, html.as_bytes()))
}

/// Runs `selaras check`: checks (or corrects) every file, in parallel, and prints the report.
pub(super) fn check(args: CheckArgs) -> ExitCode {
    let lang = crate::cli::language_or_env(args.lang);
    let Some(rules) = load_rules(args.rules.as_deref(), lang) else {
        return ExitCode::from(2);
    };
    // Folders are searched through for workbooks; files are taken as given.
    let files = workbooks_in(&args.files);
    if files.is_empty() {
        let folders: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
        say(
            lang,
            crate::msg!("batch.none", folders = folders.join(", ")).render(lang),
        );
        return ExitCode::from(2);
    }
    if args.output.is_some() && files.len() > 1 {
        say(lang, lang.t("batch.one-output"));
        return ExitCode::from(2);
    }
    let limits = args.limits.limits();
    // The waivers and the baseline are read first: a mistake in them stops the
    // run before any work, with the file and the line.
    let judging = match Judging::read(&args, &files) {
        Ok(judging) => judging,
        Err(e) => {
            say(lang, e.render(lang));
            return ExitCode::from(2);
        }
    };
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
    let (mut outcomes, drawn): (Vec<Outcome>, Vec<Option<Drawn>>) = pool.install(|| {
        files
            .par_iter()
            .map(|p| {
                let outcome = guarded(p, || check_one(p, &args, &rules, &sources, &limits, page));
                progress.done(p);
                match outcome {
                    Ok((report, drawn)) => (Ok(report), drawn),
                    Err(e) => (Err(e), None),
                }
            })
            .unzip()
    });
    progress.finish();
    one_table_once(&files, &mut outcomes);
    let notes = judging.attach(&mut outcomes);
    if let Some(path) = &args.html {
        if let Err(e) = write_page(path, &files, &outcomes, &drawn, lang) {
            say(lang, e);
            return ExitCode::from(2);
        }
    }
    let text = render_report(&args, &outcomes, &drawn, &notes, lang);
    if !super::emit(&text) {
        return ExitCode::from(2);
    }
    exit_for(&outcomes)
}

/// One file's work: a Word draft audited (or corrected), a workbook corrected with
/// --fix or else checked; drawn as well when the report is a `page`.
fn check_one(
    p: &std::path::Path,
    args: &CheckArgs,
    rules: &Rules,
    sources: &[(String, crate::workbook::Workbook)],
    limits: &Limits,
    page: bool,
) -> Result<(crate::FileReport, Option<Drawn>), FileError> {
    if crate::docx::is_docx(p) {
        let report = check_draft(p, args, rules, sources)?;
        let drawn = if page {
            // The page draws the draft's tables as read from the document.
            let doc = crate::docx::Document::open_limited(p, limits)?;
            Some(crate::draw(&doc.workbook(), rules, &report.findings))
        } else {
            None
        };
        Ok((report, drawn))
    } else if args.fix {
        let report = fix_file(p, args, rules)?;
        // The page draws the corrected copy: what remains is found there.
        let drawn = match (page, &report.fixed) {
            (true, Some(fixed)) => {
                let copy =
                    crate::open_limited(std::path::Path::new(&fixed.output), rules, false, limits)?;
                Some(crate::draw(&copy, rules, &report.findings))
            }
            _ => None,
        };
        Ok((report, drawn))
    } else {
        let book = crate::open_limited(p, rules, true, limits)?;
        Ok(if page {
            let (report, drawn) = crate::check_workbook_drawn(&book, rules);
            (report, Some(drawn))
        } else {
            (crate::check_workbook(&book, rules), None)
        })
    }
}

/// The report in the format asked for: an HTML page, JSON, or text for a person.
fn render_report(
    args: &CheckArgs,
    outcomes: &[Outcome],
    drawn: &[Option<Drawn>],
    notes: &[crate::problems::waivers::Note],
    lang: crate::i18n::Lang,
) -> String {
    match args.format {
        CheckFormat::Html => render::html::render(outcomes, drawn, lang),
        CheckFormat::Json => render::json::render_with(outcomes, notes),
        CheckFormat::Human => {
            let stdout = std::io::stdout();
            let color = match args.color {
                Color::Always => true,
                Color::Never => false,
                Color::Auto => stdout.is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            let width = usize::from(args.width);
            let style = render::human::Style {
                width,
                color,
                lang,
                verbose: args.verbose,
            };
            let mut text = render::human::render(outcomes, style);
            let said = render::human::waiver_notes(notes, lang);
            if !said.is_empty() {
                // Before the blank line that ends the report.
                text.truncate(text.trim_end_matches('\n').len());
                text.push('\n');
                text.push_str(&said);
                text.push('\n');
            }
            text
        }
    }
}

/// What judges the problems besides the findings: the waiver files (one per
/// input, the nearest `selaras.toml`, or `--config` for all) and the baseline.
struct Judging {
    /// The waiver files read, each once.
    configs: Vec<crate::problems::waivers::Waivers>,
    /// For each input, the index of its waiver file in `configs`.
    config_of: Vec<Option<usize>>,
    baseline: Option<crate::problems::baseline::Baseline>,
}

impl Judging {
    fn read(args: &CheckArgs, files: &[std::path::PathBuf]) -> Result<Judging, crate::i18n::Msg> {
        use crate::problems::waivers::{self, Waivers};
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut configs: Vec<Waivers> = Vec::new();
        let mut config_of = Vec::new();
        for file in files {
            let path = match &args.config {
                Some(p) => Some(p.clone()),
                None => waivers::find(file, &cwd),
            };
            let Some(path) = path else {
                config_of.push(None);
                continue;
            };
            let k = match configs.iter().position(|c| c.path == path) {
                Some(k) => k,
                None => {
                    configs.push(Waivers::load(&path)?);
                    configs.len() - 1
                }
            };
            config_of.push(Some(k));
        }
        let baseline = match &args.baseline {
            Some(p) => Some(crate::problems::baseline::Baseline::load(p)?),
            None => None,
        };
        Ok(Judging {
            configs,
            config_of,
            baseline,
        })
    }

    /// Groups each report's findings into problems, marks the waived and those
    /// of the baseline, and says the waivers that did not do what they say.
    fn attach(&self, outcomes: &mut [Outcome]) -> Vec<crate::problems::waivers::Note> {
        use crate::problems::waivers::{self, Day, Use};
        let today = Day::today();
        let mut used: Vec<Use> = vec![Use::default(); self.configs.len()];
        for (k, outcome) in outcomes.iter_mut().enumerate() {
            let Ok(report) = outcome else {
                continue;
            };
            let config = self.config_of.get(k).copied().flatten();
            let waivers = config.map(|c| (&self.configs[c], &mut used[c]));
            crate::problems::attach(report, waivers, self.baseline.as_ref(), today);
        }
        self.configs
            .iter()
            .zip(&used)
            .flat_map(|(w, u)| waivers::notes(w, u, today))
            .collect()
    }
}

/// A table that a Word draft and a workbook checked with it both hold is one
/// table: a finding of the draft's table that a workbook's table also has (the
/// same code, row, column and figures) is said once, in the workbook, with the
/// draft's cell among its places.
fn one_table_once(files: &[std::path::PathBuf], outcomes: &mut [Outcome]) {
    let same = |f: &crate::finding::Finding, g: &crate::finding::Finding| {
        f.code == g.code
            && g.at.file.is_none()
            && crate::problems::plain(&f.row_label) == crate::problems::plain(&g.row_label)
            && crate::problems::plain(&f.column_label) == crate::problems::plain(&g.column_label)
            && f.found == g.found
            && f.expected == g.expected
    };
    for d in 0..outcomes.len().min(files.len()) {
        if !crate::docx::is_docx(&files[d]) {
            continue;
        }
        let Ok(draft) = &mut outcomes[d] else {
            continue;
        };
        let name = files[d].file_name().map_or_else(
            || files[d].display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let mut findings = std::mem::take(&mut draft.findings);
        findings.retain(|f| {
            // A sentence is the draft's own; so is a place in another file.
            if f.at.is_paragraph() || f.at.file.is_some() {
                return true;
            }
            for (b, outcome) in outcomes.iter_mut().enumerate() {
                if b == d || crate::docx::is_docx(&files[b]) {
                    continue;
                }
                let Ok(book) = outcome else { continue };
                if let Some(g) = book.findings.iter_mut().find(|g| same(f, g)) {
                    let mut place = f.at.clone();
                    place.file = Some(name.clone());
                    g.also.push(place);
                    return false;
                }
            }
            true
        });
        if let Ok(draft) = &mut outcomes[d] {
            draft.findings = findings;
        }
    }
}
