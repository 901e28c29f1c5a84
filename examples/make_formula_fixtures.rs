//! Writes `fixtures/formulas/`: a Renja evaluation form (Permendagri 86/2017,
//! evaluasi hasil Renja per triwulan) with urusan > bidang > program > kegiatan >
//! sub kegiatan, quarterly K and Rp columns and formulas throughout, as a planner's
//! workbook holds them; no kode column, so the levels are the formulas' own.
//!
//! - `renja-rumus-clean.xlsx`: every total adds its block, every capaian follows
//!   its column's formula: the audit finds nothing.
//! - `renja-rumus-planted.xlsx`: the same table with one mistake of each kind the
//!   audit knows (listed in `PLANTED` and asserted in `tests/suite/formula_audit.rs`).
//! - `renja-rumus-typed.xlsx`: the clean table with every formula replaced by
//!   the value it gives (a workbook pasted as values): the figures add up.
//!
//! Every saved value is the formula's result, computed here in exact decimals
//! (as Excel saves it), except the one planted stale value.
//! `cargo run --example make_formula_fixtures` twice gives the same bytes.

use std::collections::BTreeMap;
use std::error::Error;
use std::path::Path;

use rust_decimal::Decimal;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Formula, Workbook, Worksheet};

type Res<T = ()> = Result<T, Box<dyn Error>>;

/// Columns (0-based): B nama, C indikator, D/E target K/Rp, F..M the four
/// triwulan's K and Rp, N/O the year's K and Rp, P/Q capaian K and Rp (%).
const NAMA: u16 = 1;
const TARGET_K: u16 = 3;
const TARGET_RP: u16 = 4;
const TW_K: [u16; 4] = [5, 7, 9, 11];
const TW_RP: [u16; 4] = [6, 8, 10, 12];
const YEAR_K: u16 = 13;
const YEAR_RP: u16 = 14;
const CAP_K: u16 = 15;
const CAP_RP: u16 = 16;

/// What each planted mistake is and where (A1), as the test asserts it.
const PLANTED: &[(&str, &str)] = &[
    ("sum-range", "G14: kegiatan A.2's TW I Rp =SUM(G15:G16) stops two rows short of its four sub kegiatan (=SUM(G15:G18))"),
    ("sum-range", "K9: program A's TW III Rp =SUM(K10:K18) adds its kegiatan and their sub kegiatan (=SUM(K10,K14))"),
    ("sum-range", "M8: bidang 1.01's TW IV Rp adds bidang 1.02's total (M23), which the urusan adds too (=M9+M19)"),
    ("formula-shape", "Q12: capaian Rp =O12/E11*100 among =O/E*100 of its own row (=O12/E12*100)"),
    ("typed-over-formula", "Q16: capaian Rp typed 50 among =O/E*100 (=O16/E16*100)"),
    ("range-chain", "Q33: rata-rata capaian =AVERAGE(Q11:Q13:Q17), a chained range"),
    ("stale-value", "P26: capaian K =N26/D26*100 saved as 5 points more than it gives"),
    ("unit-mix", "O21: the year's Rp =G21+I21+K21+M21+N21 adds N21, the year's K (a count), into Rupiah"),
];

/// One row of the tree: its level (0 urusan .. 4 sub kegiatan), name, and for a
/// sub kegiatan its target and four quarters (K, Rp).
struct Node {
    level: usize,
    name: &'static str,
    target: (u32, i64),
    quarters: [(u32, i64); 4],
}

fn tree() -> Vec<Node> {
    let leaf = |name, tk, tr, q: [(u32, i64); 4]| Node {
        level: 4,
        name,
        target: (tk, tr),
        quarters: q,
    };
    let node = |level, name| Node {
        level,
        name,
        target: (0, 0),
        quarters: [(0, 0); 4],
    };
    vec![
        node(0, "1 URUSAN PEMERINTAHAN WAJIB YANG BERKAITAN DENGAN PELAYANAN DASAR"),
        node(1, "1.01 BIDANG URUSAN PENDIDIKAN"),
        node(2, "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH"),
        node(3, "Perencanaan, Penganggaran, dan Evaluasi Kinerja Perangkat Daerah"),
        leaf("Penyusunan Dokumen Perencanaan Perangkat Daerah", 4, 120_000_000, [(1, 25_500_000), (1, 31_250_000), (1, 28_000_000), (1, 30_100_000)]),
        leaf("Koordinasi dan Penyusunan Dokumen RKA-SKPD", 2, 45_000_000, [(0, 9_800_000), (1, 12_400_000), (0, 10_150_000), (1, 11_900_000)]),
        leaf("Evaluasi Kinerja Perangkat Daerah", 4, 60_000_000, [(1, 14_200_000), (1, 15_000_000), (1, 13_750_000), (1, 16_050_000)]),
        node(3, "Administrasi Keuangan Perangkat Daerah"),
        leaf("Penyediaan Gaji dan Tunjangan ASN", 12, 2_400_000_000, [(3, 598_000_000), (3, 601_500_000), (3, 599_250_000), (3, 600_000_000)]),
        leaf("Penyediaan Administrasi Pelaksanaan Tugas ASN", 12, 180_000_000, [(3, 44_000_000), (3, 45_500_000), (3, 43_900_000), (3, 46_100_000)]),
        leaf("Pelaksanaan Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD", 4, 75_000_000, [(1, 17_800_000), (1, 19_200_000), (1, 18_350_000), (1, 19_000_000)]),
        leaf("Koordinasi dan Penyusunan Laporan Keuangan Akhir Tahun SKPD", 1, 30_000_000, [(0, 0), (1, 27_600_000), (0, 0), (0, 1_950_000)]),
        node(2, "PROGRAM PENGELOLAAN PENDIDIKAN"),
        node(3, "Pengelolaan Pendidikan Sekolah Dasar"),
        leaf("Pembangunan Ruang Kelas Baru", 6, 1_500_000_000, [(0, 0), (2, 480_000_000), (2, 515_000_000), (2, 490_500_000)]),
        leaf("Rehabilitasi Sedang/Berat Ruang Kelas Sekolah", 10, 900_000_000, [(1, 85_000_000), (3, 270_000_000), (3, 265_400_000), (3, 270_300_000)]),
        node(1, "1.02 BIDANG URUSAN KESEHATAN"),
        node(2, "PROGRAM PEMENUHAN UPAYA KESEHATAN PERORANGAN DAN UPAYA KESEHATAN MASYARAKAT"),
        node(3, "Penyediaan Fasilitas Pelayanan Kesehatan untuk UKM dan UKP Kewenangan Daerah Kabupaten/Kota"),
        leaf("Pengadaan Alat Kesehatan/Alat Penunjang Medik Fasilitas Pelayanan Kesehatan", 8, 1_250_000_000, [(0, 0), (3, 410_000_000), (3, 395_750_000), (2, 420_100_000)]),
        leaf("Pengembangan Puskesmas", 2, 2_100_000_000, [(0, 0), (0, 350_000_000), (1, 900_000_000), (1, 830_000_000)]),
        node(3, "Penyediaan Layanan Kesehatan untuk UKM dan UKP Rujukan Tingkat Daerah Kabupaten/Kota"),
        leaf("Pengelolaan Pelayanan Kesehatan Ibu Hamil", 100, 95_000_000, [(25, 22_300_000), (25, 24_100_000), (25, 23_800_000), (25, 24_000_000)]),
        leaf("Pengelolaan Pelayanan Kesehatan Bayi Baru Lahir", 100, 85_000_000, [(24, 20_150_000), (26, 21_300_000), (25, 21_000_000), (25, 22_050_000)]),
        leaf("Pengelolaan Pelayanan Kesehatan Balita", 100, 110_000_000, [(25, 26_700_000), (25, 27_250_000), (25, 27_900_000), (25, 27_600_000)]),
    ]
}

/// Rows: title 1, header 3–5 (group, triwulan, K/Rp), the numbering row 6, the
/// body from row 7 (0-based 6); the JUMLAH and closing rows after it.
const FIRST: u32 = 6;

/// Each cell: a typed number, or a formula with the value it gives.
#[derive(Clone)]
enum Cell {
    Typed(Decimal),
    Formula(String, Decimal),
}

type Sheet = BTreeMap<(u32, u16), Cell>;

fn a1(row: u32, col: u16) -> String {
    let mut name = String::new();
    let mut c = col as u32 + 1;
    while c > 0 {
        let r = (c - 1) % 26;
        name.insert(0, (b'A' + r as u8) as char);
        c = (c - 1) / 26;
    }
    format!("{name}{}", row + 1)
}

fn value(sheet: &Sheet, row: u32, col: u16) -> Decimal {
    match sheet.get(&(row, col)) {
        Some(Cell::Typed(v)) | Some(Cell::Formula(_, v)) => *v,
        None => Decimal::ZERO,
    }
}

/// A total's formula over `rows` of a column: one range where they are a run,
/// else the cells joined by `+`.
fn total(sheet: &mut Sheet, row: u32, col: u16, rows: &[u32]) {
    let run = rows.windows(2).all(|w| w[1] == w[0] + 1);
    let text = if run && rows.len() > 1 {
        format!(
            "SUM({}:{})",
            a1(rows[0], col),
            a1(rows[rows.len() - 1], col)
        )
    } else {
        rows.iter()
            .map(|r| a1(*r, col))
            .collect::<Vec<_>>()
            .join("+")
    };
    let v: Decimal = rows.iter().map(|r| value(sheet, *r, col)).sum();
    sheet.insert((row, col), Cell::Formula(text, v));
}

/// The clean table: every figure and formula, by (row, column).
fn clean(nodes: &[Node]) -> (Sheet, u32) {
    let mut sheet = Sheet::new();
    let rows: Vec<u32> = (0..nodes.len() as u32).map(|i| FIRST + i).collect();
    // The typed figures of the sub kegiatan.
    for (i, n) in nodes.iter().enumerate().filter(|(_, n)| n.level == 4) {
        let r = rows[i];
        sheet.insert((r, TARGET_K), Cell::Typed(n.target.0.into()));
        sheet.insert((r, TARGET_RP), Cell::Typed(n.target.1.into()));
        for q in 0..4 {
            sheet.insert((r, TW_K[q]), Cell::Typed(n.quarters[q].0.into()));
            sheet.insert((r, TW_RP[q]), Cell::Typed(n.quarters[q].1.into()));
        }
    }
    // Totals, deepest level first: each adds its children (the next rows one
    // level down, up to the next row of its level or higher).
    for level in (0..4).rev() {
        for (i, _) in nodes.iter().enumerate().filter(|(_, n)| n.level == level) {
            let children: Vec<u32> = nodes[i + 1..]
                .iter()
                .enumerate()
                .take_while(|(_, m)| m.level > level)
                .filter(|(_, m)| m.level == level + 1)
                .map(|(j, _)| rows[i + 1 + j])
                .collect();
            for col in std::iter::once(TARGET_RP).chain(TW_RP) {
                total(&mut sheet, rows[i], col, &children);
            }
        }
    }
    // The year's K and Rp, and the capaian, on every row that has them.
    for (i, n) in nodes.iter().enumerate() {
        let r = rows[i];
        year_and_capaian(&mut sheet, r, n.level == 4);
    }
    let end = FIRST + nodes.len() as u32;
    // JUMLAH: the urusan.
    let urusan: Vec<u32> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.level == 0)
        .map(|(i, _)| rows[i])
        .collect();
    for col in std::iter::once(TARGET_RP).chain(TW_RP) {
        total(&mut sheet, end, col, &urusan);
    }
    year_and_capaian(&mut sheet, end, false);
    (sheet, end)
}

fn year_and_capaian(sheet: &mut Sheet, r: u32, leaf: bool) {
    let sum = |sheet: &Sheet, cols: [u16; 4]| -> (String, Decimal) {
        (
            cols.iter().map(|c| a1(r, *c)).collect::<Vec<_>>().join("+"),
            cols.iter().map(|c| value(sheet, r, *c)).sum(),
        )
    };
    let (t, v) = sum(sheet, TW_RP);
    sheet.insert((r, YEAR_RP), Cell::Formula(t, v));
    capaian(sheet, r, CAP_RP, YEAR_RP, TARGET_RP, r);
    if leaf {
        let (t, v) = sum(sheet, TW_K);
        sheet.insert((r, YEAR_K), Cell::Formula(t, v));
        capaian(sheet, r, CAP_K, YEAR_K, TARGET_K, r);
    }
}

/// `=O12/E12*100`, reading the target of row `target_row`.
fn capaian(sheet: &mut Sheet, r: u32, col: u16, part: u16, whole: u16, target_row: u32) {
    let w = value(sheet, target_row, whole);
    let v = if w.is_zero() {
        Decimal::ZERO
    } else {
        value(sheet, r, part) / w * Decimal::ONE_HUNDRED
    };
    let text = format!("{}/{}*100", a1(r, part), a1(target_row, whole));
    sheet.insert((r, col), Cell::Formula(text, v));
}

/// The closing row: the mean capaian Rp of the sub kegiatan.
fn closing(sheet: &mut Sheet, nodes: &[Node], row: u32, chained: bool) {
    let leaves: Vec<u32> = nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.level == 4)
        .map(|(i, _)| FIRST + i as u32)
        .collect();
    let (text, v) = if chained {
        // Q11:Q13:Q17 reads as the box Q11:Q17: every row from 11 to 17.
        let rows: Vec<u32> = (10..=16).collect();
        let v = mean(sheet, &rows);
        ("AVERAGE(Q11:Q13:Q17)".to_string(), v)
    } else {
        let text = format!(
            "AVERAGE({})",
            leaves
                .iter()
                .map(|r| a1(*r, CAP_RP))
                .collect::<Vec<_>>()
                .join(",")
        );
        (text, mean(sheet, &leaves))
    };
    sheet.insert((row, CAP_RP), Cell::Formula(text, v));
}

fn mean(sheet: &Sheet, rows: &[u32]) -> Decimal {
    let values: Vec<Decimal> = rows
        .iter()
        .filter(|r| sheet.contains_key(&(**r, CAP_RP)))
        .map(|r| value(sheet, *r, CAP_RP))
        .collect();
    values.iter().sum::<Decimal>() / Decimal::from(values.len())
}

/// Recomputes every formula's saved value from the cells it reads, in order of
/// the rows (children first for totals above them: twice is enough here).
fn recompute(sheet: &mut Sheet) {
    for _ in 0..4 {
        let cells: Vec<((u32, u16), String)> = sheet
            .iter()
            .filter_map(|(k, c)| match c {
                Cell::Formula(t, _) => Some((*k, t.clone())),
                Cell::Typed(_) => None,
            })
            .collect();
        for ((r, c), text) in cells {
            if let Some(v) = eval(sheet, &text) {
                sheet.insert((r, c), Cell::Formula(text, v));
            }
        }
    }
}

/// The few formula forms this table uses: `SUM(X1:X2)`, `X1+X2+..`,
/// `X1/Y1*100`, `AVERAGE(..)` (left as they are).
fn eval(sheet: &Sheet, text: &str) -> Option<Decimal> {
    let cell = |s: &str| -> Option<(u32, u16)> {
        let split = s.find(|c: char| c.is_ascii_digit())?;
        let (letters, digits) = s.split_at(split);
        let mut col = 0u32;
        for b in letters.bytes() {
            col = col * 26 + u32::from(b - b'A' + 1);
        }
        Some((digits.parse::<u32>().ok()? - 1, (col - 1) as u16))
    };
    if let Some(inner) = text.strip_prefix("SUM(").and_then(|t| t.strip_suffix(')')) {
        let (a, b) = inner.split_once(':')?;
        let (a, b) = (cell(a)?, cell(b)?);
        return Some((a.0..=b.0).map(|r| value(sheet, r, a.1)).sum());
    }
    if text.starts_with("AVERAGE") {
        return None;
    }
    if let Some((part, rest)) = text.split_once('/') {
        let whole = rest.strip_suffix("*100")?;
        let (p, w) = (cell(part)?, cell(whole)?);
        let w = value(sheet, w.0, w.1);
        return Some(if w.is_zero() {
            Decimal::ZERO
        } else {
            value(sheet, p.0, p.1) / w * Decimal::ONE_HUNDRED
        });
    }
    text.split('+')
        .map(|c| cell(c).map(|(r, c)| value(sheet, r, c)))
        .sum()
}

/// The planted copy: one mistake of each kind (see `PLANTED`).
fn planted(mut sheet: Sheet, nodes: &[Node], closing_row: u32) -> Sheet {
    let set = |sheet: &mut Sheet, at: &str, text: &str| {
        let (r, c) = parse(at);
        sheet.insert((r, c), Cell::Formula(text.to_string(), Decimal::ZERO));
    };
    set(&mut sheet, "G14", "SUM(G15:G16)");
    set(&mut sheet, "K9", "SUM(K10:K18)");
    set(&mut sheet, "M8", "M9+M19+M23");
    set(&mut sheet, "Q12", "O12/E11*100");
    set(&mut sheet, "O21", "G21+I21+K21+M21+N21");
    sheet.insert(parse("Q16"), Cell::Typed(Decimal::from(50)));
    recompute(&mut sheet);
    closing(&mut sheet, nodes, closing_row, true);
    // Saved without recalculating: 5 points more than the formula gives (a
    // cell no other formula reads).
    if let Some(Cell::Formula(t, v)) = sheet.get(&parse("P26")).cloned() {
        sheet.insert(parse("P26"), Cell::Formula(t, v + Decimal::from(5)));
    }
    sheet
}

fn parse(at: &str) -> (u32, u16) {
    let split = at.find(|c: char| c.is_ascii_digit()).unwrap();
    let (letters, digits) = at.split_at(split);
    let mut col = 0u32;
    for b in letters.bytes() {
        col = col * 26 + u32::from(b - b'A' + 1);
    }
    (digits.parse::<u32>().unwrap() - 1, (col - 1) as u16)
}

fn write(
    path: &Path,
    nodes: &[Node],
    sheet: &Sheet,
    end: u32,
    typed: bool,
    plain_bidang: bool,
) -> Res {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 7, 15)?),
    );
    let ws = wb.add_worksheet().set_name("Evaluasi Renja TW IV")?;
    header(ws)?;
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0.00");
    for (i, n) in nodes.iter().enumerate() {
        let r = FIRST + i as u32;
        let indent = "  ".repeat(n.level);
        // A bidang typed in ordinary case, as many units type it: no heading by
        // its look, only by its formula.
        let name = if plain_bidang && n.level == 1 {
            sentence_case(n.name)
        } else {
            n.name.to_string()
        };
        if n.level < 4 {
            ws.write_string_with_format(r, NAMA, format!("{indent}{name}"), &bold)?;
        } else {
            ws.write_string(r, NAMA, format!("{indent}{}", n.name))?;
            ws.write_string(r, NAMA + 1, "Persentase kegiatan terlaksana")?;
        }
    }
    ws.write_string_with_format(end, NAMA, "JUMLAH", &bold)?;
    ws.write_string_with_format(
        end + 1,
        NAMA,
        "Rata-rata capaian kinerja dan realisasi anggaran",
        &bold,
    )?;
    for (&(r, c), cell) in sheet {
        let f = if c == CAP_K || c == CAP_RP {
            &pct
        } else {
            &money
        };
        match cell {
            Cell::Typed(v) => ws.write_number_with_format(r, c, to_f64(*v), f)?,
            Cell::Formula(_, v) if typed => ws.write_number_with_format(r, c, to_f64(*v), f)?,
            Cell::Formula(t, v) => ws.write_formula_with_format(
                r,
                c,
                Formula::new(format!("={t}")).set_result(saved(*v)),
                f,
            )?,
        };
    }
    wb.save(path)?;
    Ok(())
}

/// How [`numbered_table`] lays its table out.
#[derive(Clone, Copy, PartialEq)]
enum Numbered {
    /// Every JUMLAH adds the programs' rows.
    Clean,
    /// The JUMLAH's anggaran starts its range on the numbering row: adds its 3.
    Planted,
    /// The header and its numbering row repeated after the third program (a new
    /// printed page), the JUMLAH's SUMs over the whole body: they add the
    /// repeated numbering row's 3 and 4.
    NewPage,
}

/// A table of programs (No, name, anggaran, realisasi, % serapan, the row's
/// number again for printing) whose
/// numbering row and No column hold numbers, as many units type them, and a
/// JUMLAH row of SUMs.
fn numbered_table(path: &Path, layout: Numbered) -> Res {
    let programs: [(&str, i64, i64); 6] = [
        (
            "Program Penunjang Urusan Pemerintahan Daerah",
            2_910_000_000,
            2_734_118_250,
        ),
        (
            "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            845_500_000,
            801_227_400,
        ),
        (
            "Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah",
            412_750_000,
            398_006_100,
        ),
        (
            "Program Penelitian dan Pengembangan Daerah",
            268_300_000,
            240_115_500,
        ),
        (
            "Program Perencanaan Pembangunan Ekonomi",
            190_000_000,
            176_440_000,
        ),
        (
            "Program Perencanaan Pembangunan Sosial Budaya",
            155_600_000,
            149_872_350,
        ),
    ];
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 7, 15)?),
    );
    let ws = wb.add_worksheet().set_name("Realisasi")?;
    let h = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0.00");
    ws.write_string_with_format(0, 0, "REALISASI ANGGARAN PER PROGRAM TAHUN 2025", &h)?;
    let header = |ws: &mut Worksheet, row: u32| -> Res {
        for (c, name) in [
            "No",
            "Program/Kegiatan",
            "Anggaran (Rp)",
            "Realisasi (Rp)",
            "% Serapan",
            "Urut Cetak",
        ]
        .iter()
        .enumerate()
        {
            ws.write_string_with_format(row, c as u16, *name, &h)?;
            ws.write_number_with_format(row + 1, c as u16, (c + 1) as f64, &h)?;
        }
        Ok(())
    };
    header(ws, 2)?;
    let page = layout == Numbered::NewPage;
    if page {
        header(ws, 7)?;
    }
    let serapan = |r: i64, a: i64| Decimal::from(r) / Decimal::from(a) * Decimal::ONE_HUNDRED;
    for (i, (name, a, r)) in programs.iter().enumerate() {
        let row = 4 + i as u32 + if page && i >= 3 { 2 } else { 0 };
        ws.write_number(row, 0, (i + 1) as f64)?;
        ws.write_string(row, 1, *name)?;
        ws.write_number_with_format(row, 2, *a as f64, &money)?;
        ws.write_number_with_format(row, 3, *r as f64, &money)?;
        let text = format!("=D{n}/C{n}*100", n = row + 1);
        ws.write_formula_with_format(
            row,
            4,
            Formula::new(text).set_result(saved(serapan(*r, *a))),
            &pct,
        )?;
        // The row's number again where it has a budget: a formula that reads
        // the No column, adding no figure (no total).
        let urut = format!("=IF(C{n}>0,A{n},\"\")", n = row + 1);
        ws.write_formula(row, 5, Formula::new(urut).set_result((i + 1).to_string()))?;
    }
    let total: i64 = programs.iter().map(|p| p.1).sum();
    let spent: i64 = programs.iter().map(|p| p.2).sum();
    // The JUMLAH row, below the last program.
    let end = if page { 12 } else { 10 };
    let n = end + 1;
    ws.write_string_with_format(end, 1, "JUMLAH", &h)?;
    let (anggaran, stated, realisasi, spent) = match layout {
        Numbered::Clean => (
            "=SUM(C5:C10)".to_string(),
            total,
            "=SUM(D5:D10)".to_string(),
            spent,
        ),
        Numbered::Planted => (
            "=SUM(C4:C10)".to_string(),
            total + 3,
            "=SUM(D5:D10)".to_string(),
            spent,
        ),
        // The repeated numbering row (row 9) holds 3 under Anggaran, 4 under Realisasi.
        Numbered::NewPage => (
            "=SUM(C5:C12)".to_string(),
            total + 3,
            "=SUM(D5:D12)".to_string(),
            spent + 4,
        ),
    };
    ws.write_formula_with_format(
        end,
        2,
        Formula::new(anggaran).set_result(stated.to_string()),
        &money,
    )?;
    ws.write_formula_with_format(
        end,
        3,
        Formula::new(realisasi).set_result(spent.to_string()),
        &money,
    )?;
    ws.write_formula_with_format(
        end,
        4,
        Formula::new(format!("=D{n}/C{n}*100")).set_result(saved(serapan(spent, stated))),
        &pct,
    )?;
    wb.save(path)?;
    Ok(())
}

/// A table of programs with each triwulan's realisation (Rp) and its % of the
/// pagu, and a JUMLAH row; `planted`: the TW IV % reads TW III's Rp, copied
/// down the whole column (its own column agrees with it; its row does not).
/// How a quarters table's percentages were written.
#[derive(Clone, Copy, PartialEq)]
enum Percents {
    /// Copied from the first (=D5/$C5*100), the planted TW IV reading TW III's Rp.
    Copied { planted: bool },
    /// Typed quarter by quarter, the pagu's `$` left out (=D5/C5*100,
    /// =F5/C5*100, …: no copies of each other across the row), the planted TW
    /// III dividing by TW I's Rp (=H5/D5*100).
    ByHand { planted: bool },
}

fn quarters_table(path: &Path, percents: Percents) -> Res {
    let programs: [(&str, i64, [i64; 4]); 6] = [
        (
            "Program Penunjang Urusan Pemerintahan Daerah",
            2_910_000_000,
            [612_400_000, 745_180_250, 698_330_000, 678_208_000],
        ),
        (
            "Program Perencanaan, Pengendalian dan Evaluasi Pembangunan Daerah",
            845_500_000,
            [120_300_000, 231_455_400, 219_800_000, 229_672_000],
        ),
        (
            "Program Koordinasi dan Sinkronisasi Perencanaan Pembangunan Daerah",
            412_750_000,
            [55_000_000, 110_250_100, 118_756_000, 114_000_000],
        ),
        (
            "Program Penelitian dan Pengembangan Daerah",
            268_300_000,
            [30_115_500, 70_000_000, 75_500_000, 64_500_000],
        ),
        (
            "Program Perencanaan Pembangunan Ekonomi",
            190_000_000,
            [22_440_000, 51_000_000, 49_000_000, 54_000_000],
        ),
        (
            "Program Perencanaan Pembangunan Sosial Budaya",
            155_600_000,
            [18_872_350, 43_000_000, 44_000_000, 44_000_000],
        ),
    ];
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 7, 15)?),
    );
    let ws = wb.add_worksheet().set_name("Realisasi Triwulan")?;
    let h = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0.00");
    ws.write_string_with_format(0, 0, "REALISASI ANGGARAN PER TRIWULAN TAHUN 2025", &h)?;
    let mut names = vec![
        "No".to_string(),
        "Program".to_string(),
        "Pagu (Rp)".to_string(),
    ];
    for q in ["I", "II", "III", "IV"] {
        names.push(format!("Realisasi TW {q} (Rp)"));
        names.push(format!("% TW {q}"));
    }
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, name, &h)?;
    }
    // Each cell's value, for the JUMLAH and the percentages.
    let mut value: BTreeMap<(u32, u16), Decimal> = BTreeMap::new();
    let last = 4 + programs.len() as u32;
    for (i, (name, pagu, rp)) in programs.iter().enumerate() {
        let row = 4 + i as u32;
        ws.write_number(row, 0, (i + 1) as f64)?;
        ws.write_string(row, 1, *name)?;
        ws.write_number_with_format(row, 2, *pagu as f64, &money)?;
        value.insert((row, 2), Decimal::from(*pagu));
        for (q, v) in rp.iter().enumerate() {
            let c = 3 + 2 * q as u16;
            ws.write_number_with_format(row, c, *v as f64, &money)?;
            value.insert((row, c), Decimal::from(*v));
        }
    }
    ws.write_string_with_format(last, 1, "JUMLAH", &h)?;
    for c in (2..=9u16).filter(|c| *c == 2 || c % 2 == 1) {
        let total: Decimal = (4..last).map(|r| value[&(r, c)]).sum();
        value.insert((last, c), total);
        let text = format!("=SUM({}:{})", a1(4, c), a1(last - 1, c));
        ws.write_formula_with_format(
            last,
            c,
            Formula::new(text).set_result(total.to_string()),
            &money,
        )?;
    }
    for row in 4..=last {
        for q in 0..4u16 {
            // TW IV's % reads TW III's Rp in the planted copy.
            let rp = if percents == (Percents::Copied { planted: true }) && q == 3 {
                3 + 2 * 2
            } else {
                3 + 2 * q
            };
            let (whole, text) = match percents {
                Percents::Copied { .. } => (2, format!("={}/$C{}*100", a1(row, rp), row + 1)),
                Percents::ByHand { planted } => {
                    let whole = if planted && q == 2 { 3 } else { 2 };
                    (whole, format!("={}/{}*100", a1(row, rp), a1(row, whole)))
                }
            };
            let v = value[&(row, rp)] / value[&(row, whole)] * Decimal::ONE_HUNDRED;
            // Saved as a spreadsheet saves a double: fifteen significant digits.
            let v = v.round_sf(15).unwrap_or(v).normalize().to_string();
            ws.write_formula_with_format(row, 4 + 2 * q, Formula::new(text).set_result(v), &pct)?;
        }
    }
    wb.save(path)?;
    Ok(())
}

/// A komponen's kode and name, and its sub-komponen: name, bobot and nilai (in
/// hundredths).
type Komponen = (&'static str, &'static str, [(&'static str, i64, i64); 3]);

/// A KKE resume (PermenPAN-RB 88/2021) as evaluators lay it out: each
/// komponen above its sub-komponen and adding them (=SUM(D5:D7)), the Nilai
/// Akuntabilitas Kinerja at the bottom adding the komponen (=SUM(D4,D8,D12,D16)).
/// In the planted copy the bobot's total adds the whole column instead
/// (=SUM(D4:D20)): every sub-komponen counted twice, 200 for 100.
fn resume_table(path: &Path, planted: bool) -> Res {
    let komponen: [Komponen; 4] = [
        (
            "A",
            "Perencanaan Kinerja",
            [
                ("Pemenuhan", 600, 540),
                ("Kualitas", 900, 702),
                ("Pemanfaatan", 1500, 1080),
            ],
        ),
        (
            "B",
            "Pengukuran Kinerja",
            [
                ("Pemenuhan", 600, 510),
                ("Kualitas", 900, 675),
                ("Pemanfaatan", 1500, 1125),
            ],
        ),
        (
            "C",
            "Pelaporan Kinerja",
            [
                ("Pemenuhan", 300, 270),
                ("Kualitas", 450, 360),
                ("Pemanfaatan", 750, 525),
            ],
        ),
        (
            "D",
            "Evaluasi Akuntabilitas Kinerja Internal",
            [
                ("Pemenuhan", 500, 425),
                ("Kualitas", 750, 540),
                ("Pemanfaatan", 1250, 875),
            ],
        ),
    ];
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 7, 15)?),
    );
    let ws = wb.add_worksheet().set_name("RESUME")?;
    let h = Format::new().set_bold().set_text_wrap();
    let two = Format::new().set_num_format("0.00");
    ws.write_string_with_format(0, 0, "RESUME HASIL EVALUASI AKUNTABILITAS KINERJA", &h)?;
    for (c, name) in [
        "KODE",
        "KOMPONEN",
        "SUB-KOMPONEN",
        "BOBOT",
        "PENILAIAN MANDIRI",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(2, c as u16, *name, &h)?;
    }
    // (Figures in hundredths: 600 is a bobot of 6,00.)
    let hundredths = |v: i64| Decimal::new(v, 2);
    let mut row = 3u32;
    let mut heads = Vec::new();
    let mut totals = [Decimal::ZERO; 2];
    for (kode, name, subs) in komponen {
        let head = row;
        heads.push(head);
        ws.write_string(head, 0, kode)?;
        ws.write_string(head, 1, name)?;
        let mut sums = [Decimal::ZERO; 2];
        for (i, (sub, bobot, nilai)) in subs.iter().enumerate() {
            let r = head + 1 + i as u32;
            ws.write_string(r, 0, format!("{kode}.{}", i + 1))?;
            ws.write_string(r, 2, *sub)?;
            for (k, v) in [*bobot, *nilai].into_iter().enumerate() {
                ws.write_number_with_format(r, 3 + k as u16, to_f64(hundredths(v)), &two)?;
                sums[k] += hundredths(v);
            }
        }
        let last = head + subs.len() as u32;
        for (k, sum) in sums.iter().enumerate() {
            let c = 3 + k as u16;
            let text = format!("=SUM({}:{})", a1(head + 1, c), a1(last, c));
            ws.write_formula_with_format(
                head,
                c,
                Formula::new(text).set_result(saved(*sum)),
                &two,
            )?;
            totals[k] += *sum;
        }
        row = last + 1;
    }
    ws.write_string_with_format(row, 1, "Nilai Akuntabilitas Kinerja", &h)?;
    for (k, total) in totals.iter().enumerate() {
        let c = 3 + k as u16;
        let (text, v) = if planted && k == 0 {
            // The whole column: each komponen and its sub-komponen again.
            (
                format!("=SUM({}:{})", a1(3, c), a1(row - 1, c)),
                *total * Decimal::TWO,
            )
        } else {
            let cells: Vec<String> = heads.iter().map(|r| a1(*r, c)).collect();
            (format!("=SUM({})", cells.join(",")), *total)
        };
        ws.write_formula_with_format(row, c, Formula::new(text).set_result(saved(v)), &two)?;
    }
    wb.save(path)?;
    Ok(())
}

/// Realisasi per triwulan of two programs and their kegiatan: each kegiatan's
/// Realisasi (=SUM(D6:G6)), % (=H6/C6*100) and Sisa (=C6-H6) copied down; each
/// program's row and the JUMLAH at the bottom state their Pagu and Realisasi
/// typed, the quarters left blank, the % and Sisa formulas going on through
/// them. Those typed totals are subtotals of the rows beside them, not rows of
/// the run typed over. The planted copy types one kegiatan's Realisasi over
/// (10.800.000 where its quarters add up to 10.750.000).
fn subtotal_table(path: &Path, planted: bool) -> Res {
    let kegiatan: [[(&str, [i64; 5]); 5]; 2] = [
        [
            (
                "Penyediaan Komponen Instalasi Listrik",
                [12_000_000, 2_500_000, 3_000_000, 2_750_000, 3_200_000],
            ),
            (
                "Penyediaan Bahan Logistik Kantor",
                [8_000_000, 1_500_000, 2_000_000, 1_800_000, 2_100_000],
            ),
            (
                "Penyediaan Makanan dan Minuman Rapat",
                [15_000_000, 3_000_000, 4_000_000, 3_500_000, 4_200_000],
            ),
            (
                "Penyelenggaraan Rapat Koordinasi dan Konsultasi",
                [25_000_000, 5_000_000, 6_000_000, 7_000_000, 6_500_000],
            ),
            (
                "Penyediaan Jasa Kebersihan Kantor",
                [9_000_000, 2_250_000, 2_250_000, 2_250_000, 2_250_000],
            ),
        ],
        [
            (
                "Penyusunan Dokumen Perencanaan Perangkat Daerah",
                [18_500_000, 2_000_000, 5_500_000, 6_000_000, 4_750_000],
            ),
            (
                "Evaluasi Kinerja Perangkat Daerah",
                [7_250_000, 0, 2_100_000, 2_300_000, 2_600_000],
            ),
            (
                "Penyusunan Laporan Keuangan Akhir Tahun",
                [11_000_000, 1_200_000, 2_800_000, 3_100_000, 3_650_000],
            ),
            (
                "Koordinasi dan Penyusunan Laporan Capaian Kinerja",
                [6_400_000, 900_000, 1_650_000, 1_700_000, 1_950_000],
            ),
            (
                "Penatausahaan dan Pengujian/Verifikasi Keuangan SKPD",
                [13_800_000, 3_300_000, 3_350_000, 3_400_000, 3_550_000],
            ),
        ],
    ];
    let programs = [
        "PROGRAM PENUNJANG URUSAN PEMERINTAHAN DAERAH KABUPATEN/KOTA",
        "PROGRAM PERENCANAAN, PENGENDALIAN DAN EVALUASI KINERJA",
    ];
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 7, 15)?),
    );
    let ws = wb.add_worksheet().set_name("Realisasi")?;
    let h = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0");
    let pct = Format::new().set_num_format("0.00");
    ws.write_string_with_format(
        0,
        0,
        "REALISASI PROGRAM DAN KEGIATAN PER TRIWULAN TAHUN 2025",
        &h,
    )?;
    let names = [
        "No",
        "Program/Kegiatan",
        "Pagu",
        "TW I",
        "TW II",
        "TW III",
        "TW IV",
        "Realisasi",
        "%",
        "Sisa",
    ];
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(2, c as u16, *name, &h)?;
    }
    // The % and Sisa of a row, from its Pagu and Realisasi.
    let tail = |ws: &mut Worksheet, row: u32, pagu: Decimal, real: Decimal| -> Res {
        let r = row + 1;
        let v = real / pagu * Decimal::ONE_HUNDRED;
        let v = v.round_sf(15).unwrap_or(v).normalize().to_string();
        ws.write_formula_with_format(
            row,
            8,
            Formula::new(format!("=H{r}/C{r}*100")).set_result(v),
            &pct,
        )?;
        ws.write_formula_with_format(
            row,
            9,
            Formula::new(format!("=C{r}-H{r}")).set_result(saved(pagu - real)),
            &money,
        )?;
        Ok(())
    };
    let mut row = 3u32;
    let mut total = (Decimal::ZERO, Decimal::ZERO);
    for (p, (name, list)) in programs.iter().zip(&kegiatan).enumerate() {
        let head = row;
        let (mut pagu, mut real) = (Decimal::ZERO, Decimal::ZERO);
        for (k, (keg, [c, tw @ ..])) in list.iter().enumerate() {
            row += 1;
            ws.write_string(row, 0, format!("{}.{}", p + 1, k + 1))?;
            ws.write_string(row, 1, *keg)?;
            ws.write_number_with_format(row, 2, *c as f64, &money)?;
            for (q, v) in tw.iter().enumerate() {
                ws.write_number_with_format(row, 3 + q as u16, *v as f64, &money)?;
            }
            let sum = Decimal::from(tw.iter().sum::<i64>());
            if planted && (p, k) == (1, 2) {
                let typed = sum + Decimal::from(50_000);
                ws.write_number_with_format(row, 7, to_f64(typed), &money)?;
                tail(ws, row, Decimal::from(*c), typed)?;
                real += typed;
            } else {
                let r = row + 1;
                ws.write_formula_with_format(
                    row,
                    7,
                    Formula::new(format!("=SUM(D{r}:G{r})")).set_result(saved(sum)),
                    &money,
                )?;
                tail(ws, row, Decimal::from(*c), sum)?;
                real += sum;
            }
            pagu += Decimal::from(*c);
        }
        ws.write_number(head, 0, (p + 1) as f64)?;
        ws.write_string_with_format(head, 1, *name, &h)?;
        ws.write_number_with_format(head, 2, to_f64(pagu), &money)?;
        ws.write_number_with_format(head, 7, to_f64(real), &money)?;
        tail(ws, head, pagu, real)?;
        total = (total.0 + pagu, total.1 + real);
        row += 1;
    }
    ws.write_string_with_format(row, 1, "JUMLAH", &h)?;
    ws.write_number_with_format(row, 2, to_f64(total.0), &money)?;
    ws.write_number_with_format(row, 7, to_f64(total.1), &money)?;
    tail(ws, row, total.0, total.1)?;
    wb.save(path)?;
    Ok(())
}

/// A BPKAD's pagu per OPD with its total row (=SUM(B2:B7), unlabelled, as the
/// Buru recap has it). In the planted copy one OPD's pagu was pasted from a
/// report as text (`3.531.134.886,00`): the total, as the spreadsheet saved it,
/// passes over it.
fn pagu_text_table(path: &Path, planted: bool) -> Res {
    let opd: [(&str, i64, i64, i64); 6] = [
        (
            "Dinas Kesehatan",
            48_215_906_112,
            31_004_118_560,
            412_500_000,
        ),
        ("Puskesmas Namlea", 3_531_134_886, 2_118_400_220, 47_100_000),
        (
            "Dinas Pendidikan dan Kebudayaan",
            96_480_112_540,
            71_235_600_310,
            905_250_000,
        ),
        (
            "Dinas Pekerjaan Umum dan Penataan Ruang",
            61_902_447_300,
            9_870_225_480,
            133_800_000,
        ),
        (
            "Badan Pengelolaan Keuangan dan Aset Daerah",
            22_774_001_915,
            6_540_778_900,
            98_400_000,
        ),
        ("Kecamatan Namlea", 2_105_660_430, 1_462_330_118, 18_900_000),
    ];
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 7, 15)?),
    );
    let ws = wb.add_worksheet().set_name("PAGU PER OPD")?;
    let h = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0.00");
    for (c, name) in [
        "Nama OPD",
        "Total Pagu (Rp)",
        "GAJI ASN + TPP (Rp)",
        "Belanja TAL (Rp)",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string_with_format(0, c as u16, *name, &h)?;
    }
    let mut totals = [Decimal::ZERO; 3];
    for (i, (name, pagu, gaji, tal)) in opd.iter().enumerate() {
        let row = 1 + i as u32;
        ws.write_string(row, 0, *name)?;
        for (k, v) in [*pagu, *gaji, *tal].into_iter().enumerate() {
            if planted && (i, k) == (1, 0) {
                // Pasted from a report: the figure as text; SUM passes over it.
                ws.write_string(row, 1, "3.531.134.886,00")?;
                continue;
            }
            ws.write_number_with_format(row, 1 + k as u16, v as f64, &money)?;
            totals[k] += Decimal::from(v);
        }
    }
    let last = opd.len() as u32;
    for (k, total) in totals.iter().enumerate() {
        let c = 1 + k as u16;
        let text = format!("=SUM({}:{})", a1(1, c), a1(last, c));
        ws.write_formula_with_format(
            last + 1,
            c,
            Formula::new(text).set_result(saved(*total)),
            &money,
        )?;
    }
    wb.save(path)?;
    Ok(())
}

/// A formula of a row, written for its (1-based) row number.
type RowFormula = fn(u32) -> String;

/// An anggaran kas of eight rekening (a cash plan by month, Permendagri 77/2020),
/// every quarter's sum, the year's and what is left a formula copied down the
/// rows, and a JUMLAH at the top. The planted copy holds two mistakes a finance
/// officer makes: the last rekening's "Jumlah" typed over (63.000 off what its
/// row adds up to), one quarter's saved value left from before an edit
/// (70.000 more than its months, a cell the JUMLAH and the year read), and the
/// first rekening's TW III reading the row below it.
fn cash_table(path: &Path, planted: bool) -> Res {
    let rekening: [(&str, &str, [i64; 6]); 8] = [
        (
            "5.1.02.01.01.0024",
            "Belanja Alat/Bahan untuk Kegiatan Kantor-Alat Tulis Kantor",
            [
                1_250_000, 2_310_000, 980_000, 1_475_000, 2_040_000, 1_118_500,
            ],
        ),
        (
            "5.1.02.01.01.0026",
            "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Cetak",
            [0, 3_450_000, 0, 2_800_000, 0, 1_900_000],
        ),
        (
            "5.1.02.01.01.0052",
            "Belanja Makanan dan Minuman Rapat",
            [
                4_200_000, 6_125_000, 5_750_000, 3_980_000, 7_410_000, 6_002_000,
            ],
        ),
        (
            "5.1.02.02.01.0003",
            "Honorarium Narasumber atau Pembahas",
            [0, 4_000_000, 4_000_000, 0, 6_000_000, 2_000_000],
        ),
        (
            "5.1.02.04.01.0001",
            "Belanja Perjalanan Dinas Biasa",
            [
                8_310_000, 12_745_000, 9_880_000, 15_210_000, 11_096_000, 10_450_000,
            ],
        ),
        (
            "5.1.02.04.01.0003",
            "Belanja Perjalanan Dinas Dalam Kota",
            [
                1_800_000, 2_150_000, 2_400_000, 1_950_000, 2_275_000, 2_600_000,
            ],
        ),
        (
            "5.1.02.02.01.0026",
            "Belanja Jasa Tenaga Administrasi",
            [
                6_500_000, 6_500_000, 6_500_000, 6_500_000, 6_500_000, 6_500_000,
            ],
        ),
        (
            "5.1.02.01.01.0029",
            "Belanja Alat/Bahan untuk Kegiatan Kantor-Bahan Komputer",
            [2_475_000, 0, 3_190_000, 0, 2_860_000, 1_335_000],
        ),
    ];
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_creation_datetime(&ExcelDateTime::from_ymd(2025, 7, 15)?),
    );
    let ws = wb.add_worksheet().set_name("Anggaran Kas")?;
    let h = Format::new().set_bold().set_text_wrap();
    let money = Format::new().set_num_format("#,##0");
    ws.write_string_with_format(0, 0, "ANGGARAN KAS SUB KEGIATAN TAHUN 2025", &h)?;
    let names = [
        "Kode Rekening",
        "Uraian",
        "Nilai Rincian",
        "Januari",
        "Februari",
        "Maret",
        "TW I",
        "April",
        "Mei",
        "Juni",
        "TW II",
        "Juli",
        "Agustus",
        "September",
        "TW III",
        "Oktober",
        "November",
        "Desember",
        "TW IV",
        "Jumlah",
        "Sisa",
    ];
    for (c, name) in names.iter().enumerate() {
        ws.write_string_with_format(3, c as u16, *name, &h)?;
    }
    let (top, first) = (4u32, 5u32);
    let last = first + rekening.len() as u32 - 1;
    // Each cell's value as the workbook holds it (a formula's: its saved value).
    let mut value: BTreeMap<(u32, u16), Decimal> = BTreeMap::new();
    // The months' columns, three before each quarter's sum.
    let months: Vec<u16> = (0..4u16).flat_map(|q| (3 + 4 * q)..(6 + 4 * q)).collect();
    for (i, (kode, uraian, half)) in rekening.iter().enumerate() {
        let row = first + i as u32;
        ws.write_string(row, 0, *kode)?;
        ws.write_string(row, 1, *uraian)?;
        // The second half year plans the first's months again, in reverse.
        let by_month = half.iter().chain(half.iter().rev());
        for (m, v) in months.iter().zip(by_month) {
            ws.write_number_with_format(row, *m, *v as f64, &money)?;
            value.insert((row, *m), Decimal::from(*v));
        }
        // The pagu, planned in full over the year (what a RAK must do).
        let year: i64 = 2 * half.iter().sum::<i64>();
        ws.write_number_with_format(row, 2, year as f64, &money)?;
        value.insert((row, 2), Decimal::from(year));
    }
    // Row formulas, copied down: each quarter, the year, what is left.
    let row_formulas: [(u16, RowFormula); 6] = [
        (6, |r| format!("SUM(D{r}:F{r})")),
        (10, |r| format!("SUM(H{r}:J{r})")),
        (14, |r| format!("SUM(L{r}:N{r})")),
        (18, |r| format!("SUM(P{r}:R{r})")),
        (19, |r| format!("G{r}+K{r}+O{r}+S{r}")),
        (20, |r| format!("C{r}-T{r}")),
    ];
    let stale_at = (first + 3, 6u16);
    let typed_at = (last, 19u16);
    // The first rekening's TW III reads the row below it (=SUM(L7:N7)).
    let slipped_at = (first, 14u16);
    for row in first..=last {
        for (col, text) in &row_formulas {
            let slipped = planted && (row, *col) == slipped_at;
            let from = if slipped { row + 1 } else { row };
            let v = match col {
                19 => [6u16, 10, 14, 18].iter().map(|c| value[&(row, *c)]).sum(),
                20 => value[&(row, 2)] - value[&(row, 19)],
                q => (q - 3..*q).map(|c| value[&(from, c)]).sum(),
            };
            value.insert((row, *col), v);
            if planted && (row, *col) == typed_at {
                let typed = v + Decimal::from(63_000);
                ws.write_number_with_format(row, *col, to_f64(typed), &money)?;
                value.insert((row, *col), typed);
                continue;
            }
            let saved_value = if planted && (row, *col) == stale_at {
                v + Decimal::from(70_000)
            } else {
                v
            };
            ws.write_formula_with_format(
                row,
                *col,
                Formula::new(format!("={}", text(from + 1))).set_result(saved(saved_value)),
                &money,
            )?;
        }
    }
    // Sisa on the typed row reads the typed figure, as Excel would.
    if planted {
        let (r, _) = typed_at;
        let v = value[&(r, 2)] - value[&(r, 19)];
        value.insert((r, 20), v);
        ws.write_formula_with_format(
            r,
            20,
            Formula::new(format!("=C{0}-T{0}", r + 1)).set_result(saved(v)),
            &money,
        )?;
    }
    ws.write_string_with_format(top, 1, "JUMLAH", &h)?;
    for col in 2..=20u16 {
        // Computed from the true values: the stale cell's right figure.
        let total: Decimal = (first..=last).map(|r| value[&(r, col)]).sum();
        let text = format!("=SUM({}:{})", a1(first, col), a1(last, col));
        ws.write_formula_with_format(
            top,
            col,
            Formula::new(text).set_result(saved(total)),
            &money,
        )?;
    }
    wb.save(path)?;
    Ok(())
}

/// A formula's value as a spreadsheet saves it: ten decimals (a figure under 1
/// to fifteen significant digits, as a double keeps it).
fn saved(v: Decimal) -> String {
    let v = if v.abs() < Decimal::ONE {
        v.round_sf(15).unwrap_or(v)
    } else {
        v.round_dp(10)
    };
    v.normalize().to_string()
}

/// `1.02 BIDANG URUSAN KESEHATAN` as `1.02 Bidang urusan kesehatan`.
fn sentence_case(name: &str) -> String {
    let lower = name.to_lowercase();
    let mut out = String::new();
    let mut first = true;
    for c in lower.chars() {
        if first && c.is_alphabetic() {
            out.extend(c.to_uppercase());
            first = false;
        } else {
            out.push(c);
        }
    }
    out
}

fn to_f64(v: Decimal) -> f64 {
    v.round_dp(10).to_string().parse().unwrap_or(0.0)
}

fn header(ws: &mut Worksheet) -> Res {
    let h = Format::new().set_bold().set_text_wrap();
    ws.write_string_with_format(
        0,
        0,
        "EVALUASI TERHADAP HASIL RENJA PERANGKAT DAERAH TRIWULAN IV TAHUN 2025",
        &h,
    )?;
    ws.merge_range(2, 0, 4, 0, "No", &h)?;
    ws.merge_range(
        2,
        1,
        4,
        1,
        "Urusan/Bidang Urusan/Program/Kegiatan/Sub Kegiatan",
        &h,
    )?;
    ws.merge_range(2, 2, 4, 2, "Indikator Kinerja", &h)?;
    ws.merge_range(2, 3, 3, 4, "Target Renja Tahun 2025", &h)?;
    ws.merge_range(2, 5, 2, 12, "Realisasi Kinerja Pada Triwulan", &h)?;
    for (q, name) in ["I", "II", "III", "IV"].iter().enumerate() {
        let c = 5 + 2 * q as u16;
        ws.merge_range(3, c, 3, c + 1, name, &h)?;
    }
    ws.merge_range(
        2,
        13,
        3,
        14,
        "Realisasi Capaian Kinerja dan Anggaran Renja yang Dievaluasi",
        &h,
    )?;
    ws.merge_range(
        2,
        15,
        3,
        16,
        "Tingkat Capaian Kinerja dan Realisasi Anggaran Renja (%)",
        &h,
    )?;
    for c in 3..=16u16 {
        ws.write_string_with_format(4, c, if c % 2 == 1 { "K" } else { "Rp" }, &h)?;
    }
    let numbers = [
        "1",
        "2",
        "3",
        "4",
        "",
        "5",
        "",
        "6",
        "",
        "7",
        "",
        "8",
        "",
        "9 = 5+6+7+8",
        "",
        "10 = 9/4 x 100",
        "",
    ];
    for (c, n) in numbers.iter().enumerate() {
        if !n.is_empty() {
            ws.write_string_with_format(5, c as u16, *n, &h)?;
        }
    }
    ws.set_column_width(1, 60)?;
    Ok(())
}

fn main() -> Res {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/formulas");
    std::fs::create_dir_all(&dir)?;
    let nodes = tree();
    let (mut sheet, end) = clean(&nodes);
    let closing_row = end + 1;
    let clean_sheet = {
        let mut s = sheet.clone();
        closing(&mut s, &nodes, closing_row, false);
        s
    };
    let clean_file = |name: &str, typed: bool, plain_bidang: bool| {
        write(
            &dir.join(name),
            &nodes,
            &clean_sheet,
            end,
            typed,
            plain_bidang,
        )
    };
    clean_file("renja-rumus-clean.xlsx", false, false)?;
    clean_file("renja-rumus-typed.xlsx", true, false)?;
    clean_file("renja-rumus-bidang-biasa.xlsx", false, true)?;
    // Every sub kegiatan's capaian K divides the year's K by the target Rp (the
    // column slipped by one when the first was written, then copied down).
    let mut slipped = clean_sheet.clone();
    for (i, _) in nodes.iter().enumerate().filter(|(_, n)| n.level == 4) {
        let r = FIRST + i as u32;
        capaian(&mut slipped, r, CAP_K, YEAR_K, TARGET_RP, r);
    }
    write(
        &dir.join("renja-rumus-bagi.xlsx"),
        &nodes,
        &slipped,
        end,
        false,
        false,
    )?;
    sheet = planted(sheet, &nodes, closing_row);
    write(
        &dir.join("renja-rumus-planted.xlsx"),
        &nodes,
        &sheet,
        end,
        false,
        false,
    )?;
    numbered_table(&dir.join("jumlah-nomor-clean.xlsx"), Numbered::Clean)?;
    numbered_table(&dir.join("jumlah-nomor-planted.xlsx"), Numbered::Planted)?;
    numbered_table(&dir.join("jumlah-nomor-halaman.xlsx"), Numbered::NewPage)?;
    quarters_table(
        &dir.join("triwulan-persen-clean.xlsx"),
        Percents::Copied { planted: false },
    )?;
    quarters_table(
        &dir.join("triwulan-persen-planted.xlsx"),
        Percents::Copied { planted: true },
    )?;
    quarters_table(
        &dir.join("triwulan-persen-tangan-clean.xlsx"),
        Percents::ByHand { planted: false },
    )?;
    quarters_table(
        &dir.join("triwulan-persen-tangan-planted.xlsx"),
        Percents::ByHand { planted: true },
    )?;
    cash_table(&dir.join("anggaran-kas-clean.xlsx"), false)?;
    cash_table(&dir.join("anggaran-kas-planted.xlsx"), true)?;
    resume_table(&dir.join("resume-kke-clean.xlsx"), false)?;
    subtotal_table(&dir.join("subtotal-diketik-clean.xlsx"), false)?;
    pagu_text_table(&dir.join("pagu-teks-clean.xlsx"), false)?;
    pagu_text_table(&dir.join("pagu-teks-planted.xlsx"), true)?;
    subtotal_table(&dir.join("subtotal-diketik-planted.xlsx"), true)?;
    resume_table(&dir.join("resume-kke-planted.xlsx"), true)?;
    let mut readme = String::from(
        "# Formula fixtures (made by `cargo run --example make_formula_fixtures`)\n\n\
         A Renja evaluation form (Permendagri 86/2017) of five levels without kode, formulas \
         throughout. `renja-rumus-clean.xlsx` is right; `renja-rumus-typed.xlsx` is the same \
         table pasted as values; `renja-rumus-bidang-biasa.xlsx` is the clean table with its \
         bidang typed in ordinary case (a heading only by its formula); \
         `renja-rumus-bagi.xlsx` is the clean table whose capaian K (P11 … P31) divides the \
         year's K by the target Rp (`=N11/E11*100`, copied down): one `unit-mix`, at P11; \
         `jumlah-nomor-clean.xlsx` is a table of programs whose numbering row (1 … 5) and \
         No column are typed as numbers, its JUMLAH =SUM(C5:C10); in \
         `jumlah-nomor-planted.xlsx` the JUMLAH's Anggaran reads =SUM(C4:C10), the numbering \
         row's 3 added (`adds-numbering`, C11 → =SUM(C5:C10)); `jumlah-nomor-halaman.xlsx` \
         repeats the header and its numbering row after the third program (a new page), \
         and its JUMLAH =SUM(C5:C12), =SUM(D5:D12) add the repeated 3 and 4 (`adds-numbering` \
         at C13 and D13, split around it). `triwulan-persen-clean.xlsx` has each triwulan's Rp \
         and its % of the pagu (=D5/$C5*100, =F5/$C5*100, …); in `triwulan-persen-planted.xlsx` \
         the TW IV % reads TW III's Rp (=H5/$C5*100) all the way down (`formula-shape` across \
         the row, at K5, down to K11 → =J5/$C5*100). `triwulan-persen-tangan-clean.xlsx` types \
         each quarter's % by hand, the pagu without `$` (=D5/C5*100, =F5/C5*100, …); in \
         `triwulan-persen-tangan-planted.xlsx` the TW III % divides by TW I's Rp \
         (=H5/D5*100) all the way down (`formula-shape` across the row, at I5, down to I11 → \
         =H5/C5*100). `anggaran-kas-clean.xlsx` is an \
         anggaran kas (RAK) of eight rekening, its quarters, Jumlah and Sisa formulas copied \
         down under a JUMLAH; in `anggaran-kas-planted.xlsx` the last rekening's Jumlah is \
         typed 63.000 off (`typed-over-formula` at T13 → =G13+K13+O13+S13), the first \
         rekening's TW III reads the row below (O6 =SUM(L7:N7), corrected to =SUM(L6:N6) \
         with the table's `sum-mismatch` there) and TW I of the \
         honorarium (G9) was saved 70.000 above its months (`stale-value` at G9 only: the \
         JUMLAH and the row's Jumlah that read it are its consequences). `resume-kke-clean.xlsx` \
         is a KKE resume whose komponen add the sub-komponen below them and whose Nilai \
         Akuntabilitas Kinerja at the bottom adds the komponen; in `resume-kke-planted.xlsx` \
         the bobot's total adds the whole column (`sum-range` at D20 → =SUM(D4,D8,D12,D16)). \
         `subtotal-diketik-clean.xlsx` lists two programs' kegiatan (Realisasi, % and Sisa \
         formulas copied down) under program rows and over a JUMLAH that type their Pagu and \
         Realisasi and leave the quarters blank (subtotals, not rows typed over); in \
         `subtotal-diketik-planted.xlsx` one kegiatan's Realisasi is typed 50.000 over its \
         quarters (`typed-over-formula` at H13 → =SUM(D13:G13)). `pagu-teks-clean.xlsx` is a \
         pagu per OPD under an unlabelled total row of SUMs; in `pagu-teks-planted.xlsx` \
         Puskesmas Namlea's pagu is the text '3.531.134.886,00' and the total, as saved, \
         passes over it (`sum-skips-text` at B8). \
         `renja-rumus-planted.xlsx` holds one mistake of each kind:\n\n\
         | code | where and what |\n|---|---|\n",
    );
    for (code, what) in PLANTED {
        readme.push_str(&format!("| `{code}` | {what} |\n"));
    }
    std::fs::write(dir.join("README.md"), readme)?;
    Ok(())
}
