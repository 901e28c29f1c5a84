//! Writes the test workbooks under `fixtures/`, two per unit:
//!
//! * `lkjip-setda-kebumen-2024.xlsx`: the tables of the LKjIP 2024 of the Sekretariat
//!   Daerah Kabupaten Kebumen (`/work/shared/reference/lkjip-setda-kebumen-2024.txt`),
//!   every value exactly as the report prints it, the report's own mistakes included;
//! * `lkjip-setda-kebumen-2024-clean.xlsx`: the same workbook with the report's
//!   inconsistencies put right (see [`cleaned`]);
//! * `dinkes-contoh-2024.xlsx` and `dinkes-contoh-2024-clean.xlsx`: a second, invented
//!   unit, the Dinas Kesehatan Kabupaten Contoh, as typed (with the mistakes a Dinkes
//!   makes) and put right (see the [`dinkes`] module);
//! * `reconcile/sections/bagian-*.xlsx`: the kegiatan rows of Tabel 3.7 as each Bagian of
//!   the Sekretariat Daerah sends them to the finance subsection, each in its own layout,
//!   with the discrepancies listed in `fixtures/reconcile/README.md` (see the
//!   [`reconcile`] module); the compiled report they are held against is
//!   `lkjip-setda-kebumen-2024.xlsx`;
//! * `reconcile/budget/realisasi-sipd-setda-2024.xlsx` and its `-planted` twin: the
//!   SIPD realisation export of Tabel 3.7's budget, the books of record `selaras
//!   reconcile --budget` holds the report to (see the [`budget_export`] module);
//! * `diff/draft-v1.xlsx` and `diff/draft-v2.xlsx`: the report as printed, and a second
//!   draft with the changes an evaluator's review causes, listed in
//!   `fixtures/diff/README.md` (see the [`diff`] module).
//!
//! Each pair comes from one description of the data: the const tables below hold the
//! report as printed, [`Report`] gathers the few figures that differ between the two
//! files, and [`cleaned`] applies the corrections to a copy of [`AS_PRINTED`] (the
//! second unit is built the same way in [`dinkes`]).
//!
//! The sheets are laid out the way people type them in Excel, not as a clean dump:
//! captions above the tables, merged multi-row headers, section rows inside the body,
//! tables that do not start at A1, and a mix of numbers, formatted numbers and numbers
//! typed as text (Indonesian `90,40` and English `90.40` alike). The comments say why a
//! cell has the type it has.
//!
//! The output is deterministic (fixed creation date in the document properties), so
//! running `cargo run --example make_fixtures` twice gives the same bytes.

use std::error::Error;
use std::path::Path;

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};

type Res<T = ()> = Result<T, XlsxError>;

const PRINTED_FILE: &str = "lkjip-setda-kebumen-2024.xlsx";
const CLEAN_FILE: &str = "lkjip-setda-kebumen-2024-clean.xlsx";

fn main() -> Result<(), Box<dyn Error>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::fs::create_dir_all(&dir)?;
    for (file, report) in [(PRINTED_FILE, AS_PRINTED), (CLEAN_FILE, cleaned())] {
        let path = dir.join(file);
        build(&report)?.save(&path)?;
        println!("wrote {}", path.display());
    }
    let units = [
        (dinkes::FILE, dinkes::AS_TYPED),
        (dinkes::CLEAN_FILE, dinkes::cleaned()),
    ];
    for (file, unit) in units {
        let path = dir.join(file);
        dinkes::build(&unit)?.save(&path)?;
        println!("wrote {}", path.display());
    }
    std::fs::create_dir_all(dir.join(reconcile::DIR))?;
    for section in reconcile::sections() {
        let path = dir.join(reconcile::DIR).join(section.file);
        reconcile::build(&section)?.save(&path)?;
        println!("wrote {}", path.display());
    }
    std::fs::create_dir_all(dir.join(budget_export::DIR))?;
    for (file, planted) in [
        (budget_export::CLEAN, false),
        (budget_export::PLANTED_FILE, true),
    ] {
        let path = dir.join(budget_export::DIR).join(file);
        budget_export::build(planted)?.save(&path)?;
        println!("wrote {}", path.display());
    }
    std::fs::create_dir_all(dir.join(diff::DIR))?;
    for (file, report) in [(diff::V1, AS_PRINTED), (diff::V2, diff::draft_v2())] {
        let path = dir.join(diff::DIR).join(file);
        build(&report)?.save(&path)?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------

/// One body cell, typed the way the report's author typed it.
#[derive(Clone, Copy, Debug)]
enum Cell {
    /// An empty cell inside the table (bordered, like its neighbours).
    Blank,
    /// A string. Also every number the author typed as text: `"90,40"`, `"106,35%"`,
    /// `"Rp. 38.127.840.000,-"`, `"34,652,249,175"`, `"90.40"`.
    Text(&'static str),
    /// A number in the General format: counts, targets, row numbers.
    Num(f64),
    /// A fraction shown with the format `0.00%`: 1.0635 displays as 106.35%. The value
    /// is what Excel stores when the printed percentage is typed, i.e. printed / 100.
    Pct(f64),
    /// Rupiah with thousands separators, format `#,##0`.
    Rp(f64),
    /// A number with two decimals, format `0.00` (IKM unsur values).
    Dec2(f64),
    /// A number with the format given: `#,##0` for a count in the thousands, `0.0000`
    /// for an NRR.
    Fmt(f64, &'static str),
}

use Cell::{Blank, Dec2, Fmt, Num, Pct, Rp, Text};

/// One header cell: (row offset, column offset, rows spanned, columns spanned, label).
/// A span larger than one cell is merged.
struct H(u32, u16, u32, u16, &'static str);

// ---------------------------------------------------------------------------------
// The figures that differ between the two workbooks
// ---------------------------------------------------------------------------------

/// One year-by-year IKM row: the realisasi and capaian columns of Tabel 3.5 (the
/// targets, 84 for 2023 and 85 for 2024, are the same in every row). Tabels 3.2, 3.8
/// and 3.9 repeat the 2024 figures.
#[derive(Clone, Copy)]
struct IkmSeries {
    r2022: &'static str,
    r2023: &'static str,
    c2023: &'static str,
    r2024: &'static str,
    c2024: &'static str,
}

/// A row of Tabel 3.7. `cells` are the columns Target, Realisasi, % Capaian Program
/// Kegiatan, Anggaran (Rp), Realisasi (Rp), % Capaian Anggaran.
#[derive(Clone, Copy)]
struct Budget {
    name: &'static str,
    indikator: &'static str,
    cells: [Cell; 6],
}

/// A program/kegiatan row of Tabel 3.8 (every one is "Menunjang").
#[derive(Clone, Copy)]
struct Support {
    name: &'static str,
    indikator: &'static str,
    capaian: &'static str,
}

/// Everything the clean twin changes. The rest of the workbook is written straight
/// from the const tables further down and is the same in both files.
struct Report {
    /// The tujuan and sasaran as Tabels 3.2, 3.5, 3.8 and 3.9 word them.
    tujuan_name: &'static str,
    sasaran_name: &'static str,
    /// Tabel 3.1: (Rentang Capaian, Kategori Capaian) for rows 1 to 5.
    capaian_scale: [(&'static str, &'static str); 5],
    /// The "Tujuan" row of Tabels 3.2, 3.5, 3.8 and 3.9.
    tujuan_ikm: IkmSeries,
    /// Tabel 3.3: (NILAI INTERVAL, NILAI INTERVAL KONVERSI) for persepsi 1 to 4.
    ikm_bands: [(&'static str, &'static str); 4],
    /// Tabel 3.4, column "8 (5/7)".
    tingkat_kemajuan: &'static str,
    /// Tabel 3.6, the Nilai column under "Nilai Setda", unsur 1 to 9.
    unsur_setda: [f64; 9],
    /// Tabel 3.6, the Nilai column under "Nilai Kabupaten", unsur 1 to 9.
    unsur_kabupaten: [f64; 9],
    /// Lampiran PK: the triwulan IV target of both rows (triwulan I to III are empty).
    pk_triwulan_iv: f64,
    /// Tabel 3.7, the 3 programs and 18 kegiatan in report order.
    budget: [Budget; 21],
    /// Tabel 3.8, the same 21 rows with the names and indicator texts 3.8 prints.
    support: [Support; 21],
    /// Tabel 3.9, "Tingkat Efisiensi".
    efisiensi: &'static str,
    /// Tabel 3.7, JUMLAH TOTAL: Anggaran (Rp), Realisasi (Rp), % Capaian Anggaran.
    budget_total: [Cell; 3],
    /// Tabel 3.2: rows typed under the sasaran's row (No, Sasaran, Indikator Sasaran,
    /// Target, Realisasi, % Capaian Kinerja). None in the report; see [`diff`].
    sasaran_more: &'static [[Cell; 6]],
    /// Tabel 3.7: blank rows inserted between the caption and the header, on top of
    /// the one every caption has. None in the report; see [`diff`].
    budget_gap: u32,
    /// Tabel 3.8: the rows of `support` left out, by name. None in the report; see
    /// [`diff`].
    support_left_out: &'static [&'static str],
}

/// The sasaran row of Tabel 3.5, which the report gets right: 89,57 / 84 = 106,63%,
/// 90,40 / 85 = 106,35%.
const SASARAN_IKM: IkmSeries = IkmSeries {
    r2022: "86,53",
    r2023: "89,57",
    c2023: "106,63%",
    r2024: "90,40",
    c2024: "106,35%",
};

/// The report as printed.
const AS_PRINTED: Report = Report {
    // The Renstra and the PK say "Meningkatnya …"; the measurement tables reword it.
    tujuan_name: KUALITAS_MEWUJUDKAN,
    sasaran_name: KUALITAS_MENINGKATKAN,
    // Not a partition: "65 %" with a stray space, "s.d 60 %" leaves 60-65 uncovered,
    // and "Kurang dari 50 %" leaves exactly 50 uncovered.
    capaian_scale: [
        ("Lebih dari 100%", "Baik Sekali (BS)"),
        ("Lebih dari 85% sd. 100%", "Baik (B)"),
        ("Lebih dari 65 % sd. 85%", "Cukup (C)"),
        ("Lebih dari 50% s.d 60 %", "Kurang (K)"),
        ("Kurang dari 50 %", "Sangat Kurang (SK)"),
    ],
    // The tujuan row states another IKM than the sasaran row it is measured by.
    tujuan_ikm: IkmSeries {
        r2022: "87,69",
        r2023: "89,23",
        c2023: "106,23%",
        r2024: "90,38",
        c2024: "106,33%",
    },
    // The bounds are cut short (2,599 for 2,5996) and 3,064 / 3,532 appear twice.
    ikm_bands: [
        ("1,00 – 2,599", "25,00 – 64,99"),
        ("2,60 – 3,064", "65,00 – 76,60"),
        ("3,064 – 3,532", "76,61 – 88,30"),
        ("3,532 – 4,00", "88,31 – 100,00"),
    ],
    // 90,40 / 86 = 105,116..: truncated instead of rounded half up.
    tingkat_kemajuan: "105,11%",
    // Mean 90,195.., not the IKM 90,40 the report states.
    unsur_setda: [
        90.88, 90.62, 89.50, 94.11, 90.38, 90.30, 90.54, 90.66, 94.77,
    ],
    // Seven of the nine values lie above 100, outside the IKM scale [25, 100].
    unsur_kabupaten: [
        100.60, 100.27, 98.16, 107.30, 100.39, 100.56, 100.56, 99.21, 106.63,
    ],
    // 84, while the annual target of this non-cumulative indicator is 85.
    pk_triwulan_iv: 84.0,
    budget: BUDGET_AS_PRINTED,
    support: SUPPORT_AS_PRINTED,
    // Not reproducible: PMK 214/2017 over the 18 kegiatan gives 10,29%.
    efisiensi: "12,99%",
    budget_total: BUDGET_TOTAL,
    sasaran_more: &[],
    budget_gap: 0,
    support_left_out: &[],
};

/// Kegiatan whose name Tabel 3.7 prints differently from Tabel 3.8: (as 3.7 prints
/// it, the official name, which is the one 3.8 prints).
const OFFICIAL_NAMES: [(&str, &str); 2] = [
    (
        "Fasilitas Kerumahtanggaan Sekretariat Daerah",
        "Fasilitasi Kerumahtanggaan Sekretariat Daerah",
    ),
    (
        "Administrasi Pemerintahan",
        "Administrasi Tata Pemerintahan",
    ),
];

/// The report with its inconsistencies put right: exactly these eight corrections.
/// Every figure was checked with exact decimal arithmetic (Python `decimal`), rounding
/// half up at two decimals.
fn cleaned() -> Report {
    let mut r = AS_PRINTED;

    // 1. Tabel 3.1 as a partition of the capaian axis (DOMAIN.md, "Category scales"):
    //    > 100, > 85 - 100, > 65 - 85, > 50 - 65, <= 50.
    r.capaian_scale = [
        ("Lebih dari 100%", "Baik Sekali (BS)"),
        ("Lebih dari 85% sd. 100%", "Baik (B)"),
        ("Lebih dari 65% sd. 85%", "Cukup (C)"),
        ("Lebih dari 50% sd. 65%", "Kurang (K)"),
        ("Sampai dengan 50%", "Sangat Kurang (SK)"),
    ];

    // 2. The tujuan is measured by the same IKM as the sasaran, so its row states the
    //    sasaran's figures in Tabels 3.2, 3.5, 3.8 and 3.9: 2022 R 86,53; 2023 R 89,57,
    //    C = 89,57 / 84 = 106,6309.. -> 106,63%; 2024 R 90,40, C = 90,40 / 85 =
    //    106,3529.. -> 106,35%.
    r.tujuan_ikm = SASARAN_IKM;
    //    And the tujuan and sasaran are worded as the Renstra and the Perjanjian
    //    Kinerja word them, in every table.
    r.tujuan_name = KUALITAS_MENINGKAT;
    r.sasaran_name = KUALITAS_MENINGKAT;

    // 3. Tabel 3.3 with the bounds of PermenPAN-RB 14/2017 exactly.
    r.ikm_bands = [
        ("1,00 – 2,5996", "25,00 – 64,99"),
        ("2,60 – 3,064", "65,00 – 76,60"),
        ("3,0644 – 3,532", "76,61 – 88,30"),
        ("3,5324 – 4,00", "88,31 – 100,00"),
    ];

    // 4. Tabel 3.4 tingkat kemajuan = R 2024 / target 2026 = 90,40 / 86 = 105,1162..
    //    -> 105,12% (half up).
    r.tingkat_kemajuan = "105,12%";

    // 5. Tabel 3.6. Setda: values whose mean is the IKM the report states, with the
    //    three lowest still Waktu Pelayanan (89,50), Kompetensi Pelaksana (89,55) and
    //    Produk Layanan (89,62), as the text names them; the next is 89,97. Sum 813,60,
    //    813,60 / 9 = 90,40 exactly. Kabupaten: every value at most 100, all at least
    //    88,31 (lowest 88,96), so "Sangat Baik" stays right for every unsur.
    r.unsur_setda = [
        90.00, 89.98, 89.50, 93.21, 89.62, 89.55, 89.97, 90.00, 91.77,
    ];
    r.unsur_kabupaten = [
        90.60, 90.27, 88.96, 97.30, 90.39, 90.56, 90.56, 89.21, 96.63,
    ];

    // 6. Lampiran PK: the IKM is non-cumulative ("Tipe Pengukuran: Non Kumulatif",
    //    Tabel 2.2), so the triwulan IV target equals the annual target 85.
    r.pk_triwulan_iv = 85.0;

    // 7. One name per row in both tables: Tabel 3.7 takes the official names, and
    //    every Tabel 3.8 row takes its Tabel 3.7 row's name and indicator text.
    for row in &mut r.budget {
        if let Some(&(_, official)) = OFFICIAL_NAMES.iter().find(|(p, _)| *p == row.name) {
            row.name = official;
        }
    }
    for (support, budget) in r.support.iter_mut().zip(&r.budget) {
        support.name = budget.name;
        support.indikator = budget.indikator;
    }

    // 8. Tabel 3.9: PMK 214/PMK.02/2017 efficiency over the 18 kegiatan of Tabel 3.7,
    //    CK = realisasi / target, not capped at 100%:
    //    E = sum(PAK*CK - RAK) / sum(PAK*CK) = 10,2890731..% -> 10,29%
    //    (with CK taken from the printed capaian instead: 10,2890841..%, also 10,29%).
    r.efisiensi = "10,29%";

    r
}

// ---------------------------------------------------------------------------------
// The report's tables (as printed)
// ---------------------------------------------------------------------------------

const TITLE: &str = "LAPORAN KINERJA INSTANSI PEMERINTAH (LKjIP) SEKRETARIAT DAERAH \
                     KABUPATEN KEBUMEN TAHUN 2024";
const SUMBER_UMUM: &str = "Sumber : Bagian Umum Setda Kebumen, 2024";

/// Tabels 1.1 to 1.3: counts of ASN by one attribute. The No. column is text, typed
/// as printed "1." (so the typo "58.." survives); the counts are numbers.
struct CountTable {
    caption: &'static str,
    label: &'static str,
    rows: &'static [(&'static str, &'static str, u32)],
    total_label: &'static str,
    total: u32,
}

const ASN_BY_JABATAN: CountTable = CountTable {
    caption: "Tabel 1. 1 Jumlah ASN Menurut Jabatan",
    label: "Nama Jabatan",
    rows: &[
        ("1.", "Sekretaris Daerah", 1),
        ("2.", "Asisten Pemerintahan dan kesra", 1),
        ("3.", "Asisten Perekonomian dan Pembangunan", 1),
        ("4.", "Asisten Administrasi Umum", 1),
        (
            "5.",
            "Staf Ahli Bupati Bidang Kemasyarakatan dan Sumber Daya Manusia",
            1,
        ),
        ("6.", "SAB Bidang Ekonomi, Keuangan dan Pembangunan", 1),
        ("7.", "Kepala Bagian Umum", 1),
        ("8.", "Kepala Bagian Prokopim", 1),
        ("9.", "Kepala Bagian Kesra", 1),
        ("10.", "Kepala Bagian Pemerintahan", 1),
        ("11.", "Kepala Bagian Hukum", 1),
        ("12.", "Kepala Bagian PBJ", 1),
        ("13.", "Kepala Bagian Organisasi", 1),
        ("14.", "Kepala Bagian Pembangunan", 1),
        ("15.", "Kepala Bagian Perekonomian", 1),
        ("16.", "Kasubbag Keuangan", 1),
        ("17.", "Kasubbag Rumah Tangga dan Perlengkapan", 1),
        (
            "18.",
            "Kasubbag Tata Usaha Pimpinan, Staf Ahli dan Kepegawaian",
            1,
        ),
        ("19.", "Kasubbag Protokol", 1),
        (
            "20.",
            "Kepala Subbagian Pengelolaan Pengadaan Barang dan Jasa",
            1,
        ),
        ("21.", "Ajudan", 1),
        ("22.", "Analisis Advokasi Hukum", 1),
        ("23.", "Analisis Akuntabilitas Kinerja Aparatur", 1),
        ("24.", "Analisis Hukum Ahli Pertama", 2),
        ("25.", "Analisis Infrastruktur", 1),
        ("26.", "Analisis Jabatan", 1),
        ("27.", "Analisis Kebijakan Ahli Muda", 9),
        ("28.", "Analisis Kebijakan Ahli Pertama", 3),
        ("29.", "Analisis Kesejahteraan Rakyat", 3),
        ("30.", "Analisis Pelayanan", 1),
        ("31.", "Analisis Pemerintahan Daerah", 1),
        ("32.", "Analisis Pemerintahan Umum dan Otonomi Daerah", 1),
        ("33.", "Analisis Perekonomian", 3),
        ("34.", "Analisis Perencanaan, Evaluasi dan Pelaporan", 1),
        ("35.", "Analisis Protokol", 1),
        ("36.", "Analisis Publikasi", 1),
        (
            "37.",
            "Analisis Sumber Daya Manusia Aparatur Ahli Pertama",
            1,
        ),
        ("38.", "Analisis Tata Praja", 1),
        ("39.", "Arsiparis Terampil", 2),
        ("40.", "Bendahara", 2),
        ("41.", "Pengadministrasian Data Penyajian dan Publikasi", 1),
        (
            "42.",
            "Pengadministrasian Layanan Pengadaan Barang/Jasa Secara Elektronik",
            4,
        ),
        ("43.", "Pengadministrasian Pemerintahan", 1),
        ("44.", "Pengadministrasian Sarana dan Prasarana", 1),
        ("45.", "Pengadministrasian Umum", 24),
        ("46.", "Pengelola Akuntansi", 1),
        ("47.", "Pengelola Bantuan Hukum", 1),
        ("48.", "Pengelola Keuangan", 1),
        ("49.", "Pengelola Pemanfaatan Barang Milik Daerah", 1),
        ("50.", "Pengelola Pengadaan Barang/Jasa Ahli Madya", 1),
        ("51.", "Pengelola Pengadaan Barang/Jasa Ahli Muda", 5),
        ("52.", "Pengelola Pengadaan Barang/Jasa Ahli Pertama", 12),
        ("53.", "Pengelola Sarana Prasarana Rumah Tangga Dinas", 1),
        ("54.", "Pengemudi", 2),
        ("55.", "Pengolah Data Informasi dan Hukum", 1),
        ("56.", "Penyusun Rancangan Perundang-undangan", 2),
        (
            "57.",
            "Penyusun Rencana Kebutuhan Rumah Tangga dan Perlengkapan",
            1,
        ),
        ("58..", "Penyusun Rencana Kebutuhan Sarana dan Prasarana", 1),
        ("59.", "Perancang Peraturan Perundang-undangan Ahli Muda", 2),
        (
            "60.",
            "Perancang Peraturan Perundang-undangan Ahli Pertama",
            2,
        ),
        ("61.", "Pramu Bakti", 4),
        ("62.", "Pranata Hubungan Masyarakat Ahli Muda", 1),
        ("63.", "Pranata Hubungan Masyarakat Ahli Pertama", 3),
        ("64.", "Pranata Jamuan", 2),
        ("65.", "Teknisi Listrik dan Jaringan", 2),
        ("66.", "Verifikator Keuangan", 1),
    ],
    total_label: "Jumlah",
    total: 135,
};

const ASN_BY_GOLONGAN: CountTable = CountTable {
    caption: "Tabel 1. 2 Jumlah ASN Menurut Golongan",
    label: "Golongan",
    rows: &[
        ("1.", "IV", 19),
        ("2.", "III", 82),
        ("3.", "II", 24),
        ("4.", "I", 1),
        ("5.", "IX", 8),
        ("6.", "VII", 1),
    ],
    total_label: "Total",
    total: 135,
};

const ASN_BY_PENDIDIKAN: CountTable = CountTable {
    caption: "Tabel 1. 3 Jumlah ASN menurut Pendidikan",
    label: "Pendidikan",
    rows: &[
        ("1.", "S2", 22),
        ("2.", "S1", 80),
        ("3.", "D3", 4),
        ("4.", "SMA/SMK", 25),
        ("5.", "SMP", 1),
        ("6.", "SD", 3),
    ],
    total_label: "Total",
    total: 135,
};

const KUALITAS_MENINGKAT: &str = "Meningkatnya Kualitas Pelayanan Publik";
const KUALITAS_MENINGKAT_LC: &str = "Meningkatnya kualitas pelayanan publik";
const KUALITAS_MEWUJUDKAN: &str = "Mewujudkan Kualitas Pelayanan Publik";
const KUALITAS_MENINGKATKAN: &str = "Meningkatkan Kualitas Pelayanan Publik";
const IKM: &str = "Indeks Kepuasan Masyarakat";
const IKM_SETDA: &str = "Indeks Kepuasan Masyarakat Setda";

/// Tabels 2.1 and 2.3: Capaian 2020, Perkiraan Capaian 2021, targets 2022 to 2026 and
/// Kondisi akhir Renstra. Typed as text, Indonesian style, with as many decimals as
/// the author wrote ("82,5", "83").
const RENSTRA_VALUES: [&str; 8] = ["81,97", "82,5", "83", "84", "85", "85,5", "86", "86"];

/// Tabel 2.5 and the Lampiran PK budget: the program names and the amounts, typed as
/// text in the "Rp. 1.234,-" style the report prints.
const PROGRAMS: [&str; 3] = [
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    "Program Pemerintahan dan Kesejahteraan Rakyat",
    "Program Perekonomian dan Pembangunan",
];
const ANGGARAN_PERUBAHAN: [&str; 3] = [
    "Rp. 38.127.840.000,-",
    "Rp. 34.158.774.800,-",
    "Rp. 1.565.899.000,-",
];
const ANGGARAN_MURNI: [&str; 3] = [
    "Rp. 31.860.576.000,-",
    "Rp. 25.432.886.000,-",
    "Rp. 1.565.649.000,-",
];

/// Tabel 3.3, the columns the clean twin keeps: (NILAI PERSEPSI, MUTU PELAYANAN,
/// KINERJA UPP).
const IKM_BAND_LABELS: [(f64, &str, &str); 4] = [
    (1.0, "D", "Tidak baik"),
    (2.0, "C", "Kurang baik"),
    (3.0, "B", "Baik"),
    (4.0, "A", "Sangat baik"),
];

/// Tabel 3.6, the nine unsur of the survey.
const UNSUR: [&str; 9] = [
    "Persyaratan",
    "Prosedur",
    "Waktu Pelayanan",
    "Biaya/Tarif",
    "Produk Layanan",
    "Kompetensi Pelaksana",
    "Perilaku Pelaksana",
    "Sarana dan Prasarana",
    "Penanganan Pengaduan",
];

/// Tabel 3.7 as printed. The report prints this table English style; the cells mix
/// representations the way a sheet that was partly computed and partly typed over
/// does:
/// * Target and Realisasi are plain numbers, except the program row's realisasi
///   "90.40", typed as text so that the trailing zero shows.
/// * % Capaian Program Kegiatan is a fraction formatted `0.00%`, except the two rows
///   above 200% ("366.67%", "240.00%"), typed over as text.
/// * Anggaran (Rp) is a number formatted `#,##0` throughout.
/// * The program rows' Realisasi (Rp) and % Capaian Anggaran were typed by hand as
///   text ("34,652,249,175", "90.88%"); the kegiatan rows' are numbers formatted
///   `#,##0` and `0.00%`.
const BUDGET_AS_PRINTED: [Budget; 21] = [
    Budget {
        name: "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        indikator: "Nilai IKM Setda",
        cells: [
            Num(85.0),
            Text("90.40"),
            Pct(1.0635),
            Rp(38_127_840_000.0),
            Text("34,652,249,175"),
            Text("90.88%"),
        ],
    },
    Budget {
        name: "Administrasi Keuangan Perangkat Daerah",
        indikator: "Jumlah bulan penyediaan administrasi keuangan perangkat daerah",
        cells: [
            Num(12.0),
            Num(12.0),
            Pct(1.0),
            Rp(20_512_282_000.0),
            Rp(18_754_922_665.0),
            Pct(0.9143),
        ],
    },
    Budget {
        name: "Administrasi Kepegawaian Perangkat Daerah",
        indikator: "Jumlah bulan penyediaan administrasi kepegawaian perangkat daerah",
        cells: [
            Num(12.0),
            Num(12.0),
            Pct(1.0),
            Rp(273_000_000.0),
            Rp(269_264_900.0),
            Pct(0.9863),
        ],
    },
    Budget {
        name: "Administrasi Umum Perangkat Daerah",
        indikator: "Jumlah bulan penyediaan Administrasi Umum Perangkat Daerah",
        cells: [
            Num(12.0),
            Num(12.0),
            Pct(1.0),
            Rp(5_907_470_000.0),
            Rp(4_826_172_914.0),
            Pct(0.817),
        ],
    },
    Budget {
        name: "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
        indikator: "Jumlah unit pengadaan barang milik daerah penunjang urusan pemerintah daerah",
        cells: [
            Num(64.0),
            Num(64.0),
            Pct(1.0),
            Rp(2_180_950_000.0),
            Rp(2_126_747_640.0),
            Pct(0.9751),
        ],
    },
    Budget {
        name: "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        indikator: "Jumlah bulan penyediaan jasa penunjang urusan pemerintahan daerah",
        cells: [
            Num(12.0),
            Num(12.0),
            Pct(1.0),
            Rp(2_576_263_000.0),
            Rp(2_328_036_020.0),
            Pct(0.9036),
        ],
    },
    Budget {
        name: "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
        indikator:
            "Jumlah unit pemeliharaan barang milik daerah penunjang urusan pemerintahan daerah",
        cells: [
            Num(127.0),
            Num(127.0),
            Pct(1.0),
            Rp(3_277_716_000.0),
            Rp(3_120_123_660.0),
            Pct(0.9519),
        ],
    },
    Budget {
        name: "Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala Daerah",
        indikator: "Jumlah bulan penyediaan administrasi keuangan dan operasional KDH dan WKDH",
        cells: [
            Num(12.0),
            Num(12.0),
            Pct(1.0),
            Rp(1_237_194_000.0),
            Rp(1_106_496_010.0),
            Pct(0.8944),
        ],
    },
    Budget {
        name: "Fasilitas Kerumahtanggaan Sekretariat Daerah",
        indikator: "Jumlah bulan penyediaan fasilitas kerumahtanggaan Sekretariat Daerah",
        cells: [
            Num(12.0),
            Num(12.0),
            Pct(1.0),
            Rp(1_043_701_000.0),
            Rp(1_027_271_023.0),
            Pct(0.9843),
        ],
    },
    Budget {
        name: "Penataan Organisasi",
        indikator: "Jumlah dokumen kegiatan Penataan Organisasi",
        cells: [
            Num(4.0),
            Num(4.0),
            Pct(1.0),
            Rp(373_518_000.0),
            Rp(372_428_649.0),
            Pct(0.9971),
        ],
    },
    Budget {
        name: "Pelaksanaan Protokol dan Komunikasi Pimpinan",
        indikator: "Jumlah layanan Fasilitas Protokol dan Komunikasi Pimpinan",
        cells: [
            Num(8.0),
            Num(8.0),
            Pct(1.0),
            Rp(745_746_000.0),
            Rp(720_785_694.0),
            Pct(0.9665),
        ],
    },
    Budget {
        name: "Program Pemerintahan Dan Kesejahteraan Rakyat",
        indikator: "Nilai EKPPD",
        cells: [
            Num(2.95),
            Num(3.27),
            Pct(1.1085),
            Rp(34_158_774_800.0),
            Text("31,446,523,018"),
            Text("92.06%"),
        ],
    },
    Budget {
        name: "Administrasi Pemerintahan",
        indikator: "Jumlah kegiatan Administrasi Tata Pemerintahan",
        cells: [
            Num(3.0),
            Num(11.0),
            Text("366.67%"),
            Rp(450_918_800.0),
            Rp(448_499_339.0),
            Pct(0.9946),
        ],
    },
    Budget {
        name: "Pelaksanaan Kebijakan Kesejahteraan Rakyat",
        indikator: "Jumlah kegiatan Fasilitas Pelaksanaan Kebijakan Kesejahteraan Rakyat",
        cells: [
            Num(15.0),
            Num(15.0),
            Pct(1.0),
            Rp(33_337_644_000.0),
            Rp(30_636_711_488.0),
            Pct(0.919),
        ],
    },
    Budget {
        name: "Fasilitasi dan Koordinasi Hukum",
        indikator: "Jumlah kegiatan Fasilitasi dan Koordinasi Hukum",
        cells: [
            Num(3.0),
            Num(3.0),
            Pct(1.0),
            Rp(343_182_000.0),
            Rp(334_626_679.0),
            Pct(0.9751),
        ],
    },
    Budget {
        name: "Fasilitasi Kerjasama Daerah",
        indikator: "Jumlah dokumen kerjasama daerah",
        cells: [
            Num(5.0),
            Num(12.0),
            Text("240.00%"),
            Rp(27_030_000.0),
            Rp(26_685_512.0),
            Pct(0.9873),
        ],
    },
    Budget {
        name: "Program Perekonomian Dan Pembangunan",
        indikator: "Indeks Kualitas Kebijakan Pembangunan",
        cells: [
            Num(89.0),
            Num(96.0),
            Pct(1.0787),
            Rp(1_565_899_000.0),
            Text("1,481,852,876"),
            Text("94.63%"),
        ],
    },
    Budget {
        name: "Pelaksanaan Kebijakan Perekonomian",
        indikator: "Jumlah dokumen fasilitasi pelaksanaan kebijakan perekonomian",
        cells: [
            Num(3.0),
            Num(4.0),
            Pct(1.3333),
            Rp(175_480_000.0),
            Rp(174_831_793.0),
            Pct(0.9963),
        ],
    },
    Budget {
        name: "Pelaksanaan Administrasi Pembangunan",
        indikator: "Jumlah dokumen pengendalian pembangunan dan laporan pelaksanaan pembangunan",
        cells: [
            Num(2.0),
            Num(2.0),
            Pct(1.0),
            Rp(160_453_000.0),
            Rp(158_197_607.0),
            Pct(0.9859),
        ],
    },
    Budget {
        name: "Pengelolaan Pengadaan Barang dan Jasa",
        indikator: "Jumlah Laporan Fasilitasi Pengadaan melalui SPSE",
        cells: [
            Num(10.0),
            Num(11.0),
            Pct(1.1),
            Rp(848_321_000.0),
            Rp(772_483_108.0),
            Pct(0.9106),
        ],
    },
    Budget {
        name: "Pemantauan Kebijakan Sumber Daya Alam",
        indikator: "Jumlah Dokumen Fasilitasi Kebijakan Sumber Daya Alam",
        cells: [
            Num(4.0),
            Num(5.0),
            Pct(1.25),
            Rp(381_645_000.0),
            Rp(376_340_368.0),
            Pct(0.9861),
        ],
    },
];

/// Tabel 3.7, JUMLAH TOTAL: Anggaran and Realisasi (Rp) as formatted numbers, the
/// percentage typed as text Indonesian style, unlike the rest of the table.
const BUDGET_TOTAL: [Cell; 3] = [Rp(73_852_513_800.0), Rp(67_580_625_069.0), Text("91,51%")];

/// Tabel 3.8 as printed: names and indicator texts differ from Tabel 3.7 in places;
/// the capaian are text, Indonesian style.
const SUPPORT_AS_PRINTED: [Support; 21] = [
    Support {
        name: "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        indikator: "Nilai IKM Setda",
        capaian: "106,35%",
    },
    Support {
        name: "Administrasi Keuangan Perangkat Daerah",
        indikator: "Jumlah bulan administrasi keuangan perangkat daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Administrasi Kepegawaian Perangkat Daerah",
        indikator: "Jumlah bulan penyediaan administrasi kepegawaian perangkat daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Administrasi Umum Perangkat Daerah",
        indikator: "Jumlah bulan penyediaan administrasi umum perangkat daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
        indikator: "Jumlah unit pengadaan barang milik daerah penunjang urusan pemerintah daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
        indikator: "Jumlah bulan penyediaan jasa penunjang urusan pemerintah daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
        indikator:
            "Jumlah unit pemeliharaan barang milik daerah penunjang urusan pemerintahan daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala Daerah",
        indikator: "Jumlah bulan penyediaan administrasi keuangan dan operasional kepala \
                    daerah dan wakil kepala daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Fasilitasi Kerumahtanggaan Sekretariat Daerah",
        indikator: "Jumlah bulan penyediaan fasilitas kerumahtanggaan sekretaris daerah",
        capaian: "100,00%",
    },
    Support {
        name: "Penataan Organisasi",
        indikator: "Jumlah dokumen penataan organisasi",
        capaian: "100,00%",
    },
    Support {
        name: "Pelaksanaan Protokol dan Komunikasi Pimpinan",
        indikator: "Jumlah layanan fasilitasi protokol dan komunikasi pimpinan",
        capaian: "100,00%",
    },
    Support {
        name: "Program Pemerintahan Dan Kesejahteraan Rakyat",
        indikator: "Nilai EKPPD",
        capaian: "110,85%",
    },
    Support {
        name: "Administrasi Tata Pemerintahan",
        indikator: "Jumlah kegiatan Administrasi tata Pemerintahan",
        capaian: "366,67%",
    },
    Support {
        name: "Pelaksanaan Kebijakan Kesejahteraan Rakyat",
        indikator: "Jumlah kegiatan fasilitasi pelaksanaan kebijakan kesejahteraan rakyat",
        capaian: "100,00%",
    },
    Support {
        name: "Fasilitasi dan Koordinasi Hukum",
        indikator: "Jumlah kegiatan fasilitasi pelaksanaan kebijakan kesejahteraan rakyat",
        capaian: "100,00%",
    },
    Support {
        name: "Fasilitasi Kerjasama Daerah",
        indikator: "Jumlah dokumen kerjasama dengan pihak lainnya",
        capaian: "240,00%",
    },
    Support {
        name: "Program Perekonomian Dan Pembangunan",
        indikator: "Indeks kualitas kebijakan pembangunan",
        capaian: "107,87%",
    },
    Support {
        name: "Pelaksanaan Kebijakan Perekonomian",
        indikator: "Jumlah dokumen fasilitasi pelaksanaan kebijakan perekonomian",
        capaian: "133,33%",
    },
    Support {
        name: "Pelaksanaan Administrasi Pembangunan",
        indikator: "Jumlah kegiatan pelaksanaan administrasi pembangunan",
        capaian: "100,00%",
    },
    Support {
        name: "Pengelolaan Pengadaan Barang dan Jasa",
        indikator: "Jumlah laporan pengelolaan fasilitasi pengadaan barang dan jasa",
        capaian: "110,00%",
    },
    Support {
        name: "Pemantauan Kebijakan Sumber Daya Alam",
        indikator: "Jumlah dokumen kegiatan pemantauan kebijakan sumber daya alam",
        capaian: "125,00%",
    },
];

/// Tabel 3.8, the Rata-rata row's % Capaian: the mean of the 21 rows above it
/// (2600,07 / 21 = 123,8128..), typed as text.
const SUPPORT_MEAN: &str = "123,81%";

/// Program rows are set in bold; kegiatan rows are not.
fn is_program(name: &str) -> bool {
    name.starts_with("Program ")
}

// ---------------------------------------------------------------------------------
// The workbook
// ---------------------------------------------------------------------------------

fn build(r: &Report) -> Res<Workbook> {
    let mut wb = Workbook::new();
    // A fixed creation date (the date the report was signed) keeps the bytes the same
    // from run to run.
    let created = ExcelDateTime::from_ymd(2025, 1, 26)?.and_hms(8, 0, 0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title("LKjIP Sekretariat Daerah Kabupaten Kebumen Tahun 2024")
            .set_author("Subbagian Keuangan Setda Kebumen")
            .set_company("Pemerintah Kabupaten Kebumen")
            .set_creation_datetime(&created),
    );
    sheet_sdm(wb.add_worksheet())?;
    sheet_renstra(wb.add_worksheet())?;
    sheet_pk(wb.add_worksheet())?;
    sheet_scale(wb.add_worksheet(), r)?;
    sheet_measurement(wb.add_worksheet(), r)?;
    sheet_ikm(wb.add_worksheet(), r)?;
    sheet_budget(wb.add_worksheet(), r)?;
    sheet_support(wb.add_worksheet(), r)?;
    sheet_efficiency(wb.add_worksheet(), r)?;
    sheet_lampiran_pk(wb.add_worksheet(), r)?;
    Ok(wb)
}

/// "SDM": a title, then Tabels 1.1, 1.2 and 1.3 stacked with two blank rows between.
fn sheet_sdm(ws: &mut Worksheet) -> Res {
    ws.set_name("SDM")?;
    widths(ws, 0, &[6.0, 62.0, 10.0])?;
    merged(ws, 0, 0, 0, 2, TITLE, &fmt_title())?;
    ws.set_row_height(0, 33)?;
    let mut row = 2;
    for table in [ASN_BY_JABATAN, ASN_BY_GOLONGAN, ASN_BY_PENDIDIKAN] {
        row = caption(ws, row, 0, 3, table.caption)?;
        flat_header(ws, row, 0, &["No.", table.label, "Jumlah"])?;
        row += 1;
        for &(no, label, count) in table.rows {
            body_row(
                ws,
                row,
                0,
                &[Text(no), Text(label), Num(count.into())],
                false,
            )?;
            row += 1;
        }
        // The total row has no number; its label sits in the label column.
        let total = [Blank, Text(table.total_label), Num(table.total.into())];
        body_row(ws, row, 0, &total, true)?;
        ws.write_string(row + 1, 0, SUMBER_UMUM)?;
        row += 4;
    }
    Ok(())
}

/// "Renstra": Tabel 2.1 and, below it, Tabel 2.3, starting at B3.
fn sheet_renstra(ws: &mut Worksheet) -> Res {
    ws.set_name("Renstra")?;
    widths(ws, 0, &[3.0, 6.0, 36.0, 28.0])?;
    widths(ws, 4, &[12.0, 12.0, 9.0, 9.0, 9.0, 9.0, 9.0, 12.0])?;
    // Tabel 2.1 prints the row twice, the second time without a number ("1" typed as
    // a number); Tabel 2.3 prints it once, numbered "1." (text).
    let t21: [Cell; 2] = [Num(1.0), Blank];
    let t23: [Cell; 1] = [Text("1.")];
    let next = renstra_table(ws, 2, "Tabel 2.1 Tujuan dan Sasaran Kinerja Setda", &t21)?;
    renstra_table(
        ws,
        next + 2,
        "Tabel 2.3 Indikator Kinerja Sasaran Strategis Setda",
        &t23,
    )?;
    Ok(())
}

/// One Renstra table at column B, one row per entry of `numbers`; returns the row
/// after it.
fn renstra_table(ws: &mut Worksheet, row: u32, title: &str, numbers: &[Cell]) -> Res<u32> {
    const HEADER: [H; 13] = [
        H(0, 0, 3, 1, "NO"),
        H(0, 1, 3, 1, "TUJUAN/ SASARAN"),
        H(0, 2, 3, 1, "Indikator Tujuan /Sasaran"),
        H(0, 3, 1, 2, "Kondisi Kinerja pada Awal Periode RPJMD"),
        H(1, 3, 2, 1, "Capaian 2020"),
        H(1, 4, 2, 1, "Perkiraan Capaian 2021"),
        H(0, 5, 1, 5, "Target Capaian"),
        // The years are header text, not numbers.
        H(1, 5, 2, 1, "2022"),
        H(1, 6, 2, 1, "2023"),
        H(1, 7, 2, 1, "2024"),
        H(1, 8, 2, 1, "2025"),
        H(1, 9, 2, 1, "2026"),
        H(0, 10, 3, 1, "Kondisi akhir Renstra"),
    ];
    let mut row = caption(ws, row, 1, 11, title)?;
    header(ws, row, 1, &HEADER)?;
    row += 3;
    for &no in numbers {
        let mut cells = vec![no, Text(KUALITAS_MENINGKAT), Text(IKM)];
        cells.extend(RENSTRA_VALUES.map(Text));
        body_row(ws, row, 1, &cells, false)?;
        row += 1;
    }
    Ok(row)
}

/// "PK 2024": Tabel 2.4 (the signed targets) and Tabel 2.5 (the budget behind them).
fn sheet_pk(ws: &mut Worksheet) -> Res {
    ws.set_name("PK 2024")?;
    widths(ws, 0, &[6.0, 48.0, 28.0, 10.0, 10.0])?;
    let mut row = caption(ws, 0, 0, 5, "Tabel 2.4 Perjanjian Kinerja Tahun 2024")?;
    let labels = [
        "No.",
        "Tujuan dan Sasaran Strategis",
        "Indikator Kinerja",
        "Satuan",
        "Target",
    ];
    flat_header(ws, row, 0, &labels)?;
    row += 1;
    // Row numbers and the target 85 are numbers; "Tujuan :" and "Sasaran :" are
    // section rows in the second column.
    for (section, no) in [("Tujuan :", 1.0), ("Sasaran :", 2.0)] {
        body_row(
            ws,
            row,
            0,
            &[Blank, Text(section), Blank, Blank, Blank],
            true,
        )?;
        let cells = [
            Num(no),
            Text(KUALITAS_MENINGKAT_LC),
            Text(IKM),
            Text("Indeks"),
            Num(85.0),
        ];
        body_row(ws, row + 1, 0, &cells, false)?;
        row += 2;
    }
    row = caption(
        ws,
        row + 2,
        0,
        3,
        "Tabel 2.5. Perencanaan Anggaran Tahun 2024",
    )?;
    flat_header(ws, row, 0, &["No.", "Program", "Anggaran"])?;
    for (i, (program, amount)) in PROGRAMS.into_iter().zip(ANGGARAN_PERUBAHAN).enumerate() {
        let cells = [Text(NUMBERED[i]), Text(program), Text(amount)];
        body_row(ws, row + 1 + i as u32, 0, &cells, false)?;
    }
    Ok(())
}

/// Row numbers typed as text with a trailing dot, as the report prints them.
const NUMBERED: [&str; 3] = ["1.", "2.", "3."];

/// "Tabel 3.1": the capaian category scale, starting at B2.
fn sheet_scale(ws: &mut Worksheet, r: &Report) -> Res {
    ws.set_name("Tabel 3.1")?;
    widths(ws, 0, &[3.0, 6.0, 30.0, 24.0])?;
    let mut row = caption(
        ws,
        1,
        1,
        3,
        "Tabel 3.1. Rentang dan Kategori Capaian Kinerja",
    )?;
    flat_header(ws, row, 1, &["No", "Rentang Capaian", "Kategori Capaian"])?;
    for (no, &(range, category)) in (1u8..).zip(&r.capaian_scale) {
        row += 1;
        let cells = [Num(f64::from(no)), Text(range), Text(category)];
        body_row(ws, row, 1, &cells, false)?;
    }
    Ok(())
}

/// "Tabel 3.2": target, realisasi and capaian of the tujuan and the sasaran. The target
/// is a number; realisasi and capaian are text, Indonesian style.
fn sheet_measurement(ws: &mut Worksheet, r: &Report) -> Res {
    ws.set_name("Tabel 3.2")?;
    widths(ws, 0, &[5.0, 38.0, 32.0, 9.0, 11.0, 13.0])?;
    let mut row = caption(
        ws,
        0,
        0,
        6,
        "Tabel 3.2. Pengukuran Capaian Kinerja Tahun 2024",
    )?;
    let labels = [
        "No",
        "Sasaran",
        "Indikator Sasaran",
        "Target",
        "Realisasi",
        "% Capaian Kinerja",
    ];
    flat_header(ws, row, 0, &labels)?;
    let rows = [
        (Blank, r.tujuan_name, IKM, r.tujuan_ikm, "Tujuan"),
        (Num(1.0), r.sasaran_name, IKM_SETDA, SASARAN_IKM, "Sasaran"),
    ];
    for (no, name, indikator, ikm, section) in rows {
        section_row(ws, row + 1, 0, 1, 6, section)?;
        let cells = [
            no,
            Text(name),
            Text(indikator),
            Num(85.0),
            Text(ikm.r2024),
            Text(ikm.c2024),
        ];
        body_row(ws, row + 2, 0, &cells, false)?;
        row += 2;
    }
    // Further indicators of the sasaran, below its row.
    for (i, cells) in (1..).zip(r.sasaran_more) {
        body_row(ws, row + i, 0, cells, false)?;
    }
    Ok(())
}

/// "IKM": Tabels 3.3 to 3.6 stacked at column B with two blank rows between.
fn sheet_ikm(ws: &mut Worksheet, r: &Report) -> Res {
    ws.set_name("IKM")?;
    widths(ws, 0, &[3.0, 10.0, 38.0, 30.0])?;
    widths(ws, 4, &[14.0, 14.0, 12.0, 11.0, 9.0, 11.0, 11.0])?;
    let col = 1;

    // Tabel 3.3: the bands of PermenPAN-RB 14/2017, all text except the persepsi
    // number; the ranges use an en dash.
    let title = "Tabel 3.3 Nilai Persepsi, Nilai Interval, Nilai Interval Konversi, Mutu \
                 Pelayanan dan Kinerja Unit Penyelenggara Pelayanan Publik (UPP)";
    let mut row = caption(ws, 1, col, 5, title)?;
    ws.set_row_height(1, 30)?;
    let labels = [
        "NILAI PERSEPSI",
        "NILAI INTERVAL",
        "NILAI INTERVAL KONVERSI",
        "MUTU PELAYANAN",
        "KINERJA UPP",
    ];
    flat_header(ws, row, col, &labels)?;
    for (&(persepsi, mutu, kinerja), &(interval, konversi)) in
        IKM_BAND_LABELS.iter().zip(&r.ikm_bands)
    {
        row += 1;
        let cells = [
            Num(persepsi),
            Text(interval),
            Text(konversi),
            Text(mutu),
            Text(kinerja),
        ];
        body_row(ws, row, col, &cells, false)?;
    }
    ws.write_string(
        row + 1,
        col,
        "Sumber : Peraturan Menteri Pendayagunaan Aparatur Negara dan Reformasi Birokrasi \
         Nomor 14 Tahun 2017 tentang Pedoman Penyusunan Survei Kepuasan Masyarakat Unit \
         Penyelenggara Pelayanan Publik.",
    )?;

    // Tabel 3.4: realisasi typed as text, targets as numbers, the capaian a fraction
    // formatted 0.00% (as if computed), the tingkat kemajuan typed as text.
    row = caption(
        ws,
        row + 4,
        col,
        8,
        "Tabel 3.4 Capaian Kinerja IKM Setda 2024",
    )?;
    const HEADER_34: [H; 9] = [
        H(0, 0, 2, 1, "No"),
        H(0, 1, 2, 1, "Indikator sasaran"),
        H(0, 2, 2, 1, "Realisasi 2023"),
        H(0, 3, 1, 3, "Tahun 2024"),
        H(1, 3, 1, 1, "Target"),
        H(1, 4, 1, 1, "Realisasi"),
        H(1, 5, 1, 1, "% Capaian"),
        H(0, 6, 2, 1, "Target akhir 2026"),
        H(0, 7, 2, 1, "Tingkat Kemajuan"),
    ];
    header(ws, row, col, &HEADER_34)?;
    let numbers = ["1", "2", "3", "4", "5", "6 (5/4)", "7", "8 (5/7)"];
    numbered_row(ws, row + 2, col, &numbers)?;
    let cells = [
        Text("1."),
        Text("Indeks Kepuasan Masyarakat (IKM)"),
        Text("89,57"),
        Num(85.0),
        Text("90,40"),
        Pct(1.0635),
        Num(86.0),
        Text(r.tingkat_kemajuan),
    ];
    body_row(ws, row + 3, col, &cells, false)?;
    // "2023" as printed, though the table is about 2024.
    ws.write_string(
        row + 4,
        col,
        "Sumber : Bagian Organisasi Setda Kebumen, 2023.",
    )?;

    // Tabel 3.5: realisasi and capaian as text, targets as numbers. The report numbers
    // both rows "1".
    let title = "Tabel 3.5 Perbandingan Capaian Kinerja IKM Setda 2023 s.d. 2024";
    row = caption(ws, row + 7, col, 10, title)?;
    const HEADER_35: [H; 14] = [
        H(0, 0, 3, 1, "No"),
        H(0, 1, 3, 1, "Tujuan / Sasaran"),
        H(0, 2, 3, 1, "Indikator Sasaran"),
        H(0, 3, 1, 7, "Tahun"),
        H(1, 3, 1, 1, "2022"),
        H(1, 4, 1, 3, "2023"),
        H(1, 7, 1, 3, "2024"),
        H(2, 3, 1, 1, "R"),
        H(2, 4, 1, 1, "T"),
        H(2, 5, 1, 1, "R"),
        H(2, 6, 1, 1, "C"),
        H(2, 7, 1, 1, "T"),
        H(2, 8, 1, 1, "R"),
        H(2, 9, 1, 1, "C"),
    ];
    header(ws, row, col, &HEADER_35)?;
    row += 3;
    let rows = [
        ("Tujuan", r.tujuan_name, IKM, r.tujuan_ikm),
        ("Sasaran", r.sasaran_name, IKM_SETDA, SASARAN_IKM),
    ];
    for (section, name, indikator, ikm) in rows {
        section_row(ws, row, col, 1, 10, section)?;
        let cells = [
            Num(1.0),
            Text(name),
            Text(indikator),
            Text(ikm.r2022),
            Num(84.0),
            Text(ikm.r2023),
            Text(ikm.c2023),
            Num(85.0),
            Text(ikm.r2024),
            Text(ikm.c2024),
        ];
        body_row(ws, row + 1, col, &cells, false)?;
        row += 2;
    }
    for (i, line) in ["Keterangan :", "T = Target", "R = Realisasi", "C = Capaian"]
        .iter()
        .enumerate()
    {
        ws.write_string(row + i as u32, col, *line)?;
    }

    // Tabel 3.6: the unsur values as numbers with two decimals.
    let title = "Tabel 3.6. Perbandingan nilai masing-masing unsur IKM Sekretariat Daerah \
                 Kabupaten Kebumen dengan IKM Kabupaten Kebumen Tahun 2024";
    let caption_row = row + 6;
    row = caption(ws, caption_row, col, 6, title)?;
    ws.set_row_height(caption_row, 30)?;
    const HEADER_36: [H; 8] = [
        H(0, 0, 2, 1, "No"),
        H(0, 1, 2, 1, "Unsur"),
        H(0, 2, 1, 2, "Nilai Setda"),
        H(1, 2, 1, 1, "Nilai"),
        H(1, 3, 1, 1, "Kinerja UPP"),
        H(0, 4, 1, 2, "Nilai Kabupaten"),
        H(1, 4, 1, 1, "Nilai"),
        H(1, 5, 1, 1, "Kinerja UPP"),
    ];
    header(ws, row, col, &HEADER_36)?;
    row += 2;
    for (i, unsur) in UNSUR.into_iter().enumerate() {
        let cells = [
            Num((i + 1) as f64),
            Text(unsur),
            Dec2(r.unsur_setda[i]),
            Text("Sangat Baik"),
            Dec2(r.unsur_kabupaten[i]),
            Text("Sangat Baik"),
        ];
        body_row(ws, row + i as u32, col, &cells, false)?;
    }
    Ok(())
}

/// "Tabel 3.7": a title block, then the budget realisation table, English style.
fn sheet_budget(ws: &mut Worksheet, r: &Report) -> Res {
    ws.set_name("Tabel 3.7")?;
    widths(ws, 0, &[44.0, 40.0, 8.0, 10.0, 12.0, 17.0, 17.0, 12.0])?;
    merged(
        ws,
        0,
        0,
        0,
        7,
        "SEKRETARIAT DAERAH KABUPATEN KEBUMEN",
        &fmt_title(),
    )?;
    let subtitle = "REALISASI ANGGARAN PROGRAM DAN KEGIATAN TAHUN ANGGARAN 2024";
    merged(ws, 1, 0, 1, 7, subtitle, &fmt_title())?;
    let title = "Tabel 3.7. Realisasi Anggaran Sekretariat Daerah Tahun 2024";
    let mut row = caption(ws, 3, 0, 8, title)? + r.budget_gap;
    const HEADER: [H; 10] = [
        H(0, 0, 2, 1, "Program/ Kegiatan"),
        H(0, 1, 2, 1, "Indikator Kinerja"),
        H(0, 2, 1, 3, "Kinerja"),
        H(1, 2, 1, 1, "Target"),
        H(1, 3, 1, 1, "Realisasi"),
        H(1, 4, 1, 1, "% Capaian Program Kegiatan"),
        H(0, 5, 1, 3, "Keuangan"),
        H(1, 5, 1, 1, "Anggaran (Rp)"),
        H(1, 6, 1, 1, "Realisasi (Rp)"),
        H(1, 7, 1, 1, "% Capaian Anggaran"),
    ];
    header(ws, row, 0, &HEADER)?;
    // The column numbers are text ("5=4/3" could not be anything else; "1" follows).
    let numbers = ["1", "2", "3", "4", "5=4/3", "6", "7", "8=7/6"];
    numbered_row(ws, row + 2, 0, &numbers)?;
    row += 3;
    for b in &r.budget {
        let mut cells = vec![Text(b.name), Text(b.indikator)];
        cells.extend(b.cells);
        body_row(ws, row, 0, &cells, is_program(b.name))?;
        row += 1;
    }
    // JUMLAH TOTAL spans the first five columns.
    merged(ws, row, 0, row, 4, "JUMLAH TOTAL", &fmt_header())?;
    body_row(ws, row, 5, &r.budget_total, true)?;
    Ok(())
}

/// "Tabel 3.8": how each program and kegiatan supports the sasaran. The capaian are
/// text, Indonesian style.
fn sheet_support(ws: &mut Worksheet, r: &Report) -> Res {
    ws.set_name("Tabel 3.8")?;
    widths(ws, 0, &[30.0, 28.0, 11.0, 44.0, 44.0, 11.0, 13.0])?;
    let title = "Tabel 3.8. Analisis Keberhasilan dan Kegagalan Program / Kegiatan Pendukung";
    let mut row = caption(ws, 0, 0, 7, title)?;
    let labels = [
        "Tujuan/Sasaran",
        "Indikator Kinerja",
        "% Capaian",
        "Program/ Kegiatan",
        "Indikator Kinerja",
        "% Capaian",
        "Menunjang/ Tidak Menunjang",
    ];
    flat_header(ws, row, 0, &labels)?;
    row += 1;
    let rows = [
        ("Tujuan", r.tujuan_name, IKM, r.tujuan_ikm.c2024),
        ("Sasaran", r.sasaran_name, IKM_SETDA, SASARAN_IKM.c2024),
    ];
    for (section, name, indikator, capaian) in rows {
        section_row(ws, row, 0, 0, 7, section)?;
        let mut cells = vec![Text(name), Text(indikator), Text(capaian)];
        cells.extend([Blank; 4]);
        body_row(ws, row + 1, 0, &cells, false)?;
        row += 2;
    }
    let kept = r
        .support
        .iter()
        .filter(|s| !r.support_left_out.contains(&s.name));
    for s in kept {
        let cells = [
            Blank,
            Blank,
            Blank,
            Text(s.name),
            Text(s.indikator),
            Text(s.capaian),
            Text("Menunjang"),
        ];
        body_row(ws, row, 0, &cells, is_program(s.name))?;
        row += 1;
    }
    let mean = [
        Blank,
        Blank,
        Blank,
        Text("Rata-rata"),
        Blank,
        Text(SUPPORT_MEAN),
        Blank,
    ];
    body_row(ws, row, 0, &mean, true)?;
    Ok(())
}

/// "Tabel 3.9": budget efficiency, starting at B3. Every figure is text, Indonesian
/// style, as printed; the budget % Capaian "91,51" is a percentage without its sign.
fn sheet_efficiency(ws: &mut Worksheet, r: &Report) -> Res {
    ws.set_name("Tabel 3.9")?;
    widths(ws, 0, &[3.0, 38.0, 8.0, 10.0, 11.0, 16.0, 16.0, 11.0, 11.0])?;
    let title = "Tabel 3.9. Efisiensi Anggaran Sekretariat Daerah Kabupaten Kebumen Tahun 2024";
    let mut row = caption(ws, 2, 1, 8, title)?;
    const HEADER: [H; 10] = [
        H(0, 0, 2, 1, "Tujuan/Sasaran"),
        H(0, 1, 1, 3, "Kinerja"),
        H(1, 1, 1, 1, "Target"),
        H(1, 2, 1, 1, "Realisasi"),
        H(1, 3, 1, 1, "% Capaian"),
        H(0, 4, 1, 3, "Keuangan"),
        H(1, 4, 1, 1, "Anggaran (Rp)"),
        H(1, 5, 1, 1, "Realisasi (Rp)"),
        H(1, 6, 1, 1, "% Capaian"),
        H(0, 7, 2, 1, "Tingkat Efisiensi"),
    ];
    header(ws, row, 1, &HEADER)?;
    row += 2;
    section_row(ws, row, 1, 0, 8, "Tujuan")?;
    let mut tujuan = vec![
        Text(r.tujuan_name),
        Text("85"),
        Text(r.tujuan_ikm.r2024),
        Text(r.tujuan_ikm.c2024),
    ];
    tujuan.extend([Blank; 4]);
    body_row(ws, row + 1, 1, &tujuan, false)?;
    section_row(ws, row + 2, 1, 0, 8, "Sasaran")?;
    let sasaran = [
        Text(r.sasaran_name),
        Text("85"),
        Text(SASARAN_IKM.r2024),
        Text(SASARAN_IKM.c2024),
        Text("73.852.513.800"),
        Text("67.580.625.069"),
        Text("91,51"),
        Text(r.efisiensi),
    ];
    body_row(ws, row + 3, 1, &sasaran, false)?;
    Ok(())
}

/// "Lampiran PK": the Perjanjian Kinerja's own tables (targets with the quarterly
/// breakdown, then the original budget).
fn sheet_lampiran_pk(ws: &mut Worksheet, r: &Report) -> Res {
    ws.set_name("Lampiran PK")?;
    widths(ws, 0, &[6.0, 48.0, 28.0, 22.0, 9.0, 6.0, 6.0, 6.0, 6.0])?;
    let title = "PERJANJIAN KINERJA TAHUN 2024 SEKRETARIS DAERAH KABUPATEN KEBUMEN";
    let mut row = caption(ws, 0, 0, 9, title)?;
    const HEADER: [H; 10] = [
        H(0, 0, 2, 1, "No."),
        H(0, 1, 2, 1, "Tujuan dan Sasaran Strategis"),
        H(0, 2, 2, 1, "Indikator Kinerja"),
        H(0, 3, 2, 1, "Satuan"),
        H(0, 4, 2, 1, "Target"),
        H(0, 5, 1, 4, "Triwulan"),
        H(1, 5, 1, 1, "I"),
        H(1, 6, 1, 1, "II"),
        H(1, 7, 1, 1, "III"),
        H(1, 8, 1, 1, "IV"),
    ];
    header(ws, row, 0, &HEADER)?;
    let numbers = [
        "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)",
    ];
    numbered_row(ws, row + 2, 0, &numbers)?;
    row += 3;
    // Targets are numbers; triwulan I to III are left empty, only IV is filled in.
    for (section, no) in [("Tujuan :", 1.0), ("Sasaran :", 2.0)] {
        section_row(ws, row, 0, 1, 9, section)?;
        let cells = [
            Num(no),
            Text(KUALITAS_MENINGKAT_LC),
            Text(IKM),
            Text("Indeks"),
            Num(85.0),
            Blank,
            Blank,
            Blank,
            Num(r.pk_triwulan_iv),
        ];
        body_row(ws, row + 1, 0, &cells, false)?;
        row += 2;
    }
    // The budget table has no caption in the report; it follows after two blank rows.
    row += 2;
    let labels = ["NO.", "PROGRAM", "ANGGARAN MURNI", "KETERANGAN*"];
    flat_header(ws, row, 0, &labels)?;
    for (i, (program, amount)) in PROGRAMS.into_iter().zip(ANGGARAN_MURNI).enumerate() {
        let cells = [Text(NUMBERED[i]), Text(program), Text(amount), Blank];
        body_row(ws, row + 1 + i as u32, 0, &cells, false)?;
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Writing helpers
// ---------------------------------------------------------------------------------

/// Sets the widths of consecutive columns starting at `first`.
fn widths(ws: &mut Worksheet, first: u16, widths: &[f64]) -> Res {
    for (col, &w) in (first..).zip(widths) {
        ws.set_column_width(col, w)?;
    }
    Ok(())
}

/// Writes `text` over a range, merging it unless it is a single cell.
fn merged(ws: &mut Worksheet, r0: u32, c0: u16, r1: u32, c1: u16, text: &str, f: &Format) -> Res {
    if r0 == r1 && c0 == c1 {
        ws.write_string_with_format(r0, c0, text, f)?;
    } else {
        ws.merge_range(r0, c0, r1, c1, text, f)?;
    }
    Ok(())
}

/// A caption merged across the table's `width` columns, then a blank row; returns the
/// row where the table's header starts.
fn caption(ws: &mut Worksheet, row: u32, col: u16, width: u16, text: &str) -> Res<u32> {
    merged(ws, row, col, row, col + width - 1, text, &fmt_caption())?;
    Ok(row + 2)
}

/// A header whose cells may span several rows and columns.
fn header(ws: &mut Worksheet, row: u32, col: u16, spans: &[H]) -> Res {
    for &H(dr, dc, h, w, text) in spans {
        let (r0, c0) = (row + dr, col + dc);
        merged(ws, r0, c0, r0 + h - 1, c0 + w - 1, text, &fmt_header())?;
    }
    Ok(())
}

/// A one-row header.
fn flat_header(ws: &mut Worksheet, row: u32, col: u16, labels: &[&str]) -> Res {
    for (c, label) in (col..).zip(labels) {
        ws.write_string_with_format(row, c, *label, &fmt_header())?;
    }
    Ok(())
}

/// The row of column numbers under a header ("1", "2", "5=4/3", "(1)"), as text.
fn numbered_row(ws: &mut Worksheet, row: u32, col: u16, labels: &[&str]) -> Res {
    let f = fmt_numbered();
    for (c, label) in (col..).zip(labels) {
        ws.write_string_with_format(row, c, *label, &f)?;
    }
    Ok(())
}

/// A section row ("Tujuan", "Sasaran :") inside a table body of `width` columns: the
/// label sits in column `col + at`, the other cells are bordered blanks.
fn section_row(
    ws: &mut Worksheet,
    row: u32,
    col: u16,
    at: u16,
    width: u16,
    label: &'static str,
) -> Res {
    let cells: Vec<Cell> = (0..width)
        .map(|i| if i == at { Text(label) } else { Blank })
        .collect();
    body_row(ws, row, col, &cells, true)
}

/// One body row from column `col` on.
fn body_row(ws: &mut Worksheet, row: u32, col: u16, cells: &[Cell], bold: bool) -> Res {
    for (c, &cell) in (col..).zip(cells) {
        let f = fmt_body(cell, bold);
        match cell {
            Blank => ws.write_blank(row, c, &f)?,
            Text(s) => ws.write_string_with_format(row, c, s, &f)?,
            Num(x) | Pct(x) | Rp(x) | Dec2(x) | Fmt(x, _) => {
                ws.write_number_with_format(row, c, x, &f)?
            }
        };
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Formats (rust_xlsxwriter stores each distinct format once, so building them per
// cell is fine)
// ---------------------------------------------------------------------------------

fn fmt_title() -> Format {
    Format::new()
        .set_bold()
        .set_font_size(12)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

fn fmt_caption() -> Format {
    Format::new()
        .set_bold()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

fn fmt_header() -> Format {
    Format::new()
        .set_bold()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_text_wrap()
}

/// The column-number row under a header: bordered and centred, not bold.
fn fmt_numbered() -> Format {
    Format::new()
        .set_italic()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::Center)
}

/// A bordered body cell; the number format follows the cell's type.
fn fmt_body(cell: Cell, bold: bool) -> Format {
    let f = Format::new()
        .set_border(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    let f = match cell {
        Blank | Num(_) => f,
        Text(_) => f.set_text_wrap(),
        Pct(_) => f.set_num_format("0.00%"),
        Rp(_) => f.set_num_format("#,##0"),
        Dec2(_) => f.set_num_format("0.00"),
        Fmt(_, code) => f.set_num_format(code),
    };
    if bold {
        f.set_bold()
    } else {
        f
    }
}

// =================================================================================
// The second unit: Dinas Kesehatan Kabupaten Contoh
// =================================================================================

/// The LKjIP 2024 of an invented Dinas Kesehatan, laid out the way another unit lays
/// out the same kinds of table: other captions and table numbers, other header
/// wordings, a `Kode` column with Kepmendagri 050-5889 codes that say each row's level,
/// Indonesian text numbers in some columns and formatted numeric cells in others, a
/// table starting at column B, tables stacked on one sheet, merged body cells.
///
/// As with the first unit, one description gives both files: [`AS_TYPED`] holds the
/// workbook as the sections typed it, mistakes included, and [`cleaned`] applies the
/// numbered corrections. Every figure was computed with exact decimal arithmetic
/// (Python `decimal`), rounding half up at two decimals.
mod dinkes {
    use super::*;

    pub const FILE: &str = "dinkes-contoh-2024.xlsx";
    pub const CLEAN_FILE: &str = "dinkes-contoh-2024-clean.xlsx";

    const UNIT: &str = "DINAS KESEHATAN KABUPATEN CONTOH";

    // -----------------------------------------------------------------------------
    // The figures that differ between the two workbooks
    // -----------------------------------------------------------------------------

    /// An indicator's row of Tabel 3.2: Target 2024, Realisasi 2024, Capaian (%) and
    /// Kategori.
    #[derive(Clone, Copy)]
    pub struct Measured {
        target: Cell,
        realisasi: Cell,
        capaian: Cell,
        kategori: &'static str,
    }

    /// A row of Tabel 3.10. `cells` are the columns Target, Realisasi, % Capaian, Pagu
    /// Anggaran (Rp), Realisasi Keuangan (Rp) and % Serapan.
    #[derive(Clone, Copy)]
    pub struct Budget {
        kode: &'static str,
        name: &'static str,
        indikator: &'static str,
        cells: [Cell; 6],
    }

    /// Everything the clean twin changes; the rest is written straight from the const
    /// tables below and is the same in both files.
    pub struct Unit {
        /// Tabel 3.1: the Interval Capaian of rows 1 to 5 (the predikat are fixed).
        scale: [&'static str; 5],
        /// Tabel 2.1: Kondisi Akhir 2026 of the stunting indicator.
        stunting_akhir: &'static str,
        /// Tabel 2.2: triwulan I of the cumulative puskesmas indicator.
        paripurna_tw1: f64,
        /// Tabel 3.2, the six indicators in [`INDICATORS`] order.
        measured: [Measured; 6],
        /// Tabel 3.5: NRR x 25 of unsur 1 to 9.
        unsur: [f64; 9],
        /// Tabel 3.10: 2 programs, 5 kegiatan and 13 sub kegiatan in report order.
        budget: [Budget; 20],
        /// Tabel 3.10, JUMLAH: Pagu Anggaran, Realisasi Keuangan, % Serapan.
        budget_total: [Cell; 3],
        /// Tabel 3.11: the unit's Pagu Anggaran and its % Serapan.
        efficiency_pagu: [&'static str; 2],
        /// Tabel 3.11: the IKM's Realisasi and % Capaian Kinerja, as Tabel 3.2 states
        /// them (Tabel 3.12 repeats the capaian).
        ikm_sasaran: [&'static str; 2],
        /// Tabel 3.12: the name of the kegiatan 1.02.02.2.02.
        layanan_rujukan: &'static str,
    }

    /// The workbook as typed.
    pub const AS_TYPED: Unit = Unit {
        // Row 2 includes 91, which row 1 ("≥ 91") includes too: 91 has two predikat.
        scale: ["≥ 91", "76 ≤ x ≤ 91", "66 ≤ x < 76", "51 ≤ x < 66", "< 51"],
        // The 2025 target, copied one column too far left: the kondisi akhir of a
        // Renstra is its final year's target, 14,00.
        stunting_akhir: "15,00",
        // 1 + 2 + 2 + 2 = 7 puskesmas, for an annual (cumulative) target of 6.
        paripurna_tw1: 1.0,
        measured: MEASURED_AS_TYPED,
        // Biaya/Tarif typed 103,18 for 93,18 (its NRR 3,7272 x 25): above the 100 an
        // unsur can reach, and it lifts the mean to 88,7311.. (sum 798,58).
        unsur: [
            87.34, 86.71, 83.96, 103.18, 88.05, 87.79, 89.62, 84.47, 87.46,
        ],
        budget: BUDGET_AS_TYPED,
        // The JUMLAH pagu counts the sub kegiatan "Rehabilitasi dan Pemeliharaan
        // Puskesmas" (2.480.000.000) twice: 51.540.930.000 + 2.480.000.000; its serapan
        // was computed from it: 49.188.382.127 / 54.020.930.000 = 91,0543..%.
        budget_total: [Rp(54_020_930_000.0), Text("49.188.382.127"), Text("91,05")],
        // The pagu murni of the Perjanjian Kinerja, not the JUMLAH of Tabel 3.10 (the
        // perubahan); 49.188.382.127 / 49.875.600.000 = 98,6221..%.
        efficiency_pagu: ["Rp 49.875.600.000", "98,62"],
        // The IKM as Tabel 3.2 states it (87,26), and 87,26 / 85 = 102,6588..%.
        ikm_sasaran: ["87,26", "102,66"],
        // "Pelayanan" where the nomenclature (and Tabel 3.10) says "Layanan".
        layanan_rujukan: "Penyediaan Pelayanan Kesehatan untuk UKM dan UKP Rujukan Tingkat \
                          Daerah Kabupaten/Kota",
    };

    /// The workbook with its inconsistencies put right: exactly these twelve
    /// corrections.
    pub fn cleaned() -> Unit {
        let mut u = AS_TYPED;

        // 1. Tabel 3.1 as a partition: ≥ 91; 76 ≤ x < 91; 66 ≤ x < 76; 51 ≤ x < 66; < 51.
        u.scale[1] = "76 ≤ x < 91";

        // 2. Tabel 2.1: the stunting kondisi akhir is the 2026 target, 14,00.
        u.stunting_akhir = "14,00";

        // 3. Tabel 2.2: no puskesmas is surveyed for accreditation in triwulan I, so the
        //    quarters are 0 + 2 + 2 + 2 = 6, the annual target of a cumulative indicator.
        u.paripurna_tw1 = 0.0;

        // 4. Tabel 3.2: the Angka Kematian Ibu is a negative indicator (semakin kecil
        //    semakin baik): capaian = (2 x 95 - 86,07) / 95 x 100 = 109,40% exactly (the
        //    typed 90,60% is R / T), which is "Sangat Tinggi" (≥ 91).
        u.measured[0].capaian = Pct(1.094);
        u.measured[0].kategori = "Sangat Tinggi";

        // 5. Tabel 3.2: 86,30 / 95 = 90,8421..% -> 90,84%, below 91: "Tinggi".
        u.measured[3].kategori = "Tinggi";

        // 6. Tabel 3.5: Biaya/Tarif is NRR 3,7272 x 25 = 93,18.
        u.unsur[3] = 93.18;

        // 7. The IKM is the mean of the nine unsur: 788,58 / 9 = 87,62 exactly (the typed
        //    87,26 has two digits swapped). Capaian 87,62 / 85 = 103,0823..% -> 103,08%,
        //    in Tabel 3.2, in Tabel 3.11 (the IKM sasaran's row) and in Tabel 3.12.
        u.measured[5].realisasi = Text("87,62");
        u.measured[5].capaian = Pct(1.0308);
        u.ikm_sasaran = ["87,62", "103,08"];

        // 8. Tabel 3.10: the sub kegiatan "Pengelolaan Pelayanan Kesehatan Balita" has a
        //    pagu of 354.900.000 (typed 345.900.000, two digits swapped), so that its
        //    kegiatan's 2.497.650.000 is the sum of its five sub kegiatan; serapan
        //    341.678.450 / 354.900.000 = 96,2746..% -> 96,27%.
        u.budget[18].cells[3] = Rp(354_900_000.0);
        u.budget[18].cells[5] = Text("96,27");

        // 9. Tabel 3.10: Penyediaan Gaji dan Tunjangan ASN, serapan 36.904.117.352 /
        //    38.612.480.000 = 95,5756..% rounded half up: 95,58 (95,57 was cut off).
        u.budget[5].cells[5] = Text("95,58");

        // 10. Tabel 3.10, JUMLAH: the sum of the two programs, 39.717.980.000 +
        //     11.822.950.000 = 51.540.930.000; serapan 49.188.382.127 / 51.540.930.000 =
        //     95,4355..% -> 95,44%.
        u.budget_total[0] = Rp(51_540_930_000.0);
        u.budget_total[2] = Text("95,44");

        // 11. Tabel 3.11 states the JUMLAH of Tabel 3.10: pagu 51.540.930.000, serapan
        //     95,44%. (Its efficiency, 2,63%, was right: PMK 214/2017 over the five
        //     kegiatan of Tabel 3.10, capaian not capped, gives 2,6329..%; NE = 50 +
        //     2,6329.. / 20 x 50 = 56,5823.. -> 56,58.)
        u.efficiency_pagu = ["Rp 51.540.930.000", "95,44"];

        // 12. Tabel 3.12 names the kegiatan as Tabel 3.10 and the nomenclature do.
        u.layanan_rujukan = BUDGET_AS_TYPED[14].name;

        u
    }

    // -----------------------------------------------------------------------------
    // The unit's tables (as typed)
    // -----------------------------------------------------------------------------

    const TUJUAN: &str = "Meningkatnya derajat kesehatan masyarakat";
    const SASARAN_MUTU: &str = "Meningkatnya akses dan mutu pelayanan kesehatan";
    const SASARAN_PUBLIK: &str = "Meningkatnya kualitas pelayanan publik Dinas Kesehatan";

    /// The tujuan and sasaran of the Renstra, the PK and Tabel 3.2: (the section row's
    /// label, the tujuan or sasaran, its indicators as a range of [`INDICATORS`]).
    const GROUPS: [(&str, &str, usize, usize); 3] = [
        ("Tujuan :", TUJUAN, 0, 2),
        ("Sasaran :", SASARAN_MUTU, 2, 5),
        ("Sasaran :", SASARAN_PUBLIK, 5, 6),
    ];

    /// What every table says the same about an indicator.
    struct Indicator {
        name: &'static str,
        satuan: &'static str,
        /// Tabel 3.2's Polaritas column. The tujuan rows leave it empty: they were
        /// copied from the RPJMD table, which has no such column (their names say they
        /// are negative); the column was filled in for the PK's sasaran indicators.
        polaritas: &'static str,
        /// Tabel 2.2's Tipe Pengukuran.
        tipe: &'static str,
        /// Tabel 2.1: Kondisi Awal 2021, then the targets 2022 to 2026 (the kondisi
        /// akhir follows them; see [`Unit::stunting_akhir`]). Whole numbers are numbers,
        /// decimals text typed Indonesian style.
        renstra: [Cell; 6],
        /// Tabel 2.2: the target 2024, then triwulan I to IV; a quarter with no target
        /// is typed "-".
        pk: [Cell; 5],
    }

    const INDICATORS: [Indicator; 6] = [
        Indicator {
            name: "Angka Kematian Ibu (per 100.000 KH)",
            satuan: "per 100.000 KH",
            polaritas: "",
            tipe: "Non Kumulatif",
            renstra: [
                Text("112,40"),
                Num(105.0),
                Num(100.0),
                Num(95.0),
                Num(90.0),
                Num(85.0),
            ],
            pk: [Num(95.0), Num(95.0), Num(95.0), Num(95.0), Num(95.0)],
        },
        Indicator {
            name: "Prevalensi stunting (%)",
            satuan: "%",
            polaritas: "",
            tipe: "Non Kumulatif",
            renstra: [
                Text("21,30"),
                Text("19,50"),
                Text("18,00"),
                Text("16,50"),
                Text("15,00"),
                Text("14,00"),
            ],
            // Weighed in the February and August bulan timbang.
            pk: [
                Text("16,50"),
                Text("-"),
                Text("17,00"),
                Text("-"),
                Text("16,50"),
            ],
        },
        Indicator {
            name: "Jumlah puskesmas terakreditasi paripurna",
            satuan: "puskesmas",
            polaritas: "Positif",
            tipe: "Kumulatif",
            renstra: [Num(0.0), Num(2.0), Num(4.0), Num(6.0), Num(6.0), Num(6.0)],
            // Triwulan I is [`Unit::paripurna_tw1`].
            pk: [Num(6.0), Blank, Num(2.0), Num(2.0), Num(2.0)],
        },
        Indicator {
            name: "Persentase desa/kelurahan UCI",
            satuan: "%",
            polaritas: "Positif",
            tipe: "Non Kumulatif",
            renstra: [
                Text("82,50"),
                Num(88.0),
                Num(92.0),
                Num(95.0),
                Num(96.0),
                Num(97.0),
            ],
            pk: [Num(95.0), Num(25.0), Num(50.0), Num(75.0), Num(95.0)],
        },
        // Not negative by name for the rules: only the Polaritas column says so.
        Indicator {
            name: "Incidence Rate DBD (per 100.000 penduduk)",
            satuan: "per 100.000 penduduk",
            polaritas: "Negatif",
            tipe: "Non Kumulatif",
            renstra: [
                Text("52,60"),
                Num(50.0),
                Num(45.0),
                Num(40.0),
                Num(38.0),
                Num(35.0),
            ],
            pk: [Num(40.0), Text("-"), Text("-"), Text("-"), Num(40.0)],
        },
        // Surveyed each semester.
        Indicator {
            name: "Indeks Kepuasan Masyarakat (IKM)",
            satuan: "indeks",
            polaritas: "Positif",
            tipe: "Non Kumulatif",
            renstra: [
                Text("80,15"),
                Num(82.0),
                Text("83,50"),
                Num(85.0),
                Num(86.0),
                Num(87.0),
            ],
            pk: [Num(85.0), Text("-"), Num(85.0), Text("-"), Num(85.0)],
        },
    ];

    /// Tabel 3.2 as typed. Targets are numbers where whole and text otherwise;
    /// realisasi are text, Indonesian style, as read off the programme reports;
    /// capaian are formulas, fractions formatted `0.00%`.
    const MEASURED_AS_TYPED: [Measured; 6] = [
        // (2 x 95 - 86,07) / 95 = 109,40%, but typed as R / T: 86,07 / 95 = 90,60%,
        // "Tinggi" for that figure.
        Measured {
            target: Num(95.0),
            realisasi: Text("86,07"),
            capaian: Pct(0.906),
            kategori: "Tinggi",
        },
        // (2 x 16,50 - 15,80) / 16,50 = 104,2424..%.
        Measured {
            target: Text("16,50"),
            realisasi: Text("15,80"),
            capaian: Pct(1.0424),
            kategori: "Sangat Tinggi",
        },
        // 5 / 6 = 83,3333..%.
        Measured {
            target: Num(6.0),
            realisasi: Num(5.0),
            capaian: Pct(0.8333),
            kategori: "Tinggi",
        },
        // 86,30 / 95 = 90,8421..%: "Tinggi", not "Sangat Tinggi" (the typist rounded
        // to 91 in their head).
        Measured {
            target: Num(95.0),
            realisasi: Text("86,30"),
            capaian: Pct(0.9084),
            kategori: "Sangat Tinggi",
        },
        // Negative by its Polaritas column: (2 x 40 - 36,12) / 40 = 109,70%.
        Measured {
            target: Num(40.0),
            realisasi: Text("36,12"),
            capaian: Pct(1.097),
            kategori: "Sangat Tinggi",
        },
        // The IKM with two digits swapped (87,26 for the survey's 87,62), and
        // 87,26 / 85 = 102,6588..%.
        Measured {
            target: Num(85.0),
            realisasi: Text("87,26"),
            capaian: Pct(1.0266),
            kategori: "Sangat Tinggi",
        },
    ];

    /// Tabel 3.1, the Predikat of rows 1 to 5.
    const PREDIKAT: [&str; 5] = [
        "Sangat Tinggi",
        "Tinggi",
        "Sedang",
        "Rendah",
        "Sangat Rendah",
    ];

    /// Tabel 3.5: the nine unsur of PermenPAN-RB 14/2017, their NRR (the mean score,
    /// the same in both files: it is the survey's) and their Mutu Pelayanan letter.
    const UNSUR: [(&str, f64, &str); 9] = [
        ("Persyaratan", 3.4936, "B"),
        ("Sistem, Mekanisme, dan Prosedur", 3.4684, "B"),
        ("Waktu Penyelesaian", 3.3584, "B"),
        ("Biaya/Tarif", 3.7272, "A"),
        ("Produk Spesifikasi Jenis Pelayanan", 3.522, "B"),
        ("Kompetensi Pelaksana", 3.5116, "B"),
        ("Perilaku Pelaksana", 3.5848, "A"),
        ("Sarana dan Prasarana", 3.3788, "B"),
        ("Penanganan Pengaduan, Saran dan Masukan", 3.4984, "B"),
    ];

    /// Tabel 3.10 as typed, from the SIPD export and the BKAD's realisation report:
    /// * the Kode is text (a code: "1.02.02" is no number); its parts say the level
    ///   (program 3, kegiatan 5, sub kegiatan 6);
    /// * Target and Realisasi are numbers, those in the thousands formatted `#,##0`;
    ///   the kegiatan 1.02.02.2.02's realisasi "96,40" was typed as text;
    /// * % Capaian is a formula, formatted `0.00`;
    /// * Pagu Anggaran (Rp) is a number formatted `#,##0`;
    /// * Realisasi Keuangan (Rp) and % Serapan were pasted from the BKAD's PDF as text,
    ///   Indonesian style.
    const BUDGET_AS_TYPED: [Budget; 20] = [
        Budget {
            kode: "1.02.01",
            name: "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
            indikator: "Persentase pemenuhan layanan administrasi perkantoran",
            cells: [
                Num(100.0),
                Num(100.0),
                Dec2(100.0),
                Rp(39_717_980_000.0),
                Text("37.975.390.402"),
                Text("95,61"),
            ],
        },
        Budget {
            kode: "1.02.01.2.01",
            name: "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
            indikator: "Jumlah dokumen perencanaan, penganggaran dan evaluasi kinerja \
                        perangkat daerah",
            cells: [
                Num(6.0),
                Num(6.0),
                Dec2(100.0),
                Rp(282_150_000.0),
                Text("269.595.850"),
                Text("95,55"),
            ],
        },
        Budget {
            kode: "1.02.01.2.01.0001",
            name: "Penyusunan Dokumen Perencanaan Perangkat Daerah",
            indikator: "Jumlah dokumen perencanaan perangkat daerah",
            cells: [
                Num(4.0),
                Num(4.0),
                Dec2(100.0),
                Rp(185_400_000.0),
                Text("178.215.600"),
                Text("96,12"),
            ],
        },
        Budget {
            kode: "1.02.01.2.01.0007",
            name: "Evaluasi Kinerja Perangkat Daerah",
            indikator: "Jumlah laporan evaluasi kinerja perangkat daerah",
            cells: [
                Num(2.0),
                Num(2.0),
                Dec2(100.0),
                Rp(96_750_000.0),
                Text("91.380.250"),
                Text("94,45"),
            ],
        },
        Budget {
            kode: "1.02.01.2.02",
            name: "Administrasi Keuangan Perangkat Daerah",
            indikator: "Jumlah bulan penyediaan administrasi keuangan perangkat daerah",
            cells: [
                Num(12.0),
                Num(12.0),
                Dec2(100.0),
                Rp(39_025_080_000.0),
                Text("37.302.891.852"),
                Text("95,59"),
            ],
        },
        // 36.904.117.352 / 38.612.480.000 = 95,5756..%, typed 95,57: cut off, not
        // rounded.
        Budget {
            kode: "1.02.01.2.02.0001",
            name: "Penyediaan Gaji dan Tunjangan ASN",
            indikator: "Jumlah orang yang menerima gaji dan tunjangan ASN",
            cells: [
                Num(412.0),
                Num(405.0),
                Dec2(98.3),
                Rp(38_612_480_000.0),
                Text("36.904.117.352"),
                Text("95,57"),
            ],
        },
        Budget {
            kode: "1.02.01.2.02.0003",
            name: "Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD",
            indikator: "Jumlah dokumen penatausahaan dan pengujian/verifikasi keuangan SKPD",
            cells: [
                Num(12.0),
                Num(12.0),
                Dec2(100.0),
                Rp(412_600_000.0),
                Text("398.774.500"),
                Text("96,65"),
            ],
        },
        Budget {
            kode: "1.02.01.2.06",
            name: "Administrasi Umum Perangkat Daerah",
            indikator: "Jumlah bulan penyediaan administrasi umum perangkat daerah",
            cells: [
                Num(12.0),
                Num(12.0),
                Dec2(100.0),
                Rp(410_750_000.0),
                Text("402.902.700"),
                Text("98,09"),
            ],
        },
        Budget {
            kode: "1.02.01.2.06.0001",
            name: "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
            indikator: "Jumlah paket komponen instalasi listrik/penerangan bangunan kantor \
                        yang disediakan",
            cells: [
                Num(1.0),
                Num(1.0),
                Dec2(100.0),
                Rp(86_250_000.0),
                Text("84.917.300"),
                Text("98,45"),
            ],
        },
        Budget {
            kode: "1.02.01.2.06.0009",
            name: "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
            indikator: "Jumlah laporan penyelenggaraan rapat koordinasi dan konsultasi SKPD",
            cells: [
                Num(12.0),
                Num(12.0),
                Dec2(100.0),
                Rp(324_500_000.0),
                Text("317.985.400"),
                Text("97,99"),
            ],
        },
        Budget {
            kode: "1.02.02",
            name: "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN \
                   MASYARAKAT",
            indikator: "Persentase puskesmas yang memenuhi standar pelayanan",
            cells: [
                Num(80.0),
                Num(84.0),
                Dec2(105.0),
                Rp(11_822_950_000.0),
                Text("11.212.991.725"),
                Text("94,84"),
            ],
        },
        Budget {
            kode: "1.02.02.2.01",
            name: "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan \
                   Daerah Kabupaten/Kota",
            indikator: "Jumlah fasilitas pelayanan kesehatan yang ditingkatkan sarana dan \
                        prasarananya",
            cells: [
                Num(10.0),
                Num(9.0),
                Dec2(90.0),
                Rp(9_325_300_000.0),
                Text("8.814.380.150"),
                Text("94,52"),
            ],
        },
        Budget {
            kode: "1.02.02.2.01.0014",
            name: "Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan \
                   Kesehatan",
            indikator: "Jumlah alat kesehatan/alat penunjang medik fasilitas pelayanan \
                        kesehatan yang disediakan",
            cells: [
                Num(120.0),
                Num(114.0),
                Dec2(95.0),
                Rp(6_845_300_000.0),
                Text("6.512.804.150"),
                Text("95,14"),
            ],
        },
        Budget {
            kode: "1.02.02.2.01.0012",
            name: "Rehabilitasi dan Pemeliharaan Puskesmas",
            indikator: "Jumlah puskesmas yang direhabilitasi dan dipelihara",
            cells: [
                Num(4.0),
                Num(3.0),
                Dec2(75.0),
                Rp(2_480_000_000.0),
                Text("2.301.576.000"),
                Text("92,81"),
            ],
        },
        Budget {
            kode: "1.02.02.2.02",
            name: "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah \
                   Kabupaten/Kota",
            indikator: "Persentase pelayanan kesehatan dasar sesuai standar",
            cells: [
                Num(100.0),
                Text("96,40"),
                Dec2(96.4),
                Rp(2_497_650_000.0),
                Text("2.398.611.575"),
                Text("96,03"),
            ],
        },
        Budget {
            kode: "1.02.02.2.02.0001",
            name: "Pengelolaan Pelayanan Kesehatan Ibu Hamil",
            indikator: "Jumlah ibu hamil yang mendapatkan pelayanan kesehatan sesuai standar",
            cells: [
                Fmt(15_820.0, "#,##0"),
                Fmt(15_112.0, "#,##0"),
                Dec2(95.52),
                Rp(412_750_000.0),
                Text("398.006.125"),
                Text("96,43"),
            ],
        },
        Budget {
            kode: "1.02.02.2.02.0002",
            name: "Pengelolaan Pelayanan Kesehatan Ibu Bersalin",
            indikator: "Jumlah ibu bersalin yang mendapatkan pelayanan kesehatan sesuai standar",
            cells: [
                Fmt(15_100.0, "#,##0"),
                Fmt(14_688.0, "#,##0"),
                Dec2(97.27),
                Rp(286_400_000.0),
                Text("270.118.900"),
                Text("94,32"),
            ],
        },
        Budget {
            kode: "1.02.02.2.02.0003",
            name: "Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir",
            indikator: "Jumlah bayi baru lahir yang mendapatkan pelayanan kesehatan sesuai \
                        standar",
            cells: [
                Fmt(15_100.0, "#,##0"),
                Fmt(14_702.0, "#,##0"),
                Dec2(97.36),
                Rp(198_600_000.0),
                Text("190.245.300"),
                Text("95,79"),
            ],
        },
        // Pagu typed 345.900.000 for 354.900.000 (two digits swapped); its serapan was
        // computed from the typed pagu: 341.678.450 / 345.900.000 = 98,7795..%.
        Budget {
            kode: "1.02.02.2.02.0004",
            name: "Pengelolaan Pelayanan Kesehatan Balita",
            indikator: "Jumlah balita yang mendapatkan pelayanan kesehatan sesuai standar",
            cells: [
                Fmt(58_400.0, "#,##0"),
                Fmt(55_936.0, "#,##0"),
                Dec2(95.78),
                Rp(345_900_000.0),
                Text("341.678.450"),
                Text("98,78"),
            ],
        },
        Budget {
            kode: "1.02.02.2.02.0034",
            name: "Pengelolaan Pelayanan Kesehatan Gizi Masyarakat",
            indikator: "Jumlah dokumen hasil pengelolaan pelayanan kesehatan gizi masyarakat",
            cells: [
                Num(2.0),
                Num(2.0),
                Dec2(100.0),
                Rp(1_245_000_000.0),
                Text("1.198.562.800"),
                Text("96,27"),
            ],
        },
    ];

    /// A program or kegiatan row of Tabel 3.12: its row in [`Unit::budget`] and its
    /// % Capaian, typed as text. The name and indicator are Tabel 3.10's, except the
    /// kegiatan 1.02.02.2.02's (see [`Unit::layanan_rujukan`]).
    const SUPPORT: [(usize, &str); 7] = [
        (10, "105,00"),
        (11, "90,00"),
        (14, "96,40"),
        (0, "100,00"),
        (1, "100,00"),
        (4, "100,00"),
        (7, "100,00"),
    ];

    /// Tabel 3.12, the Rata-rata of the seven rows above: (105,00 + 90,00 + 96,40 + 4 x
    /// 100,00) / 7 = 691,40 / 7 = 98,7714..%.
    const SUPPORT_MEAN: &str = "98,77";

    /// Tabel 3.11: Target, Realisasi and % Capaian Kinerja of the three indicators of
    /// the sasaran "Meningkatnya akses dan mutu pelayanan kesehatan", as Tabel 3.2
    /// states them (the IKM sasaran's row is [`Unit::ikm_sasaran`]).
    const MUTU_KINERJA: [[&str; 3]; 3] = [
        ["6", "5", "83,33"],
        ["95", "86,30", "90,84"],
        ["40", "36,12", "109,70"],
    ];

    /// Tabel 3.11: the unit's Realisasi Anggaran, Efisiensi (%) and Nilai Efisiensi,
    /// right in both files (E over the kegiatan of Tabel 3.10 = 2,6329..%).
    const EFFICIENCY: [&str; 3] = ["Rp 49.188.382.127", "2,63", "56,58"];

    // -----------------------------------------------------------------------------
    // The workbook
    // -----------------------------------------------------------------------------

    pub fn build(u: &Unit) -> Res<Workbook> {
        let mut wb = Workbook::new();
        // A fixed creation date (the day the report was signed) keeps the bytes the
        // same from run to run.
        let created = ExcelDateTime::from_ymd(2025, 2, 14)?.and_hms(9, 30, 0)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title("LKjIP Dinas Kesehatan Kabupaten Contoh Tahun 2024")
                .set_author("Subbagian Perencanaan dan Keuangan Dinkes Contoh")
                .set_company("Pemerintah Kabupaten Contoh")
                .set_creation_datetime(&created),
        );
        sheet_plans(wb.add_worksheet(), u)?;
        sheet_measurement(wb.add_worksheet(), u)?;
        sheet_survey(wb.add_worksheet(), u)?;
        sheet_budget(wb.add_worksheet(), u)?;
        sheet_efficiency(wb.add_worksheet(), u)?;
        sheet_support(wb.add_worksheet(), u)?;
        Ok(wb)
    }

    /// Program rows (a kode of three parts, "1.02.02") are set in bold.
    fn is_program_row(b: &Budget) -> bool {
        b.kode.split('.').count() == 3
    }

    /// A text cell merged down a column over `rows` body rows (a sasaran beside its
    /// indicators).
    fn merged_down(ws: &mut Worksheet, row: u32, col: u16, rows: u32, text: &str) -> Res {
        merged(
            ws,
            row,
            col,
            row + rows - 1,
            col,
            text,
            &fmt_body(Text(""), false),
        )
    }

    /// "Renstra-PK": the unit's title, then Tabel 2.1 (Renstra) and Tabel 2.2 (PK with
    /// its triwulan targets) stacked in column A.
    fn sheet_plans(ws: &mut Worksheet, u: &Unit) -> Res {
        ws.set_name("Renstra-PK")?;
        widths(ws, 0, &[5.0, 34.0, 40.0, 14.0, 11.0])?;
        widths(ws, 5, &[8.0, 8.0, 8.0, 8.0, 9.0, 14.0])?;
        merged(ws, 0, 0, 0, 10, UNIT, &fmt_title())?;

        // Tabel 2.1. The years under "Target Kinerja" were typed as numbers.
        let title = "Tabel 2.1 Tujuan, Sasaran, Indikator dan Target Kinerja Renstra Dinas \
                     Kesehatan Kabupaten Contoh 2021-2026";
        let mut row = caption(ws, 2, 0, 11, title)?;
        const HEADER_21: [H; 7] = [
            H(0, 0, 2, 1, "No"),
            H(0, 1, 2, 1, "Tujuan/Sasaran"),
            H(0, 2, 2, 1, "Indikator Kinerja"),
            H(0, 3, 2, 1, "Satuan"),
            H(0, 4, 2, 1, "Kondisi Awal 2021"),
            H(0, 5, 1, 5, "Target Kinerja"),
            H(0, 10, 2, 1, "Kondisi Akhir 2026"),
        ];
        header(ws, row, 0, &HEADER_21)?;
        for (col, year) in (5u16..).zip(2022..=2026) {
            ws.write_number_with_format(row + 1, col, f64::from(year), &fmt_header())?;
        }
        row += 2;
        let mut no = 0.0;
        for (section, name, from, to) in GROUPS {
            section_row(ws, row, 0, 1, 11, section)?;
            row += 1;
            merged_down(ws, row, 1, (to - from) as u32, name)?;
            for (i, ind) in INDICATORS[from..to].iter().enumerate() {
                no += 1.0;
                // The kondisi akhir repeats the final year's target, typed the same way.
                let akhir = match from + i {
                    1 => Text(u.stunting_akhir),
                    _ => ind.renstra[5],
                };
                let mut cells = vec![Text(ind.name), Text(ind.satuan)];
                cells.extend(ind.renstra);
                cells.push(akhir);
                // Column B is the merged tujuan/sasaran cell.
                body_row(ws, row, 0, &[Num(no)], false)?;
                body_row(ws, row, 2, &cells, false)?;
                row += 1;
            }
        }
        ws.write_string(
            row,
            0,
            "Sumber : Renstra Dinas Kesehatan Kabupaten Contoh 2021-2026 (Perubahan)",
        )?;

        // Tabel 2.2, three rows below, with the numbered column row.
        let title = "Tabel 2.2 Perjanjian Kinerja Dinas Kesehatan Kabupaten Contoh Tahun 2024";
        row = caption(ws, row + 3, 0, 10, title)?;
        const HEADER_22: [H; 10] = [
            H(0, 0, 2, 1, "No"),
            H(0, 1, 2, 1, "Sasaran Strategis"),
            H(0, 2, 2, 1, "Indikator Kinerja"),
            H(0, 3, 2, 1, "Satuan"),
            H(0, 4, 2, 1, "Target 2024"),
            H(0, 5, 1, 4, "Target Triwulan"),
            H(1, 5, 1, 1, "TW I"),
            H(1, 6, 1, 1, "TW II"),
            H(1, 7, 1, 1, "TW III"),
            H(1, 8, 1, 1, "TW IV"),
        ];
        header(ws, row, 0, &HEADER_22)?;
        merged(ws, row, 9, row + 1, 9, "Tipe Pengukuran", &fmt_header())?;
        let numbers = [
            "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)", "(10)",
        ];
        numbered_row(ws, row + 2, 0, &numbers)?;
        row += 3;
        let mut no = 0.0;
        for (section, name, from, to) in GROUPS {
            section_row(ws, row, 0, 1, 10, section)?;
            row += 1;
            merged_down(ws, row, 1, (to - from) as u32, name)?;
            for (i, ind) in INDICATORS[from..to].iter().enumerate() {
                no += 1.0;
                let mut pk = ind.pk;
                if from + i == 2 {
                    pk[1] = Num(u.paripurna_tw1);
                }
                let mut cells = vec![Text(ind.name), Text(ind.satuan)];
                cells.extend(pk);
                cells.push(Text(ind.tipe));
                body_row(ws, row, 0, &[Num(no)], false)?;
                body_row(ws, row, 2, &cells, false)?;
                row += 1;
            }
        }
        Ok(())
    }

    /// "Pengukuran": Tabel 3.1 (the predikat scale) and Tabel 3.2 (capaian of the
    /// tujuan and sasaran indicators) stacked in column A.
    fn sheet_measurement(ws: &mut Worksheet, u: &Unit) -> Res {
        ws.set_name("Pengukuran")?;
        widths(ws, 0, &[5.0, 34.0, 40.0, 16.0, 10.0, 9.0, 10.0, 11.0, 14.0])?;
        let title = "Tabel 3.1 Kriteria Predikat Capaian Kinerja";
        let mut row = caption(ws, 0, 0, 3, title)?;
        flat_header(ws, row, 0, &["No", "Interval Capaian (%)", "Predikat"])?;
        for (no, (range, predikat)) in (1u8..).zip(u.scale.iter().zip(PREDIKAT)) {
            row += 1;
            let cells = [Num(f64::from(no)), Text(range), Text(predikat)];
            body_row(ws, row, 0, &cells, false)?;
        }

        let title = "Tabel 3.2 Capaian Kinerja Tujuan dan Sasaran Strategis Dinas Kesehatan \
                     Tahun 2024";
        row = caption(ws, row + 3, 0, 9, title)?;
        let labels = [
            "No",
            "Tujuan/Sasaran",
            "Indikator Kinerja",
            "Satuan",
            "Polaritas",
            "Target 2024",
            "Realisasi 2024",
            "Capaian (%)",
            "Kategori",
        ];
        flat_header(ws, row, 0, &labels)?;
        row += 1;
        let mut no = 0.0;
        for (section, name, from, to) in GROUPS {
            section_row(ws, row, 0, 1, 9, section)?;
            row += 1;
            merged_down(ws, row, 1, (to - from) as u32, name)?;
            for (ind, m) in INDICATORS[from..to].iter().zip(&u.measured[from..to]) {
                no += 1.0;
                let polaritas = match ind.polaritas {
                    "" => Blank,
                    p => Text(p),
                };
                let cells = [
                    Text(ind.name),
                    Text(ind.satuan),
                    polaritas,
                    m.target,
                    m.realisasi,
                    m.capaian,
                    Text(m.kategori),
                ];
                body_row(ws, row, 0, &[Num(no)], false)?;
                body_row(ws, row, 2, &cells, false)?;
                row += 1;
            }
        }
        ws.write_string(
            row,
            0,
            "Keterangan : capaian indikator negatif = (2 x Target - Realisasi) / Target x 100%",
        )?;
        Ok(())
    }

    /// "SKM": Tabel 3.5, the survey's nine unsur. NRR is formatted `0.0000`, NRR x 25
    /// `0.00`; the Mutu Pelayanan is the PermenPAN-RB 14/2017 letter.
    fn sheet_survey(ws: &mut Worksheet, u: &Unit) -> Res {
        ws.set_name("SKM")?;
        widths(ws, 0, &[5.0, 40.0, 10.0, 10.0, 10.0])?;
        let title = "Tabel 3.5 Nilai Unsur Pelayanan Survei Kepuasan Masyarakat Dinas \
                     Kesehatan Kabupaten Contoh Tahun 2024";
        ws.set_row_height(0, 30)?;
        let mut row = caption(ws, 0, 0, 5, title)?;
        let labels = ["No", "Unsur Pelayanan", "NRR", "NRR x 25", "Mutu Pelayanan"];
        flat_header(ws, row, 0, &labels)?;
        for (no, (&(unsur, nrr, mutu), &nilai)) in (1u8..).zip(UNSUR.iter().zip(&u.unsur)) {
            row += 1;
            let cells = [
                Num(f64::from(no)),
                Text(unsur),
                Fmt(nrr, "0.0000"),
                Dec2(nilai),
                Text(mutu),
            ];
            body_row(ws, row, 0, &cells, false)?;
        }
        ws.write_string(
            row + 1,
            0,
            "Sumber : Hasil Survei Kepuasan Masyarakat Semester I dan II Tahun 2024",
        )?;
        Ok(())
    }

    /// "Realisasi Anggaran": Tabel 3.10 under the unit's title block, starting at
    /// column B (column A is a narrow margin).
    fn sheet_budget(ws: &mut Worksheet, u: &Unit) -> Res {
        ws.set_name("Realisasi Anggaran")?;
        widths(
            ws,
            0,
            &[2.0, 18.0, 44.0, 40.0, 9.0, 10.0, 10.0, 17.0, 17.0, 10.0],
        )?;
        merged(ws, 0, 1, 0, 9, UNIT, &fmt_title())?;
        let subtitle = "LAPORAN REALISASI KINERJA DAN ANGGARAN TAHUN ANGGARAN 2024";
        merged(ws, 1, 1, 1, 9, subtitle, &fmt_title())?;
        let title = "Tabel 3.10 Realisasi Anggaran per Sub Kegiatan Dinas Kesehatan Kabupaten \
                     Contoh Tahun 2024";
        let mut row = caption(ws, 3, 1, 9, title)?;
        const HEADER: [H; 11] = [
            H(0, 0, 2, 1, "Kode"),
            H(0, 1, 2, 1, "Program/Kegiatan/Sub Kegiatan"),
            H(0, 2, 2, 1, "Indikator Kinerja"),
            H(0, 3, 1, 3, "Kinerja"),
            H(1, 3, 1, 1, "Target"),
            H(1, 4, 1, 1, "Realisasi"),
            H(1, 5, 1, 1, "% Capaian"),
            H(0, 6, 1, 3, "Keuangan"),
            H(1, 6, 1, 1, "Pagu Anggaran (Rp)"),
            H(1, 7, 1, 1, "Realisasi Keuangan (Rp)"),
            H(1, 8, 1, 1, "% Serapan"),
        ];
        header(ws, row, 1, &HEADER)?;
        let numbers = [
            "(1)",
            "(2)",
            "(3)",
            "(4)",
            "(5)",
            "(6)=(5)/(4)",
            "(7)",
            "(8)",
            "(9)=(8)/(7)",
        ];
        numbered_row(ws, row + 2, 1, &numbers)?;
        row += 3;
        for b in &u.budget {
            let mut cells = vec![Text(b.kode), Text(b.name), Text(b.indikator)];
            cells.extend(b.cells);
            body_row(ws, row, 1, &cells, is_program_row(b))?;
            row += 1;
        }
        // JUMLAH spans Kode to % Capaian.
        merged(ws, row, 1, row, 6, "JUMLAH", &fmt_header())?;
        body_row(ws, row, 7, &u.budget_total, true)?;
        ws.write_string(
            row + 1,
            1,
            "Sumber : Laporan Realisasi Anggaran BKAD Kabupaten Contoh Tahun 2024 (sudah diaudit)",
        )?;
        Ok(())
    }

    /// "Efisiensi": Tabel 3.11, one row per indicator with its sasaran merged down
    /// beside them. Every figure is text, Indonesian style; the unit's money, its
    /// efficiency and NE are merged down over all four rows.
    fn sheet_efficiency(ws: &mut Worksheet, u: &Unit) -> Res {
        ws.set_name("Efisiensi")?;
        widths(
            ws,
            0,
            &[5.0, 32.0, 36.0, 9.0, 10.0, 11.0, 19.0, 19.0, 10.0, 11.0],
        )?;
        widths(ws, 10, &[10.0])?;
        let title = "Tabel 3.11 Efisiensi Penggunaan Anggaran Dinas Kesehatan Kabupaten \
                     Contoh Tahun 2024";
        let mut row = caption(ws, 0, 0, 11, title)?;
        const HEADER: [H; 13] = [
            H(0, 0, 2, 1, "No"),
            H(0, 1, 2, 1, "Sasaran Strategis"),
            H(0, 2, 2, 1, "Indikator Kinerja"),
            H(0, 3, 1, 3, "Kinerja"),
            H(1, 3, 1, 1, "Target"),
            H(1, 4, 1, 1, "Realisasi"),
            H(1, 5, 1, 1, "% Capaian Kinerja"),
            H(0, 6, 1, 3, "Anggaran"),
            H(1, 6, 1, 1, "Pagu Anggaran (Rp)"),
            H(1, 7, 1, 1, "Realisasi Anggaran (Rp)"),
            H(1, 8, 1, 1, "% Serapan"),
            H(0, 9, 2, 1, "Efisiensi (%)"),
            H(0, 10, 2, 1, "Nilai Efisiensi"),
        ];
        header(ws, row, 0, &HEADER)?;
        row += 2;
        let top = row;
        let [ikm_realisasi, ikm_capaian] = u.ikm_sasaran;
        let ikm = [["85", ikm_realisasi, ikm_capaian]];
        /// A sasaran, its indicators (rows of [`INDICATORS`]) and their Target, Realisasi
        /// and % Capaian Kinerja.
        type Block<'a> = (&'static str, &'a [usize], &'a [[&'static str; 3]]);
        let blocks: [Block; 2] = [
            (SASARAN_MUTU, &[2, 3, 4], &MUTU_KINERJA),
            (SASARAN_PUBLIK, &[5], &ikm),
        ];
        let mut no = 0.0;
        for (sasaran, indicators, kinerja) in blocks {
            merged_down(ws, row, 1, indicators.len() as u32, sasaran)?;
            for (&i, &[target, realisasi, capaian]) in indicators.iter().zip(kinerja) {
                no += 1.0;
                body_row(ws, row, 0, &[Num(no)], false)?;
                let cells = [
                    Text(INDICATORS[i].name),
                    Text(target),
                    Text(realisasi),
                    Text(capaian),
                ];
                body_row(ws, row, 2, &cells, false)?;
                row += 1;
            }
        }
        let [spent, efisiensi, nilai] = EFFICIENCY;
        let money = [
            u.efficiency_pagu[0],
            spent,
            u.efficiency_pagu[1],
            efisiensi,
            nilai,
        ];
        for (col, text) in (6u16..).zip(money) {
            merged_down(ws, top, col, row - top, text)?;
        }
        Ok(())
    }

    /// "Analisis": Tabel 3.12, the programs and kegiatan behind each sasaran, with the
    /// mean of their capaian. The capaian are text, Indonesian style.
    fn sheet_support(ws: &mut Worksheet, u: &Unit) -> Res {
        ws.set_name("Analisis")?;
        widths(ws, 0, &[5.0, 30.0, 30.0, 10.0, 44.0, 40.0, 10.0, 13.0])?;
        let title = "Tabel 3.12 Keterkaitan Sasaran Strategis dengan Program dan Kegiatan \
                     Tahun 2024";
        let mut row = caption(ws, 0, 0, 8, title)?;
        let labels = [
            "No",
            "Sasaran",
            "Indikator Sasaran",
            "Capaian (%)",
            "Program/Kegiatan",
            "Indikator Kinerja",
            "Capaian (%)",
            "Menunjang/Tidak Menunjang",
        ];
        flat_header(ws, row, 0, &labels)?;
        row += 1;
        let ikm = [(INDICATORS[5].name, u.ikm_sasaran[1])];
        let mutu = [
            (INDICATORS[2].name, "83,33"),
            (INDICATORS[3].name, "90,84"),
            (INDICATORS[4].name, "109,70"),
        ];
        /// A sasaran's No, its name, its indicators with their capaian, and its rows of
        /// [`SUPPORT`].
        type Block<'a> = (
            f64,
            &'static str,
            &'a [(&'static str, &'static str)],
            &'a [(usize, &'static str)],
        );
        let blocks: [Block; 2] = [
            (1.0, SASARAN_MUTU, &mutu, &SUPPORT[..3]),
            (2.0, SASARAN_PUBLIK, &ikm, &SUPPORT[3..]),
        ];
        for (no, sasaran, indicators, programs) in blocks {
            merged_down(ws, row, 0, indicators.len() as u32, "")?;
            ws.write_number_with_format(row, 0, no, &fmt_body(Num(no), false))?;
            merged_down(ws, row, 1, indicators.len() as u32, sasaran)?;
            for &(indikator, capaian) in indicators {
                let cells = [Text(indikator), Text(capaian), Blank, Blank, Blank, Blank];
                body_row(ws, row, 2, &cells, false)?;
                row += 1;
            }
            for &(i, capaian) in programs {
                let b = &u.budget[i];
                let name = match b.kode {
                    "1.02.02.2.02" => u.layanan_rujukan,
                    _ => b.name,
                };
                let cells = [
                    Blank,
                    Blank,
                    Blank,
                    Blank,
                    Text(name),
                    Text(b.indikator),
                    Text(capaian),
                    Text("Menunjang"),
                ];
                body_row(ws, row, 0, &cells, is_program_row(b))?;
                row += 1;
            }
        }
        let mean = [
            Blank,
            Blank,
            Blank,
            Blank,
            Text("Rata-rata"),
            Blank,
            Text(SUPPORT_MEAN),
            Blank,
        ];
        body_row(ws, row, 0, &mean, true)?;
        Ok(())
    }
}

// =================================================================================
// Two drafts of the report, for `selaras diff`
// =================================================================================

/// `diff/draft-v1.xlsx` is the report as printed ([`AS_PRINTED`], the same bytes as
/// `lkjip-setda-kebumen-2024.xlsx`); `diff/draft-v2.xlsx` is the draft after an
/// evaluator's review: the six changes of [`draft_v2`], and one blank row inserted
/// above Tabel 3.7's header, so that every cell of that table moves one row down
/// without changing (a diff by meaning sees through it).
mod diff {
    use super::*;

    pub const DIR: &str = "diff";
    pub const V1: &str = "draft-v1.xlsx";
    pub const V2: &str = "draft-v2.xlsx";

    /// The row of Tabel 3.7 named `name`.
    fn budget_row<'a>(r: &'a mut Report, name: &str) -> &'a mut Budget {
        r.budget
            .iter_mut()
            .find(|b| b.name == name)
            .unwrap_or_else(|| panic!("no row {name:?} in Tabel 3.7"))
    }

    /// The report with exactly these changes (figures computed with Python `decimal`,
    /// rounding half up at two decimals). Every other cell is as printed; in
    /// particular Tabel 3.9 still states Tabel 3.7's old JUMLAH (67.580.625.069,
    /// 91,51) and Tabel 3.8 its old Rata-rata (123,81%).
    pub fn draft_v2() -> Report {
        let mut r = AS_PRINTED;

        // (a) Tabel 3.9, Tingkat Efisiensi: 12,99% -> 10,29%.
        r.efisiensi = "10,29%";

        // (b) Tabel 3.7, Administrasi Umum Perangkat Daerah: Realisasi (Rp)
        //     4.826.172.914 -> 4.900.000.000 (+73.827.086), % Capaian Anggaran
        //     4.900.000.000 / 5.907.470.000 = 82,9458..% -> 82,95% (was 81,70%).
        let row = budget_row(&mut r, "Administrasi Umum Perangkat Daerah");
        row.cells[4] = Rp(4_900_000_000.0);
        row.cells[5] = Pct(0.8295);
        //     Its program, typed as text English style like the rest of the row:
        //     34.652.249.175 + 73.827.086 = 34.726.076.261, and 34.726.076.261 /
        //     38.127.840.000 = 91,0779..% -> 91,08% (was 90,88%).
        let program = budget_row(
            &mut r,
            "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
        );
        program.cells[4] = Text("34,726,076,261");
        program.cells[5] = Text("91.08%");
        //     JUMLAH TOTAL: 67.580.625.069 + 73.827.086 = 67.654.452.155, and
        //     67.654.452.155 / 73.852.513.800 = 91,6075..% -> 91,61% (was 91,51%).
        r.budget_total = [Rp(73_852_513_800.0), Rp(67_654_452_155.0), Text("91,61%")];

        // (c) Tabel 3.7: "Fasilitas Kerumahtanggaan Sekretariat Daerah" renamed
        //     "Fasilitasi Kerumahtanggaan Sekretariat Daerah" (its figures unchanged).
        budget_row(&mut r, "Fasilitas Kerumahtanggaan Sekretariat Daerah").name =
            "Fasilitasi Kerumahtanggaan Sekretariat Daerah";

        // (d) Tabel 3.8: the row "Pemantauan Kebijakan Sumber Daya Alam" removed; the
        //     Rata-rata stays 123,81% as printed (the mean of the 20 rows left is
        //     2475,07 / 20 = 123,7535%).
        r.support_left_out = &["Pemantauan Kebijakan Sumber Daya Alam"];

        // (e) Tabel 3.2: a second indicator under the sasaran, numbered 2: Nilai SAKIP
        //     Setda, target 70, realisasi 72, capaian 72 / 70 = 102,8571..% -> 102,86%.
        //     Typed like the row above it: the target a number, the rest text.
        r.sasaran_more = &[[
            Num(2.0),
            Text(KUALITAS_MENINGKATKAN),
            Text("Nilai SAKIP Setda"),
            Num(70.0),
            Text("72"),
            Text("102,86%"),
        ]];

        // (f) Lampiran PK: triwulan IV 84 -> 85 in both rows (Tujuan and Sasaran).
        r.pk_triwulan_iv = 85.0;

        // Layout only: one blank row more above Tabel 3.7's header (the header moves
        // from rows 6-7 to rows 7-8, the body from 9-30 to 10-31).
        r.budget_gap = 1;

        r
    }
}

// =================================================================================
// The Bagian's submissions, for `selaras reconcile`
// =================================================================================

/// The report's SOP has each Bagian of the Sekretariat Daerah send its figures, which
/// the finance subsection compiles into Tabel 3.7. One workbook per Bagian holds its
/// kegiatan rows as the Bagian typed them: its own sheet name, header wording and
/// column order, its own way of typing numbers, some without an Indikator column, one
/// with a Kode column. Every figure is Tabel 3.7's as printed ([`BUDGET_AS_PRINTED`])
/// except the discrepancies planted in [`sections`] (numbered as in
/// `fixtures/reconcile/README.md`). Bagian Protokol dan Komunikasi Pimpinan sends
/// nothing.
mod reconcile {
    use super::*;

    pub const DIR: &str = "reconcile/sections";

    /// A kegiatan row as a Bagian states it: counts, percentages in percent points,
    /// rupiah.
    #[derive(Clone, Copy)]
    struct Kegiatan {
        kode: &'static str,
        name: &'static str,
        indikator: &'static str,
        target: f64,
        realisasi: f64,
        capaian: f64,
        pagu: f64,
        realisasi_rp: f64,
        serapan: f64,
    }

    /// The kegiatan row of Tabel 3.7 (as printed) named `name`.
    fn compiled(name: &str) -> Kegiatan {
        let b = BUDGET_AS_PRINTED
            .iter()
            .find(|b| b.name == name)
            .unwrap_or_else(|| panic!("no row {name:?} in Tabel 3.7"));
        let [target, realisasi, capaian, pagu, realisasi_rp, serapan] = b.cells.map(value);
        Kegiatan {
            kode: "",
            name: b.name,
            indikator: b.indikator,
            target,
            realisasi,
            capaian,
            pagu,
            realisasi_rp,
            serapan,
        }
    }

    /// A Tabel 3.7 cell's value, percentages in percent points rounded to the two
    /// decimals they are printed with.
    fn value(cell: Cell) -> f64 {
        match cell {
            Num(x) | Rp(x) | Dec2(x) | Fmt(x, _) => x,
            Pct(x) => (x * 10_000.0).round() / 100.0,
            // Tabel 3.7 types its typed-over cells English style: "366.67%".
            Text(s) => s
                .trim_end_matches('%')
                .replace(',', "")
                .parse()
                .unwrap_or_else(|_| panic!("not a figure: {s:?}")),
            Blank => panic!("a blank cell in a kegiatan row of Tabel 3.7"),
        }
    }

    /// Which figure a column holds.
    #[derive(Clone, Copy)]
    enum Fig {
        Target,
        Realisasi,
        Capaian,
        Pagu,
        RealisasiRp,
        Serapan,
    }

    /// How a Bagian typed a figure.
    #[derive(Clone, Copy)]
    enum Typed {
        /// A number in the General format.
        General,
        /// A number formatted `#,##0`.
        Thousands,
        /// A percentage as a fraction formatted `0.00%` (typed "91,43%", or computed).
        Fraction,
        /// A percentage in points formatted `0.00`.
        Points,
        /// Text, Indonesian style: `12`, `20.512.282.000`, `91,43`.
        Id,
        /// Text, Indonesian style, with a percent sign: `91,43%`.
        IdPercent,
        /// Text, English style: `10`, `848,321,000`, `91.06%`.
        En,
    }

    /// One column of a Bagian's table.
    #[derive(Clone, Copy)]
    enum Col {
        /// The row number, as a number.
        No,
        /// The row number, as text with a dot: "1.".
        NoDot,
        Kode,
        Nama,
        Indikator,
        Fig(Fig, Typed),
        /// A remark: "Target terlampaui" where the capaian is above 100%.
        Keterangan,
    }

    use Col::{Fig as F, Indikator, Keterangan, Kode, Nama, No, NoDot};
    use Fig::{Capaian, Pagu, Realisasi, RealisasiRp, Serapan, Target};
    use Typed::{En, Fraction, General, Id, IdPercent, Points, Thousands};

    /// One Bagian's workbook: one sheet, one table.
    pub struct Section {
        pub file: &'static str,
        /// The Bagian, as the document's author.
        bagian: &'static str,
        sheet: &'static str,
        /// Title lines above the table: (row, text), merged across the table.
        titles: &'static [(u32, &'static str)],
        /// The header's top-left cell (row, column).
        at: (u32, u16),
        header: &'static [H],
        header_rows: u32,
        /// The row of column numbers under the header, if the Bagian types one.
        numbers: &'static [&'static str],
        columns: &'static [Col],
        widths: &'static [f64],
        rows: Vec<Kegiatan>,
        /// Lines under the table: (rows below its last row, text).
        footer: &'static [(u32, &'static str)],
    }

    /// A one-row header: one label per column.
    const fn flat_spans<const N: usize>(labels: [&'static str; N]) -> [H; N] {
        let mut out = [const { H(0, 0, 1, 1, "") }; N];
        let mut i = 0;
        while i < N {
            out[i] = H(0, i as u16, 1, 1, labels[i]);
            i += 1;
        }
        out
    }

    /// [`flat_spans`] as a `&'static [H]`.
    macro_rules! flat {
        ($($label:expr),* $(,)?) => {{
            const SPANS: &[H] = &flat_spans([$($label),*]);
            SPANS
        }};
    }

    /// The eight Bagian that send figures, each with its rows.
    pub fn sections() -> Vec<Section> {
        vec![
            // Numbers as numbers, capaian and serapan typed as text, Indonesian style.
            Section {
                file: "bagian-umum.xlsx",
                bagian: "Bagian Umum Setda Kebumen",
                sheet: "Bag Umum",
                titles: &[
                    (0, "REALISASI KINERJA DAN ANGGARAN BAGIAN UMUM"),
                    (1, "SEKRETARIAT DAERAH KABUPATEN KEBUMEN TAHUN 2024"),
                ],
                at: (3, 0),
                header: flat![
                    "No",
                    "Uraian Program/Kegiatan",
                    "Indikator",
                    "Target",
                    "Realisasi",
                    "Capaian (%)",
                    "Pagu (Rp)",
                    "Realisasi Keuangan (Rp)",
                    "Serapan (%)",
                ],
                header_rows: 1,
                numbers: &[],
                columns: &[
                    No,
                    Nama,
                    Indikator,
                    F(Target, General),
                    F(Realisasi, General),
                    F(Capaian, Id),
                    F(Pagu, Thousands),
                    F(RealisasiRp, Thousands),
                    F(Serapan, Id),
                ],
                widths: &[5.0, 44.0, 40.0, 8.0, 10.0, 11.0, 17.0, 17.0, 11.0],
                rows: vec![
                    compiled("Administrasi Keuangan Perangkat Daerah"),
                    compiled("Administrasi Kepegawaian Perangkat Daerah"),
                    // 1. Realisasi (Rp) 4.826.172.941 where Tabel 3.7 has 4.826.172.914
                    //    (two digits swapped in the compilation). Its serapan stays
                    //    consistent: 4.826.172.941 / 5.907.470.000 = 81,6961..% -> 81,70.
                    Kegiatan {
                        realisasi_rp: 4_826_172_941.0,
                        ..compiled("Administrasi Umum Perangkat Daerah")
                    },
                    compiled("Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah"),
                    compiled("Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah"),
                    compiled(
                        "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
                    ),
                    compiled(
                        "Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala \
                         Daerah",
                    ),
                    compiled("Fasilitas Kerumahtanggaan Sekretariat Daerah"),
                    // 4. Bagian Organisasi's kegiatan, sent again by Bagian Umum with the
                    //    same figures: two sections claim one row.
                    compiled("Penataan Organisasi"),
                ],
                footer: &[(1, "Sumber : SIPD dan SPJ Bagian Umum Setda Kebumen, 2024")],
            },
            // A two-row header straight at A1, no title; percentages as fractions.
            Section {
                file: "bagian-organisasi.xlsx",
                bagian: "Bagian Organisasi Setda Kebumen",
                sheet: "Lap Kinerja",
                titles: &[],
                at: (0, 0),
                header: &[
                    H(0, 0, 2, 1, "Program/Kegiatan"),
                    H(0, 1, 1, 3, "Kinerja"),
                    H(1, 1, 1, 1, "Target"),
                    H(1, 2, 1, 1, "Realisasi"),
                    H(1, 3, 1, 1, "%"),
                    H(0, 4, 1, 3, "Keuangan"),
                    H(1, 4, 1, 1, "Anggaran"),
                    H(1, 5, 1, 1, "Realisasi"),
                    H(1, 6, 1, 1, "%"),
                ],
                header_rows: 2,
                numbers: &[],
                columns: &[
                    Nama,
                    F(Target, General),
                    F(Realisasi, General),
                    F(Capaian, Fraction),
                    F(Pagu, Thousands),
                    F(RealisasiRp, Thousands),
                    F(Serapan, Fraction),
                ],
                widths: &[34.0, 8.0, 10.0, 9.0, 15.0, 15.0, 9.0],
                rows: vec![compiled("Penataan Organisasi")],
                footer: &[],
            },
            // No Indikator column; every figure typed as text, Indonesian style; a
            // Keterangan column at the end.
            Section {
                file: "bagian-pemerintahan.xlsx",
                bagian: "Bagian Pemerintahan Setda Kebumen",
                sheet: "Pemerintahan",
                titles: &[(
                    0,
                    "Data Capaian Kinerja dan Realisasi Anggaran Bagian Pemerintahan Tahun 2024",
                )],
                at: (2, 0),
                header: flat![
                    "No.",
                    "Nama Program/Kegiatan",
                    "Target Kinerja",
                    "Realisasi Kinerja",
                    "% Capaian Kinerja",
                    "Alokasi Anggaran (Rp)",
                    "Realisasi Anggaran (Rp)",
                    "% Realisasi Anggaran",
                    "Keterangan",
                ],
                header_rows: 1,
                numbers: &[],
                columns: &[
                    NoDot,
                    Nama,
                    F(Target, Id),
                    F(Realisasi, Id),
                    F(Capaian, Id),
                    F(Pagu, Id),
                    F(RealisasiRp, Id),
                    F(Serapan, Id),
                    Keterangan,
                ],
                widths: &[5.0, 36.0, 9.0, 10.0, 11.0, 16.0, 16.0, 11.0, 18.0],
                rows: vec![
                    compiled("Administrasi Pemerintahan"),
                    // 2. "Kerja Sama" in two words where Tabel 3.7 writes "Kerjasama": the
                    //    same kegiatan, a match that is not exact.
                    Kegiatan {
                        name: "Fasilitasi Kerja Sama Daerah",
                        ..compiled("Fasilitasi Kerjasama Daerah")
                    },
                ],
                footer: &[],
            },
            // A Kode column (Kepmendagri 050-5889 kegiatan code), a numbered column row,
            // capaian as a number with two decimals, serapan typed as text.
            Section {
                file: "bagian-kesra.xlsx",
                bagian: "Bagian Kesejahteraan Rakyat Setda Kebumen",
                sheet: "Kesra",
                titles: &[
                    (0, "BAGIAN KESEJAHTERAAN RAKYAT SETDA KABUPATEN KEBUMEN"),
                    (1, "Realisasi Kinerja dan Keuangan s.d. Desember 2024"),
                ],
                at: (3, 0),
                header: flat![
                    "Kode Rekening",
                    "Program/Kegiatan/Sub Kegiatan",
                    "Indikator Kinerja Program/Kegiatan",
                    "Target",
                    "Realisasi",
                    "Persentase Capaian (%)",
                    "Pagu Anggaran (Rp)",
                    "Realisasi Belanja (Rp)",
                    "Persentase Serapan (%)",
                ],
                header_rows: 1,
                numbers: &[
                    "(1)", "(2)", "(3)", "(4)", "(5)", "(6)", "(7)", "(8)", "(9)",
                ],
                columns: &[
                    Kode,
                    Nama,
                    Indikator,
                    F(Target, General),
                    F(Realisasi, General),
                    F(Capaian, Points),
                    F(Pagu, Thousands),
                    F(RealisasiRp, Thousands),
                    F(Serapan, Id),
                ],
                widths: &[14.0, 40.0, 40.0, 8.0, 10.0, 12.0, 17.0, 17.0, 12.0],
                rows: vec![
                    // 7. Serapan typed 91,09 where its own figures give 30.636.711.488 /
                    //    33.337.644.000 = 91,8981..% -> 91,90 (Tabel 3.7 prints 91,90).
                    Kegiatan {
                        kode: "4.01.02.2.01",
                        serapan: 91.09,
                        ..compiled("Pelaksanaan Kebijakan Kesejahteraan Rakyat")
                    },
                ],
                footer: &[(1, "Sumber : Bagian Kesra Setda Kebumen, 2024")],
            },
            // Starts at B3; the Indikator column last; percentages as fractions; a
            // signature block three rows under the table.
            Section {
                file: "bagian-hukum.xlsx",
                bagian: "Bagian Hukum Setda Kebumen",
                sheet: "Hukum 2024",
                titles: &[(0, "Capaian Kinerja dan Anggaran Bagian Hukum Tahun 2024")],
                at: (2, 1),
                header: flat![
                    "Program, Kegiatan",
                    "Target",
                    "Realisasi",
                    "Capaian",
                    "Anggaran",
                    "Realisasi (Rp)",
                    "%",
                    "Indikator Kinerja",
                ],
                header_rows: 1,
                numbers: &[],
                columns: &[
                    Nama,
                    F(Target, General),
                    F(Realisasi, General),
                    F(Capaian, Fraction),
                    F(Pagu, Thousands),
                    F(RealisasiRp, Thousands),
                    F(Serapan, Fraction),
                    Indikator,
                ],
                widths: &[32.0, 8.0, 10.0, 9.0, 15.0, 15.0, 9.0, 40.0],
                rows: vec![
                    // 6. Target 4 where Tabel 3.7 has 3, so capaian 3 / 4 = 75,00% where
                    //    Tabel 3.7 has 100,00%; consistent in itself.
                    Kegiatan {
                        target: 4.0,
                        capaian: 75.0,
                        ..compiled("Fasilitasi dan Koordinasi Hukum")
                    },
                ],
                footer: &[
                    (4, "Kebumen, 10 Januari 2025"),
                    (5, "Kepala Bagian Hukum Setda Kabupaten Kebumen"),
                ],
            },
            // The table at C4 with a caption above it at C2; figures typed as text,
            // Indonesian style, the percentages with their sign.
            Section {
                file: "bagian-perekonomian.xlsx",
                bagian: "Bagian Perekonomian dan SDA Setda Kebumen",
                sheet: "Ekon SDA",
                titles: &[(
                    1,
                    "Tabel Realisasi Kinerja dan Keuangan Bagian Perekonomian dan SDA Tahun 2024",
                )],
                at: (3, 2),
                header: flat![
                    "Uraian",
                    "Indikator Kinerja",
                    "Target",
                    "Realisasi",
                    "% Capaian",
                    "Anggaran (Rp)",
                    "Realisasi (Rp)",
                    "% Serapan",
                ],
                header_rows: 1,
                numbers: &[],
                columns: &[
                    Nama,
                    Indikator,
                    F(Target, General),
                    F(Realisasi, General),
                    F(Capaian, IdPercent),
                    F(Pagu, Id),
                    F(RealisasiRp, Id),
                    F(Serapan, IdPercent),
                ],
                widths: &[38.0, 40.0, 8.0, 10.0, 11.0, 15.0, 15.0, 11.0],
                rows: vec![
                    compiled("Pelaksanaan Kebijakan Perekonomian"),
                    compiled("Pemantauan Kebijakan Sumber Daya Alam"),
                    // 3. A kegiatan Tabel 3.7 lacks: 2 / 2 = 100,00%, 48.500.000 /
                    //    50.000.000 = 97,00%.
                    Kegiatan {
                        kode: "",
                        name: "Pembinaan Badan Usaha Milik Daerah",
                        indikator: "Jumlah dokumen pembinaan BUMD",
                        target: 2.0,
                        realisasi: 2.0,
                        capaian: 100.0,
                        pagu: 50_000_000.0,
                        realisasi_rp: 48_500_000.0,
                        serapan: 97.0,
                    },
                ],
                footer: &[],
            },
            // The money first, then the performance; a sheet never renamed.
            Section {
                file: "bagian-pembangunan.xlsx",
                bagian: "Bagian Administrasi Pembangunan Setda Kebumen",
                sheet: "Sheet1",
                titles: &[(0, "BAGIAN ADMINISTRASI PEMBANGUNAN - REALISASI TA 2024")],
                at: (2, 0),
                header: flat![
                    "Program/Kegiatan/Output",
                    "Pagu (Rp)",
                    "Realisasi Keuangan (Rp)",
                    "Serapan (%)",
                    "Target Kinerja",
                    "Realisasi Kinerja",
                    "Capaian Kinerja (%)",
                    "Indikator",
                ],
                header_rows: 1,
                numbers: &[],
                columns: &[
                    Nama,
                    F(Pagu, Thousands),
                    F(RealisasiRp, Thousands),
                    F(Serapan, Points),
                    F(Target, General),
                    F(Realisasi, General),
                    F(Capaian, Points),
                    Indikator,
                ],
                widths: &[38.0, 15.0, 15.0, 10.0, 9.0, 10.0, 11.0, 44.0],
                rows: vec![compiled("Pelaksanaan Administrasi Pembangunan")],
                footer: &[],
            },
            // A two-row header; every figure typed as text, English style.
            Section {
                file: "bagian-pbj.xlsx",
                bagian: "Bagian Pengadaan Barang dan Jasa Setda Kebumen",
                sheet: "PBJ",
                titles: &[(
                    0,
                    "BAGIAN PENGADAAN BARANG DAN JASA SETDA KEBUMEN - TA 2024",
                )],
                at: (2, 0),
                header: &[
                    H(0, 0, 2, 1, "No"),
                    H(0, 1, 2, 1, "Program/Kegiatan"),
                    H(0, 2, 2, 1, "Indikator Kinerja"),
                    H(0, 3, 1, 3, "Kinerja"),
                    H(1, 3, 1, 1, "Target"),
                    H(1, 4, 1, 1, "Realisasi"),
                    H(1, 5, 1, 1, "Capaian"),
                    H(0, 6, 1, 3, "Keuangan"),
                    H(1, 6, 1, 1, "Pagu"),
                    H(1, 7, 1, 1, "Realisasi"),
                    H(1, 8, 1, 1, "Capaian"),
                ],
                header_rows: 2,
                numbers: &[],
                columns: &[
                    No,
                    Nama,
                    Indikator,
                    F(Target, En),
                    F(Realisasi, En),
                    F(Capaian, En),
                    F(Pagu, En),
                    F(RealisasiRp, En),
                    F(Serapan, En),
                ],
                widths: &[5.0, 36.0, 40.0, 8.0, 10.0, 10.0, 15.0, 15.0, 10.0],
                rows: vec![compiled("Pengelolaan Pengadaan Barang dan Jasa")],
                footer: &[],
            },
        ]
    }

    /// A Bagian's workbook.
    pub fn build(s: &Section) -> Res<Workbook> {
        let mut wb = Workbook::new();
        // A fixed date (the deadline for the sections' figures) keeps the bytes the
        // same from run to run.
        let created = ExcelDateTime::from_ymd(2025, 1, 10)?.and_hms(8, 0, 0)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title("Realisasi Kinerja dan Anggaran Tahun 2024")
                .set_author(s.bagian)
                .set_company("Pemerintah Kabupaten Kebumen")
                .set_creation_datetime(&created),
        );
        let ws = wb.add_worksheet();
        ws.set_name(s.sheet)?;
        let (top, left) = s.at;
        widths(ws, left, s.widths)?;
        let right = left + s.columns.len() as u16 - 1;
        for &(row, text) in s.titles {
            merged(ws, row, left, row, right, text, &fmt_caption())?;
        }
        header(ws, top, left, s.header)?;
        let mut row = top + s.header_rows;
        if !s.numbers.is_empty() {
            numbered_row(ws, row, left, s.numbers)?;
            row += 1;
        }
        for (no, k) in (1u32..).zip(&s.rows) {
            for (col, &c) in (left..).zip(s.columns) {
                write(ws, row, col, c, no, k)?;
            }
            row += 1;
        }
        for &(below, text) in s.footer {
            ws.write_string(row - 1 + below, left, text)?;
        }
        Ok(wb)
    }

    /// One cell of a kegiatan row, bordered like the existing fixtures' body cells.
    fn write(ws: &mut Worksheet, row: u32, col: u16, c: Col, no: u32, k: &Kegiatan) -> Res {
        let text = |ws: &mut Worksheet, s: &str| -> Res {
            ws.write_string_with_format(row, col, s, &fmt_body(Text(""), false))?;
            Ok(())
        };
        match c {
            No => {
                let x = f64::from(no);
                ws.write_number_with_format(row, col, x, &fmt_body(Num(x), false))?;
            }
            NoDot => text(ws, &format!("{no}."))?,
            Kode => text(ws, k.kode)?,
            Nama => text(ws, k.name)?,
            Indikator => text(ws, k.indikator)?,
            Keterangan if k.capaian > 100.0 => text(ws, "Target terlampaui")?,
            Keterangan => {
                ws.write_blank(row, col, &fmt_body(Blank, false))?;
            }
            F(fig, typed) => {
                let (x, percent, money) = match fig {
                    Target => (k.target, false, false),
                    Realisasi => (k.realisasi, false, false),
                    Capaian => (k.capaian, true, false),
                    Pagu => (k.pagu, false, true),
                    RealisasiRp => (k.realisasi_rp, false, true),
                    Serapan => (k.serapan, true, false),
                };
                let cell = match typed {
                    General => Num(x),
                    Thousands => Rp(x),
                    // Percent points to a fraction, exactly as typing "91,43%" stores it.
                    Fraction => Pct((x * 100.0).round() / 10_000.0),
                    Points => Dec2(x),
                    Id | IdPercent | En => {
                        let s = typed_text(x, percent, money, typed);
                        return text(ws, &s);
                    }
                };
                let f = fmt_body(cell, false);
                ws.write_number_with_format(row, col, x_of(cell), &f)?;
            }
        }
        Ok(())
    }

    fn x_of(cell: Cell) -> f64 {
        match cell {
            Num(x) | Pct(x) | Rp(x) | Dec2(x) | Fmt(x, _) => x,
            Blank | Text(_) => unreachable!(),
        }
    }

    /// A figure typed as text: Indonesian (`.` groups thousands, `,` before the
    /// decimals) or English (the other way round).
    fn typed_text(x: f64, percent: bool, money: bool, typed: Typed) -> String {
        let (group, point) = match typed {
            En => (',', '.'),
            _ => ('.', ','),
        };
        if money {
            let digits = format!("{:.0}", x);
            let mut out = String::new();
            for (i, ch) in digits.chars().enumerate() {
                if i > 0 && (digits.len() - i) % 3 == 0 {
                    out.push(group);
                }
                out.push(ch);
            }
            return out;
        }
        if percent {
            let s = format!("{:.2}", x).replace('.', &point.to_string());
            return match typed {
                Id => s,
                _ => s + "%",
            };
        }
        // A count: whole as it is, otherwise with its decimals.
        if x.fract() == 0.0 {
            format!("{:.0}", x)
        } else {
            format!("{x}").replace('.', &point.to_string())
        }
    }
}

// ---------------------------------------------------------------------------------
// The books of record: a SIPD realisation export of the Sekretariat Daerah's budget
// ---------------------------------------------------------------------------------

/// `reconcile/budget/realisasi-sipd-setda-2024*.xlsx`: the SIPD export "Rekapitulasi
/// belanja menurut urusan, organisasi, program, kegiatan, sub kegiatan" of the
/// Sekretariat Daerah for 2024, built from Tabel 3.7's figures (the report's budget
/// agrees with its books): kode over four columns (urusan, organisasi, program /
/// kegiatan / sub kegiatan, rekening), belanja operasi and modal (modal typed
/// `'0,00'` as SIPD does), the totals, the % as a fraction; every kegiatan split into
/// sub kegiatan, each sub kegiatan into rekening under their account heads, so the
/// figures add up at every level; the header repeated at the top of each printed
/// page. The kegiatan carry their official names (Tabel 3.7 prints two differently).
///
/// The planted twin differs from the report in the places of [`PLANTED`], each kept
/// consistent through its levels except the last, which the export itself gets wrong.
mod budget_export {
    use super::*;

    pub const DIR: &str = "reconcile/budget";
    pub const CLEAN: &str = "realisasi-sipd-setda-2024.xlsx";
    pub const PLANTED_FILE: &str = "realisasi-sipd-setda-2024-planted.xlsx";

    /// What the planted export changes: (kegiatan, anggaran, realisasi) as the
    /// export states them, and whether its rekening keep the report's figure (the
    /// export's own mistake) instead of adding up to the new one.
    pub const PLANTED: &[(&str, Option<i64>, Option<i64>, bool)] = &[
        // 4.826.172.914 in the report: two digits swapped in one of them.
        (
            "Administrasi Umum Perangkat Daerah",
            None,
            Some(4_826_172_941),
            false,
        ),
        // 848.321.000 in the report.
        (
            "Pengelolaan Pengadaan Barang dan Jasa",
            Some(848_231_000),
            None,
            false,
        ),
        // The export's kegiatan row is typed 372.482.649 while its sub kegiatan add
        // up to the report's 372.428.649: the export is wrong, not the report.
        ("Penataan Organisasi", None, Some(372_482_649), true),
    ];

    /// Each kegiatan's kode under its program, in the pattern of Kepmendagri
    /// 050-5889 (`2.06` for Administrasi Umum Perangkat Daerah); Kesra's as
    /// `bagian-kesra.xlsx` types it. Not checked against the Kepmendagri's list.
    const KEGIATAN_KODE: [(&str, &str); 18] = [
        ("Administrasi Keuangan Perangkat Daerah", "2.02"),
        ("Administrasi Kepegawaian Perangkat Daerah", "2.05"),
        ("Administrasi Umum Perangkat Daerah", "2.06"),
        (
            "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
            "2.07",
        ),
        (
            "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
            "2.08",
        ),
        (
            "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
            "2.09",
        ),
        (
            "Administrasi Keuangan dan Operasional Kepala Daerah dan Wakil Kepala Daerah",
            "2.11",
        ),
        ("Fasilitas Kerumahtanggaan Sekretariat Daerah", "2.12"),
        ("Penataan Organisasi", "2.13"),
        ("Pelaksanaan Protokol dan Komunikasi Pimpinan", "2.14"),
        ("Pelaksanaan Kebijakan Kesejahteraan Rakyat", "2.01"),
        ("Administrasi Pemerintahan", "2.02"),
        ("Fasilitasi dan Koordinasi Hukum", "2.03"),
        ("Fasilitasi Kerjasama Daerah", "2.04"),
        ("Pelaksanaan Kebijakan Perekonomian", "2.01"),
        ("Pelaksanaan Administrasi Pembangunan", "2.02"),
        ("Pengelolaan Pengadaan Barang dan Jasa", "2.03"),
        ("Pemantauan Kebijakan Sumber Daya Alam", "2.04"),
    ];

    /// Rows a printed page holds before the header repeats.
    const PAGE: u32 = 40;
    const PROGRAM_KODE: [&str; 3] = ["4.01.01", "4.01.02", "4.01.03"];
    /// The accounts each sub kegiatan spends on: (kode of the head, its name,
    /// kode of the account, its name).
    const ACCOUNTS: [(&str, &str, &str, &str); 2] = [
        (
            "5.1.02.01",
            "Belanja Barang",
            "5.1.02.01.001.00024",
            "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
        ),
        (
            "5.1.02.04",
            "Belanja Perjalanan Dinas",
            "5.1.02.04.001.00003",
            "Belanja Perjalanan Dinas Dalam Kota",
        ),
    ];

    /// A row of the export: kode in A-D, uraian, anggaran, realisasi (operasi).
    struct Line {
        kode: [String; 4],
        uraian: String,
        anggaran: i64,
        realisasi: i64,
        bold: bool,
    }

    fn rp(cell: Cell) -> i64 {
        match cell {
            Rp(x) => x as i64,
            Text(s) => s.replace([',', '.'], "").parse().expect("Rupiah"),
            other => panic!("not Rupiah: {other:?}"),
        }
    }

    fn official(name: &str) -> &str {
        OFFICIAL_NAMES
            .iter()
            .find(|(printed, _)| *printed == name)
            .map_or(name, |(_, o)| o)
    }

    /// Splits `total` into parts of the given shares (in hundredths), the last
    /// taking what is left.
    fn split(total: i64, shares: &[i64]) -> Vec<i64> {
        let mut out: Vec<i64> = shares[..shares.len() - 1]
            .iter()
            .map(|s| total * s / 100 / 1000 * 1000)
            .collect();
        out.push(total - out.iter().sum::<i64>());
        out
    }

    fn lines(planted: bool) -> Vec<Line> {
        let kode = |a: &str, c: &str, d: &str| {
            [
                a.to_string(),
                "4.01.0.00.0.00.01.0000".to_string(),
                c.to_string(),
                d.to_string(),
            ]
        };
        let mut programs: Vec<(usize, Vec<usize>)> = Vec::new();
        for (i, b) in BUDGET_AS_PRINTED.iter().enumerate() {
            if is_program(b.name) {
                programs.push((i, Vec::new()));
            } else if let Some(p) = programs.last_mut() {
                p.1.push(i);
            }
        }
        // Each kegiatan's figures as the export states them (planted or not), and
        // what its rekening add up to.
        let kegiatan = |i: usize| -> ((i64, i64), (i64, i64)) {
            let b = &BUDGET_AS_PRINTED[i];
            let (a, r) = (rp(b.cells[3]), rp(b.cells[4]));
            let plant = PLANTED.iter().find(|p| p.0 == b.name).filter(|_| planted);
            match plant {
                Some(&(_, pa, pr, own_mistake)) => {
                    let stated = (pa.unwrap_or(a), pr.unwrap_or(r));
                    (stated, if own_mistake { (a, r) } else { stated })
                }
                None => ((a, r), (a, r)),
            }
        };
        let mut body = Vec::new();
        let mut urusan = (0, 0);
        for (p, (pi, ks)) in programs.iter().enumerate() {
            let pk = PROGRAM_KODE[p];
            let sums: Vec<(i64, i64)> = ks.iter().map(|&k| kegiatan(k).1).collect();
            let program = (
                sums.iter().map(|s| s.0).sum::<i64>(),
                sums.iter().map(|s| s.1).sum::<i64>(),
            );
            urusan = (urusan.0 + program.0, urusan.1 + program.1);
            body.push(Line {
                kode: kode("4.01", pk, ""),
                uraian: BUDGET_AS_PRINTED[*pi].name.to_uppercase(),
                anggaran: program.0,
                realisasi: program.1,
                bold: true,
            });
            for (n, &k) in ks.iter().enumerate() {
                let own = KEGIATAN_KODE
                    .iter()
                    .find(|(name, _)| *name == BUDGET_AS_PRINTED[k].name)
                    .unwrap_or_else(|| panic!("no kode for {}", BUDGET_AS_PRINTED[k].name))
                    .1;
                let kk = format!("{pk}.{own}");
                let (stated, adds) = kegiatan(k);
                let name = official(BUDGET_AS_PRINTED[k].name);
                body.push(Line {
                    kode: kode("4.01", &kk, ""),
                    uraian: name.to_string(),
                    anggaran: stated.0,
                    realisasi: stated.1,
                    bold: true,
                });
                // Two sub kegiatan for every other kegiatan, one for the rest.
                let shares: &[i64] = if n % 2 == 0 { &[60, 40] } else { &[100] };
                let (sa, sr) = (split(adds.0, shares), split(adds.1, shares));
                for s in 0..shares.len() {
                    let sk = format!("{kk}.{:04}", s + 1);
                    let sub = if shares.len() == 1 {
                        format!("Pelaksanaan {name}")
                    } else {
                        format!("{} {name}", ["Penyelenggaraan", "Koordinasi"][s])
                    };
                    body.push(Line {
                        kode: kode("4.01", &sk, ""),
                        uraian: sub,
                        anggaran: sa[s],
                        realisasi: sr[s],
                        bold: false,
                    });
                    body.push(Line {
                        kode: kode("4.01", &sk, "5.1.02"),
                        uraian: "Belanja Barang dan Jasa".to_string(),
                        anggaran: sa[s],
                        realisasi: sr[s],
                        bold: false,
                    });
                    let (aa, ar) = (split(sa[s], &[70, 30]), split(sr[s], &[70, 30]));
                    for (j, (head, head_name, acc, acc_name)) in ACCOUNTS.iter().enumerate() {
                        for (kd, nm) in [(head, head_name), (acc, acc_name)] {
                            body.push(Line {
                                kode: kode("4.01", &sk, kd),
                                uraian: nm.to_string(),
                                anggaran: aa[j],
                                realisasi: ar[j],
                                bold: false,
                            });
                        }
                    }
                }
            }
        }
        let mut out = vec![
            Line {
                kode: ["4".into(), String::new(), String::new(), String::new()],
                uraian: "URUSAN PEMERINTAHAN FUNGSI PENUNJANG URUSAN PEMERINTAHAN".into(),
                anggaran: urusan.0,
                realisasi: urusan.1,
                bold: true,
            },
            Line {
                kode: ["4.01".into(), String::new(), String::new(), String::new()],
                uraian: "SEKRETARIAT DAERAH".into(),
                anggaran: urusan.0,
                realisasi: urusan.1,
                bold: true,
            },
            Line {
                kode: kode("4.01", "", ""),
                uraian: "Sekretariat Daerah".into(),
                anggaran: urusan.0,
                realisasi: urusan.1,
                bold: true,
            },
        ];
        out.extend(body);
        out
    }

    fn header(ws: &mut Worksheet, row: u32) -> Res<u32> {
        let h = fmt_header();
        merged(ws, row, 0, row + 2, 3, "Kode", &h)?;
        merged(
            ws,
            row,
            4,
            row + 2,
            4,
            "Uraian Urusan, Organisasi, Program, Kegiatan dan Sub Kegiatan",
            &h,
        )?;
        merged(ws, row, 5, row, 11, "Kelompok Belanja", &h)?;
        for (c, text) in [(5u16, "Operasi"), (7, "Modal"), (9, "Total")] {
            merged(ws, row + 1, c, row + 1, c + 1, text, &h)?;
        }
        ws.write_with_format(row + 1, 11, "", &h)?;
        for (c, text) in [
            (5u16, "Anggaran"),
            (6, "Realisasi"),
            (7, "Anggaran"),
            (8, "Realisasi"),
            (9, "Anggaran"),
            (10, "Realisasi"),
            (11, "%"),
        ] {
            ws.write_with_format(row + 2, c, text, &h)?;
        }
        let n = fmt_numbered();
        merged(ws, row + 3, 0, row + 3, 3, "1", &n)?;
        for (c, text) in [(4u16, "2"), (5, "3"), (6, "4"), (7, "5"), (8, "6")] {
            ws.write_with_format(row + 3, c, text, &n)?;
        }
        for c in 9..=11u16 {
            ws.write_with_format(row + 3, c, "", &n)?;
        }
        Ok(row + 4)
    }

    pub fn build(planted: bool) -> Res<Workbook> {
        let mut wb = Workbook::new();
        let created = ExcelDateTime::from_ymd(2025, 1, 15)?.and_hms(9, 30, 0)?;
        wb.set_properties(
            &DocProperties::new()
                .set_title("Rekapitulasi Belanja Tahun Anggaran 2024")
                .set_author("SIPD")
                .set_company("Pemerintah Kabupaten Kebumen")
                .set_creation_datetime(&created),
        );
        let ws = wb.add_worksheet();
        ws.set_name("Sheet1")?;
        for (row, text) in [
            (0u32, "KABUPATEN KEBUMEN"),
            (1, "REKAPITULASI BELANJA MENURUT URUSAN PEMERINTAH DAERAH, ORGANISASI, PROGRAM, KEGIATAN"),
            (2, "BESERTA HASIL DAN SUB KEGIATAN BESERTA KELUARAN"),
            (3, "TAHUN ANGGARAN 2024"),
        ] {
            ws.write_with_format(row, 0, text, &fmt_title())?;
        }
        widths(
            ws,
            0,
            &[
                6.0, 22.0, 20.0, 20.0, 60.0, 17.0, 17.0, 12.0, 12.0, 17.0, 17.0, 9.0,
            ],
        )?;
        let text = Format::new().set_border(FormatBorder::Thin);
        let money = text.clone().set_num_format("#,##0");
        let percent = text.clone().set_num_format("0.00%");
        let bold = |f: &Format| f.clone().set_bold();
        let mut row = header(ws, 5)?;
        let mut on_page = 0;
        for line in lines(planted) {
            if on_page == PAGE {
                // A new printed page: a blank line, then the header again.
                row = header(ws, row + 1)?;
                on_page = 0;
            }
            let (t, m, p) = if line.bold {
                (bold(&text), bold(&money), bold(&percent))
            } else {
                (text.clone(), money.clone(), percent.clone())
            };
            for (c, k) in line.kode.iter().enumerate() {
                ws.write_with_format(row, c as u16, k.as_str(), &t)?;
            }
            ws.write_with_format(row, 4, line.uraian.as_str(), &t)?;
            ws.write_with_format(row, 5, line.anggaran as f64, &m)?;
            ws.write_with_format(row, 6, line.realisasi as f64, &m)?;
            // Belanja modal: none, typed as SIPD writes an empty amount.
            ws.write_with_format(row, 7, "0,00", &t)?;
            ws.write_with_format(row, 8, "0,00", &t)?;
            ws.write_with_format(row, 9, line.anggaran as f64, &m)?;
            ws.write_with_format(row, 10, line.realisasi as f64, &m)?;
            let share = line.realisasi as f64 / line.anggaran as f64;
            ws.write_with_format(row, 11, share, &p)?;
            row += 1;
            on_page += 1;
        }
        Ok(wb)
    }
}
