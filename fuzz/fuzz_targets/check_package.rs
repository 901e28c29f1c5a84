//! The parts of an .xlsx package as text (`--selaras-part:NAME--` before each),
//! zipped with right checksums and checked with `selaras::check_path`: mutations
//! reach the sheet XML and selaras's reading of it. fuzz/run.sh seeds the corpus
//! with the fixtures unpacked.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

include!("../harness.rs");

/// One file per fuzzing process, rewritten for each input.
fn input_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir().join(format!("selaras-fuzz-package-{}.xlsx", std::process::id()))
    })
}

fuzz_target!(
    |data: &[u8]| with_dependency_panics_counted("check_package", data, |d| harness_check_package(
        d,
        input_path()
    ))
);
