//! `Rules::add_file` on arbitrary UTF-8: refused or taken, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../harness.rs");

fuzz_target!(|data: &[u8]| harness_rules_parser(data));
