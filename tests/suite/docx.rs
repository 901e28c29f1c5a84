//! Auditing the Word draft (`selaras check draft.docx [laporan.xlsx]`), on the
//! drafts `examples/make_docx_fixture.rs` makes from the reference report's text:
//! its tables give the workbook's findings, its sentences are held against its
//! tables, and `--fix` writes tracked changes with comments.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use selaras::word::Document;
use selaras::{FileReport, Finding, Lang, Limits, Msg, Rules, Severity};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(name)
}

const PRINTED: &str = "lkjip-setda-kebumen-2024.docx";
const CLEAN: &str = "lkjip-setda-kebumen-2024-clean.docx";

/// A message in English, as the JSON report carries it.
fn en(m: &Msg) -> String {
    m.render(Lang::english())
}

fn rules() -> Rules {
    Rules::built_in().expect("built-in rules")
}

fn audit(path: &Path) -> FileReport {
    selaras::word::check_path(path, &rules(), &[], &Limits::default()).expect("the draft reads")
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("selaras-docx-{name}-{}", std::process::id()));
    // Fresh: a leftover of an earlier run under the same process id is not ours.
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The cited text a sentence finding marks: `[123,75%]` -> `123,75%`.
fn marked(f: &Finding) -> String {
    let s = &f.row_label;
    match (s.find('['), s.rfind(']')) {
        (Some(a), Some(b)) if b > a => s[a + 1..b].to_string(),
        _ => String::new(),
    }
}

/// A sentence finding as the tests state it: code, severity, place, the text marked,
/// found, expected.
type Said = (
    &'static str,
    Severity,
    String,
    String,
    Option<String>,
    Option<String>,
);

fn sentences(report: &FileReport) -> Vec<Said> {
    report
        .findings
        .iter()
        .filter(|f| f.at.is_paragraph())
        .map(|f| {
            (
                f.code.as_str(),
                f.severity,
                f.at.qualified(),
                marked(f),
                f.found_text(),
                f.expected_text(),
            )
        })
        .collect()
}

fn said(
    code: &'static str,
    severity: Severity,
    place: &str,
    text: &str,
    found: &str,
    expected: &str,
) -> Said {
    (
        code,
        severity,
        place.to_string(),
        text.to_string(),
        Some(found.to_string()),
        (!expected.is_empty()).then(|| expected.to_string()),
    )
}

/// Every contradiction between the reference report's sentences and its tables,
/// worked out by hand from the report's text (exact decimals):
///
/// * 3.1, after Tabel 3.4: "Realisasi IKM tahun 2024 (90,40%)" repeats Tabel 3.4's
///   90,40, but the IKM is the mean of its nine unsur in Tabel 3.6: 821,76 / 9 =
///   91,3066.. -> 91,31 (the table's own index-mismatch); so do the two 90,40 of BAB IV.
/// * same paragraph: "Tingkat Kemajuan 105,11%" repeats Tabel 3.4, but 90,40 / 86 =
///   105,1162..% -> 105,12% (the table truncated it: a rounding warning there).
/// * 3.1, after Grafik 3.2: "masuk kategori kinerja Unit Pelayanan Publik Baik": an
///   IKM of 90,40 lies in 88,31 - 100,00, "Sangat baik" by PermenPAN-RB 14/2017.
/// * 3.1, after Tabel 3.6: "Produk Pelayanan" among the lowest unsur: Tabel 3.6 calls
///   it "Produk Layanan" (the three named are the three lowest: 89,50, 90,30, 90,38).
/// * 3.2.3 and BAB IV: "efisiensi ... 12,99%" repeats Tabel 3.9, which no reading of
///   PMK 214/2017 reproduces: over the 18 kegiatan, capaian not capped, 10,29.
/// * BAB IV: "rata-rata capaian kinerja kegiatan 123,75%", where Tabel 3.8's
///   Rata-rata states 123,81 (= 2600,07 / 21, the 3 programs and 18 kegiatan).
/// * 2.1.1: "Misi Kabupaten Kebumen ada 6 (enam) yaitu :" over five items, a. to e.
/// * 2.2: "Penyusunan Perjanjian Kinerja … Tahun 2023 dengan uraian sebagai
///   berikut:" in the report of 2024 (its captions: Tabel 2.4 Perjanjian Kinerja
///   Tahun 2024, Tabel 3.2 Pengukuran … 2024, …).
/// * 3.1, after Tabel 3.5: "Realisasi dan Capaian kinerja IKM Setda tahun 2022 s.d.
///   2024 semakin meningkat": the Setda row's capaian goes 106,63% (2023) -> 106,35%
///   (2024); its realisasi does rise (86,53, 89,57, 90,40), so no single word
///   corrects it.
/// * 3.1 and BAB IV: "Realisasi IKM tahun 2024 (90,40%)" and "2023 (89,57%)": the
///   IKM is an index on 25-100, not a percentage (twice each). The comparison in
///   that sentence ("lebih tinggi") holds: 90,40 > 89,57.
///
/// And where they agree, nothing: "3 (tiga) Program dan 18 (delapan belas) Kegiatan"
/// (twice), "1 (satu) sasaran", "rata-rata capaian kinerja 123,81% kategori Baik
/// Sekali", "capaian kinerja ... 106,35% ... Baik Sekali" (twice), "realisasi IKM
/// tahun 2023 (89,57%)" (twice), "target ... 85", the three lowest unsur in BAB IV
/// and 4.3 (Waktu Pelayanan, Kompetensi Pelaksana, Produk Layanan).
#[test]
fn every_contradiction_between_the_reports_sentences_and_its_tables() {
    let report = audit(&fixture(PRINTED));
    use Severity::{Error, Warning};
    let expected = vec![
        said(
            "count-mismatch",
            Error,
            "paragraph 67",
            "6 (enam)",
            "6",
            "5",
        ),
        said(
            "year-mismatch",
            Warning,
            "paragraph 81",
            "2023",
            "tahun 2023",
            "tahun 2024",
        ),
        said(
            "text-mismatch",
            Warning,
            "paragraph 115",
            "90,40%",
            "90.40",
            "91.31",
        ),
        said(
            "unit-mismatch",
            Warning,
            "paragraph 115",
            "90,40%",
            "90,40%",
            "90,40",
        ),
        said(
            "unit-mismatch",
            Warning,
            "paragraph 115",
            "89,57%",
            "89,57%",
            "89,57",
        ),
        said(
            "text-mismatch",
            Warning,
            "paragraph 115",
            "105,11%",
            "105.11",
            "105.12",
        ),
        said(
            "trend-mismatch",
            Error,
            "paragraph 122",
            "semakin meningkat",
            "semakin meningkat",
            "",
        ),
        said(
            "category-mismatch",
            Error,
            "paragraph 127",
            "Baik",
            "Baik",
            "Sangat Baik",
        ),
        said(
            "text-name-mismatch",
            Warning,
            "paragraph 130",
            "Produk Pelayanan",
            "Produk Pelayanan",
            "Produk Layanan",
        ),
        said(
            "text-mismatch",
            Warning,
            "paragraph 144",
            "12,99%",
            "12.99",
            "10.29",
        ),
        said(
            "text-mismatch",
            Warning,
            "paragraph 147",
            "90,40",
            "90.40",
            "91.31",
        ),
        said(
            "text-mismatch",
            Error,
            "paragraph 148",
            "123,75%",
            "123.75",
            "123.81",
        ),
        said(
            "text-mismatch",
            Warning,
            "paragraph 148",
            "12,99%",
            "12.99",
            "10.29",
        ),
        said(
            "text-mismatch",
            Warning,
            "paragraph 149",
            "90,40%",
            "90.40",
            "91.31",
        ),
        said(
            "unit-mismatch",
            Warning,
            "paragraph 149",
            "90,40%",
            "90,40%",
            "90,40",
        ),
        said(
            "unit-mismatch",
            Warning,
            "paragraph 149",
            "89,57%",
            "89,57%",
            "89,57",
        ),
    ];
    assert_eq!(sentences(&report), expected);

    // The evaluator's reading, in the report's words: the trend quotes the
    // figures that go against it; the list its first and last items.
    let trend = report
        .findings
        .iter()
        .find(|f| f.code.as_str() == "trend-mismatch")
        .expect("the trend's finding");
    assert_eq!(
        en(&trend.message),
        "the sentence says \"semakin meningkat\" over 2022–2024, but Tabel 3.5 Perbandingan Capaian Kinerja IKM Setda 2023 s.d. 2024 gives capaian 2023 106,63% → 2024 106,35% (Meningkatkan Kualitas Pelayanan Publik Indeks Kepuasan Masyarakat Setda)"
    );
    assert!(trend.row_label.starts_with("Berdasarkan tabel di atas Realisasi dan Capaian kinerja IKM Setda tahun 2022 s.d. 2024 [semakin meningkat]"), "{}", trend.row_label);
    let list = report
        .findings
        .iter()
        .find(|f| f.code.as_str() == "count-mismatch")
        .expect("the list's count");
    assert_eq!(
        en(&list.message),
        "the sentence counts 6 (enam), but the list that follows it has 5 items, from \"- a. Peningkatan tata kelola …\" to \"- e. Mewujudkan masyarakat yang …\""
    );
    assert_eq!(
        en(&list.help),
        "Write 5 (lima), or add the missing items to the list (or remove the ones too many)."
    );
    // The tujuan and sasaran, "Meningkatnya …" in the Renstra and the Perjanjian
    // Kinerja, "Mewujudkan …" / "Meningkatkan …" in the measurement and analysis.
    let drift: Vec<(String, String)> = report
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "name-drift")
        .map(|f| (f.at.qualified(), en(&f.message)))
        .collect();
    assert_eq!(
        drift,
        [(
            "'Tabel 3.2'!B3".to_string(),
            "the statement \"Meningkatnya Kualitas Pelayanan Publik\" is worded differently from table to table: \"Meningkatnya Kualitas Pelayanan Publik\" (Tabel 2.1, Tabel 2.2, Tabel 2.3, Tabel 2.4, Tabel #19); \"Mewujudkan Kualitas Pelayanan Publik\" (Tabel 3.2, Tabel 3.5, Tabel 3.8, Tabel 3.9); \"Meningkatkan Kualitas Pelayanan Publik\" (Tabel 3.2, Tabel 3.5, Tabel 3.8, Tabel 3.9). A changed leading verb is another statement, so the reader cannot follow it from the plan to its measurement".to_string()
        )]
    );

    // The finding says where: the headings, the sentence with the figure marked, the
    // cell it is held against, and what to write.
    let avg = report
        .findings
        .iter()
        .find(|f| f.at.qualified() == "paragraph 148" && f.severity == Error)
        .expect("the average's finding");
    assert_eq!(
        avg.table,
        "BAB IV PENUTUP > 4.1. Tinjauan Umum Capaian Kinerja"
    );
    assert!(avg
        .row_label
        .contains("rata-rata capaian kinerja kegiatan [123,75%] semuanya"));
    assert_eq!(
        en(&avg.message),
        "the sentence says rata-rata capaian program dan kegiatan is 123,75, but Tabel 3.8, row 'Rata-rata', column '% Capaian (Program/ Kegiatan)' states 123,81"
    );
    assert_eq!(avg.inputs.len(), 1);
    assert_eq!(avg.inputs[0].qualified(), "'Tabel 3.8'!F28");
    assert!(en(&avg.help).starts_with("Write 123,81% in the sentence"));

    // A sentence repeating a wrong table figure says how the figure is recomputed.
    let eff = report
        .findings
        .iter()
        .find(|f| f.at.qualified() == "paragraph 144")
        .expect("the efficiency's finding");
    assert!(eff
        .formula
        .as_ref()
        .is_some_and(|f| en(f).starts_with("Tabel 3.9: E = ")));
    assert_eq!(
        eff.fix, None,
        "the table's own fix rests on a guess, so does the sentence's"
    );
}

/// The draft's tables give exactly the findings the workbook of the same report
/// gives: the same rules, the same checks, the same figures.
#[test]
fn the_drafts_tables_give_the_workbooks_findings() {
    let docx = audit(&fixture(PRINTED));
    let xlsx = selaras::check_path(&fixture("lkjip-setda-kebumen-2024.xlsx"), &rules())
        .expect("the workbook reads");
    let key = |f: &Finding| {
        (
            f.code,
            f.severity,
            f.row_label.clone(),
            f.column_label.clone(),
            f.found_text(),
            f.expected_text(),
        )
    };
    // The reading's name-drift is the draft's own (its tables side by side), not
    // a table check's.
    let mut a: Vec<_> = docx
        .findings
        .iter()
        .filter(|f| !f.at.is_paragraph() && f.code.as_str() != "name-drift")
        .map(key)
        .collect();
    let mut b: Vec<_> = xlsx.findings.iter().map(key).collect();
    a.sort();
    b.sort();
    assert_eq!(a.len(), 39);
    assert_eq!(a, b);
    // Located as "Tabel 3.9, row, column" and by the table's place in the document.
    let eff = docx
        .findings
        .iter()
        .find(|f| f.code.as_str() == "efficiency-mismatch")
        .expect("the efficiency finding");
    assert_eq!(eff.at.qualified(), "'Tabel 3.9'!H6");
    assert_eq!(
        eff.table,
        "Tabel 3.9. Efisiensi Anggaran Sekretariat Daerah Kabupaten Kebumen Tahun 2024 (#18: BAB III AKUNTABILITAS KINERJA > 3.2. Realisasi Anggaran > 3.2.3. Efisiensi Anggaran)"
    );
    assert_eq!(eff.row_label, "Meningkatkan Kualitas Pelayanan Publik");
    assert_eq!(eff.column_label, "Tingkat Efisiensi");
    let sheets: Vec<&str> = docx.tables.iter().map(|t| t.sheet.as_str()).collect();
    assert_eq!(
        sheets,
        [
            "Tabel 1.1",
            "Tabel 1.2",
            "Tabel 1.3",
            "Tabel 2.1",
            "Tabel 2.3",
            "Tabel 2.4",
            "Tabel 2.5",
            "Tabel 3.1",
            "Tabel 3.2",
            "Tabel 3.3",
            "Tabel 3.4",
            "Tabel 3.5",
            "Tabel 3.6",
            "Tabel 3.7",
            "Tabel 3.8",
            "Tabel 3.9",
            "Tabel #19",
            "Tabel #20"
        ]
    );
}

/// Merged cells: gridSpan across, vMerge down, as Word writes a header of three rows.
#[test]
fn merged_cells_and_headings_are_read() {
    let doc = Document::open(&fixture(PRINTED)).expect("the draft reads");
    let t = doc
        .tables
        .iter()
        .find(|t| t.sheet == "Tabel 3.5")
        .expect("Tabel 3.5");
    let merges: Vec<((u32, u32), (u32, u32))> = t.merges.iter().map(|d| (d.start, d.end)).collect();
    for m in [
        ((0, 0), (2, 0)), // No, three rows down
        ((0, 3), (0, 9)), // Tahun, seven columns across
        ((1, 4), (1, 6)), // 2023 over T, R, C
        ((1, 7), (1, 9)), // 2024 over T, R, C
    ] {
        assert!(merges.contains(&m), "{m:?} in {merges:?}");
    }
    assert_eq!(
        t.headings,
        [
            "BAB III AKUNTABILITAS KINERJA",
            "3.1. Capaian Kinerja Organisasi"
        ]
    );
    assert_eq!(
        t.caption.as_deref(),
        Some("Tabel 3.5 Perbandingan Capaian Kinerja IKM Setda 2023 s.d. 2024")
    );
    // A bold run inside a sentence is part of its text.
    assert!(doc
        .texts
        .iter()
        .any(|b| doc.paragraphs[b.paragraph].text.ends_with("atau kategori capaian kinerja Baik Sekali. Sedangkan apabila realisasi tahun 2024 dibandingkan target akhir 2026 telah berhasil mencapai Tingkat Kemajuan 105,11%.")));
}

/// The clean twin: sentences and tables agree, and its tables are right.
#[test]
fn the_clean_twin_gives_no_error() {
    let report = audit(&fixture(CLEAN));
    let tally = report.tally();
    assert_eq!(
        (tally.errors, tally.warnings),
        (0, 0),
        "{:#?}",
        report.findings
    );
    assert!(sentences(&report).is_empty());
    // Only the murni / perubahan budget differences, as information.
    assert!(report
        .findings
        .iter()
        .all(|f| f.code.as_str() == "budget-revised"));
}

/// A copy of a draft with texts of its document.xml replaced (each exactly once).
fn with_text(src: &Path, dst: &Path, replacements: &[(&str, &str)]) {
    let file = std::fs::File::open(src).expect("fixture");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let out = std::fs::File::create(dst).expect("copy");
    let mut w = zip::ZipWriter::new(out);
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).expect("entry");
        let name = entry.name().expect("a name").to_string();
        let mut bytes = Vec::new();
        entry.read_to_end(&mut bytes).expect("read");
        if name == "word/document.xml" {
            let mut text = String::from_utf8(bytes).expect("utf-8");
            for (old, new) in replacements {
                assert_eq!(text.matches(old).count(), 1, "'{old}' once in the draft");
                text = text.replacen(old, new, 1);
            }
            bytes = text.into_bytes();
        }
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .expect("start");
        w.write_all(&bytes).expect("write");
    }
    w.finish().expect("finish");
}

/// The evaluator's reading, planted in the clean twin (which passes it whole):
/// a trend the table contradicts everywhere (one word corrects it), a trend over a
/// year the table lacks, two figures a comparison gets the wrong way round, a list
/// counted short, another year's agreement, an index with a percent sign. Said in
/// both languages, and corrected by --fix where one value is right.
#[test]
fn planted_readings_are_found_said_in_both_languages_and_corrected() {
    let dir = temp_dir("planted-reading");
    let path = dir.join("draft.docx");
    with_text(
        &fixture(CLEAN),
        &path,
        &[
            // Tabel 3.5's realisasi rises every year (86,53, 89,57, 90,40).
            (
                "Realisasi kinerja IKM Setda tahun 2022 s.d. 2024 semakin meningkat.",
                "Realisasi kinerja IKM Setda tahun 2022 s.d. 2024 semakin menurun.",
            ),
            // 90,40 is not below 89,57.
            (
                "(90,40) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57) sehingga",
                "(90,40) lebih rendah apabila dibandingkan realisasi IKM tahun 2023 (89,57) sehingga",
            ),
            // Five misi follow.
            ("ada 5 (lima) yaitu :", "ada 4 (empat) yaitu :"),
            // The report of 2024 introduces its own agreement.
            (
                "Kebumen Tahun 2024 dengan uraian sebagai berikut:",
                "Kebumen Tahun 2022 dengan uraian sebagai berikut:",
            ),
            // The IKM is an index.
            (
                "(90,40) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57) namun",
                "(90,40%) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57) namun",
            ),
            // A capaian is a percentage.
            ("sebesar 106,35% atau kategori", "sebesar 106,35 atau kategori"),
            // The caption of the report's own agreement.
            (
                "Tabel 2.4 Perjanjian Kinerja Tahun 2024",
                "Tabel 2.4 Perjanjian Kinerja Tahun 2023",
            ),
        ],
    );
    let report = audit(&path);
    use Severity::{Error, Warning};
    let expected = vec![
        said(
            "count-mismatch",
            Error,
            "paragraph 67",
            "4 (empat)",
            "4",
            "5",
        ),
        said(
            "year-mismatch",
            Warning,
            "paragraph 81",
            "2022",
            "tahun 2022",
            "tahun 2024",
        ),
        said(
            "year-mismatch",
            Warning,
            "paragraph 82",
            "2023",
            "tahun 2023",
            "tahun 2024",
        ),
        said(
            "trend-mismatch",
            Error,
            "paragraph 115",
            "lebih rendah",
            "lebih rendah",
            "",
        ),
        said(
            "unit-mismatch",
            Warning,
            "paragraph 115",
            "106,35",
            "106,35",
            "106,35%",
        ),
        said(
            "trend-mismatch",
            Error,
            "paragraph 122",
            "semakin menurun",
            "semakin menurun",
            "semakin meningkat",
        ),
        said(
            "unit-mismatch",
            Warning,
            "paragraph 149",
            "90,40%",
            "90,40%",
            "90,40",
        ),
    ];
    assert_eq!(sentences(&report), expected);
    let message = |code: &str, lang: Lang| {
        let f = report
            .findings
            .iter()
            .find(|f| f.code.as_str() == code)
            .expect("the finding");
        f.message.render(lang)
    };
    assert_eq!(
        message("trend-mismatch", Lang::indonesian()),
        "kalimat menyatakan \"lebih rendah\", tetapi angka yang ditulisnya sendiri, 90,40 dan 89,57, menunjukkan sebaliknya"
    );
    assert_eq!(
        message("year-mismatch", Lang::indonesian()),
        "kalimat menyebut Perjanjian Kinerja tahun 2022, padahal ini laporan tahun 2024 (tahun yang disebut keterangan tabel dan judul bab)"
    );
    let units: Vec<String> = report
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "unit-mismatch")
        .map(|f| f.message.render(Lang::english()))
        .collect();
    assert_eq!(
        units,
        [
            "capaian kinerja is a percentage, yet the sentence writes 106,35 without its sign",
            "IKM is an index (25 to 100), not a percentage, yet the sentence writes 90,40%: its capaian is the percentage"
        ]
    );
    assert_eq!(
        message("count-mismatch", Lang::indonesian()),
        "kalimat menyebut 4 (empat), tetapi daftar sesudahnya memuat 5 butir, dari \"- a. Peningkatan tata kelola …\" sampai \"- e. Mewujudkan masyarakat yang …\""
    );
    // "IKM Setda": the row whose label says Setda, not the tujuan's row.
    let trend = report
        .findings
        .iter()
        .find(|f| f.at.qualified() == "paragraph 122")
        .expect("the table trend");
    assert_eq!(
        trend.message.render(Lang::english()),
        "the sentence says \"semakin menurun\" over 2022–2024, but Tabel 3.5 Perbandingan Capaian Kinerja IKM Setda 2023 s.d. 2024 gives realisasi 2022 86,53 → 2023 89,57 (Meningkatnya Kualitas Pelayanan Publik Indeks Kepuasan Masyarakat Setda); realisasi 2023 89,57 → 2024 90,40 (Meningkatnya Kualitas Pelayanan Publik Indeks Kepuasan Masyarakat Setda)"
    );

    // A year the table lacks: undecided, said as information.
    let undecided = dir.join("undecided.docx");
    with_text(
        &fixture(CLEAN),
        &undecided,
        &[(
            "Realisasi kinerja IKM Setda tahun 2022 s.d. 2024 semakin meningkat.",
            "Realisasi kinerja IKM Setda tahun 2021 s.d. 2024 semakin meningkat.",
        )],
    );
    let report = audit(&undecided);
    let found: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "trend-undecided")
        .map(|f| (f.severity, f.message.render(Lang::english())))
        .collect();
    assert_eq!(
        found,
        [(
            Severity::Info,
            "the sentence says \"semakin meningkat\", but Tabel 3.5 Perbandingan Capaian Kinerja IKM Setda 2023 s.d. 2024 has no figure for realisasi 2021, so the claim cannot be checked there".to_string()
        )]
    );

    // --fix: one tracked change where one value is right, a comment otherwise.
    let output = dir.join("draft.corrected.docx");
    let fixed = selaras::word::fix_file(
        &path,
        &output,
        true,
        selaras::repair::Options::default(),
        &rules(),
        &[],
        &Limits::default(),
    )
    .expect("the corrected copy");
    let changes: Vec<(String, String, String, &str)> = fixed
        .fixed
        .as_ref()
        .expect("a fix summary")
        .changes
        .iter()
        .map(|(at, old, new, code)| (at.qualified(), old.clone(), new.clone(), code.as_str()))
        .collect();
    let c = |at: &str, old: &str, new: &str, code: &'static str| {
        (at.to_string(), old.to_string(), new.to_string(), code)
    };
    assert_eq!(
        changes,
        [
            c("paragraph 67", "4 (empat)", "5 (lima)", "count-mismatch"),
            c("paragraph 81", "2022", "2024", "year-mismatch"),
            c("paragraph 82", "2023", "2024", "year-mismatch"),
            c("paragraph 115", "106,35", "106,35%", "unit-mismatch"),
            c(
                "paragraph 122",
                "semakin menurun",
                "semakin meningkat",
                "trend-mismatch"
            ),
            c("paragraph 149", "90,40%", "90,40", "unit-mismatch"),
        ]
    );
    let comments = part(&output, "word/comments.xml");
    assert!(
        comments.contains("selaras [trend-mismatch]: the sentence says &quot;lebih rendah&quot;")
    );
    // Accepted, the changes leave the reading with nothing to say but the comparison.
    let again: Vec<String> = sentences(&audit(&output))
        .into_iter()
        .map(|s| format!("{} {}", s.0, s.3))
        .collect();
    assert_eq!(again, ["trend-mismatch lebih rendah"]);
}

/// What the phrasings catch, planted in the clean twin: counts (digits and number
/// words), a category word, the lowest named, a target and last year's realisasi.
#[test]
fn planted_contradictions_are_found() {
    let dir = temp_dir("planted");
    let path = dir.join("draft.docx");
    with_text(
        &fixture(CLEAN),
        &path,
        &[
            // 3 programs in Tabel 3.8, and "tujuh belas" is 17, not 18.
            (
                "dari 3 (tiga) Program dan 18 (delapan belas) Kegiatan",
                "dari 4 (empat) Program dan 18 (tujuh belas) Kegiatan",
            ),
            // 123,81% is above 100%: "Baik Sekali" by Tabel 3.1.
            (
                "rata-rata capaian kinerja 123,81% kategori Baik Sekali",
                "rata-rata capaian kinerja 123,81% kategori Baik",
            ),
            // The three lowest unsur of the clean Tabel 3.6: Waktu Pelayanan 89,50,
            // Kompetensi Pelaksana 89,55, Produk Layanan 89,62; Perilaku Pelaksana is 89,97.
            (
                "adalah unsur Waktu Pelayanan, Kompetensi Pelaksana dan Produk Layanan",
                "adalah unsur Waktu Pelayanan, Perilaku Pelaksana dan Produk Layanan",
            ),
            // Tabel 3.4's target is 85.
            (
                "target kinerja yang telah ditetapkan 85",
                "target kinerja yang telah ditetapkan 86",
            ),
            // Tabel 3.4's Realisasi 2023 is 89,57.
            (
                "dibandingkan realisasi IKM tahun 2023 (89,57) sehingga",
                "dibandingkan realisasi IKM tahun 2023 (89,75) sehingga",
            ),
            // Tabel 3.4's capaian is 106,35% (the category of 106,53% is still Baik Sekali).
            (
                "sebesar 106,35% atau kategori",
                "sebesar 106,53% atau kategori",
            ),
            // 106,35% is above 100%: not "Cukup".
            (
                "106,35% dengan kategori kinerja Baik Sekali",
                "106,35% dengan kategori kinerja Cukup",
            ),
            // Tabel 3.2 measures one sasaran.
            ("dalam 1 (satu) sasaran", "dalam 2 (dua) sasaran"),
        ],
    );
    let report = audit(&path);
    use Severity::Error;
    let expected = vec![
        said(
            "count-mismatch",
            Error,
            "paragraph 103",
            "2 (dua)",
            "2",
            "1",
        ),
        said(
            "text-mismatch",
            Error,
            "paragraph 115",
            "89,75",
            "89.75",
            "89.57",
        ),
        said(
            "text-mismatch",
            Error,
            "paragraph 115",
            "106,53%",
            "106.53",
            "106.35",
        ),
        said(
            "lowest-mismatch",
            Error,
            "paragraph 130",
            "Perilaku Pelaksana",
            "Perilaku Pelaksana",
            "",
        ),
        said(
            "count-mismatch",
            Error,
            "paragraph 140",
            "4 (empat)",
            "4",
            "3",
        ),
        said(
            "count-mismatch",
            Error,
            "paragraph 140",
            "18 (tujuh belas)",
            "18",
            "18",
        ),
        said(
            "category-mismatch",
            Error,
            "paragraph 140",
            "Baik",
            "Baik",
            "Baik Sekali",
        ),
        said("text-mismatch", Error, "paragraph 147", "86", "86", "85"),
        said(
            "category-mismatch",
            Error,
            "paragraph 147",
            "Cukup",
            "Cukup",
            "Baik Sekali",
        ),
    ];
    assert_eq!(sentences(&report), expected);
    let lowest = report
        .findings
        .iter()
        .find(|f| f.code.as_str() == "lowest-mismatch")
        .expect("lowest");
    assert_eq!(
        en(&lowest.message),
        "the sentence names 'Perilaku Pelaksana' (89,97) among the 3 lowest of Tabel 3.6, but the 3 lowest are Waktu Pelayanan (89,50), Kompetensi Pelaksana (89,55), Produk Layanan (89,62)"
    );
    let word = report
        .findings
        .iter()
        .find(|f| marked(f) == "18 (tujuh belas)")
        .expect("the number word");
    assert_eq!(
        en(&word.message),
        "the sentence writes 18 in digits but 'tujuh belas' (17) in words"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// With the workbook the draft came from: the draft's tables are held against it by
/// meaning, and differ exactly where the two workbooks differ.
#[test]
fn the_draft_is_held_against_its_workbook() {
    let rules = rules();
    let open = |name: &str| selaras::open(&fixture(name), &rules, false).expect("workbook");
    // The printed draft against the printed workbook: the same tables.
    let same = vec![(
        "lkjip-setda-kebumen-2024.xlsx".to_string(),
        open("lkjip-setda-kebumen-2024.xlsx"),
    )];
    let report = selaras::word::check_path(&fixture(PRINTED), &rules, &same, &Limits::default())
        .expect("reads");
    assert!(report
        .findings
        .iter()
        .all(|f| f.code.as_str() != "draft-mismatch"));
    assert_eq!(sentences(&report), sentences(&audit(&fixture(PRINTED))));

    // The printed draft against the clean workbook: a draft-mismatch for every change
    // `selaras diff` finds between the printed and the clean workbook.
    let clean = vec![(
        "lkjip-setda-kebumen-2024-clean.xlsx".to_string(),
        open("lkjip-setda-kebumen-2024-clean.xlsx"),
    )];
    let report = selaras::word::check_path(&fixture(PRINTED), &rules, &clean, &Limits::default())
        .expect("reads");
    let mut got: Vec<(String, String, Option<String>, Option<String>)> = report
        .findings
        .iter()
        .filter(|f| f.code.as_str() == "draft-mismatch" && f.severity == Severity::Error)
        .map(|f| {
            (
                f.row_label.clone(),
                f.column_label.clone(),
                f.found_text(),
                f.expected_text(),
            )
        })
        .collect();
    let mut want: Vec<_> = selaras::compare::diff(
        &open("lkjip-setda-kebumen-2024-clean.xlsx"),
        &open("lkjip-setda-kebumen-2024.xlsx"),
        &rules,
    )
    .into_iter()
    .filter(|c| c.kind == selaras::compare::Kind::Changed)
    // A figure is the finding's value as JSON writes it (90.38), a text as
    // the cell holds it; a cell that holds nothing, found empty.
    .map(|c| {
        let (old, new) = c.values;
        let json = |v: Option<selaras::Value>| v.map(|v| v.to_string());
        (
            c.row,
            c.column,
            json(new).or(Some(String::new())),
            json(old),
        )
    })
    .collect();
    got.sort();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    let kemajuan = report
        .findings
        .iter()
        .find(|f| f.code.as_str() == "draft-mismatch" && f.column_label == "Tingkat Kemajuan")
        .expect("Tingkat Kemajuan differs");
    assert_eq!(kemajuan.at.qualified(), "'Tabel 3.4'!H5");
    assert_eq!(
        kemajuan.inputs[0].file.as_deref(),
        Some("lkjip-setda-kebumen-2024-clean.xlsx")
    );
}

/// The parts of a package, name -> bytes.
fn parts(path: &Path) -> Vec<(String, Vec<u8>, u32, u64)> {
    let file = std::fs::File::open(path).expect("package");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    (0..zip.len())
        .map(|i| {
            let mut e = zip.by_index(i).expect("entry");
            let name = e.name().expect("name").to_string();
            let (crc, size) = (e.crc32(), e.compressed_size());
            let mut b = Vec::new();
            e.read_to_end(&mut b).expect("read");
            (name, b, crc, size)
        })
        .collect()
}

fn part(path: &Path, name: &str) -> String {
    let p = parts(path);
    let (_, b, _, _) = p
        .iter()
        .find(|(n, ..)| n == name)
        .unwrap_or_else(|| panic!("{name}"));
    String::from_utf8(b.clone()).expect("utf-8")
}

fn fix_reference(dir: &Path) -> (PathBuf, PathBuf, FileReport) {
    let input = dir.join("draft.docx");
    std::fs::copy(fixture(PRINTED), &input).expect("copy");
    let output = selaras::word::corrected_path(&input);
    let report = selaras::word::fix_file(
        &input,
        &output,
        false,
        selaras::repair::Options::default(),
        &rules(),
        &[],
        &Limits::default(),
    )
    .expect("the corrected copy is written");
    (input, output, report)
}

/// --fix: every correction a tracked change by "selaras" with a dated comment giving
/// the reason; the input untouched; the other parts copied byte for byte; the copy
/// read again has none of the corrected findings.
#[test]
fn fix_writes_tracked_changes_with_comments() {
    let dir = temp_dir("fix");
    let (input, output, report) = fix_reference(&dir);
    assert_eq!(
        output.file_name().and_then(|n| n.to_str()),
        Some("draft.corrected.docx")
    );
    assert_eq!(
        std::fs::read(&input).expect("input"),
        std::fs::read(fixture(PRINTED)).expect("fixture")
    );
    let fixed = report.fixed.as_ref().expect("a fix summary");
    let changes: Vec<(String, String, String, &str)> = fixed
        .changes
        .iter()
        .map(|(at, old, new, code)| (at.qualified(), old.clone(), new.clone(), code.as_str()))
        .collect();
    let c = |at: &str, old: &str, new: &str, code: &'static str| {
        (at.to_string(), old.to_string(), new.to_string(), code)
    };
    assert_eq!(
        changes,
        [
            // The list's count and the agreement's year, each with one correct value.
            c("paragraph 67", "6 (enam)", "5 (lima)", "count-mismatch"),
            c("paragraph 81", "2023", "2024", "year-mismatch"),
            // The table's truncated figure, rounded half up (safe: recomputed from its cells).
            c("'Tabel 3.4'!H5", "105,11%", "105,12%", "rounding"),
            // The IKM written as the index it is.
            c("paragraph 115", "90,40%", "90,40", "unit-mismatch"),
            c("paragraph 115", "89,57%", "89,57", "unit-mismatch"),
            // The sentence that repeats it, held against the corrected table.
            c("paragraph 115", "105,11%", "105,12%", "text-mismatch"),
            c("paragraph 127", "Baik", "Sangat Baik", "category-mismatch"),
            c(
                "paragraph 130",
                "Produk Pelayanan",
                "Produk Layanan",
                "text-name-mismatch"
            ),
            c("paragraph 148", "123,75%", "123,81%", "text-mismatch"),
            c("paragraph 149", "90,40%", "90,40", "unit-mismatch"),
            c("paragraph 149", "89,57%", "89,57", "unit-mismatch"),
        ]
    );
    let document = part(&output, "word/document.xml");
    assert_eq!(document.matches("<w:del ").count(), 11);
    assert_eq!(document.matches("<w:ins ").count(), 11);
    assert_eq!(document.matches("w:author=\"selaras\"").count(), 22);
    assert!(document
        .contains("<w:delText xml:space=\"preserve\">123,75%</w:delText></w:r></w:del><w:ins "));
    assert!(document
        .contains("<w:t xml:space=\"preserve\">123,81%</w:t></w:r></w:ins><w:commentRangeEnd"));
    let date = document
        .split("w:date=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a date");
    assert!(
        date.len() == 20 && date.ends_with('Z') && date.as_bytes()[10] == b'T',
        "{date}"
    );
    let comments = part(&output, "word/comments.xml");
    assert!(comments.contains("selaras [text-mismatch]: the sentence says rata-rata capaian program dan kegiatan is 123,75, but Tabel 3.8"));
    assert!(comments.contains("selaras [category-mismatch]: the sentence calls 90,40 'Baik'"));
    // A trend no single word corrects (realisasi rose, capaian fell) gets a comment.
    assert!(comments.contains(
        "selaras [trend-mismatch]: the sentence says &quot;semakin meningkat&quot; over 2022–2024"
    ));
    // What remains without one correct value gets a comment on its text, no change:
    // the efficiency of Tabel 3.9, and the sentence that repeats it.
    assert!(comments.contains("selaras [efficiency-mismatch]: Tingkat Efisiensi is 12,99"));
    assert!(
        comments.contains("selaras [text-mismatch]: the sentence repeats efisiensi anggaran 12,99")
    );
    let ids = |tag: &str| document.matches(tag).count();
    assert_eq!(
        comments.matches("<w:comment ").count(),
        ids("<w:commentReference ")
    );
    assert_eq!(ids("<w:commentRangeStart "), ids("<w:commentRangeEnd "));
    assert!(comments.matches("<w:comment ").count() > 5);
    assert!(part(&output, "[Content_Types].xml").contains("PartName=\"/word/comments.xml\""));
    assert!(part(&output, "word/_rels/document.xml.rels")
        .contains("relationships/comments\" Target=\"comments.xml\""));
    // Untouched parts: the same bytes, compressed as they were.
    let before = parts(&input);
    let after = parts(&output);
    for (name, bytes, crc, size) in &before {
        if [
            "word/document.xml",
            "[Content_Types].xml",
            "word/_rels/document.xml.rels",
        ]
        .contains(&name.as_str())
        {
            continue;
        }
        let (_, b2, crc2, size2) = after.iter().find(|(n, ..)| n == name).expect("part kept");
        assert_eq!((bytes, crc, size), (b2, crc2, size2), "{name}");
    }
    // Read again (the changes as if accepted): the corrected findings are gone.
    let again = audit(&output);
    let left: Vec<String> = sentences(&again).into_iter().map(|s| s.3).collect();
    assert!(!left.contains(&"123,75%".to_string()) && !left.contains(&"105,11%".to_string()));
    assert!(!again.findings.iter().any(|f| f.code.as_str() == "rounding"));
    assert!(!again
        .findings
        .iter()
        .any(|f| f.code.as_str() == "category-mismatch" && f.at.is_paragraph()));
    // The copy is never written over the input, nor over an existing copy without --force.
    let refuse = selaras::word::fix_file(
        &input,
        &input,
        true,
        selaras::repair::Options::default(),
        &rules(),
        &[],
        &Limits::default(),
    );
    assert!(refuse.is_err());
    let again = selaras::word::fix_file(
        &input,
        &output,
        false,
        selaras::repair::Options::default(),
        &rules(),
        &[],
        &Limits::default(),
    );
    assert!(again
        .err()
        .is_some_and(|e| e.to_string().contains("exists already")));
    std::fs::remove_dir_all(&dir).ok();
}

/// An office adds its own phrasing without Rust; a bad one is refused with the file,
/// line and key.
#[test]
fn phrasings_are_rules_data() {
    let dir = temp_dir("rules");
    std::fs::write(
        dir.join("kalimat-kantor.toml"),
        "[[claim]]\nid = \"serapan-total\"\nwhat = \"serapan total\"\npattern = ['penyerapan anggaran (?:sebesar )?{figure}']\ntable = [\"realisasi-anggaran\"]\ncolumn = \"serapan\"\nrows = [\"total\"]\n",
    )
    .expect("rules file");
    let rules = Rules::with_dir(&dir).expect("the office's rules load");
    assert!(rules.claims.iter().any(|c| c.id == "serapan-total"));
    let draft = dir.join("draft.docx");
    with_text(
        &fixture(CLEAN),
        &draft,
        &[("Realisasi anggaran Sekretariat Daerah Tahun 2024 dapat dilihat pada tabel berikut:", "Realisasi anggaran Sekretariat Daerah Tahun 2024 dengan penyerapan anggaran sebesar 91,15% dapat dilihat pada tabel berikut:")],
    );
    let report = selaras::word::check_path(&draft, &rules, &[], &Limits::default()).expect("reads");
    let s = sentences(&report);
    assert_eq!(s.len(), 1, "{s:?}");
    assert_eq!(s[0].0, "text-mismatch");
    assert_eq!(
        (s[0].4.as_deref(), s[0].5.as_deref()),
        (Some("91.15"), Some("91.51"))
    );

    let bad = temp_dir("bad-rules");
    std::fs::write(
        bad.join("kalimat.toml"),
        "[[claim]]\nid = \"x\"\nwhat = \"x\"\npattern = ['realisasi ({figure}']\ntable = [\"capaian-tahunan\"]\ncolumn = \"realisasi\"\n",
    )
    .expect("rules file");
    let err = Rules::with_dir(&bad).expect_err("a bad pattern is refused");
    assert_eq!((err.line, err.key.as_str()), (4, "pattern"));
    assert!(
        err.message.starts_with("not a regular expression"),
        "{}",
        err.message
    );
    std::fs::remove_dir_all(&dir).ok();
    std::fs::remove_dir_all(&bad).ok();
}

fn selaras_cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_selaras"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("NO_COLOR", "1")
        .output()
        .expect("the selaras binary runs")
}

/// The command line: the draft with contradictions exits 1, the clean twin 0, and
/// the JSON report names a sentence's place.
#[test]
fn the_command_line_audits_a_draft() {
    let out = selaras_cli(&[
        "check",
        "--color",
        "never",
        "--width",
        "100",
        "fixtures/lkjip-setda-kebumen-2024.docx",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("error[text-mismatch]"));
    assert!(
        text.contains("paragraph 148: the sentence says rata-rata capaian program dan kegiatan")
    );
    assert!(text
        .contains("in the text under 'BAB IV PENUTUP > 4.1. Tinjauan Umum Capaian Kinerja': \""));
    let out = selaras_cli(&["check", "fixtures/lkjip-setda-kebumen-2024-clean.docx"]);
    assert_eq!(out.status.code(), Some(0));
    let out = selaras_cli(&[
        "check",
        "--format",
        "json",
        "fixtures/lkjip-setda-kebumen-2024.docx",
    ]);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let findings = json["files"][0]["findings"].as_array().expect("findings");
    let avg = findings
        .iter()
        .find(|f| f["code"] == "text-mismatch" && f["severity"] == "error")
        .expect("the average");
    assert_eq!(avg["sheet"], "paragraph 148");
    assert_eq!(avg["cell"], "");
    assert_eq!(avg["found"], "123.75");
    assert_eq!(avg["fix"], "123.81");
    assert_eq!(avg["inputs"][0], "'Tabel 3.8'!F28");
    // The evaluator's HTML page lists the sentences' findings with their headings.
    let out = selaras_cli(&[
        "check",
        "--format",
        "html",
        "--lang",
        "en",
        "fixtures/lkjip-setda-kebumen-2024.docx",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let page = String::from_utf8_lossy(&out.stdout);
    assert!(page.contains(
        "in the text under &#39;BAB IV PENUTUP &gt; 4.1. Tinjauan Umum Capaian Kinerja&#39;"
    ));
    assert!(page.contains("text-mismatch"));
    // Not a Word document: a clear error naming the file, exit 2.
    let dir = temp_dir("cli");
    let fake = dir.join("laporan.docx");
    std::fs::write(&fake, b"%PDF-1.4 not a document").expect("write");
    let out = selaras_cli(&["check", fake.to_str().expect("path")]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr) + String::from_utf8_lossy(&out.stdout);
    assert!(
        err.contains("laporan.docx") && err.contains("not a Word document"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// soffice: the program SELARAS_LIBREOFFICE names (when a path), else on PATH.
fn soffice() -> Option<PathBuf> {
    if let Ok(v) = std::env::var("SELARAS_LIBREOFFICE") {
        let p = PathBuf::from(&v);
        if v != "1" && p.is_file() {
            return Some(p);
        }
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|d| ["soffice", "libreoffice"].map(|n| d.join(n)))
        .find(|p| p.is_file())
}

/// The corrected draft opens in a second, independent reader, LibreOffice Writer,
/// with its revisions: each change a deletion and an insertion by "selaras", each
/// with its comment. Run with SELARAS_LIBREOFFICE=1 (needs libreoffice-writer).
#[test]
#[ignore = "needs LibreOffice Writer: SELARAS_LIBREOFFICE=1 cargo test --test suite -- --ignored docx::"]
fn libreoffice_shows_the_revisions() {
    if std::env::var_os("SELARAS_LIBREOFFICE").is_none() {
        return;
    }
    let lo = soffice().expect("soffice on PATH or in SELARAS_LIBREOFFICE");
    let dir = temp_dir("lo");
    let (_, output, report) = fix_reference(&dir);
    let changes = report.fixed.expect("fixed").changes.len();
    let profile = dir.join("profile");
    let out = Command::new(lo)
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.display()
        ))
        .args(["--headless", "--convert-to", "fodt", "--outdir"])
        .arg(&dir)
        .arg(&output)
        .output()
        .expect("run soffice");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fodt = std::fs::read_to_string(dir.join("draft.corrected.fodt"))
        .expect("LibreOffice wrote the document");
    // Each change: one region for the deletion and one for the insertion.
    assert_eq!(fodt.matches("<text:changed-region").count(), 2 * changes);
    assert_eq!(fodt.matches("<text:deletion>").count(), changes);
    assert_eq!(fodt.matches("<text:insertion>").count(), changes);
    let comments = part(&output, "word/comments.xml")
        .matches("<w:comment ")
        .count();
    // Each change's deletion and insertion, and every comment, by selaras.
    assert_eq!(
        fodt.matches("<dc:creator>selaras</dc:creator>").count(),
        2 * changes + comments
    );
    assert_eq!(
        fodt.matches("<office:annotation ").count() + fodt.matches("<office:annotation>").count(),
        comments
    );
    assert!(fodt.contains("selaras [category-mismatch]"));
    std::fs::remove_dir_all(&dir).ok();
}

/// A draft that is not one, or is damaged, gets a clear error naming the file and
/// saying what to do (exit code 2); the other files are still checked.
#[test]
fn bad_drafts_get_clear_errors() {
    let dir = temp_dir("bad");
    let fixture_bytes = std::fs::read(fixture(PRINTED)).expect("fixture");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.docx", Vec::new(), "the file is empty"),
        (
            "truncated.docx",
            fixture_bytes[..5000].to_vec(),
            "damaged or truncated",
        ),
        (
            "protected.docx",
            [
                &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1][..],
                &[0; 504][..],
            ]
            .concat(),
            "password-protected",
        ),
        ("scan.docx", b"%PDF-1.7\n".to_vec(), "not a Word document"),
        (
            "laporan.docx",
            std::fs::read(fixture("lkjip-setda-kebumen-2024.xlsx")).expect("xlsx"),
            "an Excel workbook with a .docx name",
        ),
    ];
    for (name, bytes, says) in &cases {
        let path = dir.join(name);
        std::fs::write(&path, bytes).expect("write");
        let err = Document::open(&path).expect_err(name);
        let text = err.to_string();
        assert!(text.contains(name) && text.contains(says), "{name}: {text}");
    }
    // Cut off inside the document part.
    let cut = dir.join("cut.docx");
    let xml = part(&fixture(PRINTED), "word/document.xml");
    write_document(&cut, &xml[..xml.len() / 2]);
    let err = Document::open(&cut).expect_err("cut off");
    assert!(
        err.to_string().contains("word/document.xml is damaged"),
        "{err}"
    );
    // In a batch: the bad file is reported, the good one checked, exit code 2.
    let out = selaras_cli(&[
        "check",
        dir.join("empty.docx").to_str().expect("path"),
        "fixtures/lkjip-setda-kebumen-2024-clean.docx",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("lkjip-setda-kebumen-2024-clean.docx: 18 tables recognised"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// A package holding only a given document.xml (and its content types).
fn write_document(path: &Path, xml: &str) {
    let out = std::fs::File::create(path).expect("create");
    let mut w = zip::ZipWriter::new(out);
    let o = zip::write::SimpleFileOptions::default();
    w.start_file("[Content_Types].xml", o).expect("start");
    w.write_all(b"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>")
        .expect("write");
    w.start_file("word/document.xml", o).expect("start");
    w.write_all(xml.as_bytes()).expect("write");
    w.finish().expect("finish");
}

/// A sentence before any heading (a draft without Heading styles) is still shown,
/// and a number word is checked against its digits without any table.
#[test]
fn a_sentence_before_any_heading_is_shown() {
    let dir = temp_dir("top");
    let path = dir.join("draft.docx");
    write_document(
        &path,
        "<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body><w:p><w:r><w:t>Dari 3 (empat) program dan 18 (delapan belas) kegiatan semuanya menunjang.</w:t></w:r></w:p></w:body></w:document>",
    );
    let report = audit(&path);
    assert_eq!(
        sentences(&report),
        [said(
            "count-mismatch",
            Severity::Error,
            "paragraph 1",
            "3 (empat)",
            "3",
            "3"
        )]
    );
    let out = selaras_cli(&[
        "check",
        "--color",
        "never",
        "--lang",
        "en",
        path.to_str().expect("path"),
    ]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("in the text before the first heading: \"Dari [3 (empat)] program"),
        "{text}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// The reader never panics: the reference draft's document.xml cut off at every
/// 997th byte reads or is refused, and whatever reads is audited.
#[test]
fn a_draft_cut_anywhere_never_panics() {
    let dir = temp_dir("cuts");
    let xml = part(&fixture(PRINTED), "word/document.xml");
    let rules = rules();
    let path = dir.join("cut.docx");
    let mut refused = 0;
    for end in (0..xml.len()).step_by(997) {
        let end = (0..=end)
            .rev()
            .find(|i| xml.is_char_boundary(*i))
            .unwrap_or(0);
        write_document(&path, &xml[..end]);
        match selaras::word::check_path(&path, &rules, &[], &Limits::default()) {
            Ok(report) => assert_eq!(report.path, path.display().to_string()),
            Err(e) => {
                refused += 1;
                assert!(e.to_string().contains("damaged"), "{e}");
            }
        }
    }
    assert!(refused > 0);
    std::fs::remove_dir_all(&dir).ok();
}

/// "mencapai", "adalah", "yaitu" between the phrase and its figure, as drafts write
/// it: the figure is still held against Tabel 3.8's Rata-rata (123,81).
#[test]
fn the_average_is_audited_however_the_verb_before_it() {
    let dir = temp_dir("mencapai");
    for (verb, figure, expected) in [
        ("mencapai", "121,83%", Some(("121.83", "123.81"))),
        ("mencapai", "123,81%", None),
        ("adalah", "123,75%", Some(("123.75", "123.81"))),
        ("yaitu", "123,81%", None),
    ] {
        let path = dir.join(format!("{verb}-{figure}.docx"));
        let new = format!("rata-rata capaian kinerja {verb} {figure} kategori Baik Sekali");
        with_text(
            &fixture(CLEAN),
            &path,
            &[(
                "rata-rata capaian kinerja 123,81% kategori Baik Sekali",
                new.as_str(),
            )],
        );
        let report = audit(&path);
        let got: Vec<(String, Option<String>)> = report
            .findings
            .iter()
            .filter(|f| f.code.as_str() == "text-mismatch")
            .map(|f| (marked(f), f.expected_text()))
            .collect();
        match expected {
            Some((found, want)) => assert_eq!(
                got,
                [(figure.to_string(), Some(want.to_string()))],
                "{verb} {figure} (found {found})"
            ),
            None => assert!(got.is_empty(), "{verb} {figure}: {got:?}"),
        }
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// A draft typed in the Normal style, its chapters in capitals and its sections
/// in bold: the findings are still placed under their chapter and section (the
/// title in capitals is a heading of the chapter's level, so the chapter
/// replaces it); a numbered list item (not bold) and a caption are not
/// headings, and the list after a count is still counted.
#[test]
fn headings_are_read_from_capitals_and_bold_where_styles_carry_none() {
    let dir = temp_dir("unstyled");
    let path = dir.join("draft.docx");
    let p = |text: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
    let bold = |text: &str| {
        format!(
            "<w:p><w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"
        )
    };
    let body = [
        p("LAPORAN KINERJA INSTANSI PEMERINTAH TAHUN 2024"),
        p("BAB II PERENCANAAN KINERJA"),
        bold("2.1. Rencana Strategis"),
        p("Misi Kabupaten ada 3 (tiga) yaitu :"),
        p("1. Meningkatkan tata kelola pemerintahan"),
        p("2. Meningkatkan kualitas pelayanan dasar"),
        p("Tabel 2.1 Tujuan dan Sasaran"),
        bold("2.2. Perjanjian Kinerja"),
        p("Penyusunan Perjanjian Kinerja Sekretariat Daerah Tahun 2023 dengan uraian sebagai berikut:"),
    ]
    .concat();
    write_document(
        &path,
        &format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"),
    );
    let report = audit(&path);
    let placed: Vec<(String, String, String)> = report
        .findings
        .iter()
        .filter(|f| f.at.is_paragraph())
        .map(|f| {
            (
                f.code.as_str().to_string(),
                f.at.qualified(),
                f.table.clone(),
            )
        })
        .collect();
    assert_eq!(
        placed,
        [
            (
                "count-mismatch".to_string(),
                "paragraph 1".to_string(),
                "BAB II PERENCANAAN KINERJA > 2.1. Rencana Strategis".to_string()
            ),
            (
                "year-mismatch".to_string(),
                "paragraph 5".to_string(),
                "BAB II PERENCANAAN KINERJA > 2.2. Perjanjian Kinerja".to_string()
            ),
        ]
    );
    std::fs::remove_dir_all(&dir).ok();
}

/// Money written in another scale ("Rp 38,1 M", "Rp 850 juta") is held against the
/// table's figure at the sentence's precision: 38,1 M agrees with 38.127.840.000;
/// 40,2 M does not agree with 41.234.000.000, and the correction is written in the
/// sentence's own scale (41,2).
#[test]
fn money_in_another_scale_is_compared_at_the_sentences_precision() {
    let dir = temp_dir("money");
    let path = dir.join("draft.docx");
    let p = |text: &str| format!("<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>");
    let row = |cells: &[&str]| {
        let cells: String = cells
            .iter()
            .map(|c| {
                format!("<w:tc><w:p><w:r><w:t xml:space=\"preserve\">{c}</w:t></w:r></w:p></w:tc>")
            })
            .collect();
        format!("<w:tr>{cells}</w:tr>")
    };
    let table = [
        row(&[
            "Program/ Kegiatan",
            "Indikator Kinerja",
            "Target",
            "Realisasi",
            "% Capaian Program Kegiatan",
            "Anggaran (Rp)",
            "Realisasi (Rp)",
            "% Capaian Anggaran",
        ]),
        row(&[
            "Program Penunjang Urusan Pemerintahan Daerah",
            "Persentase layanan",
            "100",
            "100",
            "100,00%",
            "41.234.000.000",
            "38.127.840.000",
            "92,47%",
        ]),
        row(&[
            "Administrasi Keuangan",
            "Jumlah bulan",
            "12",
            "12",
            "100,00%",
            "30.000.000.000",
            "28.000.000.000",
            "93,33%",
        ]),
        row(&[
            "Administrasi Umum",
            "Jumlah bulan",
            "12",
            "12",
            "100,00%",
            "11.234.000.000",
            "10.127.840.000",
            "90,15%",
        ]),
        row(&[
            "Jumlah",
            "",
            "",
            "",
            "",
            "41.234.000.000",
            "38.127.840.000",
            "92,47%",
        ]),
    ]
    .concat();
    let body = [
        p("Tabel 3.7 Realisasi Anggaran Tahun 2024"),
        format!("<w:tbl>{table}</w:tbl>"),
        p("Realisasi anggaran tahun 2024 sebesar Rp 38,1 M dari pagu yang tersedia."),
        p("Total anggaran tahun 2024 sebesar Rp 40,2 M untuk 2 kegiatan."),
    ]
    .concat();
    write_document(
        &path,
        &format!("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>{body}</w:body></w:document>"),
    );
    let report = audit(&path);
    assert_eq!(
        sentences(&report),
        [said(
            "text-mismatch",
            Severity::Error,
            "paragraph 3",
            "40,2",
            "40200000000",
            "41200000000"
        )]
    );
    let f = report
        .findings
        .iter()
        .find(|f| f.at.is_paragraph())
        .expect("the finding");
    assert_eq!(
        en(&f.message),
        "the sentence says anggaran is 40,2 M, but Tabel 3.7, row 'Jumlah', column 'Anggaran (Rp)' states 41.234.000.000"
    );
    assert!(
        en(&f.help).starts_with("Write 41,2 in the sentence"),
        "{}",
        en(&f.help)
    );
    std::fs::remove_dir_all(&dir).ok();
}
