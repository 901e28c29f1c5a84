//! Arbitrary bytes written as an .xlsx file and checked with `selaras::check_path`:
//! a report or an error, never a panic. Seed the corpus with fixtures/*.xlsx
//! (fuzz/run.sh does) so that mutations start from real workbooks.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

include!("../harness.rs");

/// One file per fuzzing process, rewritten for each input.
fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("selaras-fuzz-{}.xlsx", std::process::id()))
    })
}

fuzz_target!(
    |data: &[u8]| with_dependency_panics_counted("check_workbook", data, |d| {
        harness_check_workbook(d, input_path())
    })
);
