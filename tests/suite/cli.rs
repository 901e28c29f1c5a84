//! The command line as a user runs it: arguments in, stdout and exit code out.
//! The whole human report is pinned by the cases of `tests/cli/cases.txt`
//! (pinned.rs); these tests assert what a user relies on in it.

use crate::common::{selaras, stdout};

use std::path::Path;
use std::process::Command;

#[test]
fn reference_exits_1_and_counts_its_findings() {
    let o = selaras(&[
        "check",
        "--width",
        "100",
        "--color",
        "never",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.ends_with("1 file checked: 21 problems (9 errors, 6 warnings, 6 infos)\n"),
        "{out}"
    );
    // The whole report is pinned by the case check-lkjip-setda-kebumen-2024-en (pinned.rs).
}

/// The same report in Bahasa Indonesia: `--lang id`, and the locale choosing it.
#[test]
fn reference_in_indonesian() {
    let o = selaras(&[
        "check",
        "--lang",
        "id",
        "--width",
        "100",
        "--color",
        "never",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(
        out.ends_with("1 berkas diperiksa: 21 masalah (9 kesalahan, 6 peringatan, 6 informasi)\n"),
        "{out}"
    );
    // The whole report is pinned by the case check-lkjip-setda-kebumen-2024-id (pinned.rs).
    // The locale chooses Indonesian when no --lang is given.
    let by_locale = Command::new(env!("CARGO_BIN_EXE_selaras"))
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("LANG", "id_ID.UTF-8")
        .args(["check", "--width", "100", "--color", "never"])
        .arg("fixtures/lkjip-setda-kebumen-2024.xlsx")
        .output()
        .expect("runs");
    assert_eq!(stdout(&by_locale), out);
    // JSON is the same in every language.
    let json = |lang: &str| {
        stdout(&selaras(&[
            "check",
            "--format",
            "json",
            "--lang",
            lang,
            "fixtures/lkjip-setda-kebumen-2024.xlsx",
        ]))
    };
    assert_eq!(json("id"), json("en"));
    let unknown = selaras(&[
        "check",
        "--lang",
        "fr",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
    ]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("the languages are en, id"));
}

#[test]
fn clean_twin_exits_0() {
    let o = selaras(&[
        "check",
        "--color",
        "never",
        "fixtures/lkjip-setda-kebumen-2024-clean.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).ends_with("1 file checked: 3 problems (0 errors, 0 warnings, 3 infos)\n"));
}

#[test]
fn json_report_keeps_its_contract() {
    let o = selaras(&[
        "check",
        "--format",
        "json",
        "fixtures/lkjip-setda-kebumen-2024.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("one JSON document");
    assert_eq!(doc["version"], 1);
    assert_eq!(
        doc["summary"],
        serde_json::json!({"files": 1, "errors": 20, "warnings": 13, "infos": 6, "unreadable_files": 0,
            "problems": 21, "waived": 0, "baseline": 0})
    );
    let file = &doc["files"][0];
    assert_eq!(file["path"], "fixtures/lkjip-setda-kebumen-2024.xlsx");
    assert_eq!(
        file["tables"][13],
        serde_json::json!({"rule": "realisasi-anggaran", "sheet": "Tabel 3.7", "range": "A6:H30", "name": "Tabel 3.7. Realisasi Anggaran Sekretariat Daerah Tahun 2024"})
    );
    let eff = file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["code"] == "efficiency-mismatch")
        .expect("the efficiency finding");
    assert_eq!(eff["severity"], "error");
    assert_eq!(eff["sheet"], "Tabel 3.9");
    assert_eq!(eff["cell"], "I10");
    assert_eq!(eff["found"], "12.99");
    assert_eq!(eff["expected"], "10.29");
    assert_eq!(eff["fix"], serde_json::Value::Null);
    // Inputs on another sheet carry the quoted sheet name.
    assert_eq!(eff["inputs"][0], "'Tabel 3.7'!F10");
    let murni = file["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .find(|f| f["cell"] == "C13")
        .expect("murni");
    assert_eq!(murni["code"], "budget-revised");
    assert_eq!(murni["severity"], "info");
    assert_eq!(murni["found"], "31860576000");
    // Every finding has the contract's keys.
    for f in file["findings"].as_array().expect("findings") {
        for key in [
            "code", "severity", "sheet", "cell", "found", "expected", "inputs", "message", "fix",
        ] {
            assert!(f.get(key).is_some(), "{key} missing in {f}");
        }
    }
}

#[test]
fn fix_values_are_decimal_strings() {
    let dir = tempdir();
    // A serapan typed wrong: the fix is the recomputed value at the cell's precision.
    let path = dir.join("wrong.xlsx");
    write_small_workbook(&path);
    let o = selaras(&[
        "check",
        "--format",
        "json",
        path.to_str().expect("utf-8 path"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    let f = &doc["files"][0]["findings"][0];
    assert_eq!(f["code"], "percent-mismatch");
    assert_eq!(f["fix"], "99.71");
    assert_eq!(f["inputs"], serde_json::json!(["G4", "F4"]));
}

#[test]
fn unreadable_file_exits_2_and_names_it() {
    let dir = tempdir();
    let path = dir.join("laporan.xlsx");
    std::fs::write(&path, b"%PDF-1.4 not a workbook").expect("write");
    let o = selaras(&[
        "check",
        path.to_str().expect("utf-8"),
        "fixtures/lkjip-setda-kebumen-2024-clean.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let out = stdout(&o);
    assert!(
        out.contains("cannot read") && out.contains("laporan.xlsx"),
        "{out}"
    );
    // The other file is still checked.
    assert!(
        out.contains("lkjip-setda-kebumen-2024-clean.xlsx: 18 tables recognised"),
        "{out}"
    );
    let missing = selaras(&["check", "no-such-file.xlsx"]);
    assert_eq!(missing.status.code(), Some(2));
    // In Indonesian, the reason too; the JSON keeps the English one.
    let id = selaras(&["check", "--lang", "id", path.to_str().expect("utf-8")]);
    assert!(
        stdout(&id).starts_with(&format!(
            "kesalahan: tidak dapat membaca {}: berkas ini dokumen PDF, bukan buku kerja",
            path.display()
        )),
        "{}",
        stdout(&id)
    );
    let json = selaras(&[
        "check",
        "--lang",
        "id",
        "--format",
        "json",
        path.to_str().expect("utf-8"),
    ]);
    assert!(
        stdout(&json).contains("it is a PDF document, not a workbook"),
        "{}",
        stdout(&json)
    );
}

#[test]
fn bad_arguments_exit_2() {
    assert_eq!(selaras(&["check"]).status.code(), Some(2));
    assert_eq!(
        selaras(&["check", "--format", "xml", "x.xlsx"])
            .status
            .code(),
        Some(2)
    );
    assert_eq!(selaras(&["frobnicate"]).status.code(), Some(2));
    assert_eq!(selaras(&["--help"]).status.code(), Some(0));
}

#[test]
fn bad_rules_file_names_file_line_and_key() {
    let dir = tempdir();
    std::fs::write(
        dir.join("mine.toml"),
        "id = \"mine\"\nname = \"Mine\"\n\n[[column]]\nkey = \"a\"\nheadr = [\"A\"]\n",
    )
    .expect("write");
    let o = selaras(&[
        "check",
        "--rules",
        dir.to_str().expect("utf-8"),
        "fixtures/lkjip-setda-kebumen-2024-clean.xlsx",
    ]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("mine.toml:6"), "{err}");
    assert!(err.contains("headr"), "{err}");
}

#[test]
fn user_rules_add_a_table_kind() {
    let dir = tempdir();
    let rules = dir.join("rules");
    std::fs::create_dir_all(&rules).expect("rules dir");
    std::fs::write(
        rules.join("pengaduan.toml"),
        r#"
id = "pengaduan"
name = "Pengaduan per bulan"

[[column]]
key = "bulan"
header = ["bulan"]
kind = "text"

[[column]]
key = "jumlah"
header = ["jumlah pengaduan"]

[[row]]
kind = "total"
label = ["total*", "jumlah*"]

[[row]]
kind = "bulan"
column = "bulan"

[[check]]
type = "sum"
columns = ["jumlah"]
total = "total"
"#,
    )
    .expect("write");
    let book = dir.join("pengaduan.xlsx");
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    for (r, (a, b)) in [
        ("Bulan", "Jumlah Pengaduan"),
        ("Januari", "4"),
        ("Februari", "6"),
        ("Total", "11"),
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(r as u32, 0, *a).expect("cell");
        ws.write_string(r as u32, 1, *b).expect("cell");
    }
    wb.save(&book).expect("save");
    let o = selaras(&[
        "check",
        "--format",
        "json",
        "--rules",
        rules.to_str().expect("utf-8"),
        book.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(doc["files"][0]["tables"][0]["rule"], "pengaduan");
    let f = &doc["files"][0]["findings"][0];
    assert_eq!(
        (
            f["code"].as_str(),
            f["cell"].as_str(),
            f["expected"].as_str()
        ),
        (Some("sum-mismatch"), Some("B4"), Some("10"))
    );
    // Without the rules the table is not known: nothing checked is an error
    // that names the region it could not read.
    let plain = selaras(&["check", "--format", "json", book.to_str().expect("utf-8")]);
    assert_eq!(plain.status.code(), Some(1));
    let doc: serde_json::Value = serde_json::from_slice(&plain.stdout).expect("json");
    assert_eq!(doc["files"][0]["findings"][0]["code"], "no-table");
    assert_eq!(
        doc["files"][0]["coverage"]["not_understood"][0]["range"],
        "A1:B4"
    );
}

fn tempdir() -> std::path::PathBuf {
    crate::common::fresh_dir("cli")
}

/// A one-kegiatan realisation table whose serapan is typed wrong (99,17 for 99,71).
fn write_small_workbook(path: &Path) {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi").expect("name");
    for (c, h) in crate::common::REALISASI_HEADER.iter().enumerate() {
        ws.write_string(2, c as u16, *h).expect("header");
    }
    ws.write_string(3, 0, "Penataan Organisasi").expect("cell");
    ws.write_string(3, 1, "Jumlah dokumen").expect("cell");
    ws.write_number(3, 2, 4).expect("cell");
    ws.write_number(3, 3, 4).expect("cell");
    ws.write_string(3, 4, "100,00%").expect("cell");
    ws.write_number(3, 5, 373_518_000).expect("cell");
    ws.write_number(3, 6, 372_428_649).expect("cell");
    ws.write_string(3, 7, "99,17%").expect("cell");
    wb.save(path).expect("save");
}
