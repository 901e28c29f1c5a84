//! Times each stage of a check on one workbook: reading, finding tables, each check.
use std::time::Instant;

use selaras::rules::Check;

fn main() {
    let path = std::env::args().nth(1).expect("a workbook");
    let rules = selaras::rules::Rules::built_in().expect("rules");
    let t0 = Instant::now();
    let book = selaras::workbook::Workbook::open(std::path::Path::new(&path)).expect("reads");
    let t1 = Instant::now();
    println!("resident after reading: {} MB", resident_mb());
    let mut located = Vec::new();
    for sheet in &book.sheets {
        located.extend(
            selaras::locate::locate(sheet, &rules)
                .into_iter()
                .map(|l| (sheet, l)),
        );
    }
    let tl = Instant::now();
    let tables: Vec<_> = located
        .into_iter()
        .map(|(sheet, l)| selaras::table::read(sheet, l, &rules).0)
        .collect();
    let t2 = Instant::now();
    println!(
        "read {:?} locate {:?} rows {:?} (resident after rows: {} MB)",
        t1 - t0,
        tl - t1,
        t2 - tl,
        resident_mb()
    );
    for t in &tables {
        for c in &rules.tables[t.rule].checks {
            let s = Instant::now();
            let n = match c {
                Check::Ratio { .. } => selaras::checks::ratio::check(t, c).len(),
                Check::Capaian { .. } => selaras::checks::capaian::check(t, c, &[], &rules).len(),
                Check::Sum { .. } => selaras::checks::sum::check(t, c).len(),
                _ => 0,
            };
            println!(
                "  {} {:?}: {:?} ({n})",
                t.rule_id,
                std::mem::discriminant(c),
                s.elapsed()
            );
        }
    }
    let t3 = Instant::now();
    let findings = selaras::checks::run(&tables, &rules);
    println!(
        "all checks {:?} ({} findings)",
        t3.elapsed(),
        findings.len()
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
