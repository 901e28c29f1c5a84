//! Writes the test workbooks under `fixtures/`, two per unit:
//!
//! * `lkjip-setda-kebumen-2024.xlsx`: the tables of the LKjIP 2024 of the Sekretariat
//!   Daerah Kabupaten Kebumen (`/work/shared/reference/lkjip-setda-kebumen-2024.txt`),
//!   every value exactly as the report prints it, the report's own mistakes included;
//! * `lkjip-setda-kebumen-2024-clean.xlsx`: the same workbook with the report's
//!   inconsistencies put right (see [`cleaned`]);
//! * `dinkes-contoh-2024.xlsx` and `dinkes-contoh-2024-clean.xlsx`: a second, invented
//!   unit, the Dinas Kesehatan Kabupaten Contoh, as typed (with the mistakes a Dinkes
//!   makes) and put right (see the [`dinkes`] module).
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
        (Blank, KUALITAS_MEWUJUDKAN, IKM, r.tujuan_ikm, "Tujuan"),
        (
            Num(1.0),
            KUALITAS_MENINGKATKAN,
            IKM_SETDA,
            SASARAN_IKM,
            "Sasaran",
        ),
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
        ("Tujuan", KUALITAS_MEWUJUDKAN, IKM, r.tujuan_ikm),
        ("Sasaran", KUALITAS_MENINGKATKAN, IKM_SETDA, SASARAN_IKM),
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
    let mut row = caption(ws, 3, 0, 8, title)?;
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
    body_row(ws, row, 5, &BUDGET_TOTAL, true)?;
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
        ("Tujuan", KUALITAS_MEWUJUDKAN, IKM, r.tujuan_ikm.c2024),
        (
            "Sasaran",
            KUALITAS_MENINGKATKAN,
            IKM_SETDA,
            SASARAN_IKM.c2024,
        ),
    ];
    for (section, name, indikator, capaian) in rows {
        section_row(ws, row, 0, 0, 7, section)?;
        let mut cells = vec![Text(name), Text(indikator), Text(capaian)];
        cells.extend([Blank; 4]);
        body_row(ws, row + 1, 0, &cells, false)?;
        row += 2;
    }
    for s in &r.support {
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
        Text(KUALITAS_MEWUJUDKAN),
        Text("85"),
        Text(r.tujuan_ikm.r2024),
        Text(r.tujuan_ikm.c2024),
    ];
    tujuan.extend([Blank; 4]);
    body_row(ws, row + 1, 1, &tujuan, false)?;
    section_row(ws, row + 2, 1, 0, 8, "Sasaran")?;
    let sasaran = [
        Text(KUALITAS_MENINGKATKAN),
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
