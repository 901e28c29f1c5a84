//! Writes the Word drafts under `fixtures/`:
//!
//! * `lkjip-setda-kebumen-2024.docx`: the LKjIP 2024 of the Sekretariat Daerah
//!   Kabupaten Kebumen as a Word document, from `fixtures/source/lkjip-setda-kebumen-2024.txt`
//!   (the report's text, chapters I to IV and the Perjanjian Kinerja of the Lampiran):
//!   its chapters as Heading 1 to 3 paragraphs, its paragraphs as they are, its tables
//!   as Word tables with merged header cells (gridSpan, vMerge), every figure as the
//!   report prints it, the report's own contradictions included;
//! * `lkjip-setda-kebumen-2024-clean.docx`: the same draft with its sentences and
//!   tables put right (see [`CLEAN`]): the tables as in
//!   `lkjip-setda-kebumen-2024-clean.xlsx`, the sentences agreeing with them.
//!
//! The package is written by hand (a zip of a few XML parts), so the fixture holds
//! exactly what a minimal Word document needs and nothing that changes between runs:
//! every zip entry carries the same fixed date, so running
//! `cargo run --example make_docx_fixture` twice gives the same bytes.

use std::error::Error;
use std::io::Write;
use std::path::Path;

use zip::write::SimpleFileOptions;

const SOURCE: &str = include_str!("../fixtures/source/lkjip-setda-kebumen-2024.txt");

/// The corrections of the clean twin, each `(text as printed, text put right)`; each
/// printed text occurs exactly once in the source. The tables get the corrections of
/// `lkjip-setda-kebumen-2024-clean.xlsx` (see `make_fixtures.rs`, `cleaned`), and the
/// sentences then agree with them.
const CLEAN: &[(&str, &str)] = &[
    // Tabel 3.1 as a partition of the capaian axis: > 100, > 85 - 100, > 65 - 85, > 50 - 65, <= 50.
    ("| 3 | Lebih dari 65 % sd. 85% |", "| 3 | Lebih dari 65% sd. 85% |"),
    ("| 4 | Lebih dari 50% s.d 60 % |", "| 4 | Lebih dari 50% sd. 65% |"),
    ("| 5 | Kurang dari 50 % |", "| 5 | Sampai dengan 50% |"),
    // The tujuan is measured by the same IKM as the sasaran: its rows state the sasaran's figures.
    (
        "| Mewujudkan Kualitas Pelayanan Publik | Indeks Kepuasan Masyarakat | 85 | 90,38 | 106,33%",
        "| Mewujudkan Kualitas Pelayanan Publik | Indeks Kepuasan Masyarakat | 85 | 90,40 | 106,35%",
    ),
    (
        "| Indeks Kepuasan Masyarakat | 87,69 | 84 | 89,23 | 106,23% | 85 | 90,38 | 106,33%",
        "| Indeks Kepuasan Masyarakat | 86,53 | 84 | 89,57 | 106,63% | 85 | 90,40 | 106,35%",
    ),
    (
        "| Mewujudkan Kualitas Pelayanan Publik | Indeks Kepuasan Masyarakat | 106,33%",
        "| Mewujudkan Kualitas Pelayanan Publik | Indeks Kepuasan Masyarakat | 106,35%",
    ),
    (
        "| Mewujudkan Kualitas Pelayanan Publik | 85 | 90,38 | 106,33%",
        "| Mewujudkan Kualitas Pelayanan Publik | 85 | 90,40 | 106,35%",
    ),
    // Tabel 3.3 with the bounds of PermenPAN-RB 14/2017 exactly.
    ("| 1 | 1,00 – 2,599 |", "| 1 | 1,00 – 2,5996 |"),
    ("| 3 | 3,064 – 3,532 |", "| 3 | 3,0644 – 3,532 |"),
    ("| 4 | 3,532 – 4,00 |", "| 4 | 3,5324 – 4,00 |"),
    // Tabel 3.4: tingkat kemajuan 90,40 / 86 = 105,1162..% -> 105,12% (half up), and the sentence with it.
    ("| 86 | 105,11%", "| 86 | 105,12%"),
    ("Tingkat Kemajuan 105,11%.", "Tingkat Kemajuan 105,12%."),
    // Tabel 3.6: unsur whose mean is the IKM stated (813,60 / 9 = 90,40), the three
    // lowest still Waktu Pelayanan, Kompetensi Pelaksana and Produk Layanan; the
    // Kabupaten's values at most 100.
    ("| 1 | Persyaratan | 90,88 | Sangat Baik | 100,60 |", "| 1 | Persyaratan | 90,00 | Sangat Baik | 90,60 |"),
    ("| 2 | Prosedur | 90,62 | Sangat Baik | 100,27 |", "| 2 | Prosedur | 89,98 | Sangat Baik | 90,27 |"),
    ("| 3 | Waktu Pelayanan | 89,50 | Sangat Baik | 98,16 |", "| 3 | Waktu Pelayanan | 89,50 | Sangat Baik | 88,96 |"),
    ("| 4 | Biaya/Tarif | 94,11 | Sangat Baik | 107,30 |", "| 4 | Biaya/Tarif | 93,21 | Sangat Baik | 97,30 |"),
    ("| 5 | Produk Layanan | 90,38 | Sangat Baik | 100,39 |", "| 5 | Produk Layanan | 89,62 | Sangat Baik | 90,39 |"),
    ("| 6 | Kompetensi Pelaksana | 90,30 | Sangat Baik | 100,56 |", "| 6 | Kompetensi Pelaksana | 89,55 | Sangat Baik | 90,56 |"),
    ("| 7 | Perilaku Pelaksana | 90,54 | Sangat Baik | 100,56 |", "| 7 | Perilaku Pelaksana | 89,97 | Sangat Baik | 90,56 |"),
    ("| 8 | Sarana dan Prasarana | 90,66 | Sangat Baik | 99,21 |", "| 8 | Sarana dan Prasarana | 90,00 | Sangat Baik | 89,21 |"),
    ("| 9 | Penanganan Pengaduan | 94,77 | Sangat Baik | 106,63 |", "| 9 | Penanganan Pengaduan | 91,77 | Sangat Baik | 96,63 |"),
    // The unsur named as lowest by the table's own names.
    ("Kompetensi Pelaksana dan Produk Pelayanan.", "Kompetensi Pelaksana dan Produk Layanan."),
    // An IKM of 90,40 is "Sangat baik" (88,31 - 100,00, PermenPAN-RB 14/2017, Tabel 3.3).
    ("Unit Pelayanan Publik Baik.", "Unit Pelayanan Publik Sangat Baik."),
    // Lampiran PK: the IKM is non-cumulative, so the triwulan IV target is the annual 85.
    (
        "| 1 | Meningkatnya kualitas pelayanan publik | Indeks Kepuasan Masyarakat | Indeks | 85 |  |  |  | 84",
        "| 1 | Meningkatnya kualitas pelayanan publik | Indeks Kepuasan Masyarakat | Indeks | 85 |  |  |  | 85",
    ),
    (
        "| 2 | Meningkatnya kualitas pelayanan publik | Indeks Kepuasan Masyarakat | Indeks | 85 |  |  |  | 84",
        "| 2 | Meningkatnya kualitas pelayanan publik | Indeks Kepuasan Masyarakat | Indeks | 85 |  |  |  | 85",
    ),
    // One name per row in Tabel 3.7 and 3.8 (the official names), one indicator text.
    ("| Fasilitas Kerumahtanggaan Sekretariat Daerah |", "| Fasilitasi Kerumahtanggaan Sekretariat Daerah |"),
    ("| Administrasi Pemerintahan | Jumlah kegiatan Administrasi Tata Pemerintahan |", "| Administrasi Tata Pemerintahan | Jumlah kegiatan Administrasi Tata Pemerintahan |"),
    ("| Jumlah bulan administrasi keuangan perangkat daerah |", "| Jumlah bulan penyediaan administrasi keuangan perangkat daerah |"),
    ("| Jumlah bulan penyediaan jasa penunjang urusan pemerintah daerah |", "| Jumlah bulan penyediaan jasa penunjang urusan pemerintahan daerah |"),
    ("| Jumlah bulan penyediaan administrasi keuangan dan operasional kepala daerah dan wakil kepala daerah |", "| Jumlah bulan penyediaan administrasi keuangan dan operasional KDH dan WKDH |"),
    ("| Jumlah bulan penyediaan fasilitas kerumahtanggaan sekretaris daerah |", "| Jumlah bulan penyediaan fasilitas kerumahtanggaan Sekretariat Daerah |"),
    ("| Jumlah dokumen penataan organisasi |", "| Jumlah dokumen kegiatan Penataan Organisasi |"),
    ("| Jumlah layanan fasilitasi protokol dan komunikasi pimpinan |", "| Jumlah layanan Fasilitas Protokol dan Komunikasi Pimpinan |"),
    ("| Administrasi Tata Pemerintahan | Jumlah kegiatan Administrasi tata Pemerintahan |", "| Administrasi Tata Pemerintahan | Jumlah kegiatan Administrasi Tata Pemerintahan |"),
    ("| Pelaksanaan Kebijakan Kesejahteraan Rakyat | Jumlah kegiatan fasilitasi pelaksanaan kebijakan kesejahteraan rakyat |", "| Pelaksanaan Kebijakan Kesejahteraan Rakyat | Jumlah kegiatan Fasilitas Pelaksanaan Kebijakan Kesejahteraan Rakyat |"),
    ("| Fasilitasi dan Koordinasi Hukum | Jumlah kegiatan fasilitasi pelaksanaan kebijakan kesejahteraan rakyat |", "| Fasilitasi dan Koordinasi Hukum | Jumlah kegiatan Fasilitasi dan Koordinasi Hukum |"),
    ("| Jumlah dokumen kerjasama dengan pihak lainnya |", "| Jumlah dokumen kerjasama daerah |"),
    ("| Jumlah kegiatan pelaksanaan administrasi pembangunan |", "| Jumlah dokumen pengendalian pembangunan dan laporan pelaksanaan pembangunan |"),
    ("| Jumlah laporan pengelolaan fasilitasi pengadaan barang dan jasa |", "| Jumlah Laporan Fasilitasi Pengadaan melalui SPSE |"),
    ("| Jumlah dokumen kegiatan pemantauan kebijakan sumber daya alam |", "| Jumlah Dokumen Fasilitasi Kebijakan Sumber Daya Alam |"),
    ("| Indeks kualitas kebijakan pembangunan |", "| Indeks Kualitas Kebijakan Pembangunan |"),
    // Tabel 3.9: PMK 214/PMK.02/2017 over the 18 kegiatan of Tabel 3.7, capaian not
    // capped: 10,2890..% -> 10,29%; and the two sentences that cite it.
    ("| 91,51 | 12,99%", "| 91,51 | 10,29%"),
    ("berada pada angka 12,99%", "berada pada angka 10,29%"),
    ("sumber daya sebesar 12,99%.", "sumber daya sebesar 10,29%."),
    // BAB IV: the average capaian Tabel 3.8 states.
    ("rata-rata capaian kinerja kegiatan 123,75%", "rata-rata capaian kinerja kegiatan 123,81%"),
    // The evaluator's reading: the five misi listed, the agreement of the report's
    // year, the trend Tabel 3.5 shows (realisasi up; the capaian fell in 2024),
    // and the IKM as the index it is.
    ("Misi Kabupaten Kebumen ada 6 (enam) yaitu :", "Misi Kabupaten Kebumen ada 5 (lima) yaitu :"),
    ("Kebumen Tahun 2023 dengan uraian sebagai berikut:", "Kebumen Tahun 2024 dengan uraian sebagai berikut:"),
    (
        "Realisasi dan Capaian kinerja IKM Setda tahun 2022 s.d. 2024 semakin meningkat.",
        "Realisasi kinerja IKM Setda tahun 2022 s.d. 2024 semakin meningkat.",
    ),
    (
        "Realisasi IKM tahun 2024 (90,40%) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57%) sehingga",
        "Realisasi IKM tahun 2024 (90,40) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57) sehingga",
    ),
    (
        "Realisasi IKM tahun 2024 (90,40%) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57%) namun demikian",
        "Realisasi IKM tahun 2024 (90,40) lebih tinggi apabila dibandingkan realisasi IKM tahun 2023 (89,57) namun demikian",
    ),
];

/// The tujuan and sasaran of the clean twin worded as its Renstra and Perjanjian
/// Kinerja word them, in every table (each printed text replaced wherever it stands).
const NAMES: &[(&str, &str)] = &[
    (
        "| Mewujudkan Kualitas Pelayanan Publik |",
        "| Meningkatnya Kualitas Pelayanan Publik |",
    ),
    (
        "| Meningkatkan Kualitas Pelayanan Publik |",
        "| Meningkatnya Kualitas Pelayanan Publik |",
    ),
];

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut clean = SOURCE.to_string();
    for (printed, right) in CLEAN {
        let n = clean.matches(printed).count();
        if n != 1 {
            return Err(format!("the source holds '{printed}' {n} times, not once").into());
        }
        clean = clean.replacen(printed, right, 1);
    }
    for (printed, right) in NAMES {
        if !clean.contains(printed) {
            return Err(format!("the source holds no '{printed}'").into());
        }
        clean = clean.replace(printed, right);
    }
    for (file, text) in [
        ("lkjip-setda-kebumen-2024.docx", SOURCE),
        ("lkjip-setda-kebumen-2024-clean.docx", clean.as_str()),
    ] {
        let path = dir.join(file);
        std::fs::write(&path, package(&document(text))?)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// `document.xml` for the marked-up source text.
fn document(source: &str) -> String {
    let mut body = String::new();
    let mut table: Vec<Vec<&str>> = Vec::new();
    for line in source.lines().filter(|l| !l.starts_with("%%")) {
        if let Some(row) = line
            .strip_prefix("| ")
            .or(if line == "|" { Some("") } else { None })
        {
            table.push(row.split(" | ").map(str::trim).collect());
            continue;
        }
        if !table.is_empty() {
            body.push_str(&word_table(&table));
            table.clear();
        }
        if line.trim().is_empty() {
            continue;
        }
        let (style, text) = if let Some(t) = line.strip_prefix("### ") {
            (Some("Heading3"), t)
        } else if let Some(t) = line.strip_prefix("## ") {
            (Some("Heading2"), t)
        } else if let Some(t) = line.strip_prefix("# ") {
            (Some("Heading1"), t)
        } else if line.starts_with("Tabel ") {
            (Some("Caption"), line)
        } else {
            (None, line)
        };
        body.push_str(&paragraph(style, text));
    }
    if !table.is_empty() {
        body.push_str(&word_table(&table));
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:body>{body}<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1440\" w:right=\"1440\" w:bottom=\"1440\" w:left=\"1440\" w:header=\"708\" w:footer=\"708\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A paragraph whose `**bold**` and `*italic*` stretches are runs of their own, as
/// Word splits a paragraph into runs wherever the formatting changes.
fn paragraph(style: Option<&str>, text: &str) -> String {
    let mut out = String::from("<w:p>");
    if let Some(s) = style {
        out.push_str(&format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"));
    }
    let mut run = |text: &str, props: &str| {
        if !text.is_empty() {
            out.push_str(&format!(
                "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
                escape(text)
            ));
        }
    };
    let mut plain = String::new();
    let mut rest = text;
    'scan: while let Some(c) = rest.chars().next() {
        for (marker, props) in [
            ("**", "<w:rPr><w:b/></w:rPr>"),
            ("*", "<w:rPr><w:i/></w:rPr>"),
        ] {
            if let Some(end) = rest.strip_prefix(marker).and_then(|r| r.find(marker)) {
                run(&plain, "");
                plain.clear();
                run(&rest[marker.len()..marker.len() + end], props);
                rest = &rest[2 * marker.len() + end..];
                continue 'scan;
            }
        }
        plain.push(c);
        rest = &rest[c.len_utf8()..];
    }
    run(&plain, "");
    out.push_str("</w:p>");
    out
}

/// A Word table; a cell `text {N}` spans N grid columns, a cell `^` continues the
/// vertical merge of the cell above.
fn word_table(rows: &[Vec<&str>]) -> String {
    let parsed: Vec<Vec<(String, u32, bool)>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| {
                    if *c == "^" {
                        return (String::new(), 1, true);
                    }
                    match c.rsplit_once(" {") {
                        Some((t, n)) if n.ends_with('}') => {
                            let span = n.trim_end_matches('}').parse().unwrap_or(1);
                            (t.to_string(), span, false)
                        }
                        _ => (c.to_string(), 1, false),
                    }
                })
                .collect()
        })
        .collect();
    let width = parsed
        .iter()
        .map(|r| r.iter().map(|c| c.1).sum::<u32>())
        .max()
        .unwrap_or(1);
    // Grid columns where a vertical merge continues in the row below.
    let starts_merge = |r: usize, grid_col: u32| -> bool {
        let Some(below) = parsed.get(r + 1) else {
            return false;
        };
        let mut g = 0;
        for c in below {
            if g == grid_col {
                return c.2;
            }
            g += c.1;
        }
        false
    };
    let mut out = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid>",
    );
    for _ in 0..width {
        out.push_str("<w:gridCol w:w=\"1200\"/>");
    }
    out.push_str("</w:tblGrid>");
    for (r, row) in parsed.iter().enumerate() {
        out.push_str("<w:tr>");
        let mut g = 0;
        for (text, span, cont) in row {
            let mut props = String::new();
            if *span > 1 {
                props.push_str(&format!("<w:gridSpan w:val=\"{span}\"/>"));
            }
            if *cont {
                props.push_str("<w:vMerge/>");
            } else if starts_merge(r, g) {
                props.push_str("<w:vMerge w:val=\"restart\"/>");
            }
            out.push_str("<w:tc>");
            if !props.is_empty() {
                out.push_str(&format!("<w:tcPr>{props}</w:tcPr>"));
            }
            out.push_str(&paragraph(None, text));
            out.push_str("</w:tc>");
            g += span;
        }
        // Rows the source writes short are filled with empty cells.
        for _ in g..width {
            out.push_str("<w:tc><w:p/></w:tc>");
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
</Relationships>";

const DOCUMENT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
</Relationships>";

/// Heading 1 to 3 (with their outline levels, as Word writes them), Caption and the
/// table grid style.
fn styles() -> String {
    let mut s = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
         <w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>",
    );
    for level in 1..=3 {
        s.push_str(&format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{level}\"><w:name w:val=\"heading {level}\"/>\
             <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/>\
             <w:pPr><w:keepNext/><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:b/></w:rPr></w:style>",
            level - 1
        ));
    }
    s.push_str(
        "<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/>\
         <w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:rPr><w:b/></w:rPr></w:style>\
         <w:style w:type=\"table\" w:styleId=\"TableGrid\"><w:name w:val=\"Table Grid\"/>\
         <w:tblPr><w:tblBorders>\
         <w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         <w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>\
         </w:tblBorders></w:tblPr></w:style></w:styles>",
    );
    s
}

fn package(document: &str) -> Result<Vec<u8>, Box<dyn Error>> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    // A fixed date (the zip format's earliest, 1980-01-01) for identical bytes on every run.
    let options = SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default());
    let styles = styles();
    for (name, text) in [
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("word/document.xml", document),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS),
        ("word/styles.xml", styles.as_str()),
    ] {
        zip.start_file(name, options)?;
        zip.write_all(text.as_bytes())?;
    }
    Ok(zip.finish()?.into_inner())
}
