//! Times each stage of a check on one workbook: reading it, finding and reading its
//! tables, the whole check (which finds and reads them again, then runs every check).
use std::time::Instant;

fn main() {
    let path = std::env::args().nth(1).expect("a workbook");
    let rules = selaras::Rules::built_in().expect("rules");
    let t0 = Instant::now();
    let book = selaras::Workbook::open(std::path::Path::new(&path)).expect("reads");
    let t1 = Instant::now();
    println!("resident after reading: {} MB", resident_mb());
    let (tables, _) = selaras::read_tables(&book, &rules);
    let t2 = Instant::now();
    println!(
        "read {:?} tables and rows {:?} (resident after rows: {} MB)",
        t1 - t0,
        t2 - t1,
        resident_mb()
    );
    for t in &tables {
        println!("  {} {}: {} rows", t.rule_id, t.sheet, t.rows.len());
    }
    let t3 = Instant::now();
    let report = selaras::check_workbook(&book, &rules);
    println!(
        "whole check {:?} ({} findings)",
        t3.elapsed(),
        report.findings.len()
    );
}

/// The process's resident memory now, from /proc (0 where there is none).
fn resident_mb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<u64>().ok())
        })
        .map_or(0, |kb| kb / 1024)
}
