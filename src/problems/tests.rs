// (Cells are cloned into the inputs of a finding, as the checks build them.)
#![allow(clippy::cloned_ref_to_slice_refs)]

use super::*;
use crate::finding::{Finding, Relation};
use crate::i18n::Msg;

fn at(sheet: &str, a1: &str) -> CellAddr {
    let col = a1.bytes().next().unwrap() - b'A';
    let row: u32 = a1[1..].parse().unwrap();
    CellAddr::new(sheet, row - 1, u32::from(col))
}

/// A figure as a finding's value holds it (`"90.40"`: 90.40, its scale kept).
fn figure(text: &str) -> rust_decimal::Decimal {
    text.parse().expect("a figure")
}

fn finding(
    code: Code,
    cell: CellAddr,
    found: &str,
    expected: &str,
    inputs: &[CellAddr],
) -> Finding {
    Finding::new(code, cell, Msg::new("human.paragraph"))
        .place("Tabel 3.2", "Indeks Kepuasan Masyarakat", "Realisasi")
        .figures(figure(found), Some(figure(expected)))
        .inputs(inputs.to_vec())
}

/// The one cell a problem blames, and why (in English).
fn blamed(p: &Problem) -> (CellAddr, String) {
    match &p.blame {
        Blame::One { cell, reason } => (cell.clone(), reason.english()),
        other => panic!("one cell blamed, not {other:?}"),
    }
}

#[test]
fn codes_on_one_cell_and_comparisons_of_one_figure_are_one_problem() {
    let e5 = at("T", "E5");
    let e7 = at("T", "E7");
    let f17 = at("IKM", "F17");
    let unsur = [at("IKM", "D40"), at("IKM", "D41")];
    let findings = vec![
        finding(Code::IndexMismatch, e5.clone(), "90.38", "91.31", &unsur),
        finding(
            Code::RepeatMismatch,
            e5.clone(),
            "90.38",
            "90.40",
            &[e7.clone()],
        ),
        finding(Code::IndexMismatch, e7.clone(), "90.40", "91.31", &unsur),
        finding(Code::IndexMismatch, f17.clone(), "90.40", "91.31", &unsur),
        finding(
            Code::CrossTableMismatch,
            at("IKM", "J27"),
            "90.38",
            "90.40",
            &[f17.clone()],
        ),
        // Another figure altogether: a problem of its own.
        finding(Code::PercentMismatch, at("T", "H9"), "12", "10", &[]),
    ];
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].findings, vec![0, 1, 2, 3, 4]);
    assert_eq!(
        problems[0].cells,
        vec![e5.clone(), e7.clone(), f17.clone(), at("IKM", "J27")]
    );
    // Three cells whose unsur do not give them: tied.
    match &problems[0].blame {
        Blame::Tied { cells, .. } => assert_eq!(cells, &vec![e5, e7, f17]),
        other => panic!("{other:?}"),
    }
    assert_eq!(problems[1].findings, vec![5]);
    assert_eq!(problems[1].blame, Blame::None);
    assert_eq!(of_findings(&problems, 6), vec![1, 1, 1, 1, 1, 2]);
}

/// C5 says 106,33; C7, G17 and K27 say 106,35: three comparisons.
fn one_odd_out() -> (Vec<Finding>, [CellAddr; 4]) {
    let (a, b, c, d) = (at("T", "C5"), at("T", "C7"), at("U", "G17"), at("U", "K27"));
    let findings = vec![
        finding(
            Code::RepeatMismatch,
            a.clone(),
            "106.33",
            "106.35",
            &[b.clone()],
        ),
        finding(
            Code::CrossTableMismatch,
            a.clone(),
            "106.33",
            "106.35",
            &[c.clone()],
        ),
        finding(
            Code::CrossTableMismatch,
            d.clone(),
            "106.35",
            "106.33",
            &[a.clone()],
        ),
    ];
    (findings, [a, b, c, d])
}

#[test]
fn the_odd_one_out_is_blamed_by_majority_and_an_even_split_names_all() {
    let (findings, [a, b, c, d]) = one_odd_out();
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        blamed(&problems[0]),
        (
            a.clone(),
            "106,33 here, 106,35 in 3 other places: the odd one out".into()
        )
    );
    // Two statements only: either may be wrong.
    let two = group(&findings[..1], &[]);
    assert!(
        matches!(&two[0].blame, Blame::Tied { cells, .. } if cells == &vec![a.clone(), b.clone()])
    );
    // Two against two: all four named.
    let even = vec![
        finding(Code::RepeatMismatch, a.clone(), "1", "2", &[b.clone()]),
        finding(Code::RepeatMismatch, c.clone(), "1", "2", &[d.clone()]),
    ];
    let problems = group(&even, &[]);
    assert_eq!(problems.len(), 1, "the same two values: one figure");
    assert!(matches!(&problems[0].blame, Blame::Tied { cells, .. } if cells.len() == 4));
}

#[test]
fn one_recomputed_cell_among_comparisons_is_blamed_for_its_operands() {
    let (a, b) = (at("T", "E5"), at("T", "E7"));
    let findings = vec![
        finding(
            Code::IndexMismatch,
            a.clone(),
            "90.38",
            "91.31",
            &[at("IKM", "D40")],
        ),
        finding(
            Code::RepeatMismatch,
            b.clone(),
            "91.31",
            "90.38",
            &[a.clone()],
        ),
    ];
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 1);
    assert_eq!(
        blamed(&problems[0]),
        (a, "the figures it is computed from give 91,31".into())
    );
}

#[test]
fn a_column_out_of_range_is_one_problem_and_other_columns_are_not() {
    let findings: Vec<Finding> = [("F", 40), ("F", 41), ("F", 43), ("G", 40)]
        .iter()
        .map(|(c, r)| {
            Finding::new(
                Code::OutOfRange,
                at("IKM", &format!("{c}{r}")),
                Msg::new("human.paragraph"),
            )
            .place("Tabel 3.6", "Persyaratan", "Nilai Kabupaten")
            .figures(figure("100.6"), None)
        })
        .collect();
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].findings, vec![0, 1, 2]);
}

#[test]
fn a_fingerprint_holds_across_rows_inserted_above_and_reworded_captions() {
    let tables = |name: &str| {
        vec![crate::TableInfo {
            rule: "realisasi-anggaran".into(),
            sheet: "T".into(),
            range: "A3:H20".into(),
            name: name.into(),
            recomputed: Default::default(),
        }]
    };
    let f = |row: u32, table: &str| {
        Finding::new(
            Code::PercentMismatch,
            CellAddr::new("T", row, 7),
            Msg::new("human.paragraph"),
        )
        .place(table, "Fasilitasi  Pelayanan Publik", "% Capaian Anggaran")
    };
    let one = fingerprint(&f(4, "Tabel 3.7"), &tables("Tabel 3.7"));
    let moved = fingerprint(
        &f(9, "Tabel 3.7. Realisasi"),
        &tables("Tabel 3.7. Realisasi"),
    );
    assert_eq!(one, moved);
    assert!(one.starts_with("percent-mismatch:"), "{one}");
    assert_eq!(one.len(), "percent-mismatch:".len() + 12);
    let other_row = Finding::new(
        Code::PercentMismatch,
        CellAddr::new("T", 4, 7),
        Msg::new("human.paragraph"),
    )
    .place("Tabel 3.7", "Pengelolaan Keuangan", "% Capaian Anggaran");
    assert_ne!(one, fingerprint(&other_row, &tables("Tabel 3.7")));
}

mod waiving {
    use super::super::waivers::{apply, notes, Day, Use, Waivers};
    use super::*;
    use std::path::Path;

    fn parse(text: &str) -> Result<Waivers, String> {
        Waivers::parse(Path::new("selaras.toml"), text).map_err(|m| m.english())
    }

    const EFFICIENCY: &str = r#"
[[waive]]
code = "efficiency-mismatch"
cell = "'Tabel 3.9'!I10"
reason = "the unit's own efficiency method, agreed at the exit meeting"
owner = "Inspektorat, Irban II"
until = 2026-06-30
"#;

    #[test]
    fn days_are_counted_from_1970() {
        assert_eq!(Day::from_days(0), Day(1970, 1, 1));
        assert_eq!(Day::from_days(20_791), Day(2026, 12, 4));
        assert_eq!(Day::from_days(11_016), Day(2000, 2, 29));
        assert_eq!(Day(2026, 6, 30).to_string(), "2026-06-30");
    }

    #[test]
    fn a_waiver_file_is_read_and_its_mistakes_named_with_their_line() {
        let w = parse(EFFICIENCY).expect("reads");
        assert_eq!(w.list.len(), 1);
        assert_eq!(w.list[0].line, 2);
        assert_eq!(w.list[0].code, Some(Code::EfficiencyMismatch));
        assert_eq!(w.list[0].cell, Some(("Tabel 3.9".into(), "I10".into())));
        assert_eq!(w.list[0].until, Some(Day(2026, 6, 30)));
        let unknown = parse(&EFFICIENCY.replace("owner =", "ownr =")).unwrap_err();
        assert!(
            unknown.starts_with("selaras.toml, line 6: unknown field `ownr`"),
            "{unknown}"
        );
        let missing =
            parse(&EFFICIENCY.replace("owner = \"Inspektorat, Irban II\"\n", "")).unwrap_err();
        assert!(missing.contains("missing field `owner`"), "{missing}");
        let code = parse(&EFFICIENCY.replace("efficiency-mismatch", "eficiency")).unwrap_err();
        assert_eq!(
            code,
            "selaras.toml, line 2: no finding code is called 'eficiency'"
        );
        let cell = parse(&EFFICIENCY.replace("'Tabel 3.9'!I10", "I10")).unwrap_err();
        assert_eq!(
            cell,
            "selaras.toml, line 2: 'I10' is not a cell ('Sheet'!A1)"
        );
        let nothing = parse("[[waive]]\nreason = \"r\"\nowner = \"o\"\n").unwrap_err();
        assert!(nothing.contains("says what it matches"), "{nothing}");
        let blank = parse(&EFFICIENCY.replace("Inspektorat, Irban II", " ")).unwrap_err();
        assert!(blank.contains("needs a reason and an owner"), "{blank}");
    }

    fn efficiency() -> Vec<Finding> {
        vec![
            finding(
                Code::EfficiencyMismatch,
                at("Tabel 3.9", "I10"),
                "12.99",
                "10.29",
                &[],
            ),
            finding(
                Code::PercentMismatch,
                at("Tabel 3.7", "H5"),
                "85",
                "80",
                &[],
            ),
        ]
    }

    #[test]
    fn a_waiver_waives_its_problem_until_its_date_and_says_when_it_matches_nothing() {
        let w = parse(EFFICIENCY).unwrap();
        let findings = efficiency();
        let mut problems = group(&findings, &[]);
        let mut used = Use::default();
        apply(
            &mut problems,
            &findings,
            &[],
            &w,
            Day(2026, 6, 30),
            &mut used,
        );
        let waived = problems
            .iter()
            .find(|p| p.code == Code::EfficiencyMismatch)
            .unwrap();
        assert_eq!(
            waived.waived.as_ref().map(|w| w.owner.as_str()),
            Some("Inspektorat, Irban II")
        );
        assert!(!waived.fails());
        assert!(
            problems.iter().any(|p| p.fails()),
            "the other problem still fails"
        );
        assert!(notes(&w, &used, Day(2026, 6, 30)).is_empty());
        // The day after: it no longer waives, and says so.
        let mut problems = group(&findings, &[]);
        let mut used = Use::default();
        apply(
            &mut problems,
            &findings,
            &[],
            &w,
            Day(2026, 7, 1),
            &mut used,
        );
        assert!(problems.iter().all(|p| p.waived.is_none()));
        let said = notes(&w, &used, Day(2026, 7, 1));
        assert_eq!(said.len(), 1);
        assert_eq!(said[0].expired.as_deref(), Some("2026-06-30"));
        // Matching nothing: stale.
        let stale = parse(&EFFICIENCY.replace("I10", "I11")).unwrap();
        let mut problems = group(&findings, &[]);
        let mut used = Use::default();
        apply(
            &mut problems,
            &findings,
            &[],
            &stale,
            Day(2026, 1, 1),
            &mut used,
        );
        let said = notes(&stale, &used, Day(2026, 1, 1));
        assert_eq!(said.len(), 1);
        assert_eq!(said[0].expired, None);
        assert_eq!(
            said[0].what,
            "code efficiency-mismatch, cell 'Tabel 3.9'!I11"
        );
    }

    #[test]
    fn a_waiver_matching_one_finding_waives_the_whole_problem() {
        let (e5, e7) = (at("T", "E5"), at("T", "E7"));
        let findings = vec![
            finding(Code::IndexMismatch, e5.clone(), "90.38", "91.31", &[]),
            finding(
                Code::RepeatMismatch,
                e7.clone(),
                "91.31",
                "90.38",
                &[e5.clone()],
            ),
        ];
        let w = parse("[[waive]]\ncell = \"T!$E$7\"\nreason = \"agreed\"\nowner = \"Irban II\"\n")
            .unwrap();
        let mut problems = group(&findings, &[]);
        apply(
            &mut problems,
            &findings,
            &[],
            &w,
            Day(2026, 1, 1),
            &mut Use::default(),
        );
        assert_eq!(problems.len(), 1);
        assert!(problems[0].waived.is_some());
        // By the words of the report too.
        let words = parse(
            "[[waive]]\ntable = \"tabel 3.2\"\nrow = \"indeks  kepuasan masyarakat\"\ncolumn = \"REALISASI\"\nreason = \"r\"\nowner = \"o\"\n",
        )
        .unwrap();
        let mut problems = group(&findings, &[]);
        apply(
            &mut problems,
            &findings,
            &[],
            &words,
            Day(2026, 1, 1),
            &mut Use::default(),
        );
        assert!(problems[0].waived.is_some());
        // By fingerprint, as the report prints it.
        let print = problems[0].fingerprint.clone();
        let by_print = parse(&format!(
            "[[waive]]\nfingerprint = \"{print}\"\nreason = \"r\"\nowner = \"o\"\n"
        ))
        .unwrap();
        let mut problems = group(&findings, &[]);
        apply(
            &mut problems,
            &findings,
            &[],
            &by_print,
            Day(2026, 1, 1),
            &mut Use::default(),
        );
        assert!(problems[0].waived.is_some());
    }

    #[test]
    fn a_baseline_marks_the_problems_it_had_across_a_row_inserted_above() {
        use super::super::baseline::Baseline;
        let findings = efficiency();
        let problems = group(&findings, &[]);
        let old = serde_json::json!({
            "version": 1,
            "files": [{"path": "old/laporan.xlsx", "findings": [
                {"fingerprint": fingerprint(&findings[0], &[])}
            ]}]
        })
        .to_string();
        let baseline = Baseline::parse(&old).unwrap();
        // The same workbook a row lower, renamed.
        let mut moved = findings.clone();
        moved[0].at.row += 1;
        let mut now = group(&moved, &[]);
        baseline.mark("laporan-v2.xlsx", &mut now, &moved, &[]);
        let marked: Vec<bool> = now.iter().map(|p| p.baseline).collect();
        assert_eq!(marked, vec![true, false], "{problems:#?}");
        assert!(now.iter().any(|p| p.fails()));
        // A report written before fingerprints is refused in words.
        let older = r#"{"version": 1, "files": [{"path": "x.xlsx", "findings": [{"code": "sum-mismatch"}]}]}"#;
        assert!(Baseline::parse(older)
            .unwrap_err()
            .contains("no fingerprint"));
        assert!(Baseline::parse("{}").is_err());
    }
}

#[test]
fn a_formula_defect_across_one_row_is_one_problem() {
    // A JUMLAH row's SUBTOTAL adding every level, in four money columns.
    let findings: Vec<Finding> = ["F1056", "G1056", "J1056", "K1056", "K1057"]
        .iter()
        .map(|a1| {
            Finding::new(
                Code::SumRange,
                at("DINKES", a1),
                Msg::new("human.paragraph"),
            )
            .place("Realisasi", "", "Anggaran")
        })
        .collect();
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 2);
    assert_eq!(problems[0].findings, vec![0, 1, 2, 3]);
}

#[test]
fn findings_on_a_guess_are_one_problem_apart_from_what_they_compare() {
    let (e5, e7, f17, e27) = (at("T", "E5"), at("T", "E7"), at("U", "F17"), at("U", "E27"));
    let unsur = [at("U", "D40"), at("U", "D41")];
    let findings = vec![
        // The tujuan row's IKM and the sasaran row's, each against the unsur: one figure.
        finding(Code::IndexMismatch, e5.clone(), "90.38", "91.31", &unsur),
        finding(Code::IndexMismatch, e7.clone(), "90.40", "91.31", &unsur),
        // The two rows, named alike but not the same, in two tables; and the
        // tujuan row against a table that follows the sasaran row.
        finding(
            Code::RepeatMismatch,
            e5.clone(),
            "90.38",
            "90.40",
            &[e7.clone()],
        )
        .guess(
            "Indeks Kepuasan Masyarakat",
            "Indeks Kepuasan Masyarakat Setda",
        ),
        finding(
            Code::CrossTableMismatch,
            e5.clone(),
            "90.38",
            "90.40",
            &[f17.clone()],
        )
        .guess(
            "Indeks Kepuasan Masyarakat Setda",
            "Indeks Kepuasan Masyarakat",
        ),
        finding(
            Code::RepeatMismatch,
            e27.clone(),
            "87.69",
            "86.53",
            &[at("U", "E29")],
        )
        .guess(
            "Indeks Kepuasan Masyarakat",
            "indeks kepuasan  masyarakat SETDA",
        ),
    ];
    assert!(findings[2..]
        .iter()
        .all(|f| f.severity == Severity::Warning));
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].findings, vec![0, 1]);
    assert_eq!(problems[0].severity, Severity::Error);
    assert_eq!(problems[1].findings, vec![2, 3, 4]);
    assert_eq!(problems[1].severity, Severity::Warning);
    // No cell is wrong until the guess is settled.
    assert_eq!(problems[1].blame, Blame::None);
}

#[test]
fn the_fix_follows_the_blame() {
    // C5 is the odd one out. A comparison at K27 that would rewrite K27 to
    // C5's figure is cleared: the evidence says K27 is right.
    let (mut findings, [a, ..]) = one_odd_out();
    findings[0].fix = Some(Decimal::new(10635, 2));
    findings[2].fix = Some(Decimal::new(10633, 2));
    let problems = group(&findings, &[]);
    assert_eq!(blamed(&problems[0]).0, a);
    assert_eq!(cleared(&problems, &findings), vec![false, false, true]);
    // Where the evidence ties, no candidate is cleared.
    let two = group(&findings[..1], &[]);
    assert_eq!(cleared(&two, &findings[..1]), vec![false]);
}

#[test]
fn a_wrong_figure_and_the_total_it_throws_off_are_one_problem_blamed_on_the_figure() {
    // K8 (triwulan II) is 100 over its months; C8 (the year) adds K8, so it
    // comes out 100 over what C8 states. One problem: K8.
    let (k8, c8) = (at("R", "K8"), at("R", "C8"));
    let months = [at("R", "H8"), at("R", "I8"), at("R", "J8")];
    let findings = vec![
        finding(
            Code::SumMismatch,
            c8.clone(),
            "1000",
            "1100",
            &[at("R", "G8"), k8.clone()],
        ),
        finding(Code::SumMismatch, k8.clone(), "400", "300", &months),
        // The same difference the same way is not explained by K8.
        finding(
            Code::SumMismatch,
            at("R", "C9"),
            "500",
            "400",
            &[at("R", "K8")],
        ),
    ];
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    // K8's finding is the one shown first; the problem keeps C8's fingerprint.
    assert_eq!(problems[0].findings, vec![1, 0]);
    assert_eq!(blamed(&problems[0]).0, k8);
    assert_eq!(problems[0].fingerprint, fingerprint(&findings[0], &[]));
    // Alone, a total: it, or one of the figures it adds.
    match &problems[1].blame {
        Blame::Tied { cells, .. } => assert_eq!(cells, &vec![at("R", "C9"), k8.clone()]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_comparison_that_differs_from_a_cell_and_its_recomputation_is_its_own_problem() {
    let (h29, g5, e5) = (at("R", "H29"), at("E", "G5"), at("E", "E5"));
    let findings = vec![
        // The JUMLAH states 540, its rows give 515.
        finding(
            Code::SumMismatch,
            h29.clone(),
            "540",
            "515",
            &[at("R", "H9")],
        ),
        // A table stating 498 against it: wrong whichever H29 is meant.
        finding(
            Code::CrossTableMismatch,
            g5.clone(),
            "498",
            "540",
            &[h29.clone()],
        ),
        // A table stating 515: right, H29 is the wrong one; one problem.
        finding(
            Code::CrossTableMismatch,
            e5.clone(),
            "515",
            "540",
            &[h29.clone()],
        ),
    ];
    let problems = group(&findings, &[]);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    assert_eq!(problems[0].findings, vec![0, 2]);
    assert_eq!(problems[1].findings, vec![1]);
}

/// A program's sum 1.000 over and a serapan a point off beside one of its
/// kegiatan are two mistakes: the kegiatan's anggaran they both read is not
/// blamed for both on a ratio's direction alone (the 100k bench's errors).
#[test]
fn a_sum_and_a_ratio_alone_do_not_make_one_cause() {
    let s = "Tabel 3.7";
    let kegiatan = at(s, "F32");
    let sum = finding(
        Code::SumMismatch,
        at(s, "F20"),
        "23330730500",
        "23330729500",
        &[at(s, "F21"), kegiatan.clone()],
    )
    .relation(Some(Relation::Sum(vec![at(s, "F21"), kegiatan.clone()])));
    let ratio = finding(
        Code::PercentMismatch,
        at(s, "H32"),
        "87.48",
        "88.48",
        &[at(s, "G32"), kegiatan.clone()],
    )
    .relation(Some(Relation::Ratio {
        part: at(s, "G32"),
        whole: kegiatan,
    }));
    assert!(operand::causes(&[sum, ratio]).is_empty());
}
