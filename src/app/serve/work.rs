//! The server's work on the files of one request, run on a blocking thread:
//! the check (and the page's drawing) and the corrected copy, through the same
//! library calls as `selaras check`. The files lie under names the server chose;
//! each report is given back the name its file was sent under.

use std::path::{Path, PathBuf};

use crate::app::guarded;
use crate::layout::Drawn;
use crate::render::Outcome;
use crate::rules::Rules;
use crate::workbook::{Limits, LoadError, Workbook};

pub use super::store::Kept;

/// Gives an outcome the name its file was sent under, in place of where the
/// server keeps it.
fn named(outcome: Outcome, file: &Kept) -> Outcome {
    match outcome {
        Ok(mut report) => {
            report.path = file.name.clone();
            Ok(report)
        }
        Err(mut e) => {
            e.set_path(PathBuf::from(&file.name));
            Err(e)
        }
    }
}

/// The workbooks a Word draft among `files` is held against, named as sent.
fn sources(files: &[Kept], rules: &Rules, limits: &Limits) -> Vec<(String, Workbook)> {
    if !files.iter().any(Kept::is_draft) {
        return Vec::new();
    }
    files
        .iter()
        .filter(|f| !f.is_draft())
        .filter_map(|f| {
            let book = guarded(&f.path, || {
                crate::open_limited(&f.path, rules, false, limits)
            });
            Some((f.name.clone(), book.ok()?))
        })
        .collect()
}

/// Checks every file as `selaras check` does (a draft against the workbooks sent
/// with it).
pub fn check(files: &[Kept], rules: &Rules, limits: &Limits) -> Vec<Outcome> {
    checked(files, rules, limits, false).0
}

/// [`check`], each file drawn for the evaluator's page too (by index).
pub fn check_drawn(
    files: &[Kept],
    rules: &Rules,
    limits: &Limits,
) -> (Vec<Outcome>, Vec<Option<Drawn>>) {
    checked(files, rules, limits, true)
}

fn checked(
    files: &[Kept],
    rules: &Rules,
    limits: &Limits,
    page: bool,
) -> (Vec<Outcome>, Vec<Option<Drawn>>) {
    let sources = sources(files, rules, limits);
    files
        .iter()
        .map(|f| {
            let mut drawn = None;
            let outcome = guarded(&f.path, || {
                if f.is_draft() {
                    let report = crate::docx::check_path(&f.path, rules, &sources, limits)?;
                    if page {
                        let doc = crate::docx::Document::open_limited(&f.path, limits)?;
                        drawn = Some(crate::draw(&doc.workbook(), rules, &report.findings));
                    }
                    Ok(report)
                } else {
                    let book = crate::open_limited(&f.path, rules, true, limits)?;
                    Ok(if page {
                        let (report, d) = crate::check_workbook_drawn(&book, rules);
                        drawn = Some(d);
                        report
                    } else {
                        crate::check_workbook(&book, rules)
                    })
                }
            });
            (named(outcome, f), drawn)
        })
        .unzip()
}

/// A corrected copy, as it is sent back: the name to save it under and its bytes.
pub struct Corrected {
    pub name: String,
    pub bytes: Vec<u8>,
    pub is_draft: bool,
}

/// Writes the corrected copy of `files[which]` (a draft is corrected against the
/// other files) into `dir`, reads it back and removes it.
pub fn fix(
    files: &[Kept],
    which: usize,
    options: crate::fix::Options,
    rules: &Rules,
    limits: &Limits,
    dir: &Path,
) -> Result<Corrected, crate::error::FileError> {
    let file = &files[which];
    let is_draft = file.is_draft();
    // A name of the server's own, new for each request: two downloads of one
    // upload never write over each other.
    let output = dir.join(format!(
        "corrected-{}.{}",
        super::store::new_id(),
        if is_draft { "docx" } else { "xlsx" }
    ));
    let outcome = guarded(&file.path, || {
        if is_draft {
            let sources = sources(files, rules, limits);
            crate::docx::fix::fix_file(&file.path, &output, true, options, rules, &sources, limits)
        } else {
            crate::app::check::fix_into(&file.path, &output, true, options, &[], rules, limits)
        }
    });
    let read = named(outcome, file).and_then(|_| {
        std::fs::read(&output)
            .map_err(|e| LoadError::text(Path::new(&file.name), e.to_string()).into())
    });
    let _ = std::fs::remove_file(&output);
    let name = if is_draft {
        crate::docx::corrected_path(Path::new(&file.name))
    } else {
        crate::output::corrected_path(Path::new(&file.name))
    };
    Ok(Corrected {
        name: name.display().to_string(),
        bytes: read?,
        is_draft,
    })
}
