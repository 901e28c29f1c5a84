//! Writes `fixtures/bad/`: input that must get a clear answer, never a panic.
//! Each file's expected message or findings and exit code are asserted in
//! `tests/suite/bad_input.rs`; `fixtures/bad/README.md` (written here too) lists what
//! each one proves.
//!
//! The output is deterministic: the workbooks carry a fixed creation date, the
//! packages this program assembles itself are written by hand (stored parts, the
//! 1980 date zip uses for "no date"), and the "random" bytes come from a fixed
//! xorshift. `cargo run --example make_bad_fixtures` twice gives the same bytes.
//!
//! The zip bomb is built without compressing anything: its sheet part is a
//! deflate stream written bit by bit (a stored block with the XML's head, one
//! dynamic-Huffman block of back-references of 258 bytes at distance 4, two bits
//! each, and a stored block with the XML's tail), so 2 GiB of `<c/>` cost 2 MB and
//! no time; its CRC-32 is combined from the CRC of one repetition (zlib's
//! `crc32_combine`), never computed over the 2 GiB.

use std::error::Error;
use std::io::Read;
use std::path::Path;

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

type Res<T = ()> = Result<T, Box<dyn Error>>;

/// Every fixture and what it proves, in the order the README lists them.
const FIXTURES: &[(&str, &str)] = &[
    ("pdf-renamed.xlsx", "a PDF with a workbook's name: refused before any reader runs, saying it is a PDF (exit 2)"),
    ("text-renamed.xlsx", "a CSV export renamed .xlsx: said to be plain text, with how to save it as a workbook (exit 2)"),
    ("web-page.xls", "an HTML table saved as .xls, as web applications export them: said to be a web page (exit 2)"),
    ("empty.xlsx", "0 bytes: said to be empty, copy it again (exit 2)"),
    ("truncated.xlsx", "the first half of a real .xlsx: said to be incomplete, cut off part-way (exit 2)"),
    ("corrupted.xlsx", "a real .xlsx with bytes flipped inside its sheet's compressed XML: said to be damaged, naming the part and its sheet (exit 2)"),
    ("no-workbook-part.xlsx", "a package without xl/workbook.xml: the workbook part is missing (exit 2)"),
    ("no-sheet-part.xlsx", "a package whose sheet part is gone: the sheet's part is missing, naming the sheet (exit 2)"),
    ("encrypted.xlsx", "an OLE2 compound file with the EncryptionInfo (Agile, 4.4) and EncryptedPackage streams Excel writes for a password-protected workbook, made by hand (it opens with no password): said to be password-protected, with what to do in Excel (exit 2)"),
    ("no-table.xlsx", "a table whose header lacks columns: the no-table warning names the nearest header and what it lacks (exit 0)"),
    ("huge-dimension.xlsx", "a sheet whose `<dimension>` claims A1:XFD1048576 around a few cells: read at the cost of its cells, its one error found (exit 1)"),
    ("zip-bomb.xlsx", "2 MB whose sheet part unpacks to 2 GiB of `<c/>`: refused from the zip's central directory before anything is unpacked; with --max-part-mb raised, reading stops at --max-cells (exit 2)"),
    ("zip-bomb-lying.xlsx", "a sheet part that unpacks to 16 MiB while its zip entry declares 4 KiB: the zip reader stops at the declared size, so the size check cannot be cheated; said to be damaged (exit 2)"),
    ("billion-laughs-sheet.xlsx", "a sheet part with a DOCTYPE of nested entities (10^9 'lol's) used in a cell: never expanded, refused quickly with a message (exit 2)"),
    ("billion-laughs-strings.xlsx", "the same entities in the shared strings: never expanded, refused quickly (exit 2)"),
    ("billion-laughs-unused.xlsx", "the DOCTYPE of nested entities declared in the sheet but never used: ignored, the table checked as usual (exit 1)"),
    ("row-overflow.xlsx", "rows numbered past 4294967295 (a `<row r=\"4294967295\">` and one after it, both empty): calamine 0.38 counts past u32::MAX there, which wraps in the release build (and in test builds, which read calamine as it ships); the table above them is read, and a batch goes on"),
    ("uncalculated-formula.xlsx", "a % Capaian Anggaran formula with no saved value: an uncalculated-formula error at its cell (exit 1)"),
    ("error-cells.xlsx", "formulas showing #DIV/0! (a division by a typed 0), #REF! (a deleted reference) and #N/A where figures belong: a formula-error naming the cause at each, not an unreadable figure (exit 1)"),
    ("merged-figure.xlsx", "one kegiatan's budget merged over its two indicator rows: read once, checked once (exit 1)"),
    ("hidden.xlsx", "errors in a hidden row, a hidden column and a hidden sheet: all found, the sheet said to be hidden (exit 1)"),
    ("repeated-table.xlsx", "the same table twice on a sheet, one figure wrong in the copy: both recognised, the copy's error found where it is (exit 1)"),
    ("text-for-number.xlsx", "text where figures belong: with a digit ('4 dokumen' in D4, '± 200 juta' in G5) an unreadable-number error at each; words without one ('n/a' in C6, 'belum ada data' in G6) read as a label spilling into the column (src/table.rs) and are not reported, so their rows go unchecked (exit 1)"),
    ("formula-like-labels.xlsx", "a sheet named '=Realisasi' and figures typed as '=4 dokumen', '+4 laporan', '-2 laporan', '@4 kegiatan': in the corrected copy's Temuan sheet, which repeats them, they stay text, never formulas (exit 1)"),
    ("rules-unknown-key/mine.toml", "a rules file with a misspelt key: refused with the file, the line and the key (exit 2)"),
    ("rules-bad-pattern/mine.toml", "a rules file with a broken regex: refused with the file, the line and the pattern (exit 2)"),
    ("rules-missing-column/mine.toml", "a check over a column the rule does not define: refused with the file, the line and the column (exit 2)"),
    ("rules-mutual-links/", "two rules linking to each other (A to B, B to A): they load and run once each, no loop"),
    ("mutual-links.xlsx", "the two tables those rules describe, disagreeing in one figure: the mismatch found from both sides (exit 1)"),
];

fn main() -> Res {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/bad");
    std::fs::create_dir_all(&dir)?;
    let write = |name: &str, bytes: &[u8]| -> Res {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, bytes)?;
        println!("wrote {} ({} bytes)", path.display(), bytes.len());
        Ok(())
    };

    // Not workbooks at all.
    write("pdf-renamed.xlsx", PDF.as_bytes())?;
    write("text-renamed.xlsx", CSV.as_bytes())?;
    write("web-page.xls", HTML.as_bytes())?;
    write("empty.xlsx", b"")?;
    let real = realisasi(&[ROW_A, ROW_B, ROW_C])?;
    write("truncated.xlsx", &real[..real.len() / 2])?;
    write(
        "corrupted.xlsx",
        &corrupt(&real, "xl/worksheets/sheet1.xml")?,
    )?;
    write(
        "no-workbook-part.xlsx",
        &repack(&real, |name, data| {
            (name != "xl/workbook.xml").then_some(data)
        })?,
    )?;
    write(
        "no-sheet-part.xlsx",
        &repack(&real, |name, data| {
            (name != "xl/worksheets/sheet1.xml").then_some(data)
        })?,
    )?;
    write("encrypted.xlsx", &encrypted_package())?;

    // Tables that are not what selaras knows, and sheets that claim too much.
    write("no-table.xlsx", &no_table()?)?;
    let wrong = realisasi(&[ROW_A, ROW_B_WRONG, ROW_C])?;
    write(
        "huge-dimension.xlsx",
        &repack(&wrong, |name, data| {
            Some(if name == "xl/worksheets/sheet1.xml" {
                replace_once(
                    &data,
                    "<dimension ref=\"A1:H6\"/>",
                    "<dimension ref=\"A1:XFD1048576\"/>",
                )
            } else {
                data
            })
        })?,
    )?;
    write("zip-bomb.xlsx", &zip_bomb(&real, 1 << 31, None)?)?;
    write(
        "zip-bomb-lying.xlsx",
        &zip_bomb(&real, 16 << 20, Some(4096))?,
    )?;
    write(
        "billion-laughs-sheet.xlsx",
        &repack(&real, |name, data| {
            Some(if name == "xl/worksheets/sheet1.xml" {
                let xml = with_doctype(&data, "worksheet");
                // A1, empty in the table's sheet, gets the entity as an inline string.
                replace_once(
                    &xml,
                    "<sheetData>",
                    "<sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol9;</t></is></c></row>",
                )
            } else {
                data
            })
        })?,
    )?;
    write(
        "billion-laughs-strings.xlsx",
        &repack(&real, |name, data| {
            Some(if name == "xl/sharedStrings.xml" {
                let xml = with_doctype(&data, "sst");
                replace_once(&xml, "<t>Penataan Organisasi</t>", "<t>&lol9;</t>")
            } else {
                data
            })
        })?,
    )?;
    write(
        "row-overflow.xlsx",
        &repack(&real, |name, data| {
            Some(if name == "xl/worksheets/sheet1.xml" {
                replace_once(
                    &data,
                    "</sheetData>",
                    "<row r=\"4294967295\"/><row/></sheetData>",
                )
            } else {
                data
            })
        })?,
    )?;
    write(
        "billion-laughs-unused.xlsx",
        &repack(&wrong, |name, data| {
            Some(if name == "xl/worksheets/sheet1.xml" {
                with_doctype(&data, "worksheet")
            } else {
                data
            })
        })?,
    )?;

    // Cells that hold no figure where one belongs, and layouts people make.
    write("uncalculated-formula.xlsx", &uncalculated()?)?;
    write("error-cells.xlsx", &error_cells()?)?;
    write("merged-figure.xlsx", &merged_figure()?)?;
    write("hidden.xlsx", &hidden()?)?;
    write("repeated-table.xlsx", &repeated_table()?)?;
    write("text-for-number.xlsx", &text_for_number()?)?;
    write("formula-like-labels.xlsx", &formula_like_labels()?)?;

    // Rules.
    write("rules-unknown-key/mine.toml", RULES_UNKNOWN_KEY.as_bytes())?;
    write("rules-bad-pattern/mine.toml", RULES_BAD_PATTERN.as_bytes())?;
    write(
        "rules-missing-column/mine.toml",
        RULES_MISSING_COLUMN.as_bytes(),
    )?;
    write("rules-mutual-links/rencana.toml", RULES_RENCANA.as_bytes())?;
    write(
        "rules-mutual-links/realisasi.toml",
        RULES_REALISASI.as_bytes(),
    )?;
    write("mutual-links.xlsx", &mutual_links()?)?;

    write("README.md", readme().as_bytes())?;
    Ok(())
}

fn readme() -> String {
    let mut out = String::from(
        "# fixtures/bad\n\nInput that must get a clear answer, never a panic. Made by\n`cargo run --example make_bad_fixtures` (deterministic); each file's message or\nfindings and exit code are asserted in `tests/suite/bad_input.rs`.\n\n| file | what it proves |\n|---|---|\n",
    );
    for (file, what) in FIXTURES {
        out.push_str(&format!("| `{file}` | {what} |\n"));
    }
    out
}

// ---------------------------------------------------------------------------------
// Files that are not workbooks
// ---------------------------------------------------------------------------------

const PDF: &str = "%PDF-1.4\n%\u{e2}\u{e3}\u{cf}\u{d3}\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

const CSV: &str = "Program/ Kegiatan;Indikator Kinerja;Target;Realisasi;% Capaian Program Kegiatan;Anggaran (Rp);Realisasi (Rp);% Capaian Anggaran\nPenataan Organisasi;Jumlah dokumen;4;4;100,00%;373.518.000;372.428.649;99,71%\n";

const HTML: &str = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\">\n<head><meta charset=\"utf-8\"><title>Realisasi Anggaran</title></head>\n<body>\n<table border=\"1\">\n<tr><th>Program/ Kegiatan</th><th>Anggaran (Rp)</th><th>Realisasi (Rp)</th><th>% Capaian Anggaran</th></tr>\n<tr><td>Penataan Organisasi</td><td>373.518.000</td><td>372.428.649</td><td>99,71%</td></tr>\n</table>\n</body>\n</html>\n";

// ---------------------------------------------------------------------------------
// Small workbooks
// ---------------------------------------------------------------------------------

const HEADER: [&str; 8] = [
    "Program/ Kegiatan",
    "Indikator Kinerja",
    "Target",
    "Realisasi",
    "% Capaian Program Kegiatan",
    "Anggaran (Rp)",
    "Realisasi (Rp)",
    "% Capaian Anggaran",
];

/// One kegiatan row of a realisation table: name, indicator, target, realisation,
/// capaian (typed), anggaran, realisasi (Rp), serapan (typed).
type Row = (
    &'static str,
    &'static str,
    f64,
    f64,
    &'static str,
    f64,
    f64,
    &'static str,
);

const ROW_A: Row = (
    "Penataan Organisasi",
    "Jumlah dokumen",
    4.0,
    4.0,
    "100,00%",
    373_518_000.0,
    372_428_649.0,
    "99,71%",
);
const ROW_B: Row = (
    "Fasilitasi Pelayanan Publik",
    "Jumlah laporan",
    12.0,
    12.0,
    "100,00%",
    250_000_000.0,
    200_000_000.0,
    "80,00%",
);
/// ROW_B with its serapan typed wrong: 85,00 where 200.000.000 / 250.000.000 is 80,00.
const ROW_B_WRONG: Row = (
    "Fasilitasi Pelayanan Publik",
    "Jumlah laporan",
    12.0,
    12.0,
    "100,00%",
    250_000_000.0,
    200_000_000.0,
    "85,00%",
);
const ROW_C: Row = (
    "Pengelolaan Keuangan",
    "Jumlah laporan keuangan",
    2.0,
    2.0,
    "100,00%",
    120_000_000.0,
    90_000_000.0,
    "75,00%",
);

fn new_book() -> Res<Workbook> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 26)?.and_hms(8, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("Realisasi Anggaran 2024")
            .set_author("Subbagian Keuangan")
            .set_creation_datetime(&created),
    );
    Ok(wb)
}

/// The caption, the header (row 3) and the rows of a realisation table, from `top`.
fn table(ws: &mut Worksheet, top: u32, caption: &str, rows: &[Row]) -> Res {
    ws.write_string(top, 0, caption)?;
    for (c, h) in HEADER.iter().enumerate() {
        ws.write_string(top + 2, c as u16, *h)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = top + 3 + i as u32;
        ws.write_string(row, 0, r.0)?;
        ws.write_string(row, 1, r.1)?;
        ws.write_number(row, 2, r.2)?;
        ws.write_number(row, 3, r.3)?;
        ws.write_string(row, 4, r.4)?;
        ws.write_number(row, 5, r.5)?;
        ws.write_number(row, 6, r.6)?;
        ws.write_string(row, 7, r.7)?;
    }
    Ok(())
}

const CAPTION: &str = "Tabel 3.7. Realisasi Anggaran Tahun 2024";

/// A sheet 'Realisasi' with one realisation table: caption A1, header A3:H3.
fn realisasi(rows: &[Row]) -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi")?;
    table(ws, 0, CAPTION, rows)?;
    Ok(wb.save_to_buffer()?)
}

fn no_table() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Anggaran")?;
    ws.write_string(0, 0, "Rekap Anggaran per Sub Kegiatan")?;
    // A realisation table without its target, realisation and capaian columns.
    for (c, h) in [
        "No",
        "Program/Kegiatan/Output",
        "Anggaran (Rp)",
        "Realisasi (Rp)",
        "Keterangan",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(2, c as u16, *h)?;
    }
    ws.write_number(3, 0, 1)?;
    ws.write_string(3, 1, "Penyediaan Jasa Surat Menyurat")?;
    ws.write_number(3, 2, 25_000_000)?;
    ws.write_number(3, 3, 24_500_000)?;
    ws.write_string(3, 4, "-")?;
    Ok(wb.save_to_buffer()?)
}

/// H5 (Kegiatan B's serapan) a formula whose value was never saved.
fn uncalculated() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi")?;
    table(ws, 0, CAPTION, &[ROW_A, ROW_B, ROW_C])?;
    let pct = Format::new().set_num_format("0.00%");
    ws.write_formula_with_format(4, 7, Formula::new("=G5/F5").set_result("0.8"), &pct)?;
    let bytes = wb.save_to_buffer()?;
    repack(&bytes, |name, data| {
        Some(if name == "xl/worksheets/sheet1.xml" {
            drop_saved_value(&data, "H5")
        } else {
            data
        })
    })
}

/// #DIV/0! in E4, #REF! in H5, #N/A in G6: error values saved by Excel.
fn error_cells() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi")?;
    table(ws, 0, CAPTION, &[ROW_A, ROW_B, ROW_C])?;
    ws.write_formula(3, 4, Formula::new("=D4/0").set_result("#DIV/0!"))?;
    ws.write_formula(4, 7, Formula::new("=#REF!/F5").set_result("#REF!"))?;
    ws.write_formula(5, 6, Formula::new("=NA()").set_result("#N/A"))?;
    Ok(wb.save_to_buffer()?)
}

/// Kegiatan B has two indicators on rows 5 and 6; its name and its budget
/// figures (F, G, H) are merged over both rows, and its serapan is typed wrong.
fn merged_figure() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi")?;
    table(ws, 0, CAPTION, &[ROW_A])?;
    let plain = Format::new();
    ws.merge_range(4, 0, 5, 0, "Fasilitasi Pelayanan Publik", &plain)?;
    ws.write_string(4, 1, "Jumlah laporan")?;
    ws.write_number(4, 2, 12)?;
    ws.write_number(4, 3, 12)?;
    ws.write_string(4, 4, "100,00%")?;
    ws.write_string(5, 1, "Indeks kepuasan")?;
    ws.write_number(5, 2, 80)?;
    ws.write_number(5, 3, 84)?;
    ws.write_string(5, 4, "105,00%")?;
    ws.merge_range(4, 5, 5, 5, "", &plain)?;
    ws.write_number(4, 5, 250_000_000)?;
    ws.merge_range(4, 6, 5, 6, "", &plain)?;
    ws.write_number(4, 6, 200_000_000)?;
    ws.merge_range(4, 7, 5, 7, "85,00%", &plain)?;
    Ok(wb.save_to_buffer()?)
}

/// Row 5 hidden (its serapan wrong), column E hidden (a capaian wrong in it), and
/// a hidden sheet 'Arsip' holding a table with an error.
fn hidden() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi")?;
    let row_c_wrong: Row = (
        ROW_C.0, ROW_C.1, ROW_C.2, ROW_C.3, "90,00%", ROW_C.5, ROW_C.6, ROW_C.7,
    );
    table(ws, 0, CAPTION, &[ROW_A, ROW_B_WRONG, row_c_wrong])?;
    ws.set_row_hidden(4)?;
    ws.set_column_hidden(4)?;
    let arsip = wb.add_worksheet();
    arsip.set_name("Arsip")?;
    table(
        arsip,
        0,
        "Tabel 3.7. Realisasi Anggaran Tahun 2023",
        &[ROW_B_WRONG],
    )?;
    arsip.set_hidden(true);
    Ok(wb.save_to_buffer()?)
}

/// The table, then a copy of it below (as pasted for a draft) with one figure
/// changed in the copy.
fn repeated_table() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi")?;
    table(ws, 0, CAPTION, &[ROW_A, ROW_B, ROW_C])?;
    table(ws, 9, CAPTION, &[ROW_A, ROW_B_WRONG, ROW_C])?;
    Ok(wb.save_to_buffer()?)
}

/// Words where figures belong: Realisasi (Rp) 'belum ada data' (G5), Target 'n/a' (C6).
fn text_for_number() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("Realisasi")?;
    table(ws, 0, CAPTION, &[ROW_A, ROW_B, ROW_C])?;
    ws.write_string(3, 3, "4 dokumen")?;
    ws.write_string(4, 6, "± 200 juta")?;
    ws.write_string(5, 2, "n/a")?;
    ws.write_string(5, 6, "belum ada data")?;
    Ok(wb.save_to_buffer()?)
}

/// Text the user typed that starts with =, +, - and @, where the Temuan sheet of
/// the corrected copy repeats it: the sheet's name ('=Realisasi', in the Sheet
/// column of every finding), and figures typed with words ('=4 dokumen' in C4,
/// '+4 laporan' in D5, '-2 laporan' in C6, '@4 kegiatan' in D7: unreadable-number,
/// the text in the Ditemukan column and in the message). Kegiatan names start
/// so too, and row 4's serapan is wrong, so one cell is corrected as well.
fn formula_like_labels() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let ws = wb.add_worksheet();
    ws.set_name("=Realisasi")?;
    let rows: [Row; 4] = [
        (
            "=SUM(F4:F7) Penataan Organisasi",
            "Jumlah dokumen",
            4.0,
            4.0,
            "100,00%",
            200.0,
            150.0,
            "70,00%",
        ),
        (
            "+62 Layanan Pengaduan",
            "Jumlah aduan",
            4.0,
            4.0,
            "100,00%",
            200.0,
            150.0,
            "75,00%",
        ),
        (
            "-Pengelolaan Keuangan",
            "Jumlah laporan",
            2.0,
            2.0,
            "100,00%",
            200.0,
            150.0,
            "75,00%",
        ),
        (
            "@Bagian Umum",
            "Jumlah kegiatan",
            4.0,
            4.0,
            "100,00%",
            200.0,
            150.0,
            "75,00%",
        ),
    ];
    table(ws, 0, CAPTION, &rows)?;
    ws.write_string(3, 2, "=4 dokumen")?;
    ws.write_string(4, 3, "+4 laporan")?;
    ws.write_string(5, 2, "-2 laporan")?;
    ws.write_string(6, 3, "@4 kegiatan")?;
    Ok(wb.save_to_buffer()?)
}

// ---------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------

const RULES_UNKNOWN_KEY: &str = r#"id = "mine"
name = "Mine"

[[column]]
key = "bulan"
headr = ["bulan"]
"#;

const RULES_BAD_PATTERN: &str = r#"id = "mine"
name = "Mine"

[[column]]
key = "bulan"
header = ['regex:bulan (ke-[0-9+']
kind = "text"
"#;

const RULES_MISSING_COLUMN: &str = r#"id = "mine"
name = "Mine"

[[column]]
key = "anggaran"
header = ["anggaran"]

[[column]]
key = "realisasi"
header = ["realisasi"]

[[row]]
kind = "kegiatan"

[[check]]
type = "ratio"
cell = "serapan"
part = "realisasi"
whole = "anggaran"
"#;

/// A plan table whose pagu must equal the realisation table's, and ...
const RULES_RENCANA: &str = r#"id = "rencana"
name = "Rencana kegiatan"

[[column]]
key = "kegiatan"
header = ["kegiatan rencana"]
kind = "text"

[[column]]
key = "pagu"
header = ["pagu rencana"]
kind = "money"

[[row]]
kind = "kegiatan"
column = "kegiatan"

[[link]]
with = "realisasi-kegiatan"
rows = ["kegiatan"]
by = "kegiatan"
other_by = "kegiatan"
compare = [["pagu", "pagu"]]
"#;

/// ... a realisation table whose pagu must equal the plan's: each links to the other.
const RULES_REALISASI: &str = r#"id = "realisasi-kegiatan"
name = "Realisasi kegiatan"

[[column]]
key = "kegiatan"
header = ["kegiatan realisasi"]
kind = "text"

[[column]]
key = "pagu"
header = ["pagu realisasi"]
kind = "money"

[[column]]
key = "belanja"
header = ["belanja"]
kind = "money"

[[row]]
kind = "kegiatan"
column = "kegiatan"

[[link]]
with = "rencana"
rows = ["kegiatan"]
by = "kegiatan"
other_by = "kegiatan"
compare = [["pagu", "pagu"]]
"#;

/// The two tables, on two sheets, disagreeing in Kegiatan B's pagu.
fn mutual_links() -> Res<Vec<u8>> {
    let mut wb = new_book()?;
    let plan = wb.add_worksheet();
    plan.set_name("Rencana")?;
    plan.write_string(0, 0, "Kegiatan Rencana")?;
    plan.write_string(0, 1, "Pagu Rencana")?;
    for (r, (k, p)) in [("Kegiatan A", 100.0), ("Kegiatan B", 200.0)]
        .iter()
        .enumerate()
    {
        plan.write_string(r as u32 + 1, 0, *k)?;
        plan.write_number(r as u32 + 1, 1, *p)?;
    }
    let done = wb.add_worksheet();
    done.set_name("Realisasi")?;
    done.write_string(0, 0, "Kegiatan Realisasi")?;
    done.write_string(0, 1, "Pagu Realisasi")?;
    done.write_string(0, 2, "Belanja")?;
    for (r, (k, p, b)) in [("Kegiatan A", 100.0, 90.0), ("Kegiatan B", 250.0, 180.0)]
        .iter()
        .enumerate()
    {
        done.write_string(r as u32 + 1, 0, *k)?;
        done.write_number(r as u32 + 1, 1, *p)?;
        done.write_number(r as u32 + 1, 2, *b)?;
    }
    Ok(wb.save_to_buffer()?)
}

// ---------------------------------------------------------------------------------
// Packages taken apart and put together again
// ---------------------------------------------------------------------------------

/// A zip entry as written: its name, method (0 stored, 8 deflated), CRC-32, the
/// bytes as stored and the size it declares unpacked.
struct Entry {
    name: String,
    method: u16,
    crc: u32,
    data: Vec<u8>,
    size: u32,
}

impl Entry {
    fn stored(name: &str, data: Vec<u8>) -> Entry {
        Entry {
            name: name.to_string(),
            method: 0,
            crc: crc32(0, &data),
            size: data.len() as u32,
            data,
        }
    }
}

/// The parts of a package, unpacked, in order.
fn parts(package: &[u8]) -> Res<Vec<(String, Vec<u8>)>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(package))?;
    let mut out = Vec::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i)?;
        let name = entry.name()?.to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data)?;
        out.push((name, data));
    }
    Ok(out)
}

/// The package again, each part passed through `edit` (None drops it), stored.
fn repack(package: &[u8], mut edit: impl FnMut(&str, Vec<u8>) -> Option<Vec<u8>>) -> Res<Vec<u8>> {
    let entries = parts(package)?
        .into_iter()
        .filter_map(|(name, data)| edit(&name, data).map(|d| Entry::stored(&name, d)))
        .collect::<Vec<_>>();
    Ok(write_zip(&entries))
}

/// A zip file written by hand: local headers and data, the central directory,
/// its end record; every date the zero date (1980-01-01).
fn write_zip(entries: &[Entry]) -> Vec<u8> {
    fn u16le(out: &mut Vec<u8>, v: u16) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    fn u32le(out: &mut Vec<u8>, v: u32) {
        out.extend_from_slice(&v.to_le_bytes());
    }
    const DATE: u16 = (1 << 5) | 1;
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for e in entries {
        offsets.push(out.len() as u32);
        u32le(&mut out, 0x0403_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, 0);
        u16le(&mut out, e.method);
        u16le(&mut out, 0);
        u16le(&mut out, DATE);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.data.len() as u32);
        u32le(&mut out, e.size);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0);
        out.extend_from_slice(e.name.as_bytes());
        out.extend_from_slice(&e.data);
    }
    let cd_start = out.len() as u32;
    for (e, offset) in entries.iter().zip(&offsets) {
        u32le(&mut out, 0x0201_4b50);
        u16le(&mut out, 20);
        u16le(&mut out, 20);
        u16le(&mut out, 0);
        u16le(&mut out, e.method);
        u16le(&mut out, 0);
        u16le(&mut out, DATE);
        u32le(&mut out, e.crc);
        u32le(&mut out, e.data.len() as u32);
        u32le(&mut out, e.size);
        u16le(&mut out, e.name.len() as u16);
        u16le(&mut out, 0);
        u16le(&mut out, 0);
        u16le(&mut out, 0);
        u16le(&mut out, 0);
        u32le(&mut out, 0);
        u32le(&mut out, *offset);
        out.extend_from_slice(e.name.as_bytes());
    }
    let cd_size = out.len() as u32 - cd_start;
    u32le(&mut out, 0x0605_4b50);
    u16le(&mut out, 0);
    u16le(&mut out, 0);
    u16le(&mut out, entries.len() as u16);
    u16le(&mut out, entries.len() as u16);
    u32le(&mut out, cd_size);
    u32le(&mut out, cd_start);
    u16le(&mut out, 0);
    out
}

/// The package with 16 bytes flipped in the middle of `part`'s compressed data.
fn corrupt(package: &[u8], part: &str) -> Res<Vec<u8>> {
    let zip = zip::ZipArchive::new(std::io::Cursor::new(package))?;
    let i = zip.index_for_name(part).ok_or("no such part")?;
    let entry = zip.by_index_data(i)?;
    let header = entry.header_start() as usize;
    let compressed = entry.compressed_size() as usize;
    // The local header: 30 bytes, then the name and the extra field.
    let name_len = u16::from_le_bytes([package[header + 26], package[header + 27]]) as usize;
    let extra_len = u16::from_le_bytes([package[header + 28], package[header + 29]]) as usize;
    let start = header + 30 + name_len + extra_len;
    let mut out = package.to_vec();
    let middle = start + compressed / 2;
    for b in &mut out[middle..middle + 16] {
        *b ^= 0xA5;
    }
    Ok(out)
}

fn replace_once(data: &[u8], from: &str, to: &str) -> Vec<u8> {
    let xml = String::from_utf8_lossy(data);
    assert!(xml.contains(from), "`{from}` not in the part");
    xml.replacen(from, to, 1).into_bytes()
}

/// The "billion laughs": ten entities, each ten of the one before, declared for
/// the part's root element.
fn with_doctype(data: &[u8], root: &str) -> Vec<u8> {
    let mut dtd = format!("<!DOCTYPE {root} [\n<!ENTITY lol \"lol\">\n");
    let mut prev = "lol".to_string();
    for i in 1..=9 {
        let name = format!("lol{i}");
        dtd.push_str(&format!(
            "<!ENTITY {name} \"{}\">\n",
            format!("&{prev};").repeat(10)
        ));
        prev = name;
    }
    dtd.push_str("]>\n");
    let xml = String::from_utf8_lossy(data);
    let end = xml.find("?>").map_or(0, |i| i + 2);
    format!("{}\n{dtd}{}", &xml[..end], xml[end..].trim_start()).into_bytes()
}

/// Removes a formula cell's saved value, as programs that do not calculate write it.
fn drop_saved_value(data: &[u8], cell: &str) -> Vec<u8> {
    let xml = String::from_utf8_lossy(data).into_owned();
    let start = xml.find(&format!("<c r=\"{cell}\"")).expect("the cell");
    let v = start + xml[start..].find("<v>").expect("a saved value");
    let end = v + xml[v..].find("</v>").expect("its end") + "</v>".len();
    format!("{}{}", &xml[..v], &xml[end..]).into_bytes()
}

// ---------------------------------------------------------------------------------
// The zip bomb
// ---------------------------------------------------------------------------------

/// `package` with its sheet part replaced by `<c/>` repeated to `size` bytes of
/// XML, deflated by hand. With `declared`, the zip entry states that size instead
/// of the true one (a bomb that lies about its size).
fn zip_bomb(package: &[u8], size: u64, declared: Option<u32>) -> Res<Vec<u8>> {
    const SHEET: &str = "xl/worksheets/sheet1.xml";
    let head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><dimension ref=\"A1\"/><sheetData><row r=\"1\">";
    let tail = "</row></sheetData></worksheet>";
    // The repeated part is a whole number of 516 bytes (two back-references of
    // 258) and of 4 (one <c/>), after one literal <c/>.
    let fixed = (head.len() + tail.len() + 4) as u64;
    let pairs = size.saturating_sub(fixed) / 516;
    let total = fixed + pairs * 516;
    let repeats = 1 + pairs * 516 / 4;
    let mut deflate = BitWriter::default();
    deflate.stored_block(format!("{head}<c/>").as_bytes(), false);
    deflate.references(pairs * 2);
    deflate.stored_block(tail.as_bytes(), true);
    let crc = {
        let head_crc = crc32(0, head.as_bytes());
        let cells = repeated_crc(b"<c/>", repeats);
        let with_cells = crc32_combine(head_crc, cells, repeats * 4);
        crc32_combine(with_cells, crc32(0, tail.as_bytes()), tail.len() as u64)
    };
    let mut entries = Vec::new();
    for (name, data) in parts(package)? {
        if name == SHEET {
            entries.push(Entry {
                name,
                method: 8,
                crc,
                data: deflate.bytes.clone(),
                size: declared.unwrap_or(u32::try_from(total)?),
            });
        } else {
            entries.push(Entry::stored(&name, data));
        }
    }
    Ok(write_zip(&entries))
}

/// A deflate stream, bits packed from the least significant end.
#[derive(Default)]
struct BitWriter {
    bytes: Vec<u8>,
    bit: u32,
}

impl BitWriter {
    fn bits(&mut self, value: u32, count: u32) {
        for i in 0..count {
            if self.bit == 0 {
                self.bytes.push(0);
            }
            if (value >> i) & 1 == 1 {
                if let Some(last) = self.bytes.last_mut() {
                    *last |= 1 << self.bit;
                }
            }
            self.bit = (self.bit + 1) % 8;
        }
    }

    /// A Huffman code: its bits from the most significant.
    fn code(&mut self, code: u32, len: u32) {
        for i in (0..len).rev() {
            self.bits((code >> i) & 1, 1);
        }
    }

    fn stored_block(&mut self, data: &[u8], last: bool) {
        self.bits(u32::from(last), 1);
        self.bits(0, 2);
        self.bit = 0;
        let len = data.len() as u16;
        self.bytes.extend_from_slice(&len.to_le_bytes());
        self.bytes.extend_from_slice(&(!len).to_le_bytes());
        self.bytes.extend_from_slice(data);
    }

    /// One dynamic-Huffman block of `n` back-references, each of length 258 at
    /// distance 4, then its end. The literal/length code has two symbols, 256 (end
    /// of block: code 0) and 285 (length 258: code 1); the distance code two, 0
    /// and 3 (distance 4: code 1). So each reference costs two bits, 11.
    fn references(&mut self, n: u64) {
        self.bits(0, 1); // not the last block
        self.bits(2, 2); // dynamic Huffman
        self.bits(29, 5); // HLIT: 286 literal/length code lengths
        self.bits(3, 5); // HDIST: 4 distance code lengths
        self.bits(14, 4); // HCLEN: 18 code length code lengths
                          // Code length code: 18 (a run of zeros) in 1 bit, 0 and 1 in 2 bits.
                          // Order: 16 17 18 0 8 7 9 6 10 5 11 4 12 3 13 2 14 1.
        for len in [0, 0, 1, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2] {
            self.bits(len, 3);
        }
        // Canonical codes: 18 -> 0, 0 -> 10, 1 -> 11.
        let zeros = |w: &mut BitWriter, n: u32| {
            w.code(0, 1);
            w.bits(n - 11, 7);
        };
        let one = |w: &mut BitWriter| w.code(0b11, 2);
        let zero = |w: &mut BitWriter| w.code(0b10, 2);
        zeros(self, 138); // literals 0..138
        zeros(self, 118); // literals 138..256
        one(self); // 256: end of block
        zeros(self, 28); // 257..285
        one(self); // 285: length 258
        one(self); // distance code 0
        zero(self);
        zero(self);
        one(self); // distance code 3: distance 4
        for _ in 0..n {
            self.code(1, 1);
            self.code(1, 1);
        }
        self.code(0, 1); // end of block
    }
}

// ---------------------------------------------------------------------------------
// CRC-32 (the zip polynomial), and zlib's crc32_combine
// ---------------------------------------------------------------------------------

fn crc32(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 == 1 {
                (c >> 1) ^ 0xEDB8_8320
            } else {
                c >> 1
            };
        }
    }
    !c
}

fn gf2_times(mat: &[u32; 32], mut vec: u32) -> u32 {
    let mut sum = 0;
    let mut i = 0;
    while vec != 0 {
        if vec & 1 == 1 {
            sum ^= mat[i];
        }
        vec >>= 1;
        i += 1;
    }
    sum
}

fn gf2_square(mat: &[u32; 32]) -> [u32; 32] {
    let mut sq = [0; 32];
    for (n, s) in sq.iter_mut().enumerate() {
        *s = gf2_times(mat, mat[n]);
    }
    sq
}

/// The CRC of A then B, from the CRCs of A and B and B's length.
fn crc32_combine(mut crc1: u32, crc2: u32, mut len2: u64) -> u32 {
    if len2 == 0 {
        return crc1;
    }
    let mut odd = [0u32; 32];
    odd[0] = 0xEDB8_8320;
    let mut row = 1;
    for o in odd.iter_mut().skip(1) {
        *o = row;
        row <<= 1;
    }
    let mut even = gf2_square(&odd);
    odd = gf2_square(&even);
    loop {
        even = gf2_square(&odd);
        if len2 & 1 == 1 {
            crc1 = gf2_times(&even, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
        odd = gf2_square(&even);
        if len2 & 1 == 1 {
            crc1 = gf2_times(&odd, crc1);
        }
        len2 >>= 1;
        if len2 == 0 {
            break;
        }
    }
    crc1 ^ crc2
}

/// The CRC of `unit` repeated `n` times, by doubling.
fn repeated_crc(unit: &[u8], mut n: u64) -> u32 {
    let mut result = 0u32;
    let mut result_len = 0u64;
    let mut block = crc32(0, unit);
    let mut block_len = unit.len() as u64;
    while n > 0 {
        if n & 1 == 1 {
            result = if result_len == 0 {
                block
            } else {
                crc32_combine(result, block, block_len)
            };
            result_len += block_len;
        }
        block = crc32_combine(block, block, block_len);
        block_len *= 2;
        n >>= 1;
    }
    result
}

// ---------------------------------------------------------------------------------
// A password-protected workbook, as Excel writes it
// ---------------------------------------------------------------------------------

/// Deterministic bytes that look random.
fn noise(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(A[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// An OLE2 compound file (version 3, 512-byte sectors) holding what Excel writes
/// for a workbook encrypted with a password (ECMA-376 agile encryption): an
/// `EncryptionInfo` stream (version 4.4, the XML descriptor: AES-256, SHA-512,
/// 100000 spins) and an `EncryptedPackage` stream (the package's size, then its
/// encrypted bytes). The salts, keys and bytes are noise, so no password opens it;
/// what a reader sees before it asks for a password is exactly Excel's.
/// Excel also writes a `\x06DataSpaces` storage, which readers ignore; left out.
fn encrypted_package() -> Vec<u8> {
    const END: u32 = 0xFFFF_FFFE;
    const FREE: u32 = 0xFFFF_FFFF;
    const FATSECT: u32 = 0xFFFF_FFFD;
    const NONE: u32 = 0xFFFF_FFFF;
    let b64 = |seed, n| base64(&noise(seed, n));
    let xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\r\n<encryption xmlns=\"http://schemas.microsoft.com/office/2006/encryption\" xmlns:p=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\" xmlns:c=\"http://schemas.microsoft.com/office/2006/keyEncryptor/certificate\"><keyData saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\" saltValue=\"{}\"/><dataIntegrity encryptedHmacKey=\"{}\" encryptedHmacValue=\"{}\"/><keyEncryptors><keyEncryptor uri=\"http://schemas.microsoft.com/office/2006/keyEncryptor/password\"><p:encryptedKey spinCount=\"100000\" saltSize=\"16\" blockSize=\"16\" keyBits=\"256\" hashSize=\"64\" cipherAlgorithm=\"AES\" cipherChaining=\"ChainingModeCBC\" hashAlgorithm=\"SHA512\" saltValue=\"{}\" encryptedVerifierHashInput=\"{}\" encryptedVerifierHashValue=\"{}\" encryptedKeyValue=\"{}\"/></keyEncryptor></keyEncryptors></encryption>",
        b64(1, 16),
        b64(2, 64),
        b64(3, 64),
        b64(4, 16),
        b64(5, 16),
        b64(6, 64),
        b64(7, 32),
    );
    let mut info = Vec::new();
    info.extend_from_slice(&4u16.to_le_bytes());
    info.extend_from_slice(&4u16.to_le_bytes());
    info.extend_from_slice(&0x40u32.to_le_bytes());
    info.extend_from_slice(xml.as_bytes());
    // The package: its unencrypted size, then whole 16-byte blocks.
    let plain_size: u64 = 8000;
    let mut package = plain_size.to_le_bytes().to_vec();
    package.extend(noise(8, 8192));

    // Sectors: 0 FAT, 1 directory, 2 mini FAT, then the mini stream (the root
    // entry's, holding EncryptionInfo in 64-byte mini sectors), then the package.
    let mini_sectors = info.len().div_ceil(64);
    let mini_stream_len = mini_sectors * 64;
    let mini_stream_sectors = mini_stream_len.div_ceil(512);
    let package_first = 3 + mini_stream_sectors;
    let package_sectors = package.len().div_ceil(512);
    let total_sectors = package_first + package_sectors;
    assert!(total_sectors <= 128, "one FAT sector");

    let mut fat = vec![FREE; 128];
    fat[0] = FATSECT;
    fat[1] = END;
    fat[2] = END;
    let mut chain = |first: usize, n: usize| {
        for i in 0..n {
            fat[first + i] = if i + 1 == n {
                END
            } else {
                (first + i + 1) as u32
            };
        }
    };
    chain(3, mini_stream_sectors);
    chain(package_first, package_sectors);
    let mut minifat = vec![FREE; 128];
    for (i, m) in minifat.iter_mut().enumerate().take(mini_sectors) {
        *m = if i + 1 == mini_sectors {
            END
        } else {
            i as u32 + 1
        };
    }

    let dir_entry = |name: &str,
                     kind: u8,
                     color: u8,
                     left: u32,
                     right: u32,
                     child: u32,
                     start: u32,
                     size: u32| {
        let mut e = vec![0u8; 128];
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            e[i * 2..i * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        let name_len = (units.len() as u16 + 1) * 2;
        e[64..66].copy_from_slice(&name_len.to_le_bytes());
        e[66] = kind;
        e[67] = color;
        e[68..72].copy_from_slice(&left.to_le_bytes());
        e[72..76].copy_from_slice(&right.to_le_bytes());
        e[76..80].copy_from_slice(&child.to_le_bytes());
        e[116..120].copy_from_slice(&start.to_le_bytes());
        e[120..124].copy_from_slice(&size.to_le_bytes());
        e
    };
    let mut dir = Vec::new();
    // Root: its child is EncryptedPackage (black), whose left sibling is the
    // shorter name EncryptionInfo (red): a valid red-black tree.
    dir.extend(dir_entry(
        "Root Entry",
        5,
        1,
        NONE,
        NONE,
        2,
        3,
        mini_stream_len as u32,
    ));
    dir.extend(dir_entry(
        "EncryptionInfo",
        2,
        0,
        NONE,
        NONE,
        NONE,
        0,
        info.len() as u32,
    ));
    dir.extend(dir_entry(
        "EncryptedPackage",
        2,
        1,
        1,
        NONE,
        NONE,
        package_first as u32,
        package.len() as u32,
    ));
    dir.extend(dir_entry("", 0, 0, NONE, NONE, NONE, 0, 0));

    let mut header = vec![0u8; 512];
    header[0..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
    header[24..26].copy_from_slice(&0x003Eu16.to_le_bytes()); // minor version
    header[26..28].copy_from_slice(&3u16.to_le_bytes()); // major version 3
    header[28..30].copy_from_slice(&0xFFFEu16.to_le_bytes()); // little-endian
    header[30..32].copy_from_slice(&9u16.to_le_bytes()); // 512-byte sectors
    header[32..34].copy_from_slice(&6u16.to_le_bytes()); // 64-byte mini sectors
    header[44..48].copy_from_slice(&1u32.to_le_bytes()); // FAT sectors
    header[48..52].copy_from_slice(&1u32.to_le_bytes()); // first directory sector
    header[56..60].copy_from_slice(&4096u32.to_le_bytes()); // mini stream cutoff
    header[60..64].copy_from_slice(&2u32.to_le_bytes()); // first mini FAT sector
    header[64..68].copy_from_slice(&1u32.to_le_bytes()); // mini FAT sectors
    header[68..72].copy_from_slice(&END.to_le_bytes()); // no DIFAT sectors
    header[76..80].copy_from_slice(&0u32.to_le_bytes()); // DIFAT[0]: sector 0
    for i in 1..109 {
        header[76 + i * 4..80 + i * 4].copy_from_slice(&FREE.to_le_bytes());
    }

    let mut out = header;
    let sector = |v: &[u32]| -> Vec<u8> { v.iter().flat_map(|x| x.to_le_bytes()).collect() };
    out.extend(sector(&fat));
    out.extend(&dir);
    out.extend(sector(&minifat));
    let mut mini = info.clone();
    mini.resize(mini_stream_sectors * 512, 0);
    out.extend(mini);
    let mut pkg = package.clone();
    pkg.resize(package_sectors * 512, 0);
    out.extend(pkg);
    out
}
