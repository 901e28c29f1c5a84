//! The quarterly forms (`fixtures/forms/`, made by `cargo run --example
//! make_form_fixtures`): the Renja evaluation of Permendagri 86/2017 with kode,
//! a regional variant with a % per triwulan and no kode, and a Perjanjian
//! Kinerja with triwulan targets. Each clean workbook is quiet; each planted
//! twin gives exactly its mistakes, each at its cell with the figure that
//! recomputes it, said once (the totals above a mistyped row, the capaian after
//! a mistyped year, are not said again).

use selaras::Finding;

use crate::common::{fixture, triples};

fn check(name: &str) -> Vec<Finding> {
    selaras::check_path(
        &fixture(&format!("forms/{name}")),
        &selaras::Rules::built_in().unwrap(),
    )
    .unwrap()
    .findings
}

/// (code, cell, expected) of each finding.
fn seen(findings: &[Finding]) -> Vec<(String, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.code.to_string(),
                f.at.a1(),
                f.expected_text().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn the_clean_forms_are_quiet() {
    // Among them: a head count written cumulatively (124, 124, 126, 126: the
    // year 126, and the Renstra up to this year 126, not 124 + 126); a
    // percentage whose year is its last quarter (92, 95, 97, 98: 98) and one
    // stated as the quarters' mean (90, 94, 96, 100: 95); the per-triwulan %
    // of a percentage (its year's % the last quarter's); a PK count whose four
    // triwulan add up to its target (1 + 1 + 1 + 1 = 4) and an index whose
    // triwulan IV is its target.
    for name in [
        "renja-86-kode-clean.xlsx",
        "renja-persen-clean.xlsx",
        "renja-tata-letak-clean.xlsx",
        "pk-triwulan-clean.xlsx",
    ] {
        let findings = check(name);
        assert!(findings.is_empty(), "{name}: {:#?}", seen(&findings));
    }
}

#[test]
fn the_86_form_gives_each_planted_mistake_once() {
    let findings = check("renja-86-kode-planted.xlsx");
    assert_eq!(
        seen(&findings),
        triples(&[
            // Kegiatan 1.02.01.2.01's Renja Rp: its sub kegiatan (kode
            // 1.02.01.2.01.*) 62.000.000 + 42.500.000. Program 1.02.01 above it
            // (5.054.500.000) is right by the kegiatan's true sum: not said.
            ("sum-mismatch", "K10", "104500000"),
            // 14 = 7 + 13 for a count: 9 + 3.
            ("sum-mismatch", "V11", "12.00"),
            // 15 = 13 / 8 × 100: 61.350.000 / 62.000.000 × 100 = 98,9516…
            ("percent-mismatch", "Y11", "98.95"),
            // 13 = 9 + 10 + 11 + 12 in Rp: 9.150.000 + 10.200.000 + 9.875.000 +
            // 12.600.000. Its kegiatan's year Rp (103.175.000) and its own
            // 14 and 15 follow the right 41.825.000: not said.
            ("sum-mismatch", "U12", "41825000"),
            // A percentage's year: neither the sum (382) nor the last quarter
            // (98) nor the mean (95,5) is 97; most likely the last quarter.
            ("sum-mismatch", "T17", "98.00"),
            // 95.650.000 spent of a Renja budget of 94.000.000 (101,76 %). The
            // kegiatan and program above are over only through it.
            ("over-limit", "U18", "94000000"),
            // The sub kegiatan's capaian Rp average 99,51: Sangat Tinggi (91 and
            // above), not Tinggi.
            ("category-mismatch", "Y21", "Sangat Tinggi"),
        ])
    );
    // A column is named as the form names it: its number, its header, its
    // part; the numbering row's formula ("14=7+13") is not a name.
    let column = |cell: &str| {
        findings
            .iter()
            .find(|f| f.at.a1() == cell)
            .map(|f| f.column_label.clone())
            .unwrap_or_default()
    };
    assert_eq!(
        column("V11"),
        "(14) Realisasi Kinerja dan Anggaran Renstra Perangkat … K"
    );
    assert_eq!(
        column("Y11"),
        "(15) Tingkat Capaian Kinerja dan Realisasi Anggaran … Rp"
    );
    // T17's 98 is the likeliest reading, not a recomputation: said as such.
    let t17 = findings.iter().find(|f| f.at.a1() == "T17").expect("T17");
    assert_eq!(t17.expectation(), selaras::Expectation::Likely);
    let over = findings.iter().find(|f| f.code.as_str() == "over-limit");
    let text = over.map(|f| f.message.to_string()).unwrap_or_default();
    assert!(
        text.contains("95.650.000") && text.contains("94.000.000"),
        "{text}"
    );
}

#[test]
fn the_persen_variant_holds_k_percent_and_rp_apart() {
    // `(10)=(6)+(7)+(8)+(9)` over groups of K, % and Rp: each with its own;
    // and each % = its K / the target's K × 100.
    let findings = check("renja-persen-planted.xlsx");
    // A quarter's column is named as its readers say it: "Triwulan II", not "II".
    let j10 = findings.iter().find(|f| f.at.a1() == "J10").expect("J10");
    assert_eq!(j10.column_label, "Triwulan II");
    assert_eq!(
        seen(&findings),
        triples(&[
            // The year's % of a count: its K 40 of the target 40 (and 20 + 30 +
            // 25 + 25, the triwulan's %: said once).
            ("percent-mismatch", "S8", "100.00"),
            // The year's Rp: 7.400.000 + 7.650.000 + 7.590.000 + 7.900.000.
            ("sum-mismatch", "T9", "30540000"),
            // Triwulan II's % beside its K: 10 of the target 40 is 25. The
            // year's % (S10, 100 = 25 + 25 + 25 + 25) is right with it: not
            // said again.
            ("percent-mismatch", "J10", "25.00"),
            // (11) = (10) / (5) × 100 for K: 40 / 40 × 100.
            ("percent-mismatch", "U10", "100.00"),
        ])
    );
}

#[test]
fn the_pk_holds_triwulan_targets_by_the_indicators_kind() {
    assert_eq!(
        seen(&check("pk-triwulan-planted.xlsx")),
        triples(&[
            // A percentage: triwulan IV carries the annual target 85.
            ("target-mismatch", "H6", "85"),
            // A count: 1 + 1 + 1 + 2 = 5 is not 4, nor is triwulan IV's 2;
            // which triwulan is wrong no figure says, so no value is offered.
            ("target-mismatch", "H8", ""),
        ])
    );
}

/// The clean 86 form with cells set over it (0-based row, column).
fn clean_86_with(cells: &[(u32, u32, selaras::Override)]) -> Vec<Finding> {
    let mut book = selaras::Workbook::open(&fixture("forms/renja-86-kode-clean.xlsx"))
        .expect("the fixture opens");
    for (row, col, value) in cells {
        book.sheets[0].set_override(*row, *col, value.clone());
    }
    selaras::check_workbook(&book, &selaras::Rules::built_in().unwrap()).findings
}

#[test]
fn a_mean_between_two_whole_number_criteria_is_read_as_the_predikat_says() {
    use selaras::Override;
    let (mean, predikat) = ((19, 24), (20, 24)); // Y20, Y21
    let set = |v: &str, word: &str| {
        clean_86_with(&[
            (mean.0, mean.1, Override::Number(v.parse().unwrap())),
            (predikat.0, predikat.1, Override::Text(word.to_string())),
        ])
    };
    // 90,5 lies between Tinggi (76 – 90) and Sangat Tinggi (91 and above):
    // either word is a reading, said as information with the band it takes.
    for word in ["Tinggi", "Sangat Tinggi"] {
        let found = set("90.5", word);
        assert_eq!(
            seen(&found),
            triples(&[("scale-gap", "Y21", "")]),
            "{word}: {found:#?}"
        );
        assert_eq!(found[0].severity, selaras::Severity::Info);
        assert!(found[0].message.to_string().contains(&format!("'{word}'")));
    }
    // Sedang names neither band beside it.
    assert_eq!(
        seen(&set("90.5", "Sedang")),
        triples(&[("category-mismatch", "Y21", "")])
    );
    // A word of another scale (a report's own) is not these criteria's.
    assert!(set("90.5", "Baik Sekali").is_empty());
    // 75 is Sedang (66 – 75), whole.
    assert_eq!(
        seen(&set("75", "Tinggi")),
        triples(&[("category-mismatch", "Y21", "Sedang")])
    );
}

#[test]
fn a_quarter_mistyped_is_said_once_at_its_own_cell() {
    use selaras::Override;
    // The Laporan Capaian sub kegiatan's TW IV Rp (S12) typed 12.060.000 for
    // 12.600.000: its year (U12, 13 = 9+10+11+12) and its kegiatan's TW IV
    // (S10) are each 540.000 above their parts, and S12 is the one part they
    // share: one finding, at S12, with the figure both totals agree on. (Its
    // two digits swapped back, its kegiatan's TW IV adds up: said so, from S10.)
    let found = clean_86_with(&[(11, 18, Override::Number(12_060_000.into()))]);
    assert_eq!(
        seen(&found),
        triples(&[("sum-mismatch", "S12", "12600000")]),
        "{found:#?}"
    );
    assert_eq!(found[0].fix, Some(12_600_000.into()));
    let inputs: Vec<String> = found[0].inputs.iter().map(|a| a.a1()).collect();
    assert_eq!(inputs, ["S10"]);
    // A total mistyped alone is still said at the total (U12 typed 41.852.000:
    // no other total shares a part with it and is off as well).
    let found = clean_86_with(&[(11, 20, Override::Number(41_852_000.into()))]);
    assert_eq!(
        seen(&found),
        triples(&[("sum-mismatch", "U12", "41825000")])
    );
}

#[test]
fn a_realisation_up_to_the_quarter_that_went_down_is_a_cumulative_decrease_in_diff() {
    use selaras::compare::Kind;
    use selaras::{Override, Workbook};
    let rules = selaras::Rules::built_in().unwrap();
    let path = fixture("forms/renja-86-kode-clean.xlsx");
    let earlier = Workbook::open(&path).expect("the fixture opens");
    // The next quarter's workbook: the Gaji sub kegiatan's TW IV Rp (S14) and
    // so its year's realisation (U14, 13 = 9+10+11+12) 6.650.000 lower; its
    // TW IV K (R14) up from 126 to 127.
    let mut later = Workbook::open(&path).expect("the fixture opens");
    let s = &mut later.sheets[0];
    s.set_override(13, 18, Override::Number(1_268_650_000.into()));
    s.set_override(13, 20, Override::Number(4_914_200_000i64.into()));
    s.set_override(13, 17, Override::Number(127.into()));
    let changes = selaras::compare::diff(&earlier, &later, &rules);
    let seen: Vec<(Kind, String, Option<String>, Option<String>)> = changes
        .iter()
        .map(|c| {
            (
                c.kind,
                c.new_at.as_ref().map(|a| a.a1()).unwrap_or_default(),
                c.old.clone(),
                c.new.clone(),
            )
        })
        .collect();
    let some = |s: &str| Some(s.to_string());
    assert_eq!(
        seen,
        [
            // A quarter's own K and Rp may move either way (a correction):
            // changes. The year's Rp, counted up to the quarter, may not.
            (Kind::Changed, "R14".to_string(), some("126"), some("127")),
            (
                Kind::Changed,
                "S14".to_string(),
                some("1.275.300.000"),
                some("1.268.650.000")
            ),
            (
                Kind::Decreased,
                "U14".to_string(),
                some("4.920.850.000"),
                some("4.914.200.000")
            ),
        ]
    );
    // Said as an error, in the person's words, and counted.
    let text = selaras::compare::human("tw3.xlsx", "tw4.xlsx", &changes, selaras::Lang::english());
    assert!(
        text.contains("! 'Penyediaan Gaji dan Tunjangan ASN'")
            && text.contains("4.920.850.000 -> 4.914.200.000")
            && text.contains("error[cumulative-decrease]")
            && text.contains("1 cumulative figure(s) went down (error)"),
        "{text}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&selaras::compare::json("tw3.xlsx", "tw4.xlsx", &changes)).unwrap();
    assert_eq!(json["changes"][2]["kind"], "cumulative-decrease");
    assert_eq!(json["summary"]["cumulative_decrease"], 1);
    // Up again is no error: the earlier and later swapped.
    let back = selaras::compare::diff(&later, &earlier, &rules);
    assert!(back.iter().all(|c| c.kind == Kind::Changed), "{back:#?}");
}

#[test]
fn a_negative_indicators_level_of_achievement_may_be_read_inverted() {
    use selaras::Override;
    // Row 17 renamed a negative indicator (the fewer, the better): its 15 K
    // = 13 / 8 × 100 = 98 / 100 × 100 = 98, or inverted (2 × 100 − 98) / 100
    // × 100 = 102. Either is taken; 150 is neither.
    let renamed = (16, 4, Override::Text("Angka kematian ibu".into()));
    let set = |v: i64| clean_86_with(&[renamed.clone(), (16, 23, Override::Number(v.into()))]);
    assert!(set(102).is_empty(), "{:#?}", seen(&set(102)));
    assert!(set(98).is_empty());
    let found = set(150);
    assert_eq!(
        seen(&found),
        triples(&[("percent-mismatch", "X17", "98.00")])
    );
    let formula = found[0]
        .formula
        .as_ref()
        .map(|m| m.to_string())
        .unwrap_or_default();
    assert!(formula.contains("102"), "{formula}");
}

#[test]
fn a_renja_whose_levels_only_its_layout_tells_gives_each_mistake_at_its_cell() {
    // No kode: a program in capitals, its kegiatan in bold, their sub kegiatan
    // indented. The first program holds two mistakes, so no choice of its rows
    // adds up to it and the figures alone cannot tell its kegiatan; the
    // second's first kegiatan is nil in both triwulan. The layout tells both,
    // and the figures bear it out (Perencanaan = 12.500.000 + 8.300.000).
    let findings = check("renja-tata-letak-planted.xlsx");
    assert_eq!(
        seen(&findings),
        triples(&[
            // The program's TW I: its kegiatan 20.800.000 + 1.245.600.000 +
            // 43.775.000 (the OPD row above states the true sum).
            ("sum-mismatch", "D7", "1310175000"),
            // Administrasi Keuangan's TW II: 1.251.300.000 + 6.750.000. The
            // program's TW II (1.336.825.000) is right by that true figure.
            ("sum-mismatch", "F11", "1258050000"),
            // Pemberdayaan Masyarakat's TW I: 6.450.000 + 4.200.000. The
            // program's TW I (13.750.000) is right by it.
            ("sum-mismatch", "D22", "10650000"),
        ])
    );
    // Which rows the layout read: src/checks/hierarchy.rs, the test of the same fixture.
}
