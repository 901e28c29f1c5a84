//! The performance and satisfaction-index tables (issue: part 2), each check on
//! small hand-made tables: a right case that stays quiet and a wrong one
//! reported at its cell.

use crate::common::{check, codes, merge, only, sheet};
use selaras::Severity;

fn scale_sheet(ranges: &[&'static str]) -> selaras::Sheet {
    let mut rows: Vec<Vec<&str>> = vec![vec!["No", "Rentang Capaian", "Kategori Capaian"]];
    let names = ["Baik Sekali", "Baik", "Cukup", "Kurang", "Sangat Kurang"];
    for (i, r) in ranges.iter().enumerate() {
        rows.push(vec!["", r, names[i]]);
    }
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    sheet("Tabel 3.1", &refs)
}

#[test]
fn category_scale_must_be_a_partition() {
    let right = check(vec![scale_sheet(&[
        "Lebih dari 100%",
        "Lebih dari 85% sd. 100%",
        "Lebih dari 65% sd. 85%",
        "Lebih dari 50% sd. 65%",
        "Sampai dengan 50%",
    ])]);
    assert!(right.findings.is_empty(), "{:#?}", right.findings);
    let wrong = check(vec![scale_sheet(&[
        "Lebih dari 100%",
        "Lebih dari 85% sd. 100%",
        "Lebih dari 60% sd. 90%",
        "Lebih dari 50% s.d 60 %",
        "Kurang dari 50 %",
    ])]);
    assert_eq!(
        codes(&wrong.findings),
        ["scale-overlap Tabel 3.1!B4", "scale-gap Tabel 3.1!B5"]
    );
    assert!(
        wrong.findings[0]
            .message
            .english()
            .contains("two rows take more than 85 up to 90:"),
        "{}",
        wrong.findings[0].message
    );
    assert!(
        wrong.findings[1]
            .message
            .english()
            .contains("no row takes exactly 50:"),
        "{}",
        wrong.findings[1].message
    );
}

fn capaian_sheet(rows: &[&[&str]]) -> selaras::Sheet {
    let mut all: Vec<&[&str]> = vec![&[
        "No",
        "Sasaran",
        "Indikator Sasaran",
        "Target",
        "Realisasi",
        "% Capaian Kinerja",
        "Kategori",
    ]];
    all.extend_from_slice(rows);
    sheet("Tabel 3.2", &all)
}

#[test]
fn category_words_follow_the_reports_own_scale() {
    let scale = scale_sheet(&[
        "Lebih dari 100%",
        "Lebih dari 85% sd. 100%",
        "Lebih dari 65% sd. 85%",
        "Lebih dari 50% sd. 65%",
        "Sampai dengan 50%",
    ]);
    let table = capaian_sheet(&[
        &[
            "1",
            "Sasaran A",
            "Indeks A",
            "#80",
            "#88",
            "110,00%",
            "Baik Sekali (BS)",
        ],
        &[
            "2",
            "Sasaran B",
            "Indeks B",
            "#100",
            "#95",
            "95,00%",
            "Baik Sekali",
        ],
    ]);
    let r = check(vec![scale, table]);
    assert_eq!(codes(&r.findings), ["category-mismatch Tabel 3.2!G3"]);
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("Baik"));
}

#[test]
fn polarity_from_a_column_and_positive_names_that_look_negative() {
    let mut rows: Vec<&[&str]> = vec![&[
        "No",
        "Sasaran",
        "Indikator Sasaran",
        "Target",
        "Realisasi",
        "% Capaian Kinerja",
        "Polaritas",
    ]];
    rows.push(&[
        "1",
        "S",
        "Persentase balita gizi kurang",
        "#10",
        "#8",
        "80,00%",
        "Negatif",
    ]);
    rows.push(&[
        "2",
        "S",
        "Persentase penurunan angka kematian ibu",
        "#10",
        "#12",
        "120,00%",
        "",
    ]);
    rows.push(&[
        "3",
        "S",
        "Cakupan penanganan kasus kekerasan",
        "#90",
        "#99",
        "110,00%",
        "",
    ]);
    let r = check(vec![sheet("Tabel 3.2", &rows)]);
    // Only the first: negative by its Polaritas column, (2 x 10 - 8) / 10 = 120%.
    assert_eq!(codes(&r.findings), ["percent-mismatch Tabel 3.2!F2"]);
    assert!(
        r.findings[0]
            .message
            .english()
            .contains("polarity column says 'Negatif'"),
        "{}",
        r.findings[0].message
    );
}

fn unsur_sheet(values: &[(&'static str, &'static str, &'static str)]) -> selaras::Sheet {
    let mut rows: Vec<Vec<&str>> = vec![
        vec!["No", "Unsur", "Nilai Setda", ""],
        vec!["", "", "Nilai", "Kinerja UPP"],
    ];
    for (u, v, k) in values {
        rows.push(vec!["", u, v, k]);
    }
    let refs: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
    let mut s = sheet("Tabel 3.6", &refs);
    merge(&mut s, (0, 2), (0, 3));
    merge(&mut s, (0, 1), (1, 1));
    s
}

const NINE: [(&str, &str, &str); 9] = [
    ("Persyaratan", "#90", "Sangat Baik"),
    ("Prosedur", "#91", "Sangat Baik"),
    ("Waktu Pelayanan", "#89", "Sangat Baik"),
    ("Biaya/Tarif", "#92", "Sangat Baik"),
    ("Produk Layanan", "#90", "Sangat Baik"),
    ("Kompetensi Pelaksana", "#90", "Sangat Baik"),
    ("Perilaku Pelaksana", "#91", "Sangat Baik"),
    ("Sarana dan Prasarana", "#89", "Sangat Baik"),
    ("Penanganan Pengaduan", "#92", "Sangat Baik"),
];

#[test]
fn ikm_unsur_in_range_and_in_their_band() {
    let mut wrong = NINE;
    wrong[3] = ("Biaya/Tarif", "#107.3", "Sangat Baik");
    wrong[2] = ("Waktu Pelayanan", "#80", "Sangat Baik");
    let r = check(vec![unsur_sheet(&wrong)]);
    assert_eq!(
        codes(&r.findings),
        [
            "category-mismatch Tabel 3.6!D5",
            "out-of-range Tabel 3.6!C6"
        ]
    );
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("Baik"));
    assert!(check(vec![unsur_sheet(&NINE)]).findings.is_empty());
}

#[test]
fn ikm_is_the_mean_of_its_unsur() {
    // Mean of NINE: 814 / 9 = 90,444... -> 90,44; weighted 0,111: 90,354 -> 90,35.
    for (stated, expect, severity) in [
        ("90,44", vec![], None),
        (
            "90,35",
            vec!["index-mismatch Tabel 3.2!E2"],
            Some(Severity::Warning),
        ),
        (
            "90,40",
            vec!["index-mismatch Tabel 3.2!E2"],
            Some(Severity::Error),
        ),
    ] {
        let table = capaian_sheet(&[&[
            "1",
            "Sasaran",
            "Indeks Kepuasan Masyarakat",
            "#85",
            stated,
            "",
            "",
        ]]);
        let r = check(vec![table, unsur_sheet(&NINE)]);
        assert_eq!(codes(&r.findings), expect, "IKM stated {stated}");
        if let Some(sev) = severity {
            assert_eq!(r.findings[0].severity, sev);
            assert_eq!(r.findings[0].expected_text().as_deref(), Some("90.44"));
        }
    }
}

/// A tujuan and a sasaran row stating one indicator, the sasaran row named `sasaran`.
fn tujuan_and_sasaran(sasaran: &str) -> selaras::FileReport {
    check(vec![capaian_sheet(&[
        &["", "Tujuan", "", "", "", "", ""],
        &[
            "",
            "Mewujudkan Pelayanan",
            "Indeks Kepuasan Masyarakat",
            "#85",
            "90,38",
            "106,33%",
            "",
        ],
        &["", "Sasaran", "", "", "", "", ""],
        &[
            "1",
            "Meningkatkan Pelayanan",
            sasaran,
            "#85",
            "90,40",
            "106,35%",
            "",
        ],
    ])])
}

#[test]
fn one_indicator_stated_twice_with_two_realisations() {
    // Named the same: one indicator, two figures a year; each is an error.
    let r = tujuan_and_sasaran("Indeks Kepuasan Masyarakat");
    assert_eq!(
        codes(&r.findings),
        [
            "repeat-mismatch Tabel 3.2!E3",
            "repeat-mismatch Tabel 3.2!F3"
        ]
    );
    assert!(r.findings.iter().all(|f| f.severity == Severity::Error));
    assert_eq!(r.findings[0].inputs[0].a1(), "E5");
}

#[test]
fn two_rows_named_alike_are_one_indicator_only_by_a_guess() {
    // "… Setda" is the unit's name added: the same indicator, most likely, but a
    // guess; said once, as a warning that names both rows and every difference.
    let r = tujuan_and_sasaran("Indeks Kepuasan Masyarakat Setda");
    assert_eq!(codes(&r.findings), ["repeat-mismatch Tabel 3.2!E3"]);
    let f = &r.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    let cells: Vec<String> = f.inputs.iter().map(|c| c.a1()).collect();
    assert_eq!(cells, ["E5", "F5", "F3"]);
    let text = f.message.english();
    assert!(
        text.contains("if they are one indicator, 2 of the 3 figures both state differ (Realisasi 90,38 / 90,40; % Capaian Kinerja 106,33 / 106,35)"),
        "{text}"
    );
}

fn pk_sheet(rows: &[&[&str]]) -> selaras::Sheet {
    let mut all: Vec<&[&str]> = vec![
        &["PERJANJIAN KINERJA TAHUN 2024"],
        &[
            "No.",
            "Sasaran Strategis",
            "Indikator Kinerja",
            "Target",
            "Tipe Pengukuran",
            "Triwulan",
            "",
            "",
            "",
        ],
        &["", "", "", "", "", "I", "II", "III", "IV"],
    ];
    all.extend_from_slice(rows);
    let mut s = sheet("PK", &all);
    merge(&mut s, (1, 5), (1, 8));
    for c in 0..5 {
        merge(&mut s, (1, c), (2, c));
    }
    s
}

#[test]
fn triwulan_targets_cumulative_and_not() {
    let r = check(vec![pk_sheet(&[
        &[
            "1",
            "S",
            "Indeks Kepuasan Masyarakat",
            "#85",
            "Non Kumulatif",
            "",
            "",
            "",
            "#85",
        ],
        &[
            "2",
            "S",
            "Indeks Kepuasan Masyarakat Desa",
            "#85",
            "Non Kumulatif",
            "",
            "",
            "",
            "#84",
        ],
        &[
            "3",
            "S",
            "Jumlah puskesmas terakreditasi",
            "#12",
            "Kumulatif",
            "#3",
            "#3",
            "#3",
            "#3",
        ],
        &[
            "4",
            "S",
            "Jumlah dokumen perencanaan",
            "#10",
            "Kumulatif",
            "#2",
            "#2",
            "#2",
            "#2",
        ],
    ])]);
    assert_eq!(
        codes(&r.findings),
        ["target-mismatch PK!I5", "target-mismatch PK!D7"]
    );
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("85"));
    assert_eq!(r.findings[1].expected_text().as_deref(), Some("8"));
    assert!(
        r.findings[1]
            .formula
            .as_ref()
            .map(|m| m.english())
            .unwrap_or_default()
            .contains("cumulative"),
        "{:?}",
        r.findings[1].formula
    );
}

fn renstra_sheet(akhir: &'static str, y2024: &'static str) -> selaras::Sheet {
    let mut s = sheet(
        "Renstra",
        &[
            &[
                "NO",
                "TUJUAN/ SASARAN",
                "Indikator Tujuan /Sasaran",
                "Target Capaian",
                "",
                "",
                "Kondisi akhir Renstra",
            ],
            &["", "", "", "2023", "2024", "2025", ""],
            &[
                "1",
                "Meningkatnya Pelayanan",
                "Indeks Kepuasan Masyarakat",
                "84",
                y2024,
                "86",
                akhir,
            ],
        ],
    );
    merge(&mut s, (0, 3), (0, 5));
    for c in [0, 1, 2, 6] {
        merge(&mut s, (0, c), (1, c));
    }
    s
}

#[test]
fn renstra_kondisi_akhir_and_the_pk_target_of_the_report_year() {
    let pk = || {
        pk_sheet(&[&[
            "1",
            "S",
            "Indeks Kepuasan Masyarakat",
            "#85",
            "Non Kumulatif",
            "",
            "",
            "",
            "#85",
        ]])
    };
    assert!(check(vec![renstra_sheet("86", "85"), pk()])
        .findings
        .is_empty());
    let r = check(vec![renstra_sheet("85,5", "84"), pk()]);
    assert_eq!(
        codes(&r.findings),
        ["target-mismatch Renstra!G3", "target-mismatch PK!D4"]
    );
    // The PK says 2024 in its title: its target is held against the Renstra's 2024.
    assert_eq!(r.findings[1].expected_text().as_deref(), Some("84"));
    assert_eq!(r.findings[1].inputs[0].qualified(), "'Renstra'!E3");
}

#[test]
fn capaian_per_year_uses_that_years_target_and_realisasi() {
    let mut s = sheet(
        "Tabel 3.5",
        &[
            &[
                "No",
                "Tujuan / Sasaran",
                "Indikator Sasaran",
                "Tahun",
                "",
                "",
                "",
                "",
                "",
            ],
            &["", "", "", "2023", "", "", "2024", "", ""],
            &["", "", "", "T", "R", "C", "T", "R", "C"],
            &[
                "1",
                "Sasaran",
                "Indeks Kepuasan Masyarakat",
                "#84",
                "89,57",
                "106,63%",
                "#85",
                "90,40",
                "106,53%",
            ],
        ],
    );
    merge(&mut s, (0, 3), (0, 8));
    merge(&mut s, (1, 3), (1, 5));
    merge(&mut s, (1, 6), (1, 8));
    let r = check(vec![s]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Tabel 3.5!I4"]);
    assert_eq!(r.findings[0].column_label, "C 2024");
    assert_eq!(
        only(&r, "percent-mismatch")[0].expected_text().as_deref(),
        Some("106.35")
    );
}

#[test]
fn polarity_from_a_note_under_the_table() {
    let mut rows: Vec<&[&str]> = vec![&[
        "No",
        "Sasaran",
        "Indikator Sasaran",
        "Target",
        "Realisasi",
        "% Capaian Kinerja",
    ]];
    rows.push(&[
        "1",
        "S",
        "Persentase rumah tangga tanpa akses air minum*",
        "#10",
        "#8",
        "80,00%",
    ]);
    rows.push(&["2", "S", "Indeks kepuasan", "#80", "#88", "110,00%"]);
    rows.push(&[]);
    rows.push(&["*) indikator negatif (semakin kecil semakin baik)"]);
    let r = check(vec![sheet("Tabel 3.2", &rows)]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Tabel 3.2!F2"]);
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("120.00"));
    assert!(
        r.findings[0]
            .message
            .english()
            .contains("the note under the table"),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn an_ikm_row_under_the_unsur_is_their_mean_not_a_tenth_unsur() {
    let mut rows: Vec<(&str, &str, &str)> = NINE.to_vec();
    rows.push(("Nilai IKM", "#90.6", "Sangat Baik"));
    let table = capaian_sheet(&[&[
        "1",
        "Sasaran",
        "Indeks Kepuasan Masyarakat",
        "#85",
        "90,44",
        "",
        "",
    ]]);
    let r = check(vec![table, unsur_sheet(&rows)]);
    // The IKM row (90,6) is not the mean of the nine (90,4 at its one decimal); the
    // capaian table's IKM (90,44) is, counting only the nine.
    assert_eq!(codes(&r.findings), ["average-mismatch Tabel 3.6!C12"]);
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("90.4"));
}

#[test]
fn a_sasaran_merged_over_its_indicators_names_each_of_them() {
    let mut capaian = sheet(
        "Tabel 3.2",
        &[
            &[
                "No",
                "Sasaran",
                "Indikator Sasaran",
                "Target",
                "Realisasi",
                "% Capaian Kinerja",
            ],
            &[
                "1",
                "Meningkatnya mutu layanan",
                "Indikator A",
                "#6",
                "#5",
                "83,33%",
            ],
            &["", "", "Indikator B", "#95", "#86.3", "90,84%"],
        ],
    );
    merge(&mut capaian, (1, 1), (2, 1));
    let mut efisiensi = sheet(
        "Tabel 3.9",
        &[
            &[
                "Sasaran Strategis",
                "Indikator Kinerja",
                "Target",
                "Realisasi",
                "% Capaian",
                "Anggaran (Rp)",
                "Realisasi (Rp)",
                "% Capaian",
                "Tingkat Efisiensi",
            ],
            &[
                "Meningkatnya mutu layanan",
                "Indikator A",
                "#6",
                "#5",
                "83,33%",
                "",
                "",
                "",
                "",
            ],
            &["", "Indikator B", "#95", "#86.4", "90,95%", "", "", "", ""],
        ],
    );
    merge(&mut efisiensi, (1, 0), (2, 0));
    let r = check(vec![capaian, efisiensi]);
    // Row 3 of Tabel 3.9 is read (the merged sasaran names it), matched by its
    // indicator: its realisasi 86,4 is not Tabel 3.2's 86,3.
    assert_eq!(
        codes(&r.findings),
        [
            "cross-table-mismatch Tabel 3.9!D3",
            "cross-table-mismatch Tabel 3.9!E3"
        ]
    );
}
