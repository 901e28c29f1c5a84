//! Finding tables as people lay them out: merged two-row headers, tables that do
//! not start at A1, several tables on a sheet (stacked or side by side), a table
//! carried on after a repeated header, and a clear word when none is found.

use crate::common::{check, codes, merge, sheet, REALISASI_HEADER};

fn ranges(r: &selaras::FileReport) -> Vec<String> {
    r.tables
        .iter()
        .map(|t| format!("{}!{}", t.sheet, t.range))
        .collect()
}

#[test]
fn table_starting_at_c5_with_a_merged_two_row_header() {
    let mut s = sheet(
        "Lamp",
        &[
            &[],
            &[
                "",
                "",
                "Tabel 3.10 Realisasi Anggaran per Kegiatan Tahun 2024",
            ],
            &[],
            &[],
            &[
                "",
                "",
                "Program/Kegiatan",
                "Indikator Kinerja",
                "Kinerja",
                "",
                "",
                "Keuangan",
                "",
                "",
            ],
            &[
                "",
                "",
                "",
                "",
                "Target",
                "Realisasi",
                "%",
                "Pagu Anggaran",
                "Realisasi Anggaran",
                "%",
            ],
            &[
                "",
                "",
                "Kegiatan A",
                "Jumlah dokumen",
                "#4",
                "#4",
                "100,00%",
                "#200",
                "#150",
                "75,00%",
            ],
            &[
                "",
                "",
                "Kegiatan B",
                "Jumlah dokumen",
                "#4",
                "#3",
                "75,00%",
                "#100",
                "#90",
                "80,00%",
            ],
        ],
    );
    merge(&mut s, (4, 2), (5, 2));
    merge(&mut s, (4, 3), (5, 3));
    merge(&mut s, (4, 4), (4, 6));
    merge(&mut s, (4, 7), (4, 9));
    let r = check(vec![s]);
    assert_eq!(ranges(&r), ["Lamp!C5:J8"]);
    assert_eq!(
        r.tables[0].name,
        "Tabel 3.10 Realisasi Anggaran per Kegiatan Tahun 2024"
    );
    // Kegiatan B's serapan is 90,00, not 80,00: the "%" under Keuangan is the serapan.
    assert_eq!(codes(&r.findings), ["percent-mismatch Lamp!J8"]);
    // Named with the header line above it: "%" alone says little.
    assert_eq!(r.findings[0].column_label, "Keuangan %");
}

#[test]
fn stacked_tables_each_with_their_own_total() {
    let r = check(vec![sheet(
        "Realisasi",
        &[
            &["Realisasi 2023"],
            REALISASI_HEADER,
            &[
                "Kegiatan A",
                "x",
                "#1",
                "#1",
                "100,00%",
                "#100",
                "#90",
                "90,00%",
            ],
            &["Jumlah", "", "", "", "", "#100", "#90", "90,00%"],
            &["Realisasi 2024"],
            REALISASI_HEADER,
            &[
                "Kegiatan B",
                "x",
                "#1",
                "#1",
                "100,00%",
                "#100",
                "#80",
                "90,00%",
            ],
            &["Jumlah", "", "", "", "", "#100", "#80", "80,00%"],
        ],
    )]);
    assert_eq!(ranges(&r), ["Realisasi!A2:H4", "Realisasi!A6:H8"]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Realisasi!H7"]);
}

#[test]
fn tables_side_by_side() {
    let header: Vec<&str> = REALISASI_HEADER
        .iter()
        .copied()
        .chain(["", ""])
        .chain(REALISASI_HEADER.iter().copied())
        .collect();
    let r = check(vec![sheet(
        "Realisasi",
        &[
            &header,
            &[
                "Kegiatan A",
                "x",
                "#1",
                "#1",
                "100,00%",
                "#100",
                "#90",
                "90,00%",
                "",
                "",
                "Kegiatan B",
                "x",
                "#1",
                "#1",
                "100,00%",
                "#100",
                "#80",
                "90,00%",
            ],
        ],
    )]);
    assert_eq!(ranges(&r), ["Realisasi!A1:H2", "Realisasi!K1:R2"]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Realisasi!R2"]);
}

#[test]
fn a_repeated_header_carries_the_table_on() {
    // A table printed over two pages: its header repeats, its JUMLAH sums both parts.
    let r = check(vec![sheet(
        "Realisasi",
        &[
            REALISASI_HEADER,
            &["Program A", "x", "", "", "", "#300", "#270", "90,00%"],
            &["Kegiatan A1", "x", "", "", "", "#100", "#90", "90,00%"],
            &[],
            REALISASI_HEADER,
            &["Kegiatan A2", "x", "", "", "", "#200", "#180", "90,00%"],
            &["JUMLAH TOTAL", "", "", "", "", "#300", "#270", "90,00%"],
        ],
    )]);
    assert_eq!(ranges(&r), ["Realisasi!A1:H7"]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn an_indicator_starting_with_jumlah_is_not_a_total() {
    // The second indicator row of a kegiatan (no name) says "Jumlah rapat": not a JUMLAH row.
    let r = check(vec![sheet(
        "Realisasi",
        &[
            REALISASI_HEADER,
            &[
                "Program A",
                "Indeks",
                "#10",
                "#10",
                "100,00%",
                "#300",
                "#270",
                "90,00%",
            ],
            &[
                "Kegiatan A1",
                "Jumlah dokumen",
                "#4",
                "#4",
                "100,00%",
                "#200",
                "#180",
                "90,00%",
            ],
            &["", "Jumlah rapat", "#6", "#6", "100,00%", "", "", ""],
            &[
                "Kegiatan A2",
                "Jumlah laporan",
                "#2",
                "#2",
                "100,00%",
                "#100",
                "#90",
                "90,00%",
            ],
            &["Jumlah", "", "", "", "", "#300", "#270", "90,00%"],
        ],
    )]);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
}

#[test]
fn no_known_table_names_the_nearest_header_and_what_it_lacks() {
    let r = check(vec![sheet(
        "Sub Kegiatan",
        &[
            &["Laporan capaian"],
            &[],
            &[
                "Sub Kegiatan",
                "Indikator Kinerja",
                "Target",
                "Realisasi",
                "Capaian (%)",
            ],
            &["Penyediaan Gaji", "Jumlah orang", "#50", "#50", "#100"],
        ],
    )]);
    assert!(r.tables.is_empty());
    assert_eq!(codes(&r.findings), ["no-table Sub Kegiatan!A3"]);
    let m = &r.findings[0].message.english();
    assert!(
        m.contains("nothing was checked")
            && m.contains("row 3")
            && m.contains("no column for sasaran"),
        "{m}"
    );
}

#[test]
fn hidden_sheets_are_checked_and_said_to_be_hidden() {
    let mut s = sheet(
        "Tersembunyi",
        &[
            REALISASI_HEADER,
            &[
                "Kegiatan A",
                "x",
                "#1",
                "#1",
                "100,00%",
                "#100",
                "#80",
                "90,00%",
            ],
        ],
    );
    s.hidden = true;
    let r = check(vec![s]);
    assert_eq!(r.hidden_sheets, ["Tersembunyi"]);
    assert_eq!(codes(&r.findings), ["percent-mismatch Tersembunyi!H2"]);
}

/// Headers as sections word them in their capaian tables: a missed header would
/// make the table another rule's (a Perjanjian Kinerja, which states no capaian),
/// or no table at all, and a wrong capaian would pass unseen.
#[test]
fn capaian_tables_are_found_under_the_headers_sections_write() {
    for (indikator, target, realisasi, capaian) in [
        (
            "Indikator Kinerja",
            "Target 2024",
            "Realisasi 2024",
            "Persentase Capaian",
        ),
        (
            "Indikator Kinerja",
            "Target Tahun 2024",
            "Realisasi Tahun 2024",
            "Capaian (%)",
        ),
        ("IKU", "Target", "Realisasi", "Capaian (R/T x 100%)"),
        ("Indikator", "Target", "Realisasi", "Capaian 2024"),
    ] {
        let r = check(vec![sheet(
            "Capaian",
            &[
                &["Tabel 3.2 Pengukuran Capaian Kinerja Tahun 2024"],
                &[
                    "No",
                    "Sasaran Strategis",
                    indikator,
                    target,
                    realisasi,
                    capaian,
                ],
                &[
                    "1",
                    "Meningkatnya akuntabilitas kinerja",
                    "Nilai SAKIP",
                    "72,50",
                    "74,15",
                    "105,00%",
                ],
                &[
                    "2",
                    "Meningkatnya kualitas pelayanan publik",
                    "Indeks Kepuasan Masyarakat",
                    "85",
                    "88,81",
                    "104,48%",
                ],
            ],
        )]);
        let rules: Vec<&str> = r.tables.iter().map(|t| t.rule.as_str()).collect();
        assert_eq!(rules, ["capaian-kinerja"], "{capaian}");
        // 74,15 / 72,50 = 102,28%: the planted 105,00 is found; 88,81 / 85 = 104,48 agrees.
        assert_eq!(
            codes(&r.findings),
            ["percent-mismatch Capaian!F3"],
            "{indikator} / {target} / {capaian}"
        );
        assert_eq!(r.findings[0].expected_text().as_deref(), Some("102.28"));
    }
}

/// Total rows as sections label them: letter-spaced, or naming what they total.
/// Read as a kegiatan, such a row would make its program's sum wrong; read as a
/// total, it is checked against its rows.
#[test]
fn total_rows_are_known_however_they_are_labelled() {
    for label in [
        "J U M L A H",
        "Jumlah Belanja Langsung",
        "Total Program dan Kegiatan",
        "TOTAL",
    ] {
        let rows = |total_anggaran: &'static str| -> Vec<Vec<&'static str>> {
            vec![
                REALISASI_HEADER.to_vec(),
                vec![
                    "Program A",
                    "Indeks",
                    "#10",
                    "#10",
                    "100,00%",
                    "#300",
                    "#270",
                    "90,00%",
                ],
                vec![
                    "Kegiatan A1",
                    "Jumlah dokumen",
                    "#4",
                    "#4",
                    "100,00%",
                    "#200",
                    "#180",
                    "90,00%",
                ],
                vec![
                    "Kegiatan A2",
                    "Jumlah laporan",
                    "#2",
                    "#2",
                    "100,00%",
                    "#100",
                    "#90",
                    "90,00%",
                ],
                vec![label, "", "", "", "", total_anggaran, "#270", "90,00%"],
            ]
        };
        let clean = rows("#300");
        let clean: Vec<&[&str]> = clean.iter().map(Vec::as_slice).collect();
        let r = check(vec![sheet("Realisasi", &clean)]);
        assert!(r.findings.is_empty(), "{label}: {:#?}", r.findings);
        // The total typed 30 000 too high is found at the total, not at the program.
        let wrong = rows("#330");
        let wrong: Vec<&[&str]> = wrong.iter().map(Vec::as_slice).collect();
        let r = check(vec![sheet("Realisasi", &wrong)]);
        let sums: Vec<String> = codes(&r.findings)
            .into_iter()
            .filter(|c| c.starts_with("sum-mismatch"))
            .collect();
        assert_eq!(sums, ["sum-mismatch Realisasi!F5"], "{label}");
    }
}

/// A total over one row says so in words, not "the 1 rows".
#[test]
fn a_total_of_one_row_says_one_row() {
    let r = check(vec![sheet(
        "Realisasi",
        &[
            REALISASI_HEADER,
            &[
                "Program A",
                "Indeks",
                "#10",
                "#10",
                "100,00%",
                "#250",
                "#180",
                "72,00%",
            ],
            &[
                "Kegiatan A1",
                "Jumlah dokumen",
                "#4",
                "#4",
                "100,00%",
                "#200",
                "#180",
                "90,00%",
            ],
        ],
    )]);
    assert_eq!(codes(&r.findings), ["sum-mismatch Realisasi!F2"]);
    let formula = r.findings[0]
        .formula
        .as_ref()
        .map(|m| m.english())
        .unwrap_or_default();
    assert_eq!(formula, "Anggaran (Rp) = the one row under it = F3 = 200");
    let id = r.findings[0]
        .formula
        .as_ref()
        .map(|m| m.render(selaras::Lang::indonesian()))
        .unwrap_or_default();
    assert_eq!(id, "Anggaran (Rp) = satu baris di bawahnya = F3 = 200");
}

#[test]
fn a_note_word_far_into_a_table_ends_it_only_as_a_note_with_its_colon() {
    // "Catatan dan Rekomendasi ..." typed in a row's own indicator column (a
    // KKE's bukti dukung) is a row of the table; "Sumber : ..." there, as a
    // note is written, ends it; at the table's left edge a note ends it
    // however it is written.
    let row = |name: &str, indicator: &str| -> Vec<String> {
        [
            name, indicator, "#1", "#1", "100,00%", "#100", "#90", "90,00%",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect()
    };
    let rows = |middle: &[&str]| -> Vec<Vec<String>> {
        let mut out = vec![
            REALISASI_HEADER.iter().map(|s| s.to_string()).collect(),
            row("Kegiatan A", "x"),
        ];
        out.push(middle.iter().map(|s| s.to_string()).collect());
        out.push(row("Kegiatan B", "y"));
        out
    };
    let read = |middle: &[&str]| {
        let owned = rows(middle);
        let refs: Vec<Vec<&str>> = owned
            .iter()
            .map(|r| r.iter().map(String::as_str).collect())
            .collect();
        let slices: Vec<&[&str]> = refs.iter().map(Vec::as_slice).collect();
        ranges(&check(vec![sheet("Realisasi", &slices)]))
    };
    assert_eq!(
        read(&["", "", "", "", "", "Catatan dan Rekomendasi APIP"]),
        ["Realisasi!A1:H4"]
    );
    assert_eq!(
        read(&["", "", "", "", "", "Sumber : Bagian Keuangan"]),
        ["Realisasi!A1:H2"]
    );
    assert_eq!(
        read(&["", "", "", "", "", "Sumber data : Bagian Keuangan"]),
        ["Realisasi!A1:H2"]
    );
    assert_eq!(read(&["Catatan dan Rekomendasi APIP"]), ["Realisasi!A1:H2"]);
}
