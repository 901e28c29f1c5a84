//! The pipelines behind each subcommand, run from `main.rs`: one file a
//! subcommand (check, tables, reconcile, diff, explain and rules), and here what
//! they share: the exit code, the guard that turns a panic on one file into that
//! file's error, the rules a run loads and the workbooks a folder holds.

use std::cell::{Cell, RefCell};
use std::process::ExitCode;

use crate::cli::{Cli, Command};
use crate::render::Outcome;
use crate::rules::Rules;
use crate::workbook::LoadError;

pub(crate) mod check;
mod diff;
mod explain;
mod progress;
pub(crate) mod reconcile;
#[cfg(feature = "serve")]
pub mod serve;
mod tables;

/// Runs the subcommand the command line names; its exit code: 0 no error found,
/// 1 at least one error found, 2 input unreadable or bad arguments.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command() {
        Command::Check(args) => check::check(args),
        Command::Tables(args) => tables::tables(args),
        Command::Reconcile(args) => reconcile::reconcile(args),
        Command::Diff(args) => diff::diff(args),
        Command::Explain(args) => explain::explain(args),
        Command::Rules(args) => explain::list_rules(args),
        #[cfg(feature = "serve")]
        Command::Serve(args) => serve::serve(args),
    }
}

/// 0 no error, 1 errors found, 2 something could not be read.
pub(crate) fn exit_for(outcomes: &[Outcome]) -> ExitCode {
    let unreadable = outcomes.iter().any(Result::is_err);
    // An error problem counts unless a waiver accepted it or the baseline had it.
    let errors = outcomes
        .iter()
        .flatten()
        .any(|r| crate::problems::of(r).iter().any(|p| p.fails()));
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
pub fn quiet_panics_in_guarded_work() {
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
pub(crate) fn guarded<T, E: From<LoadError>>(
    path: &std::path::Path,
    work: impl FnOnce() -> Result<T, E>,
) -> Result<T, E> {
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
            reason: crate::msg!("load.internal", error = what),
        }
        .into())
    })
}

/// Writes a command's output to stdout; false when stdout is gone (a pipe
/// closed early: `selaras ... | head`), which the command ends on with exit 2
/// instead of a panic.
pub(crate) fn emit(text: &str) -> bool {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|_| stdout.flush())
        .is_ok()
}

/// Says what went wrong, on stderr, in the reader's language: `error: ...`.
pub(crate) fn say(lang: crate::i18n::Lang, what: impl std::fmt::Display) {
    eprintln!(
        "{}",
        crate::msg!("human.unreadable", error = what.to_string()).render(lang)
    );
}

pub(crate) fn load_rules(dir: Option<&std::path::Path>, lang: crate::i18n::Lang) -> Option<Rules> {
    let rules = match dir {
        Some(dir) => Rules::with_dir(dir),
        None => Rules::built_in(),
    };
    match rules {
        Ok(r) => Some(r),
        Err(e) => {
            say(
                lang,
                crate::msg!("batch.bad-rules", error = e.to_string()).render(lang),
            );
            None
        }
    }
}

/// The workbooks in a list of files and folders (folders searched through), in order.
pub(crate) fn workbooks_in(paths: &[std::path::PathBuf]) -> Vec<std::path::PathBuf> {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_one_files_work_is_that_files_error_and_the_next_file_goes_on() {
        quiet_panics_in_guarded_work();
        let path = std::path::Path::new("laporan.xlsx");
        let failed = guarded(path, || -> Result<(), LoadError> {
            panic!("a reader gave up on row 9")
        })
        .expect_err("the panic is the file's error");
        assert_eq!(failed.path, path);
        let said = failed.reason.english();
        assert!(said.contains("internal error"), "{said}");
        assert!(said.contains("a reader gave up on row 9"), "{said}");
        // The thread is fit for the next file.
        assert_eq!(guarded(path, || Ok::<_, LoadError>(7)).ok(), Some(7));
    }
}
