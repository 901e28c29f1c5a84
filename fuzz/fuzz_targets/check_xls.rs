//! Arbitrary bytes written as an .xls file (an OLE2 compound file, as Excel 97–2003 and old regional systems save) and checked with `selaras::check_path`:
//! a report or an error, never a panic. Seed the corpus with real .xls files
//! (fuzz/run.sh does) so that mutations reach the compound-file reader.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

include!("../harness.rs");

/// One file per fuzzing process, rewritten for each input.
fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("selaras-fuzz-{}.xls", std::process::id()))
    })
}

fuzz_target!(
    |data: &[u8]| with_dependency_panics_counted("check_xls", data, |d| harness_check_workbook(
        d,
        input_path()
    ))
);
