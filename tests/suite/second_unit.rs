//! The second unit: an invented Dinas Kesehatan Kabupaten Contoh
//! (`fixtures/dinkes-contoh-2024.xlsx`, as typed with twelve planted mistakes, and its
//! clean twin `fixtures/dinkes-contoh-2024-clean.xlsx`, both made by
//! `cargo run --example make_fixtures`). It lays out the same kinds of table as the
//! reference report in another unit's way: other captions, table numbers and header
//! wordings, a Kode column that says each row's level, two tables stacked on a sheet,
//! a table starting at column B, merged body cells.
//!
//! Checked with the built-in rules only. The tests pin the tables recognised, the
//! exact findings of the as-typed file, the silence of the clean twin, and that the
//! silence is not for want of checking: one wrong figure typed into the twin is found.

use crate::common::{codes, fixture};
use calamine::Data;
use selaras::{CellAddr, FileReport, Finding, Raw, Rules, Severity, Sheet, Workbook};

const AS_TYPED: &str = "dinkes-contoh-2024.xlsx";
const CLEAN: &str = "dinkes-contoh-2024-clean.xlsx";

fn rules() -> Rules {
    Rules::built_in().expect("built-in rules load")
}

fn report(name: &str) -> FileReport {
    selaras::check_path(&fixture(name), &rules()).expect("fixture reads")
}

fn finding<'a>(r: &'a FileReport, cell: &str) -> &'a Finding {
    r.findings
        .iter()
        .find(|f| format!("{}!{}", f.at.sheet, f.at.a1()) == cell)
        .unwrap_or_else(|| panic!("no finding at {cell}"))
}

fn qualified(cells: &[CellAddr]) -> Vec<String> {
    cells.iter().map(CellAddr::qualified).collect()
}

#[test]
fn every_table_of_the_second_unit_is_recognised() {
    let expect = [
        // Renstra and PK stacked on one sheet; the years under "Target Kinerja" are
        // numbers, the triwulan headers "TW I" .. "TW IV".
        ("renstra", "Renstra-PK", "A5:K15"),
        ("perjanjian-kinerja", "Renstra-PK", "A21:J32"),
        // The predikat scale ("Interval Capaian (%)" / "Predikat") above the capaian table.
        ("kategori-capaian", "Pengukuran", "A3:C8"),
        ("capaian-kinerja", "Pengukuran", "A13:I22"),
        // "Unsur Pelayanan" / "NRR x 25" / "Mutu Pelayanan".
        ("ikm-unsur", "SKM", "A3:E12"),
        // Kode, "Pagu Anggaran (Rp)", "Realisasi Keuangan (Rp)", "% Serapan", from column B.
        ("realisasi-anggaran", "Realisasi Anggaran", "B6:J29"),
        ("efisiensi-anggaran", "Efisiensi", "A3:K8"),
        ("keterkaitan", "Analisis", "A3:H15"),
    ];
    for file in [AS_TYPED, CLEAN] {
        let found: Vec<(String, String, String)> = report(file)
            .tables
            .iter()
            .map(|t| (t.rule.clone(), t.sheet.clone(), t.range.clone()))
            .collect();
        let expect: Vec<(String, String, String)> = expect
            .iter()
            .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
            .collect();
        assert_eq!(found, expect, "{file}");
    }
}

#[test]
fn second_unit_findings_are_exactly_the_planted_mistakes() {
    let r = report(AS_TYPED);
    let expect = [
        // Tabel 2.1: the stunting kondisi akhir 15,00 is the 2025 target copied; the
        // final year's (2026) target is 14,00.
        "target-mismatch Renstra-PK!K9",
        // Tabel 2.2: "Jumlah puskesmas terakreditasi paripurna" is Kumulatif, but its
        // triwulan 1 + 2 + 2 + 2 = 7 for an annual target of 6.
        "target-mismatch Renstra-PK!E28",
        // Tabel 3.1: "≥ 91" Sangat Tinggi and "76 ≤ x ≤ 91" Tinggi both take 91.
        "scale-overlap Pengukuran!B5",
        // Tabel 3.2: Angka Kematian Ibu is negative by name: (2 x 95 − 86,07) / 95 x 100
        // = 109,40; the 90,60 typed is R / T.
        "percent-mismatch Pengukuran!H15",
        // ... UCI 86,30 / 95 = 90,8421..% is "Tinggi" (76 ≤ x ≤ 91 in the scale as
        // typed), not "Sangat Tinggi" ...
        "category-mismatch Pengukuran!I19",
        // ... and the IKM 87,26 is not the mean of Tabel 3.5's unsur: 798,58 / 9 = 88,73
        // as typed (the survey's 788,58 / 9 = 87,62, digits swapped).
        "index-mismatch Pengukuran!G22",
        // Tabel 3.5: Biaya/Tarif 103,18 (NRR 3,7272 x 25 = 93,18): above 100.
        "out-of-range SKM!D7",
        // Tabel 3.10: Penyediaan Gaji dan Tunjangan ASN, 36.904.117.352 / 38.612.480.000
        // = 95,5756..%, typed 95,57: cut off, not rounded half up (95,58).
        "rounding Realisasi Anggaran!J14",
        // ... kegiatan 1.02.02.2.02 states 2.497.650.000, its five sub kegiatan sum to
        // 2.488.650.000: Balita's pagu typed 345.900.000 for 354.900.000 ...
        "sum-mismatch Realisasi Anggaran!H23",
        // ... and the JUMLAH 54.020.930.000 is the two programs (39.717.980.000 +
        // 11.822.950.000 = 51.540.930.000) plus Rehabilitasi dan Pemeliharaan
        // Puskesmas (2.480.000.000) counted twice.
        "sum-mismatch Realisasi Anggaran!H29",
        // Tabel 3.11: the pagu murni 49.875.600.000 where Tabel 3.10's JUMLAH states
        // 54.020.930.000 (itself wrong: 51.540.930.000).
        "cross-table-mismatch Efisiensi!G5",
        // Tabel 3.12: "Penyediaan Pelayanan Kesehatan ..." where Tabel 3.10 (and the
        // Kepmendagri nomenclature) has "Penyediaan Layanan Kesehatan ...".
        "label-mismatch Analisis!E9",
    ];
    assert_eq!(codes(&r.findings), expect);
    let severity = |cell: &str| finding(&r, cell).severity;
    assert_eq!(severity("Realisasi Anggaran!J14"), Severity::Warning);
    assert_eq!(severity("Analisis!E9"), Severity::Warning);
    assert_eq!(severity("Pengukuran!B5"), Severity::Error);
    assert_eq!(severity("Pengukuran!G22"), Severity::Error);
    assert_eq!(severity("Efisiensi!G5"), Severity::Error);
    let tally = r.tally();
    assert_eq!((tally.errors, tally.warnings, tally.infos), (10, 2, 0));
}

#[test]
fn second_unit_findings_show_the_arithmetic() {
    let r = report(AS_TYPED);

    let aki = finding(&r, "Pengukuran!H15");
    assert_eq!(
        (aki.found_text().as_deref(), aki.expected_text().as_deref()),
        (Some("90.60"), Some("109.40"))
    );
    assert!(
        aki.message
            .english()
            .contains("it was computed as a positive indicator: R / T × 100")
            && aki.message.english().contains("is a negative indicator")
            && aki.message.english().contains("by the rules"),
        "{}",
        aki.message
    );

    let ikm = finding(&r, "Pengukuran!G22");
    assert_eq!(
        (ikm.found_text().as_deref(), ikm.expected_text().as_deref()),
        (Some("87.26"), Some("88.73"))
    );
    assert!(
        ikm.message
            .english()
            .contains("the mean of the 9 unsur in Tabel 3.5"),
        "{}",
        ikm.message
    );
    assert_eq!(
        qualified(&ikm.inputs),
        ["D4", "D5", "D6", "D7", "D8", "D9", "D10", "D11", "D12"].map(|c| format!("'SKM'!{c}"))
    );

    let quarters = finding(&r, "Renstra-PK!E28");
    assert_eq!(
        (
            quarters.found_text().as_deref(),
            quarters.expected_text().as_deref()
        ),
        (Some("6"), Some("7"))
    );
    assert_eq!(
        qualified(&quarters.inputs),
        ["F28", "G28", "H28", "I28"].map(|c| format!("'Renstra-PK'!{c}"))
    );

    let kegiatan = finding(&r, "Realisasi Anggaran!H23");
    assert!(
        kegiatan
            .message
            .english()
            .ends_with("the stated figure is higher by 9.000.000"),
        "{}",
        kegiatan.message
    );
    assert_eq!(
        qualified(&kegiatan.inputs),
        ["H24", "H25", "H26", "H27", "H28"].map(|c| format!("'Realisasi Anggaran'!{c}"))
    );

    let jumlah = finding(&r, "Realisasi Anggaran!H29");
    assert!(
        jumlah
            .message
            .english()
            .ends_with("the stated figure is higher by 2.480.000.000"),
        "{}",
        jumlah.message
    );
    assert_eq!(
        qualified(&jumlah.inputs),
        ["'Realisasi Anggaran'!H9", "'Realisasi Anggaran'!H19"]
    );

    let serapan = finding(&r, "Realisasi Anggaran!J14");
    assert!(
        serapan.message.english().contains("truncation")
            && serapan.message.english().contains("95,5756"),
        "{}",
        serapan.message
    );

    let pagu = finding(&r, "Efisiensi!G5");
    assert_eq!(
        (
            pagu.found_text().as_deref(),
            pagu.expected_text().as_deref()
        ),
        (Some("49875600000"), Some("54020930000"))
    );
    assert_eq!(qualified(&pagu.inputs), ["'Realisasi Anggaran'!H29"]);

    let kategori = finding(&r, "Pengukuran!I19");
    assert_eq!(kategori.expected_text().as_deref(), Some("Tinggi"));

    let name = finding(&r, "Analisis!E9");
    assert_eq!(
        name.expected_text().as_deref(),
        Some(
            "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota"
        )
    );
    assert_eq!(qualified(&name.inputs), ["'Realisasi Anggaran'!C23"]);

    let overlap = finding(&r, "Pengukuran!B5");
    assert!(
        overlap
            .message
            .english()
            .starts_with("two rows take exactly 91: '≥ 91' (Sangat Tinggi) starts at 91 and '76 ≤ x ≤ 91' (Tinggi) stops at 91"),
        "{}",
        overlap.message
    );
}

#[test]
fn second_unit_clean_twin_is_silent() {
    let r = report(CLEAN);
    assert!(r.findings.is_empty(), "{:#?}", r.findings);
    assert_eq!(r.tables.len(), 8);
}

/// Every cell of a workbook that holds something, as stored.
fn stored(book: &Workbook) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for s in &book.sheets {
        let (Some((top, left)), Some((bottom, right))) = (s.start(), s.end()) else {
            continue;
        };
        for r in top..=bottom {
            for c in left..=right {
                let raw = s.raw(r, c);
                if raw != Raw::Empty {
                    let at = CellAddr::new(&s.name, r, c);
                    out.push((format!("{}!{}", s.name, at.a1()), format!("{raw:?}")));
                }
            }
        }
    }
    out
}

#[test]
fn clean_twin_differs_only_in_the_corrected_cells() {
    let open = |name| Workbook::open(&fixture(name)).expect("fixture reads");
    let (typed, clean) = (stored(&open(AS_TYPED)), stored(&open(CLEAN)));
    assert_eq!(typed.len(), clean.len());
    let changed: Vec<&str> = typed
        .iter()
        .zip(&clean)
        .inspect(|(a, b)| assert_eq!(a.0, b.0, "the twins hold the same cells"))
        .filter(|(a, b)| a.1 != b.1)
        .map(|(a, _)| a.0.as_str())
        .collect();
    // The twelve numbered corrections of examples/make_fixtures.rs (`dinkes::cleaned`).
    let expect = [
        "Renstra-PK!K9",          // 2. kondisi akhir 14,00
        "Renstra-PK!F28",         // 3. triwulan I 0
        "Pengukuran!B5",          // 1. 76 ≤ x < 91
        "Pengukuran!H15",         // 4. 109,40%
        "Pengukuran!I15",         // 4. Sangat Tinggi
        "Pengukuran!I19",         // 5. Tinggi
        "Pengukuran!G22",         // 7. IKM 87,62
        "Pengukuran!H22",         // 7. 103,08%
        "SKM!D7",                 // 6. 93,18
        "Realisasi Anggaran!J14", // 9. 95,58
        "Realisasi Anggaran!H27", // 8. 354.900.000
        "Realisasi Anggaran!J27", // 8. 96,27
        "Realisasi Anggaran!H29", // 10. 51.540.930.000
        "Realisasi Anggaran!J29", // 10. 95,44
        "Efisiensi!G5",           // 11. Rp 51.540.930.000
        "Efisiensi!I5",           // 11. 95,44
        "Efisiensi!E8",           // 7. 87,62
        "Efisiensi!F8",           // 7. 103,08
        "Analisis!E9",            // 12. Penyediaan Layanan Kesehatan ...
        "Analisis!D10",           // 7. 103,08
    ];
    assert_eq!(changed, expect);
}

// ---------------------------------------------------------------------------------
// The clean twin's relations are live: one wrong figure typed into it is found
// ---------------------------------------------------------------------------------

fn a1(cell: &str) -> (u32, u32) {
    let letters = cell.chars().take_while(char::is_ascii_alphabetic).count();
    let col = cell[..letters]
        .bytes()
        .fold(0u32, |n, b| n * 26 + u32::from(b - b'A' + 1));
    let row: u32 = cell[letters..].parse().expect("a row number");
    (row - 1, col - 1)
}

/// A copy of `sheet` with one cell retyped: `"2,73"` as text, `"#84"` as a number in
/// the cell's own number format.
fn retyped(sheet: &Sheet, cell: &str, typed: &str) -> Sheet {
    let at = a1(cell);
    let (Some((top, left)), Some((bottom, right))) = (sheet.start(), sheet.end()) else {
        panic!("sheet {} is empty", sheet.name);
    };
    let mut cells = Vec::new();
    let mut formats = Vec::new();
    let mut format_at = None;
    for r in top..=bottom {
        for c in left..=right {
            let raw = sheet.raw(r, c);
            if (r, c) == at {
                if let Raw::Number { format, .. } = raw {
                    format_at = format.map(str::to_string);
                }
                continue;
            }
            match raw {
                Raw::Empty => {}
                Raw::Text(t) => cells.push(((r, c), Data::String(t.to_string()))),
                Raw::Number { value, format } => {
                    let v: f64 = value.to_string().parse().expect("a stored number");
                    cells.push(((r, c), Data::Float(v)));
                    if let Some(f) = format {
                        formats.push(((r, c), f.to_string()));
                    }
                }
                other => panic!("the fixture holds only text and numbers, not {other:?}"),
            }
        }
    }
    match typed.strip_prefix('#') {
        Some(n) => {
            cells.push((at, Data::Float(n.parse().expect("a number"))));
            formats.extend(format_at.map(|f| (at, f)));
        }
        None => cells.push((at, Data::String(typed.to_string()))),
    }
    let mut s = Sheet::from_cells(&sheet.name, cells, sheet.merges.clone());
    for ((r, c), f) in formats {
        s.set_format(r, c, &f);
    }
    s
}

/// The findings of the clean twin with one cell retyped.
fn clean_with(sheet: &str, cell: &str, typed: &str) -> Vec<String> {
    let mut book = Workbook::open(&fixture(CLEAN)).expect("the clean twin reads");
    let s = book
        .sheets
        .iter_mut()
        .find(|s| s.name == sheet)
        .expect("a sheet of the twin");
    *s = retyped(s, cell, typed);
    codes(&selaras::check_workbook(&book, &rules()).findings)
}

#[test]
fn clean_twin_relations_are_live() {
    let cases: [(&str, &str, &str, &[&str]); 10] = [
        // PMK 214/2017 over the five kegiatan of Tabel 3.10 gives 2,6329..%, NE 56,58.
        (
            "Efisiensi",
            "J5",
            "2,73",
            &["efficiency-mismatch Efisiensi!J5"],
        ),
        (
            "Efisiensi",
            "K5",
            "56,68",
            &["efficiency-mismatch Efisiensi!K5"],
        ),
        // The IKM row of Tabel 3.11 against Tabel 3.2 (and its own capaian).
        (
            "Efisiensi",
            "E8",
            "87,26",
            &[
                "cross-table-mismatch Efisiensi!E8",
                "percent-mismatch Efisiensi!F8",
            ],
        ),
        // Tabel 3.12's Rata-rata is the mean of its seven program/kegiatan rows.
        (
            "Analisis",
            "G15",
            "98,87",
            &["average-mismatch Analisis!G15"],
        ),
        // A program's capaian in Tabel 3.12 against Tabel 3.10 (and the Rata-rata).
        (
            "Analisis",
            "G7",
            "104,00",
            &[
                "cross-table-mismatch Analisis!G7",
                "average-mismatch Analisis!G15",
            ],
        ),
        // A sasaran's capaian in Tabel 3.12 against Tabel 3.2.
        (
            "Analisis",
            "D4",
            "84,33",
            &["cross-table-mismatch Analisis!D4"],
        ),
        // The Incidence Rate DBD is negative only by its Polaritas column: read as
        // positive, its 109,70% would be 90,30% — in Tabel 3.2 and in Tabel 3.11,
        // which takes the indicator's polarity from the table that declares it.
        (
            "Pengukuran",
            "E20",
            "Positif",
            &[
                "percent-mismatch Pengukuran!H20",
                "percent-mismatch Efisiensi!F7",
            ],
        ),
        // A Mutu Pelayanan letter against PermenPAN-RB 14/2017 (93,18 is A).
        ("SKM", "E7", "B", &["category-mismatch SKM!E7"]),
        // The Renstra's 2024 target against the PK's.
        (
            "Renstra-PK",
            "H15",
            "#84",
            &["target-mismatch Renstra-PK!E32"],
        ),
        // The PK's target against the Renstra, its own triwulan IV and Tabel 3.2.
        (
            "Renstra-PK",
            "E32",
            "#84",
            &[
                "target-mismatch Renstra-PK!E32",
                "target-mismatch Renstra-PK!I32",
                "target-mismatch Pengukuran!F22",
            ],
        ),
    ];
    for (sheet, cell, typed, expect) in cases {
        assert_eq!(
            clean_with(sheet, cell, typed),
            expect,
            "{sheet}!{cell} retyped {typed:?}"
        );
    }
}
