//! Each check on small hand-made tables: a right case that must stay quiet and a
//! wrong case that must be reported at its cell with the right numbers.

use crate::common::{check, codes, merge, only, sheet, REALISASI_HEADER};
use selaras::Severity;

/// A realisation table: caption, header, numbered row, the given body rows.
fn realisasi(body: &[&[&str]]) -> selaras::Sheet {
    let mut rows: Vec<&[&str]> = vec![
        &["Tabel 3.7. Realisasi Anggaran Tahun 2024"],
        &[],
        REALISASI_HEADER,
        &["1", "2", "3", "4", "5=4/3", "6", "7", "8=7/6"],
    ];
    rows.extend_from_slice(body);
    rows.push(&[]);
    rows.push(&["Sumber : Bagian Keuangan"]);
    sheet("Tabel 3.7", &rows)
}

#[test]
fn serapan_right_and_wrong() {
    let r = check(vec![realisasi(&[
        &[
            "Administrasi Umum",
            "Jumlah bulan",
            "#12",
            "#12",
            "100,00%",
            "#5907470000",
            "#4826172914",
            "81,70%",
        ],
        &[
            "Penataan Organisasi",
            "Jumlah dokumen",
            "#4",
            "#4",
            "100,00%",
            "#373518000",
            "#372428649",
            "99,17%",
        ],
    ])]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Tabel 3.7!H6"]);
    let f = &r.findings[0];
    assert_eq!(f.found_text().as_deref(), Some("99.17"));
    assert_eq!(f.expected_text().as_deref(), Some("99.71"));
    assert_eq!(f.fix.map(|d| d.to_string()).as_deref(), Some("99.71"));
    assert_eq!(f.row_label, "Penataan Organisasi");
    assert_eq!(f.column_label, "% Capaian Anggaran");
    assert_eq!(
        f.inputs.iter().map(|i| i.a1()).collect::<Vec<_>>(),
        ["G6", "F6"]
    );
    assert!(
        f.formula
            .as_ref()
            .map(|m| m.english())
            .unwrap_or_default()
            .contains("372.428.649 / 373.518.000"),
        "{:?}",
        f.formula
    );
}

#[test]
fn truncated_percentage_is_a_rounding_warning() {
    // 4.826.172.914 / 5.907.470.000 = 81,6961...; 81,69 is that number cut off.
    let r = check(vec![realisasi(&[&[
        "Administrasi Umum",
        "Jumlah bulan",
        "#12",
        "#12",
        "100,00%",
        "#5907470000",
        "#4826172914",
        "81,69%",
    ]])]);
    assert_eq!(codes(&r.findings), ["rounding Tabel 3.7!H5"]);
    let f = &r.findings[0];
    assert_eq!(f.severity, Severity::Warning);
    assert!(f.message.english().contains("truncation"), "{}", f.message);
    assert_eq!(f.expected_text().as_deref(), Some("81.70"));
}

#[test]
fn percent_formatted_fraction_is_read_as_shown() {
    // 0.817 formatted 0.00% shows 81,70; 98.63 with no format in a percent column is 98,63 percent points.
    let r = check(vec![realisasi(&[
        &[
            "Administrasi Umum",
            "Jumlah bulan",
            "#12",
            "#12",
            "#1|0.00%",
            "#5907470000",
            "#4826172914",
            "#0.817|0.00%",
        ],
        &[
            "Administrasi Kepegawaian",
            "Jumlah bulan",
            "#12",
            "#12",
            "#1|0.00%",
            "#273000000",
            "#269264900",
            "#98.63",
        ],
    ])]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn capaian_positive_and_negative_indicators() {
    let r = check(vec![realisasi(&[
        &[
            "Program Kesehatan",
            "Nilai IKM",
            "#85",
            "90,40",
            "106,35%",
            "#100",
            "#90",
            "90,00%",
        ],
        // Negative indicator: (2 x 100 - 80) / 100 = 120%; 80% is the positive formula.
        &[
            "Penurunan AKI",
            "Angka kematian ibu per 100.000 KH",
            "#100",
            "#80",
            "80,00%",
            "",
            "",
            "",
        ],
        &[
            "Penurunan stunting",
            "Prevalensi stunting",
            "#20",
            "#18",
            "110,00%",
            "",
            "",
            "",
        ],
    ])]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Tabel 3.7!E6"]);
    let f = &r.findings[0];
    assert_eq!(f.expected_text().as_deref(), Some("120.00"));
    assert!(
        f.message
            .english()
            .contains("computed as a positive indicator"),
        "{}",
        f.message
    );
    assert!(
        f.message.english().contains("negative indicator"),
        "{}",
        f.message
    );
    assert!(
        f.formula
            .as_ref()
            .map(|m| m.english())
            .unwrap_or_default()
            .contains("(2 × Target − Realisasi)"),
        "{:?}",
        f.formula
    );
}

#[test]
fn program_and_total_must_be_sums() {
    let r = check(vec![realisasi(&[
        &["Program A", "x", "", "", "", "#300", "#250", ""],
        &["Kegiatan A1", "x", "", "", "", "#100", "#100", ""],
        &["Kegiatan A2", "x", "", "", "", "#200", "#150", ""],
        &["Program B", "x", "", "", "", "#501", "#40", ""],
        &["Kegiatan B1", "x", "", "", "", "#500", "#40", ""],
        &["JUMLAH TOTAL", "", "", "", "", "#801", "#300", ""],
    ])]);
    assert_eq!(
        codes(&r.findings),
        ["sum-mismatch Tabel 3.7!F8", "sum-mismatch Tabel 3.7!G10"]
    );
    let program = &r.findings[0];
    assert_eq!(
        (
            program.found_text().as_deref(),
            program.expected_text().as_deref()
        ),
        (Some("501"), Some("500"))
    );
    assert_eq!(program.fix.map(|d| d.to_string()).as_deref(), Some("500"));
    let total = &r.findings[1];
    assert_eq!(
        (
            total.found_text().as_deref(),
            total.expected_text().as_deref()
        ),
        (Some("300"), Some("290"))
    );
    assert_eq!(
        total.inputs.iter().map(|i| i.a1()).collect::<Vec<_>>(),
        ["G5", "G8"]
    );
    assert!(
        total.message.english().contains("higher by 10"),
        "{}",
        total.message
    );
}

#[test]
fn sub_kegiatan_levels_come_from_the_kode() {
    let header: &[&str] = &[
        "Kode",
        "Program/ Kegiatan/ Sub Kegiatan",
        "Target",
        "Realisasi",
        "% Capaian",
        "Anggaran (Rp)",
        "Realisasi (Rp)",
        "% Serapan",
    ];
    let s = sheet(
        "Realisasi",
        &[
            header,
            &[
                "1.02.02",
                "Program Pemenuhan Upaya Kesehatan",
                "",
                "",
                "",
                "#1000",
                "",
                "",
            ],
            &[
                "1.02.02.2.02",
                "Penyediaan Layanan Kesehatan",
                "",
                "",
                "",
                "#1000",
                "",
                "",
            ],
            &[
                "1.02.02.2.02.0001",
                "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
                "",
                "",
                "",
                "#600",
                "",
                "",
            ],
            &[
                "1.02.02.2.02.0002",
                "Pengelolaan Pelayanan Kesehatan Balita",
                "",
                "",
                "",
                "#300",
                "",
                "",
            ],
            &["", "Jumlah", "", "", "", "#1000", "", ""],
        ],
    );
    let r = check(vec![s]);
    // The kegiatan is not the sum of its two sub kegiatan (900); the program equals its kegiatan.
    assert_eq!(codes(&r.findings), ["sum-mismatch Realisasi!F3"]);
    assert_eq!(r.findings[0].row_label, "Penyediaan Layanan Kesehatan");
}

#[test]
fn average_of_exactly_the_rows_above() {
    let header: &[&str] = &[
        "Tujuan/Sasaran",
        "Indikator Kinerja",
        "% Capaian",
        "Program/ Kegiatan",
        "Indikator Kinerja",
        "% Capaian",
        "Menunjang/ Tidak Menunjang",
    ];
    let body = |avg: &'static str| -> Vec<Vec<&'static str>> {
        vec![
            vec!["", "", "", "Program A", "x", "106,35%", "Menunjang"],
            vec!["", "", "", "Kegiatan A1", "x", "100,00%", "Menunjang"],
            vec!["", "", "", "Kegiatan A2", "x", "120,00%", "Menunjang"],
            vec!["", "", "", "Rata-rata", "", avg, ""],
        ]
    };
    let table = |avg: &'static str| {
        let rows = body(avg);
        let mut all: Vec<&[&str]> = vec![header];
        all.extend(rows.iter().map(Vec::as_slice));
        check(vec![sheet("Tabel 3.8", &all)])
    };
    assert!(table("108,78%").findings.is_empty());
    assert_eq!(
        codes(&table("110,00%").findings),
        ["average-mismatch Tabel 3.8!F5"]
    );
    // 110,00 is the mean of the kegiatan alone: say so.
    let r = table("110,00%");
    assert!(
        r.findings[0]
            .message
            .english()
            .contains("mean of the 2 kegiatan rows only"),
        "{}",
        r.findings[0].message
    );
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("108.78"));
}

fn efisiensi(stated: &str) -> selaras::Sheet {
    let mut s = sheet(
        "Tabel 3.9",
        &[
            &[
                "Tujuan/Sasaran",
                "Kinerja",
                "",
                "",
                "Keuangan",
                "",
                "",
                "Tingkat Efisiensi",
            ],
            &[
                "",
                "Target",
                "Realisasi",
                "% Capaian",
                "Anggaran (Rp)",
                "Realisasi (Rp)",
                "% Capaian",
                "",
            ],
            &["Sasaran"],
            &[
                "Meningkatnya pelayanan",
                "#85",
                "90,40",
                "106,35%",
                "200",
                "190",
                "95,00",
                stated,
            ],
        ],
    );
    merge(&mut s, (0, 0), (1, 0));
    merge(&mut s, (0, 1), (0, 3));
    merge(&mut s, (0, 4), (0, 6));
    merge(&mut s, (0, 7), (1, 7));
    s
}

/// Two kegiatan: A on target (CK 1), B over target (CK 1,25).
fn efisiensi_source() -> selaras::Sheet {
    realisasi(&[
        &[
            "Program X",
            "x",
            "#10",
            "#10",
            "100,00%",
            "#200",
            "#190",
            "95,00%",
        ],
        &[
            "Kegiatan A",
            "x",
            "#10",
            "#10",
            "100,00%",
            "#100",
            "#90",
            "90,00%",
        ],
        &[
            "Kegiatan B",
            "x",
            "#4",
            "#5",
            "125,00%",
            "#100",
            "#100",
            "100,00%",
        ],
        &["JUMLAH TOTAL", "", "", "", "", "#200", "#190", "95,00%"],
    ])
}

#[test]
fn efficiency_reproduced_variant_and_unreproducible() {
    // E = (100 x 1 - 90 + 100 x 1,25 - 100) / (100 + 125) x 100 = 15,5555...
    let r = check(vec![efisiensi_source(), efisiensi("15,56%")]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    // CK capped at 100%: (10 + 0) / 200 = 5,00: a variant, a warning.
    let r = check(vec![efisiensi_source(), efisiensi("5,00%")]);
    assert_eq!(codes(&r.findings), ["efficiency-variant Tabel 3.9!H4"]);
    assert!(
        r.findings[0].message.english().contains("capped at 100%"),
        "{}",
        r.findings[0].message
    );
    assert_eq!(
        r.findings[0].fix.map(|d| d.to_string()).as_deref(),
        Some("15.56")
    );
    // Nothing gives 12,99.
    let r = check(vec![efisiensi_source(), efisiensi("12,99%")]);
    assert_eq!(codes(&r.findings), ["efficiency-mismatch Tabel 3.9!H4"]);
    assert_eq!(r.findings[0].fix, None);
    assert!(
        r.findings[0].help.english().contains("NE 88,89"),
        "{}",
        r.findings[0].help
    );
}

#[test]
fn budgets_agree_across_tables_and_murni_is_information() {
    let plan = sheet(
        "PK",
        &[
            &["Tabel 2.5. Perencanaan Anggaran Tahun 2024"],
            &["No.", "Program", "Anggaran"],
            &["1.", "Program X", "Rp. 200,-"],
            &["2.", "Program Y", "Rp. 51,-"],
            &[],
            &[],
            &[],
            &["NO.", "PROGRAM", "ANGGARAN MURNI", "KETERANGAN*"],
            &["1.", "Program X", "Rp. 150,-"],
            &["2.", "Program Y", "Rp. 50,-"],
        ],
    );
    let real = realisasi(&[
        &["Program X", "x", "", "", "", "#200", "#190", "95,00%"],
        &["Kegiatan A", "x", "", "", "", "#200", "#190", "95,00%"],
        &["Program Y", "x", "", "", "", "#50", "#50", "100,00%"],
        &["Kegiatan B", "x", "", "", "", "#50", "#50", "100,00%"],
    ]);
    let r = check(vec![plan, real]);
    assert_eq!(
        codes(&r.findings),
        ["cross-table-mismatch PK!C4", "budget-revised PK!C9"]
    );
    assert_eq!(r.findings[0].severity, Severity::Error);
    assert_eq!(r.findings[0].inputs[0].qualified(), "'Tabel 3.7'!F7");
    assert_eq!(r.findings[1].severity, Severity::Info);
    assert!(
        r.findings[1].message.english().contains("+50"),
        "{}",
        r.findings[1].message
    );
}

#[test]
fn names_drift_and_rows_without_counterpart() {
    let header: &[&str] = &[
        "Tujuan/Sasaran",
        "Indikator Kinerja",
        "% Capaian",
        "Program/ Kegiatan",
        "Indikator Kinerja",
        "% Capaian",
    ];
    let analysis = sheet(
        "Tabel 3.8",
        &[
            header,
            &["", "", "", "Program X", "Nilai", "100,00%"],
            &[
                "",
                "",
                "",
                "Fasilitasi Kerumahtanggaan",
                "Jumlah bulan",
                "100,00%",
            ],
            &[
                "",
                "",
                "",
                "Kegiatan Baru Sekali",
                "Jumlah dokumen",
                "100,00%",
            ],
        ],
    );
    let real = realisasi(&[
        &["Program X", "Nilai", "#1", "#1", "100,00%", "", "", ""],
        &[
            "Fasilitas Kerumahtanggaan",
            "Jumlah bulan",
            "#12",
            "#11",
            "91,67%",
            "",
            "",
            "",
        ],
        &[
            "Penataan Organisasi",
            "Jumlah dokumen",
            "#4",
            "#4",
            "100,00%",
            "",
            "",
            "",
        ],
    ]);
    let r = check(vec![analysis, real]);
    assert_eq!(
        codes(&r.findings),
        [
            "label-mismatch Tabel 3.8!D3",
            "cross-table-mismatch Tabel 3.8!F3",
            "unmatched-row Tabel 3.8!D4",
            "unmatched-row Tabel 3.7!A7",
        ]
    );
    assert_eq!(
        only(&r, "cross-table-mismatch")[0]
            .expected_text()
            .as_deref(),
        Some("91.67")
    );
}

#[test]
fn ambiguous_number_is_refused_unless_the_column_says() {
    // "1.234" alone could be a thousand or one point two: refused.
    let r = check(vec![realisasi(&[&[
        "Kegiatan A",
        "x",
        "1.234",
        "#1234",
        "100,00%",
        "",
        "",
        "",
    ]])]);
    assert_eq!(codes(&r.findings), ["unreadable-number Tabel 3.7!C5"]);
    assert!(
        r.findings[0].message.english().contains("'1.234'"),
        "{}",
        r.findings[0].message
    );
    // The column writes "2,50" elsewhere: Indonesian, so 1.234 is a thousand.
    let r = check(vec![realisasi(&[
        &["Kegiatan A", "x", "1.234", "#1234", "100,00%", "", "", ""],
        &["Kegiatan B", "x", "2,50", "#2.5", "100,00%", "", "", ""],
    ])]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn error_cells_where_a_figure_belongs_are_reported() {
    let r = check(vec![realisasi(&[&[
        "Kegiatan A",
        "x",
        "#12",
        "#12",
        "100,00%",
        "#100",
        "#90",
        "!#DIV/0!",
    ]])]);
    assert_eq!(codes(&r.findings), ["unreadable-number Tabel 3.7!H5"]);
    assert!(
        r.findings[0].message.english().contains("#DIV/0!"),
        "{}",
        r.findings[0].message
    );
}

#[test]
fn levels_the_figures_show_when_no_kode_or_word_says_them() {
    // A kegiatan over two sub kegiatan, none with a kode or the words "Sub Kegiatan".
    let three = |program: &'static str| {
        realisasi(&[
            &["Program Penunjang Urusan", "x", "", "", "", program, "", ""],
            &[
                "Administrasi Keuangan Perangkat Daerah",
                "x",
                "",
                "",
                "",
                "#300",
                "",
                "",
            ],
            &[
                "Penyediaan Gaji dan Tunjangan ASN",
                "x",
                "",
                "",
                "",
                "#200",
                "",
                "",
            ],
            &[
                "Penyediaan Administrasi Pelaksanaan Tugas ASN",
                "x",
                "",
                "",
                "",
                "#100",
                "",
                "",
            ],
            &["Jumlah", "", "", "", "", program, "", ""],
        ])
    };
    assert!(check(vec![three("#300")]).findings.is_empty());
    // A real error is still an error: the program is not its kegiatan's 300.
    let r = check(vec![three("#310")]);
    assert_eq!(codes(&r.findings), ["sum-mismatch Tabel 3.7!F5"]);
    assert_eq!(r.findings[0].expected_text().as_deref(), Some("300"));
    // A program named without the word "Program" over its two kegiatan.
    let r = check(vec![realisasi(&[
        &[
            "Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
            "x",
            "",
            "",
            "",
            "#300",
            "",
            "",
        ],
        &["Administrasi Keuangan", "x", "", "", "", "#100", "", ""],
        &["Administrasi Umum", "x", "", "", "", "#200", "", ""],
        &["Jumlah", "", "", "", "", "#300", "", ""],
    ])]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

// ---------------------------------------------------------------------------------
// The families other units type, laid out as they do (generated here, each with a
// planted inconsistency and a clean twin)
// ---------------------------------------------------------------------------------

/// An SKM recapitulation with the unsur as columns: three respondents, four unsur.
fn recap(sum_u2: &str, ikm: &str) -> selaras::Sheet {
    sheet(
        "Rekap SKM",
        &[
            &["REKAPITULASI SKM PER UNSUR SEMESTER II"],
            &[],
            &["No. Responden", "U1", "U2", "U3", "U4"],
            &["#1", "#4", "#3", "#3", "#4"],
            &["#2", "#3", "#3", "#4", "#4"],
            &["#3", "#4", "#2", "#3", "#3"],
            &["Jumlah Nilai per Unsur", "#11", sum_u2, "#10", "#11"],
            &[
                "NRR per Unsur",
                "#3.67|0.00",
                "#2.67|0.00",
                "#3.33|0.00",
                "#3.67|0.00",
            ],
            &[
                "NRR Tertimbang",
                "#0.92|0.00",
                "#0.67|0.00",
                "#0.83|0.00",
                "#0.92|0.00",
            ],
            &["IKM Unit Layanan", ikm],
        ],
    )
}

#[test]
fn a_recap_of_other_words_and_size_adds_up_and_a_wrong_sum_or_ikm_is_found() {
    // Σ U2 = 3 + 3 + 2 = 8, NRR = 8 / 3 = 2,67, weighted 2,666… × 1/4 = 0,67;
    // IKM = (11 + 8 + 10 + 11) / 3 × 1/4 × 25 = 83,33.
    let clean = check(vec![recap("#8", "#83.33|0.00")]);
    assert_eq!(clean.tables[0].rule, "skm-rekap");
    assert_eq!(codes(&clean.findings), Vec::<String>::new());
    let wrong = check(vec![recap("#9", "#83.33|0.00")]);
    assert_eq!(codes(&wrong.findings), ["sum-mismatch Rekap SKM!C7"]);
    assert_eq!(wrong.findings[0].expected_text().as_deref(), Some("8"));
    let wrong = check(vec![recap("#8", "#85.00|0.00")]);
    assert_eq!(codes(&wrong.findings), ["index-mismatch Rekap SKM!B10"]);
    assert_eq!(wrong.findings[0].expected_text().as_deref(), Some("83.33"));
}

/// A Renja evaluation without kode, numbers as numbers, two urusan.
fn renja(sub_rp: &str) -> selaras::Sheet {
    let mut s = sheet(
        "Evaluasi Renja",
        &[
            &[
                "Urusan/Bidang Urusan/Program/Kegiatan",
                "Indikator Kinerja",
                "Realisasi Kinerja Pada Triwulan I - IV Tahun 2024",
            ],
            &["", "", "I", "", "II"],
            &["", "", "K", "Rp", "K", "Rp"],
            &[
                "URUSAN PEMERINTAHAN BIDANG PERHUBUNGAN",
                "",
                "",
                "#300",
                "",
                "#500",
            ],
            &[
                "PROGRAM PENYELENGGARAAN LALU LINTAS",
                "Persentase ruas jalan",
                "",
                "#300",
                "",
                "#500",
            ],
            &[
                "Penyediaan Perlengkapan Jalan",
                "Cakupan perlengkapan",
                "10%",
                "#200",
                "20%",
                "#350",
            ],
            &[
                "Pengadaan Rambu",
                "Jumlah rambu",
                "#5",
                sub_rp,
                "#7",
                "#150",
            ],
            &[
                "Pemasangan Marka",
                "Panjang marka",
                "#2",
                "#80",
                "#4",
                "#200",
            ],
            &[
                "Pengujian Kendaraan Bermotor",
                "Cakupan uji",
                "30%",
                "#100",
                "40%",
                "#150",
            ],
            &[
                "Pelaksanaan Uji Berkala",
                "Jumlah kendaraan diuji",
                "#40",
                "#100",
                "#60",
                "#150",
            ],
            &[
                "URUSAN PEMERINTAHAN BIDANG KOMUNIKASI",
                "",
                "",
                "#70",
                "",
                "#90",
            ],
            &[
                "PROGRAM PENGELOLAAN INFORMASI",
                "Indeks keterbukaan",
                "",
                "#70",
                "",
                "#90",
            ],
            &[
                "Pengelolaan Informasi Publik",
                "Cakupan informasi",
                "50%",
                "#70",
                "60%",
                "#90",
            ],
            &[
                "Layanan Informasi",
                "Jumlah layanan",
                "#3",
                "#70",
                "#5",
                "#90",
            ],
        ],
    );
    merge(&mut s, (0, 0), (2, 0));
    merge(&mut s, (0, 1), (2, 1));
    merge(&mut s, (0, 2), (0, 5));
    merge(&mut s, (1, 2), (1, 3));
    merge(&mut s, (1, 4), (1, 5));
    s
}

#[test]
fn a_renja_evaluation_of_another_unit_reads_its_levels_from_its_figures() {
    // The first program (300; 500) = its kegiatan 200 + 100 (350 + 150), each
    // the sum of its sub kegiatan (120 + 80; 150 + 200 = 350), under two urusan
    // headings: the second urusan is not the first program's row.
    let clean = check(vec![renja("#120")]);
    assert_eq!(clean.tables[0].rule, "evaluasi-renja");
    assert_eq!(codes(&clean.findings), Vec::<String>::new());
    // Pengadaan Rambu typed 130: its kegiatan (200) no longer adds up.
    let wrong = check(vec![renja("#130")]);
    assert_eq!(codes(&wrong.findings), ["sum-mismatch Evaluasi Renja!D6"]);
    assert_eq!(wrong.findings[0].expected_text().as_deref(), Some("210"));
}

/// IKM per layanan with its mutu, and a Rata-rata row.
fn layanan(mutu: &str, mean: &str) -> selaras::Sheet {
    sheet(
        "IKM Layanan",
        &[
            &["Nilai IKM per Jenis Layanan Tahun 2024"],
            &[],
            &["No", "Jenis Layanan", "Nilai IKM", "Mutu Pelayanan"],
            &["#1", "Izin Trayek", "#82.10", "B (Baik)"],
            &["#2", "Uji KIR", "#90.40", mutu],
            &["", "Rata-rata", mean, "B (Baik)"],
        ],
    )
}

#[test]
fn ikm_per_layanan_holds_its_mutu_and_its_mean() {
    // 90,40 lies in 88,31–100,00: A; (82,10 + 90,40) / 2 = 86,25: B.
    let clean = check(vec![layanan("A (Sangat Baik)", "#86.25")]);
    assert_eq!(clean.tables[0].rule, "ikm-layanan");
    assert_eq!(codes(&clean.findings), Vec::<String>::new());
    let wrong = check(vec![layanan("B (Baik)", "#86.52")]);
    assert_eq!(
        codes(&wrong.findings),
        [
            "category-mismatch IKM Layanan!D5",
            "average-mismatch IKM Layanan!C6"
        ]
    );
}

/// A budget export with one kode column.
fn export(rekening: &str) -> selaras::Sheet {
    sheet(
        "LRA",
        &[
            &["LAPORAN REALISASI ANGGARAN BELANJA"],
            &[],
            &["Kode Rekening", "Uraian", "Anggaran", "Realisasi", "%"],
            &["1.02.01", "PROGRAM PENUNJANG", "#1000", "#600", "#0.6|0%"],
            &["1.02.01.2.01", "Perencanaan", "#1000", "#600", "#0.6|0%"],
            &[
                "1.02.01.2.01.0001",
                "Penyusunan Dokumen",
                "#1000",
                "#600",
                "#0.6|0%",
            ],
            &[
                "5.1.02",
                "Belanja Barang dan Jasa",
                "#1000",
                "#600",
                "#0.6|0%",
            ],
            &["5.1.02.01", "Belanja Barang", rekening, "#250", "#0.625|0%"],
            &[
                "5.1.02.04",
                "Belanja Perjalanan Dinas",
                "#600",
                "#350",
                "#0.583333|0%",
            ],
        ],
    )
}

#[test]
fn a_budget_export_with_one_kode_column_adds_up_by_kode() {
    // With one kode column the rekening rows sit under the sub kegiatan only by
    // order (their kode does not extend it): they are held to the rekening above
    // them that they do extend (5.1.02 = 5.1.02.01 + 5.1.02.04 = 400 + 600).
    let clean = check(vec![export("#400")]);
    assert_eq!(clean.tables[0].rule, "realisasi-belanja");
    assert_eq!(codes(&clean.findings), Vec::<String>::new());
    // Belanja Barang typed 450: the rekening above no longer adds up, and its
    // own % (250 / 450 = 56%) no longer holds.
    let wrong = check(vec![export("#450")]);
    assert_eq!(
        codes(&wrong.findings),
        ["sum-mismatch LRA!C7", "percent-mismatch LRA!E8"]
    );
}

/// An LRA export with the sisa and the anggaran kas up to June: `sisa` of
/// Belanja Barang and `akas` of Belanja Perjalanan Dinas as given.
fn export_with_sisa(sisa: &str, akas: &str) -> selaras::Sheet {
    sheet(
        "LRA",
        &[
            &["LAPORAN REALISASI ANGGARAN BELANJA"],
            &[],
            &[
                "Kode Rekening",
                "Uraian",
                "Anggaran",
                "Realisasi",
                "Sisa Anggaran",
                "Anggaran Kas s.d. Juni",
            ],
            &[
                "5.1.02",
                "Belanja Barang dan Jasa",
                "#1000",
                "#600",
                "#400",
                "#700",
            ],
            &["5.1.02.01", "Belanja Barang", "#400", "#250", sisa, "#300"],
            &[
                "5.1.02.04",
                "Belanja Perjalanan Dinas",
                "#600",
                "#350",
                "#250",
                akas,
            ],
        ],
    )
}

#[test]
fn an_export_holds_its_sisa_to_anggaran_less_realisasi_and_its_akas_under_the_anggaran() {
    // 400 − 250 = 150 and 600 − 350 = 250; the AKAS 300 and 400 lie within
    // their anggaran 400 and 600.
    let clean = check(vec![export_with_sisa("#150", "#400")]);
    assert_eq!(clean.tables[0].rule, "realisasi-belanja");
    assert_eq!(codes(&clean.findings), Vec::<String>::new());
    // The sisa typed 160 (it is 150; the 400 above it, 10 short of its rows
    // by kode, is right: E5's own mistake explains it, so it is not said
    // again), the AKAS of Perjalanan Dinas typed 6.000 (above its 600; the
    // 700 above it stays as typed).
    let wrong = check(vec![export_with_sisa("#160", "#6000")]);
    assert_eq!(
        codes(&wrong.findings),
        ["sum-mismatch LRA!E5", "over-limit LRA!F6"]
    );
    let sisa = wrong
        .findings
        .iter()
        .find(|f| f.at.a1() == "E5")
        .expect("the sisa");
    assert_eq!(sisa.expected_text().as_deref(), Some("150"));
    assert_eq!(
        sisa.relation,
        Some(selaras::Relation::Formula("C5-D5".into()))
    );
}

/// A Perjanjian Kinerja lampiran of programs and kegiatan without kode, the
/// figures given: which rows are kegiatan only the figures tell.
fn pk_budget(rows: &[(&str, &str)]) -> selaras::Sheet {
    let mut table: Vec<Vec<&str>> = vec![
        vec!["PERJANJIAN KINERJA TAHUN 2025"],
        vec![],
        vec!["Program/Kegiatan", "Anggaran (Rp)"],
    ];
    table.extend(rows.iter().map(|(name, rp)| vec![*name, *rp]));
    let refs: Vec<&[&str]> = table.iter().map(Vec::as_slice).collect();
    sheet("Lampiran PK", &refs)
}

#[test]
fn a_budget_of_programs_and_kegiatan_without_kode_adds_up_by_its_figures() {
    // Two levels: each program = its kegiatan (600 + 400, 300 + 200), the
    // JUMLAH = the programs.
    let two = |keuangan: &str| {
        pk_budget(&[
            ("Program Penunjang Urusan Pemerintahan Daerah", "#1000000"),
            ("Perencanaan, Penganggaran, dan Evaluasi Kinerja", "#600000"),
            ("Administrasi Keuangan Perangkat Daerah", keuangan),
            ("Program Pengelolaan Pendidikan", "#500000"),
            ("Pengelolaan Pendidikan Sekolah Dasar", "#300000"),
            ("Pengelolaan Pendidikan Sekolah Menengah Pertama", "#200000"),
            ("Jumlah", "#1500000"),
        ])
    };
    let clean = check(vec![two("#400000")]);
    assert_eq!(clean.tables[0].rule, "anggaran-kegiatan");
    assert_eq!(codes(&clean.findings), Vec::<String>::new());
    // Administrasi Keuangan typed 450.000: no row sums rows under it, so every
    // row is a kegiatan and the program (1.000.000) is not their 1.050.000.
    let wrong = check(vec![two("#450000")]);
    assert_eq!(codes(&wrong.findings), ["sum-mismatch Lampiran PK!B4"]);
    assert_eq!(
        wrong.findings[0].expected_text().as_deref(),
        Some("1050000")
    );

    // Three levels: kegiatan 600.000 = its sub kegiatan 350.000 + 250.000.
    let three = |sub: &str| {
        pk_budget(&[
            ("Program Penunjang Urusan Pemerintahan Daerah", "#1000000"),
            ("Perencanaan, Penganggaran, dan Evaluasi Kinerja", "#600000"),
            ("Penyusunan Dokumen Perencanaan", "#350000"),
            ("Evaluasi Kinerja Perangkat Daerah", sub),
            ("Administrasi Keuangan Perangkat Daerah", "#400000"),
            ("Penyediaan Gaji dan Tunjangan ASN", "#400000"),
            ("Jumlah", "#1000000"),
        ])
    };
    assert_eq!(
        codes(&check(vec![three("#250000")]).findings),
        Vec::<String>::new()
    );
    // A sub kegiatan typed 260.000: its kegiatan no longer adds up.
    assert_eq!(
        codes(&check(vec![three("#260000")]).findings),
        ["sum-mismatch Lampiran PK!B5"]
    );
}

/// A kind of row is a total by its `role`, whatever the rules call it: a table
/// whose JUMLAH row is the kind `jumlah` keeps it out of the Rata-rata's mean once
/// the rules say `role = "total"`, and not before.
#[test]
fn a_total_is_known_by_its_role_not_its_name() {
    let rules_text = |role: &str| {
        format!(
            "id = \"nilai-uji\"\n\
             [[column]]\nkey = \"nama\"\nheader = [\"uraian\"]\n\
             [[column]]\nkey = \"nilai\"\nheader = [\"nilai\"]\n\
             [[row]]\nkind = \"jumlah\"\n{role}label = [\"jumlah*\"]\n\
             [[row]]\nkind = \"rata\"\nlabel = [\"rata-rata*\"]\n\
             [[row]]\nkind = \"item\"\n\
             [[check]]\ntype = \"average\"\ncolumn = \"nilai\"\nrow = \"rata\"\n"
        )
    };
    let table = || {
        crate::common::sheet(
            "Nilai",
            &[
                &["Uraian", "Nilai"],
                &["Layanan A", "#80"],
                &["Layanan B", "#90"],
                &["Layanan C", "#100"],
                &["Jumlah", "#270"],
                &["Rata-rata", "#90"],
            ],
        )
    };
    let run = |role: &str| {
        let mut rules = selaras::Rules::default();
        rules
            .add_file("nilai-uji.toml", &rules_text(role))
            .expect("the rules load");
        let report = selaras::check_workbook(&crate::common::book(vec![table()]), &rules);
        crate::common::codes(&report.findings)
    };
    assert_eq!(run("role = \"total\"\n"), Vec::<String>::new());
    // Without the role the JUMLAH row is one more row of the mean: (80+90+100+270)/4.
    assert_eq!(run(""), ["average-mismatch Nilai!B6"]);
    // A role that is none is refused, naming the key.
    let err = selaras::Rules::default()
        .add_file("nilai-uji.toml", &rules_text("role = \"jumlah\"\n"))
        .unwrap_err();
    assert_eq!(err.key, "role");
    assert!(
        err.message.contains("use total, average, section, index"),
        "{err}"
    );
}

/// A value that falls between two bands of its scale (PermenPAN-RB 14/2017's
/// nilai interval konversi ends a band at 64,99 and starts the next at 65,00)
/// cannot have its category judged: one warning for the column lists each such
/// value with the bands on either side; a value inside a band is judged as before.
#[test]
fn a_value_between_two_bands_is_said_once_not_passed_silently() {
    let report = crate::common::check(vec![crate::common::sheet(
        "IKM",
        &[
            &["No", "Layanan", "IKM", "Mutu"],
            &["#1", "Pelayanan Perizinan", "#64.995", "D"],
            &["#2", "Pelayanan Informasi", "#88.3", "B"],
            &["#3", "Pelayanan Pengaduan", "#76.605", "C"],
            &["#4", "Pelayanan Administrasi", "#70", "B"],
        ],
    )]);
    assert_eq!(
        crate::common::codes(&report.findings),
        ["scale-gap IKM!C2", "category-mismatch IKM!D5"]
    );
    let gap = &report.findings[0];
    assert_eq!(gap.severity, selaras::Severity::Warning);
    let said = gap.message.render(selaras::Lang::english());
    assert!(
        said.contains("64,995 (C2, between 'Tidak baik' and 'Kurang baik')")
            && said.contains("76,605 (C4, between 'Kurang baik' and 'Baik')"),
        "{said}"
    );
    assert_eq!(gap.inputs.len(), 2);
}

/// A capaian scale that copies Permendagri 86/2017's whole-number bands leaves
/// (90; 91), (75; 76), ... between its rows: one warning names the regulation and
/// says how a value there is read. A scale of the report's own in whole numbers
/// draws nothing, as before (its bands meet at the precision it is written at).
#[test]
fn a_scale_copying_a_regulations_whole_number_bands_is_one_warning() {
    let scale = |rows: &[[&str; 2]]| {
        let mut cells: Vec<&[&str]> = vec![&["Rentang Capaian", "Kategori Capaian"]];
        for r in rows {
            cells.push(r);
        }
        crate::common::check(vec![crate::common::sheet("Tabel 3.1", &cells)])
    };
    let copied = scale(&[
        ["91 - 100", "Sangat Tinggi"],
        ["76 - 90", "Tinggi"],
        ["66 - 75", "Sedang"],
        ["51 - 65", "Rendah"],
        ["0 - 50", "Sangat Rendah"],
    ]);
    assert_eq!(
        crate::common::codes(&copied.findings),
        ["scale-gap Tabel 3.1!A2"]
    );
    let f = &copied.findings[0];
    assert_eq!(f.severity, selaras::Severity::Warning);
    let said = f.message.render(selaras::Lang::english());
    assert!(
        said.contains("Permendagri 86/2017")
            && said.contains("(90; 91), (75; 76), (65; 66), (50; 51)"),
        "{said}"
    );
    // The report's own scale in whole numbers, no regulation's: its bands meet at the
    // precision it is written at, as before, and nothing is said.
    let own = scale(&[
        ["90 - 100", "Sangat Baik"],
        ["80 - 89", "Baik"],
        ["0 - 79", "Kurang"],
    ]);
    assert_eq!(crate::common::codes(&own.findings), Vec::<String>::new());
}
