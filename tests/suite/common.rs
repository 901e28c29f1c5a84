//! Helpers shared by the tests: small workbooks built in memory, the way a
//! section would type them, and findings reduced to what the tests assert.
#![allow(dead_code)]

use calamine::{Data, Dimensions};
use selaras::{FileReport, Finding, Rules, Sheet, Workbook};

/// A sheet from rows of cells. A cell is typed text unless it starts with `#`:
/// `#12` is a numeric cell, `#0.9088|0.00%` a numeric cell with a number format
/// (stored as Excel stores it, a binary double), `!#DIV/0!` an error cell.
pub fn sheet(name: &str, rows: &[&[&str]]) -> Sheet {
    let mut cells = Vec::new();
    let mut formats = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let pos = (r as u32, c as u32);
            if let Some(err) = text.strip_prefix('!') {
                let e = match err {
                    "#DIV/0!" => calamine::CellErrorType::Div0,
                    "#REF!" => calamine::CellErrorType::Ref,
                    _ => calamine::CellErrorType::NA,
                };
                cells.push((pos, Data::Error(e)));
                continue;
            }
            match text.strip_prefix('#') {
                Some(num) => {
                    let (value, format) = match num.split_once('|') {
                        Some((v, f)) => (v, Some(f)),
                        None => (num, None),
                    };
                    let stored: f64 = value.parse().expect("a number in a test table");
                    cells.push((pos, Data::Float(stored)));
                    if let Some(f) = format {
                        formats.push((pos, f.to_string()));
                    }
                }
                None => cells.push((pos, Data::String(text.to_string()))),
            }
        }
    }
    let mut s = Sheet::from_cells(name, cells, Vec::new());
    for ((r, c), f) in formats {
        s.set_format(r, c, &f);
    }
    s
}

/// Merges a range, 0-based inclusive.
pub fn merge(sheet: &mut Sheet, from: (u32, u32), to: (u32, u32)) {
    sheet.merges.push(Dimensions::new(from, to));
}

pub fn book(sheets: Vec<Sheet>) -> Workbook {
    Workbook {
        path: "test.xlsx".into(),
        sheets,
    }
}

pub fn check(sheets: Vec<Sheet>) -> FileReport {
    let rules = Rules::built_in().expect("built-in rules load");
    selaras::check_workbook(&book(sheets), &rules)
}

/// `code sheet!cell` for each finding, in report order.
pub fn codes(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} {}!{}", f.code, f.at.sheet, f.at.a1()))
        .collect()
}

pub fn only<'a>(report: &'a FileReport, code: &str) -> Vec<&'a Finding> {
    report
        .findings
        .iter()
        .filter(|f| f.code.as_str() == code)
        .collect()
}

pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

/// The header and numbered rows of a realisation table (Tabel 3.7's layout).
pub const REALISASI_HEADER: &[&str] = &[
    "Program/ Kegiatan",
    "Indikator Kinerja",
    "Target",
    "Realisasi",
    "% Capaian Program Kegiatan",
    "Anggaran (Rp)",
    "Realisasi (Rp)",
    "% Capaian Anggaran",
];

/// Runs the `selaras` binary from the project folder, in English whatever the
/// machine's locale (the tests read the English words), without colour.
pub fn selaras(args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_selaras"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "C")
        .env_remove("NO_COLOR")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .expect("the selaras binary runs")
}

/// What a run printed on stdout.
pub fn stdout(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// A fresh folder under the system's temporary folder, one per call: a leftover of
/// an earlier run whose process had the same id is removed first.
pub fn fresh_dir(what: &str) -> std::path::PathBuf {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static N: AtomicUsize = AtomicUsize::new(0);
    let dir = std::env::temp_dir().join(format!(
        "selaras-{what}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The cells `check --fix --format json` says it corrected, one line each:
/// `sheet!cell old -> new (code)`; none when the report holds no correction.
pub fn fixed_changes(doc: &serde_json::Value) -> Vec<String> {
    doc["files"][0]["fixed"]["changes"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|c| {
                    format!(
                        "{}!{} {} -> {} ({})",
                        c["sheet"].as_str().unwrap_or(""),
                        c["cell"].as_str().unwrap_or(""),
                        c["old"].as_str().unwrap_or(""),
                        c["new"].as_str().unwrap_or(""),
                        c["code"].as_str().unwrap_or("")
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Triples of owned strings, as the tests write what they expect ((code, cell,
/// formula) or (code, cell, expected)).
pub fn triples(list: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    list.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}
