//! Siblings of the real workbooks (`fixtures/siblings/`, written by its
//! `gen_*.py`): the same forms as another unit would make them, with their own
//! wording ("Pagu Anggaran (Rp)", "Realisasi s/d Triwulan II", "Nilai Rincian
//! (Pagu)"), header rows, numbering rows and text figures. Each clean sibling
//! was recomputed by hand (in exact decimals) and must be read and be silent;
//! its planted copy carries one to three mistakes, each asserted at its cell
//! with the figure that proves it.

use crate::common::fixture;
use selaras::FileReport;
use selaras::Rules;

fn report(name: &str) -> FileReport {
    let rules = Rules::built_in().expect("built-in rules load");
    selaras::check_path(&fixture(&format!("siblings/{name}.xlsx")), &rules)
        .expect("the workbook reads")
}

/// `rule sheet!range` of every table read.
fn tables(r: &FileReport) -> Vec<String> {
    r.tables
        .iter()
        .map(|t| format!("{} {}!{}", t.rule, t.sheet, t.range))
        .collect()
}

/// `code cell found expected` of every finding, in report order.
fn said(r: &FileReport) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| {
            format!(
                "{} {} {} {}",
                f.code,
                f.at.a1(),
                f.found_text().unwrap_or_default(),
                f.expected_text().unwrap_or_default()
            )
        })
        .collect()
}

/// Each clean sibling: the tables a person would call tables, read, and nothing said.
#[test]
fn clean_siblings_are_read_and_silent() {
    for (name, read) in [
        (
            "a1-pamekasan-lra-tw2-text",
            vec!["realisasi-belanja LRA TW II!A8:G28"],
        ),
        (
            "a2-probolinggo-rekening-formulas",
            vec!["realisasi-belanja Realisasi Juni 2025!A7:I48"],
        ),
        (
            "b1-klaten-dpmd-renja86-full",
            vec!["evaluasi-renja Evaluasi Renja 2024!A7:AB24"],
        ),
        (
            "b2-depok-renja-tw2-text",
            vec!["evaluasi-renja TW II 2024!A6:S19"],
        ),
        (
            "c1-kebumen-rsud-ikm-rows-formulas",
            vec!["ikm-unsur Rekap IKM!A7:H21"],
        ),
        (
            "c3-bbpppt-ikl-tw-avg",
            vec![
                "ikm-layanan IKL 2023!A3:H9",
                "kategori-nilai IKL 2023!A12:B16",
            ],
        ),
        (
            "d1-gresik-rak-monthly-tw",
            vec!["anggaran-kas RAK 2025!A7:V17"],
        ),
        (
            "d2-blitar-rak-two-blocks",
            vec![
                "anggaran-kas Anggaran Kas!A6:U12",
                "anggaran-kas Anggaran Kas!A16:U21",
            ],
        ),
        (
            "e1-bursel-pagu-jenis-sumberdana-text",
            vec!["pagu-opd-sumber-dana REKAP PAGU OPD!A7:J20"],
        ),
        (
            "k1-madiun-rak-quarters-first",
            vec!["anggaran-kas RAK 2025!A5:U11"],
        ),
        (
            "l1-bursel-sumberdana-opd-rp-text",
            vec!["pagu-opd-sumber-dana SUMBER DANA OPD!A4:H17"],
        ),
        (
            "e2-opd-murni-perubahan-formulas",
            vec!["perubahan-anggaran Murni vs Perubahan!A4:G15"],
        ),
        (
            "f1-kejari-solok-iku-tw2",
            vec!["capaian-kinerja Capaian TW II!A5:I11"],
        ),
        (
            "m1-kejari-bukittinggi-lapkin-4tw-fraction",
            vec!["capaian-triwulan Capaian TW!A4:R10"],
        ),
        (
            "n1-lamongan-pk-triwulan-anggaran",
            vec![
                "perjanjian-kinerja PK 2025!A4:I9",
                "perencanaan-anggaran PK 2025!A11:D19",
            ],
        ),
        (
            "f2-kejari-ro-tw3-serapan",
            vec!["capaian-output RO TW III!A3:I9"],
        ),
    ] {
        let r = report(name);
        assert_eq!(tables(&r), read, "{name}");
        assert_eq!(said(&r), Vec::<String>::new(), "{name}");
    }
}

/// The SKM recap weighs each unsur 0,111 where the regulation's weight is 1/9:
/// the IKM the sheet states (84,64) is what 0,111 gives, 1/9 gives 84,72. Said
/// as information, never as an error.
#[test]
fn a_recap_weighted_0_111_is_told_as_information() {
    let r = report("c2-kulonprogo-paten-skm-columns-text");
    assert_eq!(
        said(&r),
        ["rounding C19 0.366 ", "rounding B20 84.64 84.72"]
    );
    assert!(r.findings.iter().all(|f| f.severity.as_str() == "info"));
}

/// KKE resumes as two other units write them: komponen and sub komponen in
/// one column told apart by their numbering ("A", "A.1"), with the nilai
/// "Nilai Hasil Evaluasi"; komponen only, with a nilai per year.
#[test]
fn kke_resumes_in_one_column_or_per_year_are_read() {
    for (name, read) in [
        ("g1-ngawi-lke-resume-formulas", "kke-resume RESUME!A5:G23"),
        ("g2-madiun-lke-3years-text", "kke-resume Resume LKE!A4:G11"),
    ] {
        let r = report(name);
        assert_eq!(tables(&r), [read], "{name}");
        assert_eq!(said(&r), Vec::<String>::new(), "{name}");
    }
    assert_eq!(
        said(&report("g2-madiun-lke-3years-text-planted")),
        [
            // 2023: 22,20 + 20,40 + 10,58 + 16,25 = 69,43 (the ,58 of Pelaporan lost).
            "sum-mismatch E10 68.85 69.43",
            // 71,76 lies in (70; 80]: BB, not A (PermenPAN-RB 88/2021).
            "category-mismatch F11 A BB",
        ]
    );
}

#[test]
fn lra_with_worded_headers_finds_its_planted_mistakes_and_the_figure_behind_three() {
    let r = report("a1-pamekasan-lra-tw2-text-planted");
    assert_eq!(
        said(&r),
        [
            // Realisasi over the sisa, not the pagu: 21.337.500 / 48.750.000 × 100 = 43,77.
            "percent-mismatch E15 56.23 43.77",
            // The program's pagu leaves a sub kegiatan out: C21 + C25 =
            // 25.075.710.000 + 412.300.000 = 25.488.010.000; its sisa with it.
            "sum-mismatch C20 25075710000 25488010000",
            "sum-mismatch F20 13742767000 14155067000",
            // The realisasi D27 typed 9.832.100.000 for 9.382.100.000 (two
            // digits swapped, which its kegiatan's sum, right, bears out): its
            // % and its sisa disagree too, and are right.
            "sum-mismatch D27 9832100000 9382100000",
            "percent-mismatch E27 50.00 52.40",
            "sum-mismatch F27 9382100000 8932100000",
        ]
    );
    let problems = selaras::group_problems(&r.findings, &r.tables);
    let p = problems
        .iter()
        .find(|p| p.cells.iter().any(|c| c.a1() == "D27"))
        .expect("the problem at D27");
    assert_eq!(p.cells.len(), 3, "D27, E27 and F27 are one problem");
    match &p.blame {
        selaras::Blame::One { cell, reason } => {
            assert_eq!(cell.a1(), "D27");
            // D26 + x = 9.525.575.000 with D26 = 143.475.000, x / 18.764.200.000 = 50 %
            // and 18.764.200.000 − x = 9.382.100.000 all give x = 9.382.100.000.
            let text = reason.english();
            assert!(text.contains("450.000.000 too high"), "{text}");
        }
        other => panic!("blamed {other:?}"),
    }
}

#[test]
fn sipd_export_with_rekening_rows_and_murni_perubahan_finds_its_planted_mistakes() {
    let r = report("a2-probolinggo-rekening-formulas-planted");
    assert_eq!(
        said(&r),
        [
            // The sub kegiatan typed over its formula: its BELANJA OPERASI (the
            // rekening under it) is 228.885.250.
            "sum-mismatch F14 227385250 228885250",
            // =F27 leaves out the Perjalanan Dinas: 12.326.800 + 17.895.400.
            "sum-range F26 12326800 30222200",
            // Over the murni: 15.750.000 / 31.500.000 (perubahan) × 100 = 50.
            "percent-mismatch H43 58.33 50.00",
        ]
    );
}

#[test]
fn rak_with_nilai_rincian_pagu_finds_its_planted_mistakes() {
    let r = report("d1-gresik-rak-monthly-tw-planted");
    assert_eq!(
        said(&r),
        [
            // TW II short of a month: 4.200.000 × 3 = 12.600.000, which the
            // row's nilai rincian then misses too (one problem, blamed on L13).
            "sum-mismatch D13 35280000 32760000",
            "sum-mismatch L13 10080000 12600000",
            // The total's SUM stops two rows short.
            "sum-range D16 107180000 134930000",
        ]
    );
}

#[test]
fn pagu_recap_by_jenis_belanja_and_sumber_dana_holds_each_opd_to_both() {
    let r = report("e1-bursel-pagu-jenis-sumberdana-text-planted");
    assert_eq!(
        said(&r),
        [
            // Dinkes: its sumber dana 74.834.852.426 + 1.584.885.000 +
            // 2.154.080.000 and its jenis belanja 53.863.247.347 +
            // 21.540.800.079 + 3.169.770.000 both give 78.573.817.426; the
            // pagu is typed a milliard short.
            "sum-mismatch F14 77573817426 78573817426",
            "sum-mismatch F14 77573817426 78573817426",
            // The JUMLAH of Belanja Barang dan Jasa leaves out D19 (1.620.400.000),
            // and the JUMLAH's total pagu, right, is held to it.
            "sum-mismatch D20 144431252529 146051652529",
            "sum-mismatch F20 594287284014 592666884014",
        ]
    );
    let problems = selaras::group_problems(&r.findings, &r.tables);
    assert_eq!(problems.len(), 2);
    for (p, cell) in problems.iter().zip(["F14", "D20"]) {
        match &p.blame {
            selaras::Blame::One { cell: at, .. } => assert_eq!(at.a1(), cell),
            other => panic!("{cell}: blamed {other:?}"),
        }
    }
}

/// The sumber dana as columns (DAU | DAK FISIK | … | PAD) with sub totals per
/// group of OPD, figures as "Rp 1.250.000,-" text.
#[test]
fn pagu_per_opd_with_sumber_dana_as_columns_adds_up_each_way() {
    assert_eq!(
        said(&report("l1-bursel-sumberdana-opd-rp-text-planted")),
        [
            // Dinkes 22.318.700.000 + 9.642.150.000 + 7.812.400.000 +
            // 1.350.000.000 + 14.226.500.000 = 55.349.750.000: the DBH left out.
            "sum-mismatch G8 53999750000 55349750000",
            // Sub Total Kecamatan: 2.415.380.000 + 1.987.640.000 + 1.764.925.000
            // = 6.167.945.000, in DAU and in the JUMLAH alike.
            "sum-mismatch B16 4403020000 6167945000",
            "sum-mismatch G16 4403020000 6167945000",
        ]
    );
}

/// An RAK's nilai rincian comes from the DPA: where its quarters miss it, the
/// mistake is in a month, and a month with two digits swapped is named.
#[test]
fn rak_month_with_two_digits_swapped_is_named_not_the_nilai_rincian() {
    assert_eq!(
        said(&report("k1-madiun-rak-quarters-first-planted")),
        [
            // TW III =SUM(P8:Q8) leaves out September, empty today.
            "formula-shape G8 2400000 2400000",
            // Agustus 4.785.000 for 4.875.000: then the quarters add up to
            // the nilai rincian 43.875.000 (C10).
            "sum-mismatch Q10 4785000 4875000",
        ]
    );
}

#[test]
fn murni_and_perubahan_recap_finds_a_percentage_over_the_wrong_budget() {
    // 2.450.000.000 / 49.096.014.000 (murni) × 100 = 4,99; the cell divides by
    // the perubahan. (The planted sign lost on D12 no sum can tell.)
    let r = report("e2-opd-murni-perubahan-formulas-planted");
    assert_eq!(said(&r), ["percent-mismatch F11 4.75 4.99"]);
}

#[test]
fn quarterly_report_is_held_to_the_quarter_target_not_the_year() {
    let r = report("f1-kejari-solok-iku-tw2-planted");
    assert_eq!(
        said(&r),
        [
            // Capaian over the year's target 90: 41,25 / 45 (TW II) × 100 = 91,67.
            "percent-mismatch H6 45.83 91.67",
            // A negative indicator: (2 × 10 − 8) / 10 × 100 = 120.
            "percent-mismatch H9 80.00 120.00",
        ]
    );
}

/// Where no table is read, the workbook's own formulas are still audited.
#[test]
fn formula_mistakes_are_found_in_tables_read_or_not() {
    // The NRR tertimbang SUM leaves U9 out (=SUM(F9:F16) for F9:F17); the
    // other two planted mistakes (an NRR over 112 respondents, a mutu "C"
    // for 77,29) are in columns the unsur-as-rows layout does not read yet.
    assert_eq!(
        said(&report("c1-kebumen-rsud-ikm-rows-formulas-planted")),
        ["sum-range F18 3.0171517857142858 3.3732767857"]
    );
    // Komponen B adds two of its three sub komponen: 10,65 for 5,85 + 4,80 +
    // 8,25 = 18,90; the predikat 'A' beside the nilai as stated, 57,13, is CC.
    assert_eq!(
        said(&report("g1-ngawi-lke-resume-formulas-planted")),
        ["sum-range E10 10.65 18.9", "category-mismatch E23 A CC"]
    );
}

#[test]
fn renja_and_skm_siblings_find_their_planted_mistakes() {
    for (name, expected) in [
        (
            "b1-klaten-dpmd-renja86-full-planted",
            vec![
                "sum-mismatch U14 4 5",
                "percent-mismatch Z15 99.51 79.39",
                "sum-mismatch L17 497350000 593350000",
            ],
        ),
        (
            "b2-depok-renja-tw2-text-planted",
            vec![
                "percent-mismatch R12 10.02 48.14",
                "sum-mismatch J17 147820000 146820000",
                "sum-mismatch P17 147820000 146820000",
            ],
        ),
        (
            "c2-kulonprogo-paten-skm-columns-text-planted",
            vec![
                "average-mismatch D18 3.20 3.00",
                "rounding C19 0.366 ",
                "index-mismatch B20 87.69 84.72",
                "category-mismatch E33 A B (Baik)",
            ],
        ),
        (
            "c3-bbpppt-ikl-tw-avg-planted",
            vec![
                // The kategori of the row's Rata-rata 3,60: Sangat baik (3,5324 – 4,00).
                "category-mismatch H6 Baik Sangat baik",
                // Rata-rata: (3,12 + 3,25 + 3,30 + 3,28) / 4 = 3,2375.
                "average-mismatch G7 3.32 3.24",
            ],
        ),
        (
            "f2-kejari-ro-tw3-serapan-planted",
            vec![
                // Penyerapan: 241.870.500 / 312.500.000 × 100 = 77,40.
                "percent-mismatch I6 77.93 77.40",
                // Capaian RO: 4 / 6 × 100 = 66,67.
                "percent-mismatch F7 50.00 66.67",
            ],
        ),
    ] {
        assert_eq!(said(&report(name)), expected, "{name}");
    }
}

/// Every quarter in one table: each quarter's capaian over that quarter's own
/// target, never the year's.
#[test]
fn quarterly_report_of_four_quarters_holds_each_to_its_own_target() {
    let r = report("m1-kejari-bukittinggi-lapkin-4tw-fraction-planted");
    assert_eq!(
        said(&r),
        [
            // TW III over the year's 120: 94 / 90 (TW III's target) × 100 = 104,44.
            "percent-mismatch N7 78.33 104.44",
            // TW II realisasi typed 56 for 65, its capaian left: 56 / 70 × 100 = 80.
            "percent-mismatch K9 92.86 80.00",
        ]
    );
    let said_formula = r.findings[0].formula.as_ref().map(|m| m.english());
    assert_eq!(
        said_formula.as_deref(),
        Some("Real. TRIWULAN III / Target TRIWULAN III × 100 = M7 / L7 × 100 = 94 / 90 × 100")
    );
}

/// A Perjanjian Kinerja with a target per triwulan, and its anggaran below.
#[test]
fn pk_with_quarterly_targets_and_its_budget_below_finds_both_mistakes() {
    assert_eq!(
        said(&report("n1-lamongan-pk-triwulan-anggaran-planted")),
        [
            // TW IV's target 46 where the year's is 48.
            "target-mismatch I8 46 ",
            // The JUMLAH's SUM stops one program short.
            "sum-range C15 6699137300 7048037300",
        ]
    );
}

/// An LRA whose kode spans five columns (URUSAN | BIDANG URUSAN | PROGRAM |
/// KEGIATAN | SUB KEGIATAN under KODE) and whose headers are abbreviated
/// ("ANGG. (Rp)", "REAL. (Rp)", "% REAL.", "SISA ANGG. (Rp)"): its levels from
/// the joined kode, every planted mistake found.
#[test]
fn lra_with_kode_over_five_columns_and_abbreviated_headers_is_read() {
    let clean = report("h1-sumbawa-lra-kode5col-text");
    assert_eq!(tables(&clean), ["realisasi-belanja LRA S1 2025!A6:L31"]);
    assert_eq!(said(&clean), Vec::<String>::new());
    assert_eq!(
        said(&report("h1-sumbawa-lra-kode5col-text-planted")),
        [
            // Kegiatan 2.06 leaves out a sub kegiatan: 24.750.000 + 97.315.000 +
            // 63.800.000 = 185.865.000; its sisa with it.
            "sum-mismatch G14 88550000.00 185865000.00",
            "sum-mismatch K14 37473250.00 134788250.00",
            // 1.282.680.000 / 4.275.600.000 × 100 = 30,00.
            "percent-mismatch J20 3.00 30.00",
            // The JUMLAH TOTAL misses the last sub kegiatan's realisasi: the
            // urusan above states 11.791.373.862; its sisa with it.
            "sum-mismatch I31 11435198862.00 11791373862.00",
            "sum-mismatch K31 16485783488.00 16129608488.00",
        ]
    );
}

/// An LRA printed over two sheets with English headers ("Budget (Rp)",
/// "Realization (Rp)", "Remaining (Rp)"): both pages read; the total on Page 2
/// adds Page 1's programs by formula and is not held to its own page. The
/// audit finds the SUM cut short, and says nothing of the page total: 'Page
/// 1'!C6 adds its programs and leaves C15 to the total on Page 2, which adds
/// C6 and C15 side by side (='Page 1'!C6+'Page 1'!C15+C10).
#[test]
fn lra_over_two_sheets_in_english_is_read_and_audited() {
    let clean = report("h2-banyuwangi-lra-two-sheets-english");
    assert_eq!(
        tables(&clean),
        [
            "realisasi-belanja Page 1!A5:F16",
            "realisasi-belanja Page 2!A5:F14"
        ]
    );
    assert_eq!(said(&clean), Vec::<String>::new());
    assert_eq!(
        said(&report("h2-banyuwangi-lra-two-sheets-english-planted")),
        [
            // 156.000.000 + 412.800.000 = 568.800.000, and the realisasi with it.
            "sum-range C12 156000000 568800000",
            "sum-range D12 74312650 272456650",
        ]
    );
}

/// SKM recaps as a Kecamatan and a Puskesmas print them: 14 unsur weighted
/// 0,071 (Kepmenpan 25/2004) with the mutu a blank row under the IKM and the
/// band legend below; 9 unsur headed "U1\nPersyaratan", the IKM on 1–4 then
/// its "KONVERSI IKM (x 25)" and the mutu, each merged across the unsur. The
/// rows under the IKM are never respondents.
#[test]
fn skm_recaps_with_their_mutu_and_konversi_are_read_and_checked() {
    let j1 = report("j1-kukar-paten-skm14-columns");
    assert_eq!(
        tables(&j1),
        [
            "skm-rekap Rekap SKM!A6:Q35",
            "ikm-interval Rekap SKM!C37:I41"
        ]
    );
    // 0,071 is the weight Kepmenpan 25/2004 writes: information.
    assert_eq!(said(&j1), ["rounding D30 0.224 "]);
    assert_eq!(
        said(&report("j1-kukar-paten-skm14-columns-planted")),
        [
            // U11: 70 / 20 respondents = 3,50.
            "average-mismatch N29 3.68 3.50",
            "rounding D30 0.224 ",
            // IKM 77,95 is 'B' / 'Baik' on the 2004 bands (62,51 – 81,25).
            "category-mismatch D34 A B (Baik)",
            "category-mismatch D35 Sangat Baik Baik",
        ]
    );
    let j2 = report("j2-pekanbaru-puskesmas-skm9-columns");
    assert_eq!(tables(&j2), ["skm-rekap SKM Sem I!A5:O37"]);
    assert_eq!(said(&j2), ["rounding G34 0.355 "]);
    assert_eq!(
        said(&report("j2-pekanbaru-puskesmas-skm9-columns-planted")),
        [
            // Σ U3 typed 3 short: the 25 respondents give 79, and 79 / 25 = 3,16.
            "sum-mismatch I32 76 79",
            "average-mismatch I33 3.04 3.16",
            "rounding G34 0.355 ",
            // KONVERSI = IKM 3,32 × 25 = 83,00 (last semester's 87,00 left in).
            "index-mismatch G36 87.00 83.00",
        ]
    );
}

/// Budget tables of the third field round: a murni / perubahan summary by kode
/// rekening with negatives in brackets; an LRA whose totals are partly typed,
/// partly formulas, headed "ANGGARAN (Rp)"; an LKjIP table in "Rp 1,25 M" and
/// "850 jt".
#[test]
fn budget_tables_of_the_third_round_are_read_and_their_mistakes_found() {
    let q1 = report("q1-sidoarjo-bkpsdm-murni-perubahan-parentheses");
    assert_eq!(
        tables(&q1),
        ["perubahan-anggaran Murni vs Perubahan!A6:F29"]
    );
    assert_eq!(said(&q1), Vec::<String>::new());
    assert_eq!(
        said(&report(
            "q1-sidoarjo-bkpsdm-murni-perubahan-parentheses-planted"
        )),
        [
            // 718.644.000 − 742.118.000 = −23.474.000, typed without its brackets
            // (F14's −3,16 is right; it is held to the E14 as typed).
            "sum-mismatch E14 23474000 -23474000",
            "percent-mismatch F14 -3.16 3.16",
            // Belanja Jasa after the change: 312.000.000 + 226.850.000 =
            // 538.850.000 (its rekening under it); its selisih follows it.
            "sum-mismatch D20 312000000 538850000",
            "sum-mismatch E20 -226600000 250000",
            // Over the murni: −114.250.000 / 412.380.000 × 100 = −27,71.
            "percent-mismatch F24 -38.32 -27.71",
        ]
    );
    // The LRA: read as an LRA, not a plan; its typed kegiatan total that its
    // rows bear out is said as a warning only.
    let q2 = report("q2-lumajang-dinkes-lra-typed-and-formula-totals");
    assert_eq!(tables(&q2), ["realisasi-belanja LRA SEM I!A5:F24"]);
    assert_eq!(
        said(&q2),
        [
            "typed-over-formula C12 625600000 625600000",
            "typed-over-formula D12 292725500 292725500",
        ]
    );
    assert!(q2.findings.iter().all(|f| f.severity.as_str() == "warning"));
    assert_eq!(
        said(&report(
            "q2-lumajang-dinkes-lra-typed-and-formula-totals-planted"
        )),
        [
            // =SUM(C9:C10) leaves out C11: 41.826.450.000 + 1.248.000.000 + 87.500.000.
            "sum-range C8 43074450000 43161950000",
            "sum-range D8 20796137420 20848512420",
            "typed-over-formula C12 625600000 625600000",
            "typed-over-formula D12 292725500 292725500",
            // 4.518.760.000 − 1.206.430.000 = 3.312.330.000.
            "sum-mismatch E18 3132330000 3312330000",
            // 164.208.000 + 141.562.500 + 498.716.250 = 804.486.750.
            "sum-mismatch D20 662924250 804486750",
        ]
    );
    // Capaian and each program's anggaran side by side, the program's cells
    // merged down over its indicators; a "Rata-rata waktu penerbitan akta"
    // is a duration: its capaian (2 × 3 − 2) / 3 = 133,33 is right.
    let q4 = report("q4-banjarnegara-capil-capaian-anggaran-merged");
    assert_eq!(tables(&q4), ["capaian-kinerja Capaian dan Anggaran!A4:K12"]);
    assert_eq!(said(&q4), Vec::<String>::new());
    assert_eq!(
        said(&report(
            "q4-banjarnegara-capil-capaian-anggaran-merged-planted"
        )),
        [
            // Over the other program's anggaran: 1.318.947.250 / 1.462.300.000 = 90,20.
            "percent-mismatch K8 60.37 90.20",
            // 54,80 / 60 × 100 = 91,33.
            "percent-mismatch G9 76.33 91.33",
            // The JUMLAH leaves out a program: 1.986.213.400 + 1.318.947.250 + 871.420.600.
            "sum-mismatch J12 3305160650 4176581250",
        ]
    );
    let q3 = report("q3-pasuruan-bpkad-lkjip-anggaran-M-jt");
    assert_eq!(tables(&q3), ["anggaran-kegiatan Tabel 3.14!A4:E15"]);
    assert_eq!(said(&q3), Vec::<String>::new());
    assert_eq!(
        said(&report("q3-pasuruan-bpkad-lkjip-anggaran-M-jt-planted")),
        [
            // Rp 2,95 M for its kegiatan's 850 jt + Rp 2,15 M = Rp 3 M; the
            // serapan beside it, right, is held to it.
            "sum-mismatch C9 2950000000 3000000000",
            "percent-mismatch E9 92.33 93.90",
            // 1.290.000.000 / 1.430.000.000 × 100 = 90,21 (the sisa's share typed).
            "percent-mismatch E13 9.79 90.21",
        ]
    );
}

/// SKM results of the third field round: the unsur as rows with their NRR
/// ("NILAI RATA-RATA (NRR)") and NRR × 25 and the mutu of each; the IKM per
/// layanan per quarter with its Rata-rata, mutu and kinerja.
#[test]
fn skm_results_of_the_third_round_are_read_and_their_mutu_held_to_the_bands() {
    for (name, read) in [
        (
            "r1-sleman-mpp-skm-unsur-rows-text",
            "ikm-unsur IKM 2024!A6:F20",
        ),
        (
            "r2-semarang-dpmptsp-ikm-layanan-tw-mutu",
            "ikm-layanan IKM per Layanan!A4:I12",
        ),
    ] {
        let r = report(name);
        assert_eq!(tables(&r), [read], "{name}");
        assert_eq!(said(&r), Vec::<String>::new(), "{name}");
    }
    assert_eq!(
        said(&report("r1-sleman-mpp-skm-unsur-rows-text-planted")),
        // NRR 3,06 is C on the 2017 nilai interval (2,60 – 3,064).
        ["category-mismatch F10 B C (Kurang baik)"]
    );
    assert_eq!(
        said(&report("r2-semarang-dpmptsp-ikm-layanan-tw-mutu-planted")),
        [
            // (79,35 + 81,20 + 80,04 + 82,61) / 4 = 80,80.
            "average-mismatch G8 80.20 80.80",
            // 76,49 is C (65,00 – 76,60).
            "category-mismatch H11 B C (Kurang baik)",
        ]
    );
}

/// The fourth field round (`gen_t.py` … `gen_w.py`): a full Renja 86 form with
/// its kode over five columns and formulas; a Renja whose kode is typed in the
/// name cell; an LRA headed "Realisasi s.d. Bulan Ini" whose header repeats on
/// page 2; an SP2D recap whose realisasi is "LS | UP/GU/TU | Jumlah"; an RAK
/// with the months first; a pagu recap with gaji and non gaji; an SKM with the
/// respondents' identity before the unsur; an IKL per quarter beside last
/// year's; a KKE resume with a mandiri and an evaluator score; a kejaksaan's
/// IKU counted as beban and diselesaikan.
#[test]
fn clean_siblings_of_the_fourth_round_are_read_and_silent() {
    for (name, read) in [
        (
            "t1-boyolali-dinkop-renja86-kode5col-formulas",
            vec!["evaluasi-renja Evaluasi Renja TW IV!A6:AF25"],
        ),
        (
            "t2-bogor-diskominfo-renja-tw4-kode-in-name",
            vec!["evaluasi-renja Realisasi TW IV 2024!A1:K26"],
        ),
        (
            "t3-klaten-kecamatan-lra-rekening6-page2",
            vec!["realisasi-belanja LRA!A6:F56"],
        ),
        (
            "t4-probolinggo-dinkes-sp2d-ls-gu-kode3col",
            vec!["realisasi-belanja REALISASI SP2D!A6:J30"],
        ),
        (
            "t5-pamekasan-dinkes-rak-months-then-tw",
            vec![
                "anggaran-kas Sub Keg 0002!A5:U13",
                "anggaran-kas Sub Keg 0017!A5:U11",
            ],
        ),
        (
            "t6-bursel-pagu-opd-gaji-nongaji-ceksd",
            vec![
                "pagu-opd REKAP PAGU OPD!A4:G14",
                "sumber-dana-opd CEK SUMBER DANA!A3:D32",
            ],
        ),
        (
            "t8-ditjen-ikl-2022-2023-kenaikan-skala4",
            vec![
                "ikm-layanan IKL 2022-2023!A4:J11",
                "kategori-nilai IKL 2022-2023!A14:C18",
                "ikm-layanan IKM 5 Tahun!A3:E10",
            ],
        ),
        (
            "t9-ponorogo-dlh-kke-resume-kode-mandiri-evaluator",
            vec!["kke-resume RESUME!A4:I23"],
        ),
        (
            "t10-kejari-tanahdatar-lapkin-tw4-beban-selesai",
            vec![
                "capaian-kinerja LAPKIN TW IV 2023!A4:H12",
                "capaian-output LAPKIN TW IV 2023!A16:I23",
            ],
        ),
    ] {
        let r = report(name);
        assert_eq!(tables(&r), read, "{name}");
        assert_eq!(said(&r), Vec::<String>::new(), "{name}");
    }
    // The IKM weighted by 0,111 (83,39) where 1/9 gives 83,47: said as information.
    let t7 = report("t7-wonosobo-puskesmas-skm-resp-rows-identity");
    assert_eq!(tables(&t7), ["skm-rekap Olah Data SKM!A5:N33"]);
    assert_eq!(said(&t7), ["rounding F31 83.39 83.47"]);
}

#[test]
fn renja_and_budget_siblings_of_the_fourth_round_find_their_planted_mistakes() {
    assert_eq!(
        said(&report(
            "t1-boyolali-dinkop-renja86-kode5col-formulas-planted"
        )),
        [
            // =SUM(U16:U16) leaves out U17: 748.902.650 + 19.965.000.
            "sum-range U15 748902650 768867650",
            // The second program's Renja Rp typed 419.300.000 over its kegiatan
            // 419.300.000 + 198.450.000. (The first program's =O12+O15 is right:
            // the typed program ends its block.)
            "sum-mismatch O18 419300000 617750000",
            // Capaian over the Renstra's target (J21) instead of the Renja's: 210 / 200.
            "formula-shape Z21 21 105",
        ]
    );
    assert_eq!(
        said(&report(
            "t2-bogor-diskominfo-renja-tw4-kode-in-name-planted"
        )),
        [
            // The OPD's TW III with two digits swapped: its programs give 1.895.715.115.
            "sum-mismatch H5 1897515115 1895715115",
            // Administrasi Umum's TW IV left at TW III's: 46.725.000 + 24.185.000 + 28.415.000.
            "sum-mismatch J13 36970000 99325000",
            // 62.175.000 + 112.845.000 + 34.750.000.
            "sum-mismatch F18 175020000 209770000",
        ]
    );
    let t3 = report("t3-klaten-kecamatan-lra-rekening6-page2-planted");
    assert_eq!(
        said(&t3),
        [
            // 5.1.02.01.01 leaves out Makanan dan Minuman Rapat (64.500.000 /
            // 61.380.000), and its sisa follows.
            "sum-mismatch C24 121100000.00 185600000.00",
            "sum-mismatch D24 117872500.00 179252500.00",
            "sum-mismatch E24 3227500.00 6347500.00",
            // The sisa's share: 8.734.500 / 9.600.000 × 100 = 90,98.
            "percent-mismatch F34 9.02 90.98",
            // BELANJA MODAL's realisasi with two digits swapped: 23.980.000 +
            // 66.825.000 = 90.805.000 (its sisa and % are right by that figure).
            "sum-mismatch D48 90085000.00 90805000.00",
            "sum-mismatch E48 1445000.00 2165000.00",
            "percent-mismatch F48 98.43 97.65",
        ]
    );
    // D48's own sum, its sisa (C48 − E48) and its % all say D48 is 720.000 low:
    // one problem, blamed on D48.
    let problems = selaras::group_problems(&t3.findings, &t3.tables);
    let p = problems
        .iter()
        .find(|p| p.cells.iter().any(|c| c.a1() == "D48"))
        .expect("the problem at D48");
    assert_eq!(p.findings.len(), 3, "D48, E48 and F48 are one problem");
    match &p.blame {
        selaras::Blame::One { cell, reason } => {
            assert_eq!(cell.a1(), "D48");
            assert!(
                reason.english().contains("720.000,00 too low"),
                "{}",
                reason.english()
            );
        }
        other => panic!("blamed {other:?}"),
    }
    assert_eq!(
        said(&report("t4-probolinggo-dinkes-sp2d-ls-gu-kode3col-planted")),
        [
            // =H11/E10: over the sub kegiatan's anggaran, not its own: 57.802.500 / 65.850.000.
            "percent-mismatch J11 31.95 87.78",
            // The Jumlah typed under its LS + UP/GU/TU (49.500.000); the sisa
            // above, right, is held to the sisa the typed figure gives (I23).
            "sum-mismatch I22 4500000 9000000",
            "sum-mismatch H23 45000000 49500000",
            // The objek 5.1.02.04 leaves out its second rekening in the anggaran
            // (28.800.000 + 15.300.000) and in the UP/GU/TU (24.600.000 + 14.850.000).
            "sum-mismatch E28 28800000 44100000",
            "sum-mismatch G28 24600000 39450000",
            "sum-mismatch I28 4200000 4650000",
        ]
    );
    assert_eq!(
        said(&report("t5-pamekasan-dinkes-rak-months-then-tw-planted")),
        [
            // =SUM(G8:H8) leaves out June: TW II 2.310.000 + 2.310.000; the
            // nilai rincian, right, is held to the quarters (one problem).
            "sum-mismatch C8 18480000 16170000",
            "sum-mismatch Q8 2310000 4620000",
            // The JUMLAH's August leaves out the last row: 7.860.000 + 810.000.
            "sum-range K12 7860000 8670000",
        ]
    );
    assert_eq!(
        said(&report("t6-bursel-pagu-opd-gaji-nongaji-ceksd-planted")),
        [
            // Non gaji = pagu − gaji: 72.486.215.730 − 41.906.338.210.
            "sum-mismatch E7 30578977520 30579877520",
            // =SUM(C6:C12) leaves out Waesama (1.974.520.800).
            "sum-range C14 399647053070 401621573870",
            // Dinkes's Jumlah typed without its DBH CHT (4.000.000.000).
            "typed-over-formula D15 68486215730 72486215730",
        ]
    );
}

#[test]
fn skm_kke_and_kejaksaan_siblings_of_the_fourth_round_find_their_planted_mistakes() {
    assert_eq!(
        said(&report(
            "t7-wonosobo-puskesmas-skm-resp-rows-identity-planted"
        )),
        [
            // Σ U5 stops a respondent short (61), and the NRR and IKM below follow it.
            "sum-range J27 58 61",
            "average-mismatch J28 2.90 3.05",
            // NRR U8 over 19 respondents: 62 / 20 = 3,10.
            "average-mismatch M28 3.26 3.10",
            "index-mismatch F31 83.43 83.47",
            // 83,43 is B (76,61 – 88,30).
            "category-mismatch F32 A B (Baik)",
        ]
    );
    assert_eq!(
        said(&report("t8-ditjen-ikl-2022-2023-kenaikan-skala4-planted")),
        [
            // 2023's mean of three quarters: (3,44 + 3,39 + 3,46 + 3,51) / 4 =
            // 3,45 (the 2022 column beside it is not 2023's).
            "average-mismatch H8 3.43 3.45",
            // 3,53 is Baik (3,0644 – 3,532).
            "category-mismatch J9 Sangat Baik Baik",
        ]
    );
    assert_eq!(
        said(&report(
            "t9-ponorogo-dlh-kke-resume-kode-mandiri-evaluator-planted"
        )),
        [
            // =SUM(F11:F12) leaves out Pemanfaatan: 12,60 + 11,25.
            "sum-range F10 12.6 23.85",
            // The evaluator's 4,83 for a bobot of 4,50.
            "over-limit G16 4.83 ",
            // 72,71 lies in (70; 80]: BB.
            "category-mismatch G23 A BB",
        ]
    );
    assert_eq!(
        said(&report(
            "t10-kejari-tanahdatar-lapkin-tw4-beban-selesai-planted"
        )),
        [
            // Target over realisasi: 87,50 / 80 × 100 = 109,38.
            "percent-mismatch H8 91.43 109.38",
            // Left from TW III: 6 settled of 8 = 75,00.
            "percent-mismatch G9 80.00 75.00",
            // =SUM(H18:H21) leaves out H22 (1.236.875.000).
            "sum-range H23 5855891850 7092766850",
        ]
    );
}

/// The fifth field round (`gen_x.py`, `gen_y.py`, `gen_z.py`): a Badan's
/// Renja with bidang headings and a Kecamatan's with two urusan (each `=D7`
/// over its OPD); a Puskesmas's SIPD realisation up to September with its AKAS;
/// a pagu recap headed "Pagu APBD 2026" beside the sumber dana of each OPD; an
/// anggaran kas per sub kegiatan by month; an SKM whose unsur are named, over
/// two semesters; a unit's SKM page; an IKL of two years side by side; a
/// kejaksaan's IKU, RO and anggaran with its sisa.
#[test]
fn clean_siblings_of_the_fifth_round_are_read_and_silent() {
    for (name, read) in [
        (
            "x1-tangsel-bappeda-renja-tw3-bidang-headings",
            vec!["evaluasi-renja Realisasi TW I-IV 2024!A1:K37"],
        ),
        (
            "x2-tangsel-kecamatan-renja-tw4-two-urusan-numeric",
            vec!["evaluasi-renja TW IV!A2:L31"],
        ),
        (
            "y1-sumenep-pkm-realisasi-sd-september-akas",
            vec!["realisasi-belanja UPT PKM LENTENG!A6:N45"],
        ),
        (
            "y2-buru-like-pagu-skpd-nongaji-sumberdana-long",
            vec![
                "pagu-opd PAGU PER OPD!A1:F10",
                "sumber-dana-opd SUMBER DANA PER OPD!A1:D14",
            ],
        ),
        (
            "y3-pupr-akas-subkeg-months-rp-text",
            vec!["anggaran-kas-bulanan AKAS 2025!A4:R11"],
        ),
        (
            "z2-dpmptsp-skm-page-years-unsur-layanan",
            vec![
                "ikm-layanan IKM 2024!A4:C9",
                "ikm-unsur IKM 2024!A12:D22",
                "ikm-layanan IKM 2024!A26:E30",
            ],
        ),
        (
            "z3-minerba-like-ikl-2years-rata-kategori",
            vec![
                "ikm-layanan IKL 2022-2023!A3:N10",
                "kategori-nilai IKL 2022-2023!A14:B18",
            ],
        ),
        (
            "z4-kejari-sijunjung-lapkin-tw4-iku-ro-anggaran-text",
            vec![
                "capaian-kinerja LAPKIN TW IV 2023!A4:F8",
                "capaian-output LAPKIN TW IV 2023!A12:F17",
                "anggaran-kegiatan LAPKIN TW IV 2023!A20:F24",
            ],
        ),
    ] {
        let r = report(name);
        assert_eq!(tables(&r), read, "{name}");
        assert_eq!(said(&r), Vec::<String>::new(), "{name}");
    }
    // The NRR tertimbang weighted 0,111 where 1/9 gives more: information, per sheet.
    let z1 = report("z1-kulonprogo-pkm-skm-resp-rows-unsur-names-2sem");
    assert_eq!(
        tables(&z1),
        [
            "skm-rekap SEMESTER I!A4:J27",
            "skm-rekap SEMESTER II!A4:J28"
        ]
    );
    assert_eq!(
        said(&z1),
        ["rounding B23 0.36297 ", "rounding B24 0.36075 "]
    );
    // Not read yet, said as it is: a Jabar RKPD rumusan with its pagu per
    // sumber dana and prakiraan maju (only its numbering row is held), and a
    // KKE detail with komponen, sub komponen and kriteria in one column.
    for name in [
        "x3-jabar-rkpd-rumusan-sumberdana-prakiraan-maju",
        "z5-kke88-lke-detail-yt-ae-resume",
    ] {
        let r = report(name);
        assert!(tables(&r).is_empty(), "{name}");
        assert!(
            said(&r).iter().all(|s| s.starts_with("no-table")),
            "{name}: {:?}",
            said(&r)
        );
    }
}

#[test]
fn siblings_of_the_fifth_round_find_their_planted_mistakes() {
    let expect: &[(&str, &[&str])] = &[
        (
            "x1-tangsel-bappeda-renja-tw3-bidang-headings-planted",
            &[
                // Administrasi Umum's TW I without Rapat Koordinasi: 14.862.500 + 6.720.000 + 27.640.000.
                "sum-mismatch D16 21582500 49222500",
                // Penyusunan Perencanaan's TW III left at TW II's: 9.450.000 + 84.305.000.
                "sum-mismatch H25 354200000 93755000",
                // Litbang's TW II with two digits swapped: 68.420.000 + 57.380.000.
                "sum-mismatch F33 128500000 125800000",
            ],
        ),
        (
            "x2-tangsel-kecamatan-renja-tw4-two-urusan-numeric-planted",
            &[
                // =SUM(J13:J14) leaves out J15 (22.385.000).
                "sum-range J12 21633250 44018250",
                // TW IV left at TW III's: 19.245.000 + 14.960.000.
                "sum-mismatch J20 21200000 34205000",
                // The JUMLAH's TW I typed for the first urusan only: + 42.350.000.
                "sum-mismatch D31 2080685668 2123035668",
            ],
        ),
        (
            "x3-jabar-rkpd-rumusan-sumberdana-prakiraan-maju-planted",
            // Only its numbering row: (9) = 5+6+7+8 = 150.000.000 + 675.000.000 + 125.000.000.
            &["no-table A1  ", "sum-mismatch I16 825000000 950000000"],
        ),
        (
            "y1-sumenep-pkm-realisasi-sd-september-akas-planted",
            &[
                // Tunjangan Keluarga's realisasi with two digits swapped: read
                // back, the rekening above it (typed, right) adds up; its total K18 follows it.
                "sum-mismatch G18 109814526 109841526",
                "sum-mismatch K18 109814526 109841526",
                // The kegiatan's anggaran operasi without its second sub kegiatan: 8.750.000 + 19.980.000.
                "sum-mismatch F21 8750000 28730000",
                "sum-mismatch J21 8750000 28730000",
                "over-limit K21 19302800 ",
                // =K41/J41 over the anggaran, not the AKAS: 269.717.300 / 273.075.000.
                "percent-mismatch N41 74.49 98.77",
            ],
        ),
        (
            "y2-buru-like-pagu-skpd-nongaji-sumberdana-long-planted",
            &[
                // Perikanan's DAU typed 9.482.760.150 for 9.487.260.150 on the
                // sumber dana sheet: the pagu recap, right, is held to it.
                "cross-table-mismatch C4 11634060150 11629560150",
                // DLH's pagu without one sumber dana: 7.915.384.600 + 1.284.500.000 + 650.000.000.
                "cross-table-mismatch C5 9199884600 9849884600",
                // =SUM(F3:F8) leaves out F9 (8.400.000).
                "sum-range F10 225890000 234290000",
            ],
        ),
        (
            "y3-pupr-akas-subkeg-months-rp-text-planted",
            &[
                // The Jumlah without Desember (2.100.000), and the JUMLAH row's with it.
                "sum-mismatch P8 51500000 53600000",
                "sum-mismatch P11 1722000000 1724100000",
            ],
        ),
        (
            "z1-kulonprogo-pkm-skm-resp-rows-unsur-names-2sem-planted",
            &[
                // NRR Biaya/Tarif over 14 of 15 respondents: 56 / 15 = 3,73.
                "average-mismatch E22 4.00 3.73",
                "rounding B23 0.36297 ",
                "rounding B24 0.36075 ",
                // Semester II's konversi left from Semester I: 3,2537 × 25 = 81,34 (B).
                "index-mismatch B27 81.39 81.34",
                "category-mismatch B28 A (Sangat Baik) B (Baik)",
            ],
        ),
        (
            "z2-dpmptsp-skm-page-years-unsur-layanan-planted",
            &[
                "category-mismatch C8 C (Kurang Baik) B (Baik)",
                // The IKM of eight unsur of nine: 31,29 / 9 × 25 = 86,92.
                "average-mismatch D22 87.16 86.92",
                // 88,30 is B (76,61 – 88,30).
                "category-mismatch E27 A (Sangat Baik) B (Baik)",
            ],
        ),
        (
            "z3-minerba-like-ikl-2years-rata-kategori-planted",
            &[
                // 2022's mean of three quarters: (3,47 + 3,50 + 3,52 + 3,55) / 4 = 3,51.
                "average-mismatch G8 3.50 3.51",
                // 3,51 is Baik.
                "category-mismatch N9 Sangat Baik Baik",
                // 2023's overall mean over four layanan of five: (3,60 + 3,57 + 3,60 + 3,55 + 3,51) / 5.
                "average-mismatch M10 3.58 3.57",
            ],
        ),
        (
            "z4-kejari-sijunjung-lapkin-tw4-iku-ro-anggaran-text-planted",
            &[
                // Target over realisasi: 66,67 / 75 × 100.
                "percent-mismatch F6 112.49 88.89",
                // 125 / 145 × 100.
                "percent-mismatch F15 89.29 86.21",
                // The sisa with two digits swapped: 1.128.500.000 − 1.046.873.200.
                "sum-mismatch F22 81266800 81626800",
            ],
        ),
    ];
    for (name, findings) in expect {
        assert_eq!(said(&report(name)), *findings, "{name}");
    }
}
