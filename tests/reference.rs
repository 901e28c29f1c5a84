//! The reference report (`fixtures/lkjip-setda-kebumen-2024.xlsx`, every table of
//! the LKjIP Setda Kebumen 2024 as printed) and its clean twin: the exact set of
//! findings of the budget family, and nothing at all in the twin.

mod common;

use common::{codes, fixture};
use selaras::finding::Severity;
use selaras::rules::Rules;

fn report(name: &str) -> selaras::FileReport {
    let rules = Rules::built_in().expect("built-in rules load");
    selaras::check_path(&fixture(name), &rules).expect("fixture reads")
}

#[test]
fn reference_budget_tables_are_recognised() {
    let r = report("lkjip-setda-kebumen-2024.xlsx");
    let found: Vec<(String, String, String)> = r
        .tables
        .iter()
        .map(|t| (t.rule.clone(), t.sheet.clone(), t.range.clone()))
        .collect();
    let expect = [
        ("perencanaan-anggaran", "PK 2024", "A12:C15"),
        ("realisasi-anggaran", "Tabel 3.7", "A6:H30"),
        ("keterkaitan", "Tabel 3.8", "A3:G29"),
        ("efisiensi-anggaran", "Tabel 3.9", "B5:I10"),
        ("anggaran-murni", "Lampiran PK", "A12:D15"),
    ];
    let expect: Vec<(String, String, String)> = expect
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(found, expect);
}

#[test]
fn reference_findings_are_exactly_the_real_inconsistencies() {
    let r = report("lkjip-setda-kebumen-2024.xlsx");
    let expect = [
        // Tabel 3.8 words indicators differently from Tabel 3.7 (information) ...
        "label-mismatch Tabel 3.8!E9",
        "label-mismatch Tabel 3.8!E13",
        "label-mismatch Tabel 3.8!E15",
        // ... names a kegiatan "Fasilitasi" where Tabel 3.7 has "Fasilitas" ...
        "label-mismatch Tabel 3.8!D16",
        "label-mismatch Tabel 3.8!E16",
        "label-mismatch Tabel 3.8!E17",
        "label-mismatch Tabel 3.8!E18",
        // ... "Administrasi Tata Pemerintahan" where Tabel 3.7 has "Administrasi Pemerintahan" ...
        "label-mismatch Tabel 3.8!D20",
        "label-mismatch Tabel 3.8!E21",
        // ... and gives Fasilitasi dan Koordinasi Hukum the Kesra kegiatan's indicator.
        "label-mismatch Tabel 3.8!E22",
        "label-mismatch Tabel 3.8!E23",
        "label-mismatch Tabel 3.8!E26",
        "label-mismatch Tabel 3.8!E27",
        "label-mismatch Tabel 3.8!E28",
        // 12,99% efficiency: no reading of PMK 214/2017 gives it (10,29 / 8,49 / 15,63 / 8,49).
        "efficiency-mismatch Tabel 3.9!I10",
        // The Perjanjian Kinerja states the original budgets: information.
        "budget-revised Lampiran PK!C13",
        "budget-revised Lampiran PK!C14",
        "budget-revised Lampiran PK!C15",
    ];
    assert_eq!(codes(&r.findings), expect);
    let severity = |cell: &str| {
        r.findings
            .iter()
            .find(|f| format!("{}!{}", f.at.sheet, f.at.a1()) == cell)
            .map(|f| f.severity)
    };
    assert_eq!(severity("Tabel 3.8!D16"), Some(Severity::Warning));
    assert_eq!(severity("Tabel 3.8!D20"), Some(Severity::Warning));
    assert_eq!(severity("Tabel 3.8!E22"), Some(Severity::Warning));
    assert_eq!(severity("Tabel 3.8!E9"), Some(Severity::Info));
    assert_eq!(severity("Tabel 3.9!I10"), Some(Severity::Error));
    assert_eq!(severity("Lampiran PK!C13"), Some(Severity::Info));
}

#[test]
fn reference_efficiency_finding_shows_every_variant() {
    let r = report("lkjip-setda-kebumen-2024.xlsx");
    let f = r
        .findings
        .iter()
        .find(|f| f.code.as_str() == "efficiency-mismatch")
        .expect("the 12,99% efficiency is reported");
    assert_eq!(f.found.as_deref(), Some("12.99"));
    assert_eq!(f.expected.as_deref(), Some("10.29"));
    assert_eq!(
        f.fix, None,
        "no single correct value: which reading was meant is a judgment"
    );
    for variant in [
        "kegiatan rows, capaian not capped: 10,29",
        "kegiatan rows, capaian capped at 100%: 8,49",
        "program rows, capaian not capped: 15,63",
        "program rows, capaian capped at 100%: 8,49",
    ] {
        assert!(
            f.message.contains(variant),
            "{variant} missing from: {}",
            f.message
        );
    }
    // 18 kegiatan x (anggaran, realisasi Rp, target, realisasi).
    assert_eq!(f.inputs.len(), 72);
    assert!(f.inputs.iter().all(|i| i.sheet == "Tabel 3.7"));
}

#[test]
fn reference_copied_indicator_names_its_source() {
    let r = report("lkjip-setda-kebumen-2024.xlsx");
    let f = r
        .findings
        .iter()
        .find(|f| f.at.a1() == "E22")
        .expect("the Hukum kegiatan's indicator is reported");
    assert!(
        f.message.contains(
            "reads like the Indikator Kinerja of 'Pelaksanaan Kebijakan Kesejahteraan Rakyat'"
        ),
        "{}",
        f.message
    );
    assert_eq!(f.inputs.len(), 1);
    assert_eq!(f.inputs[0].qualified(), "'Tabel 3.7'!B23");
}

#[test]
fn clean_twin_has_no_error_and_no_warning() {
    let r = report("lkjip-setda-kebumen-2024-clean.xlsx");
    let loud: Vec<_> = r
        .findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .collect();
    assert!(loud.is_empty(), "{:#?}", loud);
    // Only the murni/perubahan differences remain, as information.
    assert_eq!(
        codes(&r.findings),
        [
            "budget-revised Lampiran PK!C13",
            "budget-revised Lampiran PK!C14",
            "budget-revised Lampiran PK!C15"
        ]
    );
    assert_eq!(r.tables.len(), 5);
}
