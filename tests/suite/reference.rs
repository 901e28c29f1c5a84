//! The reference report (`fixtures/lkjip-setda-kebumen-2024.xlsx`, every table of
//! the LKjIP Setda Kebumen 2024 as printed) and its clean twin: the exact set of
//! findings over every table, and no error or warning in the twin.

use crate::common::{codes, fixture};
use selaras::{Rules, Severity};

fn report(name: &str) -> selaras::FileReport {
    let rules = Rules::built_in().expect("built-in rules load");
    selaras::check_path(&fixture(name), &rules).expect("fixture reads")
}

#[test]
fn every_table_of_the_reference_is_recognised() {
    let r = report("lkjip-setda-kebumen-2024.xlsx");
    let found: Vec<(String, String, String)> = r
        .tables
        .iter()
        .map(|t| (t.rule.clone(), t.sheet.clone(), t.range.clone()))
        .collect();
    let expect = [
        ("asn-jabatan", "SDM", "A5:C72"),
        ("asn-golongan", "SDM", "A78:C85"),
        ("asn-pendidikan", "SDM", "A91:C98"),
        ("renstra", "Renstra", "B5:L9"),
        ("renstra", "Renstra", "B14:L17"),
        ("perjanjian-kinerja", "PK 2024", "A3:E7"),
        ("perencanaan-anggaran", "PK 2024", "A12:C15"),
        ("kategori-capaian", "Tabel 3.1", "B4:D9"),
        ("capaian-kinerja", "Tabel 3.2", "A3:F7"),
        ("ikm-interval", "IKM", "B4:F8"),
        ("capaian-tahunan", "IKM", "B14:I17"),
        ("perbandingan-capaian", "IKM", "B23:K29"),
        ("ikm-unsur", "IKM", "B38:G48"),
        ("realisasi-anggaran", "Tabel 3.7", "A6:H30"),
        ("keterkaitan", "Tabel 3.8", "A3:G29"),
        ("efisiensi-anggaran", "Tabel 3.9", "B5:I10"),
        ("perjanjian-kinerja", "Lampiran PK", "A3:I9"),
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
        // Tabel 3.1: "Kurang dari 50 %" and "Lebih dari 50% s.d 60 %" leave 50 itself and
        // (60; 65] without a category.
        "scale-gap Tabel 3.1!C7",
        "scale-gap Tabel 3.1!C8",
        // Tabel 3.2: the IKM is 91,31, the mean of Tabel 3.6's nine unsur, not 90,38 / 90,40.
        // The tujuan row "Indeks Kepuasan Masyarakat" states 90,38 / 106,33% where the
        // sasaran row "... Setda" (and Tabel 3.4) state 90,40 / 106,35%: that the two are one
        // indicator is a guess, so it is one warning for the pair (and a warning for each
        // figure Tabel 3.4 gives as the sasaran row does).
        "index-mismatch Tabel 3.2!E5",
        "repeat-mismatch Tabel 3.2!E5",
        "cross-table-mismatch Tabel 3.2!E5",
        "cross-table-mismatch Tabel 3.2!F5",
        "index-mismatch Tabel 3.2!E7",
        // Tabel 3.3: 2,599 / 3,064 / 3,532 where PermenPAN-RB 14/2017 has 2,5996 / 3,0644 /
        // 3,5324, so 3,064 and 3,532 fall in two bands each.
        "scale-mismatch IKM!C5",
        "scale-overlap IKM!C7",
        "scale-mismatch IKM!C7",
        "scale-overlap IKM!C8",
        "scale-mismatch IKM!C8",
        // Tabel 3.4: the IKM again; tingkat kemajuan 90,40 / 86 = 105,116..., cut to 105,11.
        "index-mismatch IKM!F17",
        "rounding IKM!I17",
        // Tabel 3.5: the tujuan row's realisations differ from the sasaran row's in every
        // year (two series: one warning) and, for 2023 and 2024, from Tabel 3.4.
        "repeat-mismatch IKM!E27",
        "cross-table-mismatch IKM!G27",
        "cross-table-mismatch IKM!J27",
        "cross-table-mismatch IKM!K27",
        // Tabel 3.6: seven Kabupaten unsur above 100, which NRR x 25 cannot exceed.
        "out-of-range IKM!F40",
        "out-of-range IKM!F41",
        "out-of-range IKM!F43",
        "out-of-range IKM!F44",
        "out-of-range IKM!F45",
        "out-of-range IKM!F46",
        "out-of-range IKM!F48",
        // Tabel 3.8: the tujuan's 106,33% against the sasaran's 106,35% ...
        "repeat-mismatch Tabel 3.8!C5",
        // ... "Fasilitasi" where Tabel 3.7 has "Fasilitas" Kerumahtanggaan ...
        "label-mismatch Tabel 3.8!D16",
        // ... "Administrasi Tata Pemerintahan" where Tabel 3.7 has "Administrasi Pemerintahan" ...
        "label-mismatch Tabel 3.8!D20",
        // ... Fasilitasi dan Koordinasi Hukum given the Kesra kegiatan's indicator ...
        "label-mismatch Tabel 3.8!E22",
        // ... indicators reworded (information; wordings that keep the meaning, KDH dan
        // WKDH or pemerintah / pemerintahan, are not reported) ...
        "label-mismatch Tabel 3.8!E23",
        // ... and one that counts kegiatan where Tabel 3.7 counts dokumen (a warning).
        "label-mismatch Tabel 3.8!E26",
        "label-mismatch Tabel 3.8!E27",
        "label-mismatch Tabel 3.8!E28",
        // Tabel 3.9: 12,99% efficiency, which no reading of PMK 214/2017 gives.
        "efficiency-mismatch Tabel 3.9!I10",
        // The PK lampiran: triwulan IV 84 for an annual (non-cumulative) 85 ...
        "target-mismatch Lampiran PK!I7",
        "target-mismatch Lampiran PK!I9",
        // ... and the original budgets: information.
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
    assert_eq!(severity("Tabel 3.8!E26"), Some(Severity::Warning));
    assert_eq!(severity("Tabel 3.8!E23"), Some(Severity::Info));
    // The guesses that the tujuan and sasaran rows are one indicator.
    assert_eq!(severity("Tabel 3.2!F5"), Some(Severity::Warning));
    assert_eq!(severity("IKM!E27"), Some(Severity::Warning));
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
    assert_eq!(f.found_text().as_deref(), Some("12.99"));
    assert_eq!(f.expected_text().as_deref(), Some("10.29"));
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
            f.message.english().contains(variant),
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
        f.message.english().contains(
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
    assert_eq!(r.tables.len(), 18);
}

#[test]
fn reference_index_finding_shows_the_mean_and_both_weightings() {
    let r = report("lkjip-setda-kebumen-2024.xlsx");
    let f = r
        .findings
        .iter()
        .find(|f| f.code.as_str() == "index-mismatch" && f.at.sheet == "IKM")
        .expect("the IKM of Tabel 3.4 is reported");
    assert_eq!(
        (f.found_text().as_deref(), f.expected_text().as_deref()),
        (Some("90.40"), Some("91.31"))
    );
    assert!(
        f.message.english().contains("weight 0,111 gives 91,22"),
        "{}",
        f.message
    );
    assert_eq!(f.inputs.len(), 9);
    assert_eq!(f.inputs[0].a1(), "D40");
}

#[test]
fn reference_scale_gap_names_the_values_without_a_category() {
    let r = report("lkjip-setda-kebumen-2024.xlsx");
    let gaps: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "scale-gap")
        .map(|f| f.message.english())
        .collect();
    assert!(
        gaps[0].starts_with(
            "no row takes more than 60 up to 65: 'Lebih dari 50% s.d 60 %' (Kurang (K)) stops at 60 and 'Lebih dari 65 % sd. 85%' (Cukup (C)) starts after 65"
        ),
        "{}",
        gaps[0]
    );
    assert!(
        gaps[1].starts_with(
            "no row takes exactly 50: 'Kurang dari 50 %' (Sangat Kurang (SK)) stops before 50 and 'Lebih dari 50% s.d 60 %' (Kurang (K)) starts after 50"
        ),
        "{}",
        gaps[1]
    );
}
