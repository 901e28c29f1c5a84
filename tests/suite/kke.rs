//! The evaluators' worksheet of SAKIP (KKE, PermenPAN-RB 88/2021):
//! `fixtures/kke/` (made by `cargo run --example make_kke_fixtures`), typed and
//! with formulas, each clean twin quiet and each planted twin giving exactly its
//! mistakes at their cells with the figure that recomputes them; and the real
//! draft of Kab. Trenggalek, read whole.

use selaras::Finding;

use crate::common::{fixture, triples};

fn check(name: &str) -> Vec<Finding> {
    selaras::check_path(
        &fixture(&format!("kke/{name}")),
        &selaras::Rules::built_in().unwrap(),
    )
    .unwrap()
    .findings
}

/// (code, cell with its sheet, expected) of each finding.
fn seen(findings: &[Finding]) -> Vec<(String, String, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f.code.to_string(),
                format!("{}!{}", f.at.sheet, f.at.a1()),
                f.expected_text().unwrap_or_default(),
            )
        })
        .collect()
}

#[test]
fn the_clean_worksheets_are_quiet() {
    // Typed (Y = 1, T = 0, A = 1, B = 0,75, C = 0,5, D = 0,25) and with
    // formulas (B = 0,66, C = 0,33, D = 0, the resume by VLOOKUP); the
    // penilaian final filled for the first komponen only, as a draft is.
    // The same with the coefficients shown as percentages (100% is 1).
    for name in [
        "kke-ketik-clean.xlsx",
        "kke-rumus-clean.xlsx",
        "kke-ketik-persen-clean.xlsx",
        "kke-rumus-persen-clean.xlsx",
    ] {
        let report = selaras::check_path(
            &fixture(&format!("kke/{name}")),
            &selaras::Rules::built_in().unwrap(),
        )
        .unwrap();
        assert!(
            report.findings.is_empty(),
            "{name}: {:#?}",
            seen(&report.findings)
        );
        let rules: Vec<&str> = report.tables.iter().map(|t| t.rule.as_str()).collect();
        assert_eq!(rules, ["kke-resume", "kke-penilaian"], "{name}");
    }
}

#[test]
fn the_typed_worksheet_gives_each_planted_mistake_once() {
    let findings = check("kke-ketik-planted.xlsx");
    assert_eq!(
        seen(&findings),
        triples(&[
            // Kualitas of komponen D: the resume's 7,06 is its two kriteria's
            // 3,75 × 1 + 3,75 × 0,75 = 6,5625 (6,56) with 0,50 added.
            ("cross-table-mismatch", "RESUME!F18", "6.56"),
            // The Nilai Akuntabilitas Kinerja 55,84 (the resume's own sum,
            // the 0,50 above included) is CC (above 50 up to 60), not B.
            ("category-mismatch", "RESUME!F21", "CC"),
            // Its first kriteria's bukti weigh 1,50 + 0,60 = 2,10, not its 3,00.
            ("sum-mismatch", "PENILAIAN!K5", "2.10"),
            // Pemenuhan of komponen B: its bukti answered T, Y, Y, T earn
            // 1,50 × (0 + 1 + 1 + 0) = 3,00; its own nilai says 2,75.
            ("sum-mismatch", "PENILAIAN!N18", "3.00"),
            // A 'B' given 0,50 where every other B is 0,75.
            ("coefficient-mismatch", "PENILAIAN!M27", "0.75"),
            // A 'D' (0,25) on a kriteria of bobot 3,75 earns 0,9375, not 1,05.
            ("percent-mismatch", "PENILAIAN!N44", "0.94"),
        ])
    );
}

#[test]
fn the_worksheet_with_formulas_is_held_to_its_own_rule() {
    let findings = check("kke-rumus-planted.xlsx");
    assert_eq!(
        seen(&findings),
        triples(&[
            // Pemanfaatan of komponen C states no nilai of its own: the
            // resume's VLOOKUP reads 0, where its kriteria earn 3,75 × 0,33
            // (C) + 3,75 × 0 (D) = 1,2375 (1,24).
            ("cross-table-mismatch", "RESUME!F15", "1.24"),
            // One coefficient formula reads B as 0,6; every other says 0,66.
            ("coefficient-mismatch", "PENILAIAN!M13", "0.66"),
        ])
    );
    let said = findings[1].message.render(selaras::Lang::english());
    assert!(said.contains("A = 1; B = 0,66; C = 0,33; D = 0"), "{said}");
}

#[test]
fn fixing_the_typed_worksheet_settles_it_but_for_the_predikat_word() {
    // --fix: the koefisien of 'B' (0,75) and the nilai 0,9375 are derived
    // figures, corrected; the nilai over the corrected koefisien follows.
    // --unsafe-fixes also takes each total and the resume's typed figure to
    // its rows' sum; what is left is the predikat, a word no figure corrects.
    let rules = selaras::Rules::built_in().unwrap();
    let open = || {
        selaras::open(&fixture("kke/kke-ketik-planted.xlsx"), &rules, true)
            .expect("the fixture reads")
    };
    let changed = |plan: &selaras::repair::Plan| -> Vec<String> {
        let mut cells: Vec<String> = plan
            .changes
            .iter()
            .map(|c| format!("{}!{} {}", c.at.sheet, c.at.a1(), c.new))
            .collect();
        cells.sort();
        cells
    };
    let mut book = open();
    let plan = selaras::repair::plan(&mut book, &rules, selaras::repair::Options::default());
    let made = changed(&plan);
    assert!(
        made.iter().any(|c| c.starts_with("PENILAIAN!M27 "))
            && made.iter().any(|c| c.starts_with("PENILAIAN!N44 ")),
        "{made:#?}"
    );
    let options = selaras::repair::Options {
        unsafe_fixes: true,
        ..Default::default()
    };
    let mut book = open();
    let plan = selaras::repair::plan(&mut book, &rules, options);
    let left: Vec<String> = plan
        .report
        .findings
        .iter()
        .map(|f| format!("{} {}!{}", f.code, f.at.sheet, f.at.a1()))
        .collect();
    assert_eq!(left, ["category-mismatch RESUME!F21"]);
}
