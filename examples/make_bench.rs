//! Benchmark workbooks: a Tabel 3.7-like realisasi anggaran sheet of any size.
//!
//! ```sh
//! cargo run --release --example make_bench -- ROWS OUT.xlsx [--formulas] [--far-cell] [--claim-dimension] [--distinct]
//! ```
//!
//! * ROWS data rows (program, kegiatan and sub kegiatan rows with Kepmendagri-like
//!   codes), under a merged title, a merged caption and the header
//!   `Kode | Program/Kegiatan/Sub Kegiatan | Indikator Kinerja | Target | Realisasi |
//!   % Capaian | Anggaran (Rp) | Realisasi (Rp) | % Serapan`, then a JUMLAH row and a
//!   `Sumber :` line.
//! * Money is a number formatted `#,##0` in some rows and Indonesian text
//!   (`1.234.567.890`) in others; percentages a fraction formatted `0.00%` in some
//!   rows and text (`90,45%`) in others.
//! * Every derived figure is exact: serapan = Realisasi (Rp) / Anggaran × 100 and
//!   capaian = Realisasi / Target × 100, both rounded half up to 2 decimals; a
//!   kegiatan's money is the sum of its sub kegiatan, a program's the sum of its
//!   kegiatan as stated, the JUMLAH the sum of the programs.
//! * About 0.1% of the rows carry one injected error: a serapan off by 1,00 point
//!   (`percent-mismatch`) or a kegiatan total off by Rp 1.000 (`sum-mismatch`; its
//!   program adds the stated, wrong, kegiatan figure, so only the kegiatan cell
//!   disagrees, and its serapan is computed from the stated figure). They are listed
//!   in OUT.xlsx.errors.txt, one `Sheet!A1 code` per line.
//! * `--formulas`: derived cells are formulas with their cached values; money and
//!   percentages are then all numbers (a SUM over text would not add up in Excel).
//!   An injected error is a value typed over the formula.
//! * `--far-cell`: besides the table, one cell at J1048576 (the used range claims a
//!   million rows). `--claim-dimension`: the sheet's `<dimension>` says
//!   A1:J1048576 although the cells end where the table ends.
//! * `--distinct`: the layout of the many reports that have no kode and no two rows
//!   alike: 8 columns (no Kode), levels only from the words "Program" and
//!   "Kegiatan", about a hundred kegiatan a program, every label distinct. Its
//!   errors: a serapan off by 1,00 point, or a program's anggaran Rp 1.000 over the
//!   sum of its kegiatan.
//!
//! Deterministic: a fixed seed and a fixed creation date, the same bytes for the
//! same arguments. Prints one line: `rows=… cells=… errors=…`.

use std::fmt::Write as _;
use std::io::{Read, Write};

use rust_xlsxwriter::{
    DocProperties, ExcelDateTime, Format, FormatAlign, FormatBorder, Formula, Workbook, Worksheet,
    XlsxError,
};

const SHEET: &str = "Tabel 3.7";
const FIRST_DATA_ROW: u32 = 4; // 0-based: row 5 in Excel
const FAR_ROW: u32 = 1_048_575;

/// splitmix64: small, fixed, deterministic.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in lo..=hi.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
    /// True with probability `per_million` / 1_000_000.
    fn chance(&mut self, per_million: u64) -> bool {
        self.next() % 1_000_000 < per_million
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Program,
    Kegiatan,
    Sub,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Injected {
    None,
    /// The serapan stated 1,00 point off.
    Serapan,
    /// The kegiatan's anggaran stated Rp 1.000 over the sum of its sub kegiatan.
    Anggaran,
    /// The kegiatan's realisasi (Rp) stated Rp 1.000 under the sum of its sub kegiatan.
    Realisasi,
}

struct Line {
    kind: Kind,
    code: String,
    name: String,
    indicator: String,
    /// Performance target and realisation, in hundredths.
    target: u64,
    actual: u64,
    /// Anggaran and Realisasi (Rp) as stated.
    anggaran: u64,
    realisasi: u64,
    money_text: bool,
    pct_text: bool,
    error: Injected,
    /// 0-based rows of this line's children (kegiatan of a program, sub kegiatan of
    /// a kegiatan), for formulas.
    children: Vec<u32>,
}

const PROGRAMS: &[&str] = &[
    "Program Penunjang Urusan Pemerintahan Daerah Kabupaten/Kota",
    "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
    "Program Pengelolaan Keuangan Daerah",
    "Program Pengelolaan Barang Milik Daerah",
    "Program Kepegawaian Daerah",
    "Program Pemerintahan dan Kesejahteraan Rakyat",
    "Program Perekonomian dan Pembangunan",
    "Program Penyelenggaraan Jalan",
    "Program Pengelolaan Pendidikan",
    "Program Pemenuhan Upaya Kesehatan Perorangan dan Upaya Kesehatan Masyarakat",
    "Program Peningkatan Kapasitas Sumber Daya Manusia Kesehatan",
    "Program Pengembangan Sistem Penyediaan Air Minum",
    "Program Kawasan Permukiman",
    "Program Pemberdayaan Sosial",
    "Program Penyelenggaraan Statistik Sektoral",
    "Program Pengelolaan Aplikasi Informatika",
    "Program Pengembangan Ekonomi Kreatif melalui Pemanfaatan dan Perlindungan Hak Kekayaan Intelektual",
    "Program Penyuluhan Pertanian",
];

const KEGIATAN: &[&str] = &[
    "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah",
    "Administrasi Keuangan Perangkat Daerah",
    "Administrasi Barang Milik Daerah pada Perangkat Daerah",
    "Administrasi Kepegawaian Perangkat Daerah",
    "Administrasi Umum Perangkat Daerah",
    "Pengadaan Barang Milik Daerah Penunjang Urusan Pemerintah Daerah",
    "Penyediaan Jasa Penunjang Urusan Pemerintahan Daerah",
    "Pemeliharaan Barang Milik Daerah Penunjang Urusan Pemerintahan Daerah",
    "Pelaksanaan Kebijakan Perekonomian",
    "Pelaksanaan Administrasi Pembangunan",
    "Pengelolaan Pengadaan Barang dan Jasa",
    "Fasilitasi Kerumahtanggaan Sekretariat Daerah",
    "Penyelenggaraan Pemerintahan dan Pelayanan Publik",
    "Pelaksanaan Protokol dan Komunikasi Pimpinan",
    "Penataan Organisasi",
    "Pembinaan Badan Usaha Milik Daerah",
    "Pengelolaan Data dan Informasi Statistik Sektoral",
    "Penyelenggaraan Jalan Kabupaten/Kota",
];

const SUBS: &[&str] = &[
    "Penyusunan Dokumen Perencanaan Perangkat Daerah",
    "Koordinasi dan Penyusunan Dokumen RKA-SKPD",
    "Evaluasi Kinerja Perangkat Daerah",
    "Penyediaan Gaji dan Tunjangan ASN",
    "Penyediaan Administrasi Pelaksanaan Tugas ASN",
    "Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD",
    "Penatausahaan Barang Milik Daerah pada SKPD",
    "Pendidikan dan Pelatihan Pegawai Berdasarkan Tugas dan Fungsi",
    "Penyediaan Komponen Instalasi Listrik/Penerangan Bangunan Kantor",
    "Penyediaan Peralatan dan Perlengkapan Kantor",
    "Penyediaan Bahan Logistik Kantor",
    "Penyediaan Barang Cetakan dan Penggandaan",
    "Fasilitasi Kunjungan Tamu",
    "Penyelenggaraan Rapat Koordinasi dan Konsultasi SKPD",
    "Pengadaan Kendaraan Dinas Operasional atau Lapangan",
    "Penyediaan Jasa Surat Menyurat",
    "Penyediaan Jasa Komunikasi, Sumber Daya Air dan Listrik",
    "Penyediaan Jasa Pelayanan Umum Kantor",
    "Pemeliharaan Kendaraan Dinas Operasional atau Lapangan",
    "Pemeliharaan/Rehabilitasi Gedung Kantor dan Bangunan Lainnya",
    "Pembangunan Jalan",
    "Rehabilitasi Jalan",
    "Penyusunan Statistik Sektoral",
    "Pelaksanaan Monitoring dan Evaluasi",
];

/// Indicator texts (all positive: capaian = R / T × 100) with their target in
/// hundredths.
const INDICATORS: &[(&str, u64)] = &[
    (
        "Persentase dokumen perencanaan yang tersusun tepat waktu",
        10_000,
    ),
    ("Persentase capaian kinerja perangkat daerah", 9_500),
    ("Nilai SAKIP perangkat daerah", 7_550),
    ("Persentase ASN yang memenuhi standar kompetensi", 8_500),
    (
        "Persentase layanan administrasi perkantoran yang terpenuhi",
        10_000,
    ),
    ("Dokumen laporan keuangan yang tersusun", 1_200),
    ("Persentase barang milik daerah yang tercatat", 9_000),
    ("Panjang jalan kabupaten dalam kondisi mantap (km)", 45_075),
    ("Cakupan pelayanan air minum", 8_250),
    ("Indeks kualitas layanan infrastruktur", 375),
    (
        "Persentase sarana dan prasarana kantor dalam kondisi baik",
        9_500,
    ),
    ("Laporan monitoring dan evaluasi yang tersusun", 400),
];

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flags: Vec<&str> = args
        .iter()
        .filter(|a| a.starts_with("--"))
        .map(String::as_str)
        .collect();
    let pos: Vec<&String> = args.iter().filter(|a| !a.starts_with("--")).collect();
    let usage =
        "usage: make_bench ROWS OUT.xlsx [--formulas] [--far-cell] [--claim-dimension] [--distinct]";
    if pos.len() != 2 {
        eprintln!("{usage}");
        std::process::exit(2);
    }
    let rows: u32 = pos[0].replace('_', "").parse().unwrap_or_else(|_| {
        eprintln!("{usage}");
        std::process::exit(2)
    });
    if !(3..=1_048_000).contains(&rows) {
        eprintln!("ROWS must be between 3 and 1048000");
        std::process::exit(2);
    }
    for f in &flags {
        if ![
            "--formulas",
            "--far-cell",
            "--claim-dimension",
            "--distinct",
        ]
        .contains(f)
        {
            eprintln!("unknown option {f}\n{usage}");
            std::process::exit(2);
        }
    }
    let opts = Options {
        formulas: flags.contains(&"--formulas"),
        far_cell: flags.contains(&"--far-cell"),
        claim_dimension: flags.contains(&"--claim-dimension"),
        distinct: flags.contains(&"--distinct"),
    };
    if opts.distinct && opts.formulas {
        eprintln!("--distinct writes figures, not formulas\n{usage}");
        std::process::exit(2);
    }
    let out = std::path::PathBuf::from(pos[1]);
    match generate(rows, &out, &opts) {
        Ok(stats) => println!(
            "rows={} cells={} errors={}",
            stats.rows, stats.cells, stats.errors
        ),
        Err(e) => {
            eprintln!("make_bench: {e}");
            std::process::exit(1);
        }
    }
}

struct Options {
    formulas: bool,
    far_cell: bool,
    claim_dimension: bool,
    distinct: bool,
}

struct Stats {
    rows: u32,
    cells: u64,
    errors: usize,
}

struct Formats {
    title: Format,
    caption: Format,
    header: Format,
    text: Format,
    text_bold: Format,
    number: Format,
    money: Format,
    money_bold: Format,
    percent: Format,
    percent_bold: Format,
    right: Format,
    right_bold: Format,
}

impl Formats {
    fn new() -> Formats {
        let cell = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_align(FormatAlign::Center),
            caption: Format::new().set_italic().set_align(FormatAlign::Center),
            header: cell
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(0xD9E1F2),
            text: cell.clone().set_text_wrap(),
            text_bold: cell.clone().set_text_wrap().set_bold(),
            number: cell.clone().set_num_format("#,##0.00"),
            money: cell.clone().set_num_format("#,##0"),
            money_bold: cell.clone().set_num_format("#,##0").set_bold(),
            percent: cell.clone().set_num_format("0.00%"),
            percent_bold: cell.clone().set_num_format("0.00%").set_bold(),
            right: cell.clone().set_align(FormatAlign::Right),
            right_bold: cell.set_align(FormatAlign::Right).set_bold(),
        }
    }
}

/// `x / y × 100` rounded half up to 2 decimals, in hundredths of a percent point.
fn percent_hundredths(x: u64, y: u64) -> u64 {
    let n = x as u128 * 10_000;
    let (q, r) = (n / y as u128, n % y as u128);
    (if 2 * r >= y as u128 { q + 1 } else { q }) as u64
}

/// `1234567890` → `1.234.567.890`.
fn rupiah_text(v: u64) -> String {
    let digits = v.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Hundredths of a percent point → `90,45%`.
fn percent_text(h: u64) -> String {
    format!("{},{:02}%", h / 100, h % 100)
}

/// Hundredths of a percent point → the fraction Excel stores (`0.9045`), as the
/// shortest text (what a formula's cached value holds).
fn fraction(h: u64) -> f64 {
    h as f64 / 10_000.0
}

fn col_letter(c: u16) -> char {
    (b'A' + c as u8) as char
}

/// Builds one program with its kegiatan and sub kegiatan, at most `budget` rows
/// (leaving no remainder too small for another program). Returns the lines.
fn build_program(rng: &mut Rng, index: u32, budget: u32) -> Vec<Line> {
    // Kepmendagri-like code: urusan.bidang.program, unique for every index.
    let urusan = 1 + (index / (99 * 99)) % 9;
    let bidang = 1 + (index / 99) % 99;
    let program = 1 + index % 99;
    let pcode = format!("{urusan}.{bidang:02}.{program:02}");
    let planned_k = rng.range(3, 12) as u32;
    let mut left = budget - 1;
    let mut sizes: Vec<u32> = Vec::new();
    for _ in 0..planned_k {
        if left < 2 {
            break;
        }
        let s = (rng.range(2, 9) as u32).min(left - 1);
        sizes.push(s);
        left -= 1 + s;
    }
    // A remainder too small for another program (3 rows) joins the last kegiatan.
    if left < 3 {
        *sizes.last_mut().expect("a program has a kegiatan") += left;
    }
    let mut lines = Vec::new();
    lines.push(new_line(
        rng,
        Kind::Program,
        pcode.clone(),
        PROGRAMS[index as usize % PROGRAMS.len()].to_string(),
    ));
    for (k, &s) in sizes.iter().enumerate() {
        let kcode = format!("{pcode}.2.{:02}", k + 1);
        let kname = KEGIATAN[rng.next() as usize % KEGIATAN.len()].to_string();
        lines.push(new_line(rng, Kind::Kegiatan, kcode.clone(), kname));
        for j in 0..s {
            let scode = format!("{kcode}.{:04}", j + 1);
            let sname = SUBS[rng.next() as usize % SUBS.len()].to_string();
            let mut line = new_line(rng, Kind::Sub, scode, sname);
            line.anggaran = rng.range(5_000, 500_000) * 1_000 + rng.range(0, 3) * 500;
            // Spending between 55% and 100% of the budget, to the Rupiah.
            line.realisasi = line.anggaran * rng.range(55_000, 100_000) / 100_000;
            lines.push(line);
        }
    }
    lines
}

fn new_line(rng: &mut Rng, kind: Kind, code: String, name: String) -> Line {
    let (indicator, target) = INDICATORS[rng.next() as usize % INDICATORS.len()];
    // Realisation between 80% and 115% of the target, in hundredths.
    let actual = target * rng.range(80_000, 115_000) / 100_000;
    Line {
        kind,
        code,
        name,
        indicator: indicator.to_string(),
        target,
        actual,
        anggaran: 0,
        realisasi: 0,
        money_text: rng.chance(300_000),
        pct_text: rng.chance(400_000),
        error: Injected::None,
        children: Vec::new(),
    }
}

/// Words the distinct layout's labels are drawn from (with a running number, no
/// two labels are alike).
const THEMES: &[&str] = &[
    "Pelayanan Publik",
    "Tata Kelola",
    "Infrastruktur Wilayah",
    "Ketahanan Pangan",
    "Kesehatan Masyarakat",
    "Pendidikan Dasar",
    "Ekonomi Lokal",
    "Lingkungan Hidup",
    "Perlindungan Sosial",
    "Kependudukan",
    "Pariwisata Daerah",
    "Kearsipan",
    "Pemuda dan Olahraga",
];

/// One program of the distinct layout: the program row then its kegiatan (leaves,
/// with their own money), at most `budget` rows; `serial` numbers every kegiatan
/// of the workbook. The program's money is the sum of its kegiatan, Rp 1.000 over
/// where an error is injected.
fn build_distinct_program(rng: &mut Rng, index: u32, budget: u32, serial: &mut u32) -> Vec<Line> {
    let theme = THEMES[index as usize % THEMES.len()];
    let name = format!(
        "Program Peningkatan {theme} {} Tahap {}",
        PROGRAMS[index as usize % PROGRAMS.len()].trim_start_matches("Program "),
        index + 1
    );
    let mut lines = vec![new_line(rng, Kind::Program, String::new(), name)];
    let count = (rng.range(90, 110) as u32).min(budget - 1);
    // A remainder too small for another program (2 rows) joins this one.
    let count = if budget - 1 - count < 2 {
        budget - 1
    } else {
        count
    };
    for _ in 0..count {
        *serial += 1;
        let kname = format!(
            "Kegiatan {} untuk {} Nomor {}",
            KEGIATAN[rng.next() as usize % KEGIATAN.len()],
            SUBS[rng.next() as usize % SUBS.len()],
            serial
        );
        let mut line = new_line(rng, Kind::Kegiatan, String::new(), kname);
        line.anggaran = rng.range(5_000, 500_000) * 1_000 + rng.range(0, 3) * 500;
        line.realisasi = line.anggaran * rng.range(55_000, 100_000) / 100_000;
        lines.push(line);
    }
    for line in lines.iter_mut() {
        if rng.chance(700) {
            line.error = Injected::Serapan;
        }
    }
    let a: u64 = lines[1..].iter().map(|l| l.anggaran).sum();
    let r: u64 = lines[1..].iter().map(|l| l.realisasi).sum();
    let over = rng.chance(2_500) && lines[0].error == Injected::None;
    lines[0].anggaran = a + if over { 1_000 } else { 0 };
    lines[0].realisasi = r;
    if over {
        lines[0].error = Injected::Anggaran;
    }
    lines
}

/// Fills in the kegiatan and program sums (as stated: a kegiatan's injected error
/// carries into its program) and injects errors.
fn settle(lines: &mut [Line], rng: &mut Rng, first_row: u32) {
    // Errors first: ~0.1% of rows overall.
    for line in lines.iter_mut() {
        line.error = match line.kind {
            Kind::Kegiatan if rng.chance(2_500) => {
                if rng.next() % 2 == 0 {
                    Injected::Anggaran
                } else {
                    Injected::Realisasi
                }
            }
            _ if rng.chance(700) => Injected::Serapan,
            _ => Injected::None,
        };
    }
    // Kegiatan = sum of their sub kegiatan, then off by Rp 1.000 where injected.
    let mut i = 0;
    while i < lines.len() {
        if lines[i].kind == Kind::Kegiatan {
            let mut j = i + 1;
            let (mut a, mut r) = (0u64, 0u64);
            let mut children = Vec::new();
            while j < lines.len() && lines[j].kind == Kind::Sub {
                a += lines[j].anggaran;
                r += lines[j].realisasi;
                children.push(first_row + j as u32);
                j += 1;
            }
            match lines[i].error {
                Injected::Anggaran => a += 1_000,
                Injected::Realisasi => r -= 1_000,
                _ => {}
            }
            lines[i].anggaran = a;
            lines[i].realisasi = r;
            lines[i].children = children;
            i = j;
        } else {
            i += 1;
        }
    }
    // The program = sum of its kegiatan as stated.
    let (mut a, mut r) = (0u64, 0u64);
    let mut children = Vec::new();
    for (k, line) in lines.iter().enumerate().skip(1) {
        if line.kind == Kind::Kegiatan {
            a += line.anggaran;
            r += line.realisasi;
            children.push(first_row + k as u32);
        }
    }
    lines[0].anggaran = a;
    lines[0].realisasi = r;
    lines[0].children = children;
}

fn generate(rows: u32, out: &std::path::Path, opts: &Options) -> Result<Stats, XlsxError> {
    let mut rng = Rng(0x5E1A_4A50_2024_0001);
    let fm = Formats::new();
    let mut workbook = Workbook::new();
    let created = ExcelDateTime::from_ymd(2025, 1, 31)?.and_hms(8, 0, 0)?;
    workbook.set_properties(
        &DocProperties::new()
            .set_title("Laporan Kinerja Instansi Pemerintah - Tabel 3.7")
            .set_author("selaras bench")
            .set_creation_datetime(&created),
    );
    let ws = workbook.add_worksheet();
    ws.set_name(SHEET)?;
    let widths: &[f64] = if opts.distinct {
        &[60.0, 40.0, 10.0, 10.0, 11.0, 18.0, 18.0, 11.0]
    } else {
        &[14.0, 48.0, 40.0, 10.0, 10.0, 11.0, 18.0, 18.0, 11.0]
    };
    // Without a Kode column every column after it moves one to the left.
    let skip = u16::from(opts.distinct);
    let last = 8 - skip;
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, *w)?;
    }
    ws.merge_range(
        0,
        0,
        0,
        last,
        "Tabel 3.7. Realisasi Anggaran Dinas Contoh Kabupaten Contoh Tahun 2024",
        &fm.title,
    )?;
    ws.merge_range(
        1,
        0,
        1,
        last,
        "Capaian kinerja dan serapan anggaran per program, kegiatan dan sub kegiatan, keadaan 31 Desember 2024",
        &fm.caption,
    )?;
    let headers = [
        "Kode",
        "Program/Kegiatan/Sub Kegiatan",
        "Indikator Kinerja",
        "Target",
        "Realisasi",
        "% Capaian",
        "Anggaran (Rp)",
        "Realisasi (Rp)",
        "% Serapan",
    ];
    let headers = &headers[usize::from(skip)..];
    for (c, h) in headers.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *h, &fm.header)?;
    }
    ws.set_row_height(3, 30)?;
    let mut cells: u64 = 2 + headers.len() as u64;
    let mut errors: Vec<String> = Vec::new();

    let mut row = FIRST_DATA_ROW;
    let end = FIRST_DATA_ROW + rows;
    let mut index = 0u32;
    let mut total_a = 0u64;
    let mut total_r = 0u64;
    let mut serial = 0u32;
    let letter = |c: u16| col_letter(c - skip);
    while row < end {
        let lines = if opts.distinct {
            build_distinct_program(&mut rng, index, end - row, &mut serial)
        } else {
            let mut lines = build_program(&mut rng, index, end - row);
            settle(&mut lines, &mut rng, row);
            lines
        };
        for line in &lines {
            cells += write_line(ws, &fm, row, line, opts)?;
            let (c, code) = match line.error {
                Injected::None => {
                    row += 1;
                    continue;
                }
                Injected::Serapan => (8, "percent-mismatch"),
                Injected::Anggaran => (6, "sum-mismatch"),
                Injected::Realisasi => (7, "sum-mismatch"),
            };
            errors.push(format!("{SHEET}!{}{} {code}", letter(c), row + 1));
            row += 1;
        }
        total_a += lines[0].anggaran;
        total_r += lines[0].realisasi;
        index += 1;
    }
    // JUMLAH: the sum of the programs, numbers, bold.
    ws.merge_range(row, 0, row, 5 - skip, "JUMLAH", &fm.right_bold)?;
    let serapan = percent_hundredths(total_r, total_a);
    if opts.formulas {
        let (a, b) = (FIRST_DATA_ROW + 1, row);
        for (c, v) in [(6u16, total_a), (7, total_r)] {
            let l = col_letter(c);
            let f = Formula::new(format!("SUMIF($A${a}:$A${b},\"???????\",{l}{a}:{l}{b})"))
                .set_result(v.to_string());
            ws.write_formula_with_format(row, c, f, &fm.money_bold)?;
        }
        let f = Formula::new(format!("ROUND(H{}/G{},4)", row + 1, row + 1))
            .set_result(format!("{}", fraction(serapan)));
        ws.write_formula_with_format(row, 8, f, &fm.percent_bold)?;
    } else {
        ws.write_number_with_format(row, 6 - skip, total_a as f64, &fm.money_bold)?;
        ws.write_number_with_format(row, 7 - skip, total_r as f64, &fm.money_bold)?;
        ws.write_number_with_format(row, 8 - skip, fraction(serapan), &fm.percent_bold)?;
    }
    cells += 4;
    ws.write_string(
        row + 2,
        0,
        "Sumber : Sistem Informasi Pemerintahan Daerah (SIPD), diolah",
    )?;
    cells += 1;
    if opts.far_cell {
        ws.write_string(FAR_ROW, 9, "akhir")?;
        cells += 1;
    }

    if opts.claim_dimension {
        let buf = workbook.save_to_buffer()?;
        let patched =
            claim_dimension(&buf).map_err(|e| XlsxError::IoError(std::io::Error::other(e)))?;
        std::fs::write(out, patched)?;
    } else {
        workbook.save(out)?;
    }
    let mut list = String::new();
    for e in &errors {
        writeln!(list, "{e}").ok();
    }
    let mut errors_path = out.as_os_str().to_owned();
    errors_path.push(".errors.txt");
    std::fs::write(errors_path, list)?;
    Ok(Stats {
        rows,
        cells,
        errors: errors.len(),
    })
}

/// Writes one table row; returns the number of cells written.
fn write_line(
    ws: &mut Worksheet,
    fm: &Formats,
    row: u32,
    line: &Line,
    opts: &Options,
) -> Result<u64, XlsxError> {
    let bold = if opts.distinct {
        line.kind == Kind::Program
    } else {
        line.kind != Kind::Sub
    };
    let text = if bold { &fm.text_bold } else { &fm.text };
    if opts.distinct {
        return write_distinct_line(ws, fm, row, line, bold);
    }
    ws.write_string_with_format(row, 0, &line.code, text)?;
    ws.write_string_with_format(row, 1, &line.name, text)?;
    ws.write_string_with_format(row, 2, &line.indicator, text)?;
    ws.write_number_with_format(row, 3, line.target as f64 / 100.0, &fm.number)?;
    ws.write_number_with_format(row, 4, line.actual as f64 / 100.0, &fm.number)?;
    let r1 = row + 1;
    let capaian = percent_hundredths(line.actual, line.target);
    let mut serapan = percent_hundredths(line.realisasi, line.anggaran);
    if line.error == Injected::Serapan {
        serapan = if serapan >= 100 {
            serapan - 100
        } else {
            serapan + 100
        };
    }
    let (money_f, pct_f) = if bold {
        (&fm.money_bold, &fm.percent_bold)
    } else {
        (&fm.money, &fm.percent)
    };
    if opts.formulas {
        let f = Formula::new(format!("ROUND(E{r1}/D{r1},4)"))
            .set_result(format!("{}", fraction(capaian)));
        ws.write_formula_with_format(row, 5, f, pct_f)?;
        for (c, v) in [(6u16, line.anggaran), (7, line.realisasi)] {
            let typed_over = matches!(
                (line.error, c),
                (Injected::Anggaran, 6) | (Injected::Realisasi, 7)
            );
            if line.kind == Kind::Sub || typed_over {
                ws.write_number_with_format(row, c, v as f64, money_f)?;
                continue;
            }
            let l = col_letter(c);
            let expr = match line.kind {
                Kind::Kegiatan => {
                    let (a, b) = (line.children[0] + 1, line.children.last().unwrap() + 1);
                    format!("SUM({l}{a}:{l}{b})")
                }
                _ => line
                    .children
                    .iter()
                    .map(|k| format!("{l}{}", k + 1))
                    .collect::<Vec<_>>()
                    .join("+"),
            };
            ws.write_formula_with_format(
                row,
                c,
                Formula::new(expr).set_result(v.to_string()),
                money_f,
            )?;
        }
        if line.error == Injected::Serapan {
            ws.write_number_with_format(row, 8, fraction(serapan), pct_f)?;
        } else {
            let f = Formula::new(format!("ROUND(H{r1}/G{r1},4)"))
                .set_result(format!("{}", fraction(serapan)));
            ws.write_formula_with_format(row, 8, f, pct_f)?;
        }
    } else {
        if line.pct_text {
            ws.write_string_with_format(row, 5, percent_text(capaian), &fm.right)?;
            ws.write_string_with_format(row, 8, percent_text(serapan), &fm.right)?;
        } else {
            ws.write_number_with_format(row, 5, fraction(capaian), pct_f)?;
            ws.write_number_with_format(row, 8, fraction(serapan), pct_f)?;
        }
        if line.money_text {
            ws.write_string_with_format(row, 6, rupiah_text(line.anggaran), &fm.right)?;
            ws.write_string_with_format(row, 7, rupiah_text(line.realisasi), &fm.right)?;
        } else {
            ws.write_number_with_format(row, 6, line.anggaran as f64, money_f)?;
            ws.write_number_with_format(row, 7, line.realisasi as f64, money_f)?;
        }
    }
    Ok(9)
}

/// Writes one row of the distinct layout (no Kode: name in A, serapan in H).
fn write_distinct_line(
    ws: &mut Worksheet,
    fm: &Formats,
    row: u32,
    line: &Line,
    bold: bool,
) -> Result<u64, XlsxError> {
    let text = if bold { &fm.text_bold } else { &fm.text };
    let (money_f, pct_f) = if bold {
        (&fm.money_bold, &fm.percent_bold)
    } else {
        (&fm.money, &fm.percent)
    };
    ws.write_string_with_format(row, 0, &line.name, text)?;
    ws.write_string_with_format(row, 1, &line.indicator, text)?;
    ws.write_number_with_format(row, 2, line.target as f64 / 100.0, &fm.number)?;
    ws.write_number_with_format(row, 3, line.actual as f64 / 100.0, &fm.number)?;
    let capaian = percent_hundredths(line.actual, line.target);
    let mut serapan = percent_hundredths(line.realisasi, line.anggaran);
    if line.error == Injected::Serapan {
        serapan = if serapan >= 100 {
            serapan - 100
        } else {
            serapan + 100
        };
    }
    ws.write_number_with_format(row, 4, fraction(capaian), pct_f)?;
    ws.write_number_with_format(row, 5, line.anggaran as f64, money_f)?;
    ws.write_number_with_format(row, 6, line.realisasi as f64, money_f)?;
    ws.write_number_with_format(row, 7, fraction(serapan), pct_f)?;
    Ok(8)
}

/// The same package with the first worksheet's `<dimension>` claiming A1:J1048576.
fn claim_dimension(xlsx: &[u8]) -> Result<Vec<u8>, String> {
    use zip::write::SimpleFileOptions;
    use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};
    let mut zin = ZipArchive::new(std::io::Cursor::new(xlsx)).map_err(|e| e.to_string())?;
    let mut zout = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    let mut patched = false;
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).map_err(|e| e.to_string())?;
        let name = f.name().map_err(|e| e.to_string())?.to_string();
        if name == "xl/worksheets/sheet1.xml" {
            let mut xml = String::new();
            f.read_to_string(&mut xml).map_err(|e| e.to_string())?;
            let start = xml.find("<dimension ref=\"").ok_or("no <dimension>")? + 16;
            let len = xml[start..].find('"').ok_or("bad <dimension>")?;
            xml.replace_range(start..start + len, "A1:J1048576");
            zout.start_file(name, opts).map_err(|e| e.to_string())?;
            zout.write_all(xml.as_bytes()).map_err(|e| e.to_string())?;
            patched = true;
        } else {
            drop(f);
            let f = zin.by_index_raw(i).map_err(|e| e.to_string())?;
            zout.raw_copy_file(f).map_err(|e| e.to_string())?;
        }
    }
    if !patched {
        return Err("no xl/worksheets/sheet1.xml".into());
    }
    Ok(zout.finish().map_err(|e| e.to_string())?.into_inner())
}
