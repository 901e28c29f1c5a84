//! The formula audit (src/audit): the generated Renja evaluation form with
//! formulas throughout (`fixtures/formulas/`, made by
//! `cargo run --example make_formula_fixtures`), its clean twin and the same table
//! pasted as values; the real workbooks' own formulas; and a property: a random
//! consistent tree of 2–5 levels, with or without formulas, yields no finding, and
//! one moved SUM bound or one row added twice is found at its cell with the
//! formula that corrects it.

use calamine::Data;
use proptest::prelude::*;
use proptest::test_runner::Config;
use rust_decimal::Decimal;
use selaras::{Finding, Relation, Sheet, Workbook};

use crate::common::{fixture, triples};

fn check(path: &std::path::Path) -> Vec<Finding> {
    selaras::check_path(path, &selaras::Rules::built_in().unwrap())
        .unwrap()
        .findings
}

/// (code, cell, corrected formula) of each finding.
fn seen(findings: &[Finding]) -> Vec<(String, String, String)> {
    findings
        .iter()
        .map(|f| {
            let formula = match &f.relation {
                Some(Relation::Formula(t)) => t.clone(),
                _ => String::new(),
            };
            (f.code.to_string(), f.at.a1(), formula)
        })
        .collect()
}

/// Writes the corrected copy of a fixture with `selaras check --fix` (and the
/// `extra` flags) into a fresh folder: the process's output and the copy.
fn fixed(name: &str, dir: &str, extra: &[&str]) -> (std::process::Output, std::path::PathBuf) {
    let dir = crate::common::fresh_dir(dir);
    let out = dir.join("fixed.xlsx");
    let input = fixture(&format!("formulas/{name}"));
    let mut args = vec!["check", "--fix"];
    args.extend_from_slice(extra);
    args.extend(["--output", out.to_str().unwrap(), input.to_str().unwrap()]);
    (crate::common::selaras(&args), out)
}

#[test]
fn the_clean_form_and_its_values_are_quiet() {
    // The bidang typed in ordinary case is no heading by its look: the table's
    // reading puts bidang 1.02's rows under the program above it, and only the
    // formulas (each total adds its block) keep its figures from being called
    // wrong.
    for name in [
        "renja-rumus-clean.xlsx",
        "renja-rumus-typed.xlsx",
        "renja-rumus-bidang-biasa.xlsx",
    ] {
        let findings = check(&fixture(&format!("formulas/{name}")));
        assert!(findings.is_empty(), "{name}: {:#?}", seen(&findings));
    }
}

#[test]
fn every_planted_formula_mistake_is_found_at_its_cell_with_its_correction() {
    let findings = check(&fixture("formulas/renja-rumus-planted.xlsx"));
    assert_eq!(
        seen(&findings),
        triples(&[
            ("sum-range", "M8", "M9+M19"),
            ("sum-range", "K9", "SUM(K10,K14)"),
            ("formula-shape", "Q12", "O12/E12*100"),
            ("sum-range", "G14", "SUM(G15:G18)"),
            ("typed-over-formula", "Q16", "O16/E16*100"),
            ("unit-mix", "O21", ""),
            ("stale-value", "P26", "N26/D26*100"),
            ("range-chain", "Q33", ""),
        ])
    );
    // Nothing else: what the mistakes carry up (the urusan over the doubled M8,
    // the year's Rp of its row, the JUMLAH) sits on rows whose totals the audit
    // held to their blocks, so it is not said again as a table's sum-mismatch.
    assert!(
        findings.iter().all(|f| f.code.as_str() != "sum-mismatch"),
        "{:#?}",
        seen(&findings)
    );
    // Recomputed by hand: G15 + G16 + G17 + G18 = 598.000.000 + 44.000.000 +
    // 17.800.000 + 0 = 659.800.000 (the planted SUM stops at G16: 642.000.000);
    // K10 + K14 = 51.900.000 + 661.500.000; row 12's Rp for the year is
    // 9.800.000 + 12.400.000 + 10.150.000 + 11.900.000 = 44.250.000 of a target of
    // 45.000.000: 98,33%.
    let at = |cell: &str| findings.iter().find(|f| f.at.a1() == cell).unwrap();
    assert_eq!(at("G14").expected_text().as_deref(), Some("659800000"));
    assert_eq!(at("G14").found_text().as_deref(), Some("642000000"));
    assert_eq!(at("K9").expected_text().as_deref(), Some("713400000"));
    assert_eq!(at("K9").found_text().as_deref(), Some("1426800000"));
    assert_eq!(at("M8").expected_text().as_deref(), Some("1485900000"));
    assert_eq!(at("P26").expected_text().as_deref(), Some("100"));
    assert_eq!(at("P26").found_text().as_deref(), Some("105"));
    let q12 = at("Q12").expected_text().unwrap();
    assert!(q12.starts_with("98.333333"), "{q12}");
}

#[test]
fn a_capaian_column_that_divides_a_count_by_rupiah_is_said_once_for_its_run() {
    // renja-rumus-bagi.xlsx: the clean form whose capaian K on each of its 14 sub
    // kegiatan reads =N/E*100 (the year's K over the target Rp), not =N/D*100.
    // The copies agree with each other, so no formula is the odd one out: the
    // kinds of the cells divided tell. Recomputed: P11 = 4 / 120.000.000 × 100
    // = 0,0000033333, where the target K gives 4 / 4 × 100 = 100.
    let findings = check(&fixture("formulas/renja-rumus-bagi.xlsx"));
    let mix: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.code.as_str() == "unit-mix")
        .collect();
    assert_eq!(mix.len(), 1, "{:#?}", seen(&findings));
    assert_eq!(mix[0].at.a1(), "P11");
    let text = mix[0].message.render(selaras::Lang::english());
    assert!(
        text.contains("=N11/E11*100") && text.contains("P31") && text.contains("(14 rows)"),
        "{text}"
    );
    assert!(
        text.contains("N11 ('Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi (K)')")
            && text.contains("E11 ('Target Renja Tahun 2025 (Rp)')"),
        "{text}"
    );
    // The form's numbering row (10 = 9/4 x 100) holds each other copy to the
    // target K: 100,00 each, where the sheet shows 0,00.
    let numbered: Vec<String> = findings
        .iter()
        .filter(|f| f.code.as_str() == "percent-mismatch")
        .map(|f| format!("{} {}", f.at.a1(), f.expected_text().unwrap_or_default()))
        .collect();
    assert_eq!(numbered.len(), 13, "{numbered:?}");
    assert!(
        numbered.iter().all(|n| n.ends_with(" 100.00")),
        "{numbered:?}"
    );
    assert_eq!(findings.len(), 14, "{:#?}", seen(&findings));
}

#[test]
fn a_total_that_adds_the_numbering_row_is_corrected_to_start_below_it() {
    // jumlah-nomor: the numbering row (row 4: 1 … 6) and the No column hold
    // numbers. Recomputed: the six programs' anggaran add up to 4.782.150.000;
    // the planted =SUM(C4:C10) adds C4's 3 (4.782.150.003). Column F reads the
    // row's number again (=IF(C5>0,A5,"")): it adds no figure, so it is no
    // total, and the clean twin is silent on it.
    assert!(check(&fixture("formulas/jumlah-nomor-clean.xlsx")).is_empty());
    let findings = check(&fixture("formulas/jumlah-nomor-planted.xlsx"));
    assert_eq!(
        seen(&findings),
        triples(&[("adds-numbering", "C11", "SUM(C5:C10)")])
    );
    let f = &findings[0];
    assert_eq!(f.found_text().as_deref(), Some("4782150003"));
    assert_eq!(f.expected_text().as_deref(), Some("4782150000"));
    assert_eq!(f.fix, Some(Decimal::from(4_782_150_000u64)));
    assert_eq!(f.inputs.iter().map(|a| a.a1()).collect::<Vec<_>>(), ["C4"]);
    // A safe fix: --fix alone writes the formula, and the copy is clean.
    assert_eq!(f.expectation(), selaras::Expectation::Correct);
    let (o, out) = fixed("jumlah-nomor-planted.xlsx", "numbering-fix", &[]);
    // Every finding corrected: exit 0.
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stdout(&o));
    assert!(check(&out).is_empty(), "{:#?}", seen(&check(&out)));
    let rules = selaras::Rules::built_in().unwrap();
    let book = selaras::open(&out, &rules, true).unwrap();
    assert_eq!(book.sheets[0].formula(10, 2), Some("SUM(C5:C10)"));
}

#[test]
fn a_total_over_a_header_repeated_on_a_new_page_is_split_around_it() {
    // jumlah-nomor-halaman: the header and its numbering row repeated at rows
    // 8–9, after the third program; the JUMLAH's =SUM(C5:C12) and =SUM(D5:D12)
    // add the repeated 3 and 4. Recomputed: anggaran 4.782.150.000, realisasi
    // 2.734.118.250 + 801.227.400 + 398.006.100 + 240.115.500 + 176.440.000 +
    // 149.872.350 = 4.499.779.600.
    let findings = check(&fixture("formulas/jumlah-nomor-halaman.xlsx"));
    assert_eq!(
        seen(&findings),
        triples(&[
            ("adds-numbering", "C13", "SUM(C5:C7,C10:C12)"),
            ("adds-numbering", "D13", "SUM(D5:D7,D10:D12)"),
        ])
    );
    assert_eq!(findings[1].found_text().as_deref(), Some("4499779604"));
    assert_eq!(findings[1].expected_text().as_deref(), Some("4499779600"));
    let (o, out) = fixed("jumlah-nomor-halaman.xlsx", "numbering-page-fix", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stdout(&o));
    assert!(check(&out).is_empty(), "{:#?}", seen(&check(&out)));
}

#[test]
fn a_quarter_that_reads_another_quarters_figure_is_found_across_its_row() {
    // triwulan-persen: each triwulan's % is its Rp over the pagu (=D5/$C5*100,
    // =F5/$C5*100, =H5/$C5*100, =J5/$C5*100). In the planted copy the TW IV %
    // reads TW III's Rp, copied down to the JUMLAH: every cell of column K
    // agrees with its column, so only its row shows it. Recomputed: K5 =
    // 678.208.000 / 2.910.000.000 × 100 = 23,3061168385, where it shows
    // 698.330.000 / 2.910.000.000 × 100 = 23,9975945017.
    assert!(check(&fixture("formulas/triwulan-persen-clean.xlsx")).is_empty());
    let findings = check(&fixture("formulas/triwulan-persen-planted.xlsx"));
    assert_eq!(
        seen(&findings),
        triples(&[("formula-shape", "K5", "J5/$C5*100")])
    );
    let f = &findings[0];
    assert_eq!(f.found_text().as_deref(), Some("23.9975945017182"));
    assert_eq!(f.expected_text().as_deref(), Some("23.3061168385"));
    let said = f.message.render(selaras::Lang::english());
    assert!(said.contains("6 copies down to K11"), "{said}");
    // --fix --unsafe-fixes writes the row's formula in every copy.
    let (o, out) = fixed(
        "triwulan-persen-planted.xlsx",
        "row-shape-fix",
        &["--unsafe-fixes"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", crate::common::stdout(&o));
    let rules = selaras::Rules::built_in().unwrap();
    let book = selaras::open(&out, &rules, true).unwrap();
    for row in 4..=10u32 {
        let want = format!("J{n}/$C{n}*100", n = row + 1);
        assert_eq!(book.sheets[0].formula(row, 10), Some(want.as_str()));
    }
}

#[test]
fn the_real_workbooks_formulas_raise_no_false_alarm() {
    // Every formula of the real set is audited (the Sumenep export's 4 000 per
    // sheet, the KKE's 500, the RAK's SUMs, the BPKAD recap's JUMLAH): none is
    // wrong by the audit's rules, except the export's % AKAS =K27/M27 …
    // =K33/M33, which divide by empty cells and show #DIV/0! (one run, on each
    // of its seven sheets), and the KKE's BUKTI DUKUNG, whose SUMIF by name
    // finds no 'Renstra PD Terakhir' (C5) and no 'Pokin PD Terakhir' (C6) in
    // PENILAIAN's bukti, which are 'Renstra PD' (G8) and 'Pokin PD' (G9): the
    // two documents weigh 0 there, where the detail weighs them 0,50 each.
    for name in [
        "sumenep-dinkes-realisasi-belanja-2026-sd-juni.xlsx",
        "sumenep-dinkes-anggaran-kas-kesling-2025.xlsx",
        "buru-bpkad-pagu-per-opd-2026.xlsx",
        "trenggalek-kke-sakip-draft.xlsx",
    ] {
        let path = fixture(&format!("real-world/{name}"));
        let book = selaras::open(&path, &selaras::Rules::built_in().unwrap(), true).unwrap();
        let formulas: usize = book.sheets.iter().map(|s| s.formulas().count()).sum();
        assert!(formulas > 0, "{name} has formulas");
        let found = selaras::formula::audit(&book, &[]);
        let errors: Vec<String> = found
            .iter()
            .filter(|f| f.code.as_str() == "formula-error")
            .map(|f| format!("{}!{}", f.at.sheet, f.at.a1()))
            .collect();
        let expected: Vec<String> = if name.starts_with("sumenep-dinkes-realisasi") {
            book.sheets
                .iter()
                .map(|s| format!("{}!N27", s.name))
                .collect()
        } else {
            Vec::new()
        };
        assert_eq!(errors, expected, "{name}");
        let others: Vec<String> = found
            .iter()
            .filter(|f| f.code.as_str() != "formula-error")
            .map(|f| format!("{} {}!{}", f.code, f.at.sheet, f.at.a1()))
            .collect();
        let expected: &[&str] = if name.starts_with("trenggalek") {
            &[
                "lookup-unmatched BUKTI DUKUNG!C5",
                "lookup-unmatched BUKTI DUKUNG!C6",
            ]
        } else {
            &[]
        };
        assert_eq!(others, expected, "{name}");
    }
}

#[test]
fn a_sum_by_name_that_finds_no_such_name_is_said_with_the_nearest() {
    // A list of documents weighs each by the detail's rows of its name
    // (=SUMIF(Detail!$A$2:$A$6,A2,Detail!$B$2:$B$6)). "Renstra PD Terakhir"
    // is not a name of the detail ("Renstra PD" is): its 0 is said. A
    // criterion in another case ("rpjmd") matches, as in Excel; a wildcard
    // ("Pokin*") and a number are patterns, not names, and are left alone; a
    // tally of an answer nobody gave (=COUNTIF(…,"T") where all say "Y") is a
    // count of 0, not a name written another way.
    let detail = || {
        crate::common::sheet(
            "Detail",
            &[
                &["Bukti", "Bobot", "Jawaban"],
                &["RPJMD", "#0.5", "Y"],
                &["Renstra PD", "#0.5", "Y"],
                &["Pokin PD", "#0.25", "Y"],
                &["IKU", "#0.25", "Y"],
                &["#2024", "#0.25", "Y"],
            ],
        )
    };
    let list = |second: &str, second_value: &str| {
        let mut s = crate::common::sheet(
            "Daftar",
            &[
                &["Dokumen", "Bobot"],
                &["rpjmd", "#0.5"],
                &[second, second_value],
                &["Pokin PD", "#0.25"],
                &["IKU", "#0.25"],
                &["Pokin*", "#0.25"],
                &["#2024", "#0.25"],
                &["T", "#0"],
            ],
        );
        for r in 1..=6 {
            s.set_formula(
                r,
                1,
                &format!("SUMIF(Detail!$A$2:$A$6,A{},Detail!$B$2:$B$6)", r + 1),
            );
        }
        s.set_formula(7, 1, "COUNTIF(Detail!$C$2:$C$6,A8)");
        s
    };
    let audit = |s: Sheet| {
        let book = Workbook {
            path: "daftar.xlsx".into(),
            sheets: vec![detail(), s],
        };
        selaras::formula::audit(&book, &[])
    };
    let clean = audit(list("Renstra PD", "#0.5"));
    assert!(clean.is_empty(), "{clean:#?}");
    let found = audit(list("Renstra PD Terakhir", "#0"));
    let [f] = found.as_slice() else {
        panic!("{found:#?}");
    };
    assert_eq!(
        (f.code.as_str(), f.at.sheet.as_ref(), f.at.a1()),
        ("lookup-unmatched", "Daftar", "B3".to_string())
    );
    let said = f.message.render(selaras::Lang::english());
    assert!(
        said.contains("finds no 'Renstra PD Terakhir' (A3)")
            && said.contains("the nearest name there is 'Renstra PD' ('Detail'!A3)"),
        "{said}"
    );
}

// ---------------------------------------------------------------------------
// A random consistent tree
// ---------------------------------------------------------------------------

/// A tree's rows, top to bottom: each row's parent (None for the root) and, for
/// a leaf, its figure.
#[derive(Debug, Clone)]
struct Tree {
    parent: Vec<Option<usize>>,
    leaf: Vec<Option<i64>>,
}

impl Tree {
    fn children(&self, i: usize) -> Vec<usize> {
        (0..self.parent.len())
            .filter(|&k| self.parent[k] == Some(i))
            .collect()
    }

    fn value(&self, i: usize) -> i64 {
        match self.leaf[i] {
            Some(v) => v,
            None => self.children(i).iter().map(|&k| self.value(k)).sum(),
        }
    }
}

/// A tree of `depth` levels (the last the leaves): each node has 1–4 children
/// (`fan` picks how many, in order). Leaves are in [10^8, 2·10^8), distinct: no
/// sum of two equals a leaf.
fn build(depth: usize, fan: &[usize], figures: &[i64]) -> Tree {
    /// What the tree is grown from, and how much of it is used.
    struct Seed<'a> {
        depth: usize,
        fan: &'a [usize],
        figures: &'a [i64],
        fans: usize,
        leaves: usize,
    }
    fn grow(t: &mut Tree, parent: Option<usize>, level: usize, s: &mut Seed) {
        let me = t.parent.len();
        t.parent.push(parent);
        if level + 1 == s.depth {
            let v = s.leaves;
            t.leaf.push(Some(
                100_000_000 + s.figures[v % s.figures.len()] * 97 + v as i64,
            ));
            s.leaves += 1;
            return;
        }
        t.leaf.push(None);
        let n = 1 + s.fan[s.fans % s.fan.len()] % 4;
        s.fans += 1;
        for _ in 0..n {
            grow(t, Some(me), level + 1, s);
        }
    }
    let mut t = Tree {
        parent: Vec::new(),
        leaf: Vec::new(),
    };
    let mut seed = Seed {
        depth,
        fan,
        figures,
        fans: 0,
        leaves: 0,
    };
    grow(&mut t, None, 0, &mut seed);
    t
}

/// The tree as a sheet: labels in A, figures in B from row 2; each total the SUM
/// of its leaf run, or its children joined by `+`; `formulas` false: typed.
fn sheet(t: &Tree, formulas: bool) -> (Sheet, Vec<String>) {
    let mut cells = vec![
        ((0, 0), Data::String("Uraian".into())),
        ((0, 1), Data::String("Anggaran (Rp)".into())),
    ];
    let mut texts = vec![String::new(); t.parent.len()];
    for (i, text) in texts.iter_mut().enumerate() {
        let r = i as u32 + 1;
        cells.push(((r, 0), Data::String(format!("Uraian baris {i}"))));
        cells.push(((r, 1), Data::Float(t.value(i) as f64)));
        let kids = t.children(i);
        if kids.is_empty() {
            continue;
        }
        *text = if kids.iter().all(|&k| t.leaf[k].is_some()) {
            format!("SUM(B{}:B{})", kids[0] + 2, kids[kids.len() - 1] + 2)
        } else {
            kids.iter()
                .map(|k| format!("B{}", k + 2))
                .collect::<Vec<_>>()
                .join("+")
        };
    }
    let mut sheet = Sheet::from_cells("Data", cells, Vec::new());
    if formulas {
        for (i, text) in texts.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            sheet.set_formula(i as u32 + 1, 1, text);
        }
    }
    (sheet, texts)
}

fn audit(sheet: Sheet) -> Vec<Finding> {
    let book = Workbook {
        path: "tree.xlsx".into(),
        sheets: vec![sheet],
    };
    selaras::formula::audit(&book, &[])
}

/// Sets row `i`'s formula and the saved values of it and its ancestors, as Excel
/// would after the edit.
fn edit(t: &Tree, sheet: &Sheet, i: usize, text: &str, value: i64) -> Sheet {
    let mut cells: Vec<((u32, u32), Data)> = Vec::new();
    let mut values: Vec<i64> = (0..t.parent.len()).map(|k| t.value(k)).collect();
    let delta = value - values[i];
    let mut k = Some(i);
    while let Some(j) = k {
        values[j] += delta;
        k = t.parent[j];
    }
    cells.push(((0, 0), Data::String("Uraian".into())));
    cells.push(((0, 1), Data::String("Anggaran (Rp)".into())));
    for (j, v) in values.iter().enumerate() {
        let r = j as u32 + 1;
        cells.push(((r, 0), Data::String(format!("Uraian baris {j}"))));
        cells.push(((r, 1), Data::Float(*v as f64)));
    }
    let mut out = Sheet::from_cells("Data", cells, Vec::new());
    for ((r, c), f) in sheet.formulas() {
        out.set_formula(r, c, f);
    }
    out.set_formula(i as u32 + 1, 1, text);
    out
}

fn config() -> Config {
    Config {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(64),
        failure_persistence: None,
        ..Config::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn a_consistent_tree_is_quiet_and_one_wrong_total_is_found(
        depth in 2usize..=5,
        fan in proptest::collection::vec(0usize..4, 1..12),
        figures in proptest::collection::vec(1i64..1_000_000, 1..20),
        pick in any::<proptest::sample::Index>(),
    ) {
        let t = build(depth, &fan, &figures);
        prop_assume!(t.parent.len() < 400);
        for formulas in [true, false] {
            let (s, _) = sheet(&t, formulas);
            let found = audit(s);
            prop_assert!(found.is_empty(), "{:#?}", seen(&found));
        }
        let (s, texts) = sheet(&t, true);
        // One moved bound: a SUM over two or more leaves stops a row short.
        let short: Vec<usize> = (0..t.parent.len())
            .filter(|&i| texts[i].starts_with("SUM(") && t.children(i).len() >= 2)
            .collect();
        if !short.is_empty() {
            let i = short[pick.index(short.len())];
            let kids = t.children(i);
            let text = format!("SUM(B{}:B{})", kids[0] + 2, kids[kids.len() - 1] + 1);
            let value: i64 = kids[..kids.len() - 1].iter().map(|&k| t.value(k)).sum();
            let found = audit(edit(&t, &s, i, &text, value));
            prop_assert_eq!(
                seen(&found),
                vec![("sum-range".to_string(), format!("B{}", i + 2), texts[i].clone())]
            );
        }
        // One row added twice: a `+` total also adds a child of one of its children.
        let twice: Vec<(usize, usize)> = (0..t.parent.len())
            .filter(|&i| !texts[i].is_empty() && !texts[i].starts_with("SUM("))
            .flat_map(|i| t.children(i).into_iter().map(move |c| (i, c)))
            .filter(|&(_, c)| !t.children(c).is_empty())
            .collect();
        if !twice.is_empty() {
            let (i, c) = twice[pick.index(twice.len())];
            let g = t.children(c)[0];
            let text = format!("{}+B{}", texts[i], g + 2);
            let value = t.value(i) + t.value(g);
            let found = audit(edit(&t, &s, i, &text, value));
            prop_assert_eq!(
                seen(&found),
                vec![("sum-range".to_string(), format!("B{}", i + 2), texts[i].clone())]
            );
        }
    }
}

#[test]
fn a_generated_tree_has_the_values_its_formulas_give() {
    // The property's own sheet: no stale value, so its findings are the tree's.
    let t = build(4, &[1, 2, 3], &[5, 17, 23, 42]);
    let (s, texts) = sheet(&t, true);
    assert!(texts.iter().any(|t| t.contains('+')));
    assert!(texts.iter().any(|t| t.starts_with("SUM(")));
    assert_eq!(Decimal::from(t.value(0)), {
        let kids = t.children(0);
        kids.iter()
            .map(|&k| Decimal::from(t.value(k)))
            .sum::<Decimal>()
    });
    assert!(audit(s).is_empty());
}

#[test]
fn the_planted_form_fixed_with_unsafe_fixes_keeps_only_what_has_no_single_correction() {
    // The six corrections are written as formulas; the formulas over them (the
    // bidang, urusan and JUMLAH rows, the year's Rp, the capaian) are recalculated
    // and saved with the values they now give, so the copy read again, before
    // any spreadsheet program opens it, has nothing left but what has no single
    // correction: the count added into Rupiah (an error: exit 1) and the
    // chained range.
    let (o, out) = fixed(
        "renja-rumus-planted.xlsx",
        "formula-fix",
        &["--unsafe-fixes"],
    );
    assert_eq!(o.status.code(), Some(1), "{}", crate::common::stdout(&o));
    let again = check(&out);
    assert_eq!(
        seen(&again),
        triples(&[("unit-mix", "O21", ""), ("range-chain", "Q33", "")])
    );
    // M7 (the urusan) = M8 + M23 = 1.485.900.000 + 1.323.750.000 once M8 no
    // longer adds M23.
    let rules = selaras::Rules::built_in().unwrap();
    let book = selaras::open(&out, &rules, true).unwrap();
    let sheet = &book.sheets[0];
    assert_eq!(sheet.formula(6, 12), Some("M8+M23"));
    assert_eq!(
        selaras::formula::compute_in(&book, sheet, "M7"),
        Some(Decimal::from(2_809_650_000i64))
    );
}

#[test]
fn formulas_from_a_hostile_file_are_read_without_a_panic_or_a_deep_stack() {
    use selaras::formula::parse;
    // Nesting beyond what Excel writes is left unread, not recursed into.
    let deep = format!("{}1{}", "(".repeat(100_000), ")".repeat(100_000));
    assert!(parse(&deep).has_other());
    assert!(parse(&format!("{}1", "-".repeat(100_000))).has_other());
    assert!(parse(&format!(
        "SUM({}1{})",
        "ABS(".repeat(5_000),
        ")".repeat(5_000)
    ))
    .has_other());
    // A chain of a hundred terms (a program's kegiatan) is read, hashed and
    // computed; one of two thousand is left unread.
    let chain = vec!["A1"; 100].join("+");
    let e = parse(&chain);
    assert!(!e.has_other());
    let _ = selaras::formula::shape_hash(&e, (0, 0));
    let cells = |_: Option<&str>, _: u32, _: u32| selaras::formula::Val::Num(Decimal::ONE);
    assert_eq!(
        selaras::formula::eval(&e, &cells),
        Some(selaras::formula::Val::Num(Decimal::from(100)))
    );
    assert!(parse(&vec!["A1"; 2_000].join("+")).has_other());
    // Longer than Excel allows: not read at all.
    assert!(parse(&"A1+".repeat(20_000)).has_other());
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_formula_text_parses_or_is_left_alone(text in "[A-Z$a-z0-9:!'\"(),.;+*/^&=<>%# -]{0,80}") {
        let e = selaras::formula::parse(&text);
        // Whatever it read writes back and computes without a panic.
        let _ = e.a1();
        let _ = selaras::formula::shape_hash(&e, (5, 5));
        let cells = |_: Option<&str>, r: u32, _: u32| selaras::formula::Val::Num(Decimal::from(r));
        let _ = selaras::formula::eval(&e, &cells);
    }
}

#[test]
fn running_totals_down_a_long_column_are_no_tree_and_cost_a_bounded_read() {
    // `=SUM($B$2:B2)` … down twenty thousand rows of their own column: each adds
    // every row above it. Read as totals of blocks, the column would claim two
    // hundred million rows, and computing each saved value would read as many
    // cells: it is read as a running total (no block of its own), and its saved
    // values are computed within the sheet's read budget.
    let n = 20_000u32;
    let mut cells = vec![((0, 0), Data::String("Uraian".into()))];
    for r in 1..=n {
        cells.push(((r, 0), Data::String(format!("Baris {r}"))));
        cells.push(((r, 1), Data::Float(0.0)));
    }
    let mut sheet = Sheet::from_cells("Data", cells, Vec::new());
    for r in 2..=n {
        sheet.set_formula(r, 1, &format!("SUM($B$2:B{r})"));
    }
    assert!(audit(sheet).is_empty());
}

// ---------------------------------------------------------------------------
// A total under a budget export that adds every level of its kode tree
// ---------------------------------------------------------------------------

/// A SIPD-like export (kode, uraian, anggaran, realisasi) of one program down
/// to two rekening, and under it, in row 10, `anggaran` and `realisasi` as
/// formulas with the saved values given; `hidden` the rows hidden when saved.
fn export_with_total(
    anggaran: (&str, f64),
    realisasi: (&str, f64),
    hidden: Option<Vec<u32>>,
) -> Workbook {
    let rows: &[&[&str]] = &[
        &["LAPORAN REALISASI ANGGARAN BELANJA"],
        &[],
        &["Kode Rekening", "Uraian", "Anggaran", "Realisasi"],
        &["1.02.01", "PROGRAM PENUNJANG", "#1000", "#600"],
        &["1.02.01.2.01", "Perencanaan", "#1000", "#600"],
        &["1.02.01.2.01.0001", "Penyusunan Dokumen", "#1000", "#600"],
        &["5.1.02", "Belanja Barang dan Jasa", "#1000", "#600"],
        &["5.1.02.01", "Belanja Barang", "#400", "#250"],
        &["5.1.02.04", "Belanja Perjalanan Dinas", "#600", "#350"],
    ];
    let mut cells: Vec<((u32, u32), Data)> = Vec::new();
    for (r, row) in rows.iter().enumerate() {
        for (c, text) in row.iter().enumerate() {
            if text.is_empty() {
                continue;
            }
            let data = match text.strip_prefix('#') {
                Some(n) => Data::Float(n.parse().unwrap()),
                None => Data::String(text.to_string()),
            };
            cells.push(((r as u32, c as u32), data));
        }
    }
    cells.push(((9, 2), Data::Float(anggaran.1)));
    cells.push(((9, 3), Data::Float(realisasi.1)));
    let mut sheet = Sheet::from_cells("LRA", cells, Vec::new());
    sheet.set_formula(9, 2, anggaran.0);
    sheet.set_formula(9, 3, realisasi.0);
    sheet.hidden_rows = hidden;
    Workbook {
        path: "lra.xlsx".into(),
        sheets: vec![sheet],
    }
}

fn audited(book: &Workbook) -> Vec<(String, String, String)> {
    let rules = selaras::Rules::built_in().unwrap();
    let (tables, _) = selaras::read_tables(book, &rules);
    assert_eq!(tables.len(), 1, "the export is read");
    seen(&selaras::formula::audit_with(book, &tables, Some(&rules)))
}

#[test]
fn a_total_that_adds_every_level_of_the_kode_tree_is_found_with_the_top_rows() {
    // =SUM(C4:C9) adds the program, its kegiatan, sub kegiatan and rekening:
    // 1000 × 4 + 400 + 600 = 5000 where the program alone is 1000.
    let book = export_with_total(("SUM(C4:C9)", 5000.0), ("SUM(D4:D9)", 3000.0), None);
    assert_eq!(
        audited(&book),
        triples(&[("sum-range", "C10", "C4"), ("sum-range", "D10", "D4")])
    );
    let book = export_with_total(("SUM(C4:C9)", 5000.0), ("SUM(D4:D9)", 3000.0), None);
    let rules = selaras::Rules::built_in().unwrap();
    let (tables, _) = selaras::read_tables(&book, &rules);
    let found = selaras::formula::audit_with(&book, &tables, Some(&rules));
    assert_eq!(found[0].expected_text().as_deref(), Some("1000"));
    // Adding the rows of one level is right: the two rekening 400 + 600.
    let book = export_with_total(("SUM(C8:C9)", 1000.0), ("SUM(D8:D9)", 600.0), None);
    assert_eq!(audited(&book), []);
    // A SUBTOTAL adds the rows a filter shows. Unknown which were hidden: not
    // judged. Every level shown: judged as a SUM. Only the rekening shown (rows
    // 4–7 hidden): right.
    let book = export_with_total(
        ("SUBTOTAL(9,C4:C9)", 5000.0),
        ("SUBTOTAL(9,D4:D9)", 3000.0),
        None,
    );
    assert_eq!(audited(&book), []);
    let book = export_with_total(
        ("SUBTOTAL(9,C4:C9)", 5000.0),
        ("SUBTOTAL(9,D4:D9)", 3000.0),
        Some(Vec::new()),
    );
    assert_eq!(
        audited(&book),
        triples(&[("sum-range", "C10", "C4"), ("sum-range", "D10", "D4")])
    );
    let book = export_with_total(
        ("SUBTOTAL(9,C4:C9)", 1000.0),
        ("SUBTOTAL(9,D4:D9)", 600.0),
        Some(vec![3, 4, 5, 6]),
    );
    assert_eq!(audited(&book), []);
}

#[test]
fn a_level_whose_formula_leaves_out_a_row_under_it_is_still_found() {
    // Belanja Barang dan Jasa (C7, kode 5.1.02) as =C8, leaving out 5.1.02.04
    // (C9) that lies under it: 400 where its rekening give 1000. The kode tree
    // does not excuse it (C9 is under C7, not under C8).
    let mut book = export_with_total(("C4", 1000.0), ("D4", 600.0), None);
    let sheet = &mut book.sheets[0];
    sheet.set_formula(6, 2, "C8");
    sheet.set_override(6, 2, selaras::Override::Number(Decimal::from(400)));
    let rules = selaras::Rules::built_in().unwrap();
    let (tables, _) = selaras::read_tables(&book, &rules);
    assert_eq!(
        seen(&selaras::formula::audit_with(&book, &tables, Some(&rules))),
        triples(&[("sum-range", "C7", "C8+C9")])
    );
    // The whole check says it there. The sub kegiatan above (C6, typed 1000)
    // is right by C7's own rekening (the kode tree reads C7 at 1000), so it is
    // not said again; the realisasi beside it (D7, 600 over 400) still shows
    // it as a symptom, until problems are grouped (issue 22).
    let all = seen(&selaras::check_workbook(&book, &rules).findings);
    assert_eq!(
        all,
        triples(&[("sum-range", "C7", "C8+C9"), ("over-limit", "D7", ""),])
    );
}

#[test]
fn a_typed_last_row_and_a_stale_quarter_are_said_where_they_start() {
    // anggaran-kas: eight rekening whose quarters, year (Jumlah) and Sisa are
    // formulas copied down, under a JUMLAH. The clean twin is silent.
    assert!(check(&fixture("formulas/anggaran-kas-clean.xlsx")).is_empty());
    let findings = check(&fixture("formulas/anggaran-kas-planted.xlsx"));
    // T13, the last rekening's Jumlah, is typed: 19.783.000, where its row's
    // quarters add up to 5.665.000 + 4.195.000 + 4.195.000 + 5.665.000 =
    // 19.720.000. Its peers all lie above it (the last row of the column), and
    // the row's other columns (its quarters, its Sisa) carry their formulas on
    // through it: a row of the run, typed over.
    // G9 (TW I of the honorarium) was saved as 8.070.000 where its months give
    // 0 + 4.000.000 + 4.000.000 = 8.000.000. The JUMLAH's G5 and the row's T9
    // read G9: from its saved value they compute 70.000 more than their own
    // (right) saved values, a consequence of G9, not stale values of their own.
    // The RAK's Nilai Rincian (C9) is held to the quarters the sheet shows.
    // O6, the first rekening's TW III, reads the row below (=SUM(L7:N7)):
    // 4.700.000 where its own months give 1.118.500 + 2.040.000 + 1.475.000 =
    // 4.633.500. It is the first of its column's run (the JUMLAH above it is
    // another kind of row): the seven copies below and the row's other columns
    // say it is one of them, and its corrected formula is the table's
    // sum-mismatch's correction.
    assert_eq!(
        seen(&findings),
        triples(&[
            ("sum-mismatch", "C6", ""),
            ("sum-mismatch", "O6", "SUM(L6:N6)"),
            ("sum-mismatch", "C9", ""),
            ("sum-mismatch", "G9", ""),
            ("stale-value", "G9", "SUM(D9:F9)"),
            ("typed-over-formula", "T13", "G13+K13+O13+S13"),
        ])
    );
    let at = |code: &str, cell: &str| {
        findings
            .iter()
            .find(|f| f.code.as_str() == code && f.at.a1() == cell)
            .unwrap()
    };
    let typed = at("typed-over-formula", "T13");
    assert_eq!(typed.found_text().as_deref(), Some("19783000"));
    assert_eq!(typed.expected_text().as_deref(), Some("19720000"));
    let slipped = at("sum-mismatch", "O6");
    assert_eq!(slipped.expected_text().as_deref(), Some("4633500"));
    assert_eq!(slipped.fix, Some(Decimal::from(4_633_500)));
    let stale = at("stale-value", "G9");
    assert_eq!(stale.found_text().as_deref(), Some("8070000"));
    assert_eq!(stale.expected_text().as_deref(), Some("8000000"));
}

#[test]
fn a_total_below_komponen_that_add_the_rows_below_them_is_held_to_them() {
    // resume-kke: each komponen (rows 4, 8, 12, 16) adds the sub-komponen
    // below it; the Nilai Akuntabilitas Kinerja at the bottom adds the
    // komponen above it: two directions in one column. The clean twin adds
    // =SUM(D4,D8,D12,D16) and is silent.
    assert!(check(&fixture("formulas/resume-kke-clean.xlsx")).is_empty());
    // The planted bobot total adds the whole column, =SUM(D4:D19): each
    // sub-komponen a second time. Recomputed: the komponen's bobot are
    // 6 + 9 + 15 = 30, 30, 3 + 4,5 + 7,5 = 15 and 5 + 7,5 + 12,5 = 25: 100,
    // where the planted formula gives 200.
    let findings = check(&fixture("formulas/resume-kke-planted.xlsx"));
    assert_eq!(
        seen(&findings),
        triples(&[("sum-range", "D20", "SUM(D4,D8,D12,D16)")])
    );
    assert_eq!(findings[0].found_text().as_deref(), Some("200"));
    assert_eq!(findings[0].expected_text().as_deref(), Some("100"));
}

#[test]
fn percentages_typed_by_hand_over_one_pagu_are_peers_across_the_row() {
    // triwulan-persen-tangan: each quarter's % typed by hand, the pagu without
    // `$` (=D5/C5*100, =F5/C5*100, =H5/C5*100, =J5/C5*100): no two are copies
    // of each other, yet each reference either moves with its cell or reads
    // the one pagu. The clean twin is silent.
    assert!(check(&fixture("formulas/triwulan-persen-tangan-clean.xlsx")).is_empty());
    // The planted TW III divides by TW I's Rp (=H5/D5*100) down all seven rows:
    // one finding at I5. Recomputed: 698.330.000 / 2.910.000.000 × 100 =
    // 23,9976, where the sheet shows 698.330.000 / 612.400.000 × 100 = 114,0317.
    let findings = check(&fixture("formulas/triwulan-persen-tangan-planted.xlsx"));
    assert_eq!(
        seen(&findings),
        triples(&[("formula-shape", "I5", "H5/C5*100")])
    );
    let expected = findings[0].expected_text().unwrap();
    assert!(expected.starts_with("23.9975945"), "{expected}");
    let text = findings[0].message.render(selaras::Lang::english());
    assert!(text.contains("down to I11"), "{text}");
}

#[test]
fn typed_subtotals_among_rows_of_formulas_are_not_rows_typed_over() {
    // subtotal-diketik: each kegiatan's Realisasi, % and Sisa are formulas
    // copied down; the program rows and the JUMLAH type their Pagu and
    // Realisasi and leave the quarters blank, their % and Sisa formulas going
    // on through them. A program row sits between two runs of copies, the
    // JUMLAH right under one: the column's formula there would add blank
    // quarters, and the typed figure adds up the rows beside it. Silent.
    assert!(check(&fixture("formulas/subtotal-diketik-clean.xlsx")).is_empty());
    // The planted copy types the third kegiatan of the second program: its
    // quarters give 1.200.000 + 2.800.000 + 3.100.000 + 3.650.000 =
    // 10.750.000, where 10.800.000 is typed.
    let findings = check(&fixture("formulas/subtotal-diketik-planted.xlsx"));
    assert_eq!(
        seen(&findings),
        triples(&[("typed-over-formula", "H13", "SUM(D13:G13)")])
    );
    assert_eq!(findings[0].found_text().as_deref(), Some("10800000"));
    assert_eq!(findings[0].expected_text().as_deref(), Some("10750000"));
}

#[test]
fn a_total_that_passes_over_a_figure_stored_as_text_is_short_by_it() {
    // pagu-teks: six OPD's pagu under an unlabelled total row of SUMs. The
    // clean twin is silent.
    assert!(check(&fixture("formulas/pagu-teks-clean.xlsx")).is_empty());
    // Puskesmas Namlea's pagu was pasted as the text '3.531.134.886,00'. The
    // sheet shows it, but =SUM(B2:B7) passes over it: saved 48.215.906.112 +
    // 96.480.112.540 + 61.902.447.300 + 22.774.001.915 + 2.105.660.430 =
    // 231.478.128.297, where the figures shown add up to 235.009.263.183.
    let findings = check(&fixture("formulas/pagu-teks-planted.xlsx"));
    assert_eq!(seen(&findings), triples(&[("sum-skips-text", "B8", "")]));
    assert_eq!(findings[0].found_text().as_deref(), Some("231478128297"));
    assert_eq!(findings[0].expected_text().as_deref(), Some("235009263183"));
    assert_eq!(
        findings[0]
            .inputs
            .iter()
            .map(|a| a.a1())
            .collect::<Vec<_>>(),
        ["B3"]
    );
}
