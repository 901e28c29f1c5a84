//! Real workbooks of other agencies (`fixtures/real-world/`, copied byte for byte
//! from their public sources; `fixtures/real-world/README.md` names each one).
//! Nobody here wrote them, so they test what a layout nobody here has seen does.
//!
//! For each workbook the tests write down the tables a person would call tables
//! (sheet, range, kind): each is either read with its columns right, or listed
//! as not understood with the nearest rule and what it lacks. Every finding is
//! asserted with the recomputation that proves it; where a workbook is right, a
//! twin with one figure changed in memory proves the check would have seen it.

mod common;

use common::{codes, fixture};
use rust_decimal::Decimal;
use selaras::rules::Rules;
use selaras::workbook::{Override, Workbook};
use selaras::FileReport;

fn rules() -> Rules {
    Rules::built_in().expect("built-in rules load")
}

fn path(name: &str) -> std::path::PathBuf {
    fixture(&format!("real-world/{name}"))
}

fn report(name: &str) -> FileReport {
    selaras::check_path(&path(name), &rules()).expect("the workbook reads")
}

fn book(name: &str) -> Workbook {
    selaras::open(&path(name), &rules(), false).expect("the workbook reads")
}

/// `rule sheet!range` of every table read.
fn tables(r: &FileReport) -> Vec<String> {
    r.tables
        .iter()
        .map(|t| format!("{} {}!{}", t.rule, t.sheet, t.range))
        .collect()
}

/// The workbook with one cell (0-based) set to another value, checked.
fn twin(name: &str, sheet: &str, row: u32, col: u32, value: Override) -> FileReport {
    let mut b = book(name);
    let s = b
        .sheets
        .iter_mut()
        .find(|s| s.name == sheet)
        .expect("the sheet is there");
    s.set_override(row, col, value);
    selaras::check_workbook(&b, &rules())
}

fn dec(s: &str) -> Decimal {
    s.parse().expect("a decimal")
}

// --- Bantul, Dinas Pertanahan dan Tata Ruang: SKM 2023 (three stacked tables) ---

const BANTUL: &str = "bantul-dinas-pertanahan-tataruang-skm-2023.xlsx";

#[test]
fn bantul_three_stacked_tables_are_read_each_as_its_own() {
    let r = report(BANTUL);
    // IKM per year (Tahun | Nilai IKM); the nine unsur as NRR (No | Unsur | Nilai);
    // IKM and mutu per layanan (No | Layanan | IKM | Nilai), each under its caption.
    // The caption "Nilai IKM" between the second and third is not a row of either.
    assert_eq!(
        tables(&r),
        [
            "ikm-layanan SKM 2023!A3:B8",
            "ikm-unsur SKM 2023!A11:C20",
            "ikm-layanan SKM 2023!A23:D26",
        ]
    );
}

#[test]
fn bantul_is_right_and_a_wrong_mutu_or_unsur_would_be_seen() {
    // The IKM 2019–2023 lie within 25–100; the unsur (3,31 … 3,93) are NRR within
    // 1–4; each layanan's mutu is its PermenPAN-RB 14/2017 band: 75,56 in
    // 65,00–76,60 (C), 86,29 in 76,61–88,30 (B), 94,61 in 88,31–100,00 (A).
    let r = report(BANTUL);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    // 'SKM 2023'!D25 (86,29) called "A (Sangat Baik)": it is B.
    let t = twin(
        BANTUL,
        "SKM 2023",
        24,
        3,
        Override::Text("A (Sangat Baik)".into()),
    );
    assert_eq!(codes(&t.findings), ["category-mismatch SKM 2023!D25"]);
    // An unsur typed 4,31: above the NRR's 4.
    let t = twin(BANTUL, "SKM 2023", 11, 2, Override::Number(dec("4.31")));
    assert_eq!(codes(&t.findings), ["out-of-range SKM 2023!C12"]);
}

// --- Tulang Bawang Barat, Disdukcapil: SKM 2023 semester 1, unsur as columns ---

const TUBABA: &str = "tubaba-disdukcapil-skm-2023-s1.xlsx";

#[test]
fn tubaba_recap_with_the_unsur_as_columns_is_read() {
    let r = report(TUBABA);
    // No Resp | U1 … U9, the respondent row, then Σ Nilai, NRR, NRR tertimbang,
    // IKM UNIT PELAYANAN. The unsur legend below (NO | UNSUR PELAYANAN) holds no
    // figure and the mutu bands are lines of text: neither is a table of figures.
    assert_eq!(tables(&r), ["skm-rekap SKM 2023 S1!A5:J10"]);
    let b = book(TUBABA);
    let info = selaras::read_tables(&b, &rules()).0;
    let rows: Vec<&str> = info[0].rows.iter().map(|r| r.kind.as_str()).collect();
    assert_eq!(
        rows,
        ["responden", "jumlah", "nrr", "tertimbang", "ikm"],
        "the respondent row (1 | 4 4 … 4) is a row, not a numbering row"
    );
}

#[test]
fn tubaba_recap_agrees_and_each_planted_error_is_found() {
    // One respondent scored 4 on every unsur: Σ = 4, NRR = 4 / 1 = 4,00, NRR
    // tertimbang = 4 × 1/9 = 0,444… shown 0,44, IKM = 9 × 4 × 1/9 × 25 = 100.
    let r = report(TUBABA);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    let s = "SKM 2023 S1";
    // Σ Nilai of U3 typed 5: the respondent's score is 4.
    let t = twin(TUBABA, s, 6, 3, Override::Number(dec("5")));
    assert_eq!(codes(&t.findings), [format!("sum-mismatch {s}!D7")]);
    let f = &t.findings[0];
    assert_eq!(
        (f.found.as_deref(), f.expected.as_deref()),
        (Some("5.00"), Some("4.00"))
    );
    // NRR of U5 typed 3,50: the one respondent's 4 is the mean.
    let t = twin(TUBABA, s, 7, 5, Override::Number(dec("3.5")));
    let found = codes(&t.findings);
    assert!(
        found.contains(&format!("average-mismatch {s}!F8")),
        "{found:?}"
    );
    // NRR tertimbang of U9 typed 0,40: 4,00 × 1/9 = 0,444… → 0,44.
    let t = twin(TUBABA, s, 8, 9, Override::Number(dec("0.40")));
    assert_eq!(codes(&t.findings), [format!("weight-mismatch {s}!J9")]);
    assert_eq!(t.findings[0].expected.as_deref(), Some("0.44"));
    // The IKM typed 99,90: what 9 × 4,00 × 0,111 × 25 gives, not 1/9: a rounding
    // warning naming the written weight.
    let t = twin(TUBABA, s, 9, 1, Override::Number(dec("99.90")));
    assert_eq!(codes(&t.findings), [format!("rounding {s}!B10")]);
    // The IKM typed 90: an error.
    let t = twin(TUBABA, s, 9, 1, Override::Number(dec("90")));
    assert_eq!(codes(&t.findings), [format!("index-mismatch {s}!B10")]);
    assert_eq!(t.findings[0].expected.as_deref(), Some("100.00"));
}

// --- Ditjen Minerba, ESDM: index per jenis layanan, 2019 and 2020 TW I–IV ---

const MINERBA: &str = "minerba-esdm-indeks-kepuasan-layanan-2019-2020.xlsx";

#[test]
fn minerba_year_and_quarter_columns_under_a_group_header_are_read() {
    let r = report(MINERBA);
    // "Tahun 2019", then "Tahun 2020" merged over TW I … TW IV: the TW row is the
    // header's, not a data row; and the page's scale (Nilai Indeks | Kategori).
    assert_eq!(
        tables(&r),
        ["ikm-layanan IKL!A3:G8", "kategori-nilai IKL!A12:B16"]
    );
    let b = book(MINERBA);
    let info = selaras::read_tables(&b, &rules()).0;
    let headers: Vec<String> = (0..5).map(|i| info[0].member_header(1, i)).collect();
    assert_eq!(
        headers,
        [
            "Tahun 2019",
            "TW I 2020",
            "TW II 2020",
            "TW III 2020",
            "TW IV 2020"
        ]
    );
    assert_eq!(info[0].rows.len(), 4);
}

#[test]
fn minerba_is_right_and_a_wrong_index_or_band_would_be_seen() {
    // Every index lies within 1–4 (the NRR scale: 3,54 … 3,63), and the bands
    // 1,00–2,59, 2,60–3,06, 3,07–3,53, 3,54–4,00 leave no gap at two decimals.
    let r = report(MINERBA);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    // An index typed 35,7 (the decimal mark lost): outside 1–4.
    let t = twin(MINERBA, "IKL", 5, 4, Override::Number(dec("35.7")));
    assert_eq!(codes(&t.findings), ["out-of-range IKL!E6"]);
    // The third band typed "3,10 - 3,53": 3,07–3,09 falls in no category.
    let t = twin(MINERBA, "IKL", 14, 0, Override::Text("3,10 - 3,53".into()));
    assert_eq!(codes(&t.findings), ["scale-gap IKL!A15"]);
}
