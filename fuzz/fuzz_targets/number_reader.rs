//! `read_text` on arbitrary UTF-8, with each column hint; what it reads must
//! read back the same once written Indonesian style.
#![no_main]

use libfuzzer_sys::fuzz_target;

include!("../harness.rs");

fuzz_target!(|data: &[u8]| harness_number_reader(data));
