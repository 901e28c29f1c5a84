//! Real workbooks of other agencies (`fixtures/real-world/`, copied byte for byte
//! from their public sources; `fixtures/real-world/README.md` names each one).
//! Nobody here wrote them, so they test what a layout nobody here has seen does.
//!
//! For each workbook the tests write down the tables a person would call tables
//! (sheet, range, kind): each is either read with its columns right, or listed
//! as not understood with the nearest rule and what it lacks. Every finding is
//! asserted with the recomputation that proves it; where a workbook is right, a
//! twin with one figure changed in memory proves the check would have seen it.

use crate::common::{codes, fixture};
use rust_decimal::Decimal;
use selaras::{FileReport, Override, Rules, Workbook};

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
    // An unsur typed 4,31: above the NRR's 4; and the 2023 IKM above is no
    // longer the mean of the unsur (the IKM's table repeats it).
    let t = twin(BANTUL, "SKM 2023", 11, 2, Override::Number(dec("4.31")));
    assert_eq!(
        codes(&t.findings),
        ["index-mismatch SKM 2023!B4", "out-of-range SKM 2023!C12"]
    );
}

#[test]
fn bantul_ikm_of_the_year_is_the_mean_of_that_years_unsur() {
    // The unsur table is captioned "… 2023": the IKM per year's 2023 row (87,28)
    // is (3,31 + 3,35 + 3,49 + 3,93 + 3,45 + 3,39 + 3,39 + 3,76 + 3,35) / 9 × 25
    // = 31,42 / 9 × 25 = 87,277… = 87,28. The years before have no unsur here.
    let r = report(BANTUL);
    assert!(r.findings.is_empty());
    // The 2023 IKM typed 87,82 (two digits swapped).
    let t = twin(BANTUL, "SKM 2023", 3, 1, Override::Number(dec("87.82")));
    assert_eq!(codes(&t.findings), ["index-mismatch SKM 2023!B4"]);
    assert_eq!(t.findings[0].expected_text().as_deref(), Some("87.28"));
    // Biaya/tarif typed 3,39 for 3,93 (within 1–4): only the IKM shows it,
    // (31,42 − 0,54) / 9 × 25 = 85,78.
    let t = twin(BANTUL, "SKM 2023", 14, 2, Override::Number(dec("3.39")));
    assert_eq!(codes(&t.findings), ["index-mismatch SKM 2023!B4"]);
    assert_eq!(t.findings[0].expected_text().as_deref(), Some("85.78"));
    // The 2022 IKM changed: no unsur of 2022 is given, nothing to hold it to.
    let t = twin(BANTUL, "SKM 2023", 4, 1, Override::Number(dec("86.87")));
    assert!(t.findings.is_empty());
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
        (f.found_text().as_deref(), f.expected_text().as_deref()),
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
    assert_eq!(t.findings[0].expected_text().as_deref(), Some("0.44"));
    // ... typed 4,44, ten times 0,444…: said as a decimal point moved.
    let t = twin(TUBABA, s, 8, 9, Override::Number(dec("4.44")));
    assert_eq!(codes(&t.findings), [format!("weight-mismatch {s}!J9")]);
    let said = t.findings[0].message.render(selaras::Lang::english());
    assert!(said.contains("it is 10 times that"), "{said}");
    // The IKM typed 99,90: what 9 × 4,00 × 0,111 × 25 gives, not 1/9: a rounding
    // warning naming the written weight.
    let t = twin(TUBABA, s, 9, 1, Override::Number(dec("99.90")));
    assert_eq!(codes(&t.findings), [format!("rounding {s}!B10")]);
    // The IKM typed 90: an error.
    let t = twin(TUBABA, s, 9, 1, Override::Number(dec("90")));
    assert_eq!(codes(&t.findings), [format!("index-mismatch {s}!B10")]);
    assert_eq!(t.findings[0].expected_text().as_deref(), Some("100.00"));
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

// --- Kota Tangerang Selatan: Renja evaluation, Realisasi TW I–IV 2023 ---
// Permendagri 86/2017, columns 2, 3, 7–10 (K and Rp per triwulan) and 14; no
// kode: the programs are named "PROGRAM …", the kegiatan and sub kegiatan by
// name alone, the unit's row above them all.

const DAMKAR: &str = "tangsel-damkar-realisasi-renja-tw1-2-2023.xlsx";
const CAPIL: &str = "tangsel-disdukcapil-realisasi-renja-tw1-2-2023.xlsx";
const INSPEKTORAT: &str = "tangsel-inspektorat-realisasi-renja-tw1-2-2023.xlsx";
const RENJA: &str = "Realisasi TW I-IV 2023";

#[test]
fn tangsel_renja_four_row_header_is_read_with_k_and_rp_per_triwulan() {
    // Group row, I … IV, the form's numbers 7 … 10, then "2 3 K Rp K Rp … 14".
    for (name, range) in [
        (DAMKAR, "A1:K42"),
        (CAPIL, "A1:K59"),
        (INSPEKTORAT, "A1:K59"),
    ] {
        let r = report(name);
        assert_eq!(
            tables(&r),
            [format!("evaluasi-renja {RENJA}!{range}")],
            "{name}"
        );
        let b = book(name);
        let t = &selaras::read_tables(&b, &rules()).0[0];
        let rp: Vec<String> = (0..4).map(|i| t.member_header(4, i)).collect();
        assert_eq!(rp, ["I Rp 2023", "II Rp 2023", "III Rp 2023", "IV Rp 2023"]);
        assert_eq!(t.rows[0].row, 4, "{name}: the first row after the header");
    }
}

#[test]
fn tangsel_inspektorat_adds_up_at_every_level_and_a_changed_figure_is_found() {
    // The unit (7.023.180.935 in TW I) = its three programs 6.984.266.135 +
    // 38.914.800 + 0; the first program = its kegiatan 0 + 6.095.341.845 + 0 +
    // 251.565.000 + 106.016.400 + 414.677.890 + 116.665.000; each kegiatan = its
    // sub kegiatan (Administrasi Keuangan 6.095.341.845 = Penyediaan Gaji
    // 6.095.341.845), in TW I and TW II alike.
    let r = report(INSPEKTORAT);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    // Penyediaan Gaji dan Tunjangan ASN (D19) typed 6.095.341.854: its kegiatan
    // no longer adds up, and no other choice of kegiatan explains the program.
    let t = twin(
        INSPEKTORAT,
        RENJA,
        18,
        3,
        Override::Text("6.095.341.854".into()),
    );
    let found = codes(&t.findings);
    assert!(
        found.contains(&format!("sum-mismatch {RENJA}!D18")),
        "{found:?}"
    );
}

#[test]
fn tangsel_inspektorat_program_whose_kegiatan_its_figures_do_not_tell_is_said_so() {
    // PROGRAM PERUMUSAN KEBIJAKAN (row 53, TW II 1.300.000) over rows 54–59,
    // where only 56 and 59 state 1.300.000 and the rest nil: 54 and 56 as its
    // kegiatan add up (56 = 57 + 58 + 59), and so do 54, 55 and 56, or 54, 56
    // and 57 … (a nil row is a kegiatan of nil or a sub kegiatan alike). The
    // figures do not tell, so `selaras tables` says so rather than pick one, and
    // its kegiatan's sums are not held (no finding).
    // (Which rows the reading leaves undecided: the unit test in
    // src/checks/hierarchy.rs of the same name.)
    let o = crate::common::selaras(&[
        "tables",
        "--lang",
        "en",
        path(INSPEKTORAT).to_str().unwrap(),
    ]);
    let shown = crate::common::stdout(&o);
    assert!(
        shown.contains("a program whose kegiatan among rows 54–59 its figures do not tell"),
        "{shown}"
    );
    // A program whose figures are all nil (Disdukcapil's row 57, "-" throughout)
    // has nothing to tell: nothing is said of it.
    let o = crate::common::selaras(&["tables", "--lang", "en", path(CAPIL).to_str().unwrap()]);
    assert!(!crate::common::stdout(&o).contains("do not tell"));
}

#[test]
fn tangsel_damkar_kegiatan_that_their_sub_kegiatan_do_not_add_up_to() {
    // The unit's 11.465.905.688 = the programs' 8.526.244.688 + 2.939.661.000,
    // and program 1 = its kegiatan 210.781.800 + 4.516.718.375 + 562.489.950 + 0
    // + 2.932.974.563 + 303.280.000 (TW II: 149.033.000 + 7.657.406.470 +
    // 708.745.550 + 338.100.000 + 5.921.213.593 + 497.260.000 = 15.271.758.613):
    // no other choice of rows adds up to the program in both triwulan. Under that
    // reading, five kegiatan state more than the sub kegiatan listed under them
    // (the published table lists fewer sub kegiatan than it budgets).
    let r = report(DAMKAR);
    assert_eq!(
        codes(&r.findings),
        [
            // 116.475.000 + 34.140.000 = 150.615.000, not 210.781.800
            format!("sum-mismatch {RENJA}!D8"),
            // 58.403.000 + 11.405.000 + 5.400.000 + 15.035.000 + 2.700.000 = 92.943.000
            format!("sum-mismatch {RENJA}!F8"),
            // 1.536.584.841 + 1.460.000 = 1.538.044.841, not 4.516.718.375
            format!("sum-mismatch {RENJA}!D16"),
            format!("sum-mismatch {RENJA}!F16"),
            // TW I: no sub kegiatan states a figure; TW II 473.733.084
            format!("sum-mismatch {RENJA}!F19"),
            // 169.369.186 + 608.963.415 = 778.332.601, not 5.921.213.593
            format!("sum-mismatch {RENJA}!F26"),
            // 15.330.000, not 303.280.000; TW II 99.080.000 + 38.016.000
            format!("sum-mismatch {RENJA}!D29"),
            format!("sum-mismatch {RENJA}!F29"),
        ]
    );
    let expected: Vec<_> = r.findings.iter().map(|f| f.expected_text()).collect();
    let expected: Vec<Option<&str>> = expected.iter().map(Option::as_deref).collect();
    assert_eq!(
        expected,
        [
            Some("150615000"),
            Some("92943000"),
            Some("1538044841"),
            Some("3776664612"),
            Some("473733084"),
            Some("778332601"),
            Some("15330000"),
            Some("137096000"),
        ]
    );
    // The kegiatan whose one sub kegiatan states the same (Pengadaan BMD,
    // 338.100.000) and the second program's kegiatan all agree.
    assert!(!codes(&r.findings).iter().any(|c| c.ends_with("!F24")));
}

#[test]
fn tangsel_disdukcapil_ref_error_is_unreadable_and_the_rest_adds_up() {
    // The PDF prints #REF! for one K of TW II (row 57): not a figure.
    let r = report(CAPIL);
    assert_eq!(
        codes(&r.findings),
        [format!("unreadable-number {RENJA}!E57")]
    );
}

// --- What is not read yet: each region said, with the nearest rule ---

/// `sheet!range nearest-rule missing…` of each region not understood.
fn not_understood(r: &FileReport) -> Vec<String> {
    r.not_understood
        .iter()
        .map(|u| {
            let near = u
                .nearest
                .as_ref()
                .map(|n| format!("{} lacks {}", n.rule_id, n.missing_keys.join(",")))
                .unwrap_or_else(|| "no rule near".into());
            format!("{}!{} {near}", u.sheet, u.range())
        })
        .collect()
}

// --- Kab. Buru, BPKAD: the APBD 2026 recaps of its own SIPD tooling ---
// Pagu per sub kegiatan and sumber dana (2 625 rows), its recap per OPD and
// sumber dana, the pagu per OPD with its gaji ASN + TPP, and the salary
// components of the PNS and the PPPK per OPD.

const BURU: &str = "buru-bpkad-cek-sumber-dana-2026.xlsx";
const BURU_PAGU: &str = "buru-bpkad-pagu-per-opd-2026.xlsx";

/// Each row of `recap` (its key columns' names, its figure column) against the
/// sum of `detail`'s figure column over the rows of the same names, read with
/// calamine, not with selaras: the rows where the two differ.
fn recap_differs(
    recap: (&str, &[usize], usize),
    details: &[(&str, &[usize], std::ops::Range<usize>)],
) -> Vec<String> {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(path(BURU)).expect("opens");
    let key = |row: &[Data], cols: &[usize]| -> Vec<String> {
        cols.iter()
            .map(|c| {
                row.get(*c)
                    .map(|d| d.to_string().trim().to_lowercase())
                    .unwrap_or_default()
            })
            .collect()
    };
    let num = |d: Option<&Data>| -> Decimal {
        match d {
            Some(Data::Int(i)) => Decimal::from(*i),
            Some(Data::Float(f)) => Decimal::try_from(*f).expect("finite"),
            _ => Decimal::ZERO,
        }
    };
    let mut sums: std::collections::HashMap<Vec<String>, Decimal> = Default::default();
    for (sheet, cols, figures) in details {
        let range = wb.worksheet_range(sheet).expect("sheet");
        for row in range.rows().skip(1) {
            let v: Decimal = figures.clone().map(|c| num(row.get(c))).sum();
            *sums.entry(key(row, cols)).or_default() += v;
        }
    }
    let (sheet, cols, col) = recap;
    let range = wb.worksheet_range(sheet).expect("sheet");
    range
        .rows()
        .skip(1)
        .filter(|row| !matches!(row.get(col), None | Some(Data::Empty)))
        .filter(|row| {
            let want = sums.get(&key(row, cols)).copied().unwrap_or_default();
            // Compared as Excel shows a General number: 15 significant digits.
            (num(row.get(col)) - want).abs() >= Decimal::new(1, 4)
        })
        .map(|row| key(row, cols).join(" / "))
        .collect()
}

#[test]
fn buru_recaps_are_read_and_each_adds_up_its_detail() {
    let r = report(BURU);
    assert_eq!(
        tables(&r),
        [
            "sumber-dana-subkegiatan SUMBER DANA PER SUBKEGIATAN!A1:J2626",
            "sumber-dana-opd SUMBER DANA PER OPD!A1:D178",
            "pagu-opd PAGU PER OPD!A1:C67",
            "gaji-opd GAJI PNS PER OPD!A1:Q44",
            "gaji-opd GAJI P3K PER OPD!A1:L44",
        ]
    );
    assert!(r.not_understood.is_empty());
    // Nothing is wrong: each of the 177 rows per OPD and sumber dana is the sum
    // of its sub kegiatan (by the names: Puskesmas Ilath's kapitasi JKN is under
    // two kode, 2.3.03.02.001.00001 and 1.1.04.18, and one row); each OPD's
    // pagu the sum of its sumber dana (Puskesmas Lolong Guba's 1930181775.9999998
    // is what the tool wrote for 1.930.181.776, as Excel shows it); each gaji
    // ASN + TPP the sum of the 16 PNS and 11 PPPK components.
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    assert_eq!(
        (r.recomputed.figures, r.recomputed.agree),
        (286, 286),
        "177 per sumber dana, 66 pagu and 43 gaji recomputed"
    );
    assert_eq!(
        recap_differs(
            ("SUMBER DANA PER OPD", &[0, 2], 3),
            &[("SUMBER DANA PER SUBKEGIATAN", &[6, 3], 5..6)]
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        recap_differs(
            ("PAGU PER OPD", &[0], 1),
            &[("SUMBER DANA PER OPD", &[0], 3..4)]
        ),
        Vec::<String>::new()
    );
    assert_eq!(
        recap_differs(
            ("PAGU PER OPD", &[0], 2),
            &[
                ("GAJI PNS PER OPD", &[0], 1..17),
                ("GAJI P3K PER OPD", &[0], 1..12)
            ]
        ),
        Vec::<String>::new()
    );
    // A sub kegiatan's pagu changed (Kesbangpol's 43.140.000, row 2624, to
    // 43.410.000): its OPD and sumber dana row no longer adds up, and says the
    // sum of its 15 sub kegiatan: 4.565.609.861 + 270.000.
    let t = twin(
        BURU,
        "SUMBER DANA PER SUBKEGIATAN",
        2623,
        5,
        Override::Number(dec("43410000")),
    );
    assert_eq!(
        codes(&t.findings),
        ["cross-table-mismatch SUMBER DANA PER OPD!D177"]
    );
    assert_eq!(t.findings[0].expected_text().as_deref(), Some("4565879861"));
    assert_eq!(t.findings[0].inputs.len(), 15);
    // One salary component changed (Kesbangpol's gaji pokok PNS, B44): its gaji
    // ASN + TPP in the pagu per OPD.
    let t = twin(
        BURU,
        "GAJI PNS PER OPD",
        43,
        1,
        Override::Number(dec("1261527700")),
    );
    assert_eq!(
        codes(&t.findings),
        ["cross-table-mismatch PAGU PER OPD!C67"]
    );
    assert_eq!(t.findings[0].expected_text().as_deref(), Some("1737431701"));
}

#[test]
fn buru_pagu_per_opd_alone_is_read_without_its_detail() {
    // The recap alone: read (its columns, 66 OPD), held to nothing it does not
    // hold (no sumber dana or gaji tables here), its JUMLAH a SUM formula the
    // formula audit reads (tests/suite/formula_audit.rs).
    let r = report(BURU_PAGU);
    assert_eq!(tables(&r), ["pagu-opd PAGU PER OPD!A1:D68"]);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
    // Gaji ASN + TPP is part of the pagu: the Dinas Perumahan's typed with a
    // digit too many (25.422.139.880 for 2.542.213.988) is more than its whole
    // pagu of 6.384.223.333.
    let t = twin(
        BURU_PAGU,
        "PAGU PER OPD",
        19,
        2,
        Override::Number(dec("25422139880")),
    );
    assert_eq!(codes(&t.findings), ["over-limit PAGU PER OPD!C20"]);
}

// --- Kab. Sumenep, Dinas Kesehatan: SIPD realisation export, s.d. Juni 2026 ---
// Kode over four columns (urusan, organisasi, program … sub kegiatan,
// rekening), belanja operasi and modal, their totals (=F+H, =G+I), % (=K/J),
// pagu AKAS and % AKAS; one sheet for the Dinas and one per bidang.

const SIPD: &str = "sumenep-dinkes-realisasi-belanja-2026-sd-juni.xlsx";

#[test]
fn sipd_export_sheets_are_read_with_their_kode_columns() {
    let r = report(SIPD);
    let sheets = [
        "DINKES INDUK",
        "SEKRETARIAT",
        "YANKES",
        "SDK",
        "KESMAS",
        "P2P",
        "KB",
    ];
    let expect: Vec<String> = sheets
        .iter()
        .map(|s| format!("realisasi-belanja {s}!A6:N1056"))
        .collect();
    assert_eq!(tables(&r), expect);
    assert!(r.not_understood.is_empty());
}

#[test]
fn sipd_export_adds_up_by_kode_and_a_changed_rekening_is_found() {
    // Exported by SIPD, every row adds up: each kode = the rows right under it
    // (1.02.01.2.01.0001 Penyusunan Dokumen Perencanaan 22.696.700 = rekening
    // 5.1.02 22.696.700 = 5.1.02.01 6.250.700 + 5.1.02.04 16.446.000, and so up to
    // the urusan's 270.412.308.791), total = operasi + modal, % = realisasi /
    // anggaran (0 decimals, as the sheet shows it).
    // What is wrong, on every sheet (each bidang's sheet repeats the Dinas's
    // first rows):
    // - % AKAS N27:N33 hold =K27/M27 … =K33/M33 with no pagu AKAS in M: they
    //   show #DIV/0! (rows 34 on wrap it in IFERROR). One formula-error warning
    //   at N27 says the run; the table's reading of the cells is not said again.
    // - Pagu AKAS s.d. Juni typed on rekening rows of 1.02.01.2.01.0003, above
    //   the row's anggaran (J = F + H): M35 3.179.600 > 3.104.300, M37
    //   5.457.600 > 3.104.300, M38 4.273.900 > 1.048.700, M39 41.040.600 >
    //   1.904.400 (the AKAS of sub kegiatan further down, pasted too high:
    //   3.179.600 is row 41's, 5.457.600 row 55's). M36 (0) and M40 (empty) are
    //   not above theirs.
    let r = report(SIPD);
    let sheets = [
        "DINKES INDUK",
        "SEKRETARIAT",
        "YANKES",
        "SDK",
        "KESMAS",
        "P2P",
        "KB",
    ];
    // - On the Dinas's sheet, the grand totals under the table,
    //   =SUBTOTAL(9,F15:F1053) and the like in F, G, J and K, add the rows the
    //   sheet's filter shows: every sub kegiatan and every rekening under it
    //   (the filter hid only the 38 rows above the sub kegiatan). F1056 is
    //   1.364.766.314.810, five times the 272.953.262.962 its 82 sub kegiatan
    //   give (the table's own JUMLAH row, F1054). On the bidang sheets the
    //   filter shows one level, and their SUBTOTALs are right.
    // Each is said once, at the Dinas's sheet, with the six bidang sheets that
    // repeat the row listed (`also`): 9 findings, not 39.
    let mut expected: Vec<String> = std::iter::once("formula-error DINKES INDUK!N27".to_string())
        .chain([35, 37, 38, 39].map(|row| format!("over-limit DINKES INDUK!M{row}")))
        .chain(["F", "G", "J", "K"].map(|c| format!("sum-range DINKES INDUK!{c}1056")))
        .collect();
    let mut got = codes(&r.findings);
    got.sort();
    expected.sort();
    assert_eq!(got, expected);
    for f in r.findings.iter().filter(|f| f.code.as_str() != "sum-range") {
        let also: Vec<String> = f.also.iter().map(|a| a.to_string()).collect();
        let want: Vec<String> = sheets[1..]
            .iter()
            .map(|s| format!("'{s}'!{}", f.at.a1()))
            .collect();
        assert_eq!(also, want, "{}", f.at);
    }
    // Recomputed from the cells: each over-limit's M is above its J, each
    // other M of the sheet is not.
    let book = selaras::open(
        &fixture(&format!("real-world/{SIPD}")),
        &selaras::Rules::built_in().unwrap(),
        false,
    )
    .unwrap();
    for sheet in &book.sheets {
        let number = |row: u32, col: u32| match sheet.raw(row, col) {
            selaras::Raw::Number { value, .. } => Some(value),
            _ => None,
        };
        // (J: the row's total anggaran as saved, = F + H; a row with no M is
        // not held to it, the SUBTOTAL row under the table included.)
        let above: Vec<u32> = (9..1056)
            .filter(|&row| number(row, 12).is_some_and(|m| Some(m) > number(row, 9)))
            .map(|row| row + 1)
            .collect();
        assert_eq!(above, [35, 37, 38, 39], "{}", sheet.name);
    }
    let f1056 = r
        .findings
        .iter()
        .find(|f| f.code.as_str() == "sum-range" && f.at.a1() == "F1056")
        .unwrap();
    assert_eq!(f1056.found_text().as_deref(), Some("1364766314810"));
    assert_eq!(f1056.expected_text().as_deref(), Some("272953262962"));
    let jumlah = book.sheets[0].raw(1053, 5);
    assert!(
        matches!(jumlah, selaras::Raw::Number { value, .. } if value == dec("272953262962")),
        "the JUMLAH row states what the sub kegiatan give"
    );
    let n27 = r
        .findings
        .iter()
        .find(|f| f.code.as_str() == "formula-error")
        .unwrap();
    assert_eq!(
        n27.message.english(),
        "=K27/M27 shows #DIV/0!: it divides by M27, which is empty; so do its 6 copies below it, down to N33"
    );
    let without = |t: &FileReport| -> Vec<String> {
        codes(&t.findings)
            .into_iter()
            .filter(|c| {
                // (The twin is read without its formulas: the #DIV/0! cells are
                // unreadable figures there.)
                ![
                    "formula-error",
                    "over-limit",
                    "unreadable-number",
                    "sum-range",
                ]
                .iter()
                .any(|code| c.starts_with(code))
            })
            .collect()
    };
    // 'SEKRETARIAT'!F19 (Alat Tulis Kantor, 1.141.600) typed 1.141.700: the
    // rekening 5.1.02.01.001 above it (F18) no longer adds up, nor does its own
    // total J19 (= F19 + H19); each is 100 off, and F19 is the one figure both
    // add: said once, at F19, with the figure both agree on.
    let t = twin(SIPD, "SEKRETARIAT", 18, 5, Override::Number(dec("1141700")));
    assert_eq!(without(&t), ["sum-mismatch SEKRETARIAT!F19"]);
    let f = t
        .findings
        .iter()
        .find(|f| f.code.as_str() == "sum-mismatch");
    assert_eq!(
        f.and_then(|f| f.expected_text()).as_deref(),
        Some("1141600")
    );
    // Its total anggaran J19 typed 1.141.601: J = F + H no longer holds (J19
    // is 1 over its parts); the rekening above it (J18) is then 1 short of its
    // rows, which J19's own mistake explains: said once, at J19.
    let t = twin(SIPD, "SEKRETARIAT", 18, 9, Override::Number(dec("1141601")));
    assert_eq!(without(&t), ["sum-mismatch SEKRETARIAT!J19"]);
}

// --- Dinas Kesehatan Sumenep: anggaran kas (RAK) 2025 of five sub kegiatan ---

const RAK: &str = "sumenep-dinkes-anggaran-kas-kesling-2025.xlsx";

#[test]
fn rak_every_sheet_is_read_and_every_triwulan_is_its_months() {
    let r = report(RAK);
    assert_eq!(
        tables(&r),
        [
            "anggaran-kas kesling!A3:AJ13",
            "anggaran-kas kab sehat!A3:AJ12",
            "anggaran-kas kesjaor!A3:AJ8",
            "anggaran-kas TPM!A3:AJ9",
            "anggaran-kas makjan!A3:AJ6",
        ]
    );
    assert!(not_understood(&r).is_empty(), "{:?}", not_understood(&r));
    // Recomputed here from the cells themselves: on every rekening row of every
    // sheet, each triwulan (X, AB, AF, AJ) is its three months and the four
    // triwulan are the nilai rincian (S). The export is right: no finding.
    let b = book(RAK);
    let mut rows = 0;
    for s in &b.sheets {
        let last = s.end().map_or(0, |(r, _)| r);
        for row in 4..=last {
            let kode = s.text(row, 16);
            if !kode.starts_with("5.") {
                continue;
            }
            rows += 1;
            let n = |c: u32| -> Decimal {
                match s.raw(row, c) {
                    selaras::Raw::Number { value, .. } => value,
                    _ => Decimal::ZERO,
                }
            };
            let mut year = Decimal::ZERO;
            for (tw, months) in [(23, 20), (27, 24), (31, 28), (35, 32)] {
                assert_eq!(
                    n(tw),
                    n(months) + n(months + 1) + n(months + 2),
                    "{}!{row}",
                    s.name
                );
                year += n(tw);
            }
            assert_eq!(n(18), year, "{}!{row}", s.name);
        }
    }
    // Every rekening row of the five sheets, as `selaras tables` lists them.
    assert_eq!(rows, 21);
    assert_eq!(codes(&r.findings), Vec::<String>::new());
}

#[test]
fn rak_a_month_or_a_rincian_typed_wrong_is_found() {
    // 'kesling'!AA11 (Perjalanan Dinas Biasa, June 11.946.000) typed 11.964.000:
    // TW2 (AB11 = Y11 + Z11 + AA11) no longer adds up.
    let t = twin(RAK, "kesling", 10, 26, Override::Number(dec("11964000")));
    assert_eq!(codes(&t.findings), ["sum-mismatch kesling!AB11"]);
    let f = &t.findings[0];
    assert_eq!(f.expected_text().as_deref(), Some("27206000"));
    // Its nilai rincian S11 typed 43.159.000: the plan's four triwulan
    // (0 + 27.188.000 + 0 + 16.007.000 = 43.195.000) no longer spend it.
    let t = twin(RAK, "kesling", 10, 18, Override::Number(dec("43159000")));
    assert_eq!(codes(&t.findings), ["sum-mismatch kesling!S11"]);
    assert_eq!(t.findings[0].expected_text().as_deref(), Some("43195000"));
}

// --- Kejaksaan Negeri Pesisir Selatan: Laporan Kinerja TW IV 2022, p. 37 ---

const KEJARI: &str = "kejari-pesisir-selatan-lapkin-tw4-2022.xlsx";

#[test]
fn kejari_output_table_is_read_and_the_sasaran_table_said_not_understood() {
    let r = report(KEJARI);
    // NO. | RINCIAN OUTPUT (RO) | TARGET SETAHUN | SATUAN | CAPAIAN OUTPUT
    // TRIWULAN IV > JUMLAH, %: 4 Unit of 4, "100 %" = 4 / 4 × 100.
    assert_eq!(tables(&r), ["capaian-output TW IV 2022!A7:F10"]);
    // SASARAN STRATEGIS | INDIKATOR KINERJA | CAPAIAN TRIWULAN IV ('-'): no
    // target or realisation to hold the capaian to (the capaian is named, by
    // its header without the quarter).
    assert_eq!(
        not_understood(&r),
        ["TW IV 2022!A1:C2 capaian-kinerja lacks target,realisasi"]
    );
    assert_eq!(codes(&r.findings), ["not-understood TW IV 2022!A1"]);
    assert_eq!(r.findings[0].severity.as_str(), "warning");
    // The % typed "90 %": 4 / 4 is 100.
    let t = twin(KEJARI, "TW IV 2022", 9, 5, Override::Text("90 %".into()));
    assert_eq!(
        codes(&t.findings),
        [
            "not-understood TW IV 2022!A1",
            "percent-mismatch TW IV 2022!F10"
        ]
    );
}

#[test]
fn tables_explain_says_why_a_region_was_not_read() {
    let path = path(KEJARI);
    let o = crate::common::selaras(&[
        "tables",
        "--explain",
        "--lang",
        "en",
        path.to_str().expect("utf-8"),
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = crate::common::stdout(&o);
    assert!(
        out.contains("Not understood: 'TW IV 2022'!A1:C2, first row 'SASARAN STRATEGIS | INDIKATOR KINERJA | CAPAIAN TRIWULAN IV'; nearest rule `capaian-kinerja`, which lacks target, realisasi"),
        "{out}"
    );
    assert!(
        out.contains("  perjanjian-kinerja     names sasaran, indikator; lacks target\n"),
        "{out}"
    );
    // --sheet keeps one sheet's tables and regions: none on a sheet not there.
    let o = crate::common::selaras(&["tables", "--sheet", "Nope", path.to_str().expect("utf-8")]);
    let out = crate::common::stdout(&o);
    assert!(!out.contains("Not understood"), "{out}");
    assert!(!out.contains("capaian-output"), "{out}");
}

// --- Variants of these families as other units type them (fixtures/variants/,
// made by its gen.py: each a clean twin and a planted copy; README.md there
// lists what was planted where) ---

#[test]
fn variants_of_the_families_give_exactly_the_planted_findings() {
    // Each planted mistake is found at its cell or, where the wrong figure is a
    // sub kegiatan or a rekening, at the kegiatan or rekening above it that no
    // longer adds up (v07 F13, v08 D7, v09 G16/K16, v10 C9/G10, v12 C18/G18,
    // v14 D7); a total that no longer equals its parts is found with it (v10
    // H18). v02's clean twin weights its unsur 0,111 as PermenPAN-RB 14/2017
    // writes it: the two NRR tertimbang that only that weight gives are one
    // information naming both, not errors. Every clean twin is otherwise silent.
    let expect: &[(&str, &[&str])] = &[
        ("v01-skm-30resp-clean.xlsx", &[]),
        (
            "v01-skm-30resp-planted.xlsx",
            &["sum-mismatch E35", "index-mismatch B38"],
        ),
        // (Its IKM row, "IKM (Jumlah NRR Tertimbang x 25)", is the IKM: 0,111
        // gives its 83,03 where 1/9 gives 83,11, said as information too.)
        (
            "v02-skm-textnum-0111-clean.xlsx",
            &["rounding D33", "rounding B34"],
        ),
        (
            "v02-skm-textnum-0111-planted.xlsx",
            &["rounding D33", "weight-mismatch G33", "rounding B34"],
        ),
        ("v03-skm-fullprec-clean.xlsx", &[]),
        ("v03-skm-fullprec-planted.xlsx", &["average-mismatch B46"]),
        ("v04-skm-u-dash-clean.xlsx", &[]),
        ("v04-skm-u-dash-planted.xlsx", &["sum-mismatch B25"]),
        ("v05-ikm-layanan-clean.xlsx", &[]),
        (
            "v05-ikm-layanan-planted.xlsx",
            &[
                "category-mismatch D5",
                "average-mismatch C11",
                "category-mismatch C17",
            ],
        ),
        ("v06-ikm-triwulan-clean.xlsx", &[]),
        (
            "v06-ikm-triwulan-planted.xlsx",
            &["out-of-range F6", "average-mismatch B16"],
        ),
        ("v07-renja-2urusan-clean.xlsx", &[]),
        (
            "v07-renja-2urusan-planted.xlsx",
            &["sum-mismatch F13", "sum-mismatch D28"],
        ),
        ("v08-renja-caps-kegiatan-clean.xlsx", &[]),
        ("v08-renja-caps-kegiatan-planted.xlsx", &["sum-mismatch D7"]),
        ("v08b-renja-jumlah-clean.xlsx", &[]),
        (
            "v08b-renja-jumlah-planted.xlsx",
            &["sum-mismatch D5", "sum-mismatch D11", "sum-mismatch F34"],
        ),
        ("v09-sipd-4col-clean.xlsx", &["percent-mismatch L49"]),
        (
            "v09-sipd-4col-planted.xlsx",
            &[
                "sum-mismatch G16",
                "sum-mismatch K16",
                "percent-mismatch L40",
                "percent-mismatch L49",
            ],
        ),
        ("v10-several-tables-one-sheet.xlsx", &["not-understood A2"]),
        ("v10-sipd-onecol-clean.xlsx", &[]),
        (
            "v10-sipd-onecol-planted.xlsx",
            // C13 typed 1.000.000 over its sub kegiatan; the program above it
            // (C9) is right by the kegiatan's true sum, so it is said once.
            // G12 typed 10.000 over C12 + E12: the kegiatan above it (G10), off
            // by as much the other way, is not said again, nor the program
            // (G9) that the kode tree reads over G10 at its rows' sum, off by
            // the same 10.000 the same way.
            &[
                "sum-mismatch G12",
                "sum-mismatch C13",
                "sum-mismatch G13",
                "sum-mismatch F18",
                "sum-mismatch H18",
            ],
        ),
        ("v11-no-table.xlsx", &["no-table A1"]),
        ("v12-sipd-onecol-rekening-clean.xlsx", &[]),
        (
            "v12-sipd-onecol-rekening-planted.xlsx",
            &["sum-mismatch C18", "sum-mismatch G18"],
        ),
        ("v13-skm-jumlahcol-merged-ikm-clean.xlsx", &[]),
        (
            "v13-skm-jumlahcol-merged-ikm-planted.xlsx",
            &["index-mismatch B37"],
        ),
        ("v14-renja-caps-standard-header-clean.xlsx", &[]),
        (
            "v14-renja-caps-standard-header-planted.xlsx",
            &["sum-mismatch D7"],
        ),
        ("v15-renja-capaian-header-clean.xlsx", &[]),
        ("v16-ikm-nrr-kategori-clean.xlsx", &[]),
        (
            "v16-ikm-nrr-kategori-planted.xlsx",
            &["category-mismatch D8", "average-mismatch C10"],
        ),
        ("v17-renja-keg-typo-clean.xlsx", &[]),
        ("v17-renja-keg-typo-planted.xlsx", &["sum-mismatch F13"]),
        // The anggaran kas: a triwulan typed over its months shows twice, as the
        // triwulan against its months and the rincian against its triwulan.
        ("v18-rak-bulan-nama-clean.xlsx", &[]),
        (
            "v18-rak-bulan-nama-planted.xlsx",
            &["sum-mismatch C8", "sum-mismatch K8", "sum-mismatch C11"],
        ),
        ("v19-rak-sipd-teks-clean.xlsx", &[]),
        ("v19-rak-sipd-teks-planted.xlsx", &["sum-mismatch M10"]),
        // NRR typed "3.520" beside "3,48": each read in the NRR's range (1–4).
        ("v20-skm-nrr-tanda-campur-clean.xlsx", &[]),
        (
            "v20-skm-nrr-tanda-campur-planted.xlsx",
            &["category-mismatch D6", "average-mismatch C13"],
        ),
        // A Kepmenpan 25/2004 recap (2013): 14 unsur weighted 0,071, said once as
        // information; the planted Σ and NRR tertimbang found, and the IKM built
        // on the NRR tertimbang not blamed for the one mistyped.
        ("v21-skm-2004-14unsur-clean.xlsx", &["rounding B33"]),
        (
            "v21-skm-2004-14unsur-planted.xlsx",
            &["sum-mismatch M31", "rounding B33", "weight-mismatch D33"],
        ),
        // Mutu by the regulation of the survey's year (below).
        ("v22-ikm-layanan-2015-clean.xlsx", &[]),
        (
            "v22-ikm-layanan-2015-planted.xlsx",
            &["category-mismatch C6", "category-mismatch C19"],
        ),
        // v23 (examples/make_kke_fixtures.rs): 30 respondents for a stated
        // population of 30 (Krejcie & Morgan ask 28), of 40 (36) and of 1.200
        // (291): an information where they fall short.
        ("v23-skm-populasi-clean.xlsx", &[]),
        ("v23-skm-populasi-planted.xlsx", &["sample-size C4"]),
        ("v23-skm-populasi-rows.xlsx", &["sample-size A3"]),
        // "Jumlah responden : 32" over the 30 rows the recap lists (30 of a
        // population of 30 is enough: only the count is said).
        ("v23-skm-populasi-hitung.xlsx", &["count-mismatch C4"]),
    ];
    let rules = rules();
    for (name, codes) in expect {
        let r = selaras::check_path(&fixture(&format!("variants/{name}")), &rules)
            .expect("the variant reads");
        let found: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{} {}", f.code, f.at.a1()))
            .collect();
        assert_eq!(found, *codes, "{name}");
    }
}

#[test]
fn ikm_mutu_follows_the_regulation_of_the_survey_year() {
    // v22 (fixtures/variants/gen_skm_year.py): a 2015 table per layanan whose
    // 85,10 is "A" (Kepmenpan 25/2004 and PermenPAN-RB 16/2014: 81,26 – 100,00;
    // PermenPAN-RB 14/2017 would say B), and an IKM per year whose 83,00 is A in
    // 2015 and B in 2018. The planted twin says "A" for 2015's 81,25 (B up to
    // 2016) and for 2018's 83,00 (B since 14/2017): each finding names the
    // regulation it judged by.
    let r = selaras::check_path(
        &fixture("variants/v22-ikm-layanan-2015-planted.xlsx"),
        &rules(),
    )
    .expect("reads");
    let said: Vec<String> = r
        .findings
        .iter()
        .map(|f| f.message.render(selaras::Lang::english()))
        .collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].contains("81,25")
            && said[0].contains("Kepmenpan 25/2004 / PermenPAN-RB 16/2014")
            && said[0].contains("'B (Baik)'"),
        "{}",
        said[0]
    );
    assert!(
        said[1].contains("83,00")
            && said[1].contains("PermenPAN-RB 14/2017")
            && said[1].contains("'B (Baik)'"),
        "{}",
        said[1]
    );
    // Without a year anywhere, the bands in force today, and the finding says so.
    let mut b = selaras::open(
        &fixture("variants/v05-ikm-layanan-planted.xlsx"),
        &rules(),
        false,
    )
    .expect("reads");
    for s in &mut b.sheets {
        s.name = "IKM".into();
    }
    let r = selaras::check_workbook(&b, &rules());
    let said: Vec<String> = r
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "category-mismatch")
        .map(|f| f.message.render(selaras::Lang::english()))
        .collect();
    assert!(!said.is_empty());
    assert!(
        said.iter().all(|m| m.contains("PermenPAN-RB 14/2017")),
        "{said:?}"
    );
}

#[test]
fn variants_right_in_every_figure_draw_no_error() {
    // fixtures/variants/t2-*: the second trial's workbooks, every figure right.
    // A recap weighted 0,111 is told, as information, that 1/9 gives another
    // figure; nothing else is said.
    let expect: &[(&str, &[&str])] = &[
        ("t2-i4_slash_semester.xlsx", &[]),
        ("t2-i5_dash.xlsx", &[]),
        ("t2-k1_10resp_0111.xlsx", &["rounding J19"]),
        ("t2-k6_30resp_1per9_typedNRR.xlsx", &[]),
        (
            "t2-k7_30resp_0111_typedNRR.xlsx",
            &["rounding I39", "rounding B40"],
        ),
        ("t2-r1_basic_3prog.xlsx", &[]),
        ("t2-r3_two_units_40rows.xlsx", &[]),
        ("t2-s1_single.xlsx", &[]),
        ("t2-s2_two_urusan_jumlah.xlsx", &[]),
    ];
    let rules = rules();
    for (name, codes) in expect {
        let r = selaras::check_path(&fixture(&format!("variants/{name}")), &rules)
            .expect("the variant reads");
        assert!(!r.tables.is_empty(), "{name}: read");
        assert!(r.not_understood.is_empty(), "{name}: all read");
        let found: Vec<String> = r
            .findings
            .iter()
            .map(|f| format!("{} {}", f.code, f.at.a1()))
            .collect();
        assert_eq!(found, *codes, "{name}");
        assert!(
            r.findings.iter().all(|f| f.severity.as_str() == "info"),
            "{name}: information only"
        );
    }
}

#[test]
fn a_recap_short_of_its_population_s_sample_is_told_as_information() {
    // "Jumlah populasi : 40" and "Jumlah responden : 30" beside it: Krejcie &
    // Morgan's row for 40 asks 36; the recap's own 30 rows agree with the
    // statement. "Jumlah Populasi: 1.200" alone: the recap's 30 respondent
    // rows against the row for 1.200, 291.
    let rules = rules();
    for (name, found, expected, said) in [
        (
            "v23-skm-populasi-planted.xlsx",
            "30",
            "36",
            "(its row for 40), 6 more",
        ),
        (
            "v23-skm-populasi-rows.xlsx",
            "30",
            "291",
            "(its row for 1.200), 261 more",
        ),
    ] {
        let r = selaras::check_path(&fixture(&format!("variants/{name}")), &rules)
            .expect("the variant reads");
        let [f] = r.findings.as_slice() else {
            panic!("{name}: {:?}", codes(&r.findings));
        };
        assert_eq!(f.severity.as_str(), "info", "{name}");
        assert_eq!(f.found_text().as_deref(), Some(found), "{name}");
        assert_eq!(f.expected_text().as_deref(), Some(expected), "{name}");
        let message = f.message.render(selaras::Lang::english());
        assert!(message.contains(said), "{name}: {message}");
        // The recap itself agrees: its 30 rows are what it is computed from.
        let rows = r.tables[0].recomputed;
        assert_eq!(rows.agree, rows.figures, "{name}");
    }
}

// --- Kab. Trenggalek: draft KKE SAKIP (PermenPAN-RB 88/2021) ---

const KKE: &str = "trenggalek-kke-sakip-draft.xlsx";

/// The nilai of the rows under a sub-komponen of PENILAIAN, as calamine reads
/// them (column O, penilaian mandiri; rows 1-based, inclusive).
fn kke_detail_sum(from: u32, to: u32) -> Decimal {
    use calamine::{Data, Reader};
    let mut wb = calamine::open_workbook_auto(path(KKE)).expect("opens");
    let range = wb.worksheet_range("PENILAIAN").expect("the sheet");
    (from..=to)
        .filter_map(|r| match range.get_value((r - 1, 14)) {
            Some(Data::Float(f)) => Some(dec(&f.to_string())),
            Some(Data::Int(i)) => Some(Decimal::from(*i)),
            _ => None,
        })
        .sum()
}

#[test]
fn kke_resume_adds_up_by_komponen_and_no_nilai_passes_its_bobot() {
    // RESUME: perencanaan 30 = 6 + 9 + 15, pengukuran 30 = 6 + 9 + 15,
    // pelaporan 15 = 3 + 4,5 + 7,5, evaluasi internal 25 = 5 + 7,5 + 5 + 7,5,
    // Nilai Akuntabilitas Kinerja 100 = 30 + 30 + 15 + 25; the penilaian mandiri
    // filled so far (5,62 of 6, 2,84 of 9, ...; 24,10 in all) lies within each
    // bobot. PENILAIAN, the detail, is read whole (to its last kriteria, row
    // 241); the BUKTI DUKUNG sheet is not.
    let r = report(KKE);
    assert_eq!(
        tables(&r),
        [
            "kke-resume RESUME!A3:J21",
            "kke-penilaian PENILAIAN!A2:Y241"
        ]
    );
    assert_eq!(not_understood(&r), ["BUKTI DUKUNG!B2:I17 no rule near"]);
    // Two sub-komponen state no nilai of their own (O111, O180 are empty), so
    // the resume's VLOOKUP reads 0 for them, while their kriteria, answered
    // A, earn their whole bobot: pengukuran's pemanfaatan 9 × 15/9 = 15,00
    // (O112 … O137), pelaporan's pemanfaatan 7 × 7,5/7 = 7,50 (O181 … O194).
    let found: Vec<(String, String)> = r
        .findings
        .iter()
        .filter(|f| f.code.as_str() != "not-understood")
        .map(|f| {
            (
                format!("{} {}!{}", f.code, f.at.sheet, f.at.a1()),
                f.expected_text().unwrap_or_default(),
            )
        })
        .collect();
    assert_eq!(
        found,
        [
            (
                "cross-table-mismatch RESUME!F11".to_string(),
                "15.00".to_string()
            ),
            (
                "cross-table-mismatch RESUME!F15".to_string(),
                "7.50".to_string()
            ),
            // BUKTI DUKUNG weighs each document by name (SUMIF over
            // PENILAIAN's bukti): 'Renstra PD Terakhir' and 'Pokin PD Terakhir'
            // are no bukti there ('Renstra PD', 'Pokin PD' are), so they weigh
            // 0 where the detail gives each 0,50.
            (
                "lookup-unmatched BUKTI DUKUNG!C5".to_string(),
                String::new()
            ),
            (
                "lookup-unmatched BUKTI DUKUNG!C6".to_string(),
                String::new()
            ),
        ]
    );
    let hundred = Decimal::ONE_HUNDRED;
    assert_eq!((kke_detail_sum(112, 137) * hundred).round_dp(2), dec("15"));
    assert_eq!((kke_detail_sum(181, 194) * hundred).round_dp(2), dec("7.5"));
    // Every other sub-komponen's own nilai is its rows' and the resume's:
    // perencanaan's pemenuhan 5,625 (O7 … O23).
    assert_eq!((kke_detail_sum(6, 24) * hundred).round_dp(3), dec("5.625"));
    // Pemenuhan's penilaian mandiri typed 8% where its bobot is 6% (and, the
    // twin not being recalculated, perencanaan's 10,60 above it no longer its
    // sum; and the detail's rows still add up to 5,63).
    let t = twin(KKE, "RESUME", 4, 5, Override::Number(dec("0.08")));
    let found: Vec<String> = codes(&t.findings)
        .into_iter()
        .filter(|c| !c.starts_with("not-understood"))
        .collect();
    assert_eq!(
        found,
        [
            "sum-mismatch RESUME!F4",
            "cross-table-mismatch RESUME!F5",
            "over-limit RESUME!F5",
            "cross-table-mismatch RESUME!F11",
            "cross-table-mismatch RESUME!F15",
        ]
    );
    // A sub-komponen's bobot typed 10% (9%): perencanaan's 30 is no longer
    // 6 + 10 + 15 (its SUM, as saved, says 30).
    let t = twin(KKE, "RESUME", 5, 4, Override::Number(dec("0.1")));
    let found: Vec<String> = codes(&t.findings)
        .into_iter()
        .filter(|c| !c.starts_with("not-understood") && !c.starts_with("cross-table"))
        .collect();
    assert_eq!(found, ["sum-mismatch RESUME!E4"]);
    // In the detail, a 'T' (Renja tahun n, N12) given the coefficient 1: the
    // worksheet's own formulas give T 0 (`IF(M12="Y",1,IF(M12="T",0,…))`, in
    // every Y/T row); its nilai O12, 0 as saved, is 1 × 0,375 by the
    // coefficient now written.
    let mut b = selaras::open(&path(KKE), &rules(), true).expect("the workbook reads");
    let s = b
        .sheets
        .iter_mut()
        .find(|s| s.name == "PENILAIAN")
        .expect("the sheet");
    s.set_override(11, 13, Override::Number(dec("1")));
    let t = selaras::check_workbook(&b, &rules());
    let in_detail = |r: &FileReport| -> Vec<String> {
        codes(&r.findings)
            .into_iter()
            .filter(|c| c.contains("PENILAIAN"))
            .collect()
    };
    assert_eq!(
        in_detail(&t),
        [
            "coefficient-mismatch PENILAIAN!N12",
            "percent-mismatch PENILAIAN!O12"
        ]
    );
    // Read without its formulas, the worksheet's rule is what its typed
    // coefficients say, and its two T (N12 now 1, N35 0) do not agree on one:
    // only the nilai is held.
    let t = twin(KKE, "PENILAIAN", 11, 13, Override::Number(dec("1")));
    assert_eq!(in_detail(&t), ["percent-mismatch PENILAIAN!O12"]);
}

// --- Jawa Barat, Biro Bina Produksi: Renja 2014 forms of Permendagri 54/2010 ---

const JABAR: &str = "jabar-biro-produksi-renja-rkpd-2014-2016.xls";

#[test]
fn jabar_j1_is_held_to_the_formulas_of_its_numbering_row() {
    // J-1 numbers its columns 1 … 7, 8=(7/6), 9, 10=(5+7+9), 11=(10/4); no rule
    // reads it, yet every row follows them: 8 = 1 / 1 = 100 (%), 10 = 1 + 1 + 1
    // = 3, 11 = 3 / 4 = 75 (%).
    let r = report(JABAR);
    assert!(!codes(&r.findings)
        .iter()
        .any(|c| c.starts_with("percent-mismatch") || c.starts_with("sum-mismatch")));
    // Q14 (11 = 10 / 4) typed 80: 3 / 4 is 75.
    let t = twin(JABAR, "J-1", 13, 16, Override::Number(dec("80")));
    let f: Vec<_> = t
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "percent-mismatch")
        .collect();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].at.a1(), "Q14");
    assert_eq!(f[0].expected_text().as_deref(), Some("75"));
    // P14 (10 = 5 + 7 + 9) typed 4: the sum is 3. The 75 of 11 = 10 / 4 is
    // what the right 3 gives: one mistake, said once, at P14.
    let t = twin(JABAR, "J-1", 13, 15, Override::Number(dec("4")));
    let mut cells: Vec<String> = t
        .findings
        .iter()
        .filter(|f| !["no-table", "not-understood"].contains(&f.code.as_str()))
        .map(|f| format!("{} {}", f.code, f.at.a1()))
        .collect();
    cells.sort();
    assert_eq!(cells, ["sum-mismatch P14"]);
    // The form leaves two blank rows between its kegiatan blocks: the table
    // goes on past them to its last row, 49 (not-understood names B8:Q49), and
    // a row there is held too: Q46 typed 70 where 3 / 4 is 75.
    assert!(r
        .findings
        .iter()
        .any(|f| f.code.as_str() == "not-understood" && f.message.to_string().contains("B8:Q49")));
    let t = twin(JABAR, "J-1", 45, 16, Override::Number(dec("70")));
    let f: Vec<_> = t
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "percent-mismatch")
        .map(|f| (f.at.a1(), f.expected_text()))
        .collect();
    assert_eq!(f, [("Q46".to_string(), Some("75".to_string()))]);
}

#[test]
fn jabar_rkpd_review_pagu_is_the_sum_of_its_sumber_dana_and_the_count_row_of_its_rows() {
    // 'Sheet' (review of the RKPD 2016 draft, Biro Perekonomian): each kegiatan's
    // Total = APBD Kab/Kota + APBD Prov + APBN + Sumber Lain (0 + 25.000.000 +
    // 0 + 0, …); the row "Count=7" under them sums them: 25 + 700 + 250 +
    // 1.450 + 925 + 1.075 + 1.650 million = 6.075.000.000. All hold.
    let r = report(JABAR);
    assert!(r.findings.iter().all(|f| f.at.sheet.as_ref() != "Sheet"));
    // I11 (APBD Prov of the Aspek Industri kegiatan, 1.450.000.000) typed
    // 1.540.000.000: its row's Total (L11) and the Count row (I15) are both
    // 90.000.000 under their parts, and I11 is the one figure they share: one
    // finding, at I11, with 1.450.000.000.
    let t = twin(JABAR, "Sheet", 10, 8, Override::Number(dec("1540000000")));
    let f: Vec<(String, Option<String>)> = t
        .findings
        .iter()
        .filter(|f| f.at.sheet.as_ref() == "Sheet")
        .map(|f| (format!("{} {}", f.code, f.at.a1()), f.expected_text()))
        .collect();
    assert_eq!(
        f,
        [(
            "sum-mismatch I11".to_string(),
            Some("1450000000".to_string())
        )]
    );
}

#[test]
fn jabar_j3_programs_are_the_sum_of_their_kegiatan_in_pagu_and_in_needs() {
    // J-3 (review of the RKPD draft): program I's pagu indikatif 4.450.000.000
    // = its seven kegiatan 900 + 1.000 + 600 + 750 + 600 + 500 + 100 million;
    // programs II and III = their one kegiatan (500 and 50 million); the
    // kebutuhan dana (column L) the same. No kode: the levels are the figures'.
    let r = report(JABAR);
    assert_eq!(
        tables(&r),
        [
            "pagu-sumber-dana Sheet!A7:N15",
            "anggaran-kegiatan J-3!B7:M36"
        ]
    );
    // The rest is said, region by region: J-1 is the 54/2010 Renja evaluation
    // (target and realisation per year, not per triwulan), held only to its
    // numbering row; no rule names two of its columns.
    assert_eq!(
        not_understood(&r),
        [
            "J-1!B8:Q49 no rule near",
            "J-2!B6:N50 renstra lacks sasaran,akhir",
        ]
    );
    let sums: Vec<String> = codes(&r.findings)
        .into_iter()
        .filter(|c| c.starts_with("sum-mismatch"))
        .collect();
    assert!(sums.is_empty(), "{sums:?}");
    // A kegiatan's pagu (G16, 600 million) typed 660 million: the program's
    // 4.450.000.000 is no longer the sum of its kegiatan.
    let t = twin(JABAR, "J-3", 15, 6, Override::Number(dec("660000000")));
    let sums: Vec<String> = codes(&t.findings)
        .into_iter()
        .filter(|c| c.starts_with("sum-mismatch"))
        .collect();
    assert_eq!(sums, ["sum-mismatch J-3!G12"]);
    let f = t.findings.iter().find(|f| f.at.a1() == "G12").unwrap();
    assert_eq!(f.expected_text().as_deref(), Some("4510000000"));
}

/// `coverage.figures` counts the stated figures a relation recomputed, each cell
/// once, and `coverage.agree` those no error or warning stands at.
#[test]
fn coverage_counts_the_figures_recomputed_and_those_that_agree() {
    // Damkar: the kegiatan and programme sums of its Rp columns, 21 cells; the 8
    // that do not add up are its 8 sum-mismatch findings.
    let r = report(DAMKAR);
    let wrong = r
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "sum-mismatch")
        .count();
    assert_eq!(
        (r.recomputed.figures, r.recomputed.agree, wrong),
        (21, 13, 8)
    );
    // The RAK: every triwulan with a month stated and every rincian, 67 cells, all right.
    let r = report(RAK);
    assert_eq!((r.recomputed.figures, r.recomputed.agree), (67, 67));
    // A month typed wrong: the same 67 cells, one of them no longer agrees.
    let t = twin(RAK, "kesling", 10, 26, Override::Number(dec("11964000")));
    assert_eq!((t.recomputed.figures, t.recomputed.agree), (67, 66));
}
